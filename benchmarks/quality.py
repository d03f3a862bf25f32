"""Quality of the coder on the shared reference data; prints a Markdown table for the README.

    .venv/bin/python benchmarks/quality.py [--limit N]

- PLOVER gold-standard sentences (plover/gsr_dev.json): type, source, triple, spurious events/sentence.
- PETRARCH unit-test records with their own actor dictionary: CAMEO root with source and target;
  again with their own verb dictionary too (`--verbs`).
- Synthetic PLOVER stories (ngec/synthetic_events.csv): share of stories with an event of the label.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from datetime import date
from pathlib import Path

from eventwire.coding.coder import Coder, CodingOptions
from eventwire.evaluate import load_gold, score_petrarch, score_plover
from eventwire.models import Article

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def code_all(coder: Coder, articles) -> dict:
    return {article.id: events for article, events in coder.code_articles(articles)}


def gsr(coder: Coder) -> dict:
    _, records = load_gold(SHARED / "plover" / "gsr_dev.json")
    return score_plover(records, code_all(coder, (r.article() for r in records)))


def petrarch(own_verbs: bool = False) -> dict:
    """With `own_verbs`, the records' verb dictionary replaces our lexicon's rows for its verbs, and the
    classifier (trained for PLOVER) does not retype its codes."""
    base = SHARED / "petrarch2"
    options = CodingOptions(actors_files=(str(base / "PETR.Validate.actors.txt"),),
                            agents_files=(str(base / "PETR.Validate.agents.txt"),))
    if own_verbs:
        options.verbs_files, options.classifier = (str(base / "PETR.Validate.verbs.txt"),), False
    _, records = load_gold(base / "PETR.UnitTest.records.xml")
    return score_petrarch(records, code_all(Coder(options=options), (r.article() for r in records)))


def synthetic(coder: Coder, limit: int | None) -> dict:
    csv.field_size_limit(sys.maxsize)
    with (SHARED / "ngec" / "synthetic_events.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:limit]
    articles = [Article(id=str(i), text=row["text"], published=date(2020, 1, 1)) for i, row in enumerate(rows)]
    events = code_all(coder, articles)
    found = sum(any(e.event_type == row["label"] for e in events[str(i)]) for i, row in enumerate(rows))
    top = sum(
        bool(events[str(i)]) and max(events[str(i)], key=lambda e: e.confidence).event_type == row["label"]
        for i, row in enumerate(rows)
    )
    return {"stories": len(rows), "recall": found / len(rows), "accuracy": top / len(rows)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, help="synthetic stories to use (default: all)")
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"needs the shared reference data at {SHARED}")
    coder = Coder()
    started = time.perf_counter()
    g = gsr(coder)
    p = petrarch()
    print("| data set | measure | value |\n|---|---|---|")
    print(f"| PLOVER GSR ({g['records']} sentences) | some event has the gold type | {g['type']:.2f} |")
    print(f"| | ... and a gold source | {g['source']:.2f} |")
    print(f"| | ... and source and target | {g['triple']:.2f} |")
    print(f"| | most confident event has the gold type | {g['top1']:.2f} |")
    print(f"| | events of another type per sentence | {g['spurious_per_sentence']:.2f} |")
    print(f"| PETRARCH unit tests ({p['records']} records) | CAMEO root, source and target right | "
          f"{p['root_source_target']:.2f} |")
    print(f"| | CAMEO root right | {p['root']:.2f} |")
    v = petrarch(own_verbs=True)
    print(f"| ... with the records' own verb dictionary (`--verbs`, no classifier) | CAMEO root, source and target "
          f"right | {v['root_source_target']:.2f} |")
    print(f"| | CAMEO root right | {v['root']:.2f} |")
    if not args.skip_synthetic:
        s = synthetic(coder, args.limit)
        print(f"| synthetic stories ({s['stories']}) | some event has the story's label | {s['recall']:.2f} |")
        print(f"| | most confident event has the label | {s['accuracy']:.2f} |")
    print(f"\n({time.perf_counter() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
