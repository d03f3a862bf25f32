"""The shipped knowledge base: countries (names, demonyms, capitals), organisations and role nouns."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from unidecode import unidecode

MAX_NAME_TOKENS = 6


@dataclass(frozen=True)
class Entry:
    """What a surface string means: a country (as name, adjective or capital) or an organisation."""

    name: str
    country: str
    sector: str
    kind: str  # "country", "adjective", "capital", "org", "dictionary"
    roles: tuple = ()  # dated roles from an imported dictionary (dictionaries.Role)

    def on(self, when) -> Entry:
        """This entry with the country and sector of the role it held on `when`."""
        active = [r for r in self.roles if r.active(when)] or list(self.roles)
        if not active:
            return self
        return Entry(self.name, active[0].country, active[0].sector, self.kind, self.roles)


@dataclass
class KnowledgeBase:
    names: dict[str, Entry] = field(default_factory=dict)  # normalised surface -> entry
    roles: dict[str, str] = field(default_factory=dict)  # lowercase role noun -> sector
    country_names: dict[str, str] = field(default_factory=dict)  # iso3 -> canonical name

    folded: dict[str, Entry] = field(default_factory=dict)  # lowercased keys, for capitalised text only

    def lookup(self, surface: str) -> Entry | None:
        key = normalise(surface)
        found = self.names.get(key)
        if found is None and key[:1].isupper():
            found = self.folded.get(key.lower())
        return found

    def role(self, phrase: str) -> str | None:
        return self.roles.get(phrase.lower())

    def add(self, surface: str, entry: Entry, overwrite: bool = False) -> None:
        key = normalise(surface)
        if key and (overwrite or key not in self.names):
            self.names[key] = entry
        if key and (overwrite or key.lower() not in self.folded):
            self.folded[key.lower()] = entry


def normalise(surface: str) -> str:
    text = unidecode(surface).replace("\u2019", "'").strip()
    if text.lower().startswith("the "):
        text = text[4:]
    return " ".join(text.split())


def read_rows(path: Path) -> list[dict]:
    """The rows of one of the package's CSV tables."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def data_path(filename: str) -> Path:
    return Path(str(resources.files("eventwire") / "data" / filename))


def read_countries(kb: KnowledgeBase, path: Path) -> None:
    for row in read_rows(path):
        iso3, name = row["iso3"], row["name"]
        kb.country_names[iso3] = name
        for surface in [name, *_split(row.get("aliases"))]:
            kb.add(surface, Entry(name, iso3, "", "country"))
        for surface in _split(row.get("adjectives")):
            kb.add(surface, Entry(name, iso3, "", "adjective"))
        for surface in _split(row.get("capitals")):
            kb.add(surface, Entry(f"Government of {name}", iso3, "GOV", "capital"))


def read_orgs(kb: KnowledgeBase, path: Path) -> None:
    for row in read_rows(path):
        entry = Entry(row["name"], row.get("country", ""), row.get("sector", ""), "org")
        for surface in [row["name"], *_split(row.get("aliases"))]:
            kb.add(surface, entry, overwrite=True)


def read_roles(kb: KnowledgeBase, path: Path) -> None:
    for row in read_rows(path):
        kb.roles[row["term"].strip().lower()] = row["sector"].strip()


def add_dictionary(kb: KnowledgeBase, actors_files=(), agents_files=()) -> KnowledgeBase:
    """A copy of the knowledge base extended with PETRARCH-format actor and agent dictionaries."""
    from copy import deepcopy

    from .dictionaries import read_actors, read_agents

    extended = deepcopy(kb)
    for path in actors_files:
        for actor in read_actors(path):
            first = actor.roles[0]
            entry = Entry(actor.names[0].title(), first.country, first.sector, "dictionary", tuple(actor.roles))
            for name in actor.names:
                extended.add(name.title(), entry, overwrite=True)
    for path in agents_files:
        extended.roles.update(read_agents(path))
    return extended


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    kb = KnowledgeBase()
    read_countries(kb, data_path("countries.csv"))
    read_orgs(kb, data_path("orgs.csv"))
    read_roles(kb, data_path("sectors.csv"))
    return kb
