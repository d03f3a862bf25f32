"""The event lexicon (predicates and event nouns) and the CAMEO table behind it; its rows: entries.py."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..actors.kb import data_path, read_rows
from ..vocab import words
from .entries import Entry, entry_from_row

LIGHT_VERBS = words("coding_light_verbs")  # verbs that code through their event noun object ("held talks")


@dataclass(frozen=True)
class Cameo:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str
    plover_mode: str


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
        self._lemma_of_form: dict[str, str] | None = None

    def lemma_of(self, form: str) -> str | None:
        """The lexicon or light verb a word form inflects ("staged" -> "stage"), for when the tagger's
        lemma is wrong ("stag"); None if it inflects none."""
        if self._lemma_of_form is None:
            lemmas = {key.split()[0] for key in self.verbs} | LIGHT_VERBS
            self._lemma_of_form = {}
            for lemma in sorted(lemmas, key=len, reverse=True):  # "stage" over "stag" for "staged"
                for inflected in word_forms([lemma]):
                    self._lemma_of_form.setdefault(inflected, lemma)
            self._lemma_of_form.update({lemma: lemma for lemma in lemmas})
        return self._lemma_of_form.get(form)

    def entries(self) -> list[Entry]:
        return [entry for candidates in self.verbs.values() for entry in candidates] + list(self.nouns.values())

    def verb(self, key: str, object_lemmas: set[str]) -> Entry | None:
        for entry in self.verbs.get(key, ()):
            if not entry.objects or entry.objects & object_lemmas:
                return entry
        return None

    def noun(self, lemma: str) -> Entry | None:
        return self.nouns.get(lemma)

    def trigger_forms(self) -> tuple[set[str], dict[str, set[str]]]:
        """The word forms that can carry an event, for the prefilter: inflections of event nouns and of
        verbs that code with any object, and, for verbs that code only with certain objects ("hold"
        talks), each verb form with the forms of its objects. Light verbs code only through an event
        noun, which is in the first set already."""
        alone = word_forms(self.nouns)
        paired: dict[str, set[str]] = {}
        for key, entries in self.verbs.items():
            verb = key.split()[0]
            if any(not entry.objects for entry in entries):
                alone |= word_forms([verb])
                continue
            objects = word_forms(lemma for entry in entries for lemma in entry.objects)
            for form in word_forms([verb]):
                paired.setdefault(form, set()).update(objects)
        return alone, paired

    def code_info(self, code: str) -> Cameo | None:
        while code and code not in self.cameo:
            code = code[:-1]
        return self.cameo.get(code)


@lru_cache(maxsize=1)
def irregular_forms() -> dict[str, tuple[str, ...]]:
    """Irregular verb forms by lemma (`data/irregular_verbs.csv`): "say" -> ("said",)."""
    return {row["lemma"]: tuple(row["forms"].split("|")) for row in read_rows(data_path("irregular_verbs.csv"))}


def word_forms(lemmas) -> set[str]:
    """Every inflection of the lemmas, irregular verb forms included ("say" -> "said")."""
    irregular = irregular_forms()
    return {form for lemma in lemmas for form in inflections(lemma, irregular.get(lemma, ()))}


def inflections(lemma: str, irregular=()) -> set[str]:
    """Regular English inflections of a verb or noun lemma, generously (extra forms cost nothing)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing", *irregular}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing", lemma[:-1] + "ed"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # ban -> banned, banning
    if lemma.endswith("s"):
        forms.add(lemma[:-1])  # "talks" listed as a noun: "talk" too
    return forms


def read_cameo() -> dict[str, Cameo]:
    return {
        row["code"]: Cameo(
            row["code"], row["name"], float(row["goldstein"]), int(row["quad_class"]),
            row["plover_type"], row["plover_mode"],
        )
        for row in read_rows(data_path("cameo.csv"))
    }


def read_entries(cameo: dict[str, Cameo]) -> list[Entry]:
    """The shipped lexicon's rows (`data/lexicon.csv`)."""
    return [entry_from_row(row, cameo) for row in read_rows(data_path("lexicon.csv"))]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    cameo = read_cameo()
    return Lexicon(read_entries(cameo), cameo)
