"""Resolve one piece of text to an actor, the way the coder would inside an article (`eventwire actor`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..models import Actor
from .memory import ArticleActors
from .resolver import Resolver, listed_actor

PLACE_PREPS = {"in", "at", "near", "into", "across", "around", "outside", "inside"}
CARRIER = "said."  # a phrase parses best as the subject of a clause, as actors appear in news


def resolve_text(text: str, nlp, resolver: Resolver, when: date | None = None, context: str = "") -> Actor:
    """The actor `text` stands for, after reading `context` as earlier text of the same article.

    A phrase with a role but no country ("Defense Minister") takes the country the context names
    ("German"). Text that resolves to nothing gives an actor with empty country and sector."""
    memory = ArticleActors(when=when)
    if context.strip():
        _read_context(nlp(context), resolver, memory)
    memory.offset = len(context) + 1
    if (named := _listed_organisation(text, resolver, when)) is not None:
        return named
    doc = nlp(f"{text.strip()} {CARRIER}")
    head = _phrase_head(doc)
    actor = (resolver.resolve(head, memory) or resolver._inner_actor(head, memory)) if head is not None else None
    if actor is None:
        return Actor(text=text, name=text, id="", country="", sector="")
    if not actor.country and context.strip():
        known = memory.latest(individual=False) or memory.latest()
        if known is not None:
            name = actor.name if actor.individual or actor.organisation else f"{resolver.kb.country_names.get(known.country, '')} {actor.name}"
            actor = actor.of_country(known.country, name=name.strip(), resolved_by="text")
    return replace(actor, text=text)  # the phrase asked about, not the part of it the parser took for its head


def _listed_organisation(text: str, resolver: Resolver, when: date | None) -> Actor | None:
    """The whole phrase as a listed organisation's name or alias, possessive cut ("Save the Children's",
    "the United Nations Educational, Scientific and Cultural Organization"), before any parse."""
    name = text.strip()
    for ending in ("'s", "\u2019s", "'", "\u2019"):
        name = name.removesuffix(ending)
    entry = resolver.kb.lookup(name)
    if entry is None or entry.kind != "org":
        return None
    return listed_actor(text, entry.on(when) if entry.roles else entry)


def _read_context(doc, resolver: Resolver, memory: ArticleActors) -> None:
    """Learn what the context says: named people with their roles, and every actor it mentions."""
    for sent in doc.sents:
        resolver.learn(sent, memory)
        for token in sent:
            if token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPS:
                continue  # "arrived in Lima": a place, not an actor of the article
            if token.pos_ in ("NOUN", "PROPN", "ADJ") and token.dep_ not in ("compound", "amod", "poss"):
                resolver.resolve(token, memory)
            elif token.dep_ in ("amod", "poss", "compound") and token.head.pos_ not in ("NOUN", "PROPN"):
                resolver.resolve(token, memory)


def _phrase_head(doc):
    """The head of the phrase: the subject of the carrier verb, else the first noun chunk's root."""
    root = next(iter(doc.sents)).root
    subjects = [t for t in root.children if t.dep_ in ("nsubj", "nsubjpass")]
    subject = subjects[-1] if subjects else None  # "the West African bloc ECOWAS": the name next to the verb
    if subject is not None:
        return subject
    chunk = next(iter(doc.noun_chunks), None)
    return chunk.root if chunk is not None else None


def actor_json(actor: Actor) -> dict:
    return {
        "text": actor.text, "name": actor.name, "id": actor.id, "code": actor.code, "country": actor.country,
        "sector": actor.sector, "role": actor.role or None, "source_of_resolution": actor.resolved_by or None,
    }
