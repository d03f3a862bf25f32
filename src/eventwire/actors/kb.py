"""The shipped knowledge base: countries (names, demonyms, capitals), organisations, role nouns and
office holders with their terms."""

from __future__ import annotations

import calendar
import csv
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process

from ..models import actor_id, ascii_name
from ..vocab import words
from .dictionaries import Role

MAX_NAME_TOKENS = 6
FAMILY_NAME_FIRST = words("actor_family_name_first")  # countries whose names put the family name first
GIVEN_NAME_USED = words("actor_given_name_used")  # countries whose people are named by the first name ("Abiy")
CLOSE_SURNAME = 88  # rapidfuzz ratio for a misspelt surname of a listed person
OFFICE_TITLES = {
    "head_of_state": "head of state", "head_of_government": "head of government",
    "head_of_state_and_government": "head of state and government",
    "foreign_minister": "foreign minister", "defence_minister": "defence minister",
}
OFFICE_NOUNS = {title: words(f"actor_office_{office}") for office, title in OFFICE_TITLES.items()}  # "premier"


@dataclass(frozen=True)
class Entry:
    """What a surface string means: a country (as name, adjective or capital) or an organisation."""

    name: str
    country: str
    sector: str
    kind: str  # "country", "adjective", "capital", "org", "dictionary", "person", "registry"
    roles: tuple = ()  # dated roles (dictionaries.Role), newest last for people
    title: str = ""  # the role held, for people: "head of government", "ambassador"
    joint: tuple = ()  # further (country, sector) a dictionary name stands for (`LORIEN [ELR/GAL]`)
    id: str = ""  # an organisation's own identity (`NATO`, `AMNESTY_INTERNATIONAL`)
    code: str = ""  # its CAMEO-style code where that is more than country + sector (`IGOWSTNAT`)

    @property
    def person_id(self) -> str:
        """A listed person's id, the same on every date: the name under the first country served
        (`PRT-ANTONIO_GUTERRES` as UN secretary-general too)."""
        home = next((role.country for role in self.roles if role.country), self.country)
        return actor_id(home, "", self.name, individual=True)

    @property
    def names_state(self) -> bool:
        """A country's name, adjective or capital, or a dictionary entry coded as a state alone
        ("RUSSIA [RUS]", a fictional "ARNOR [ARN]"), so it can stand before a role noun ("Arnor police")."""
        if self.kind == "dictionary":
            return bool(self.country) and not any(role.sector for role in self.roles)
        return self.kind in ("country", "adjective", "capital")

    def on(self, when) -> Entry:
        """This entry with the country and sector of the role it held on `when`.

        A person past every term is ELI (a former official) of the last country served; before the
        first term only the country is known. Dictionary entries without a matching role take their first."""
        if not self.roles:
            return self
        active = [r for r in self.roles if r.active(when)]
        if active:
            role = _dictionary_role(active) if self.kind == "dictionary" else active[-1]
            return replace(self, country=role.country, sector=role.sector, title=role.title, joint=role.joint)
        if self.kind not in ("person", "registry") or when is None:
            role = self.roles[0]
            return replace(self, country=role.country, sector=role.sector, title=role.title, joint=role.joint)
        past = [r for r in self.roles if r.end is not None and r.end < when]
        if past:
            last = max(past, key=lambda r: r.end)
            return replace(self, country=last.country, sector="ELI", title=f"former {last.title}".strip())
        return replace(self, country=self.roles[0].country, sector="", title="")


def _dictionary_role(active: list[Role]) -> Role:
    """A dictionary actor's role on a date, as PETRARCH picks it: the first dated restriction that
    holds, in file order, over the undated default (`[HOB] [HOBCIV <20080120] [ORCHOB 20100109-20100112]`)."""
    dated = [r for r in active if r.start is not None or r.end is not None]
    return (dated or active)[0]


