"""Actor resolution: share right on the project's test phrases, name merging, and what resolving costs.

    .venv/bin/python benchmarks/actors.py [--repeat 2] [--articles 60] [--failures N] [--no-cost]

- tests/data/actor_phrases.csv: each phrase through `eventwire.actors.lookup.resolve_text` (the
  `eventwire actor` path), with its context and date; right means country AND sector both as expected.
- tests/data/name_pairs.csv: the first name added to an article's memory as a person, the second looked
  up; misses are same-person pairs not merged, false merges different-person pairs merged.
- Cost: coding the first N Guardian articles (../shared/data/ngec/guardian_sample.csv) with the real
  resolver against one whose `resolve` builds an empty actor; best of `--repeat` runs each, in process,
  model loaded once.

Prints Markdown tables on stdout; `--failures N` adds a table of N failed phrases.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from eventwire.actors.lookup import resolve_text
from eventwire.actors.resolver import ArticleActors, Resolver
from eventwire.coding.coder import Coder
from eventwire.models import Actor, Article

ROOT = Path(__file__).resolve().parents[1]
PHRASES = ROOT / "tests" / "data" / "actor_phrases.csv"
NAME_PAIRS = ROOT / "tests" / "data" / "name_pairs.csv"
GUARDIAN = ROOT.parent / "shared" / "data" / "ngec" / "guardian_sample.csv"


class TrivialResolver(Resolver):
    """Every head is an actor named by its own text: the coder's cost without resolution."""

    def resolve(self, head, memory):
        return Actor.make(head.text, head.text)


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def resolve_phrase(coder: Coder, row: dict) -> Actor:
    when = date.fromisoformat(row["date"]) if row["date"] else None
    return resolve_text(row["text"], coder.nlp, coder.resolver, when=when, context=row["context"])


def phrase_results(coder: Coder, rows: list[dict]) -> list[tuple[dict, Actor, bool]]:
    results = []
    for row in rows:
        actor = resolve_phrase(coder, row)
        right = (actor.country, actor.sector) == (row["country"], row["sector"])
        results.append((row, actor, right))
    return results


def rule_table(results) -> list[str]:
    by_rule: dict[str, list[bool]] = defaultdict(list)
    for row, _, right in results:
        by_rule[row["rule"]].append(right)
    lines = ["| rule | rows | right | share right |", "|---|---:|---:|---:|"]
    for rule in sorted(by_rule):
        marks = by_rule[rule]
        lines.append(f"| {rule} | {len(marks)} | {sum(marks)} | {100 * sum(marks) / len(marks):.0f}% |")
    total = [right for _, _, right in results]
    lines.append(f"| **total** | {len(total)} | {sum(total)} | {100 * sum(total) / len(total):.1f}% |")
    return lines


def merged(first: str, second: str) -> bool:
    memory = ArticleActors()
    memory.add_person(first, Actor.make(first, first, individual=True))
    return memory.find_person(second) is not None


def name_table(pairs: list[dict]) -> list[str]:
    same = [merged(p["a"], p["b"]) for p in pairs if p["same"] == "1"]
    different = [merged(p["a"], p["b"]) for p in pairs if p["same"] == "0"]
    misses, false_merges = same.count(False), different.count(True)
    return [
        "| name pairs | pairs | wrong | share wrong |", "|---|---:|---:|---:|",
        f"| same person, not merged (misses) | {len(same)} | {misses} | {100 * misses / len(same):.0f}% |",
        f"| different people, merged (false merges) | {len(different)} | {false_merges} | "
        f"{100 * false_merges / len(different):.0f}% |",
    ]


def guardian_articles(limit: int) -> list[Article]:
    csv.field_size_limit(sys.maxsize)
    rows = read_csv(GUARDIAN)[:limit]
    return [Article(id=f"g{n}", text=row["text"], published=date.fromisoformat(row["date"][:10]))
            for n, row in enumerate(rows)]


def coding_seconds(coder: Coder, articles: list[Article]) -> float:
    started = time.perf_counter()
    for _ in coder.code_articles(articles):
        pass
    return time.perf_counter() - started


def cost_table(coder: Coder, limit: int, repeat: int) -> list[str]:
    articles = guardian_articles(limit)
    trivial = Coder(nlp=coder.nlp, lexicon=coder.lexicon, resolver=TrivialResolver(coder.resolver.kb))
    coding_seconds(coder, articles[:5])  # warm-up: the parser's first batches are slower
    real_s, trivial_s = [], []
    for _ in range(repeat):  # interleaved, so a busy moment on the machine hits both alike
        real_s.append(coding_seconds(coder, articles))
        trivial_s.append(coding_seconds(trivial, articles))
    real, bare = min(real_s), min(trivial_s)
    return [
        f"| resolution cost ({len(articles)} Guardian articles, best of {repeat}) | seconds |", "|---|---:|",
        f"| coder, real resolver | {real:.2f} |", f"| coder, trivial resolver | {bare:.2f} |",
        f"| **cost of resolution** | **{100 * (real - bare) / bare:+.1f}%** |",
    ]


def failure_table(results, limit: int) -> list[str]:
    lines = ["| text | context | date | expected | got | rule |", "|---|---|---|---|---|---|"]
    for row, actor, right in results:
        if not right and len(lines) - 2 < limit:
            lines.append(f"| {row['text']} | {row['context']} | {row['date']} | {row['country']} {row['sector']} "
                         f"| {actor.country} {actor.sector} | {row['rule']} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=2, help="timed runs of each coder (best counts)")
    parser.add_argument("--articles", type=int, default=60, help="Guardian articles to code for the cost")
    parser.add_argument("--failures", type=int, default=0, help="list this many failed phrases")
    parser.add_argument("--no-cost", action="store_true", help="skip the timing")
    args = parser.parse_args()
    if args.repeat < 1 or args.articles < 1:
        sys.exit("actors.py: --repeat and --articles must be at least 1")
    coder = Coder()
    results = phrase_results(coder, read_csv(PHRASES))
    sections = [rule_table(results), name_table(read_csv(NAME_PAIRS))]
    if not args.no_cost:
        if GUARDIAN.exists():
            sections.append(cost_table(coder, args.articles, args.repeat))
        else:
            print(f"actors.py: no {GUARDIAN}, resolution cost not measured", file=sys.stderr)
    if args.failures:
        sections.append(failure_table(results, args.failures))
    print("\n\n".join("\n".join(lines) for lines in sections))


if __name__ == "__main__":
    main()
