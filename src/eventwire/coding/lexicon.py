"""The event lexicon (predicates and event nouns) and the CAMEO table behind it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..actors.kb import data_path, read_rows

LIGHT_VERBS = {
    "hold", "take", "launch", "announce", "issue", "express", "reach", "sign", "conduct", "carry",
    "begin", "start", "stage", "open", "order", "impose", "make", "level", "file", "voice", "lodge",
    "initiate", "offer", "extend", "give", "provide", "deliver", "send", "mount", "unleash", "step",
    "declare", "call", "spur", "draw", "face", "receive", "end", "resume", "continue", "join",
}


@dataclass(frozen=True)
class Cameo:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str
    plover_mode: str


@dataclass(frozen=True)
class Entry:
    kind: str  # "verb" or "noun"
    lemma: str
    objects: frozenset[str]  # empty: any object
    event_type: str
    mode: str | None
    cameo: str


class Lexicon:
    def __init__(self, entries: list[Entry], cameo: dict[str, Cameo]):
        self.cameo = cameo
        self.verbs: dict[str, list[Entry]] = {}
        self.nouns: dict[str, Entry] = {}
        for entry in entries:
            if entry.kind == "noun":
                self.nouns.setdefault(entry.lemma, entry)
            else:
                self.verbs.setdefault(entry.lemma, []).append(entry)
        for candidates in self.verbs.values():
            candidates.sort(key=lambda e: not e.objects)  # object-restricted entries first
        self.particle_verbs = {key.split()[0] for key in self.verbs if " " in key}

    def verb(self, key: str, object_lemmas: set[str]) -> Entry | None:
        for entry in self.verbs.get(key, ()):
            if not entry.objects or entry.objects & object_lemmas:
                return entry
        return None

    def noun(self, lemma: str) -> Entry | None:
        return self.nouns.get(lemma)

    def code_info(self, code: str) -> Cameo | None:
        while code and code not in self.cameo:
            code = code[:-1]
        return self.cameo.get(code)


def read_cameo() -> dict[str, Cameo]:
    return {
        row["code"]: Cameo(
            row["code"], row["name"], float(row["goldstein"]), int(row["quad_class"]),
            row["plover_type"], row["plover_mode"],
        )
        for row in read_rows(data_path("cameo.csv"))
    }


def read_entries() -> list[Entry]:
    return [
        Entry(
            kind=row["kind"].strip(),
            lemma=row["lemma"].strip().lower(),
            objects=frozenset(o.strip().lower() for o in row["object"].split("|") if o.strip()),
            event_type=row["event_type"].strip(),
            mode=row["mode"].strip() or None,
            cameo=row["cameo"].strip(),
        )
        for row in read_rows(data_path("lexicon.csv"))
    ]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    return Lexicon(read_entries(), read_cameo())
