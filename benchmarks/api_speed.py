"""Latency of the API and the dashboard over a large store.

    .venv/bin/python benchmarks/api_speed.py [--copies 2000] [--repeat 5]

The bundled examples are coded once with the real coder; their articles and events are then copied
COPIES times into a fresh DuckDB file (new ids, dates spread over two years), so the queries run over a
store of realistic rows. Each request goes through the whole app (FastAPI TestClient, in process) and
is timed REPEAT times; the median and the worst are printed, in milliseconds, as a table on stdout.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUESTS = [
    ("events, first page", "/api/events", {}),
    ("events, page 100", "/api/events", {"offset": 9900}),
    ("events by actor", "/api/events", {"actor": "RUS"}),
    ("events by type and dates", "/api/events", {"type": "ACCUSE", "from": "2023-01-01", "to": "2023-06-30"}),
    ("events by text", "/api/events", {"q": "ambassador"}),
    ("events in a bbox", "/api/events", {"bbox": "20,35,45,60"}),
    ("actors", "/api/actors", {}),
    ("actor detail", "/api/actors/RUS", {}),
    ("dyad per week", "/api/dyads", {"source": "RUS", "target": "UKR", "interval": "week"}),
    ("network, 40 actors", "/api/network", {}),
    ("locations", "/api/locations", {}),
    ("dashboard page", "/", {}),
    ("article page", "/articles/port_dispute-7", {}),
]


def build(path: Path, copies: int) -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    from api_fixtures import build_database

    from eventwire.coding.coder import Coder

    seed = path.with_name("seed.duckdb")
    build_database(seed, Coder())
    import duckdb

    with duckdb.connect(str(path)) as con:
        con.execute(f"ATTACH '{seed}' AS seed (READ_ONLY)")
        con.execute("CREATE TABLE articles AS SELECT * FROM seed.articles LIMIT 0")
        con.execute("CREATE TABLE events AS SELECT * FROM seed.events LIMIT 0")
        con.execute(
            "INSERT INTO articles SELECT a.* REPLACE (a.id || '-' || i AS id, "
            "a.published + CAST(i % 730 AS INTEGER) AS published) FROM seed.articles a, range(?) t(i)", [copies])
        shifted = "strftime(TRY_CAST(e.published AS DATE) + CAST(i % 730 AS INTEGER), '%Y-%m-%d')"
        con.execute(
            f"INSERT INTO events SELECT e.* REPLACE (e.id || '-' || i AS id, e.article_id || '-' || i AS article_id, "
            f"{shifted} AS date, {shifted} AS published) FROM seed.events e, range(?) t(i)", [copies])
        con.execute("CREATE UNIQUE INDEX articles_id ON articles(id)")
        con.execute("CREATE INDEX events_article ON events(article_id)")
        return con.execute("SELECT count(*) FROM events").fetchone()[0]


def time_requests(path: Path, repeat: int) -> list[tuple[str, float, float, int]]:
    from fastapi.testclient import TestClient

    from eventwire.api import create_app

    client = TestClient(create_app(path))
    rows = []
    for name, url, params in REQUESTS:
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url, params=params)
            timings.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}: {response.text[:200]}")
        rows.append((name, statistics.median(timings), max(timings), len(response.content)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.duckdb"
        started = time.perf_counter()
        events = build(path, args.copies)
        print(f"built {events} events in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        rows = time_requests(path, args.repeat)
    print(f"request\tmedian ms\tworst ms\tbytes\t({events} events)")
    for name, median, worst, size in rows:
        print(f"{name}\t{median:.1f}\t{worst:.1f}\t{size}")


if __name__ == "__main__":
    main()
