"""The per-article memory of actors: the people an article has named, with their roles, and the actors
met recently (for pronouns, bare role nouns and later mentions of a surname)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

from ..models import LISTED_SOURCES, Actor
from .kb import first_names_agree, surname_key

NAME_MATCH_THRESHOLD = 90


@dataclass
class ArticleActors:
    """What an article has taught so far: named people with their roles, and the actors met recently."""

    when: date | None = None  # the article's date, for dated dictionary roles
    people: dict[str, list[Actor]] = field(default_factory=dict)  # surname key -> people of that surname
    recent: list[tuple[int, Actor, bool]] = field(default_factory=list)  # (position, actor, individual)
    offset: int = 0  # where the chunk being parsed starts in the article
    home: str = ""  # the country of the article's dateline ("NIAMEY, Niger (AP) -"), where it names one
    subjects: set[int] = field(default_factory=set)  # positions of the actors met as clause subjects

    def remember(self, actor: Actor, individual: bool = False, token=None) -> None:
        if actor.country or actor.sector:
            position = self.offset + (token.idx if token is not None else 0)
            if all(seen[0] != position or seen[1] != actor for seen in self.recent[-8:]):
                self.recent.append((position, actor, individual))  # a phrase resolved again is one mention
            if token is not None and token.dep_ in ("nsubj", "nsubjpass"):
                self.subjects.add(position)

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
        listed = actor.resolved_by in LISTED_SOURCES
        person = Actor.make(full_name, actor.name if listed else full_name, actor.country, actor.sector,
                            individual=True, role=actor.role, resolved_by=actor.resolved_by,
                            identity=actor.id if actor.individual else "")  # a listed id is kept
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

    def latest(self, individual: bool | None = None, sector: str | None = None, before=None,
               role_noun: str = "", within: int | None = None, placed: bool = True,
               subject: bool = False) -> Actor | None:
        """The most recent actor met before `before` (a token) of the kind asked for: a person or not,
        of a sector, whose role ends in `role_noun` ("foreign ministry" for "the ministry"), met at
        most `within` characters before; with a country, or, where `placed` is False, a named
        organisation that has none ("it" after "ECOWAS"); where `subject`, met as a clause subject."""
        limit = self._limit(before)
        for position, actor, is_person in sorted(self.recent, key=lambda item: item[0], reverse=True):
            if limit is not None and position >= limit:
                continue
            if within is not None and limit is not None and limit - position > within:
                break
            if (individual is not None and is_person != individual) or (subject and position not in self.subjects):
                continue
            if (sector and actor.sector != sector) or (role_noun and not _ends_in(actor.role, role_noun)):
                continue
            if actor.country or (not placed and actor.organisation):
                return actor
        return None

    def group_before(self, before) -> Actor | None:
        """The group "it", "its" or "they" stands for: the last one met earlier in the same sentence,
        else the last one met as a clause subject ("The junta accused France. Its spokesman ..."),
        else the last one met."""
        sentence = self.latest(individual=False, before=before, placed=False, within=before.idx)
        return sentence or self.latest(individual=False, before=before, placed=False, subject=True) \
            or self.latest(individual=False, before=before, placed=False)

    def main_countries(self, count: int, before=None) -> list[str]:
        """The `count` countries the article has named most often before `before`, the later named
        first among equals; in the order the article first named them ("Greece and Turkey ... both
        countries"); none where it has named fewer."""
        limit = self._limit(before)
        seen = [(position, actor.country) for position, actor, _ in sorted(self.recent, key=lambda item: item[0])
                if actor.country and (limit is None or position < limit)]
        counts = Counter(country for _, country in seen)
        last = {country: position for position, country in seen}
        first = {country: position for position, country in reversed(seen)}
        chosen = sorted(counts, key=lambda country: (counts[country], last[country]), reverse=True)[:count]
        return sorted(chosen, key=first.get) if len(chosen) == count else []

    def main_country(self, before=None) -> str:
        """The country the article has named most often so far, where one leads; else its dateline's."""
        limit = self._limit(before)
        counts = Counter(actor.country for position, actor, _ in self.recent
                         if actor.country and (limit is None or position < limit)).most_common(2)
        if counts and counts[0][1] > 1 and (len(counts) == 1 or counts[0][1] > counts[1][1]):
            return counts[0][0]
        return self.home

    def _limit(self, before) -> int | None:
        return self.offset + before.idx if before is not None else None


def _ends_in(role: str, noun: str) -> bool:
    return role.lower().split()[-1:] == [noun] if role else False
