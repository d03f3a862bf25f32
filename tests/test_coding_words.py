"""The coding rules' word classes (data/words/coding.csv): named to stay apart from the other areas'
classes, each used by a rule or a recoding, and each holding what the rules test against."""

import csv
from pathlib import Path

from eventwire.coding import clauses, verb_dictionary
from eventwire.vocab import words

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "eventwire"
CODING = PACKAGE / "data" / "words" / "coding.csv"


def coding_classes():
    with CODING.open(encoding="utf-8", newline="") as handle:
        return {row["class"] for row in csv.DictReader(handle)}


def test_coding_classes_are_prefixed():
    assert all(name.startswith("coding_") for name in coding_classes())


def test_every_coding_class_is_used():
    sources = [p.read_text(encoding="utf-8") for p in (PACKAGE / "coding").glob("*.py")]
    recodings = (PACKAGE / "data" / "recodings.csv").read_text(encoding="utf-8")
    unused = {name for name in coding_classes()
              if not any(f'"{name}"' in text for text in sources) and f"={name}" not in recodings}
    assert unused == set()


def test_token_negation_and_pattern_negation_stay_two_classes():
    """A parsed token's negation and a dictionary pattern's negation words differ ("neither", "nor")."""
    assert clauses.NEGATION_WORDS < verb_dictionary.NEGATIONS
    assert words("coding_negations") == {"not", "n't", "never", "no"}


def test_pattern_function_words_include_the_auxiliaries():
    assert verb_dictionary.AUXILIARIES <= verb_dictionary.FUNCTION_WORDS
    assert {"the", "their", "which"} <= verb_dictionary.FUNCTION_WORDS
