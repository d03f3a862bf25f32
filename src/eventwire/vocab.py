"""Word classes: the named sets of words, labels and codes the rules test tokens and actors against.

Each class lives in one file of `data/words/` (`class,word` rows), so a rule's vocabulary is edited as
data, and one class is never defined twice.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

WORDS_DIR = Path(__file__).resolve().parent / "data" / "words"


@cache
def word_classes() -> dict[str, frozenset[str]]:
    """Every class in data/words/*.csv; a class named in two files is an error."""
    words: dict[str, set[str]] = {}
    homes: dict[str, str] = {}
    for path in sorted(WORDS_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                name = row["class"]
                if homes.setdefault(name, path.name) != path.name:
                    raise ValueError(f"word class {name!r} is defined in {homes[name]} and {path.name}")
                words.setdefault(name, set()).add(row["word"])
    return {name: frozenset(members) for name, members in words.items()}


def words(name: str) -> frozenset[str]:
    """The members of one class: `words("state_sectors")`."""
    try:
        return word_classes()[name]
    except KeyError:
        raise KeyError(f"no word class {name!r} in {WORDS_DIR}") from None
