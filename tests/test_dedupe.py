"""Cross-article deduplication over really coded and stored articles: one event per happening."""

import json
import subprocess
import sys
from datetime import date

import pytest

from eventwire.coding.coder import Coder, CodingOptions
from eventwire.dedupe import create_view, deduplicated_records
from eventwire.models import Article
from eventwire.store import Store

SUMMONED = [  # one summons told three ways by three articles from two outlets, dates a day apart
    ("reuters-1", date(2022, 10, 12), "Reuters", "Kazakhstan's foreign ministry summoned Russia's ambassador on Tuesday."),
    ("ap-1", date(2022, 10, 12), "AP", "On Tuesday, the foreign ministry of Kazakhstan summoned the Russian ambassador "
                                       "in Astana over remarks by a Russian lawmaker."),
    ("reuters-2", date(2022, 10, 13), "Reuters", "Kazakhstan's foreign ministry summoned Russia's ambassador on Wednesday."),
]
OTHER = [
    ("istanbul", date(2022, 10, 12), "AP", "Turkish police detained dozens of protesters in Istanbul."),
    ("later", date(2022, 10, 20), "AP", "Kazakhstan's foreign ministry summoned Russia's ambassador."),
]


def articles(rows):
    return [Article(id=i, published=d, source=s, text=t) for i, d, s, t in rows]


def stored(coder, path, rows, batches=1) -> Store:
    store = Store(path)
    items = articles(rows)
    for start in range(batches):
        store.write_batch(list(coder.code_articles(items[start::batches])))
    return store


def by_article(records):
    return {record["article_ids"][0]: record for record in records}


def test_the_same_event_from_three_articles_is_one_event_with_every_article(coder, tmp_path):
    with stored(coder, tmp_path / "e.duckdb", SUMMONED + OTHER) as store:
        assert store.count("events") == 5, "precondition: the coder finds one event per article"
        merged = list(deduplicated_records(store.con))
    assert len(merged) == 3
    summons = by_article(merged)["ap-1"]
    assert summons["article_ids"] == ["ap-1", "reuters-1", "reuters-2"]
    assert (summons["reports"], summons["mentions"], summons["sources"]) == (3, 3, 2)
    assert summons["date"] == "2022-10-11" and summons["event_type"] == "ACCUSE"
    assert summons["source"]["id"] == "KAZGOV" and summons["target"]["id"] == "RUSGOV"
    assert by_article(merged)["istanbul"]["reports"] == 1
    assert by_article(merged)["later"]["reports"] == 1, "a week later is another event"


def test_the_merged_event_is_its_first_report_whatever_the_storing_order(coder, tmp_path):
    with stored(coder, tmp_path / "a.duckdb", SUMMONED) as store:
        first = list(deduplicated_records(store.con))
    with stored(coder, tmp_path / "b.duckdb", list(reversed(SUMMONED)), batches=3) as store:
        second = list(deduplicated_records(store.con))
    assert first == second
    assert first[0]["published"] == "2022-10-12"


def test_daily_reports_make_one_event_per_pair_of_days_not_one_long_event(coder, tmp_path):
    days = [(f"day-{n}", date(2022, 10, 10 + n), "AP", "Turkish police detained dozens of protesters in Istanbul.")
            for n in range(5)]
    with stored(coder, tmp_path / "e.duckdb", days) as store:
        merged = list(deduplicated_records(store.con))
    assert [m["article_ids"] for m in merged] == [["day-0", "day-1"], ["day-2", "day-3"], ["day-4"]]


def test_month_precise_dates_match_only_the_same_month(coder, tmp_path):
    rows = [
        ("m1", date(2022, 10, 20), "AP", "Earlier this month, Kazakhstan's foreign ministry summoned Russia's ambassador."),
        ("m2", date(2022, 10, 25), "AP", "Kazakhstan's foreign ministry summoned Russia's ambassador earlier this month."),
        ("d1", date(2022, 10, 20), "AP", "Kazakhstan's foreign ministry summoned Russia's ambassador."),
    ]
    with stored(coder, tmp_path / "e.duckdb", rows) as store:
        merged = {m["date"]: m["article_ids"] for m in deduplicated_records(store.con)}
    assert merged == {"2022-10": ["m1", "m2"], "2022-10-20": ["d1"]}


def test_two_mentions_in_one_article_count_once_as_a_report(coder, tmp_path):
    rows = [("twice", date(2022, 10, 12), "AP",
             "Turkish police detained dozens of protesters in Istanbul. Later, Turkish police detained more protesters.")]
    with stored(coder, tmp_path / "e.duckdb", rows) as store:
        merged = list(deduplicated_records(store.con))
    assert [(m["reports"], m["mentions"], m["article_ids"]) for m in merged] == [(1, 2, ["twice"])]


def test_organisations_sharing_a_code_stay_apart_and_unknown_doers_never_merge(coder, tmp_path):
    rows = [("un", date(2022, 10, 12), "AP", "The UN condemned Russia on Monday."),
            ("united-nations", date(2022, 10, 12), "Reuters", "The United Nations condemned Russia on Monday."),
            ("nato", date(2022, 10, 12), "AP", "NATO condemned Russia on Monday."),
            ("idlib", date(2022, 10, 12), "AP", "Five civilians were killed in Idlib on Monday."),
            ("elsewhere", date(2022, 10, 12), "AP", "Two civilians were killed on Monday.")]
    with stored(coder, tmp_path / "e.duckdb", rows) as store:
        ids = {row[0] for row in store.con.execute("SELECT source_id FROM events").fetchall()}
        assert ids == {"UNITED_NATIONS", "NATO", "UNK"}, "precondition: the UN and NATO (both IGO) have ids of their own"
        merged = sorted(m["article_ids"] for m in deduplicated_records(store.con))
    assert merged == [["elsewhere"], ["idlib"], ["nato"], ["un", "united-nations"]]


def test_a_denial_is_not_merged_with_the_report_it_denies(tmp_path):
    coder = Coder(options=CodingOptions(include_negated=True))
    rows = [("did", date(2022, 10, 12), "AP", "Turkish police detained the protesters in Istanbul."),
            ("did-not", date(2022, 10, 12), "AP", "Turkish police did not detain the protesters in Istanbul.")]
    with stored(coder, tmp_path / "e.duckdb", rows) as store:
        merged = {m["negated"]: m["article_ids"] for m in deduplicated_records(store.con)}
    assert merged == {False: ["did"], True: ["did-not"]}


def test_the_view_can_be_filtered_in_sql_on_a_read_only_connection(coder, tmp_path):
    path = tmp_path / "e.duckdb"
    stored(coder, path, SUMMONED + OTHER).close()
    with Store(path, read_only=True) as store:
        view = create_view(store.con)
        rows = store.con.execute(
            f"SELECT article_ids, reports FROM {view} WHERE source_country = 'KAZ' AND reports > 1"
        ).fetchall()
    assert rows == [(["ap-1", "reuters-1", "reuters-2"], 3)]


def eventwire(*args):
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("dedupe", [False, True])
def test_export_dedupe_flag(coder, tmp_path, dedupe):
    path = tmp_path / "e.duckdb"
    stored(coder, path, SUMMONED + OTHER).close()
    run = eventwire("export", "--db", str(path), *(["--dedupe"] if dedupe else []))
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(records) == (3 if dedupe else 5)
    assert all(("reports" in r) == dedupe for r in records)
    assert f"exported {len(records)} events" in run.stderr
