"""The shape of a stored event: its fields, flat columns and their types, the order events are read
in, and the day an event is put on, in Python and in SQL.

An event's date is as precise as its text: "2022-10-21", "2022-10" or "2022" (none: the publication
date stands in). Series, the API's newest-first order and the registry's dates put a month or a year
on its first day (`event_day`, `EVENT_DAY_SQL`). The GDELT export is the one exception (`gdelt_day`):
it puts a month or year on the publication day when that falls inside it.
"""

from __future__ import annotations

import re
from datetime import date

ACTOR_FIELDS = ("text", "name", "id", "country", "sector", "code")
EVIDENCE_FIELDS = ("text", "start", "end")
LOCATION_FIELDS = ("text", "name", "country", "admin1", "lat", "lon", "feature", "geonameid", "precision")
NESTED = {"source": ACTOR_FIELDS, "target": ACTOR_FIELDS, "reported_by": ACTOR_FIELDS, "evidence": EVIDENCE_FIELDS,
          "location": LOCATION_FIELDS}
SCALAR_FIELDS = (
    "id", "article_id", "sentence", "date", "date_text", "published", "event_type", "mode", "cameo",
    "goldstein", "quad_class", "trigger", "trigger_start", "trigger_end", "negated", "hypothetical",
    "confidence",
)
FLAT_COLUMNS = SCALAR_FIELDS + tuple(f"{name}_{field}" for name, fields in NESTED.items() for field in fields)
LOCATION_COLUMNS = tuple(f"location_{name}" for name in LOCATION_FIELDS)

# SQL types of the events table; every other column is VARCHAR.
COLUMN_TYPES = {
    "sentence": "INTEGER", "goldstein": "DOUBLE", "quad_class": "INTEGER", "trigger_start": "INTEGER",
    "trigger_end": "INTEGER", "negated": "BOOLEAN", "hypothetical": "BOOLEAN", "confidence": "DOUBLE",
    "evidence_start": "INTEGER", "evidence_end": "INTEGER",
    "location_lat": "DOUBLE", "location_lon": "DOUBLE", "location_geonameid": "INTEGER",
}

# Stored events are read in publication order, then as they stand in their article.
EVENT_ORDER = ("published", "article_id", "sentence", "trigger_start")
IN_ARTICLE_ORDER = EVENT_ORDER[1:]


def column_type(column: str) -> str:
    return COLUMN_TYPES.get(column, "VARCHAR")


def order_by(columns: tuple[str, ...] = EVENT_ORDER, table: str = "") -> str:
    """The columns as an ORDER BY list, each prefixed with `table.` when given."""
    return ", ".join(f"{table}.{column}" if table else column for column in columns)


# The day of an event: a day-precise date is its own day; a month or a year its first day; no date
# (or one that is not a date) the publication day. The SQL and the Python say the same.
EVENT_DAY_SQL = (
    "coalesce(TRY_CAST(CASE length(date) WHEN 4 THEN date || '-01-01' WHEN 7 THEN date || '-01' "
    "ELSE substr(date, 1, 10) END AS DATE), TRY_CAST(published AS DATE))"
)


def event_day(event_date: str | date | None, published: str | date | None) -> date | None:
    """The event's day as EVENT_DAY_SQL computes it."""
    text = str(event_date) if event_date is not None else ""
    first_day = {4: text + "-01-01", 7: text + "-01"}.get(len(text), text[:10])
    return _parse_day(first_day) or _parse_day(published)


def gdelt_day(event_date: str | None, published: str | None) -> date | None:
    """The GDELT export's day: its own date when day-precise; for a month or year, the publication day
    if it falls in that period, else the period's first day; the publication day when there is no date."""
    published_day = _parse_day(published)
    text = (event_date or "").strip()
    if len(text) == 10:
        return _parse_day(text) or published_day
    if re.fullmatch(r"\d{4}(-\d{2})?", text):
        if published and published.startswith(text):
            return published_day
        return _parse_day(text + ("-01" if len(text) == 7 else "-01-01"))
    return published_day


def _parse_day(text: str | date | None) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None
