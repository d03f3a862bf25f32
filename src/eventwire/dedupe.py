"""Cross-article deduplication: one event per happening, with the articles that reported it.

Reports are the same event when they share the event type, the source actor id, the target actor id
(or both have none), the negated and hypothetical flags, and their dates fall within a day:

- Actor ids that name no one in particular are refined: a collective id with no country (IGO, REB,
  CVL) is taken with the actor's name, so the UN and NATO stay apart; an unknown source ("UNK",
  "civilians were killed") is never merged.
- Day-precise dates are taken in runs of consecutive days per (type, source, target); each cluster is
  anchored at its earliest day and holds the reports of that day and the next, so every two reports
  of one event are at most a day apart and a fight reported every day for a month stays one event a
  pair of days rather than becoming one month-long event.
- Coarser dates ("2022-10", "2021") match only the same month or year at the same precision.

The merged event is its first report (earliest published, then most confident, then smallest id),
with `reports` (distinct articles, GDELT's NumArticles), `mentions` (event records merged, GDELT's
NumMentions; more than `reports` when one article tells the event twice), `sources` (distinct outlets,
at least 1; GDELT's NumSources) and `article_ids` (sorted).

All of it is one DuckDB query with window functions over the events table; nothing loops over rows
in Python. Use `dedupe_query()` to build on it, `create_view()` to query it by name, or
`deduplicated_rows()` / `deduplicated_records()` to read it.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb

from .models import UNKNOWN_ACTOR_ID
from .records import nest
from .schema import EVENT_ORDER, FLAT_COLUMNS, order_by

DEDUPE_COLUMNS = ("reports", "mentions", "sources", "article_ids")
VIEW_NAME = "events_deduped"
UNKNOWN_SOURCE = UNKNOWN_ACTOR_ID  # an event with no known doer is never merged
_GROUP = "event_type, source_key, target_key, negated_key, hypothetical_key"


def _actor_key(role: str) -> str:
    """The actor id; for a collective id with no country (IGO, REB, CVL), the id and the actor's name,
    so that the UN and NATO (both IGO) or gunmen and rebels (both REB) stay apart."""
    return (f"CASE WHEN coalesce({role}_country, '') = '' AND {role}_id NOT LIKE '%-%' "
            f"THEN {role}_id || '|' || lower(coalesce({role}_name, '')) ELSE {role}_id END")


def event_columns(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """The flat event columns the events table has (an older database may lack newer ones)."""
    present = {row[0] for row in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'"
    ).fetchall()}
    return tuple(column for column in FLAT_COLUMNS if column in present)


def dedupe_query(columns: tuple[str, ...] = FLAT_COLUMNS, events: str = "events") -> str:
    """SQL giving one row per deduplicated event: the event columns, then DEDUPE_COLUMNS (unordered).

    Clusters are found on narrow rows (ids, keys, dates); only the merged events' full rows are read."""
    selected = ", ".join(f"e.{column}" for column in columns)
    return f"""
    WITH keyed AS (
        SELECT id, article_id, event_type, published, confidence, date,
               CASE WHEN source_id = '{UNKNOWN_SOURCE}' THEN id ELSE {_actor_key("source")} END AS source_key,
               coalesce({_actor_key("target")}, '') AS target_key,
               coalesce(negated, false) AS negated_key,
               coalesce(hypothetical, false) AS hypothetical_key,
               CASE WHEN length(date) = 10 THEN TRY_CAST(date AS DATE) END AS day
        FROM {events}
    ),
    days AS (
        SELECT DISTINCT {_GROUP}, day FROM keyed WHERE day IS NOT NULL
    ),
    runs AS (
        SELECT *, day - CAST(row_number() OVER (PARTITION BY {_GROUP} ORDER BY day) AS INTEGER) AS run
        FROM days
    ),
    anchors AS (
        SELECT *, min(day) OVER (PARTITION BY {_GROUP}, run) AS run_start FROM runs
    ),
    periods AS (
        SELECT {_GROUP}, day,
               CAST(run_start + CAST(2 * (date_diff('day', run_start, day) // 2) AS INTEGER) AS VARCHAR) AS period
        FROM anchors
    ),
    clustered AS (
        SELECT k.*, coalesce(p.period, k.date, '') AS period
        FROM keyed k
        LEFT JOIN periods p USING ({_GROUP}, day)
    ),
    ranked AS (
        SELECT article_id, first_value(id) OVER (
            PARTITION BY {_GROUP}, period ORDER BY published, confidence DESC NULLS LAST, id
        ) AS cluster_id
        FROM clustered
    ),
    stats AS (
        SELECT r.cluster_id,
               count(DISTINCT r.article_id) AS reports,
               count(*) AS mentions,
               greatest(count(DISTINCT nullif(a.source, '')), 1) AS sources,
               list_sort(list(DISTINCT r.article_id)) AS article_ids
        FROM ranked r LEFT JOIN articles a ON a.id = r.article_id
        GROUP BY r.cluster_id
    )
    SELECT {selected}, s.reports, s.mentions, s.sources, s.article_ids
    FROM {events} e JOIN stats s ON s.cluster_id = e.id
    """


def create_view(con: duckdb.DuckDBPyConnection, name: str = VIEW_NAME) -> str:
    """A temporary view of the deduplicated events on this connection, for filtering and paging in SQL."""
    con.execute(f'CREATE OR REPLACE TEMP VIEW "{name}" AS {dedupe_query(event_columns(con))}')
    return name


def deduplicated_rows(con: duckdb.DuckDBPyConnection, batch_size: int = 5000) -> Iterator[dict]:
    """Flat rows of the deduplicated events (event columns and DEDUPE_COLUMNS), in publication order."""
    columns = event_columns(con) + DEDUPE_COLUMNS
    cursor = con.cursor().execute(f"SELECT * FROM ({dedupe_query(event_columns(con))}) ORDER BY {order_by(EVENT_ORDER)}")
    while rows := cursor.fetchmany(batch_size):
        for row in rows:
            yield dict(zip(columns, row))


def dedupe_record(row: dict) -> dict:
    """The JSON record of one deduplicated flat row: the event record plus its report counts."""
    record = nest(row)
    for column in DEDUPE_COLUMNS:
        if column in row:
            record[column] = list(row[column]) if column == "article_ids" else row[column]
    return record


def deduplicated_records(con: duckdb.DuckDBPyConnection) -> Iterator[dict]:
    """JSON records of the deduplicated events, with `reports`, `mentions`, `sources` and `article_ids`."""
    return (dedupe_record(row) for row in deduplicated_rows(con))
