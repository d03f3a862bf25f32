"""The JSON API under /api: events, actors, dyads, network, locations, articles, and coding a text."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..analysis import EventFilter, actor_network, clean_text, dyad_series, parse_bbox
from ..models import Article
from ..records import event_record
from . import queries
from .guards import token_matches
from .queries import Database
from .schemas import (
    ActorDetail,
    ActorsPage,
    ArticleOut,
    CodeRequest,
    CodeResult,
    DyadSeries,
    EventsPage,
    LocationsOut,
    NetworkOut,
)

router = APIRouter(prefix="/api", tags=["api"])
bearer = HTTPBearer(auto_error=False, description="the server's token (--token or EVENTWIRE_TOKEN); "
                                                  "needed for POST /api/code with store=true")
NOT_FOUND = {404: {"description": "no such item"}}
MAX_OFFSET = 10**9


def database(request: Request) -> Database:
    return request.app.state.db


def _text(description: str, max_length: int = 200):
    return Annotated[str | None, Query(description=description, max_length=max_length)]


DB = Annotated[Database, Depends(database)]
Limit = Annotated[int, Query(ge=1, le=1000, description="events per page, 1 to 1000")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
From = Annotated[dt.date | None, Query(alias="from", description="events on or after this date")]
To = Annotated[dt.date | None, Query(alias="to", description="events on or before this date")]
ActorName = Annotated[str, Query(min_length=1, max_length=200, description="actor id, country code or name")]


def invalid(name: str, message: str, value: str) -> RequestValidationError:
    """A 422 shaped like FastAPI's own, for checks that span parameters or parse one."""
    return RequestValidationError([{"type": "value_error", "loc": ["query", name], "msg": message, "input": value}])


def event_filter(
    actor: _text("actor id, country code or name, as source or target") = None,
    source: _text("source actor id, country code or name") = None,
    target: _text("target actor id, country code or name") = None,
    type: _text("PLOVER event type, e.g. ACCUSE", 40) = None,
    start: From = None,
    end: To = None,
    q: _text("text in the evidence sentence") = None,
    country: _text("ISO 3166 alpha-3 country of the event's location", 3) = None,
    bbox: _text("minlon,minlat,maxlon,maxlat of the event's location") = None,
) -> EventFilter:
    if start and end and start > end:
        raise invalid("from", "'from' is after 'to'", start.isoformat())
    try:
        box = parse_bbox(bbox) if bbox is not None else None
    except ValueError as error:
        raise invalid("bbox", str(error), bbox) from None
    return EventFilter(actor=actor, source=source, target=target, event_type=type, start=start, end=end,
                       text=q, country=country, bbox=box)


Filters = Annotated[EventFilter, Depends(event_filter)]


@router.get("/events", response_model=EventsPage, summary="stored events, filtered, newest first")
def events(filters: Filters, db: DB, limit: Limit = 100, offset: Offset = 0):
    with db.cursor() as cursor:
        found, total = queries.list_events(db, cursor, filters, limit, offset)
    return {"events": found, "total": total}


@router.get("/actors", response_model=ActorsPage, summary="actors with their event counts")
def actors(db: DB, q: _text("id, country code or part of the name") = None, limit: Limit = 100,
           offset: Offset = 0):
    with db.cursor() as cursor:
        found, total = queries.list_actors(cursor, clean_text(q) if q else None, limit, offset)
    return {"actors": found, "total": total}


@router.get("/actors/{actor_id:path}", response_model=ActorDetail, responses=NOT_FOUND,
            summary="one actor: names seen, roles with dates, event types")
def actor(actor_id: str, db: DB):
    with db.cursor() as cursor:
        found = queries.actor_detail(cursor, clean_text(actor_id))
    if found is None:
        raise HTTPException(404, "no such actor")
    return found


@router.get("/dyads", response_model=DyadSeries, summary="events from source to target per period")
def dyads(source: ActorName, target: ActorName, db: DB, interval: Literal["day", "week", "month"] = "week",
          start: From = None, end: To = None):
    with db.cursor() as cursor:
        periods = dyad_series(cursor, source, target, interval, start, end, columns=db.columns)
    return {"source": source, "target": target, "interval": interval, "periods": periods}


@router.get("/network", response_model=NetworkOut, summary="actors and the event counts between them")
def network(filters: Filters, db: DB, max_nodes: Annotated[int, Query(ge=1, le=200)] = 40):
    with db.cursor() as cursor:
        return actor_network(cursor, filters, max_nodes, columns=db.columns).as_dict()


@router.get("/locations", response_model=LocationsOut, summary="places of the filtered events")
def locations(filters: Filters, db: DB, limit: Annotated[int, Query(ge=1, le=10000)] = 2000):
    with db.cursor() as cursor:
        return {"locations": queries.event_locations(db, cursor, filters, limit)}


@router.get("/articles/{article_id:path}", response_model=ArticleOut, responses=NOT_FOUND,
            summary="an article's text and its events with evidence offsets")
def article(article_id: str, db: DB):
    with db.cursor() as cursor:
        found = queries.article_with_events(db, cursor, clean_text(article_id))
    if found is None:
        raise HTTPException(404, "no such article")
    return found


@router.post("/code", response_model=CodeResult, summary="code a text; store it only with store=true",
             responses={401: {"description": "store=true without the right token"},
                        403: {"description": "store=true on a server started without a token"},
                        413: {"description": "request body over the limit"}})
def code(body: CodeRequest, request: Request,
         credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]):
    state = request.app.state
    if body.store:
        _check_token(state.token, credentials)
    text = clean_text(body.text)
    article_id = clean_text(body.id) if body.id else hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    article = Article(id=article_id, text=text, published=body.date, title=clean_text(body.title), source="api")
    with state.code_lock:
        found = _coder(state).code_article(article)
        if body.store:
            with state.db.write_lock:
                state.db.store.write_batch([(article, found)])
    return {"article_id": article_id, "published": body.date.isoformat(), "stored": body.store,
            "events": [event_record(event) for event in found]}


def _check_token(expected: str | None, credentials: HTTPAuthorizationCredentials | None) -> None:
    if not expected:
        raise HTTPException(403, "storing is disabled: start the server with --token or EVENTWIRE_TOKEN")
    if not token_matches(credentials.credentials if credentials else None, expected):
        raise HTTPException(401, "store=true needs the server's token: Authorization: Bearer TOKEN",
                            headers={"WWW-Authenticate": "Bearer"})


def _coder(state):
    """The app's Coder, loaded on first use (the spaCy model takes a few seconds)."""
    if state.coder is None:
        from ..coding.coder import Coder, CodingOptions
        from ..nlp import ModelMissing

        try:
            state.coder = Coder(options=CodingOptions(on_error="skip"))
        except ModelMissing as error:
            raise HTTPException(503, str(error)) from None
    return state.coder
