"""Request and response bodies of the API (they make its OpenAPI document)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT = 100_000


class EventsPage(BaseModel):
    events: list[dict[str, Any]] = Field(description="event records, as `eventwire export` writes them")
    total: int = Field(description="events matching the filters, over all pages")


class ActorSummary(BaseModel):
    id: str = Field(description="the actor's identity: a state (RUS), state organ (RUSMIL), organisation (NATO) or person")
    name: str | None
    country: str | None
    sector: str | None
    code: str | None = Field(description="CAMEO-style actor code, shared by many actors (IGO, RUSMIL)")
    events: int
    as_source: int
    as_target: int
    first: str | None
    last: str | None


class ActorsPage(BaseModel):
    actors: list[ActorSummary]
    total: int


class ActorName(BaseModel):
    name: str | None
    text: str | None
    count: int


class ActorRole(BaseModel):
    role: str
    country: str | None
    sector: str | None
    code: str | None
    events: int
    first: str | None
    last: str | None


class ActorDetail(BaseModel):
    id: str
    name: str
    names: list[ActorName]
    codes: list[str] = Field(description="CAMEO-style codes the actor was coded with")
    roles: list[ActorRole] = Field(description="country and sector the actor acted in, per role, with dates")
    event_types: dict[str, dict[str, int]]


class DyadPeriod(BaseModel):
    period: str = Field(description="first day of the period")
    events: int
    goldstein: float = Field(description="summed Goldstein score")
    cooperation: int
    conflict: int
    by_type: dict[str, int]
    by_quad: dict[str, int]


class DyadSeries(BaseModel):
    source: str
    target: str
    interval: str
    periods: list[DyadPeriod]


class NetworkNode(BaseModel):
    id: str
    label: str
    country: str | None = None
    sector: str | None = None
    events: int
    x: float
    y: float


class NetworkEdge(BaseModel):
    source: str
    target: str
    events: int
    cooperation: int
    conflict: int
    goldstein: float
    balance: float = Field(description="(cooperation - conflict) / events, from -1 to 1")


class NetworkOut(BaseModel):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class LocationPoint(BaseModel):
    name: str | None
    country: str | None
    lat: float
    lon: float
    events: int
    cooperation: int
    conflict: int
    types: list[str]


class LocationsOut(BaseModel):
    locations: list[LocationPoint]


class ArticleOut(BaseModel):
    id: str
    published: str | None
    title: str | None
    url: str | None
    source: str | None
    text: str
    n_events: int | None
    events: list[dict[str, Any]]


class CodeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT, description="the article text")
    date: dt.date = Field(description="publication date, YYYY-MM-DD")
    id: str | None = Field(None, min_length=1, max_length=200, description="article id (default: hash of the text)")
    title: str = Field("", max_length=1000)
    store: bool = Field(False, description="store the article and its events (needs the server's token)")


class CodeResult(BaseModel):
    article_id: str
    published: str
    stored: bool
    events: list[dict[str, Any]]
