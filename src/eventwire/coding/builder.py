"""The one place an Event is assembled from a predicate and its actors: for the clause rules (coder.py)
and for the learned classifier's events (classifier.py) alike."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from ..dates import resolve_date
from ..models import Actor, Event, Evidence
from .clauses import Predicate
from .confidence import event_confidence
from .context import SentenceContext
from .lexicon import Lexicon


@dataclass(frozen=True)
class EventBuilder:
    lexicon: Lexicon  # CAMEO codes' Goldstein scores and quad classes
    self_types: Collection[str]  # event types that may have no target (no confidence penalty then)

    def build(self, predicate: Predicate, source: Actor, target: Actor | None, ctx: SentenceContext,
              speaker: Actor | None) -> Event:
        """The event of a predicate between these actors in this sentence: its date (the clause's, else
        the sentence's, else the article's), evidence and trigger offsets in the article, confidence."""
        sent, article, offset = ctx.sent, ctx.article, ctx.offset
        entry = predicate.entry
        info = self.lexicon.code_info(entry.cameo)
        clause = _clause_span(predicate.anchor)
        when = resolve_date(clause.text, article.published)
        if not when.text:
            when = resolve_date(sent.text, article.published)
        start = offset + sent.start_char
        trigger = sorted(predicate.trigger, key=lambda t: t.i)
        trigger_start, last = offset + trigger[0].idx, trigger[-1]
        return Event(
            article_id=article.id,
            sentence=ctx.index,
            date=when.iso,
            date_text=when.text,
            published=article.published.isoformat(),
            event_type=entry.event_type,
            mode=entry.mode,
            cameo=entry.cameo,
            goldstein=info.goldstein if info else 0.0,
            quad_class=info.quad_class if info else 0,
            source=source,
            target=target,
            evidence=Evidence(sent.text, start, start + len(sent.text)),
            trigger=" ".join(t.text for t in trigger),
            trigger_start=trigger_start,
            trigger_end=offset + last.idx + len(last.text),
            negated=predicate.negated,
            hypothetical=predicate.hypothetical,
            reported_by=speaker,
            confidence=event_confidence(predicate.specificity, entry.event_type not in self.self_types,
                                        target is not None, bool(source.country)),
        )


def _clause_span(token):
    doc = token.doc
    head = token if token.pos_ in ("VERB", "AUX") else token.head
    return doc[head.left_edge.i : head.right_edge.i + 1]
