"""Databases filled by really coding articles, and a real uvicorn server, for the API, fuzz and browser tests."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from eventwire.ingest import Report, iter_articles
from eventwire.models import Article
from eventwire.schema import LOCATION_COLUMNS
from eventwire.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# Russia and Ukraine on several days, so that series have more than one period.
DYAD_ARTICLES = [
    ("dyad-1", "2022-10-03", "Russia accused Ukraine of shelling the Zaporizhzhia nuclear plant on Monday."),
    ("dyad-2", "2022-10-05", "Russian troops attacked Ukrainian positions near Bakhmut on Wednesday."),
    ("dyad-3", "2022-10-12", "Russia held talks with Ukraine in Istanbul on Wednesday about grain exports."),
    ("dyad-4", "2022-11-20", "Russia threatened Ukraine with new missile strikes. Ukraine condemned Russia."),
]
# An article whose id and text are hostile: markup that must never run, SQL that must stay a string.
HOSTILE_ID = "x'); DROP TABLE events; --"
HOSTILE_TEXT = (
    "Russia condemned Ukraine <script>window.__xss = 1</script> on Tuesday. "
    "Ukraine accused Russia of lying <img src=x onerror=\"window.__xss = 2\">."
)
# Places set on some events (the geocoder's columns), to test the location filters whatever it found.
PLACES = {
    "dyad-2": ("Bakhmut", "UKR", 48.5956, 37.9999),
    "dyad-3": ("Istanbul", "TUR", 41.0138, 28.9497),
}


def articles() -> list[Article]:
    found = list(iter_articles([str(EXAMPLES)], None, Report(quiet=True)))
    found += [Article(id, text, date.fromisoformat(day)) for id, day, text in DYAD_ARTICLES]
    found.append(Article(HOSTILE_ID, HOSTILE_TEXT, date(2022, 10, 4), title="<b>hostile</b> title",
                         url="javascript:window.__xss = 3"))
    return found


def build_database(path: Path, coder, with_locations: bool = True) -> Path:
    """Code the articles with the real coder and store them; set or drop the location columns."""
    with Store(path) as store:
        store.write_batch(list(coder.code_articles(articles())))
        if with_locations:
            _set_places(store)
        else:
            _drop_places(store)
    return path


def _drop_places(store: Store) -> None:
    """The events table as it was before the geocoder's columns (indexes dropped: DuckDB needs that)."""
    indexes = store.con.execute("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'events'").fetchall()
    for (name,) in indexes:
        store.con.execute(f'DROP INDEX "{name}"')
    for column in LOCATION_COLUMNS:
        store.con.execute(f"ALTER TABLE events DROP COLUMN IF EXISTS {column}")


def _set_places(store: Store) -> None:
    types = {"location_lat": "DOUBLE", "location_lon": "DOUBLE", "location_geonameid": "BIGINT"}
    for column in LOCATION_COLUMNS:
        store.con.execute(f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {column} {types.get(column, 'VARCHAR')}")
    store.con.execute(f"UPDATE events SET {', '.join(f'{c} = NULL' for c in LOCATION_COLUMNS)}")
    for article_id, (name, country, lat, lon) in PLACES.items():
        store.con.execute(
            "UPDATE events SET location_name = ?, location_text = ?, location_country = ?, location_lat = ?, "
            "location_lon = ? WHERE article_id = ?", [name, name, country, lat, lon, article_id])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(app):
    """The app served by uvicorn on a free loopback port, in a thread; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
