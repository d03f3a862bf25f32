"""Score coded events against gold records: PLOVER gold-standard JSON or PETRARCH validation XML.

Both become GoldRecords with one or more gold codings (label, source codes, target codes); the label
is the PLOVER type for PLOVER gold and the CAMEO root (two digits) for PETRARCH gold, and events are
compared on the same kind of label. Metrics, as shares of the records (a record is right when all
its codings are):
- type: some event has the gold label; top1: the most confident event has it;
- source / target / triple: an event with the gold label also has a gold source / target / both
  (where the gold has no target any is accepted);
- source_accuracy, target_accuracy: the same per coding, among codings whose label was found
  (target: those with a gold target);
- per label: precision (of the records with an event of it, the share whose gold has it), recall, F1;
- events per sentence, events of another label per sentence, and a confusion matrix of the gold
  label against the most confident event's label (NONE: no event).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .geo import Gazetteer, Mention, article_mentions, load_gazetteer, place_key
from .ingest import parse_date
from .models import Article, Event

OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
OLD_CODES = {"JAP": "JPN", "ITL": "ITA"}
NONSTATE = {"IGO", "NGO", "IMG", "ISM"}
UNKNOWN_STATE = {"---", "###"}


@dataclass
class GoldRecord:
    id: str
    text: str
    published: date
    event_type: str = ""  # PLOVER type (PLOVER gold)
    cameo: list[str] = field(default_factory=list)  # CAMEO codes (PETRARCH gold), one per coding
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)

    def article(self) -> Article:
        return Article(id=self.id, text=self.text, published=self.published)


def load_gold(path: str | Path) -> tuple[str, list[GoldRecord]]:
    """("plover" | "petrarch", records), by file content."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    kind, records = ("petrarch", _petrarch_records(text)) if text.lstrip().startswith("<") else (
        "plover", _plover_records(json.loads(text)))
    if not records:
        raise ValueError("no gold records in it (expected a PLOVER JSON list or PETRARCH <Sentence> records)")
    return kind, records


def _plover_records(data) -> list[GoldRecord]:
    if not isinstance(data, list):
        raise ValueError("expected a JSON list of gold records")
    records = []
    for item in data:
        if not isinstance(item, dict):
            raise ValueError(f"expected a JSON object per gold record, got {type(item).__name__}")
        label = str(item.get("event") or "").upper()
        label = OLD_LABELS.get(label, label)
        if not isinstance(item.get("text"), str) or not item["text"].strip() or not label or label == "DOCUMENT":
            continue
        records.append(GoldRecord(
            id=str(item.get("id", len(records))), text=item["text"], published=parse_date(item.get("date") or "") or date(2000, 1, 1),
            event_type=label, sources=_codes(item.get("source")), targets=_codes(item.get("target")),
        ))
    return records


def _codes(actors) -> list[str]:
    if not isinstance(actors, list):
        return []
    return [OLD_CODES.get(a["code"], a["code"]) for a in actors if isinstance(a, dict) and a.get("code")]


def _petrarch_records(text: str) -> list[GoldRecord]:
    root = ET.fromstring(text)
    records, seen = [], Counter()
    for sentence in root.iter("Sentence"):
        codings = [c for c in sentence.findall("EventCoding") if c.get("eventcode", "").strip()]
        body = " ".join((sentence.findtext("Text") or "").split())
        if not body:
            continue
        raw_date = sentence.get("date", "")
        record_id = sentence.get("id", str(len(records)))
        seen[record_id] += 1
        records.append(GoldRecord(
            id=record_id if seen[record_id] == 1 else f"{record_id}#{seen[record_id]}", text=body,
            published=parse_date(raw_date) or date(2000, 1, 1),
            cameo=[c.get("eventcode", "") for c in codings],
            sources=[c.get("sourcecode", "") for c in codings],
            targets=[c.get("targetcode", "") for c in codings],
        ))
    return records


def actor_matches(actor, code: str) -> bool:
    """Does an event's actor match a gold code (ISO state, IGO/NGO, or a PETRARCH code like BREGOV)?

    PETRARCH codes are three-letter segments: a state (`---` or `###` where unknown) or a non-state
    kind (IGOEEU, NGOARN), then sectors; a state code's first sector must match the actor's, if any."""
    if actor is None or not code:
        return False
    code = OLD_CODES.get(code.upper(), code.upper())
    head, sector = code[:3], code[3:6]
    if head in NONSTATE:
        return head in (actor.sector, actor.country)
    if head in UNKNOWN_STATE:
        return bool(sector) and actor.sector == sector
    if sector:
        return actor.country == head and (actor.sector == sector or not actor.sector)
    return actor.country == code


