"""Coding with a user's PETRARCH verb dictionary: replies (`[a:b]`), compound actors (`%`), patterns
on the object's adjective, and reports attributed after the fact."""

from datetime import date

import pytest

from eventwire.coding.coder import Coder, CodingOptions
from eventwire.models import Article

VERBS = """
--- VISIT  [042:043] ---
VISIT

--- AGREE  [081] ---
AGREE
- * WITH % [031]
- % * [030:030]

--- POSTPONE  [120] ---
POSTPONE
- % HAVE *  [191]

--- RENEW  [---] ---
RENEW
- * DIPLOMATIC  [064:064]

--- FIRE  [194] ---
FIRE

--- SAID  [023] ---
SAID
"""


@pytest.fixture(scope="module")
def coder(tmp_path_factory):
    path = tmp_path_factory.mktemp("verbs") / "mine.verbs.txt"
    path.write_text(VERBS)
    return Coder(options=CodingOptions(verbs_files=(str(path),), classifier=False, geolocate=False))


def coded(coder, text):
    events = coder.code_article(Article(id="a", text=text, published=date(2020, 1, 1)))
    return {(e.cameo, e.source.country, e.target.country if e.target else None) for e in events}


def test_a_reply_code_adds_the_event_back_from_target_to_source(coder):
    assert coded(coder, "The French president visited Germany on Monday.") == {("042", "FRA", "DEU"),
                                                                              ("043", "DEU", "FRA")}


def test_a_compound_subject_takes_the_compound_code_with_each_other(coder):
    events = coded(coder, "France and Germany agree that the dispute should be settled by arbitration.")
    assert events == {("030", "FRA", "DEU"), ("030", "DEU", "FRA")}
    assert coded(coder, "France agrees that the dispute should be settled by arbitration.") == {("081", "FRA", None)}


def test_a_compound_target_takes_its_code(coder):
    events = coded(coder, "Spain agreed with France and Italy that the dispute should be settled by arbitration.")
    assert events == {("031", "ESP", "FRA"), ("031", "ESP", "ITA")}


def test_co_subjects_acting_on_their_shared_meeting_act_on_each_other(coder):
    events = coded(coder, "Libya and Egypt have postponed their meeting.")
    assert {("191", "LBY", "EGY"), ("191", "EGY", "LBY")} <= events


def test_a_pattern_word_may_be_the_objects_adjective(coder):
    assert coded(coder, "Iran and Egypt renewed diplomatic ties.") == {("064", "IRN", "EGY"), ("064", "EGY", "IRN")}
    assert not coded(coder, "Iran and Egypt renewed economic ties.")  # no row for it: RENEW has no default


def test_an_attribution_after_the_report_has_no_target(coder):
    said = {e for e in coded(coder, "France will restore ties with Chad, a senior official said.") if e[0] == "023"}
    assert said == {("023", "", None)}
    said = {e for e in coded(coder, "A senior official said France will restore ties with Chad.") if e[0] == "023"}
    assert said == {("023", "", "FRA")}  # a report that follows its verb: about its subject


def test_a_weapon_fired_at_a_state_is_no_target(coder):
    assert coded(coder, "North Korea fired two artillery shells at Seoul on Thursday.") == {("194", "PRK", "KOR")}
