"""Actor identity: does every organisation, group, organ and person keep one id of its own?

    .venv/bin/python benchmarks/identity.py [--failures] [--table PATH]

tests/data/actor_identity.csv lists groups of ways of naming one entity (full names, abbreviations,
possessives with straight and curly apostrophes, diacritics, transliterations, title + surname), with
a date and the entity's country. Each phrase goes through `eventwire actor` (`resolve_text`). A group
holds when all its phrases get one non-empty id, no phrase of another group gets that id, and (where
the table gives one) the country is right. Groups are split by a hash of their label into a tuning
half and a dev half, fixed for good: the dev half is never read while writing rules or tables.
`--table` scores another table of the same columns as a whole (a tuning probe: `--failures` lists
all of its misses).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
from collections import defaultdict
from datetime import date
from pathlib import Path

from eventwire.actors.lookup import resolve_text
from eventwire.coding.coder import Coder

TABLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "actor_identity.csv"


def split_of(group: str) -> str:
    return "dev" if hashlib.sha1(group.encode("utf-8")).digest()[0] % 2 else "tune"


def resolved_ids(coder: Coder, rows: list[dict]) -> dict[str, list[tuple[str, str, str, str]]]:
    """Group -> (text, id, country, the row's country) of each of its phrases."""
    found = defaultdict(list)
    for row in rows:
        actor = resolve_text(row["text"], coder.nlp, coder.resolver, when=date.fromisoformat(row["date"]))
        found[row["group"]].append((row["text"], actor.id, actor.country, row["country"]))
    return found


def group_holds(group: str, found: dict) -> bool:
    """One non-empty id for every phrase, no other group's, and each phrase's country the row's (a
    person's country follows the role held on the row's date)."""
    ids = {actor_id for _, actor_id, _, _ in found[group]}
    if len(ids) != 1 or "" in ids:
        return False
    others = {actor_id for other, phrases in found.items() if other != group for _, actor_id, _, _ in phrases}
    return not ids & others and all(country == expected for _, _, country, expected in found[group])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--failures", action="store_true", help="list the ids of the groups that do not hold")
    parser.add_argument("--table", type=Path, help="score this table as a whole instead (a tuning probe)")
    args = parser.parse_args()
    with (args.table or TABLE).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found = resolved_ids(Coder(), rows)
    held = {group: group_holds(group, found) for group in found}
    split = (lambda group: "probe") if args.table else split_of
    print("| split | groups | hold | share |\n|---|---|---|---|")
    for name in ("probe",) if args.table else ("tune", "dev"):
        groups = [g for g in held if split(g) == name]
        holding = sum(held[g] for g in groups)
        print(f"| {name} | {len(groups)} | {holding} | {holding / len(groups):.0%} |")
    if args.failures:
        for group in (g for g in held if not held[g] and split(g) != "dev"):
            print(f"{group}: " + "; ".join(f"{text} -> {actor_id or '?'} {country}" for text, actor_id, country, _ in found[group]))


if __name__ == "__main__":
    main()
