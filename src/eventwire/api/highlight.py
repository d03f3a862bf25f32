"""Spans of an article to highlight for its events (source, event words, target), displaCy-style.

Events carry the offsets of their event words (trigger) and of their evidence sentence; actors carry
the words that named them. Each actor is found in its event's evidence, as a whole word, at the
occurrence nearest to the trigger. The article is then cut into segments, each with the roles and
events that cover it, which a template renders as text (never as markup).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROLE_ORDER = ("trigger", "source", "target")  # the first role of a segment gives its colour


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    role: str
    event: str
    label: str


@dataclass
class Segment:
    text: str
    roles: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def event_spans(text: str, event: dict) -> list[Span]:
    """The trigger, source and target spans of one event record inside the article text."""
    spans = []
    trigger = _valid(text, event.get("trigger_start"), event.get("trigger_end"))
    if trigger:
        label = " ".join(filter(None, (event.get("event_type"), event.get("cameo"))))
        spans.append(Span(*trigger, "trigger", event["id"], label))
    evidence = event.get("evidence") or {}
    window = _valid(text, evidence.get("start"), evidence.get("end")) or trigger
    if window is None:
        return spans
    near = trigger[0] if trigger else window[0]
    for role in ("source", "target"):
        actor = event.get(role) or {}
        found = _find_near(text, actor.get("text") or "", window, near, avoid=trigger)
        if found:
            spans.append(Span(*found, role, event["id"], f"{role} {actor.get('id') or ''}".strip()))
    return spans


def _valid(text: str, start, end) -> tuple[int, int] | None:
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return start, end
    return None


def _find_near(text: str, words: str, window: tuple[int, int], near: int, avoid) -> tuple[int, int] | None:
    words = words.strip()
    if not words:
        return None
    pattern = re.compile(r"(?<!\w)" + re.escape(words) + r"(?!\w)")
    for flags in (0, re.IGNORECASE):
        pattern = re.compile(pattern.pattern, flags)
        found = [(m.start(), m.end()) for m in pattern.finditer(text, *window)
                 if not (avoid and m.start() < avoid[1] and avoid[0] < m.end())]
        if found:
            return min(found, key=lambda span: (abs(span[0] - near), span[0]))
    return None


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """The article cut at every span boundary; each piece knows the spans that cover it."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [s for s in spans if s.start <= start and end <= s.end]
        segment = Segment(text[start:end])
        segment.roles = sorted({s.role for s in covering}, key=ROLE_ORDER.index)
        segment.events = sorted({s.event for s in covering})
        segment.labels = sorted({s.label for s in covering if s.end == end})
        pieces.append(segment)
    return pieces


def article_segments(text: str, events: list[dict]) -> list[Segment]:
    return segments(text, [span for event in events for span in event_spans(text, event)])
