"""Noun phrases of the parse as the resolver reads them: the head with its modifiers, their text, a
person's name, and the lists and appositions that name actors of their own."""

from __future__ import annotations

from ..vocab import words
from .kb import load_kb

PHRASE_DEPS = words("actor_phrase_deps")
FORMER_WORDS = words("actor_former_words")


def names_listed_before(head) -> list:
    """ "Fornost and the evil awful Gondor", "Arnor, Calenardhon and the Gondor": names the parser hung
    as modifiers on the last name of a list are actors of their own (not "French and German troops",
    whose head is no name)."""
    if head.pos_ != "PROPN":
        return []
    listed = [m for m in head.children if m.dep_ in ("nmod", "compound") and m.i < head.i and m.conjuncts]
    return [t for m in listed for t in (m, *m.conjuncts) if t.pos_ in ("NOUN", "PROPN") and t.i < head.i]


def listed_appositions(head) -> list:
    """ "Mordor, the Shire, Fornost and Bree": a name the parser hung as an apposition inside a list
    (it or its head has conjuncts) is a member of the list, with its conjuncts; not "Osgiliath, the
    state's fiercest foe", which is no name."""
    found = [a for a in head.children if a.dep_ == "appos" and a.pos_ == "PROPN" and (a.conjuncts or head.conjuncts)]
    return [t for a in found for t in (a, *a.conjuncts) if t.pos_ in ("NOUN", "PROPN")]


def adjacent_runs(tokens) -> list[list]:
    """Runs of tokens next to each other in the text, possessive endings left out."""
    runs: list[list] = []
    for token in sorted((t for t in tokens if t.tag_ != "POS"), key=lambda t: t.i):
        if runs and runs[-1][-1].i == token.i - 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    return [run for run in runs if len(run) > 1]


def phrase_tokens(head) -> list:
    """The head and its noun-phrase modifiers, in text order; "of" complements kept, other PPs dropped."""
    keep = [head]
    stack = [head]
    listed = {t.i for t in names_listed_before(head)}
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.i in listed:
                continue
            if child.dep_ in PHRASE_DEPS or (child.dep_ == "prep" and child.lower_ == "of") or (
                child.dep_ == "pobj" and token.dep_ == "prep"
            ):
                keep.append(child)
                stack.append(child)
    return sorted(keep, key=lambda t: t.i)


def name_run(head) -> list:
    """The name a phrase is headed by: the head with the proper nouns and compounds just before it
    ("the Umma party" -> "Umma party")."""
    run = [head]
    for token in reversed(head.doc[head.left_edge.i:head.i]):
        attached = token.head.i in (head.i, run[-1].i)
        if not attached or (token.dep_ not in ("compound", "nmod", "amod") and token.pos_ != "PROPN"):
            break
        run.append(token)
    return run[::-1]


def name_spans(head) -> list[str]:
    """Wider spans a name may run over, beyond the phrase's modifiers: the head's whole subtree
    ("Doctors Without Borders") and the named entity it is part of ("al-Shabaab", parsed as three words)."""
    doc = head.doc
    end = head.right_edge.i
    while end > head.i and doc[end].tag_ in ("POS", ".", ",", "''", "``") or doc[end].is_punct and end > head.i:
        end -= 1  # "Doctors Without Borders’": not the possessive mark
    spans = [doc[head.left_edge.i:end + 1]]
    spans += [e for e in doc.ents if e.start <= head.i < e.end]
    return [span.text for span in spans]


def span_text(tokens) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def person_name(token) -> str | None:
    """The full name when the token heads a PERSON entity ("Petro Vrublevskiy")."""
    if token.pos_ != "PROPN" or token.ent_type_ != "PERSON":
        return None
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if ent is None:
        return token.text
    start = ent.start  # "Luiz Inácio Lula da Silva" with the entity starting at "Inácio": the whole name
    while start > 0 and (before := token.doc[start - 1]).pos_ == "PROPN" and before.dep_ == "compound" \
            and ent.start <= before.head.i < ent.end and not load_kb().role(before.lower_):  # not "President"
        start -= 1
    start += _title_length(token.doc, start, token.i)  # "Secretary Jack Straw" as the entity: "Jack Straw"
    name = token.doc[start:ent.end].text
    return name[:-2] if name.endswith(("'s", "’s")) else name  # straight or curly possessive


def _title_length(doc, start: int, stop: int) -> int:
    """How many words from `start` (before `stop`) end a role that may begin up to two words earlier
    ("Foreign | Secretary Jack Straw", "General Tiani"), longest first."""
    for length in range(min(stop - start, 3), 0, -1):
        if any(load_kb().role(doc[max(start - back, 0):start + length].text) for back in range(3)):
            return length
    return 0


def is_former(tokens) -> bool:
    return any(t.lower_ in FORMER_WORDS for t in tokens)


def is_definite(head) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)
