"""One lexicon row format (coding/entries.py): shipped rows and verb dictionary rows read alike, and
the row properties that say how the clause rules read a row (no branch on where it came from)."""

from dataclasses import replace

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventwire.coding.clauses import find_predicates
from eventwire.coding.entries import COLUMNS, Entry, entry_from_row, row_of
from eventwire.coding.lexicon import Lexicon, read_cameo, read_entries
from eventwire.coding.verb_dictionary import read_verb_dictionary

VERBS = """
--- MEET [040] ---
+MEET_WITH
- * TALKS  [040:043]
- % * [036:036]
"""
SHIPPED = {"kind": "verb", "lemma": "meet with", "object": "", "event_type": "CONSULT", "mode": "", "cameo": "040",
           "reply": "", "compound_side": "source", "compound": "036:036", "target_prep": "", "target_skips": "",
           "reversed": "", "as_written": "true", "modifier_objects": "true", "phrase_target": "true"}


@pytest.fixture(scope="module")
def cameo():
    return read_cameo()


@pytest.fixture(scope="module")
def dictionary(tmp_path_factory, cameo):
    path = tmp_path_factory.mktemp("verbs") / "meet.verbs.txt"
    path.write_text(VERBS)
    return read_verb_dictionary(path, cameo)


def test_a_shipped_row_and_a_dictionary_row_parse_to_the_same_entry(dictionary, cameo):
    [imported] = [e for e in dictionary.entries if e.lemma == "meet with" and not e.objects]
    shipped = entry_from_row(SHIPPED, cameo)
    assert shipped.origin == "" and imported.origin.endswith("meet.verbs.txt")
    assert replace(imported, origin="", compound=replace(imported.compound, origin="")) == shipped
    assert (shipped.compound.event_type, shipped.compound.cameo, shipped.compound.reply) == ("AGREE", "036", "036")


def test_every_dictionary_row_reads_back_from_its_row(dictionary, cameo):
    assert dictionary.entries
    for entry in dictionary.entries:
        assert set(row_of(entry)) == set(COLUMNS)
        assert entry_from_row(row_of(entry), cameo, origin=entry.origin) == entry


def test_shipped_rows_read_as_before_and_set_no_pattern_property(cameo):
    entries = read_entries(cameo)
    accept = next(e for e in entries if e.lemma == "accept" and "mediation" in e.objects)
    assert accept == Entry("verb", "accept", frozenset({"mediation"}), "AGREE", None, "038")
    assert not any(e.as_written or e.modifier_objects or e.phrase_target or e.compound for e in entries)


def test_dictionary_rows_code_as_written(dictionary):
    assert all(e.as_written and e.modifier_objects and e.phrase_target for e in dictionary.entries)


@pytest.mark.parametrize(("column", "value"), [("as_written", "yes"), ("reversed", "1"), ("compound", "999")])
def test_a_row_with_a_value_it_cannot_read_is_refused(cameo, column, value):
    with pytest.raises(ValueError, match=column if column != "compound" else "compound code"):
        entry_from_row({**SHIPPED, column: value}, cameo)


def held_talks():
    """ "Arnor held talks", parsed by hand."""
    doc = Doc(Vocab(), words=["Arnor", "held", "talks"], lemmas=["Arnor", "hold", "talks"], heads=[1, 1, 1],
              deps=["nsubj", "ROOT", "dobj"], pos=["PROPN", "VERB", "NOUN"], tags=["NNP", "VBD", "NNS"])
    return doc[:]


@pytest.mark.parametrize(("as_written", "coded"), [(False, "CONSULT"), (True, "COOPERATE")])
def test_a_row_coded_as_written_comes_before_the_light_verbs_event_noun(cameo, as_written, coded):
    hold = Entry("verb", "hold", frozenset(), "COOPERATE", None, "060", as_written=as_written)
    talks = Entry("noun", "talks", frozenset(), "CONSULT", None, "040")
    [predicate] = find_predicates(held_talks(), Lexicon([hold, talks], cameo))
    assert predicate.entry.event_type == coded
