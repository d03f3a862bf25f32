"""One event as a JSON record (the command-line contract) and as a flat row (CSV, database)."""

from __future__ import annotations

from dataclasses import asdict

from .models import Event

ACTOR_FIELDS = ("text", "name", "id", "country", "sector")
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


def event_record(event: Event) -> dict:
    """The JSON object of one event, fields in contract order."""
    data = asdict(event)
    record = {key: data[key] for key in SCALAR_FIELDS}
    for name, fields in NESTED.items():
        value = data[name]
        record[name] = {key: value[key] for key in fields} if value is not None else None
    return record


def flatten(record: dict) -> dict:
    row = {key: record.get(key) for key in SCALAR_FIELDS}
    for name, fields in NESTED.items():
        nested = record.get(name) or {}
        for field in fields:
            row[f"{name}_{field}"] = nested.get(field)
    return row


def nest(row: dict) -> dict:
    record = {key: row.get(key) for key in SCALAR_FIELDS}
    for name, fields in NESTED.items():
        values = {field: row.get(f"{name}_{field}") for field in fields}
        record[name] = values if values.get(fields[0]) is not None else None
    return record