@dataclass
class Coding:
    """One gold coding: a label (PLOVER type, or CAMEO root for PETRARCH gold) and the actor codes."""

    label: str
    sources: list[str]
    targets: list[str]


def gold_codings(record: GoldRecord, kind: str) -> list[Coding]:
    if kind == "plover":
        return [Coding(record.event_type, record.sources, record.targets)]
    return [Coding(code[:2], _named(src), _named(tgt)) for code, src, tgt in zip(record.cameo, record.sources, record.targets)]


def _named(code: str) -> list[str]:
    """A PETRARCH gold actor code as a list; a bare `---` (PETRARCH found nobody: "a senior official
    said", no target) names no one, like an empty code, so no actor or any actor is right for it."""
    return [code] if code and code.strip() not in UNKNOWN_STATE else []


def event_label(event: Event, kind: str) -> str:
    return event.event_type if kind == "plover" else event.cameo[:2]


def score(kind: str, records: list[GoldRecord], events: dict[str, list[Event]]) -> dict:
    """Every metric for records of either kind; a record counts as right only if all its codings are."""
    scored = [r for r in records if gold_codings(r, kind)]
    hits, per_coding = Counter(), Counter()
    confusion: dict[str, Counter] = {}
    for record in scored:
        found = events.get(record.id, [])
        codings = gold_codings(record, kind)
        results = [_coding_hits(coding, found, kind) for coding in codings]
        for result in results:
            per_coding.update(result)
        for key in ("type", "source", "target", "triple"):
            hits[key] += all(result[key] for result in results)
        best = max(found, key=lambda e: e.confidence, default=None)
        top = event_label(best, kind) if best else "NONE"
        hits["top1"] += top in {c.label for c in codings}
        hits["events"] += len(found)
        hits["spurious"] += sum(event_label(e, kind) not in {c.label for c in codings} for e in found)
        confusion.setdefault(codings[0].label, Counter())[top] += 1
    n = len(scored) or 1
    uncoded = [r for r in records if not gold_codings(r, kind)]
    scores = {
        "format": kind, "records": len(scored),
        "type": hits["type"] / n, "top1": hits["top1"] / n,
        "source": hits["source"] / n, "target": hits["target"] / n, "triple": hits["triple"] / n,
        "source_accuracy": _ratio(per_coding["source"], per_coding["type"]),
        "target_accuracy": _ratio(per_coding["gold_target_right"], per_coding["gold_target_found"]),
        "events_per_sentence": hits["events"] / n, "spurious_per_sentence": hits["spurious"] / n,
    }
    if uncoded:
        scores["records_without_event"] = len(uncoded)
        scores["events_per_sentence_without_event"] = sum(len(events.get(r.id, [])) for r in uncoded) / len(uncoded)
    per_type = _per_type(scored, events, kind)
    scores["macro_f1"] = sum(row["f1"] for row in per_type.values() if row["gold"]) / (
        sum(1 for row in per_type.values() if row["gold"]) or 1)
    scores["per_type"] = per_type
    scores["confusion"] = {gold: dict(row) for gold, row in sorted(confusion.items())}
    return scores


def _coding_hits(coding: Coding, found: list[Event], kind: str) -> dict[str, bool]:
    same = [e for e in found if event_label(e, kind) == coding.label]
    source_right = [e for e in same if _any(e.source, coding.sources)]
    return {
        "type": bool(same),
        "source": bool(source_right),
        "target": any(_any(e.target, coding.targets) for e in same),
        "triple": any(_any(e.target, coding.targets) for e in source_right),
        "gold_target_found": bool(same) and bool(coding.targets),
        "gold_target_right": bool(coding.targets) and any(_any(e.target, coding.targets) for e in same),
    }


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _any(actor, codes: list[str]) -> bool:
    """Does the actor match one of the gold codes? With no gold code any actor (or none) will do."""
    return any(actor_matches(actor, code) for code in codes) if codes else True


def _per_type(records: list[GoldRecord], events: dict[str, list[Event]], kind: str) -> dict:
    """Per label, over records: precision (records with an event of it whose gold has it), recall, F1."""
    gold, predicted, right = Counter(), Counter(), Counter()
    for record in records:
        gold_labels = {c.label for c in gold_codings(record, kind)}
        labels = {event_label(e, kind) for e in events.get(record.id, [])}
        gold.update(gold_labels)
        predicted.update(labels)
        right.update(gold_labels & labels)
    table = {}
    for label in sorted(set(gold) | set(predicted)):
        precision, recall = _ratio(right[label], predicted[label]), _ratio(right[label], gold[label])
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[label] = {"gold": gold[label], "predicted": predicted[label], "precision": precision,
                        "recall": recall, "f1": f1}
    return table


