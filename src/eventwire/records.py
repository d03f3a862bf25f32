"""One event as a JSON record (the command-line contract) and as a flat row (CSV, database)."""

from __future__ import annotations

from dataclasses import asdict

from .models import Event
from .schema import ACTOR_FIELDS, EVIDENCE_FIELDS, FLAT_COLUMNS, LOCATION_FIELDS, NESTED, SCALAR_FIELDS

# The fields are defined in schema.py; named here too, for the modules that read records.
__all__ = ["ACTOR_FIELDS", "EVIDENCE_FIELDS", "FLAT_COLUMNS", "LOCATION_FIELDS", "NESTED", "SCALAR_FIELDS",
           "event_record", "flatten", "nest"]


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
