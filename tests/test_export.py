"""Exports of really coded, stored events: JSON lines, CSV, Parquet, PLOVER JSON and GDELT 2.0 rows."""

import csv
import io
import json
import math
import subprocess
import sys
from dataclasses import replace
from datetime import date

import duckdb
import pyarrow.parquet as pq
import pytest

from eventwire.evaluate import load_gold
from eventwire.export import (
    GDELT_COLUMNS,
    export_events,
    gdelt_fields,
    gdelt_geo,
    plover_context,
    write_parquet,
)
from eventwire.models import Article, Location
from eventwire.records import FLAT_COLUMNS, nest
from eventwire.schema import gdelt_day
from eventwire.store import Store

KILIS = Location(text="the town of Kilis", name="Kilis", country="TUR", admin1="TR.79", lat=36.71611, lon=37.115,
                 feature="city", geonameid=443189, precision="clause")
ARTICLES = [
    Article(id="kilis", published=date(2022, 10, 12), source="AP", url="https://example.org/kilis",
            title="Detentions in Kilis", text="Turkish police detained dozens of protesters in the town of Kilis on Tuesday."),
    Article(id="summons-1", published=date(2022, 10, 12), source="Reuters",
            text="Kazakhstan's foreign ministry summoned Russia's ambassador on Tuesday."),
    Article(id="summons-2", published=date(2022, 10, 12), source="AP",
            text="On Tuesday, the foreign ministry of Kazakhstan summoned the Russian ambassador in Astana."),
    Article(id="pledge", published=date(2022, 10, 12), text="Germany pledged humanitarian aid on Monday."),
    Article(id="month", published=date(2022, 10, 20),
            text="Earlier this month, Kazakhstan's foreign ministry summoned Russia's ambassador."),
]


@pytest.fixture(scope="module")
def db(coder, tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "events.duckdb"
    coded = [(article, [replace(e, location=KILIS) for e in events] if article.id == "kilis" else events)
             for article, events in coder.code_articles(ARTICLES)]  # KILIS: what the geolocator gives this clause
    with Store(path) as store:
        store.write_batch(coded)
        assert store.count("events") == 5, "precondition: the coder finds one event per article"
        assert stored_rows(store)["pledge"]["target_id"] is None, "precondition: an event with no target"
    return path


@pytest.fixture
def store(db):
    with Store(db) as opened:
        yield opened


def stored_rows(store) -> dict[str, dict]:
    return {row["article_id"]: row for row in store.iter_event_rows()}


def exported(store, fmt, tmp_path, dedupe=False) -> str:
    out = tmp_path / f"out.{fmt}"
    export_events(store, fmt, str(out), dedupe=dedupe)
    return out.read_text(encoding="utf-8")


def test_jsonl_export_is_the_stored_records(store, tmp_path):
    records = [json.loads(line) for line in exported(store, "jsonl", tmp_path).splitlines()]
    assert records == [nest(row) for row in store.iter_event_rows()]
    assert records[0]["location"]["name"] == "Kilis"


def test_csv_has_the_flat_columns_and_deduplicated_csv_the_report_columns(store, tmp_path):
    plain = list(csv.DictReader(io.StringIO(exported(store, "csv", tmp_path))))
    assert tuple(plain[0]) == FLAT_COLUMNS and len(plain) == 5
    merged = list(csv.DictReader(io.StringIO(exported(store, "csv", tmp_path, dedupe=True))))
    summons = next(row for row in merged if row["reports"] == "2")
    assert summons["article_ids"] == "summons-1|summons-2" and len(merged) == 4


def test_parquet_round_trips_through_duckdb_in_row_groups(store, tmp_path):
    path = tmp_path / "events.parquet"
    assert write_parquet(store.con, str(path), row_group_rows=2) == 5
    assert pq.ParquetFile(path).metadata.num_row_groups == math.ceil(5 / 2)
    columns = ", ".join(FLAT_COLUMNS)
    from_db = store.con.execute(f"SELECT {columns} FROM events ORDER BY id").fetchall()
    from_file = duckdb.connect().execute(f"SELECT {columns} FROM read_parquet('{path}') ORDER BY id").fetchall()
    assert from_file == from_db
    schema = pq.read_schema(path)
    assert str(schema.field("goldstein").type) == "double" and str(schema.field("negated").type) == "bool"
    assert not (tmp_path / "events.parquet.part").exists()


def test_deduplicated_parquet_has_article_id_lists(store, tmp_path):
    path = tmp_path / "merged.parquet"
    export_events(store, "parquet", str(path), dedupe=True)
    table = pq.read_table(path).to_pylist()
    assert sorted(row["article_ids"] for row in table) == [["kilis"], ["month"], ["pledge"], ["summons-1", "summons-2"]]
    assert {row["reports"] for row in table} == {1, 2}


def test_gdelt_column_list_follows_the_2_0_codebook():
    assert len(GDELT_COLUMNS) == 61 and len(set(GDELT_COLUMNS)) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS.index("IsRootEvent") == 25 and GDELT_COLUMNS.index("EventCode") == 26
    assert GDELT_COLUMNS.index("AvgTone") == 34 and GDELT_COLUMNS.index("ActionGeo_Type") == 51
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def gdelt_rows(text: str) -> list[dict]:
    lines = text.splitlines()
    assert all(len(line.split("\t")) == 61 for line in lines)
    return [dict(zip(GDELT_COLUMNS, line.split("\t"))) for line in lines]


def test_gdelt_rows_carry_what_eventwire_knows(store, tmp_path):
    rows = gdelt_rows(exported(store, "gdelt", tmp_path))
    events = stored_rows(store)
    assert len(rows) == 5 and len({row["GLOBALEVENTID"] for row in rows}) == 5
    for row in rows:
        event = events[row["SOURCEURL"].rsplit("/", 1)[-1]]
        assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == (
            event["cameo"], event["cameo"][:3], event["cameo"][:2])
        assert row["QuadClass"] == str(event["quad_class"]) and float(row["GoldsteinScale"]) == event["goldstein"]
        assert row["Actor1Code"] == event["source_country"] + event["source_sector"]
        assert row["Actor1CountryCode"] == event["source_country"] and row["Actor1Type1Code"] == event["source_sector"]
        assert row["GLOBALEVENTID"].isdigit() and len(row["DATEADDED"]) == 14
        assert row["AvgTone"] == "" and row["Actor1Geo_Type"] == ""
        assert row["Actor2CountryCode"] == (event["target_country"] or "")
        assert row["Actor2Code"] == ((event["target_country"] or "") + (event["target_sector"] or ""))
        placed = event["location_lat"] is not None
        assert row["ActionGeo_Lat"] == (f"{event['location_lat']:.4f}" if placed else "")
        assert (row["ActionGeo_Type"] != "") == placed
    kilis = rows[[r["SOURCEURL"] for r in rows].index("https://example.org/kilis")]
    assert (kilis["SQLDATE"], kilis["MonthYear"], kilis["Year"]) == ("20221011", "202210", "2022")
    assert kilis["Actor2CountryCode"] == "TUR" and kilis["IsRootEvent"] == "1"
    assert {k: kilis[f"ActionGeo_{k}"] for k in ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long",
                                                  "FeatureID")} == {
        "Type": "4", "FullName": "Kilis, Turkey", "CountryCode": "TU", "ADM1Code": "TU79",
        "Lat": "36.7161", "Long": "37.1150", "FeatureID": "443189"}
    pledge = next(r for r in rows if r["SOURCEURL"] == "pledge")
    assert pledge["Actor2Code"] == pledge["Actor2Name"] == pledge["Actor2Type1Code"] == ""
    month = next(r for r in rows if r["SOURCEURL"] == "month")
    assert month["SQLDATE"] == "20221020", "a month-precise date takes the publication day inside that month"


