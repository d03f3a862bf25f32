"""The per-article memory of actors: the people an article has named, with their roles, and the actors
met recently (for pronouns, bare role nouns and later mentions of a surname)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

from ..models import Actor
from .kb import first_names_agree, surname_key

NAME_MATCH_THRESHOLD = 90


@dataclass
class ArticleActors:
    """What an article has taught so far: named people with their roles, and the actors met recently."""

    when: date | None = None  # the article's date, for dated dictionary roles
    people: dict[str, list[Actor]] = field(default_factory=dict)  # surname key -> people of that surname
    recent: list[tuple[int, Actor, bool]] = field(default_factory=list)  # (position, actor, individual)
    offset: int = 0  # where the chunk being parsed starts in the article

    def remember(self, actor: Actor, individual: bool = False, token=None) -> None:
        if actor.country or actor.sector:
            position = self.offset + (token.idx if token is not None else 0)
            self.recent.append((position, actor, individual))

    def add_person(self, full_name: str, actor: Actor) -> Actor:
        known = self.find_person(full_name)
        if known and not (known.country or known.sector):  # Actors are frozen: the person is replaced
            placed = Actor.make(known.text, known.name, actor.country, actor.sector, individual=True,
                                role=actor.role, resolved_by=actor.resolved_by)
            self.people = {
                key: [placed if person is known else person for person in people]
                for key, people in self.people.items()
            }
            known = placed
        if known:
            return known
        name = actor.name if actor.resolved_by in ("kb", "dictionary", "registry") else full_name
        person = Actor.make(full_name, name, actor.country, actor.sector, individual=True,
                            role=actor.role, resolved_by=actor.resolved_by)
        self.people.setdefault(surname_key(full_name), []).append(person)
        return person

    def find_person(self, name: str) -> Actor | None:
        """The person met before under this name: same surname (or a close spelling of it) and first
        names that agree where both mentions give one (Petr/Petro yes, Raul/Fidel no)."""
        key = surname_key(name)
        candidates = self.people.get(key)
        if not candidates:
            best = max(self.people, key=lambda k: fuzz.ratio(k, key), default=None)
            if not best or fuzz.ratio(best, key) < NAME_MATCH_THRESHOLD:
                return None
            candidates = self.people[best]
        agreeing = [person for person in candidates if first_names_agree(person.name, name)]
        return agreeing[-1] if agreeing else None

    def latest(self, individual: bool | None = None, sector: str | None = None, before=None) -> Actor | None:
        """The most recent actor met before `before` (a token) with a country, of the kind asked for."""
        limit = self.offset + before.idx if before is not None else None
        for position, actor, is_person in sorted(self.recent, key=lambda item: item[0], reverse=True):
            if limit is not None and position >= limit:
                continue
            if individual is not None and is_person != individual:
                continue
            if sector and actor.sector != sector:
                continue
            if actor.country:
                return actor
        return None

    def latest_countries(self, count: int, before=None) -> list[str]:
        """The countries of the last `count` different states or state actors met before `before`,
        oldest first ("Greece and Turkey ... both countries")."""
        limit = self.offset + before.idx if before is not None else None
        found: list[str] = []
        for position, actor, is_person in sorted(self.recent, key=lambda item: item[0], reverse=True):
            if (limit is None or position < limit) and not is_person and actor.country and actor.country not in found:
                found.append(actor.country)
            if len(found) == count:
                break
        return found[::-1] if len(found) == count else []

