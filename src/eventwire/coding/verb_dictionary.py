"""Import PETRARCH/TABARI verb dictionaries (`PETR.Validate.verbs.txt`, `CAMEO.2.0.txt`) as lexicon rows.

The format, as far as our lexicon model can use it:
- `&NAME` starts a synonym set; its `+MEMBER` lines (words joined by `_` or spaces, possibly another
  `&SET`) follow. A trailing `_` on a name or word only stops PETRARCH inflecting it.
- `--- LABEL [code] ---` starts a verb block; `[code]` is the default code of its verbs. The lines after
  it are the verbs: `WORD {FORMS} [code]`, or several words with `+` on the verb (`+ASK_FOR`,
  `WIRE_+TAP`); a verb's own code replaces the block's. Irregular `{FORMS}` are ignored: the parser
  gives us lemmas.
- `- PATTERN [code]` lines apply to every verb of the block. `*` stands for the verb; words after it
  are its object or complement (perhaps after a particle or a preposition), words before it precede
  the verb. `$`, `+` and `^` mark the source, target and a skipped phrase; `%` requires a compound
  actor; `{...}` and `(...)` group a noun or prepositional phrase.
- Codes: `[---]` is no event; `[a:b]` codes `a` from source to target and a reply `b` back from
  target to source (`LEFT [032:033]`: a visit, and the host receiving it); codes are cut to the
  longest CAMEO code in our table, and those without a PLOVER type there (9xx test codes, WEIS-only
  codes, 01x statements) map to nothing.

What fits becomes verb rows: a verb with its default code (any object); `* NOUN` patterns a row for
the verb restricted to the head noun of the object (a leading preposition is dropped as well, since
the clause rules see prepositional objects); `* PARTICLE` patterns a particle verb (`call for`).
Patterns with words before `*` are used only when those words are auxiliaries or adverbs (`HAS *`,
`HEAVILY *`); negated (`NOT *`), compound (`%`) and other context patterns are skipped and counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from pathlib import Path

from ..actors.dictionaries import content_lines
from ..vocab import words
from .entries import Entry, entry_from_row, known_code, row_of, split_code
from .lexicon import Cameo, Lexicon, irregular_forms, read_cameo

AUXILIARIES = words("coding_pattern_auxiliaries")
ADVERBS = words("coding_pattern_adverbs")
NEGATIONS = words("coding_pattern_negations")  # pattern words; a parsed token's negation: coding_negations
PARTICLES = words("coding_pattern_particles")
PREPOSITIONS = words("coding_pattern_prepositions")  # more than the clause rules' target prepositions
FUNCTION_WORDS = words("coding_pattern_function_words") | AUXILIARIES  # never an object's head noun
DICTIONARY_FLAGS = {"as_written": "true", "modifier_objects": "true", "phrase_target": "true"}
MARKERS = {"$", "+", "^", "%"}
NO_MARKS = ("", 0, False)  # (preposition, `^` phrases skipped, reversed): see _marks
_CODE = re.compile(r"\[([^\]]*)\]")
_HEADER = re.compile(r"^---\s*(?P<label>[^\[]*?)\s*\[(?P<code>[^\]]*)\]")
_FORMS = re.compile(r"\{[^}]*\}")


@dataclass
class VerbDictionary:
    """The rows a verb dictionary gives, and how much of it did not fit."""

    path: str
    entries: list[Entry] = field(default_factory=list)
    verbs: set[str] = field(default_factory=set)  # verb lemmas it defines (they override the shipped rows)
    read: int = 0  # verb and pattern lines read
    skipped: int = 0  # of those, lines that give no row (no event, unknown code, context we cannot match)

    def summary(self) -> str:
        return (f"{self.path}: {self.read} verb and pattern lines, {self.read - self.skipped} used, "
                f"{self.skipped} skipped, {len(self.entries)} lexicon rows")


@dataclass
class _Block:
    code: str  # the block's default code, "" for none
    verbs: list[tuple[list[str], str]] = field(default_factory=list)  # (words of the line, own code or "")
    patterns: list[tuple[str, str]] = field(default_factory=list)  # (pattern text, code)


def read_verb_dictionary(path: str | Path, cameo: dict[str, Cameo]) -> VerbDictionary:
    """Read one verb dictionary into lexicon rows, with their PLOVER type and mode from `cameo`."""
    result = VerbDictionary(str(path))
    synsets, blocks = _parse(content_lines(Path(path)))
    expand = _Expander(synsets)
    for block in blocks:
        _add_block(result, block, expand, cameo)
    return result


def load_verb_dictionary(path: str | Path) -> VerbDictionary:
    """The dictionary at `path` with the shipped CAMEO table, read once per process while unchanged."""
    resolved = Path(path).resolve()
    return _cached(str(resolved), resolved.stat().st_mtime)


@lru_cache(maxsize=8)
def _cached(path: str, mtime: float) -> VerbDictionary:
    return read_verb_dictionary(path, read_cameo())


# --- reading the file


def _parse(lines: Iterable[str]) -> tuple[dict[str, list[str]], list[_Block]]:
    """Synsets (name -> raw member lines) and verb blocks, in file order."""
    synsets: dict[str, list[str]] = {}
    blocks: list[_Block] = []
    current_set: list[str] | None = None
    block: _Block | None = None
    for raw in lines:
        line = raw.strip()
        header = _HEADER.match(line)
        if header:
            block, current_set = _Block(header["code"].strip()), None
            blocks.append(block)
        elif line.startswith("&"):
            current_set = synsets.setdefault(_set_name(line.split()[0]), [])
        elif line.startswith("+") and current_set is not None:
            current_set.append(line[1:].strip())
        elif line.startswith("-") and block is not None:
            current_set = None
            code = _CODE.search(line)
            block.patterns.append((_CODE.sub(" ", line[1:]).strip(), code[1].strip() if code else ""))
        elif block is not None and not line.startswith(("~", "<")):
            current_set = None
            code = _CODE.search(line)
            block.verbs.append((_verb_words(_FORMS.sub(" ", _CODE.sub(" ", line))), code[1].strip() if code else ""))
    return synsets, blocks


def _set_name(token: str) -> str:
    return token.lstrip("&").rstrip("_").lower()


def _verb_words(text: str) -> list[str]:
    return [w.lower() for w in re.split(r"[\s_]+", text.strip()) if w]


def _tokens(text: str) -> list[str]:
    """Pattern words, lower case: `*`, markers, `&set` references and words (split at `_`)."""
    text = re.sub(r"[(){}]", " ", text.replace("*", " * "))
    tokens = []
    for chunk in text.split():
        if chunk.startswith("&"):
            tokens.append("&" + chunk[1:].rstrip("_").lower())  # may hold `_`: resolved by _Expander
            continue
        tokens.extend(w.lower() for w in chunk.split("_") if w)
    return tokens


class _Expander:
    """Synset references to their members (each a list of words), nested sets included."""

    def __init__(self, synsets: dict[str, list[str]]):
        self.synsets = synsets
        self.names = sorted(synsets, key=len, reverse=True)

    def slots(self, tokens: list[str], seen: frozenset = frozenset()) -> list[list[list[str]]]:
        """Each token as a slot of alternatives: a word is one alternative, a set one per member.
        `&tietypes_relations` (a set joined to words by `_`) splits into the set and the words."""
        slots: list[list[list[str]]] = []
        for token in tokens:
            if not token.startswith("&"):
                slots.append([[token]])
                continue
            name = next((n for n in self.names if token[1:] == n or token[1:].startswith(n + "_")), None)
            if name is None:
                slots.append([[token[1:]]])
                continue
            slots.append(self.members(name, seen))
            slots.extend([[w]] for w in token[len(name) + 2:].split("_") if w)
        return slots

    def members(self, name: str, seen: frozenset = frozenset()) -> list[list[str]]:
        if name in seen:
            return []
        found: list[list[str]] = []
        for raw in self.synsets.get(name, []):
            slots = self.slots(_tokens(raw), seen | {name})
            found.extend([w for part in combination for w in part] for combination in product(*slots))
        return found


# --- verbs and patterns to rows


def _add_block(result: VerbDictionary, block: _Block, expand: _Expander, cameo) -> None:
    first_row = len(result.entries)
    verbs = []  # (keys the block's patterns extend, has a default code)
    for line_words, own_code in block.verbs:
        result.read += 1
        verb = _verb_line(line_words, expand)
        if verb is None:
            result.skipped += 1
            continue
        keys, (suffix, objects) = verb
        used = _add_rule(result, keys, (suffix, objects), own_code or block.code, cameo)
        result.skipped += not used
        if objects is None:  # `+CORDON_OFF`: patterns extend `cordon off`; `+TAKE_LEAVE` takes none
            verbs.append(([f"{key} {suffix}".strip() for key in keys], used))
    compound = []
    for text, code in block.patterns:
        result.read += 1
        rule, side, marks = _pattern_rule(text, expand)
        if side:
            compound.append((rule, side, code))
            continue
        used = False
        for keys, has_default in verbs:
            if rule is not None and not (rule == ("", None) and has_default):  # bare patterns fill a gap only
                used |= _add_rule(result, keys, rule, code, cameo, marks)
        result.skipped += not used
    for rule, side, code in compound:  # after the plain rows, which they qualify
        used = any([_add_compound(result, first_row, keys, rule, (side, code, block.code), cameo)
                    for keys, _ in verbs])
        result.skipped += not used


def _add_rule(result: VerbDictionary, keys: list[str], rule, code: str, cameo, marks=NO_MARKS) -> bool:
    """Rows for `keys` under a (suffix, objects) rule, with the actor a pattern marks after the verb
    (`_marks`); False where the code maps to nothing."""
    if rule is None or known_code(split_code(code)[0], cameo) is None:
        return False
    for key, restricted in _row_keys(keys, rule):
        result.entries.append(_row(result, key, restricted, code, cameo, marks))
        result.verbs.add(key.split()[0])
    return True


def _row(result: VerbDictionary, key: str, restricted: frozenset, code: str, cameo, marks=NO_MARKS) -> Entry:
    """One lexicon row for a known code (`a` or `a:b`, `b` the reply back from target to source), in
    the shipped lexicon's row format: a dictionary's rows code as written (entries.py)."""
    code, reply = split_code(code)
    info, reply_info = known_code(code, cameo), known_code(reply, cameo)
    target_prep, target_skips, reversed_roles = marks
    row = {"kind": "verb", "lemma": key, "object": "|".join(sorted(restricted)), "event_type": info.plover_type,
           "mode": info.plover_mode, "cameo": info.code, "reply": reply_info.code if reply_info else "",
           "target_prep": target_prep, "target_skips": str(target_skips), "reversed": str(reversed_roles).lower(),
           **DICTIONARY_FLAGS}
    return entry_from_row(row, cameo, origin=result.path)


def _row_keys(keys: list[str], rule) -> list[tuple[str, frozenset]]:
    suffix, objects = rule
    objects = frozenset(objects or ())
    rows = [(f"{key} {suffix}".strip(), objects) for key in keys]
    if suffix in PREPOSITIONS and objects:  # the clause rules see the preposition's object as an object too
        rows += [(key, objects) for key in keys]
    return rows


def _add_compound(result: VerbDictionary, first_row: int, keys: list[str], rule, compound, cameo) -> bool:
    """A `%` pattern as the code its rows take when that side is a compound actor (`% * [030:030]`: "A
    and B agree" is each agreeing with the other); a row it qualifies that the block lacks (`* WITH %`)
    is added with the block's code. False where the codes map to nothing."""
    side, code, block_code = compound
    if rule is None or known_code(split_code(code)[0], cameo) is None:
        return False
    rows = result.entries
    used = False
    for key, restricted in _row_keys(keys, rule):
        index = next((i for i in range(first_row, len(rows))
                      if rows[i].lemma == key and rows[i].objects == restricted), None)
        if index is None and _add_rule(result, [key], ("", restricted or None), block_code, cameo):
            index = len(rows) - 1
        if index is not None:
            row = {**row_of(rows[index]), "compound_side": side, "compound": code}
            rows[index] = entry_from_row(row, cameo, origin=result.path)
            used = True
    return used


def _verb_line(words: list[str], expand: _Expander):
    """A verb line as (lemma keys, rule for the words after the verb); None where words precede the
    verb (`WIRE_+TAP`), which the clause rules cannot match. `+ASK_FOR` -> ([ask], ("for", None))."""
    marked = [i for i, w in enumerate(words) if w.startswith("+")]
    if not words or (marked and marked[0] > 0):
        return None
    rule = _complement(expand.slots([w.lstrip("+") for w in words[1:]]))
    if rule is None:
        return None
    return verb_lemmas(words[0].lstrip("+")), rule


def verb_lemmas(word: str) -> list[str]:
    """Keys for a dictionary verb: the word and the lemmas it may be an inflection of (`called` ->
    call, `denied` -> deny, `left` -> leave): validation dictionaries list inflected forms, the clause
    rules match lemmas. Also the word with an `e`, which is what the parser makes of `cordoned` for
    a verb it does not know. A wrong guess costs only a key no verb has."""
    found = [word, _irregular_lemmas().get(word, word)]
    if word[-1:] not in "aeiouy":
        found.append(word + "e")
    if len(word) >= 5:
        if word.endswith(("ied", "ies")):
            found.append(word[:-3] + "y")
        for suffix in ("ed", "ing"):
            if word.endswith(suffix):
                stem = word[: -len(suffix)]
                found += [stem, stem + "e"]
                if len(stem) > 2 and stem[-1] == stem[-2]:
                    found.append(stem[:-1])  # repelled -> repel
    if len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        found.append(word[:-1])
    return list(dict.fromkeys(found))


@lru_cache(maxsize=1)
def _irregular_lemmas() -> dict[str, str]:
    return {form: lemma for lemma, forms in irregular_forms().items() for form in forms}


def _pattern_rule(text: str, expand: _Expander) -> tuple[tuple[str, list[str] | None] | None, str, tuple]:
    """A pattern as (particle or preposition for the key, object head words or None for any object),
    the side a `%` asks to be a compound actor ("source" before `*`, "target" after, else ""), and its
    marks (`_marks`); the rule is None where it cannot be matched. A pattern with nothing after `*`
    gives ("", None)."""
    tokens = _tokens(text)
    if "*" not in tokens:
        return None, "", NO_MARKS
    star = tokens.index("*")
    side = "source" if "%" in tokens[:star] else "target" if "%" in tokens[star:] else ""
    marks = _marks(tokens)
    before = [w for slot in expand.slots(tokens[:star]) for alt in slot for w in alt if w not in MARKERS]
    if not all(_auxiliary_or_adverb(w) for w in before):
        return None, side, marks
    rule = _complement(expand.slots([t for t in tokens[star + 1:] if t not in MARKERS]))
    if rule is None and marks[0] and not _negated(tokens[star + 1:]):  # `* THEIR ^ ABOUT +`: the
        rule = (marks[0], None)  # preposition before the target is the pattern's word to match
    return rule, side, marks


def _marks(tokens: list[str]) -> tuple[str, int, bool]:
    """Where a pattern puts the actor it marks after the verb after a preposition: the target (`+`), or in
    a reversed pattern (`+ * FROM $`: the target before the verb) the source (`$`). As (the preposition,
    the `^` phrases skipped between them, reversed): `* EID AT ^ WITH +` -> ("with", 0, False), `* AT ^
    +` -> ("at", 1, False), `+ * FROM $` -> ("from", 0, True); no preposition (the direct object, as
    without a mark) gives "" and 0."""
    star = tokens.index("*")
    reversed_roles = "+" in tokens[:star] and "$" in tokens[star:]
    marker = "$" if reversed_roles else "+"
    if marker not in tokens[star:]:
        return "", 0, reversed_roles
    at = tokens.index(marker, star)
    skips = 0
    while tokens[at - 1 - skips] == "^":
        skips += 1
    before = tokens[at - 1 - skips]
    return (before, skips, reversed_roles) if before in PREPOSITIONS else ("", 0, reversed_roles)


def _auxiliary_or_adverb(word: str) -> bool:
    return word in AUXILIARIES or word in ADVERBS or (word.endswith("ly") and len(word) > 4)


def _complement(slots: list[list[list[str]]]) -> tuple[str, list[str] | None] | None:
    """The key suffix and object heads of what follows the verb: `up committee` -> ("up", [committee]),
    `for &econsanct` -> ("for", [sanctions, boycott, embargo]), `down` -> ("down", None); None where
    it is negated (`* NOT COOPERATE`)."""
    if any(_negated(w for alt in slot for w in alt) for slot in slots):
        return None
    words = [slot[0][0] if len(slot) == 1 and len(slot[0]) == 1 else None for slot in slots]
    suffix: list[str] = []
    while words and words[0] in PARTICLES | PREPOSITIONS and len(suffix) < 2:
        suffix.append(words.pop(0))
        slots = slots[1:]
        if suffix[-1] in PREPOSITIONS:
            break
    if not slots:
        return " ".join(suffix), None
    group = _first_content_group(slots, words)
    heads = {alt[-1] for alt in group[-1] if alt and alt[-1] not in FUNCTION_WORDS} if group else set()
    if not heads:
        return None  # only words we cannot match: `* HIMSELF` is no licence to code every object
    return (suffix[0] if suffix else ""), sorted({form for head in heads for form in _noun_forms(head)})


def _negated(words) -> bool:
    return any(w in NEGATIONS - {"no"} for w in words)


def _first_content_group(slots, words) -> list:
    """The first phrase between prepositions with a content word (`himself on fire`: fire), as slots."""
    group: list = []
    for slot, word in zip(slots, words):
        if word in PREPOSITIONS:
            if group:
                return group
            continue
        if word not in FUNCTION_WORDS:
            group.append(slot)
    return group


def _noun_forms(word: str) -> list[str]:
    """A pattern noun as the clause rules may see it: `ties` is matched by its lemma `tie` too."""
    word = word.strip("-'")
    forms = [word]
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.append(word[:-1])
    return [f for f in forms if f]


# --- the lexicon with the dictionaries


def extended(lexicon: Lexicon, verbs_files=(), override: bool = True) -> Lexicon:
    """The lexicon, or a copy extended with the user's PETRARCH/TABARI verb dictionaries (verb_dictionary.py).

    With `override` a verb the dictionaries give any row for loses its shipped rows (particle verbs
    and object-restricted ones included): the user's dictionary is what they asked for. Without it
    their rows only add to the shipped ones, which keep precedence over theirs of the same kind
    (object-restricted, any object). Event nouns stay as shipped."""
    if not verbs_files:
        return lexicon
    dictionaries = [load_verb_dictionary(path) for path in verbs_files]
    added = [entry for dictionary in dictionaries for entry in dictionary.entries]
    replaced = set().union(*(d.verbs for d in dictionaries)) if override else set()
    shipped = [e for e in lexicon.entries() if e.kind != "verb" or e.lemma.split()[0] not in replaced]
    return Lexicon(shipped + added, lexicon.cameo)
