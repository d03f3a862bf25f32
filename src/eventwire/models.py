"""Plain data passed between pipeline stages: Article, Actor, Evidence, Location, Event.

All five are frozen: a stage never changes what it is handed, it returns new values
(`dataclasses.replace`). An Event's `id` is derived from its fields when it is made, so an event
rebuilt with other actors (placed.py) has the id of its final dyad."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date

from unidecode import unidecode

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
SECTORS = (
    "GOV", "MIL", "COP", "JUD", "LEG", "ELI", "PTY", "OPP", "REB", "UAF", "SPY", "CRM", "CVL",
    "BUS", "MED", "EDU", "HLH", "REF", "HRI", "LAB", "REL", "IGO", "NGO",
)


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    published: date
    title: str = ""
    url: str = ""
    source: str = ""
    origin: str = ""  # where it was read from, e.g. "file.jsonl:12", for messages


@dataclass(frozen=True)
class Actor:
    text: str
    name: str
    id: str
    country: str = ""
    sector: str = ""
    role: str = ""  # the role the text or the knowledge base gives: "ambassador", "head of state"
    resolved_by: str = ""  # where country and sector came from: kb, text, dictionary or registry

    @classmethod
    def make(cls, text: str, name: str, country: str = "", sector: str = "", individual: bool = False,
             role: str = "", resolved_by: str = "") -> Actor:
        return cls(text, name, actor_id(country, sector, name, individual), country, sector, role, resolved_by)

    @property
    def individual(self) -> bool:
        """A person, or words the tables could not place: the id is a name slug (`UKR-PETRO_VRUBLEVSKIY`)."""
        return "-" in self.id

    def of_country(self, country: str, **changes) -> Actor:
        """The same actor as one of another country, with a new id (a person stays a person)."""
        fields = {"text": self.text, "name": self.name, "sector": self.sector, "role": self.role,
                  "resolved_by": self.resolved_by, **changes}
        return Actor.make(country=country, individual=self.individual, **fields)


UNKNOWN_ACTOR_ID = "UNK"  # the source of an event whose doer the text does not name


def actor_id(country: str, sector: str, name: str, individual: bool = False) -> str:
    """Stable id: CAMEO-style country+sector codes for collective actors, a name slug for individuals."""
    if (country or sector) and not individual:
        return "".join(code for code in (country, sector) if code)
    slug = "_".join("".join(ch if ch.isalnum() else " " for ch in unidecode(name).upper()).split())
    return f"{country or 'X'}-{slug}"


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Location:
    """Where an event happened: the place mention and its gazetteer entry (geo.py)."""

    text: str  # the mention as written
    name: str
    country: str  # ISO 3166 alpha-3
    admin1: str  # GeoNames admin1 key, "TR.79"; "" for countries
    lat: float
    lon: float
    feature: str  # "city", "region" or "country"
    geonameid: int | None
    precision: str  # "clause", "sentence" or "article": where the place was found


@dataclass(frozen=True)
class Event:
    article_id: str
    sentence: int
    date: str
    date_text: str
    published: str
    event_type: str
    mode: str | None
    cameo: str
    goldstein: float
    quad_class: int
    source: Actor
    target: Actor | None
    evidence: Evidence
    trigger: str = ""
    trigger_start: int = -1
    trigger_end: int = -1
    negated: bool = False
    hypothetical: bool = False
    reported_by: Actor | None = None
    confidence: float = 0.5
    location: Location | None = None
    id: str = field(default="")  # always event_id(self): a given value is replaced, `replace` recomputes it

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", event_id(self))

    def to_dict(self) -> dict:
        return asdict(self)


def event_id(event: Event) -> str:
    key = "|".join(
        str(part)
        for part in (
            event.article_id, event.sentence, event.event_type, event.cameo,
            event.source.id, event.target.id if event.target else "",
            event.trigger_start,
        )
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
