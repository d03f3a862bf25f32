"""Lexicon rows: the Entry a predicate matches, and the one row format behind every Entry.

The shipped lexicon (`data/lexicon.csv`) and the rows a PETRARCH verb dictionary gives
(verb_dictionary.py) share `COLUMNS` and are read by `entry_from_row`. The columns after `cameo` are
what a dictionary pattern says beyond the verb and its object; shipped rows leave them empty, and
any row may set them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

COLUMNS = (
    "kind", "lemma", "object", "event_type", "mode", "cameo",
    "reply", "compound_side", "compound", "target_prep", "target_skips", "reversed",
    "as_written", "modifier_objects", "phrase_target",
)
FLAGS = {"": False, "false": False, "true": True}


@dataclass(frozen=True)
class Entry:
    kind: str  # "verb" or "noun"
    lemma: str
    objects: frozenset[str]  # empty: any object
    event_type: str
    mode: str | None
    cameo: str
    origin: str = ""  # "": the shipped lexicon; else the user's verb dictionary it came from
    # what a verb dictionary's patterns say beyond the verb and its object (verb_dictionary.py):
    reply: str = ""  # `[032:033]`: the CAMEO code of the event back from target to source
    compound_side: str = ""  # "source" or "target": a `%` pattern codes `compound` when that side is compound
    compound: Entry | None = None
    target_prep: str = ""  # `* EID AT ^ WITH +`: the target is the object of "with" ...
    target_skips: int = 0  # ... after this many skipped phrases (`^`): `* AT ^ +` is the second phrase after "at"
    reversed: bool = False  # `+ * FROM $`: the subject is the target, and the marks above place the source
    # how the clause rules read the row (a verb dictionary's rows set all three):
    as_written: bool = False  # coded as the row says: no intent recoding, and before a light verb's event noun
    modifier_objects: bool = False  # its object words may be the object's adjectives (`* DIPLOMATIC`)
    phrase_target: bool = False  # with no other party as target, the first one in the verb phrase is


def entry_from_row(row: dict[str, str], cameo: dict, origin: str = "") -> Entry:
    """One lexicon row as an Entry; `cameo` (code -> lexicon.Cameo) resolves a `compound` code."""
    values = {name: (row.get(name) or "").strip() for name in COLUMNS}
    entry = Entry(
        kind=values["kind"],
        lemma=values["lemma"].lower(),
        objects=frozenset(o.strip().lower() for o in values["object"].split("|") if o.strip()),
        event_type=values["event_type"],
        mode=values["mode"] or None,
        cameo=values["cameo"],
        origin=origin,
        reply=values["reply"],
        compound_side=values["compound_side"],
        target_prep=values["target_prep"],
        target_skips=int(values["target_skips"] or 0),
        reversed=_flag(values, "reversed"),
        as_written=_flag(values, "as_written"),
        modifier_objects=_flag(values, "modifier_objects"),
        phrase_target=_flag(values, "phrase_target"),
    )
    if not values["compound"]:
        return entry
    return _with_compound(entry, values["compound"], cameo)


def row_of(entry: Entry) -> dict[str, str]:
    """The row that reads back as this entry (but its origin)."""
    compound = entry.compound
    return {
        "kind": entry.kind, "lemma": entry.lemma, "object": "|".join(sorted(entry.objects)),
        "event_type": entry.event_type, "mode": entry.mode or "", "cameo": entry.cameo, "reply": entry.reply,
        "compound_side": entry.compound_side,
        "compound": f"{compound.cameo}:{compound.reply}".rstrip(":") if compound else "",
        "target_prep": entry.target_prep, "target_skips": str(entry.target_skips or ""),
        "reversed": _text(entry.reversed), "as_written": _text(entry.as_written),
        "modifier_objects": _text(entry.modifier_objects), "phrase_target": _text(entry.phrase_target),
    }


def split_code(text: str) -> tuple[str, str]:
    """`032:033` -> (`032`, `033`); `040` -> (`040`, ""); `:173` -> ("", `173`)."""
    code, _, reply = text.partition(":")
    return code.strip(), reply.strip()


def known_code(code: str, cameo: dict):
    """The Cameo of the longest code in the table that `code` starts with, if it has a PLOVER type."""
    code = code.strip()
    while len(code) >= 2 and code not in cameo:
        code = code[:-1]
    info = cameo.get(code) if len(code) >= 2 else None
    return info if info and info.plover_type else None


def _with_compound(entry: Entry, code: str, cameo: dict) -> Entry:
    """The entry with the code its row takes for a compound actor (`% * [030:030]`): the same row,
    with that code and reply and none of the marks."""
    main, reply = split_code(code)
    info, reply_info = known_code(main, cameo), known_code(reply, cameo)
    if info is None:
        raise ValueError(f"compound code {code!r} of {entry.lemma!r} has no PLOVER type in the CAMEO table")
    compound = Entry(entry.kind, entry.lemma, entry.objects, info.plover_type, info.plover_mode or None, info.code,
                     origin=entry.origin, reply=reply_info.code if reply_info else "", as_written=entry.as_written,
                     modifier_objects=entry.modifier_objects, phrase_target=entry.phrase_target)
    return replace(entry, compound=compound)


def _flag(values: dict[str, str], name: str) -> bool:
    try:
        return FLAGS[values[name].lower()]
    except KeyError:
        raise ValueError(f"{name} must be empty, true or false, not {values[name]!r}") from None


def _text(flag: bool) -> str:
    return "true" if flag else ""
