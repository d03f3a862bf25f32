"""Clause rules, one sentence each: what a careful coder would extract, and what it must not."""

from datetime import date

import pytest

from eventwire.coding.coder import Coder, CodingOptions
from eventwire.models import Article

PUBLISHED = date(2022, 10, 20)


def code(coder, text: str):
    return coder.code_article(Article(id="t", text=text, published=PUBLISHED))


def triples(events):
    """Every event's (type, source country, target country), in order: the whole output, extras included."""
    return [(e.event_type, e.source.country, e.target.country if e.target else None) for e in events]


@pytest.mark.parametrize(
    ("text", "events"),
    [
        ("Moscow condemned Kyiv on Monday.", [("ACCUSE", "RUS", "UKR")]),
        ("The Kremlin rejected the proposal from Washington.", [("REJECT", "RUS", "USA")]),
        ("Kazakhstan's foreign ministry summoned Russia's ambassador.", [("ACCUSE", "KAZ", "RUS")]),
        ("Chinese troops attacked Indian soldiers near the border.", [("ASSAULT", "CHN", "IND")]),
        ("The protesters were detained by Turkish police.", [("COERCE", "TUR", "TUR")]),
        ("Iran and Iraq held talks in Baghdad.", [("CONSULT", "IRN", "IRQ"), ("CONSULT", "IRQ", "IRN")]),
        ("Japan imposed sanctions on North Korea.", [("SANCTION", "JPN", "PRK")]),
        ("Russia announced a partial mobilisation.", [("MOBILIZE", "RUS", None)]),
        ("Amnesty International accused Myanmar of war crimes.", [("ACCUSE", "", "MMR")]),
    ],
)
def test_sentence_yields_event(coder, text, events):
    assert triples(code(coder, text)) == events


def test_coordinated_subjects_each_get_an_event(coder):
    events = code(coder, "France and Germany condemned the attack on Ukraine.")
    assert triples(events) == [("ACCUSE", "FRA", "UKR"), ("ACCUSE", "DEU", "UKR")]


def test_negated_event_is_flagged_and_held_back_by_default(coder):
    text = "Brazil did not condemn Russia."
    assert code(coder, text) == []
    lenient = Coder(nlp=coder.nlp, lexicon=coder.lexicon, resolver=coder.resolver,
                    options=CodingOptions(include_negated=True))
    events = code(lenient, text)
    assert [(e.event_type, e.negated) for e in events] == [("ACCUSE", True)]


def test_promised_aid_is_coded_as_an_agreement(coder):
    assert triples(code(coder, "Japan will send aid to Turkey.")) == [("AGREE", "JPN", "TUR")]


def test_threatened_attack_is_a_threat_not_an_attack(coder):
    assert triples(code(coder, "Iran threatened to attack Israel.")) == [("THREATEN", "IRN", "ISR")]


def test_what_a_speaker_says_another_must_do_is_the_speakers_demand(coder):
    events = code(coder, "The British foreign minister said that Iran must stop enriching uranium.")
    assert [(e.event_type, e.source.country, e.target.country) for e in events] == [("REQUEST", "GBR", "IRN")]


def test_a_demanded_action_is_not_reported_as_done(coder):
    events = code(coder, "China demanded on Tuesday that the United States cancel plans to sell weapons to Taiwan.")
    assert {(e.event_type, e.source.country, e.target.country) for e in events} == {("REQUEST", "CHN", "USA")}


def test_a_light_verb_is_known_by_its_form_when_the_tagger_mislemmatises_it(coder):
    text = "Tens of thousands of students throughout Indonesia staged mass demonstrations on Saturday."
    assert "PROTEST" in {e.event_type for e in code(coder, text)}  # spaCy lemmatises "staged" as "stag"


def test_a_purpose_clause_of_an_event_noun_takes_the_subject_of_its_clause(coder):
    events = code(coder, "Thousands of Kenyans gathered for a rally in Nairobi to protest the new tax.")
    assert ("PROTEST", "KEN") in {(e.event_type, e.source.country) for e in events}
    assert all(e.source.text != "a rally" for e in events)


@pytest.mark.parametrize(("text", "event_type"), [
    ("China protested the visit of the Dalai Lama.", "ACCUSE"),  # a state complains
    ("A human rights group protested the verdict against the journalist.", "ACCUSE"),
    ("Students protested in Nairobi.", "PROTEST"),  # a crowd demonstrates
])
def test_who_protests_decides_between_complaint_and_demonstration(coder, text, event_type):
    assert [e.event_type for e in code(coder, text)] == [event_type]


@pytest.mark.parametrize(("text", "expected"), [
    ("Israel refused to withdraw its troops from Lebanon.", ("REJECT", "ISR", "LBN")),  # refused cooperation
    ("North Korea tried to hack the computers of the South Korean army.", ("COERCE", "PRK", "KOR")),  # attempted
    ("The Serbian army prepared to resume shelling Bosnian positions.", ("MOBILIZE", "SRB", "BIH")),
])
def test_refusals_attempts_and_preparations(coder, text, expected):
    assert triples(code(coder, text)) == [expected]


def test_a_conflict_that_failed_to_happen_is_not_reported(coder):
    assert "ASSAULT" not in {e.event_type for e in code(coder, "The rebels failed to attack the capital.")}


def test_a_verb_with_its_own_object_row_outranks_the_light_verb_reading(coder):
    events = code(coder, "The union called off the strike after the talks.")
    assert "CONCEDE" in {e.event_type for e in events} and "PROTEST" not in {e.event_type for e in events}


