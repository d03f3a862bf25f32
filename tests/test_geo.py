"""Event geolocation: the gazetteer, place versus government readings, clause/sentence/article precision,
the record and store columns, and an accuracy floor on the annotated place mentions."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest
from conftest import shared_file

from eventwire.actors.kb import Entry, load_kb
from eventwire.coding.coder import Coder, CodingOptions
from eventwire.evaluate import score_mentions
from eventwire.geo import load_gazetteer, locate_events, place_key
from eventwire.models import Article
from eventwire.records import FLAT_COLUMNS, event_record, flatten, nest
from eventwire.store import _COLUMN_TYPES, Store
from eventwire.vocab import WORDS_DIR, word_classes, words

PLACES = Path(__file__).parent / "data" / "places.csv"
LOCATION_COLUMNS = (
    "location_text",
    "location_name",
    "location_country",
    "location_admin1",
    "location_lat",
    "location_lon",
    "location_feature",
    "location_geonameid",
    "location_precision",
)


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def located(coder, text: str, published: date = date(2019, 3, 1)):
    events = coder.code_article(Article("geo-test", text, published))
    assert events, f"the coder found no event in: {text}"
    return events


# --- gazetteer --------------------------------------------------------------------------------------


def test_place_key_folds_diacritics_punctuation_and_the():
    assert place_key("\u2018Afr\u012bn") == place_key("Afrin") == "afrin"
    assert place_key("Deir ez-Zor") == "deir ez zor"
    assert place_key("the United States") == "united states"


def test_candidates_come_from_names_and_alternate_names(gazetteer):
    raqqa = gazetteer.candidates("Raqqa")  # GeoNames calls it "Ar Raqqah"
    assert [p.country for p in raqqa] == ["SYR"] and raqqa[0].feature == "city"
    assert any(p.country == "UKR" for p in gazetteer.candidates("Kiev"))
    assert gazetteer.candidates("Qamishli")[0].name.endswith("mishl\u012b")  # found without its "Al"


def test_countries_regions_and_seats_of_government(gazetteer):
    (us,) = gazetteer.candidates("the United States")
    assert (us.feature, us.country) == ("country", "USA")
    assert -90 <= us.lat <= 90 and -180 <= us.lon <= 180
    (kremlin,) = gazetteer.candidates("Kremlin")
    assert kremlin.name == "Moscow" and kremlin.stands_for_government("kremlin")
    assert {p.feature for p in gazetteer.candidates("Golan Heights")} == {"region"}
    texas = [p for p in gazetteer.candidates("Texas") if p.feature == "region"]
    assert texas and texas[0].admin1 == "US.TX"


def test_spelling_variants_are_searched_only_within_given_countries(gazetteer):
    assert gazetteer.candidates("Deir Ezzor") == []
    assert [p.name for p in gazetteer.similar("Deir Ezzor", ["SYR"])] == ["Deir ez-Zor"]
    assert gazetteer.similar("Deir Ezzor", ["FRA"]) == []


# --- word classes and the knowledge base ---------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["geo_", "actor_", "date_"])
def test_word_classes_of_geo_actors_and_dates_load_and_are_not_empty(prefix):
    home = {"geo_": "geo.csv", "actor_": "actors.csv", "date_": "dates.csv"}[prefix]
    with (WORDS_DIR / home).open(encoding="utf-8") as handle:
        named = {row["class"] for row in csv.DictReader(handle)}
    assert named and all(name.startswith(prefix) for name in named)
    assert all(words(name) for name in named)
    assert {name for name in word_classes() if name.startswith(prefix)} == named


def test_geo_word_classes_hold_the_words_the_rules_test():
    assert {"in", "near", "throughout"} <= words("geo_locative")
    assert {"province", "canton"} <= words("geo_region_words") and "town" in words("geo_place_nouns")
    assert {"north-east", "southwestern"} <= words("geo_directions")
    assert {"GPE", "LOC", "FAC"} == words("geo_place_labels")
    assert {"january", "sunday", "parliament"} <= words("geo_not_places")


@pytest.fixture(scope="module")
def ruritania_kb():
    """The shipped knowledge base plus a country name it does not know ("Ruritania", for Syria)."""
    shipped = load_kb()
    kb = replace(shipped, names=dict(shipped.names), folded=dict(shipped.folded))
    kb.add("Ruritania", Entry("Syria", "SYR", "", "country"))
    return kb


def test_a_gazetteer_built_from_a_knowledge_base_knows_its_names(gazetteer, ruritania_kb):
    built = load_gazetteer(kb=ruritania_kb)
    assert gazetteer.candidates("Ruritania") == []
    (place,) = built.candidates("Ruritania")
    assert (place.feature, place.country) == ("country", "SYR")
    assert built is not gazetteer and len(built) == len(gazetteer) + 1


def test_locate_events_uses_the_knowledge_base_it_is_given(coder, ruritania_kb):
    text = "Turkish troops shelled villages in Ruritania on Sunday."
    events = located(coder, text)
    assert all(event.location is None for event in events)  # the shipped knowledge base knows no Ruritania
    docs = [(coder.nlp(text), 0)]
    placed = locate_events(events, docs, text, kb=ruritania_kb)
    assert {(e.location.text, e.location.country, e.location.feature) for e in placed} == {
        ("Ruritania", "SYR", "country")
    }
    assert locate_events(events, docs, text) == events


# --- events ----------------------------------------------------------------------------------------


def test_clause_place_of_an_event(coder):
    (event,) = located(coder, "Turkish troops shelled villages around Afrin on Sunday.")
    location = event.location
    assert (location.text, location.country, location.feature, location.precision) == (
        "Afrin",
        "SYR",
        "city",
        "clause",
    )
    assert location.geonameid and 36.0 < location.lat < 37.0 and 36.0 < location.lon < 37.5


@pytest.mark.parametrize(("text", "field", "expected"), [
    # a capital used as a place is a place
    ("The Kazakh foreign ministry summoned the Russian ambassador in Astana on Monday.", "name",
     ("Astana", "KAZ", "clause")),
    # the article's place when the sentence has none
    ("Thousands of people live in Raqqa. Turkey condemned the United States on Friday.", "text",
     ("Raqqa", "SYR", "article")),
    # the place a wire story was filed from, before the article's most named place
    ("ANKARA (Reuters) - Thousands of people live in Raqqa. Turkey condemned the United States on Friday.",
     "text", ("Ankara", "TUR", "dateline")),
    # a dateline's region settles its namesakes
    ("SALISBURY, Maryland (AP) - Police arrested three protesters on Monday.", "name",
     ("Salisbury", "USA", "dateline")),
])
def test_the_place_and_where_it_was_found(coder, text, field, expected):
    events = located(coder, text)
    assert {(getattr(e.location, field), e.location.country, e.location.precision) for e in events} == {expected}


def test_capitals_standing_for_governments_give_no_place(coder):
    events = located(coder, "Moscow condemned Kyiv on Tuesday.")
    assert all(event.location is None for event in events)


def test_container_decides_between_namesakes(coder):
    (british,) = located(coder, "Police arrested three protesters in Salisbury on Monday.")
    (american,) = located(coder, "Police arrested three protesters in Salisbury, Maryland, on Monday.")
    assert british.location.country == "GBR"
    assert (american.location.country, american.location.admin1) == ("USA", "US.MD")


def test_the_town_of_x(coder):
    events = located(coder, "A court in the town of Kilis sentenced the Australian man to seven years.")
    assert {(e.location.name, e.location.country) for e in events} == {("Kilis", "TUR")}


def test_geolocation_can_be_switched_off():
    coder = Coder(options=CodingOptions(geolocate=False))
    events = located(coder, "Turkish troops shelled villages around Afrin on Sunday.")
    assert all(event.location is None for event in events)


# --- records and store -----------------------------------------------------------------------------


def test_location_in_the_nested_and_flat_records(coder):
    (event,) = located(coder, "Turkish troops shelled villages around Afrin on Sunday.")
    record = event_record(event)
    assert record["location"]["country"] == "SYR" and record["location"]["precision"] == "clause"
    row = flatten(record)
    assert set(LOCATION_COLUMNS) <= set(FLAT_COLUMNS)
    assert row["location_country"] == "SYR" and isinstance(row["location_lat"], float)
    assert nest(row)["location"] == record["location"]
    assert nest({**row, **dict.fromkeys(LOCATION_COLUMNS)})["location"] is None


def test_store_round_trip_and_old_databases_get_the_columns(coder, tmp_path):
    path = tmp_path / "old.duckdb"
    old_columns = [c for c in FLAT_COLUMNS if not c.startswith("location_")]
    columns = [
        f"{c} {_COLUMN_TYPES.get(c, 'VARCHAR')}" + (" PRIMARY KEY" if c == "id" else "") for c in old_columns
    ]
    con = duckdb.connect(str(path))  # the events table as written before locations existed
    con.execute(
        f"CREATE TABLE events ({', '.join(columns)}); CREATE INDEX events_article ON events(article_id)"
    )
    con.close()
    article = Article(
        "geo-store", "Turkish troops shelled villages around Afrin on Sunday.", date(2019, 3, 1)
    )
    events = coder.code_article(article)
    with Store(path) as store:
        store.write_batch([(article, events)])
        (row,) = store.event_rows_for(["geo-store"])
        types = dict(
            store.con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'events'"
            ).fetchall()
        )
    assert row["location_country"] == "SYR" and row["location_precision"] == "clause"
    assert types["location_lat"] == "DOUBLE" and types["location_geonameid"] == "INTEGER"


# --- accuracy on the annotated mentions --------------------------------------------------------------


def test_place_mention_set_is_well_formed():
    rows = list(csv.DictReader(PLACES.open(encoding="utf-8")))
    assert len(rows) >= 150
    assert {row["use"] for row in rows} == {"place", "government"}
    assert all(
        len(row["expected_country"]) == 3 and row["mention"] in row["sentence_snippet"] for row in rows
    )


def test_accuracy_floor_on_annotated_mentions(coder, gazetteer):
    """Guards against breakage; measured values (benchmarks/geo.py) are well above these floors."""
    guardian = shared_file("ngec/guardian_sample.csv")
    seed = shared_file("examples/seed_article.txt")
    texts = {row[""]: row["text"] for row in csv.DictReader(guardian.open(encoding="utf-8"))}
    texts["seed_article"] = seed.read_text(encoding="utf-8")
    rows = list(csv.DictReader(PLACES.open(encoding="utf-8")))
    places = score_mentions(rows, texts, coder.nlp, gazetteer, uses=("place",))
    governments = score_mentions(rows, texts, coder.nlp, gazetteer, uses=("government",))
    assert places.rows >= 150
    assert places.rate("country") >= 0.85, places.misses
    assert places.rate("place") >= 0.8, places.misses
    assert places.rate("use") >= 0.85, places.misses
    assert governments.rate("use") >= 0.8, governments.misses
