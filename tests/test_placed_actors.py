"""Actors the text leaves without a country, and events whose doer the tables cannot place."""

from datetime import date

import pytest

from eventwire.coding.coder import Coder, CodingOptions
from eventwire.models import UNKNOWN_ACTOR_ID, Article


def code(coder, text: str):
    return coder.code_article(Article(id="t", text=text, published=date(2022, 10, 20)))


@pytest.fixture(scope="module")
def unplaced():
    return Coder(options=CodingOptions(place_actors=False, classifier=False))


def test_an_unnamed_attacker_is_unidentified_armed_forces_of_the_place(coder):
    [event] = code(coder, "Three soldiers were killed by a roadside bomb outside Basra.")
    source = event.source
    assert (source.id, source.country, source.sector, source.resolved_by) == (UNKNOWN_ACTOR_ID, "IRQ", "UAF", "location")
    assert event.target.country == ""  # soldiers killed in Iraq need not be Iraqi


def test_a_local_group_takes_the_country_it_acts_in(coder, unplaced):
    [event] = code(coder, "Students protested in Nairobi on Monday.")
    assert (event.source.country, event.source.sector, event.source.resolved_by) == ("KEN", "EDU", "location")
    [bare] = code(unplaced, "Students protested in Nairobi on Monday.")
    assert bare.source.country == "" and bare.target is None


def test_an_event_without_target_is_done_to_the_place(coder):
    [event] = code(coder, "President Bouteflika imposed a curfew in Algiers.")
    assert (event.target.country, event.target.resolved_by) == ("DZA", "location")


def test_a_state_acting_at_home_is_not_its_own_target(coder):
    events = code(coder, "Egypt deployed troops in Cairo.")
    assert events and all(e.target is None or e.target.id != "EGY" for e in events)


def test_a_doer_the_tables_cannot_place_keeps_its_words(coder):
    text = "Zorblax organisers accused the electoral commission of fraud."
    [event] = [e for e in code(coder, text) if e.event_type == "ACCUSE"]
    assert (event.source.text, event.source.country, event.source.resolved_by) == (
        "Zorblax organisers", "", "unresolved")
    strict = Coder(nlp=coder.nlp, options=CodingOptions(unresolved_sources=False, classifier=False))
    assert not [e for e in code(strict, text) if e.event_type == "ACCUSE"]


def test_an_abstract_noun_is_no_doer(unplaced):
    assert code(unplaced, "The move threatened the peace process.") == []


def test_a_protest_with_no_target_or_place_is_against_the_home_state(coder):
    events = code(coder, "Egyptian demonstrators rioted after the verdict.")
    protests = {(e.source.sector, e.target.id, e.target.resolved_by) for e in events if e.event_type == "PROTEST"}
    assert protests == {("CVL", "EGY", "home")}


def test_counted_people_are_civilians_not_their_state(coder):
    events = code(coder, "Thousands of Iraqi Kurds demonstrated in Kirkuk.")
    assert ("IRQCVL", "IRQ") in {(e.source.id, e.target.country) for e in events if e.event_type == "PROTEST"}


def test_authorities_a_domestic_group_acts_on_share_its_country(coder):
    events = code(coder, "Rebels in Ivory Coast rejected an appeal from President Zogbo Lakota.")
    rejections = {(e.source.id, e.target.country, e.target.sector) for e in events if e.event_type == "REJECT"}
    assert ("CIVREB", "CIV", "GOV") in rejections


def test_a_state_named_as_where_it_happens_is_the_target_without_a_gazetteer(unplaced):
    events = code(unplaced, "The French president appealed for peace in Syria.")
    assert [(e.source.country, e.target.country, e.target.resolved_by) for e in events] == [("FRA", "SYR", "location")]


def test_a_named_person_the_tables_do_not_know_is_not_placed(coder):
    events = code(coder, "Zorblax Qintero condemned the new tax in Nairobi.")
    assert [(e.source.text, e.source.country) for e in events if e.event_type == "ACCUSE"] == [("Zorblax Qintero", "")]


def test_talks_say_nothing_of_whose_their_parties_are_by_where_they_meet(coder):
    events = code(coder, "The warring factions held talks in Geneva on Monday.")
    assert events and all(e.source.country != "CHE" and (e.target is None or e.target.country != "CHE")
                          for e in events)


def test_a_place_attacked_is_the_state_it_lies_in(coder):
    [event] = code(coder, "Russian forces shelled Kharkiv on Monday.")
    assert (event.target.id, event.target.country, event.target.resolved_by) == ("UKR", "UKR", "location")


def test_a_wire_dateline_is_no_actor(coder):
    [event] = code(coder, "KYIV (Reuters) - Russian forces shelled Kharkiv on Monday.")
    assert (event.source.text, event.source.id, event.evidence.text) == (
        "Russian forces", "RUSMIL", "Russian forces shelled Kharkiv on Monday.")
