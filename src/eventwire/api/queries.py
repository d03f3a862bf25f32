"""Read queries of the API and the dashboard. Parameterised SQL only: no user value is ever put into SQL.

One Database is opened per app; each request gets its own cursor (a DuckDB connection of its own), so
requests served in parallel threads never share a connection.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ..analysis import EventFilter, event_columns, has_locations
from ..records import nest
from ..schema import (
    EVENT_DAY_SQL,
    FLAT_COLUMNS,
    IN_ARTICLE_ORDER,
    LOCATION_COLUMNS,
    LOCATION_FIELDS,
    order_by,
)
from ..store import Store

ARTICLE_COLUMNS = ("id", "published", "title", "url", "source", "text", "n_events")
EVENT_ORDER = f"{EVENT_DAY_SQL} DESC NULLS LAST, {order_by(IN_ARTICLE_ORDER)}, id"  # newest first
MENTIONS = """
    SELECT source_id AS id, source_name AS name, source_text AS text, source_country AS country,
           source_sector AS sector, source_code AS code, 'source' AS role, event_type,
           coalesce(date, published) AS day FROM events
    UNION ALL
    SELECT target_id, target_name, target_text, target_country, target_sector, target_code, 'target', event_type,
           coalesce(date, published) FROM events WHERE target_id IS NOT NULL
