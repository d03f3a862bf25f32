"""The annotated corpus (issue 16), for annotators and for checks; needs ../shared.

    .venv/bin/python scripts/corpus.py batches [--size 60] [--count N]   # corpus/batches/NNN.txt (train only)
    .venv/bin/python scripts/corpus.py show corpus/batches/001.txt       # what an annotator reads: JSONL
    .venv/bin/python scripts/corpus.py check                             # annotations: problems and counts

Batches hold whole articles of the train split, in the corpus's fixed order, and never a dev article
(the dev split is annotated apart, and never read while writing rules or training)."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from eventwire.corpus import annotations, problems, sentence_refs, sentence_text

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news"
BATCHES, ANNOTATIONS = ROOT / "corpus" / "batches", ROOT / "corpus" / "annotations"
CONTEXT = 3  # earlier sentences of the article shown with each sentence


def articles(file: str) -> dict[str, dict]:
    return {row["id"]: row for row in map(json.loads, (NEWS / file).open(encoding="utf-8"))}


def make_batches(size: int, count: int) -> None:
    done = {line.strip() for path in BATCHES.glob("*.txt") for line in path.open() if line.strip()}
    refs = [ref for ref in sentence_refs(NEWS) if ref.split == "train" and ref.id not in done]
    number = len(list(BATCHES.glob("*.txt")))
    while refs and count:
        article = refs[0].article
        batch = []
        while refs and (len(batch) < size or refs[0].article == article):
            article = refs[0].article
            batch.append(refs.pop(0).id)
        number, count = number + 1, count - 1
        (BATCHES / f"{number:03d}.txt").write_text("\n".join(batch) + "\n")
        print(f"{number:03d}.txt: {len(batch)} sentences", file=sys.stderr)


def show(batch: Path) -> None:
    wanted = [line.strip() for line in batch.open() if line.strip()]
    refs = {ref.id: ref for ref in sentence_refs(NEWS)}
    rows: dict[str, dict] = {}
    shown: dict[str, list[str]] = {}
    for sentence_id in wanted:
        ref = refs[sentence_id]
        rows.setdefault(ref.file, articles(ref.file))
        row = rows[ref.file][ref.article]
        text = sentence_text(ref, row)
        earlier = shown.setdefault(ref.article, [])
        print(json.dumps({"sentence": ref.id, "date": ref.date, "context": " ".join(earlier[-CONTEXT:]),
                          "text": text}, ensure_ascii=False))
        earlier.append(text)


def check() -> int:
    refs = {ref.id: ref for ref in sentence_refs(NEWS)}
    rows = {file: articles(file) for file in {ref.file for ref in refs.values()}}
    found, types, bad = annotations(ANNOTATIONS), Counter(), 0
    for sentence_id, records in found.items():
        ref = refs.get(sentence_id)
        if ref is None:
            print(f"{sentence_id}: no such corpus sentence", file=sys.stderr)
            bad += 1
            continue
        for record in records:
            for problem in problems(record, sentence_text(ref, rows[ref.file][ref.article])):
                print(f"{record['file']}: {problem}", file=sys.stderr)
                bad += 1
        types.update(event["type"] for event in records[0].get("events", []))
    twice = sum(len(records) > 1 for records in found.values())
    print(f"{len(found)} sentences annotated ({twice} twice), {sum(types.values())} events, {bad} problems",
          file=sys.stderr)
    print(json.dumps(dict(types.most_common())))
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    batches = commands.add_parser("batches")
    batches.add_argument("--size", type=int, default=60)
    batches.add_argument("--count", type=int, default=1)
    commands.add_parser("show").add_argument("batch", type=Path)
    commands.add_parser("check")
    args = parser.parse_args()
    if args.command == "batches":
        make_batches(args.size, args.count)
    elif args.command == "show":
        show(args.batch)
    else:
        return check()
    return 0


if __name__ == "__main__":
    sys.exit(main())
