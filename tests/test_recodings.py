"""The recodings table (data/recodings.csv, coding/recodings.py): every row fires on a hand-built case.

Adding a recoding is one row there and one case in CASES here (test_every_row_has_a_case fails
without it). The cases need no parser: the trigger is a hand-built spaCy Doc.
"""

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventwire.coding import confidence
from eventwire.coding.clauses import Predicate
from eventwire.coding.entries import Entry
from eventwire.coding.lexicon import load_lexicon
from eventwire.coding.recodings import (
    Case,
    first_rule,
    load_recodings,
    parse_row,
    recode,
    recode_target,
)
from eventwire.models import Actor

VOCAB = Vocab()


def predicate(event_type, trigger=("attack",), intent="", negated=False, speaker=None, cameo="190"):
    doc = Doc(VOCAB, words=list(trigger), lemmas=list(trigger))
    subject = Doc(VOCAB, words=["Arnor"])[0]
    entry = Entry("verb", trigger[0], frozenset(), event_type, None, cameo)
    return Predicate(entry, list(doc), subjects=[subject], intent=intent, negated=negated, speaker=speaker)


SPEAKER = Doc(VOCAB, words=["Gondor"])[0]
STATE = Actor.make("Gondor", "Gondor", "GON")
MINISTRY = Actor.make("ministry", "ministry", "GON", "GOV")
CROWD = Actor.make("protesters", "protesters", "", "CVL")
POLICE = Actor.make("police", "police", "GON", "COP")
GOVERNMENT = Actor.make("government", "government", "GON", "GOV")
REBELS = Actor.make("rebels", "rebels", "GON", "REB")
PRESIDENT = Actor.make("president", "president", "", "GOV")

# (the row's scope and conditions, the case, what the recoding makes of it)
CASES = [
    ("intent intent_in=coding_attempt_verbs",
     Case(predicate("ASSAULT", intent="try")), ("ASSAULT", "190", False)),
    ("intent intent_in=coding_refusal_verbs type_in=coding_cooperative_types",
     Case(predicate("RETREAT", ("withdraw",), intent="refuse", cameo="087")), ("REJECT", "120", False)),
    ("intent intent_in=coding_refusal_verbs",
     Case(predicate("ASSAULT", intent="refuse")), ("ASSAULT", "190", True)),
    ("intent intent_in=coding_preparation_verbs type_in=coding_prepared_types",
     Case(predicate("ASSAULT", ("shell",), intent="prepare")), ("MOBILIZE", "150", False)),
    ("intent intent_in=coding_obligations has_speaker",
     Case(predicate("RETREAT", ("withdraw",), intent="must", speaker=SPEAKER)), ("REQUEST", "100", False)),
    ("intent type_in=coding_cooperative_types negated",
     Case(predicate("AGREE", ("sign",), intent="will", negated=True, cameo="057")), ("REJECT", "120", False)),
    ("intent type_is=AID",
     Case(predicate("AID", ("send",), intent="will", cameo="070")), ("AGREE", "033", False)),
    ("intent type_is=CONSULT",
     Case(predicate("CONSULT", ("meet",), intent="will", cameo="040")), ("AGREE", "036", False)),
    ("intent type_in=coding_cooperative_types type_not=AGREE",
     Case(predicate("COOPERATE", ("cooperate",), intent="will", cameo="060")), ("AGREE", "030", False)),
    ("intent type_is=ASSAULT",
     Case(predicate("ASSAULT", intent="vow")), ("THREATEN", "138", False)),
    ("intent type_in=coding_conflictual_types",
     Case(predicate("SANCTION", ("impose",), intent="will", cameo="163")), ("THREATEN", "130", False)),
    ("source type_is=PROTEST trigger_has=protest lodged",
     Case(predicate("PROTEST", ("lodge", "protest"), cameo="140"), CROWD), ("ACCUSE", "114", False)),
    ("source type_is=PROTEST trigger_has=protest source_sector_in=complaining_sectors",
     Case(predicate("PROTEST", ("protest",), cameo="140"), MINISTRY), ("ACCUSE", "114", False)),
    ("source type_is=PROTEST trigger_has=protest source_has_country source_sectorless",
     Case(predicate("PROTEST", ("protest",), cameo="140"), STATE), ("ACCUSE", "114", False)),
    ("target target_countryless source_has_country source_sector_in=domestic_sources "
     "target_sector_in=nonstate_sectors",
     Case(predicate("COERCE", ("detain",), cameo="173"), POLICE, CROWD), "GON"),
    ("target target_countryless source_has_country type_is=COERCE source_sector_is=GOV "
     "target_sector_in=nonstate_sectors",
     Case(predicate("COERCE", ("ban",), cameo="172"), GOVERNMENT, CROWD), "GON"),
    ("target target_countryless source_has_country source_sector_in=nonstate_sectors "
     "target_sector_in=state_sectors",
     Case(predicate("REJECT", ("reject",), cameo="120"), REBELS, PRESIDENT), "GON"),
]


