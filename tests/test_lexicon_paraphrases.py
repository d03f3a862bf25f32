"""Everyday paraphrases of PLOVER events, coded by the lexicon alone (no classifier): one sentence each."""

from datetime import date

import pytest

from eventwire.coding.coder import Coder, CodingOptions
from eventwire.models import Article


@pytest.fixture(scope="module")
def lexicon_coder(coder):
    return Coder(nlp=coder.nlp, lexicon=coder.lexicon, resolver=coder.resolver,
                 options=CodingOptions(classifier=False, geolocate=False))


@pytest.mark.parametrize(
    ("text", "event_type", "source_country"),
    [
        ("Norway opened an embassy in Bogota.", "SUPPORT", "NOR"),
        ("Vietnam began exporting rice to the Philippines.", "COOPERATE", "VNM"),
        ("Greek and Turkish navies held a joint exercise in the Aegean.", "COOPERATE", "GRC"),
        ("Kenya formed a joint venture with Ethiopia.", "COOPERATE", "KEN"),
        ("Chinese hackers breached the servers of the Indian defence ministry.", "COERCE", "CHN"),
        ("Russia spread disinformation about the vote in Moldova.", "COERCE", "RUS"),
        ("The Iranian government cut internet access in Tehran.", "COERCE", "IRN"),
        ("Pakistan imposed martial law in the province.", "COERCE", "PAK"),
        ("Egypt reopened its inquiry into the deaths of the activists.", "ACCUSE", "EGY"),
        ("Serbia expressed dismay at the decision by Kosovo.", "ACCUSE", "SRB"),
        ("The Sudanese army declared a cease-fire on Sunday.", "RETREAT", "SDN"),
        ("Protesters threw stones at Kenyan police in Nairobi.", "PROTEST", ""),
        ("Thousands of Chileans took to the streets of Santiago.", "PROTEST", "CHL"),
        ("Nigerian doctors called off their strike.", "CONCEDE", "NGA"),
        ("The Greek government met the demands of the unions.", "CONCEDE", "GRC"),
        ("A Russian court handed down a prison sentence to the activist.", "SANCTION", "RUS"),
        ("Canada withdrew its observer mission from Haiti.", "SANCTION", "CAN"),
        ("Algeria ejected the French observers.", "SANCTION", "DZA"),
        ("The Zambian government called in troops to restore order.", "MOBILIZE", "ZMB"),
        ("The Turkish army stepped up security along the Syrian border.", "MOBILIZE", "TUR"),
        ("The IMF approved a loan for Sri Lanka.", "AID", ""),
        ("The Turkish authorities suspended the opposition newspaper for a month.", "COERCE", "TUR"),
        ("The Belarusian government tightened controls on the press.", "COERCE", "BLR"),
        ("Peru entered into a fisheries agreement with Ecuador.", "SUPPORT", "PER"),
        ("Ghana and Togo inked a border pact in Accra.", "SUPPORT", "GHA"),
        ("Chilean truckers postponed their strike until March.", "CONCEDE", "CHL"),
        ("The Tunisian government granted the demands of the striking nurses.", "CONCEDE", "TUN"),
        ("Indian and Mongolian troops began a joint exercise near Ulaanbaatar.", "COOPERATE", "IND"),
        ("Malian soldiers left their positions near Gao.", "RETREAT", "MLI"),
    ],
)
def test_paraphrase_is_coded(lexicon_coder, text, event_type, source_country):
    events = lexicon_coder.code_article(Article(id="p", text=text, published=date(2021, 5, 4)))
    assert (event_type, source_country) in {(e.event_type, e.source.country) for e in events}


@pytest.mark.parametrize(
    ("text", "wrong_type"),
    [
        ("Russian jets attacked a power grid near Kharkiv.", "COERCE"),  # jets hitting a grid: no hack
        ("Egypt cut its budget for the ministry.", "COERCE"),  # cutting a budget withholds nothing
        ("The ministry stepped up its campaign against smoking.", "MOBILIZE"),
        ("The Kenyan bank tightened its rules on lending.", "COERCE"),
        ("The Chinese navy started drills near the Paracel Islands.", "COOPERATE"),  # drills alone: MOBILIZE
    ],
)
def test_restricted_verbs_need_their_objects(lexicon_coder, text, wrong_type):
    events = lexicon_coder.code_article(Article(id="p", text=text, published=date(2021, 5, 4)))
    assert wrong_type not in {e.event_type for e in events}