def score_plover(records: list[GoldRecord], events: dict[str, list[Event]]) -> dict:
    return score("plover", records, events)


def score_petrarch(records: list[GoldRecord], events: dict[str, list[Event]]) -> dict:
    """CAMEO roots as labels; `root` and `root_source_target` are `type` and `triple` under their old names."""
    scores = score("petrarch", records, events)
    scores["root"], scores["root_source_target"] = scores["type"], scores["triple"]
    return scores


def format_table(scores: dict) -> str:
    """The scores as a plain-text table: figures, per-type precision/recall/F1, confusion matrix."""
    lines = [f"{key:>34}  {value:.3f}" if isinstance(value, float) else f"{key:>34}  {value}"
             for key, value in scores.items() if not isinstance(value, dict)]
    lines.append(f"\n{'type':>12} {'gold':>5} {'pred':>5} {'prec':>6} {'recall':>6} {'f1':>6}")
    for label, row in scores["per_type"].items():
        lines.append(f"{label:>12} {row['gold']:>5} {row['predicted']:>5} {row['precision']:>6.2f} "
                     f"{row['recall']:>6.2f} {row['f1']:>6.2f}")
    columns = sorted({top for row in scores["confusion"].values() for top in row} | set(scores["confusion"]))
    columns = [c for c in columns if c != "NONE"] + ["NONE"]
    lines.append("\nconfusion (rows: gold, columns: most confident event)")
    lines.append(" " * 12 + "".join(f"{c[:5]:>6}" for c in columns))
    for label, row in scores["confusion"].items():
        lines.append(f"{label:>12}" + "".join(f"{row.get(c, 0) or '.':>6}" for c in columns))
    return "\n".join(lines)


# --- geolocation: place mentions ------------------------------------------------------------------


@dataclass
class MentionScore:
    """Country and place accuracy over annotated mentions, and how often the place/government use is right."""

    rows: int = 0
    found: int = 0
    country: int = 0
    place: int = 0
    use: int = 0
    misses: list[str] = field(default_factory=list)

    def rate(self, name: str) -> float:
        return round(getattr(self, name) / self.rows, 3) if self.rows else 0.0


def score_mentions(
    rows: list[dict],
    texts: dict[str, str],
    nlp,
    gazetteer: Gazetteer | None = None,
    uses: tuple[str, ...] = ("place",),
) -> MentionScore:
    """Score annotated mentions (rows with article_id, sentence_snippet, mention, expected_country,
    expected_place, use) against each article parsed whole; `texts` maps article ids to their text."""
    gazetteer = gazetteer or load_gazetteer()
    result = MentionScore()
    wanted = [row for row in rows if row["use"] in uses]
    for article_id in dict.fromkeys(row["article_id"] for row in wanted):
        text = texts[article_id]
        mentions, _ = article_mentions([(nlp(text), 0)], text, gazetteer, [])
        for row in (r for r in wanted if r["article_id"] == article_id):
            _score_row(row, text, mentions, gazetteer, result)
    return result


def _score_row(
    row: dict, text: str, mentions: list[Mention], gazetteer: Gazetteer, result: MentionScore
) -> None:
    start = text.index(row["sentence_snippet"]) + row["sentence_snippet"].index(row["mention"])
    end = start + len(row["mention"])
    found = next(
        (
            m
            for m in mentions
            if m.span is not None
            and m.span.start_char < end
            and start < m.span.end_char
            and m.place is not None
        ),
        None,
    )
    result.rows += 1
    place = found.place if found else None
    country_ok = place is not None and place.country == row["expected_country"]
    place_ok = country_ok and (
        place_key(place.name) == place_key(row["expected_place"])
        or place in gazetteer.candidates(row["expected_place"])
    )
    result.found += found is not None
    result.country += country_ok
    result.place += place_ok
    use_ok = (found is not None and found.as_place) == (row["use"] == "place")
    result.use += use_ok
    if not use_ok:
        result.misses.append(f"use: {row['mention']} as {row['use']} in: {row['sentence_snippet']}")
    if not place_ok:
        got = f"{place.name} {place.country}" if place else "nothing"
        result.misses.append(f"{row['mention']} ({row['expected_place']}, {row['expected_country']}): {got}")