@dataclass
class KnowledgeBase:
    names: dict[str, Entry] = field(default_factory=dict)  # normalised surface -> entry
    roles: dict[str, str] = field(default_factory=dict)  # lowercase role noun -> sector
    dictionary_roles: dict[str, str] = field(default_factory=dict)  # those a user's agents file gives
    country_names: dict[str, str] = field(default_factory=dict)  # iso3 -> canonical name

    folded: dict[str, Entry] = field(default_factory=dict)  # keys as _folded gives them, for capitalised text only
    surnames: dict[str, list[Entry]] = field(default_factory=dict)  # surname key -> people with it
    close_surnames: dict[str, str] = field(default_factory=dict)  # surname key -> nearest listed key, or ""

    def person(self, mention: str, when=None, sector: str = "", role: str = "") -> Entry | None:
        """The person a name or bare surname stands for: the only one of that name, else the only one
        in a role on `when`; of namesakes in roles then, the one of the text's `sector` and office
        `role` ("President Bashir" is the head of state, not a militant; "Prime Minister Sharif" the
        head of government, not a provincial chief minister); None where that leaves doubt."""
        key = normalise(mention)
        exact = self.names.get(key)
        if exact is not None and exact.kind in ("person", "registry", "dictionary"):
            return exact.on(when)
        candidates = self.surnames.get(surname_key(mention), []) or self._close_surnames(mention)
        if len(mention.split()) > 1:  # a full name that is not in the table: the other names must agree
            candidates = [c for c in candidates if _ends_with(c.name, key)  # "López Obrador": a two-word surname
                          or first_names_agree(c.name, mention) and middle_names_agree(c.name, mention)]
        if len(candidates) > 1 and when is not None:
            candidates = [c for c in candidates if any(r.active(when) for r in c.roles)] or _nearest(candidates, when)
        if len(candidates) > 1 and when is not None and (sector or role):
            offices = {title for title, nouns in OFFICE_NOUNS.items() if role in nouns}
            candidates = [c for c in candidates if any(r.active(when) and (not sector or r.sector == sector)
                                                       and (not offices or r.title in offices) for r in c.roles)]
        if len(candidates) > 1:  # "al-Bashir": the one whose name ends so, not a "Bashir" alias
            ending = [c for c in candidates if _ends_with(c.name, key)]
            candidates = ending or candidates
        return candidates[0].on(when) if len(candidates) == 1 else None

    def _close_surnames(self, mention: str) -> list[Entry]:
        """People whose surname is a near spelling of the mention's ("Bouteflicka"), for long names only."""
        key = surname_key(mention)
        if len(key) < 6:
            return []
        if key not in self.close_surnames:  # the same unknown names recur in every article: match once
            match = process.extractOne(key, self.surnames.keys(), scorer=fuzz.ratio, score_cutoff=CLOSE_SURNAME)
            self.close_surnames[key] = match[0] if match else ""
        return self.surnames.get(self.close_surnames[key], [])

    def add_person(self, entry: Entry, aliases=(), overwrite: bool = True) -> None:
        self.close_surnames.clear()
        for surface in (entry.name, *aliases):
            self.add(surface, entry, overwrite=overwrite)
        keys = {surname_key(surface) for surface in (entry.name, *aliases)}
        if entry.country in FAMILY_NAME_FIRST | GIVEN_NAME_USED:  # "President Xi", "Kim", "Prime Minister Abiy"
            keys |= {surname_key(surface.split()[0]) for surface in (entry.name, *aliases) if " " in surface}
        for key in keys:
            people = self.surnames.setdefault(key, [])
            if entry not in people:
                people.append(entry)

    def lookup(self, surface: str) -> Entry | None:
        key = normalise(surface)
        found = self.names.get(key)
        if found is None and key[:1].isupper():
            found = self.folded.get(_folded(key))
        return found

    def role(self, phrase: str) -> str | None:
        return self.roles.get(phrase.lower().replace(" - ", "-"))  # "Secretary - General" as the parser splits it

    def dictionary_role(self, phrase: str) -> str | None:
        return self.dictionary_roles.get(phrase.lower())

    def add(self, surface: str, entry: Entry, overwrite: bool = False) -> None:
        key = normalise(surface)
        if key and (overwrite or key not in self.names):
            self.names[key] = entry
        if key and (overwrite or _folded(key) not in self.folded):
            self.folded[_folded(key)] = entry