def row_key(rule):
    return " ".join([rule.scope] + [f"{name}={arg}".rstrip("=") for name, arg in rule.when])


def test_every_row_has_a_case():
    assert [row_key(rule) for rule in load_recodings()] == [key for key, _, _ in CASES]


@pytest.mark.parametrize(("key", "case", "expected"), CASES, ids=[key for key, _, _ in CASES])
def test_the_row_fires_first_on_its_case(key, case, expected):
    rule = first_rule(key.split()[0], case)
    assert rule is not None and row_key(rule) == key
    if rule.scope == "target":
        assert recode_target(case.predicate, case.source, case.target).country == expected
        return
    coded = recode(rule.scope, case.predicate, load_lexicon(), case.source)
    assert (coded.entry.event_type, coded.entry.cameo, coded.negated) == expected
    lost = getattr(confidence, rule.specificity) if rule.specificity else 0
    assert coded.specificity == case.predicate.specificity - lost


def test_a_recoding_takes_the_mode_of_its_cameo_code():
    coded = recode("intent", predicate("ASSAULT", ("shell",), intent="prepare"), load_lexicon())
    assert coded.entry.mode == (load_lexicon().code_info("150").plover_mode or None)


def test_a_demand_is_the_speakers_of_the_subject():
    announced = predicate("RETREAT", ("withdraw",), intent="must", speaker=SPEAKER)
    coded = recode("intent", announced, load_lexicon())
    assert coded.subjects == [SPEAKER] and coded.targets == announced.subjects


def test_nothing_applies_to_an_event_done():
    announced = predicate("ACCUSE", ("accuse",), intent="will", cameo="112")  # "will accuse": an accusation
    assert recode("intent", announced, load_lexicon()) is announced
    done = predicate("ASSAULT")
    assert recode("source", done, load_lexicon(), STATE) is done
    assert recode_target(done, STATE, CROWD) is CROWD


def test_a_crowd_that_protests_demonstrates():
    protest = predicate("PROTEST", ("protest",), cameo="140")
    assert recode("source", protest, load_lexicon(), CROWD) is protest


ROW = {"scope": "intent", "when": "type_is=AID", "event_type": "AGREE", "cameo": "033", "change": "",
       "specificity": "RECODED"}


@pytest.mark.parametrize(("column", "value", "message"), [
    ("scope", "article", "no scope"),
    ("when", "type_iz=AID", "no condition"),
    ("when", "type_in=no_such_class", "no word class"),
    ("change", "inverted", "no change"),
    ("cameo", "", "go together"),
    ("specificity", "RECODING", "no confidence constant"),
])
def test_a_row_naming_what_does_not_exist_is_refused(column, value, message):
    with pytest.raises((ValueError, KeyError), match=message):
        parse_row({**ROW, column: value})


def test_a_target_row_changes_the_actor_only():
    with pytest.raises(ValueError, match="actor only"):
        parse_row({**ROW, "scope": "target", "change": "of_source_country"})
