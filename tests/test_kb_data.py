"""Consistency checks for the knowledge-base tables in src/eventwire/data."""

import csv
import re
from collections import Counter
from pathlib import Path

import pycountry
import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data"

SECTORS = {
    "GOV", "MIL", "COP", "JUD", "LEG", "ELI", "PTY", "OPP", "REB", "UAF", "SPY", "CRM",
    "CVL", "BUS", "MED", "EDU", "HLH", "REF", "HRI", "LAB", "REL", "IGO", "NGO",
}
EXTRA_CODES = {"XKX"}  # Kosovo: user-assigned code, not in ISO 3166-1
VALID_ISO3 = {c.alpha_3 for c in pycountry.countries} | EXTRA_CODES
COUNTRY_NAME_COLUMNS = ("name", "aliases", "adjectives", "capitals")


def load(filename):
    with open(DATA / filename, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def split(field):
    return [v for v in field.split("|") if v]


def normalize(name):
    """The resolver strips a leading 'the', so 'the Kremlin' and 'Kremlin' are the same key."""
    for article in ("the ", "The "):
        if name.startswith(article):
            return name[len(article):]
    return name


def country_names(row):
    return [normalize(v) for col in COUNTRY_NAME_COLUMNS for v in split(row[col])]


def org_names(row):
    return [normalize(v) for v in [row["name"], *split(row["aliases"])]]


@pytest.fixture(scope="module")
def countries():
    return load("countries.csv")


@pytest.fixture(scope="module")
def orgs():
    return load("orgs.csv")


@pytest.fixture(scope="module")
def sectors():
    return load("sectors.csv")


@pytest.fixture(scope="module")
def country_lookup(countries):
    return {name: row["iso3"] for row in countries for name in country_names(row)}


@pytest.fixture(scope="module")
def org_lookup(orgs):
    return {name: row for row in orgs for name in org_names(row)}


@pytest.fixture(scope="module")
def sector_lookup(sectors):
    return {row["term"]: row["sector"] for row in sectors}


# --- structure -----------------------------------------------------------


def test_headers():
    for filename, header in [
        ("countries.csv", ["iso3", "name", "aliases", "adjectives", "capitals"]),
        ("orgs.csv", ["id", "name", "aliases", "country", "sector", "code"]),
        ("sectors.csv", ["term", "sector"]),
    ]:
        with open(DATA / filename, encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == header, filename


def test_no_blank_or_padded_values(countries, orgs, sectors):
    for row in countries:
        assert row["name"], row
        for name in country_names(row):
            assert name and name == name.strip(), (row["iso3"], name)
    for row in orgs:
        for name in org_names(row):
            assert name and name == name.strip(), (row["name"], name)
    for row in sectors:
        assert row["term"] and row["term"] == row["term"].strip()


# --- countries.csv --------------------------------------------------------


def test_country_codes_are_valid_and_unique(countries):
    codes = [row["iso3"] for row in countries]
    assert set(codes) <= VALID_ISO3, set(codes) - VALID_ISO3
    assert [c for c, n in Counter(codes).items() if n > 1] == []


def test_every_iso_country_present(countries):
    codes = {row["iso3"] for row in countries}
    assert VALID_ISO3 - codes == set()


def test_country_names_unique_across_table(countries):
    counts = Counter(name for row in countries for name in country_names(row))
    assert [name for name, n in counts.items() if n > 1] == []


@pytest.mark.parametrize(
    "name, iso3",
    [
        ("Kazakh", "KAZ"),
        ("Kazakhstan", "KAZ"),
        ("Emirati", "ARE"),
        ("Kremlin", "RUS"),
        ("Russian", "RUS"),
        ("Astana", "KAZ"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("White House", "USA"),
        ("U.S.", "USA"),
        ("Downing Street", "GBR"),
        ("Britain", "GBR"),
        ("Burma", "MMR"),
        ("Ivory Coast", "CIV"),
        ("Türkiye", "TUR"),
        ("DPRK", "PRK"),
        ("Gaza", "PSE"),
        ("Ramallah", "PSE"),
        ("Jerusalem", "ISR"),
        ("Pristina", "XKX"),
        ("Filipino", "PHL"),
    ],
)
def test_country_examples(country_lookup, name, iso3):
    assert country_lookup.get(name) == iso3


# --- orgs.csv -------------------------------------------------------------


def test_org_countries_and_sectors_valid(orgs):
    for row in orgs:
        assert row["country"] == "" or row["country"] in VALID_ISO3, row
        assert row["sector"] in SECTORS, row


def test_org_names_unique(orgs):
    counts = Counter(name for row in orgs for name in org_names(row))
    assert [name for name, n in counts.items() if n > 1] == []


def test_org_ids_unique_and_never_a_state_or_organ_code(orgs, countries):
    """An organisation's id is its own: no two rows share one, and none reads as a country + sector
    code (those are the ids of states and state organs), except a row that is the organ itself."""
    ids = [row["id"] for row in orgs]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert all(re.fullmatch(r"[A-Z0-9_]+", i) for i in ids), "ids are upper-case words joined by _"
    state_codes = {row["iso3"] + sector for row in countries for sector in ("", *SECTORS)} | SECTORS
    organs = [row for row in orgs if row["id"] in state_codes]
    assert [(r["id"], r["country"] + r["sector"]) for r in organs if r["id"] != r["country"] + r["sector"]] == []


def test_org_codes_begin_with_their_country_or_sector(orgs):
    """A CAMEO-style code of a country's organisation starts with its country and sector; of an
    international one with its sector or CAMEO's prefix for transnational groups (IMG: militarised)."""
    for row in orgs:
        if row["code"]:
            assert re.fullmatch(r"([A-Z]{3})+", row["code"]), row
            starts = (row["country"] + row["sector"],) if row["country"] else (row["sector"], "IMG")
            assert row["code"].startswith(starts), row


def test_org_names_do_not_shadow_country_names(orgs, country_lookup):
    clashes = [name for row in orgs for name in org_names(row) if name in country_lookup]
    assert clashes == []


def test_org_table_size(orgs):
    assert len(orgs) >= 150


@pytest.mark.parametrize(
    "name, country, sector",
    [
        ("NATO", "", "IGO"),
        ("UN", "", "IGO"),
        ("IMF", "", "IGO"),
        ("Amnesty International", "", "NGO"),
        ("Taliban", "AFG", "REB"),
        ("Hamas", "PSE", "REB"),
        ("Wagner Group", "RUS", "UAF"),
        ("Sinaloa Cartel", "MEX", "CRM"),
        ("United Russia", "RUS", "PTY"),
        ("Pentagon", "USA", "MIL"),
        ("FSB", "RUS", "SPY"),
        ("Knesset", "ISR", "LEG"),
    ],
)
def test_org_examples(org_lookup, name, country, sector):
    row = org_lookup[name]
    assert (row["country"], row["sector"]) == (country, sector)


# --- sectors.csv ----------------------------------------------------------


def test_sector_terms_lowercase_unique_and_valid(sectors):
    terms = [row["term"] for row in sectors]
    assert [t for t, n in Counter(terms).items() if n > 1] == []
    assert [t for t in terms if t != t.lower()] == []
    assert {row["sector"] for row in sectors} <= SECTORS


def test_sector_table_size(sectors):
    assert len(sectors) >= 250


@pytest.mark.parametrize(
    "term, sector",
    [
        ("ambassador", "GOV"),
        ("foreign ministry", "GOV"),
        ("troops", "MIL"),
        ("riot police", "COP"),
        ("investigative committee", "JUD"),
        ("lawmakers", "LEG"),
        ("rebels", "REB"),
        ("mercenaries", "UAF"),
        ("bloggers", "MED"),
        ("citizens", "CVL"),
        ("students", "EDU"),
        ("refugees", "REF"),
        ("rights group", "HRI"),
        ("trade union", "LAB"),
        ("clergy", "REL"),
    ],
)
def test_sector_examples(sector_lookup, term, sector):
    assert sector_lookup.get(term) == sector