def _ends_with(name: str, key: str) -> bool:
    return normalise(name).lower().endswith(" " + key.lower())


def _nearest(people: list[Entry], when: date) -> list[Entry]:
    """Of namesakes of one country none of whom served on `when`, the one whose terms lie nearest it
    ("President Bush" in 2000 is the Bush about to take office, not his father); [] across countries."""
    if len({person.country for person in people}) != 1:
        return []
    def distance(person: Entry) -> int:
        return min(_days_from(role, when) for role in person.roles) if person.roles else 10**6
    ranked = sorted(people, key=distance)
    return ranked[:1] if distance(ranked[0]) < distance(ranked[1]) else []


def _days_from(role: Role, when: date) -> int:
    start, end = role.start or date.min, role.end or date.max
    return (start - when).days if when < start else (when - end).days if when > end else 0


def _folded(key: str) -> str:
    """A name as capitalised names are also looked up: lower case, hyphens as spaces
    ("Directorate-General for ..." is "Directorate General for ...")."""
    return " ".join(key.lower().replace("-", " ").split())


def normalise(surface: str) -> str:
    text = ascii_name(surface).replace("\u2019", "'").replace("_", " ").strip()  # `Dol_Amroth`: joined words
    if text.lower().startswith("the "):
        text = text[4:]
    return " ".join(text.split())


def surname_key(name: str) -> str:
    """A surname, transliterated, with common spelling variants folded.

    Slavic endings (-skiy/-sky/-skyi/-ski) and doubled letters (Zelenskyy, Gaddafi/Qaddafi) collapse,
    and initial Q/K/G variants of Arabic names fold to one letter."""
    parts = ascii_name(name).lower().replace("'s", "").replace("-", " ").split()
    surname = "".join(ch for ch in (parts[-1] if parts else "") if ch.isalpha())
    for ending, folded in (("skyy", "sky"), ("skyi", "sky"), ("skiy", "sky"), ("skij", "sky"),
                           ("ski", "sky"), ("iy", "y"), ("yy", "y")):
        if surname.endswith(ending):
            surname = surname[: -len(ending)] + folded
            break
    deduped = "".join(ch for i, ch in enumerate(surname) if i == 0 or ch != surname[i - 1])
    folded = deduped.replace("kh", "k").replace("dh", "d").replace("ayev", "aev").replace("iyev", "iev")
    return ("k" + folded[1:]) if folded[:1] in ("q", "g") else folded


def first_names_agree(one: str, other: str) -> bool:
    """Do two mentions' first names allow one person? Missing ones do; initials, prefixes (Petr,
    Petro) and close spellings (Mohammed, Muhammad) do; different names do not."""
    first, second = _first_name(one), _first_name(other)
    if not first or not second:
        return True
    if len(first) == 1 or len(second) == 1:
        return first[0] == second[0]
    shorter, longer = sorted((first, second), key=len)
    return longer.startswith(shorter) and len(shorter) >= 3 or fuzz.ratio(first, second) >= 75


def _first_name(name: str) -> str:
    parts = ascii_name(name).lower().replace(".", " ").split()
    return parts[0] if len(parts) > 1 else ""


def middle_names_agree(one: str, other: str) -> bool:
    """Where both names give middle initials, they are the same: George H. W. Bush is not George W. Bush
    (names written out, "Recep Tayyip Erdogan", "Abdel Fattah el-Sisi", are left to the first names)."""
    first, second = _middle_initials(one), _middle_initials(other)
    return not first or not second or first == second


def _middle_initials(name: str) -> tuple[str, ...]:
    parts = ascii_name(name).replace(".", " ").split()
    return tuple(part.upper() for part in parts[1:-1] if len(part) == 1)


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
        entry = Entry(row["name"], row.get("country", ""), row.get("sector", ""), "org",
                      id=row["id"], code=row.get("code", ""))
        for surface in [row["name"], *_split(row.get("aliases"))]:
            kb.add(surface, entry, overwrite=True)


def read_roles(kb: KnowledgeBase, path: Path) -> None:
    for row in read_rows(path):
        kb.roles[row["term"].strip().lower()] = row["sector"].strip()


