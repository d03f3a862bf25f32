"""Property tests (hypothesis): whatever text and records come in, the reader and the coder raise nothing,
evidence offsets point into the article, and every event validates against the event schema."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.ingest import Report, iter_articles
from eventwire.models import PLOVER_TYPES, SECTORS, Article
from eventwire.records import event_record

EXAMPLES = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ANCHOR = "Kazakhstan's foreign ministry summoned Russia's ambassador on Monday."
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
COUNTRY = re.compile(r"[A-Z]{3}")

# Words that make the coder work (actors, event verbs, dates, pronouns), mixed with arbitrary text.
ACTORS = ["Russia", "Ukraine's foreign ministry", "the Kremlin", "Kyiv", "protesters", "Turkish police",
          "President Tokayev", "the United Nations", "rebels", "he", "they", "its ambassador", "NATO"]
VERBS = ["condemned", "summoned", "attacked", "met with", "agreed to send aid to", "accused", "sanctioned",
         "threatened to invade", "did not meet", "will impose sanctions on", "arrested", "said", "praised"]
TAILS = ["on Monday", "last year", "earlier this month", "on September 21", "in August", "if it refuses", ""]
JUNK = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@st.composite
def sentences(draw) -> str:
    parts = [draw(st.sampled_from(ACTORS)), draw(st.sampled_from(VERBS)), draw(st.sampled_from(ACTORS)),
             draw(st.sampled_from(TAILS))]
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), draw(JUNK))
    return " ".join(part for part in parts if part) + draw(st.sampled_from([".", "!", "", "?\u201d", ";"]))


@st.composite
def article_texts(draw) -> str:
    """Sentences and junk with varied separators, plus the anchor sentence on a line of its own."""
    pieces = draw(st.lists(st.one_of(sentences(), JUNK), min_size=0, max_size=8))
    separators = st.sampled_from([" ", "\n", "\n\n", "  \t", "\r\n", "\u2029"])
    text = "".join(piece + draw(separators) for piece in pieces)
    at = draw(st.integers(0, len(text)))
    return text[:at] + "\n\n" + ANCHOR + "\n\n" + text[at:]


def schema_problems(record: dict, text: str) -> list[str]:
    """What in one event record breaks the event contract (README, 'One event')."""
    problems = []
    expect = {"id": str, "article_id": str, "sentence": int, "date": str, "date_text": str, "published": str,
              "event_type": str, "cameo": str, "goldstein": (int, float), "quad_class": int, "trigger": str,
              "trigger_start": int, "trigger_end": int, "negated": bool, "hypothetical": bool,
              "confidence": (int, float), "source": dict, "evidence": dict}
    problems += [f"{key} is {type(record.get(key)).__name__}" for key, kind in expect.items()
                 if not isinstance(record.get(key), kind)]
    if problems:
        return problems
    checks = {
        "event_type in PLOVER types": record["event_type"] in PLOVER_TYPES,
        "mode str or null": record["mode"] is None or isinstance(record["mode"], str),
        "cameo digits": record["cameo"].isdigit(),
        "quad_class 1..4": 1 <= record["quad_class"] <= 4,
        "goldstein -10..10": -10 <= record["goldstein"] <= 10,
        "confidence 0..1": 0 <= record["confidence"] <= 1,
        "date ISO": ISO_DATE.fullmatch(record["date"]) is not None,
        "published ISO": ISO_DATE.fullmatch(record["published"]) is not None,
        "sentence >= 0": record["sentence"] >= 0,
    }
    problems += [name for name, ok in checks.items() if not ok]
    for role in ("source", "target", "reported_by"):
        problems += actor_problems(role, record.get(role))
    return problems + offset_problems(record, text)


def actor_problems(role: str, actor: dict | None) -> list[str]:
    if actor is None:
        return [] if role != "source" else ["no source"]
    problems = [f"{role}.{key} not a string" for key in ("text", "name", "id", "country", "sector")
                if not isinstance(actor.get(key), str)]
    if problems:
        return problems
    if actor["country"] and not COUNTRY.fullmatch(actor["country"]):
        problems.append(f"{role}.country {actor['country']!r} not 3 letters")
    if actor["sector"] and actor["sector"] not in SECTORS:
        problems.append(f"{role}.sector {actor['sector']!r} unknown")
    if not actor["id"]:
        problems.append(f"{role}.id empty")
    return problems


def offset_problems(record: dict, text: str) -> list[str]:
    evidence = record["evidence"]
    start, end = evidence["start"], evidence["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return [f"evidence offsets {start}..{end} outside the article (length {len(text)})"]
    problems = []
    if text[start:end] != evidence["text"]:
        problems.append(f"evidence text is not article[{start}:{end}]")
    if not start <= record["trigger_start"] < record["trigger_end"] <= end:
        problems.append(f"trigger {record['trigger_start']}..{record['trigger_end']} outside the evidence")
    elif record["trigger"].split()[0] not in text[record["trigger_start"]:record["trigger_end"]]:
        problems.append(f"trigger {record['trigger']!r} not at its offsets")
    return problems


# --- the coder -------------------------------------------------------------------------------------


@EXAMPLES
@given(text=article_texts())
def test_coder_events_validate_and_point_into_the_article(coder, text):
    article = Article(id="prop", text=text, published=date(2022, 10, 20))
    records = [event_record(event) for event in coder.code_article(article)]
    for record in records:
        assert schema_problems(record, text) == [], record
        assert record["article_id"] == "prop"
    # Junk around it must not cost the event of a well-formed sentence on a line of its own.
    assert any(r["event_type"] == "ACCUSE" and r["source"]["country"] == "KAZ"
               and text[r["trigger_start"]:r["trigger_end"]] == "summoned" for r in records), records


@EXAMPLES
@given(text=st.text(max_size=400))
def test_coder_takes_any_text_without_raising(coder, text):
    """Honest: the coder raises its errors (on_error="raise"), so any crash in any stage fails this test;
    nothing is skipped quietly. (Arbitrary text may hold no event: the anchor test above holds one.)"""
    assert coder.options.on_error == "raise"
    article = Article(id="any", text=text, published=date(2022, 10, 20))
    events = coder.code_article(article)
    assert isinstance(events, list)
    for record in map(event_record, events):
        assert schema_problems(record, text) == [], record


def test_the_validator_catches_broken_records(coder):
    """The schema check is not vacuous: a valid event passes, damaged copies fail."""
    text = ANCHOR
    [record] = [event_record(e) for e in coder.code_article(Article("v", text, date(2022, 10, 20)))]
    assert schema_problems(record, text) == []
    damaged = [
        {**record, "event_type": "FIGHT"}, {**record, "quad_class": 5}, {**record, "confidence": 1.5},
        {**record, "source": {**record["source"], "country": "KZ"}},
        {**record, "evidence": {**record["evidence"], "start": record["evidence"]["start"] + 1}},
        {**record, "trigger_start": len(text) + 3}, {**record, "negated": "no"},
    ]
    assert all(schema_problems(bad, text) for bad in damaged)


# --- the reader ------------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={"id": JSON_VALUES, "date": st.one_of(JSON_VALUES, st.dates().map(date.isoformat)),
              "text": st.one_of(JSON_VALUES, st.text(min_size=1, max_size=200)), "title": JSON_VALUES,
              "url": JSON_VALUES, "source": JSON_VALUES},
)


def read(path: Path, default: date | None = None) -> tuple[list[Article], Report]:
    report = Report(quiet=True)
    return list(iter_articles([str(path)], default, report)), report


def assert_sound(articles: list[Article], report: Report) -> None:
    assert report.read == len(articles)
    assert report.skipped == sum(report.skip_kinds.values()) == sum(m.startswith("eventwire: skipped ") for m in report.messages)
    for article in articles:
        assert isinstance(article.id, str) and article.id
        assert isinstance(article.text, str) and article.text.strip() and "\0" not in article.text
        assert isinstance(article.published, date)


@EXAMPLES
@given(records=st.lists(st.one_of(RECORDS, JSON_VALUES), max_size=6))
def test_jsonl_records_of_any_shape_give_an_article_or_one_message_each(tmp_path_factory, records):
    path = tmp_path_factory.mktemp("jsonl") / "records.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    articles, report = read(path)
    assert_sound(articles, report)
    if records:
        assert len(articles) + report.skipped == len(records)


@EXAMPLES
@given(content=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".jsonl", ".csv"]))
def test_any_bytes_in_any_input_file_raise_nothing(tmp_path_factory, content, suffix):
    path = tmp_path_factory.mktemp("bytes") / f"input{suffix}"
    path.write_bytes(content)
    articles, report = read(path, default=date(2022, 10, 20))
    assert_sound(articles, report)
    assert articles or report.messages or not content.strip(b"\r\n")  # never silent about dropping text


@EXAMPLES
@given(rows=st.lists(st.lists(st.text(max_size=30), min_size=0, max_size=4), max_size=5),
       header=st.lists(st.sampled_from(["id", "date", "text", "title", "body", ""]), min_size=1, max_size=4))
def test_csv_of_any_shape_raises_nothing(tmp_path_factory, rows, header):
    import csv

    path = tmp_path_factory.mktemp("csv") / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    articles, report = read(path)
    assert_sound(articles, report)
