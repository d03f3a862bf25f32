"""The embedded DuckDB store: articles, events and actors, written one transaction per batch.

The article id is the idempotency key: an article already stored with the same text is skipped; one
whose text changed under the same id has its old events replaced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa

from .errors import StoreError
from .models import Article, Event
from .records import event_record, flatten
from .schema import (
    COLUMN_TYPES,
    EVENT_ORDER,
    FLAT_COLUMNS,
    IN_ARTICLE_ORDER,
    column_type,
    event_day,
    order_by,
)

DEFAULT_DB = "eventwire.duckdb"

_COLUMN_TYPES = COLUMN_TYPES  # the name the geo tests read

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, published DATE, title VARCHAR, url VARCHAR, source VARCHAR,
    text VARCHAR, text_hash VARCHAR, n_events INTEGER, coded_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS events (
    {", ".join(f"{c} {column_type(c)}" + (" PRIMARY KEY" if c == "id" else "") for c in FLAT_COLUMNS)}
);
CREATE TABLE IF NOT EXISTS actors (
    id VARCHAR PRIMARY KEY, name VARCHAR, country VARCHAR, sector VARCHAR,
    first_seen DATE, last_seen DATE, mentions BIGINT, code VARCHAR
);
CREATE TABLE IF NOT EXISTS actor_names (
    id VARCHAR, name VARCHAR, first_seen DATE, last_seen DATE, PRIMARY KEY (id, name)
);
CREATE TABLE IF NOT EXISTS actor_roles (
    id VARCHAR, country VARCHAR, sector VARCHAR, role VARCHAR, resolved_by VARCHAR,
    first_seen DATE, last_seen DATE, PRIMARY KEY (id, country, sector, role)
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE TABLE IF NOT EXISTS unfinished_run (started TIMESTAMP DEFAULT current_timestamp, registry VARCHAR);
"""
# A database written before a column existed gets it added (appended, so events are inserted by name).
MIGRATIONS = "".join(
    f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {column} {column_type(column)};\n"
    for column in FLAT_COLUMNS if column != "id"
) + "ALTER TABLE actors ADD COLUMN IF NOT EXISTS code VARCHAR;\n"
# Databases from before actors had codes of their own (ids were CAMEO-style codes): the code of a
# stored actor is its country and sector, and its articles are marked for coding again.
ACTOR_CODE_MIGRATION = "".join(
    f"UPDATE events SET {role}_code = coalesce({role}_country, '') || coalesce({role}_sector, '') "
    f"WHERE {role}_code IS NULL AND {role}_id IS NOT NULL;\n" for role in ("source", "target", "reported_by")
) + "UPDATE actors SET code = coalesce(country, '') || coalesce(sector, '') WHERE code IS NULL;\n" \
    "UPDATE articles SET text_hash = NULL;\n"
OLDER_VERSION = ("{path}: made by an older eventwire, whose actor ids were CAMEO-style codes "
                 "(NATO and the UN both IGO); open it once for writing (eventwire show --db {path}) to bring it up to date")


def open_store(path: str) -> Store:
    """The database to write, or a StoreError naming it (no such folder, not a DuckDB file, locked)."""
    try:
        return Store(path)
    except duckdb.Error as error:
        raise StoreError(f"cannot open database {path}: {str(error).splitlines()[0]}") from None


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()


