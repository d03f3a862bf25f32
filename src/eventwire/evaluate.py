"""Score coded events against gold records: PLOVER gold-standard JSON or PETRARCH validation XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .ingest import parse_date
from .models import Article, Event

OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
OLD_CODES = {"JAP": "JPN", "ITL": "ITA"}
NONSTATE = {"IGO", "NGO", "IMG", "ISM"}


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
    if text.lstrip().startswith("<"):
        return "petrarch", _petrarch_records(text)
    return "plover", _plover_records(json.loads(text))


def _plover_records(data: list[dict]) -> list[GoldRecord]:
    records = []
    for item in data:
        label = OLD_LABELS.get(item.get("event", ""), item.get("event", ""))
        if not item.get("text") or not label or label == "DOCUMENT":
            continue
        records.append(GoldRecord(
            id=str(item["id"]), text=item["text"], published=parse_date(item.get("date") or "") or date(2000, 1, 1),
            event_type=label, sources=_codes(item.get("source")), targets=_codes(item.get("target")),
        ))
    return records


def _codes(actors) -> list[str]:
    if not isinstance(actors, list):
        return []
    return [OLD_CODES.get(a["code"], a["code"]) for a in actors if isinstance(a, dict) and a.get("code")]


def _petrarch_records(text: str) -> list[GoldRecord]:
    root = ET.fromstring(text)
    records = []
    for sentence in root.iter("Sentence"):
        codings = sentence.findall("EventCoding")
        body = " ".join((sentence.findtext("Text") or "").split())
        if not body:
            continue
        raw_date = sentence.get("date", "")
        records.append(GoldRecord(
            id=sentence.get("id", str(len(records))), text=body,
            published=parse_date(raw_date) or date(2000, 1, 1),
            cameo=[c.get("eventcode", "") for c in codings],
            sources=[c.get("sourcecode", "") for c in codings],
            targets=[c.get("targetcode", "") for c in codings],
        ))
    return records


def actor_matches(actor, code: str) -> bool:
    """Does an event's actor match a gold code (ISO state, IGO/NGO, or a PETRARCH code like BREGOV)?"""
    if actor is None or not code:
        return False
    code = OLD_CODES.get(code.upper(), code.upper())
    if code in NONSTATE:
        return code in (actor.sector, actor.country)
    if len(code) > 3:
        return actor.country == code[:3] and (actor.sector == code[3:6] or not actor.sector)
    return actor.country == code


def score_plover(records: list[GoldRecord], events: dict[str, list[Event]]) -> dict:
    hits = Counter()
    confusion: dict[str, Counter] = {}
    predicted = Counter()
    for record in records:
        found = events.get(record.id, [])
        same = [e for e in found if e.event_type == record.event_type]
        best = max(found, key=lambda e: e.confidence, default=None)
        hits["type"] += bool(same)
        hits["src"] += any(_any(e.source, record.sources) for e in same)
        hits["tgt"] += any(_any(e.target, record.targets) for e in same)
        hits["triple"] += any(_any(e.source, record.sources) and (_any(e.target, record.targets)
                                                                    if record.targets else True) for e in same)
        hits["top1"] += bool(best) and best.event_type == record.event_type
        hits["spurious"] += len(found) - len(same)
        hits["events"] += len(found)
        confusion.setdefault(record.event_type, Counter())[best.event_type if best else "NONE"] += 1
        for event_type in {e.event_type for e in found}:
            predicted[event_type] += 1
    n = len(records) or 1
    return {
        "format": "plover",
        "records": len(records),
        "type": hits["type"] / n, "top1": hits["top1"] / n,
        "source": hits["src"] / n, "target": hits["tgt"] / n, "triple": hits["triple"] / n,
        "events_per_sentence": hits["events"] / n, "spurious_per_sentence": hits["spurious"] / n,
        "per_type": _per_type(records, events, predicted),
        "confusion": {gold: dict(row) for gold, row in sorted(confusion.items())},
    }


def _any(actor, codes: list[str]) -> bool:
    return any(actor_matches(actor, code) for code in codes) if codes else True


def _per_type(records, events, predicted: Counter) -> dict:
    gold_counts = Counter(r.event_type for r in records)
    true_pos = Counter(r.event_type for r in records if any(e.event_type == r.event_type for e in events.get(r.id, [])))
    table = {}
    for event_type in sorted(set(gold_counts) | set(predicted)):
        precision = true_pos[event_type] / predicted[event_type] if predicted[event_type] else 0.0
        recall = true_pos[event_type] / gold_counts[event_type] if gold_counts[event_type] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[event_type] = {"gold": gold_counts[event_type], "precision": precision, "recall": recall, "f1": f1}
    return table


def score_petrarch(records: list[GoldRecord], events: dict[str, list[Event]]) -> dict:
    """A record is right when every gold coding has an event with its CAMEO root, source and target."""
    coded = [r for r in records if r.cameo]
    right = root_hits = 0
    for record in coded:
        found = events.get(record.id, [])
        codings = list(zip(record.cameo, record.sources, record.targets))
        root_hits += all(any(e.cameo[:2] == code[:2] for e in found) for code, _, _ in codings)
        right += all(
            any(e.cameo[:2] == code[:2] and actor_matches(e.source, src) and actor_matches(e.target, tgt)
                for e in found)
            for code, src, tgt in codings
        )
    n = len(coded) or 1
    return {"format": "petrarch", "records": len(coded), "root": root_hits / n, "root_source_target": right / n,
            "events_per_sentence": sum(len(events.get(r.id, [])) for r in coded) / n}
