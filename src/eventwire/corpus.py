"""The annotated news corpus (issue 16): sentences of the shared news articles, named by article id
and character offsets (the texts are never copied), with the events annotators found in them.

- `sentence_refs(news)`: the corpus's sentences, chosen the same way on every machine: whole articles
  in the order of a hash of their id, titles included, each with its split (`dev`: whole articles,
  never read by a rule, lexicon row or training run).
- `annotations(folder)`: the annotators' records (`corpus/annotations/*.jsonl`, one JSON object per
  sentence), checked by `problems`.

The annotation guide is `corpus/guide.md`."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .nlp import split_sentences

SOURCES = {  # file in ../shared/data/news -> sentences wanted from it
    "wikinews_politics.jsonl": 2500, "reuters21578_politics.jsonl": 1200,
    "agnews_world.jsonl": 800, "bbc_politics.jsonl": 500,
}
DEV_SHARE = 5  # one article in five is dev
PLOVER_TYPES = ("AGREE", "SUPPORT", "CONSULT", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
                "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "CONCEDE")
FLAGS = ("negated", "hypothetical", "announced")


@dataclass(frozen=True)
class SentenceRef:
    id: str  # "<article id>:t" for the title, "<article id>:<start>-<end>" for a sentence of the text
    file: str
    article: str
    field: str  # "title" or "text"
    start: int
    end: int
    date: str | None
    split: str  # "train" or "dev"


def split_of(article_id: str) -> str:
    return "dev" if _rank(article_id) % DEV_SHARE == 0 else "train"


def _rank(article_id: str) -> int:
    return int.from_bytes(hashlib.sha1(article_id.encode("utf-8")).digest()[:4], "big")


def sentence_refs(news: Path) -> list[SentenceRef]:
    """Every corpus sentence, article by article; the same list on every machine."""
    refs: list[SentenceRef] = []
    for name, wanted in SOURCES.items():
        rows = [json.loads(line) for line in (news / name).open(encoding="utf-8")]
        taken = 0
        for row in sorted(rows, key=lambda row: _rank(row["id"])):
            if taken >= wanted:
                break
            article = article_refs(name, row)
            refs += article
            taken += len(article)
    return refs


def article_refs(file: str, row: dict) -> list[SentenceRef]:
    """The title (where there is one) and the sentences of one article."""
    split, date = split_of(row["id"]), row.get("date")
    title = (row.get("title") or "").strip()
    refs = [SentenceRef(f"{row['id']}:t", file, row["id"], "title", 0, len(title), date, split)] if title else []
    for sentence in split_sentences(row["text"]):
        end = sentence.start + len(sentence.text)
        refs.append(SentenceRef(f"{row['id']}:{sentence.start}-{end}", file, row["id"], "text", sentence.start,
                                end, date, split))
    return refs


def sentence_text(ref: SentenceRef, row: dict) -> str:
    return (row.get("title") or "").strip() if ref.field == "title" else row["text"][ref.start:ref.end]


def annotations(folder: Path) -> dict[str, list[dict]]:
    """Sentence id -> the records annotators wrote for it (two where it was annotated twice)."""
    found: dict[str, list[dict]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                record = json.loads(line)
                found.setdefault(record["sentence"], []).append({**record, "file": path.name})
    return found


def problems(record: dict, text: str) -> list[str]:
    """What is wrong with one annotation record of a sentence with this text ([] when nothing is)."""
    found = []
    for number, event in enumerate(record.get("events", []), 1):
        where = f"{record['sentence']} event {number}"
        if event.get("type") not in PLOVER_TYPES:
            found.append(f"{where}: type {event.get('type')!r} is no PLOVER type")
        if event.get("trigger") and event["trigger"] not in text:
            found.append(f"{where}: trigger {event['trigger']!r} is not in the sentence")
        if not isinstance(event.get("source"), dict):
            found.append(f"{where}: no source")
        for role in ("source", "target"):
            actor = event.get(role)
            if isinstance(actor, dict) and actor.get("country") and len(actor["country"]) != 3:
                found.append(f"{where}: {role} country {actor['country']!r} is not ISO alpha-3")
        found += [f"{where}: {flag} is not true or false" for flag in FLAGS if not isinstance(event.get(flag), bool)]
    return found
