"""The place of each event: that of the event's own clause, else of its sentence, else the article's
dateline, else its most mentioned place."""

from __future__ import annotations

from dataclasses import replace

from ..actors.kb import KnowledgeBase, load_kb
from ..models import Event, Location
from ..vocab import words
from .gazetteer import Gazetteer, load_gazetteer, place_key
from .mentions import LOCATIVE, Context, Mention, article_mentions, best_place, dominant_place, parsed_length

CLAUSE_DEPS = words("geo_clause_deps")


def locate_events(
    events: list[Event],
    docs: list[tuple[object, int]],
    text: str,
    gazetteer: Gazetteer | None = None,
    kb: KnowledgeBase | None = None,
) -> list[Event]:
    """The events of one article with their `location`: `docs` are its parsed sentences with their offsets
    in the article `text`. `kb` (None: the shipped knowledge base) tells demonyms and role nouns; a caller
    with its own passes the gazetteer built from it too (`load_gazetteer(kb=kb)`), else one is built per
    call. A crash is the caller's to handle (the coder's geolocate stage keeps the events under
    on_error="skip")."""
    if not events:
        return events
    gazetteer = gazetteer or load_gazetteer(kb=kb)
    kb = kb if kb is not None else load_kb()
    mentions, countries = article_mentions(docs, text, gazetteer, events, kb)
    places = [m for m in mentions if m.as_place]
    if not places:
        return events
    dominant = next((m for m in places if m.dateline), None) or dominant_place(places)
    located = []
    for event in events:
        actors = {a.country for a in (event.source, event.target) if a and a.country}
        location = event_location(event, docs, places, dominant, Context(countries, actors))
        located.append(replace(event, location=location))
    return located


def event_location(
    event: Event, docs, places: list[Mention], dominant: Mention | None, context: Context
) -> Location | None:
    """The clause's place, else the sentence's, else the article's (`dominant`: its dateline or most
    mentioned place)."""
    trigger = _trigger_token(event, docs)
    if trigger is not None:
        head = _clause_head(trigger)
        here = [m for m in places if m.span is not None and m.span.doc is trigger.doc]
        own = _own_clause(head)
        clause = [m for m in here if m.span.root.i in own]
        if clause:
            return _location(_nearest(clause, head), "clause", context)
        sentence = [m for m in here if m.span.sent.start == trigger.sent.start]
        if sentence:
            return _location(_nearest(sentence, head), "sentence", context)
    if dominant is None:
        return None
    return _location(dominant, "dateline" if dominant.dateline else "article", context)


def _clause_head(trigger):
    """The verb whose clause holds the event: the trigger, or the verb that governs an event noun."""
    token = trigger
    for _ in range(3):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            return token
        token = token.head
    return trigger


def _own_clause(head) -> set[int]:
    """Token indices of the clause of `head`, less the clauses embedded in it."""
    inside, stack = set(), [head]
    while stack:
        token = stack.pop()
        inside.add(token.i)
        stack.extend(
            child
            for child in token.children
            if not (child.dep_ in CLAUSE_DEPS and child.pos_ in ("VERB", "AUX"))
        )
    return inside



def _trigger_token(event: Event, docs):
    for doc, offset in docs:
        if offset <= event.trigger_start < offset + parsed_length(doc):
            span = doc.char_span(
                event.trigger_start - offset, event.trigger_end - offset, alignment_mode="expand"
            )
            if span is not None and len(span):
                return span.root
    return None


def _nearest(mentions: list[Mention], head) -> Mention:
    """The mention a locative preposition attaches to the event word, else the one nearest to it."""
    attached = [m for m in mentions if m.span.root.head.head is head and m.span.root.head.lower_ in LOCATIVE]
    return min(attached or mentions, key=lambda m: abs(m.span.start - head.i))


def _location(mention: Mention, precision: str, context: Context) -> Location:
    """The mention's place, re-ranked with the event's actors (a government reading is never taken here)."""
    place = mention.place
    ranked = best_place(mention, context) if context.actors else None
    if ranked is not None and (mention.locative or not ranked.stands_for_government(place_key(mention.text))):
        place = ranked
    feature = "region" if mention.feature == "region" and place.feature == "city" else place.feature
    geonameid = place.geonameid if feature == place.feature else None
    return Location(
        mention.text,
        place.name,
        place.country,
        place.admin1,
        round(place.lat, 5),
        round(place.lon, 5),
        feature,
        geonameid,
        precision,
    )

