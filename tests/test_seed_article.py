"""The example article: the events a careful human coder would list, with their own dates."""

import pytest
from conftest import shared_file

from eventwire.ingest import Report, iter_articles

# (type, source country, source sector or None for any, target country or None for any, date)
EXPECTED = [
    ("ACCUSE", "RUS", None, None, "2022-10-20"),  # condemnation from Moscow
    ("SUPPORT", "UKR", "GOV", None, "2022-10-20"),  # the envoy apologized
    ("AGREE", "KAZ", None, "UKR", "2022-10-20"),  # Kazakhstan said an agreement had been reached for his recall
    ("ACCUSE", "KAZ", "GOV", "RUS", "2022-10"),  # earlier this month, summoned Russia's ambassador
    ("CONSULT", None, "GOV", "UKR", "2022-10-20"),  # a meeting ... between the deputy minister and the ambassador
    ("ACCUSE", "RUS", "JUD", "UKR", "2022-10-20"),  # the Investigative Committee launched an investigation
    ("ACCUSE", None, "GOV", "RUS", "2022-10-20"),  # Tokayev condemned Putin's move
    ("MOBILIZE", "RUS", None, None, "2022-10-20"),  # Russia announced mobilisation
    ("COERCE", "KAZ", None, "KAZ", "2022-10-20"),  # Kazakhstan banned its citizens ...
    ("THREATEN", "KAZ", "GOV", "KAZ", "2022-10-20"),  # the embassy's statement warning their citizens
    ("THREATEN", "KGZ", "GOV", None, "2022-09-21"),  # on September 21, citizens would face liability
]


@pytest.fixture(scope="module")
def events(coder):
    path = shared_file("examples/seed_article.txt")
    article = next(iter_articles([str(path)], None, Report(quiet=True)))
    return article, coder.code_article(article)


def matches(event, kind, country, sector, target, when):
    return (
        event.event_type == kind
        and (country is None or event.source.country == country)
        and (sector is None or event.source.sector == sector)
        and (target is None or (event.target is not None and event.target.country == target))
        and event.date == when
    )


@pytest.mark.parametrize("expected", EXPECTED, ids=[f"{e[0]}-{e[1]}-{e[4]}" for e in EXPECTED])
def test_expected_event_is_found(events, expected):
    _, found = events
    assert any(matches(e, *expected) for e in found), [(e.event_type, e.source.country, e.date) for e in found]


def test_every_event_quotes_its_sentence(events):
    article, found = events
    assert len(found) >= len(EXPECTED)
    for event in found:
        assert article.text[event.evidence.start:event.evidence.end] == event.evidence.text


def test_few_events_beyond_the_expected_list(events):
    _, found = events
    extra = [e for e in found if not any(matches(e, *x) for x in EXPECTED)]
    assert len(extra) <= 3, [(e.event_type, e.source.text, e.evidence.text[:60]) for e in extra]