def test_co_subjects_of_talks_talk_with_each_other(coder):
    events = code(coder, "Israeli and Palestinian leaders met in Cairo on Monday.")
    assert {("ISR", "PSE"), ("PSE", "ISR")} <= {(e.source.country, e.target.country) for e in events if e.target}


def test_talks_in_a_third_country_are_not_talks_with_it(coder):
    events = code(coder, "Chinese and Indian diplomats held talks in Geneva.")
    assert "CHE" not in {e.target.country for e in events if e.target}


def test_travellers_for_talks_are_the_talks_parties(coder):
    events = code(coder, "The Indian prime minister arrived in Beijing on Monday for talks with Chinese leaders.")
    assert triples(events) == [("CONSULT", "IND", "CHN")]


def test_a_target_inside_the_objects_of_complement(coder):
    events = code(coder, "France and Germany welcomed the resumption of diplomatic ties with Iran.")
    assert {("FRA", "IRN"), ("DEU", "IRN")} <= {(e.source.country, e.target.country) for e in events if e.target}


def test_a_passive_that_does_not_say_by_whom_has_an_unknown_doer(coder):
    events = code(coder, "Sanctions were imposed on Russia on Monday.")
    assert [(e.event_type, e.source.id, e.target.country) for e in events] == [("SANCTION", "UNK", "RUS")]


def test_a_lodged_protest_is_a_complaint(coder):
    events = code(coder, "The students lodged a formal protest with the university.")
    assert "ACCUSE" in {e.event_type for e in events} and "PROTEST" not in {e.event_type for e in events}


def test_conditional_event_is_not_reported(coder):
    assert "ASSAULT" not in {e.event_type for e in code(coder, "If Serbia attacks Kosovo, NATO will respond.")}


def test_reported_speech_codes_the_embedded_event_and_keeps_the_speaker(coder):
    events = code(coder, "Ukraine's defence ministry said Russian troops shelled Kharkiv.")
    shelling = [e for e in events if e.event_type == "ASSAULT"]
    assert shelling and shelling[0].source.country == "RUS"
    assert shelling[0].reported_by is not None and shelling[0].reported_by.country == "UKR"


def test_event_date_is_resolved_against_the_article_date(coder):
    events = code(coder, "On September 21, Kyrgyzstan warned its citizens against fighting abroad.")
    assert [(e.date, e.date_text) for e in events] == [("2022-09-21", "September 21")]


def test_pronoun_and_role_mentions_resolve_to_the_named_person(coder):
    text = ("Ukraine's ambassador to Kazakhstan, Petro Vrublevskiy, made remarks about Russians. "
            "Moscow condemned Vrublevsky. The envoy apologized.")
    events = code(coder, text)
    condemned = next(e for e in events if e.event_type == "ACCUSE")
    apology = next(e for e in events if e.trigger == "apologized")
    assert condemned.target.id == apology.source.id
    assert (apology.source.country, apology.source.sector) == ("UKR", "GOV")


def test_evidence_offsets_point_into_the_article(coder):
    text = "A quiet day.\n\nMoscow condemned Kyiv. Japan imposed sanctions on North Korea."
    for event in code(coder, text):
        assert text[event.evidence.start:event.evidence.end] == event.evidence.text
        assert text[event.trigger_start:event.trigger_end].split()[0] == event.trigger.split()[0]


def test_co_subjects_of_an_agreement_agree_with_each_other(coder):
    events = code(coder, "Russia and China agreed to expand trade.")
    assert triples(events) == [("AGREE", "RUS", "CHN"), ("AGREE", "CHN", "RUS")]


def test_the_parties_between_whom_ties_resume_are_the_targets(coder):
    events = code(coder, "Turkey welcomed the resumption of talks between Armenia and Azerbaijan.")
    welcomed = {(e.source.country, e.target.country) for e in events if e.trigger == "welcomed" and e.target}
    assert welcomed == {("TUR", "ARM"), ("TUR", "AZE")}


def test_what_a_warning_is_about_is_its_target(coder):
    events = code(coder, "Israel's defence minister warned about Iran on Sunday.")
    assert triples(events) == [("THREATEN", "ISR", "IRN")]


def test_a_state_organ_of_no_state_gives_way_to_the_state_named(coder):
    events = code(coder, "The United States suspended a military aid program for Bosnia.")
    assert {e.target.country for e in events if e.target} == {"BIH"}  # not the program's "military"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chile said it had raised the dispute with Lima and an agreement had been reached.", ("AGREE", "CHL", "PER")),
        ("Norway said a deal was reached with the Colombian government.", ("AGREE", "NOR", "COL")),
    ],
)
def test_a_reported_agreement_that_does_not_say_between_whom_is_the_speakers(coder, text, expected):
    assert triples(code(coder, text)) == [expected]


def test_an_unplaced_speaker_makes_no_party_to_an_agreement(coder):
    assert code(coder, "Officials said a deal was reached on Monday.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The European Union announced 25 million euros in humanitarian funding.", ("AID", "", None)),
        ("Japan pledged 50 million dollars in aid to Nepal.", ("AGREE", "JPN", "NPL")),
    ],
)
def test_an_amount_is_of_what_it_measures_and_is_no_party(coder, text, expected):
    found = code(coder, text)
    assert triples(found) == [expected]
    assert all(e.target is None or e.target.country for e in found)  # "million" is nobody


def test_counted_people_stay_a_target(coder):
    assert triples(code(coder, "Turkish police arrested 50 protesters in Ankara.")) == [("COERCE", "TUR", "TUR")]