"""


class NotAnEventwireDatabase(Exception):
    pass


class Database:
    """The app's database: opened read-only unless the app may store (then it holds the write lock)."""

    def __init__(self, path: str | Path, writable: bool = False):
        if not Path(path).is_file():
            raise FileNotFoundError(f"no such database: {path}")
        self.store = Store(path, read_only=not writable)
        self.writable = writable
        self.write_lock = threading.Lock()
        tables = {row[0] for row in self.store.con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        if not {"events", "articles"} <= tables:
            self.store.close()
            raise NotAnEventwireDatabase(f"{path} is not an eventwire database (no events/articles tables)")
        self.columns = event_columns(self.store.con)
        self.event_select = ", ".join(c for c in FLAT_COLUMNS + LOCATION_COLUMNS if c in self.columns)

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self.store.con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def close(self) -> None:
        self.store.close()

    def record(self, names: list[str], row: tuple) -> dict:
        """One stored event as its nested JSON record, with its location (or null) when the database has them."""
        flat = dict(zip(names, row))
        record = nest(flat)
        if has_locations(self.columns) and "location" not in record:
            location = {field: flat.get(f"location_{field}") for field in LOCATION_FIELDS}
            known = any(location[key] is not None for key in ("name", "lat", "lon", "text"))
            record["location"] = location if known else None
        return record


def _fetch_records(db: Database, cursor, sql: str, params: list) -> list[dict]:
    result = cursor.execute(sql, params)
    names = [column[0] for column in result.description]
    return [db.record(names, row) for row in result.fetchall()]


def list_events(db: Database, cursor, event_filter: EventFilter, limit: int, offset: int) -> tuple[list[dict], int]:
    """One page of the filtered events, newest first, and the number of all that match."""
    where, params = event_filter.where(db.columns)
    total = cursor.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()[0]
    events = _fetch_records(
        db, cursor,
        f"SELECT {db.event_select} FROM events WHERE {where} ORDER BY {EVENT_ORDER} LIMIT ? OFFSET ?",
        params + [limit, offset],
    )
    return events, total


def list_actors(cursor, text: str | None, limit: int, offset: int) -> tuple[list[dict], int]:
    """Actors with their event counts (as source, as target), most active first."""
    match = "(? IS NULL OR id = ? OR country = upper(?) OR code = upper(?) OR contains(lower(name), lower(?)))"
    params = [text] * 5
    total = cursor.execute(
        f"SELECT count(DISTINCT id) FROM ({MENTIONS}) WHERE {match}", params).fetchone()[0]
    rows = cursor.execute(
        f"""
        WITH mentions AS ({MENTIONS}),
        named AS (SELECT id, name, count(*) AS n FROM mentions WHERE {match} GROUP BY id, name)
        SELECT m.id, (SELECT first(name ORDER BY n DESC, name) FROM named WHERE named.id = m.id),
               any_value(country), any_value(sector), min(code), count(*),
               count(*) FILTER (WHERE role = 'source'), count(*) FILTER (WHERE role = 'target'),
               min(day), max(day)
        FROM mentions m WHERE m.id IN (SELECT id FROM named)
        GROUP BY m.id ORDER BY count(*) DESC, m.id LIMIT ? OFFSET ?
        """,
        params + [limit, offset],
    ).fetchall()
    keys = ("id", "name", "country", "sector", "code", "events", "as_source", "as_target", "first", "last")
    return [dict(zip(keys, row)) for row in rows], total


def actor_detail(cursor, actor_id: str) -> dict | None:
    """Names an actor was seen under, its roles (country, sector) with their dates, its event types."""
    names = cursor.execute(
        f"SELECT name, text, count(*) AS n FROM ({MENTIONS}) WHERE id = ? GROUP BY name, text "
        "ORDER BY n DESC, name, text", [actor_id]).fetchall()
    if not names:
        return None
    roles = cursor.execute(
        f"SELECT role, country, sector, code, count(*), min(day), max(day) FROM ({MENTIONS}) WHERE id = ? "
        "GROUP BY ALL ORDER BY min(day), role, country, sector, code", [actor_id]).fetchall()
    types = cursor.execute(
        f"SELECT role, event_type, count(*) FROM ({MENTIONS}) WHERE id = ? GROUP BY ALL ORDER BY role, event_type",
        [actor_id]).fetchall()
    event_types: dict[str, dict[str, int]] = {"source": {}, "target": {}}
    for role, event_type, count in types:
        event_types[role][event_type] = count
    return {
        "id": actor_id,
        "name": names[0][0] or actor_id,
        "names": [{"name": name, "text": text, "count": count} for name, text, count in names],
        "codes": sorted({row[3] for row in roles if row[3]}),
        "roles": [dict(zip(("role", "country", "sector", "code", "events", "first", "last"), row)) for row in roles],
        "event_types": event_types,
    }


def article_with_events(db: Database, cursor, article_id: str) -> dict | None:
    row = cursor.execute(
        f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        return None
    article = dict(zip(ARTICLE_COLUMNS, row))
    article["published"] = article["published"].isoformat() if article["published"] else None
    article["events"] = _fetch_records(
        db, cursor,
        f"SELECT {db.event_select} FROM events WHERE article_id = ? ORDER BY sentence, trigger_start, id",
        [article_id],
    )
    return article


def event_locations(db: Database, cursor, event_filter: EventFilter, limit: int = 2000) -> list[dict]:
    """Places of the filtered events (those with coordinates), with counts of cooperation and conflict."""
    if not has_locations(db.columns):
        return []
    where, params = event_filter.where(db.columns)
    name = "location_name" if "location_name" in db.columns else "NULL"
    country = "location_country" if "location_country" in db.columns else "NULL"
    rows = cursor.execute(
        f"""
        SELECT {name}, {country}, TRY_CAST(location_lat AS DOUBLE) AS lat, TRY_CAST(location_lon AS DOUBLE) AS lon,
               count(*), count(*) FILTER (WHERE quad_class IN (1, 2)), count(*) FILTER (WHERE quad_class IN (3, 4)),
               list(DISTINCT event_type ORDER BY event_type)
        FROM events WHERE {where} AND lat IS NOT NULL AND lon IS NOT NULL
        GROUP BY ALL ORDER BY count(*) DESC, lat, lon LIMIT ?
        """,
        params + [limit],
    ).fetchall()
    keys = ("name", "country", "lat", "lon", "events", "cooperation", "conflict", "types")
    return [dict(zip(keys, row)) for row in rows]


def top_dyad(cursor, db: Database, event_filter: EventFilter) -> tuple[str, str] | None:
    """The (source, target) pair with the most events among the filtered ones."""
    where, params = event_filter.where(db.columns)
    row = cursor.execute(
        f"SELECT source_id, target_id FROM events WHERE {where} AND target_id IS NOT NULL "
        "AND source_id <> target_id GROUP BY ALL ORDER BY count(*) DESC, source_id, target_id LIMIT 1",
        params,
    ).fetchone()
    return (row[0], row[1]) if row else None
