"""The command line as a user runs it: a real subprocess, data on stdout, messages on stderr."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def eventwire(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "events.duckdb")


def jsonl(text):
    return [json.loads(line) for line in text.splitlines()]


def test_code_writes_events_to_stdout_and_a_summary_to_stderr(db):
    run = eventwire("code", str(EXAMPLES), "--db", db, "--out", "-")
    assert run.returncode == 0, run.stderr
    events = jsonl(run.stdout)
    assert len(events) >= 20
    assert {"id", "article_id", "sentence", "date", "event_type", "cameo", "goldstein", "quad_class", "source",
            "target", "evidence", "negated", "confidence"} <= set(events[0])
    assert "coded 4 articles" in run.stderr


def test_coding_twice_stores_nothing_new_and_still_writes_the_events(db):
    first = jsonl(eventwire("code", str(EXAMPLES), "--db", db, "--out", "-").stdout)
    again = eventwire("code", str(EXAMPLES), "--db", db, "--out", "-")
    assert "already stored" in again.stderr
    assert sorted(e["id"] for e in jsonl(again.stdout)) == sorted(e["id"] for e in first)
    exported = jsonl(eventwire("export", "--db", db, "--format", "jsonl").stdout)
    assert len(exported) == len(first)


def test_export_csv_has_one_row_per_event(db):
    eventwire("code", str(EXAMPLES), "--db", db, "--quiet")
    run = eventwire("export", "--db", db, "--format", "csv", "--out", "-")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert list(rows[0])[:3] == ["id", "article_id", "sentence"]
    assert len(rows) == len(jsonl(eventwire("export", "--db", db).stdout))


def test_bad_records_are_reported_and_good_ones_still_stored(tmp_path, db):
    data = tmp_path / "mixed.jsonl"
    data.write_text(
        '{"id": "ok", "date": "2022-10-20", "text": "Moscow condemned Kyiv on Monday."}\n'
        '{"id": "broken", "date": \n'
        '{"id": "nodate", "text": "Japan imposed sanctions on North Korea."}\n'
    )
    run = eventwire("code", str(data), "--db", db, "--out", "-")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "mixed.jsonl:2" in run.stderr and "mixed.jsonl:3" in run.stderr
    assert [e["article_id"] for e in jsonl(run.stdout)] == ["ok"]


def test_missing_input_exits_2_without_traceback(db):
    run = eventwire("code", "no/such/file.txt", "--db", db)
    assert run.returncode == 2
    assert "no such file or directory: no/such/file.txt" in run.stderr
    assert "Traceback" not in run.stderr


def test_stdin_text_with_a_default_date(db):
    run = eventwire("code", "-", "--db", db, "--date", "2022-10-20", "--out", "-",
                    stdin="Kazakhstan's foreign ministry summoned Russia's ambassador.")
    events = jsonl(run.stdout)
    assert [(e["event_type"], e["source"]["country"], e["target"]["country"]) for e in events] == [
        ("ACCUSE", "KAZ", "RUS")]
    assert events[0]["published"] == "2022-10-20"


def test_two_workers_give_the_same_events_as_one(tmp_path):
    one = jsonl(eventwire("code", str(EXAMPLES), "--db", str(tmp_path / "a.db"), "--out", "-").stdout)
    two = jsonl(eventwire("code", str(EXAMPLES), "--db", str(tmp_path / "b.db"), "--out", "-", "--workers", "2").stdout)
    assert sorted(e["id"] for e in one) == sorted(e["id"] for e in two)


def test_evaluate_prints_json_metrics(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([
        {"id": "g1", "date": "2022-10-20", "text": "Moscow condemned Kyiv.", "event": "DISAPPROVE",
         "source": [{"actorText": "Moscow", "code": "RUS"}], "target": [{"actorText": "Kyiv", "code": "UKR"}]},
    ]))
    run = eventwire("evaluate", str(gold), "--format", "json")
    scores = json.loads(run.stdout)
    assert scores["records"] == 1 and scores["type"] == 1.0 and scores["triple"] == 1.0
