"""Importing PETRARCH/TABARI verb dictionaries as lexicon rows (`--verbs`)."""

from datetime import date

import pytest
from conftest import shared_file

from eventwire.cli import main
from eventwire.coding.lexicon import load_lexicon, read_cameo
from eventwire.coding.verb_dictionary import extended, read_verb_dictionary, verb_lemmas
from eventwire.models import Article

DICTIONARY = """<!-- a test dictionary
   spanning lines [999] -->
&PLACES_
+CAPITAL
+&TOWNS

&TOWNS
+MARKET_TOWN
+VILLAGES

--- PRAISE  [111] ---
PRAISE   # a comment [042]
LAUD  [0831]
+SING_OUT {+SANG_OUT +SUNG_OUT}
WIRE_+TAP
- * &PLACES  [051]
- * FOR COURAGE  [057]
- HEAVILY *  [122]
- NOT *  [121]
- % * [030:030]
- * RESOLVE [913]

--- HOLD_TALKS [---] ---
HELD
- * TALKS  [040:043]
- * UP CONVOY  [171]
- * ###  [###]
- SAID *  [023]
- WILL *  [036]
"""


@pytest.fixture(scope="module")
def dictionary(tmp_path_factory):
    path = tmp_path_factory.mktemp("verbs") / "test.verbs.txt"
    path.write_text(DICTIONARY)
    return read_verb_dictionary(path, read_cameo())


def rows(dictionary, key):
    return {(tuple(sorted(e.objects)), e.cameo) for e in dictionary.entries if e.lemma == key}


def test_verbs_take_the_block_code_or_their_own(dictionary):
    assert ((), "111") in rows(dictionary, "praise")
    assert ((), "0831") in rows(dictionary, "laud")
    assert ((), "111") in rows(dictionary, "sing out")  # `+` marks the verb, the particle follows
    assert not [e for e in dictionary.entries if e.lemma.startswith(("wire", "tap"))]  # words before the verb


def test_plover_type_and_mode_come_from_the_cameo_table(dictionary):
    cameo = read_cameo()
    for entry in dictionary.entries:
        assert entry.event_type == cameo[entry.cameo].plover_type
        assert entry.mode == (cameo[entry.cameo].plover_mode or None)
        assert entry.origin.endswith("test.verbs.txt")


def test_object_patterns_expand_nested_synsets_to_head_nouns(dictionary):
    places = {objects for objects, code in rows(dictionary, "praise") if code == "051"}
    assert places == {("capital", "town", "village", "villages")}


def test_a_leading_preposition_gives_a_particle_key_and_a_plain_one(dictionary):
    assert (("courage",), "057") in rows(dictionary, "praise for")
    assert (("courage",), "057") in rows(dictionary, "praise")


def test_context_patterns_are_skipped_or_approximated(dictionary):
    codes = {code for _, code in rows(dictionary, "praise")}
    assert not codes & {"122", "121", "030", "913"}  # adverb with a default, negated, compound, test code
    held = rows(dictionary, "hold")  # inflected head word: keyed by its lemma too
    assert (("talk", "talks"), "040") in held  # `[040:043]`: the first code
    assert ((), "036") in held  # `WILL *` on a verb without a default code stands for the verb
    assert ((), "023") not in held  # `SAID *` is context we cannot match
    assert (("convoy",), "171") in rows(dictionary, "hold up")


def test_counts_what_did_not_fit(dictionary):
    assert dictionary.read == 4 + 6 + 1 + 5  # verb lines and pattern lines
    assert dictionary.skipped == 1 + 3 + 3  # wire tap; 122, 121, 913; held (no default code), ###, said
    assert str(dictionary.read) in dictionary.summary() and str(dictionary.skipped) in dictionary.summary()


def test_a_second_code_is_the_reply_from_target_to_source(dictionary):
    talks = [e for e in dictionary.entries if e.lemma == "hold" and e.objects]
    assert talks and {(e.cameo, e.reply) for e in talks} == {("040", "043")}
    assert {e.reply for e in dictionary.entries if e.lemma == "praise"} == {""}


def test_a_compound_pattern_qualifies_the_rows_it_matches(dictionary):
    plain = [e for e in dictionary.entries if e.lemma == "praise" and not e.objects]
    assert [(e.cameo, e.compound_side) for e in plain] == [("111", "source")]  # `% * [030:030]`
    assert (plain[0].compound.cameo, plain[0].compound.reply) == ("030", "030")
    assert all(e.compound is None for e in dictionary.entries if e.objects)


def test_a_compound_target_pattern_adds_its_particle_row(tmp_path):
    path = tmp_path / "agree.verbs.txt"
    path.write_text("--- AGREE [081] ---\nAGREE\n- * WITH % [031]\n")
    rows = {e.lemma: e for e in read_verb_dictionary(path, read_cameo()).entries}
    assert rows["agree with"].cameo == "081" and rows["agree with"].compound_side == "target"
    assert rows["agree with"].compound.cameo == "031" and rows["agree"].compound is None


