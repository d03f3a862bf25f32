"""The coder's named stages, frozen data with ids of the final dyad, errors raised or skipped by option."""

from dataclasses import FrozenInstanceError, replace
from datetime import date

import pytest

import eventwire.coding.classifier as classifier_module
from eventwire.coding import confidence
from eventwire.coding.coder import STAGES, Coder, CodingOptions
from eventwire.models import Actor, Article, event_id

PLACED = "Rebels attacked the town of Kirkuk on Monday."  # the rebels take the country where they attack
ANCHOR = "Kazakhstan's foreign ministry summoned Russia's ambassador on Monday."
STORY = ("Israel and Egypt held talks in Cairo on Sunday. The two sides signed an agreement to reopen the "
         "border crossing. Officials said the deal would take effect next week.")


def article(text: str) -> Article:
    return Article(id="t", text=text, published=date(2022, 10, 20))


def sharing(coder: Coder, **changes) -> Coder:
    """A coder with the given one's parser, lexicon and knowledge base, and other options."""
    return Coder(nlp=coder.nlp, lexicon=coder.lexicon, resolver=coder.resolver,
                 options=replace(coder.options, **changes))


def test_the_stages_are_listed_in_order_in_one_place():
    assert [stage.name for stage in STAGES] == [
        "split", "prefilter", "parse", "clauses", "rules", "revise", "rank", "geolocate", "place_actors"]
    assert [stage.scope for stage in STAGES] == [
        "article", "article", "batch", "sentence", "sentence", "sentence", "coded", "coded", "coded"]
    assert all(callable(getattr(Coder, stage.method)) for stage in STAGES)


def test_options_leave_out_the_stages_they_turn_off(coder):
    names = [stage.name for stage in sharing(coder, geolocate=False).stages]
    assert "geolocate" not in names and "place_actors" not in names and "rules" in names
    assert "place_actors" not in [stage.name for stage in sharing(coder, place_actors=False).stages]


def test_data_is_frozen_and_a_rebuilt_event_has_the_id_of_its_fields(coder):
    [event] = [e for e in coder.code_article(article(ANCHOR)) if e.event_type == "ACCUSE"]
    with pytest.raises(FrozenInstanceError):
        event.confidence = 0.1
    with pytest.raises(FrozenInstanceError):
        event.source.country = "FRA"
    other = replace(event, target=Actor.make("France", "France", "FRA"))
    assert other.id == event_id(other) != event.id
    assert replace(event, confidence=0.1).id == event.id  # the id leaves confidence out
    assert replace(event, id="given").id == event.id  # an id is never taken as given


def test_placed_events_have_the_ids_of_their_final_actors(coder):
    placed = coder.code_article(article(PLACED))
    unplaced = sharing(coder, place_actors=False).code_article(article(PLACED))
    assert [e.source.id for e in placed] == ["IRQREB"] and [e.source.id for e in unplaced] == ["REB"]
    assert all(e.id == event_id(e) for e in placed + unplaced)
    assert placed[0].id != unplaced[0].id


def test_a_crashing_sentence_raises_by_default_and_is_skipped_on_request(coder, monkeypatch, capsys):
    raising, skipping = sharing(coder), sharing(coder, on_error="skip")
    text = f"{ANCHOR}\n{PLACED}"
    expected = [(e.event_type, e.source.id) for e in skipping.code_article(article(text))]
    assert len(expected) == 2

    def crash(self, ctx, clauses):
        if ctx.index == 1:
            raise RuntimeError("odd parse")
        return original(self, ctx, clauses)

    original = Coder._rules
    monkeypatch.setattr(Coder, "_rules", crash)
    with pytest.raises(RuntimeError, match="odd parse"):
        raising.code_article(article(text))
    capsys.readouterr()
    assert [(e.event_type, e.source.id) for e in skipping.code_article(article(text))] == expected[:1]
    assert capsys.readouterr().err == "eventwire: skipped sentence 1 of t: RuntimeError: odd parse\n"


def test_a_crashing_geolocation_keeps_the_events_without_places_on_request(coder, monkeypatch, capsys):
    import eventwire.coding.coder as coder_module

    skipping = sharing(coder, on_error="skip", place_actors=False)
    located = skipping.code_article(article(PLACED))
    assert [e.location.name for e in located if e.location] == ["Kirkuk"]

    def crash(*args, **kwargs):
        raise ValueError("no gazetteer")

    monkeypatch.setattr(coder_module, "locate_events", crash)
    with pytest.raises(ValueError):
        sharing(coder, place_actors=False).code_article(article(PLACED))
    capsys.readouterr()
    kept = skipping.code_article(article(PLACED))
    assert [replace(e, location=None) for e in located] == kept
    assert capsys.readouterr().err == "eventwire: no locations for t: ValueError: no gazetteer\n"


def test_on_error_takes_only_raise_or_skip():
    with pytest.raises(ValueError, match="on_error"):
        CodingOptions(on_error="ignore")


def test_the_classifier_reads_the_coders_sentences_and_does_not_split_again(coder, monkeypatch):
    expected = [(e.id, e.confidence) for e in sharing(coder, story_prior=True).code_article(article(STORY))]
    assert expected
    prior = sharing(coder, story_prior=True)  # a fresh hook: the article view is its own

    def no_split(text):
        raise AssertionError("the classifier split the article again")

    monkeypatch.setattr(classifier_module, "split_sentences", no_split)
    assert [(e.id, e.confidence) for e in prior.code_article(article(STORY))] == expected


def test_confidence_is_clamped_and_rounded():
    assert confidence.clamp(1.3) == confidence.CEILING and confidence.clamp(-1) == confidence.FLOOR
    assert confidence.clamp(0.456) == 0.46
    assert confidence.event_confidence(confidence.VERB, True, False, False) == round(0.75 - 0.15 - 0.1, 2)
    assert confidence.event_confidence(confidence.VERB, False, False, True) == 0.75
    assert confidence.blend(0.6, 0.2, 0.5) == 0.4
