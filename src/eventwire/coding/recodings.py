"""Recodings: the rules that turn a coded event into another, as rows of `data/recodings.csv`.

Each row names its scope (what it recodes), the conditions that must all hold (`when`: names of the
small functions in `CONDITIONS` below, some with an argument, `type_in=coding_cooperative_types`),
and what it changes: the event type and CAMEO code, a named change (`PREDICATE_CHANGES`, or
`TARGET_CHANGES` for the "target" scope), and the specificity lost (a constant of confidence.py).
In each scope the first row whose conditions hold applies and the others are not tried, so row
order is precedence; a row that changes nothing stops the search.

Scopes:
- "intent": a predicate announced, promised, required or refused rather than done; tried only for a
  predicate with an intent ("will", "must", "refused to") and not coded as written (coder `_clauses`);
- "source": a predicate, for one of its sources (a state "protests": it complains);
- "target": one target of a predicate, for its first source (police detaining protesters act at home).

Adding a recoding is one row (and a test row in tests/test_recodings.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from ..actors.kb import data_path, read_rows
from ..models import Actor
from ..vocab import words
from . import confidence
from .clauses import Predicate
from .lexicon import Lexicon

SCOPES = ("intent", "source", "target")


@dataclass(frozen=True)
class Case:
    """What the conditions look at: the predicate, and the actor pair where the scope has one."""

    predicate: Predicate
    source: Actor | None = None
    target: Actor | None = None

    @property
    def event_type(self) -> str:
        return self.predicate.entry.event_type

    @property
    def trigger_lemmas(self) -> list[str]:
        return [t.lemma_.lower() for t in self.predicate.trigger]


CONDITIONS: dict[str, Callable[[Case, str], bool]] = {
    "intent_in": lambda case, name: case.predicate.intent in words(name),
    "has_speaker": lambda case, _: case.predicate.speaker is not None,
    "negated": lambda case, _: case.predicate.negated,
    "type_is": lambda case, event_type: case.event_type == event_type,
    "type_not": lambda case, event_type: case.event_type != event_type,
    "type_in": lambda case, name: case.event_type in words(name),
    "trigger_has": lambda case, lemma: lemma in case.trigger_lemmas,
    "lodged": lambda case, _: case.trigger_lemmas[0] in words("coding_lodging_verbs"),  # "lodged a protest"
    "source_has_country": lambda case, _: bool(case.source.country),
    "source_sectorless": lambda case, _: not case.source.sector,
    "source_sector_is": lambda case, sector: case.source.sector == sector,
    "source_sector_in": lambda case, name: case.source.sector in words(name),
    "target_countryless": lambda case, _: not case.target.country,
    "target_sector_in": lambda case, name: case.target.sector in words(name),
}
CLASS_ARGUMENTS = {"intent_in", "type_in", "source_sector_in", "target_sector_in"}  # a word class's name

# What a row changes beyond the type and code: predicate fields ("intent", "source") or the target.
PREDICATE_CHANGES: dict[str, Callable[[Predicate], dict]] = {
    "": lambda predicate: {},
    "negated": lambda predicate: {"negated": True},  # "refused to attack": not done
    "affirmed": lambda predicate: {"negated": False},  # the refusal is the event: "will not sign" -> REJECT
    "speaker_demands": lambda predicate: {"subjects": [predicate.speaker], "targets": predicate.subjects},
}
TARGET_CHANGES: dict[str, Callable[[Case], Actor]] = {
    "": lambda case: case.target,
    "of_source_country": lambda case: case.target.of_country(case.source.country),
}


@dataclass(frozen=True)
class Recoding:
    scope: str
    when: tuple[tuple[str, str], ...]  # (condition, argument) pairs, all of which must hold
    event_type: str  # "": the type and code stay
    cameo: str
    change: str  # a name in PREDICATE_CHANGES or TARGET_CHANGES, by scope
    specificity: str  # the confidence.py constant the predicate's specificity loses, "" none
    example: str = ""

    def holds(self, case: Case) -> bool:
        return all(CONDITIONS[name](case, argument) for name, argument in self.when)


def parse_row(row: dict[str, str]) -> Recoding:
    """One row of the table, checked: every name it uses must exist."""
    when = tuple(_condition(part) for part in row["when"].split())
    recoding = Recoding(row["scope"].strip(), when, row["event_type"].strip(), row["cameo"].strip(),
                        row["change"].strip(), row["specificity"].strip(), row.get("example", ""))
    _check(recoding)
    return recoding


@cache
def load_recodings() -> tuple[Recoding, ...]:
    return tuple(parse_row(row) for row in read_rows(data_path("recodings.csv")))


def first_rule(scope: str, case: Case, table: tuple[Recoding, ...] | None = None) -> Recoding | None:
    """The first row of the scope whose conditions hold for the case."""
    rows = load_recodings() if table is None else table
    return next((rule for rule in rows if rule.scope == scope and rule.holds(case)), None)


def recode(scope: str, predicate: Predicate, lexicon: Lexicon, source: Actor | None = None) -> Predicate:
    """The predicate as the first row of the scope ("intent" or "source") that applies recodes it."""
    rule = first_rule(scope, Case(predicate, source))
    if rule is None:
        return predicate
    changes = PREDICATE_CHANGES[rule.change](predicate)
    if rule.specificity:
        changes["specificity"] = predicate.specificity - getattr(confidence, rule.specificity)
    if rule.event_type:
        return recoded(predicate, lexicon, rule.event_type, rule.cameo, **changes)
    return replace(predicate, **changes) if changes else predicate


def recode_target(predicate: Predicate, source: Actor, target: Actor) -> Actor:
    """The target as the first "target" row that applies changes it."""
    case = Case(predicate, source, target)
    rule = first_rule("target", case)
    return TARGET_CHANGES[rule.change](case) if rule else target


def recoded(predicate: Predicate, lexicon: Lexicon, event_type: str, cameo: str, **changes) -> Predicate:
    """The predicate coded as `event_type` with CAMEO `cameo` (its mode from the CAMEO table); it loses
    confidence.RECODED of its specificity unless `changes` says otherwise."""
    info = lexicon.code_info(cameo)
    entry = replace(predicate.entry, event_type=event_type, cameo=cameo, mode=info.plover_mode or None if info else None)
    changes.setdefault("specificity", predicate.specificity - confidence.RECODED)
    return replace(predicate, entry=entry, **changes)


def _condition(text: str) -> tuple[str, str]:
    name, _, argument = text.partition("=")
    return name, argument


def _check(recoding: Recoding) -> None:
    where = f"recoding {recoding.scope} {' '.join(f'{n}={a}'.rstrip('=') for n, a in recoding.when)}"
    if recoding.scope not in SCOPES:
        raise ValueError(f"{where}: no scope {recoding.scope!r} (one of {', '.join(SCOPES)})")
    for name, argument in recoding.when:
        if name not in CONDITIONS:
            raise ValueError(f"{where}: no condition {name!r}")
        if name in CLASS_ARGUMENTS:
            words(argument)  # raises for a class that is not in data/words
    changes = TARGET_CHANGES if recoding.scope == "target" else PREDICATE_CHANGES
    if recoding.change not in changes:
        raise ValueError(f"{where}: no change {recoding.change!r} for scope {recoding.scope}")
    if recoding.scope == "target" and (recoding.event_type or recoding.specificity):
        raise ValueError(f"{where}: a target recoding changes the actor only")
    if bool(recoding.event_type) != bool(recoding.cameo):
        raise ValueError(f"{where}: event_type and cameo go together")
    if recoding.specificity and not isinstance(getattr(confidence, recoding.specificity, None), float):
        raise ValueError(f"{where}: no confidence constant {recoding.specificity!r}")
