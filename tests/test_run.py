"""pipeline.Run without a model: a stand-in pool codes each article into one event, so what Run itself
does (skip stored articles, replay their events, freeze the registry, report progress) is what is tested."""

from __future__ import annotations

import json

import pytest
from test_store import article, make_event

from eventwire import pipeline
from eventwire.cli import main
from eventwire.coding.coder import CodingOptions
from eventwire.errors import EventwireError, StoreError, UsageError
from eventwire.pipeline import Run
from eventwire.records import event_record
from eventwire.store import Store, open_store


class OneEventPool:
    """Codes every article into one event; remembers the options it was opened with and the batches."""

    opened: list[CodingOptions] = []

    def __init__(self, options: CodingOptions):
        self.options = options
        self.batches: list[list[str]] = []
        OneEventPool.opened.append(options)

    def code(self, batches):
        for batch in batches:
            self.batches.append([a.id for a in batch])
            yield [(a, [make_event(a)]) for a in batch]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def articles(count: int, text: str = "Moscow condemned Kyiv.", prefix: str = "a"):
    return [article(f"{text} ({n})", f"{prefix}{n}") for n in range(count)]


def run(store, items, **kwargs):
    written, progress = [], []
    stats = Run(store, CodingOptions(), make_pool=OneEventPool, write=written.append,
                progress=progress.append, **kwargs).code(items)
    return stats, written, progress


def test_a_run_stores_every_batch_and_reports_its_progress(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 2)
    with Store(tmp_path / "t.duckdb") as store:
        stats, written, progress = run(store, articles(5))
        assert (stats.articles, stats.unchanged, stats.events) == (5, 0, 5)
        assert progress == [2, 2, 1]
        assert [record["article_id"] for record in written] == [f"a{n}" for n in range(5)]
        assert store.count("events") == 5
        assert store.count("unfinished_run") == 0  # the run finished


def test_a_second_run_codes_nothing_and_replays_the_stored_events(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        run(store, articles(3))
        OneEventPool.opened.clear()
        stats, written, progress = run(store, articles(3) + articles(1, "Kyiv thanked Moscow.", "b"))
    assert (stats.articles, stats.unchanged, stats.events) == (1, 3, 1)
    assert progress == [1]
    assert [r["article_id"] for r in written] == ["a0", "a1", "a2", "b0"]  # stored ones first, then the new one
    assert written[:3] == [event_record(make_event(a)) for a in articles(3)]


def test_duplicate_ids_in_a_batch_are_coded_once(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        stats, _, _ = run(store, [article("one", "a1"), article("two", "a1")])
        assert stats.articles == 1 and store.count("articles") == 1


def test_the_pool_is_opened_with_the_registry_of_an_unfinished_run(tmp_path):
    people = [{"name": "Ann Example", "aliases": "Ann Example", "country": "RUS", "sector": "GOV",
               "role": "minister", "start": "2022-01-01"}]
    with Store(tmp_path / "t.duckdb") as store:
        store.con.execute("INSERT INTO unfinished_run (registry) VALUES (?)", [json.dumps(people)])
        OneEventPool.opened.clear()
        run(store, articles(1))
        assert OneEventPool.opened[0].registry == tuple(people)
        assert store.count("unfinished_run") == 0


def test_open_store_names_the_database_it_cannot_open(tmp_path):
    with pytest.raises(StoreError, match=r"^cannot open database .*/no/such/dir/x.duckdb: "):
        open_store(str(tmp_path / "no" / "such" / "dir" / "x.duckdb"))


def test_every_library_error_is_a_usage_error_with_exit_code_2():
    assert issubclass(StoreError, UsageError) and issubclass(UsageError, EventwireError)
    assert StoreError("x").exit_code == 2


def test_the_cli_turns_a_library_error_into_one_line(tmp_path, capsys):
    assert main(["dyads", "RUS", "UKR", "--db", str(tmp_path / "missing.duckdb")]) == 2
    err = capsys.readouterr().err
    assert err == f"eventwire: no such database: {tmp_path / 'missing.duckdb'}\n"