def test_deduplicated_gdelt_rows_count_the_articles(store, tmp_path):
    rows = gdelt_rows(exported(store, "gdelt", tmp_path, dedupe=True))
    counts = sorted((r["NumArticles"], r["NumMentions"], r["NumSources"]) for r in rows)
    assert counts == [("1", "1", "1")] * 3 + [("2", "2", "2")]


def test_gdelt_fields_never_carry_tabs_or_line_breaks(store):
    row = {**stored_rows(store)["summons-1"], "source_name": "Kazakhstan\tforeign\nministry"}
    fields = gdelt_fields(row)
    assert len(fields) == 61 and fields[GDELT_COLUMNS.index("Actor1Name")] == "KAZAKHSTAN FOREIGN MINISTRY"


@pytest.mark.parametrize("location, expected", [
    ({"name": "Portland", "country": "USA", "admin1": "US.OR", "lat": 45.52, "lon": -122.68, "feature": "city",
      "geonameid": 5746545}, ["3", "Portland, Oregon, United States", "US", "USOR", "", "45.5200", "-122.6800", "5746545"]),
    ({"name": "California", "country": "USA", "admin1": "US.CA", "lat": 37.25, "lon": -119.75, "feature": "region",
      "geonameid": 5332921}, ["2", "California, United States", "US", "USCA", "", "37.2500", "-119.7500", "USCA"]),
    ({"name": "Moscow Oblast", "country": "RUS", "admin1": "RU.47", "lat": 55.7, "lon": 37.5, "feature": "region",
      "geonameid": 524925}, ["5", "Moscow Oblast, Russia", "RS", "RS47", "", "55.7000", "37.5000", "RS47"]),
    ({"name": "Ukraine", "country": "UKR", "admin1": "", "lat": 49.0, "lon": 32.0, "feature": "country",
      "geonameid": 690791}, ["1", "Ukraine", "UP", "", "", "49.0000", "32.0000", "UP"]),
    (None, [""] * 8),
])
def test_gdelt_action_geo_types(location, expected):
    assert gdelt_geo(location) == expected


