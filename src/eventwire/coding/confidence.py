"""Every number an event's confidence is made of, and the clamp: one place to read and tune them.

A predicate's *specificity* says how much the words that matched say about the event; the clause
rules (clauses.py) give it by the kind of match. An event's confidence is its predicate's specificity
less a penalty for what the event lacks (a target, a source's country), clamped; the learned
classifier blends its probability in (classifier.py), and the story prior blends in the probability
that the type is the article's main one.
"""

from __future__ import annotations

# Specificity by kind of match (clauses.py)
VERB_WITH_OBJECTS = 0.9  # a lexicon verb whose row names its object nouns ("imposed sanctions")
LIGHT_VERB = 0.8  # a light verb with an event noun as its object ("held talks")
VERB = 0.75  # a lexicon verb alone; also a Predicate's default
OBLIGATION = 0.7  # "X said Y must ...": a demand, whatever Y must do
NOUN_BETWEEN = 0.6  # a free-standing event noun between parties ("talks between A and B")
NOUN = 0.55  # a free-standing event noun with its own source ("condemnation from Moscow")
RECODED = 0.05  # specificity lost by a recoding (an intent, a refusal, a protest lodged)

# Penalties on an event (coder.py)
NO_TARGET = 0.15  # no target, for a type that needs one
NO_SOURCE_COUNTRY = 0.1  # a source the tables place in no country

# The clamp
FLOOR = 0.05
CEILING = 0.99
DIGITS = 2


def clamp(score: float) -> float:
    """A confidence between FLOOR and CEILING, rounded to DIGITS."""
    return round(max(FLOOR, min(CEILING, score)), DIGITS)


def event_confidence(specificity: float, needs_target: bool, has_target: bool, source_has_country: bool) -> float:
    """The confidence of an event from its predicate's specificity and what the event lacks."""
    score = specificity
    if not has_target and needs_target:
        score -= NO_TARGET
    if not source_has_country:
        score -= NO_SOURCE_COUNTRY
    return clamp(score)


def blend(confidence: float, probability: float, weight: float) -> float:
    """(1 - weight) * confidence + weight * probability, clamped (the classifier's and the story prior's say)."""
    return clamp((1 - weight) * confidence + weight * probability)