def test_a_target_marked_after_a_preposition_is_kept_with_the_phrases_it_skips(tmp_path):
    path = tmp_path / "feast.verbs.txt"
    path.write_text("--- FEAST [181] ---\nFEAST\n- * HOLIDAY AT ^ WITH +  [043]\n- * AT ^ +  [042]\n"
                    "- * THEIR ^ ABOUT +  [036]\n- $ NOT * ^ TO_ +  [120]\n")
    rows = {(e.lemma, e.cameo): e for e in read_verb_dictionary(path, read_cameo()).entries}
    assert (rows["feast", "043"].objects, rows["feast", "043"].target_prep, rows["feast", "043"].target_skips) == (
        frozenset({"holiday"}), "with", 0)
    assert (rows["feast at", "042"].target_prep, rows["feast at", "042"].target_skips) == ("at", 1)
    assert rows["feast about", "036"].target_prep == "about"  # no content word: the preposition is the pattern
    assert rows["feast", "181"].target_prep == "" and not any(code == "120" for _, code in rows)  # negated


def test_lemma_keys_for_inflected_head_words():
    assert "call" in verb_lemmas("called")
    assert "deny" in verb_lemmas("denied")
    assert "leave" in verb_lemmas("left")
    assert verb_lemmas("restore")[0] == "restore"


def test_extended_lexicon_overrides_or_adds(tmp_path):
    path = tmp_path / "mine.verbs.txt"
    path.write_text("--- RESTORE [064] ---\nRESTORE\n")
    shipped = load_lexicon()
    assert extended(shipped, ()) is shipped
    assert shipped.verb("restore", {"tie"}).cameo != "064"
    overridden = extended(shipped, [str(path)])
    assert overridden.verb("restore", {"tie"}).cameo == "064"
    assert overridden.verb("restore", {"right"}).cameo == "064"  # the shipped restricted rows are gone
    added = extended(shipped, [str(path)], override=False)
    assert added.verb("restore", {"tie"}).cameo == shipped.verb("restore", {"tie"}).cameo
    assert added.verb("restore", {"budget"}).cameo == "064"  # where no shipped row matches
    assert shipped.verb("restore", {"tie"}).cameo != "064"  # the shipped lexicon is untouched


def test_coder_codes_with_the_users_verb(tmp_path):
    from eventwire.coding.coder import Coder, CodingOptions

    path = tmp_path / "mine.verbs.txt"
    path.write_text("--- PRAISE [111] ---\nPRAISE\n")
    options = CodingOptions(verbs_files=(str(path),), classifier=False, geolocate=False)
    article = Article(id="a", text="France praised Germany on Monday.", published=date(2020, 1, 1))
    events = Coder(options=options).code_article(article)
    assert [(e.cameo, e.event_type, e.source.country, e.target.country) for e in events] == [
        ("111", "ACCUSE", "FRA", "DEU")]


def test_a_users_verb_codes_as_written_even_when_announced(tmp_path):
    from eventwire.coding.coder import Coder, CodingOptions

    path = tmp_path / "mine.verbs.txt"
    path.write_text("--- RESTORE [064] ---\nRESTORE\n")
    options = CodingOptions(verbs_files=(str(path),), classifier=False, geolocate=False)
    article = Article(id="a", text="France is about to restore ties with Chad.", published=date(2020, 1, 1))
    shipped = Coder(options=CodingOptions(classifier=False, geolocate=False)).code_article(article)
    assert [e.cameo for e in Coder(options=options).code_article(article)] == ["064"]  # PETRARCH's way
    assert [e.cameo for e in shipped] == ["030"]  # our own rows code the intention instead


def test_cli_rejects_a_missing_verb_dictionary(tmp_path, capsys):
    text = tmp_path / "a.txt"
    text.write_text("France praised Germany.")
    assert main(["code", str(text), "--db", str(tmp_path / "x.duckdb"), "--verbs", str(tmp_path / "none.txt")]) == 2
    assert "no such verb dictionary" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["PETR.Validate.verbs.txt", "CAMEO.2.0.txt"])
def test_shared_petrarch_verb_dictionaries_import(name):
    path = shared_file(f"petrarch2/{name}")
    dictionary = read_verb_dictionary(path, read_cameo())
    cameo = read_cameo()
    assert 0 < dictionary.skipped < dictionary.read
    assert all(e.cameo in cameo and e.event_type for e in dictionary.entries)
    restore = {(e.objects, e.cameo[:2]) for e in dictionary.entries if e.lemma == "restore"}
    assert restore  # both dictionaries code "restore" (ties, relations), with some code
