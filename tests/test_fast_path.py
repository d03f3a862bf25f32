"""The prefilter skips the parser only where no event can be: it loses no event against parsing all."""

from dataclasses import asdict, replace

import pytest
from conftest import shared_file

from eventwire.coding.coder import Coder
from eventwire.evaluate import load_gold
from eventwire.ingest import Report, iter_articles


@pytest.fixture(scope="module")
def slow_coder(coder):
    return Coder(nlp=coder.nlp, lexicon=coder.lexicon, resolver=coder.resolver,
                 options=replace(coder.options, parse_all=True))


def events_of(coder, articles):
    return {article.id: sorted(asdict(e)["id"] for e in events) for article, events in coder.code_articles(articles)}


def test_the_example_article_loses_no_event(coder, slow_coder):
    articles = list(iter_articles([str(shared_file("examples/seed_article.txt"))], None, Report(quiet=True)))
    fast, slow = events_of(coder, articles), events_of(slow_coder, articles)
    assert fast == slow
    assert sum(map(len, fast.values())) >= 10


def test_the_petrarch_records_lose_no_event(coder, slow_coder):
    _, records = load_gold(str(shared_file("petrarch2/PETR.UnitTest.records.xml")))
    articles = [record.article() for record in records]
    fast = events_of(coder, articles)
    assert fast == events_of(slow_coder, articles)
    assert sum(map(len, fast.values())) >= len(articles) // 2  # most records have an event: not vacuous


def test_evidence_offsets_point_into_the_article(coder):
    articles = list(iter_articles([str(shared_file("examples/seed_article.txt"))], None, Report(quiet=True)))
    checked = 0
    for article, events in coder.code_articles(articles):
        for event in events:
            assert article.text[event.evidence.start:event.evidence.end] == event.evidence.text
            trigger_span = article.text[event.trigger_start:event.trigger_end]
            assert trigger_span.startswith(event.trigger.split()[0]) and trigger_span.endswith(event.trigger.split()[-1])
            checked += 1
    assert checked >= 10
