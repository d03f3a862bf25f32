"""Crashes and re-runs: a real `eventwire code` process killed with SIGKILL at different moments, then run
again, ends with exactly the events of one clean run; coding the same input twice duplicates nothing; an
article whose text changed under the same id is re-coded and replaces its old events.

Runs on 64 Guardian articles from ../shared (four batches; a run takes several seconds)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest
from conftest import shared_file

from eventwire.pipeline import BATCH_SIZE

ARTICLES = 4 * BATCH_SIZE
CHANGED_TEXT = "Turkish police detained dozens of protesters in Istanbul on Sunday."


def command(corpus: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "eventwire.cli", "code", str(corpus), "--db", str(db), "--quiet", *extra]


def run(corpus: Path, db: Path, *extra: str) -> subprocess.CompletedProcess:
    done = subprocess.run(command(corpus, db, *extra), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done


def stored(db: Path) -> dict[str, list[str]]:
    """Sorted event ids per stored article (articles with no events included)."""
    with duckdb.connect(str(db), read_only=True) as con:
        articles = con.execute("SELECT id FROM articles").fetchall()
        events = con.execute("SELECT article_id, id FROM events").fetchall()
    by_article: dict[str, list[str]] = {article: [] for (article,) in articles}
    for article, event in events:
        by_article[article].append(event)
    return {article: sorted(ids) for article, ids in by_article.items()}


def all_events(state: dict[str, list[str]]) -> list[str]:
    return sorted(event for ids in state.values() for event in ids)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    source = shared_file("ngec/guardian_sample.csv")
    csv.field_size_limit(sys.maxsize)
    with source.open(encoding="utf-8", newline="") as handle:
        rows = [row for _, row in zip(range(ARTICLES), csv.DictReader(handle))]
    path = tmp_path_factory.mktemp("corpus") / "guardian.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number, row in enumerate(rows):
            out.write(json.dumps({"id": f"g{number}", "date": row["date"], "text": row["text"]}) + "\n")
    return path


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> tuple[Path, dict[str, list[str]]]:
    """One uninterrupted run on a fresh database: the reference."""
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    run(corpus, db)
    state = stored(db)
    assert len(state) == ARTICLES and len(all_events(state)) > ARTICLES  # a real corpus, with events
    return db, state


def lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def kill_when(process: subprocess.Popen, out: Path, events_written: int, group: bool) -> list[int]:
    """SIGKILL the run once `--out` holds `events_written` events (written after their batch is stored);
    the pids of its child processes at that moment."""
    deadline = time.monotonic() + 600
    while lines(out) < events_written and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be killed"
    children = children_of(process.pid)
    if group:
        os.killpg(process.pid, signal.SIGKILL)
    else:
        os.kill(process.pid, signal.SIGKILL)  # the parent alone, as `kill -9 PID` does
    assert process.wait() == -signal.SIGKILL
    return children


def children_of(pid: int) -> list[int]:
    return [int(stat.parent.name) for stat in Path("/proc").glob("[0-9]*/stat") if _parent(stat) == pid]


def _parent(stat: Path) -> int | None:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def alive(pids: list[int]) -> list[int]:
    """The pids still running (zombies waiting to be reaped count as gone)."""
    running = []
    for pid in pids:
        try:
            if "State:\tZ" not in Path(f"/proc/{pid}/status").read_text():
                running.append(pid)
        except OSError:
            pass
    return running


def gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not alive(pids)


@pytest.mark.parametrize(
    ("moment", "fraction", "workers"),
    [
        ("after the first batch is stored", 0.0, 1),
        ("mid-run", 0.5, 1),
        ("mid-run, two workers, parent killed alone", 0.4, 2),
    ],
)
def test_killed_run_resumed_ends_with_the_events_of_one_clean_run(corpus, clean, tmp_path, moment, fraction,
                                                                  workers):
    _, reference = clean
    db, out = tmp_path / "killed.duckdb", tmp_path / "out.jsonl"
    process = subprocess.Popen(command(corpus, db, "--out", str(out), "--workers", str(workers)),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        target = max(1, int(fraction * len(all_events(reference))))
        pool = kill_when(process, out, target, group=workers == 1)
        if workers > 1:
            assert len(pool) == workers
            assert gone_within(pool, 10), "worker processes outlived their killed parent"
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the session this test started
        except ProcessLookupError:
            pass

    partial = stored(db)
    assert 0 < len(partial) < ARTICLES, moment
    assert len(partial) % BATCH_SIZE == 0  # whole batches only
    assert all(partial[article] == reference[article] for article in partial)  # each stored article complete

    run(corpus, db)
    resumed = stored(db)
    assert all_events(resumed) == all_events(reference)
    assert resumed == reference


def test_coding_the_same_input_twice_duplicates_nothing(corpus, clean, tmp_path):
    db = tmp_path / "twice.duckdb"
    shutil.copy(clean[0], db)
    again = run(corpus, db)
    assert stored(db) == clean[1]
    assert again.stderr == ""  # --quiet: no messages, nothing skipped
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), count(DISTINCT id) FROM events").fetchone() == (
            len(all_events(clean[1])),) * 2


def test_changed_text_under_the_same_id_is_recoded_and_replaces_its_events(corpus, clean, tmp_path):
    db = tmp_path / "changed.duckdb"
    shutil.copy(clean[0], db)
    edited = tmp_path / "edited.jsonl"
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    records[5]["text"] = CHANGED_TEXT
    edited.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    run(edited, db, "--out", str(tmp_path / "out.jsonl"))

    after, before = stored(db), clean[1]
    assert set(after) == set(before)
    assert {article: ids for article, ids in after.items() if article != "g5"} == {
        article: ids for article, ids in before.items() if article != "g5"}
    assert not set(after["g5"]) & set(before["g5"])  # the old events are gone
    new_events = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    by_article = defaultdict(list)
    for event in new_events:
        by_article[event["article_id"]].append(event)
    assert [(e["event_type"], e["source"]["country"]) for e in by_article["g5"]] == [("COERCE", "TUR")]
    assert sorted(e["id"] for e in by_article["g5"]) == after["g5"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT text FROM articles WHERE id = 'g5'").fetchone() == (CHANGED_TEXT,)