def parse_partial_date(text: str, end: bool = False) -> date | None:
    """`2019-05-20`, `2019-05` or `2019`: the first day of the period, or its last with `end`."""
    parts = [int(p) for p in (text or "").strip().split("-") if p.isdigit()]
    if not parts:
        return None
    year, month = parts[0], parts[1] if len(parts) > 1 else (12 if end else 1)
    if len(parts) > 2:
        return date(year, month, parts[2])
    day = calendar.monthrange(year, month)[1] if end else 1
    return date(year, month, day)


def read_people(kb: KnowledgeBase, rows: list[dict], kind: str = "person", overwrite: bool = True) -> None:
    """Rows of `name,aliases,country,(office|sector|role),start,end`, one per term, into dated entries."""
    terms: dict[str, list[dict]] = {}
    for row in rows:
        if row.get("name", "").strip():
            terms.setdefault(row["name"].strip(), []).append(row)
    for name, person_rows in terms.items():
        roles = sorted((_row_role(row) for row in person_rows), key=lambda r: r.start or date.min)
        aliases = {alias for row in person_rows for alias in _split(row.get("aliases"))}
        latest = roles[-1]
        entry = Entry(name, latest.country, latest.sector, kind, tuple(roles), latest.title)
        kb.add_person(entry, sorted(aliases), overwrite)


def _row_role(row: dict) -> Role:
    office = (row.get("office") or "").strip()
    sector = (row.get("sector") or "").strip().upper() or ("GOV" if office else "")
    title = OFFICE_TITLES.get(office, office) or (row.get("role") or "").strip()
    return Role(row.get("country", "").strip().upper(), sector,
                parse_partial_date(row.get("start", "")), parse_partial_date(row.get("end", ""), end=True), title)


def read_offices(kb: KnowledgeBase, folder: Path, people: Path | None = None) -> None:
    """The office-holder tables and the table of other people (`people.csv`, rows as a user's actors
    CSV), read as one: a person in both keeps every role."""
    rows = [row for path in sorted(folder.glob("*.csv")) for row in read_rows(path)]
    read_people(kb, rows + (read_rows(people) if people else []))


def extended(kb: KnowledgeBase, actors_files=(), agents_files=(), registry=()) -> KnowledgeBase:
    """The knowledge base, or one copy of it extended with the user's dictionaries and the registry.

    Dictionaries: PETRARCH/TABARI `.actors`/`.agents` files, or CSV: actors as
    `name,aliases,country,sector,role,start,end` (one row per dated role), agents as `term,sector`.
    Registry: the people earlier articles taught (Store.registry_people), which never override the
    shipped tables or the dictionaries."""
    if not (actors_files or agents_files or registry):
        return kb
    from copy import deepcopy

    copy = deepcopy(kb)
    for path in actors_files:
        _read_actor_dictionary(copy, Path(path))
    for path in agents_files:
        if str(path).lower().endswith(".csv"):
            terms = {row["term"].strip().lower(): row["sector"].strip() for row in read_rows(Path(path))}
        else:
            from .dictionaries import read_agents

            terms = read_agents(path)
        copy.roles.update(terms)
        copy.dictionary_roles.update(terms)  # searched first (Resolver._role)
    read_people(copy, list(registry), kind="registry", overwrite=False)
    return copy


def _read_actor_dictionary(kb: KnowledgeBase, path: Path) -> None:
    if path.suffix.lower() == ".csv":
        read_people(kb, read_rows(path), kind="dictionary")
        return
    from .dictionaries import read_actors

    for actor in read_actors(path):
        first = actor.roles[0]
        entry = Entry(actor.names[0].title(), first.country, first.sector, "dictionary", tuple(actor.roles),
                      joint=first.joint)
        for name in actor.names:
            kb.add(name.title(), entry, overwrite=True)


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    kb = KnowledgeBase()
    read_countries(kb, data_path("countries.csv"))
    read_orgs(kb, data_path("orgs.csv"))
    read_roles(kb, data_path("sectors.csv"))
    read_offices(kb, data_path("offices"), data_path("people.csv"))
    return kb
