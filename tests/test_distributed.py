"""Coding on a real Dask cluster (worker processes) stores exactly what a local run stores."""

import json
import logging
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from eventwire import cli, distributed, pipeline, pool
from eventwire.records import FLAT_COLUMNS

distributed_lib = pytest.importorskip("distributed")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ARTICLES = [
    {"id": "dw-shelling", "date": "2023-03-14",
     "text": "Turkish troops shelled Kurdish positions in northern Syria on Tuesday. "
             "The Syrian government condemned the attack and accused Ankara of violating its sovereignty."},
    {"id": "dw-accord", "date": "2023-03-15", "title": "Energy accord", "url": "https://example.org/accord",
     "text": "France and Germany signed an agreement on energy cooperation in Berlin on Wednesday."},
    {"id": "dw-weather", "date": "2023-03-16", "text": "The weather was mild in the capital all week."},
    {"id": "dw-arrests", "date": "2023-03-17",
     "text": "Police arrested dozens of protesters in Tehran, Iranian state media reported. "
             "Iranian President Ebrahim Raisi met the Iraqi prime minister in Baghdad on Friday."},
]


@pytest.fixture(scope="module", autouse=True)
def small_batches():
    """8 articles in batches of 3: three partitions, so both workers get work. Local runs use the same
    batches, since which name `actors` keeps for an id (any_value) depends on the batch boundaries."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "BATCH_SIZE", 3)
        yield


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    news = tmp_path_factory.mktemp("news") / "news.jsonl"
    news.write_text("".join(json.dumps(article) + "\n" for article in ARTICLES))
    return [str(EXAMPLES), str(news)]


@pytest.fixture(scope="module")
def local_db(inputs, tmp_path_factory):
    db = str(tmp_path_factory.mktemp("local") / "local.duckdb")
    assert cli.main(["code", *inputs, "--db", db, "--quiet"]) == 0
    return db


@pytest.fixture(scope="module")
def client():
    cluster = distributed_lib.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.ERROR)
    with cluster, distributed_lib.Client(cluster) as dask_client:
        yield dask_client


def rows(db: str, sql: str) -> list[tuple]:
    with duckdb.connect(db, read_only=True) as con:
        return sorted(con.execute(sql).fetchall(), key=repr)


EVENTS = f"SELECT {', '.join(FLAT_COLUMNS)} FROM events"
STORED = {
    "events": EVENTS,
    "articles": "SELECT * EXCLUDE (coded_at) FROM articles",
    "actors": "SELECT * EXCLUDE (name) FROM actors",  # the store keeps any_value(name): not deterministic
    "actor_names": "SELECT * FROM actor_names",
    "actor_roles": "SELECT * FROM actor_roles",
}


def test_a_cluster_run_stores_the_events_of_a_local_run_and_a_second_run_nothing(
        inputs, local_db, client, tmp_path, capsys):
    db, parts = str(tmp_path / "dask.duckdb"), tmp_path / "parts"
    command = ["code", *inputs, "--db", db, "--cluster", client.scheduler.address, "--out-parquet", str(parts)]

    assert cli.main(command) == 0
    assert "coded 8 articles" in capsys.readouterr().err
    assert len(rows(local_db, EVENTS)) > 20
    for table, sql in STORED.items():
        assert rows(db, sql) == rows(local_db, sql), table
    assert len(list(parts.glob("*.parquet"))) == 3
    direct = f"SELECT {', '.join(FLAT_COLUMNS)} FROM '{parts}/*.parquet'"  # the parts, read by DuckDB itself
    assert sorted(duckdb.sql(direct).fetchall(), key=repr) == rows(local_db, EVENTS)
    loads = client.run(lambda: pool.coder_loads)
    assert set(loads.values()) <= {0, 1} and sum(loads.values()) >= 1  # each worker loaded the model once

    assert cli.main(command) == 0
    assert "coded 0 articles" in capsys.readouterr().err
    for table, sql in STORED.items():
        assert rows(db, sql) == rows(local_db, sql), table
    assert len(list(parts.glob("*.parquet"))) == 3


def test_out_parquet_without_a_cluster_writes_the_same_parts(inputs, local_db, tmp_path):
    db, parts = str(tmp_path / "plain.duckdb"), tmp_path / "parts"
    assert cli.main(["code", inputs[1], "--db", db, "--out-parquet", str(parts), "--quiet"]) == 0
    ids = [article["id"] for article in ARTICLES]
    direct = duckdb.sql(f"SELECT id, article_id FROM '{parts}/*.parquet'").fetchall()
    stored = rows(local_db, f"SELECT id, article_id FROM events WHERE article_id IN {tuple(ids)}")
    assert len(stored) >= 3 and sorted(direct) == sorted(stored)
    assert not list(parts.glob("*.tmp"))


def test_the_command_starts_its_own_local_cluster(inputs, local_db, tmp_path):
    run = subprocess.run([sys.executable, "-m", "eventwire.cli", "code", inputs[1], "--db", str(tmp_path / "l.duckdb"),
                          "--cluster", "local:1", "--out", "-"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    printed = sorted(json.loads(line)["id"] for line in run.stdout.splitlines())
    ids = tuple(article["id"] for article in ARTICLES)
    assert printed == sorted(row[0] for row in rows(local_db, f"SELECT id FROM events WHERE article_id IN {ids}"))


@pytest.mark.parametrize("address", ["nonsense", "local:0", "local:two", "tcp://127.0.0.1", "tcp://127.0.0.1:1"])
def test_a_bad_cluster_address_is_one_line_and_exit_2(address, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "1s")
    status = cli.main(["code", str(EXAMPLES), "--db", str(tmp_path / "x.duckdb"), "--cluster", address])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("eventwire: ") and address in err and len(err.strip().splitlines()) == 1
