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
    """One actor mention. `id` is who the actor is (`RUS`, `RUSMIL`, `NATO`, `TUR-RECEP_TAYYIP_ERDOGAN`);
    `code` is the CAMEO-style actor code the field's tools read (`RUS`, `RUSMIL`, `IGOWSTNAT`, `TURGOV`):
    many actors share a code, none shares an id."""

    text: str
    name: str
    id: str
    country: str = ""
    sector: str = ""
    role: str = ""  # the role the text or the knowledge base gives: "ambassador", "head of state"
    resolved_by: str = ""  # where country and sector came from: kb, text, dictionary or registry
    code: str = ""

    @classmethod
    def make(cls, text: str, name: str, country: str = "", sector: str = "", individual: bool = False,
             role: str = "", resolved_by: str = "", identity: str = "", code: str = "") -> Actor:
        """An actor of a country and sector: a state or state organ (its code is its id), a person
        (`individual`: a name slug), or a named organisation (`identity`: the knowledge base's id)."""
        actor_code = code or country + sector
        return cls(text, name, identity or actor_id(country, sector, name, individual), country, sector, role,
                   resolved_by, actor_code)

    @property
    def individual(self) -> bool:
        """A person, or words the tables could not place: the id is a name slug (`UKR-PETRO_VRUBLEVSKIY`)."""
        return "-" in self.id

    @property
    def organisation(self) -> bool:
        """A named organisation: an id of its own, neither a name slug nor its country and sector."""
        return not self.individual and self.id not in (self.country + self.sector, UNKNOWN_ACTOR_ID)

    def same_party(self, other: Actor) -> bool:
        """The same actor, or an organisation and an unnamed actor of its kind, which the coder takes
        for its own people ("the IAEA dispatched inspectors": the inspectors are the IAEA's)."""
        if self.id == other.id:
            return True
        return (self.organisation and other.id == self.country + self.sector) or (
            other.organisation and self.id == other.country + other.sector)

    def of_country(self, country: str, **changes) -> Actor:
        """The same actor as one of another country: a state organ or an unlisted person gets the new
        country's id, a named organisation or a listed person keeps its own (its code follows the country)."""
        fields = {"text": self.text, "name": self.name, "sector": self.sector, "role": self.role,
                  "resolved_by": self.resolved_by, **changes}
        listed_person = self.individual and self.resolved_by in LISTED_SOURCES
        identity = self.id if self.organisation or listed_person else ""
        return Actor.make(country=country, individual=self.individual, identity=identity, **fields)


LISTED_SOURCES = ("kb", "dictionary", "registry")  # resolved_by values of actors the tables name
UNKNOWN_ACTOR_ID = "UNK"  # the source of an event whose doer the text does not name


def actor_id(country: str, sector: str, name: str, individual: bool = False) -> str:
    """A state's or organ's id is its code (`RUS`, `RUSGOV`); a person's a name slug (`TUR-RECEP_TAYYIP_ERDOGAN`)."""
    if (country or sector) and not individual:
        return "".join(code for code in (country, sector) if code)
    return f"{country or 'X'}-{name_slug(name)}"


def name_slug(name: str) -> str:
    """`Recep Tayyip Erdoğan` -> `RECEP_TAYYIP_ERDOGAN`: transliterated, upper case, words joined by `_`."""
    return "_".join("".join(ch if ch.isalnum() else " " for ch in ascii_name(name).upper()).split())


def ascii_name(text: str) -> str:
    """A name in ASCII letters: unidecode, with the letters it gets wrong for names ("Əliyev" is Aliyev)."""
    return unidecode(text.translate(NAME_LETTERS))


NAME_LETTERS = str.maketrans({"\u018f": "A", "\u0259": "a"})  # Azerbaijani schwa: unidecode gives "@"


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
    precision: str  # "clause", "sentence", "dateline" or "article" (its most named place): where it was found


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