@pytest.mark.parametrize("event_date, published, expected", [
    ("2022-09-21", "2022-10-20", date(2022, 9, 21)),
    ("2022-10", "2022-10-20", date(2022, 10, 20)),
    ("2022-09", "2022-10-20", date(2022, 9, 1)),
    ("2021", "2022-10-20", date(2021, 1, 1)),
    ("", "2022-10-20", date(2022, 10, 20)),
])
def test_event_day_for_gdelt_dates(event_date, published, expected):
    assert gdelt_day(event_date, published) == expected


def test_plover_export_reads_back_as_plover_records(store, tmp_path):
    text = exported(store, "plover", tmp_path)
    records = json.loads(text)
    events = stored_rows(store)
    assert [r["story_id"] for r in records] == [row["article_id"] for row in store.iter_event_rows()]
    for record in records:
        event = events[record["story_id"]]
        assert (record["event"], record["mode"], record["text"]) == (
            event["event_type"], event["mode"] or "", event["evidence_text"])
        assert record["source"][0]["code"] == event["source_country"]
        assert record["context"] == plover_context(event["cameo"])
        assert (record["eventLoc"] is None) == (event["location_name"] is None)
    by_story = {r["story_id"]: r for r in records}
    assert by_story["kilis"]["eventLoc"]["country code"] == "TR" and by_story["kilis"]["eventLoc"]["name"] == "Kilis"
    assert by_story["pledge"]["target"] is None
    kind, gold = load_gold(tmp_path / "out.plover")
    assert kind == "plover" and [g.event_type for g in gold] == [r["event"] for r in records]
    assert [g.sources for g in gold] == [[r["source"][0]["code"]] for r in records]


def test_plover_context_comes_from_the_cameo_name():
    assert plover_context("173") == "legal"  # Arrest, detain or imprison
    assert plover_context("0233") == "humanitarian"
    assert plover_context("163") == "economic"  # sanctions, embargo
    assert plover_context("1124") == "military, legal"  # accuse of war crimes
    assert plover_context("111") == ""  # criticize or denounce: no topic


def test_deduplicated_plover_records_list_their_articles(store, tmp_path):
    records = json.loads(exported(store, "plover", tmp_path, dedupe=True))
    assert sorted(r["reports"] for r in records) == [1, 1, 1, 2]
    assert ["summons-1", "summons-2"] in [r["article_ids"] for r in records]


def test_an_empty_store_exports_an_empty_plover_list(tmp_path):
    with Store(tmp_path / "empty.duckdb") as empty:
        assert json.loads(exported(empty, "plover", tmp_path)) == []


def eventwire(*args):
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], capture_output=True, text=True, timeout=300)


def test_cli_writes_parquet_and_gdelt_files(db, tmp_path):
    run = eventwire("export", "--db", str(db), "--format", "parquet", "--out", str(tmp_path / "e.parquet"))
    assert run.returncode == 0 and run.stdout == "", run.stderr
    assert pq.read_metadata(tmp_path / "e.parquet").num_rows == 5
    run = eventwire("export", "--db", str(db), "--format", "gdelt", "--dedupe")
    assert run.returncode == 0 and len(gdelt_rows(run.stdout)) == 4


@pytest.mark.parametrize("out, message", [("-", "parquet is binary"), ("/no/such/folder/e.parquet", "no folder")])
def test_cli_refuses_parquet_it_cannot_write_with_one_line(db, out, message):
    run = eventwire("export", "--db", str(db), "--format", "parquet", "--out", out)
    assert run.returncode == 2 and run.stdout == ""
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


def test_gdelt_and_plover_rows_carry_an_organisations_cameo_code_and_known_group(store):
    from eventwire.export import plover_actor

    row = {**stored_rows(store)["summons-1"], "source_id": "NATO", "source_name": "NATO", "source_text": "NATO",
           "source_country": "", "source_sector": "IGO", "source_code": "IGOWSTNAT"}
    fields = dict(zip(GDELT_COLUMNS, gdelt_fields(row)))
    assert (fields["Actor1Code"], fields["Actor1KnownGroupCode"], fields["Actor1Type1Code"]) == (
        "IGOWSTNAT", "NAT", "IGO")
    assert fields["Actor2KnownGroupCode"] == "", "a state organ is no known group"
    assert plover_actor(row, "source") == {"actorText": "NATO", "code": "IGO", "sector": "IGO", "name": "NATO",
                                           "country": None, "id": "NATO", "cameo_code": "IGOWSTNAT"}


@pytest.mark.parametrize("code, group", [("IGOUNOKID", "UNO"), ("NGOHRIAMN", "AMN"), ("IMGMUSISI", "ISI"),
                                         ("IGOEUREEC", "EEC"), ("SYRREB", ""), ("IGO", "")])
def test_the_known_group_is_the_first_part_of_the_code_that_names_no_region_religion_or_sector(code, group):
    from eventwire.export import known_group

    assert known_group(code) == group