class Store:
    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False):
        self.path = str(path)
        self.con = duckdb.connect(self.path, read_only=read_only)
        self.migrated_events = 0  # events stored by an older eventwire, whose actors keep their old ids
        older = self._before_actor_codes()
        if read_only and older:
            self.con.close()
            raise StoreError(OLDER_VERSION.format(path=self.path))
        if not read_only:
            self._exec(SCHEMA + MIGRATIONS)
            if older:
                self._exec(ACTOR_CODE_MIGRATION)
                self.migrated_events = self.count("events")

    def _before_actor_codes(self) -> bool:
        """Was this database written by an eventwire whose actors had no code apart from their id?"""
        columns = {row[0] for row in self._exec(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'")}
        return bool(columns) and "source_code" not in columns

    def _exec(self, sql: str) -> list:
        """Run a statement to completion (DuckDB wants every result consumed before the next call)."""
        return self.con.execute(sql).fetchall()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def unchanged(self, articles: list[Article]) -> set[str]:
        """Ids of the given articles already stored with the same text."""
        if not articles:
            return set()
        pairs = pa.table({"id": [a.id for a in articles], "text_hash": [text_hash(a.text) for a in articles]})
        self.con.register("incoming", pairs)
        rows = self.con.execute(
            "SELECT a.id FROM articles a JOIN incoming i ON a.id = i.id AND a.text_hash = i.text_hash"
        ).fetchall()
        self.con.unregister("incoming")
        return {row[0] for row in rows}

    def write_batch(self, coded: list[tuple[Article, list[Event]]]) -> None:
        """Store articles and their events in one transaction, replacing earlier codings of the same ids."""
        if not coded:
            return
        articles = _articles_table([a for a, _ in coded], [len(e) for _, e in coded])
        events = events_table([event for _, events in coded for event in events])
        mentions = _mentions_table([event for _, events in coded for event in events])
        self._exec("BEGIN TRANSACTION")
        try:
            self.con.register("new_articles", articles)
            self.con.register("new_events", events)
            self.con.register("new_mentions", mentions)
            self._exec("DELETE FROM events WHERE article_id IN (SELECT id FROM new_articles)")
            self._exec("DELETE FROM articles WHERE id IN (SELECT id FROM new_articles)")
            self._exec(
                "INSERT INTO articles (id, published, title, url, source, text, text_hash, n_events) "
                "SELECT * FROM new_articles"
            )
            self._exec("INSERT OR REPLACE INTO events BY NAME SELECT * FROM new_events")
            self._update_actors()
            self._update_registry()
            self._exec("COMMIT")
        except Exception:
            self._exec("ROLLBACK")
            raise
        finally:
            self.con.unregister("new_articles")
            self.con.unregister("new_events")
            self.con.unregister("new_mentions")

    def _update_actors(self) -> None:
        self._exec(
            """
            INSERT OR REPLACE INTO actors (id, name, country, sector, first_seen, last_seen, mentions, code)
            SELECT id, min(name), min(country), min(sector),  -- min: the same on every machine
                   min(CAST(date_part AS DATE)), max(CAST(date_part AS DATE)), count(*), min(code)
            FROM (
                SELECT source_id AS id, source_name AS name, source_country AS country,
                       source_sector AS sector, source_code AS code, published AS date_part FROM events
                UNION ALL
                SELECT target_id, target_name, target_country, target_sector, target_code, published FROM events
                WHERE target_id IS NOT NULL
            ) WHERE id IN (SELECT source_id FROM new_events UNION SELECT target_id FROM new_events)
            GROUP BY id
            """
        )

    def _update_registry(self) -> None:
        """Remember every name an actor was called and every role the texts gave it, with dates."""
        self._exec(
            """
            INSERT INTO actor_names
            SELECT id, text, min(date), max(date) FROM new_mentions GROUP BY id, text
            ON CONFLICT DO UPDATE SET first_seen = least(first_seen, excluded.first_seen),
                                      last_seen = greatest(last_seen, excluded.last_seen)
            """
        )
        self._exec(
            """
            INSERT INTO actor_roles
            SELECT id, country, sector, role, min(resolved_by), min(date), max(date)
            FROM new_mentions WHERE country <> '' OR sector <> '' GROUP BY id, country, sector, role
            ON CONFLICT DO UPDATE SET first_seen = least(first_seen, excluded.first_seen),
                                      last_seen = greatest(last_seen, excluded.last_seen)
            """
        )

    def begin_run(self) -> list[dict]:
        """The registry people a coding run codes with: those of an unfinished (killed) run when there is
        one, so that the run resuming it codes every article exactly as the killed run would have; else
        the current ones, kept until `finish_run`. (Without this, people learned from the batches a
        killed run stored would change how the resuming run codes the rest.)"""
        unfinished = self._exec("SELECT registry FROM unfinished_run")
        if unfinished:
            return json.loads(unfinished[0][0])
        people = self.registry_people()
        self.con.execute("INSERT INTO unfinished_run (registry) VALUES (?)", [json.dumps(people)]).fetchall()
        return people

    def finish_run(self) -> None:
        self._exec("DELETE FROM unfinished_run")

    def registry_people(self) -> list[dict]:
        """People the texts taught (name, other names, roles with the dates seen), for later articles.

        Rows have the shape the knowledge base reads: name, aliases, country, sector, role, start."""
        rows = self._exec(
            """
            SELECT a.name, string_agg(DISTINCT n.name, '|'), r.country, r.sector, r.role, r.first_seen
            FROM actor_roles r JOIN actors a ON a.id = r.id JOIN actor_names n ON n.id = r.id
            WHERE r.resolved_by = 'text' AND contains(r.id, '-')
            GROUP BY a.name, r.country, r.sector, r.role, r.first_seen
            """
        )
        keys = ("name", "aliases", "country", "sector", "role", "start")
        return [dict(zip(keys, (value if key != "start" else value.isoformat() for key, value in zip(keys, row))))
                for row in rows]

    def iter_event_rows(self, batch_size: int = 5000) -> Iterator[dict]:
        cursor = self.con.cursor().execute(
            f"SELECT {', '.join(FLAT_COLUMNS)} FROM events ORDER BY {order_by(EVENT_ORDER)}"
        )
        while rows := cursor.fetchmany(batch_size):
            for row in rows:
                yield dict(zip(FLAT_COLUMNS, row))

    def event_rows_for(self, article_ids: list[str]) -> list[dict]:
        """Stored events of the given articles, as flat rows."""
        ids = pa.table({"id": article_ids})
        self.con.register("wanted", ids)
        try:
            rows = self._exec(
                f"SELECT {', '.join(FLAT_COLUMNS)} FROM events WHERE article_id IN (SELECT id FROM wanted) "
                f"ORDER BY {order_by(IN_ARTICLE_ORDER)}"
            )
        finally:
            self.con.unregister("wanted")
        return [dict(zip(FLAT_COLUMNS, row)) for row in rows]

    def count(self, table: str) -> int:
        return self._exec(f"SELECT count(*) FROM {table}")[0][0]  # table: internal names only


def _articles_table(articles: list[Article], n_events: list[int]) -> pa.Table:
    return pa.table({
        "id": [a.id for a in articles],
        "published": [a.published for a in articles],
        "title": [a.title for a in articles],
        "url": [a.url for a in articles],
        "source": [a.source for a in articles],
        "text": [a.text for a in articles],
        "text_hash": [text_hash(a.text) for a in articles],
        "n_events": n_events,
    })


def _mentions_table(events: list[Event]) -> pa.Table:
    """One row per actor mention in the events: what the registry learns from."""
    mentions = [(actor, event_day(event.date, event.published)) for event in events
                for actor in (event.source, event.target) if actor is not None]
    return pa.table({
        "id": pa.array([a.id for a, _ in mentions], pa.string()),
        "text": pa.array([a.text for a, _ in mentions], pa.string()),
        "country": pa.array([a.country for a, _ in mentions], pa.string()),
        "sector": pa.array([a.sector for a, _ in mentions], pa.string()),
        "role": pa.array([a.role for a, _ in mentions], pa.string()),
        "resolved_by": pa.array([a.resolved_by for a, _ in mentions], pa.string()),
        "date": pa.array([day for _, day in mentions], pa.date32()),
    })


def events_table(events: list[Event]) -> pa.Table:
    """The events as the events table stores them (one flat row each, typed columns)."""
    rows = [flatten(event_record(e)) for e in events]
    columns = {}
    for column in FLAT_COLUMNS:
        values = [row[column] for row in rows]
        kind = column_type(column)
        arrow_type = {"INTEGER": pa.int32(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_()}.get(kind, pa.string())
        if arrow_type == pa.string():
            values = [None if v is None else str(v) for v in values]
        columns[column] = pa.array(values, type=arrow_type)
    return pa.table(columns)
