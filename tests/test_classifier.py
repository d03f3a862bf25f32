"""The learned sentence classifier: committed weights, offline numpy inference, and its hook in the coder."""

import json
import os
import subprocess
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from eventwire.coding.classifier import (
    NO_EVENT,
    WEIGHTS_DIR,
    ArticleView,
    ClassifierHook,
    HookSettings,
    Prediction,
    SentenceClassifier,
    WeightsMissing,
    default_classifier,
    load_classifier,
    text_features,
)
from eventwire.coding.coder import Coder, CodingOptions
from eventwire.models import PLOVER_TYPES, Article
from eventwire.nlp import split_sentences

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PARAPHRASE = "Washington slapped fresh sanctions on Moscow."  # the lexicon has no "slap": no event
NO_ACTOR = "There was heavy shelling all night."
# the lexicon's most confident event is not of the type the article head gives the story most
RANKED_STORY = ("Israel and Egypt held talks in Cairo on Sunday. The two sides signed an agreement to reopen the "
                "border crossing. Officials said the deal would take effect next week.")
# the lexicon and the sentence classifier code nothing of that type
UNCODED_STORY = ("Turkey condemned the Greek navy's manoeuvres in the Aegean on Tuesday. Ankara sent warships and "
                 "troops to the islands near the coast. The Turkish army said thousands of soldiers were placed "
                 "on alert.")


@pytest.fixture(scope="module")
def classifier():
    return default_classifier()


@pytest.fixture(scope="module")
def coders(coder):
    """The same parser and knowledge base with the classifier on and off."""
    options = CodingOptions(geolocate=False)
    with_classifier = Coder(nlp=coder.nlp, lexicon=coder.lexicon, resolver=coder.resolver,
                            options=CodingOptions(geolocate=False, classifier=True))
    lexicon_alone = Coder(nlp=coder.nlp, lexicon=coder.lexicon, resolver=coder.resolver,
                          options=CodingOptions(**{**options.__dict__, "classifier": False}))
    return with_classifier, lexicon_alone


def code(coder, text):
    return coder.code_article(Article(id="t", text=text, published=date(2022, 3, 1)))


def with_settings(coder, **changes) -> Coder:
    """A coder sharing the given one's parts, with the classifier hook's settings changed."""
    hooked = Coder(nlp=coder.nlp, lexicon=coder.lexicon, resolver=coder.resolver, options=coder.options)
    hooked.classifier = ClassifierHook(hooked.parts, coder.classifier.classifier,
                                       HookSettings(**asdict(coder.classifier.settings) | changes))
    return hooked


def sentence_level(coder) -> Coder:
    return with_settings(coder, article_blend=0.0, article_types=0)


def top(events):
    return max(events, key=lambda e: e.confidence).event_type


def test_committed_weights_cover_every_plover_type_and_are_small(classifier):
    assert set(classifier.types.classes) == set(PLOVER_TYPES) | {NO_EVENT}
    assert set(classifier.article.classes) == set(PLOVER_TYPES)
    assert all(label.split(":")[0] in PLOVER_TYPES for label in classifier.modes.classes)
    assert (WEIGHTS_DIR / "weights.npz").stat().st_size < 20 * 2**20
    assert classifier.types.coef.shape == (len(classifier.types.buckets), len(classifier.types.classes))
    assert np.all(np.diff(classifier.types.buckets) > 0)  # sorted, for the bucket search


def test_a_prediction_is_a_distribution_over_the_types(classifier):
    prediction = classifier.predict(PARAPHRASE)
    assert sum(prediction.probabilities.values()) == pytest.approx(1.0, abs=1e-5)
    event_type, p = prediction.best
    assert event_type != NO_EVENT and 0 < p <= 1
    assert prediction.given_event(event_type) == pytest.approx(p)
    empty = classifier.predict("")  # no features: the intercepts alone, still a distribution
    assert sum(empty.probabilities.values()) == pytest.approx(1.0, abs=1e-5)


def test_features_fold_numbers_and_case_and_hashing_does_not_depend_on_the_process():
    assert text_features("Troops killed 12 people, 3,000 fled.") == text_features("troops KILLED 7 people, 15 fled.")
    script = ("from eventwire.coding.classifier import default_classifier as d; import json; "
              f"print(json.dumps(d().predict({PARAPHRASE!r}).probabilities))")
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                           env={**os.environ, "PYTHONHASHSEED": seed}) for seed in ("1", "2")]
    assert runs[0].returncode == 0, runs[0].stderr
    assert json.loads(runs[0].stdout) == json.loads(runs[1].stdout)


def test_missing_weights_fail_with_one_line_naming_the_file(tmp_path):
    with pytest.raises(WeightsMissing) as error:
        load_classifier(tmp_path)
    message = str(error.value)
    assert str(tmp_path / "weights.npz") in message and "\n" not in message and "--no-classifier" in message


def test_the_command_line_reports_missing_weights_in_one_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("date 2022-03-01\nRussia condemned Ukraine on Monday.\n", encoding="utf-8")
    script = ("import sys; import eventwire.coding.classifier as c; c.WEIGHTS_DIR = c.Path(sys.argv[1]); "
              "from eventwire.cli import main; sys.exit(main(sys.argv[2:]))")
    base = [sys.executable, "-c", script, str(tmp_path / "nowhere"), "code", str(article), "--quiet",
            "--db", str(tmp_path / "db.duckdb"), "--out", "-"]
    missing = subprocess.run(base, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and missing.stdout == ""
    assert len(missing.stderr.strip().splitlines()) == 1 and "weights.npz" in missing.stderr
    without = subprocess.run(base + ["--no-classifier"], capture_output=True, text=True, timeout=300)
    assert without.returncode == 0, without.stderr
    assert json.loads(without.stdout.splitlines()[0])["event_type"] == "ACCUSE"


def test_a_paraphrase_the_lexicon_misses_gets_the_right_type_and_the_parse_actors(coders):
    with_classifier, lexicon_alone = coders
    assert not [e for e in code(lexicon_alone, PARAPHRASE) if e.event_type == "SANCTION"]
    events = code(with_classifier, PARAPHRASE)
    assert [(e.event_type, e.source.country, e.target.country if e.target else None) for e in events] == [
        ("SANCTION", "USA", "RUS")]
    assert events[0].trigger == "slapped" and 0 < events[0].confidence < 1
    assert events[0].cameo.startswith("16")


def test_no_actor_no_event_however_sure_the_classifier_is(coders, classifier):
    with_classifier, _ = coders
    assert with_classifier.classifier.adds(classifier.predict(NO_ACTOR))
    assert code(with_classifier, NO_ACTOR) == []


def test_no_lexicon_event_is_lost_and_only_weak_ones_are_retyped(coders):
    """Every lexicon event comes through (the event id leaves confidence out) or, if it was weak
    (confidence at most `correctable`), with the classifier's type in its place: same sentence, trigger
    and actors."""
    with_classifier, lexicon_alone = coders
    correctable = with_classifier.classifier.settings.correctable
    for path in sorted(EXAMPLES.glob("*.txt")):
        header, text = path.read_text(encoding="utf-8").split("\n", 1)
        article = Article(id=path.stem, text=text, published=date.fromisoformat(header.split()[1]))
        revised = with_classifier.code_article(article)
        kept = {e.id for e in revised}
        places = {(e.sentence, e.trigger_start, e.source.id, e.target.id if e.target else None) for e in revised}
        lexicon_events = lexicon_alone.code_article(article)
        assert lexicon_events, path
        for event in lexicon_events:
            place = (event.sentence, event.trigger_start, event.source.id, event.target.id if event.target else None)
            assert event.id in kept or (event.confidence <= correctable and place in places), (path, event)


def test_sentences_the_classifier_would_code_are_parsed_however_the_prefilter_votes(coders):
    """The fast path (prefilter, or the classifier's vote) loses no event against parsing every sentence."""
    with_classifier, _ = coders
    parse_all = Coder(nlp=with_classifier.nlp, lexicon=with_classifier.lexicon, resolver=with_classifier.resolver,
                      options=CodingOptions(geolocate=False, parse_all=True))
    text = " ".join([PARAPHRASE, "Markets were calm.", NO_ACTOR, "Teachers walked off the job across the country."])
    article = Article(id="mixed", text=text, published=date(2022, 3, 1))
    fast = {(e.event_type, e.source.id) for e in with_classifier.code_article(article)}
    assert fast == {(e.event_type, e.source.id) for e in parse_all.code_article(article)}
    assert {("SANCTION", "USAGOV"), ("PROTEST", "EDU")} <= fast


def test_the_option_turns_the_classifier_off(coders):
    with_classifier, lexicon_alone = coders
    assert lexicon_alone.classifier is None and with_classifier.classifier is not None
    assert CodingOptions().classifier is True


def test_the_article_prior_puts_the_event_of_the_articles_main_type_first(coders, classifier):
    with_classifier, _ = coders
    plain = code(sentence_level(with_classifier), RANKED_STORY)
    ranking = with_settings(with_classifier, article_blend=0.8, article_types=0)
    ranked = code(ranking, RANKED_STORY)
    view = ranking.classifier._view
    main = classifier.ranker.probabilities(view.probabilities, view.lexicon)
    # the ranker reads the lexicon's own findings: here the lexicon coded every event
    assert {i: set(found) for i, found in view.lexicon.items()} == {
        i: {e.event_type for e in plain if e.sentence == i} for i in {e.sentence for e in plain}}
    topic = max({e.event_type for e in plain}, key=main.get)
    assert top(plain) != topic and top(ranked) == topic
    # ranking changes confidences only
    assert sorted((e.sentence, e.trigger_start, e.event_type, e.source.id) for e in ranked) == sorted(
        (e.sentence, e.trigger_start, e.event_type, e.source.id) for e in plain)


def test_an_article_without_its_likeliest_type_gets_one_event_of_it_in_the_likeliest_sentence(coders, classifier):
    with_classifier, _ = coders
    topic = classifier.predict_article(UNCODED_STORY).best[0]
    plain = code(sentence_level(with_classifier), UNCODED_STORY)
    assert topic not in {e.event_type for e in plain}
    added = code(with_settings(with_classifier, article_types=1), UNCODED_STORY)
    new = [e for e in added if e.event_type == topic]
    likeliest = max(split_sentences(UNCODED_STORY), key=lambda s: classifier.predict(s.text).of(topic))
    assert len(new) == 1 and new[0].sentence == likeliest.index
    assert new[0].source.country == "TUR"  # an actor the story names
    assert {e.id for e in plain} <= {e.id for e in added}


def test_a_single_sentence_has_no_article_level_say(coders):
    with_classifier, _ = coders
    article_level = with_settings(with_classifier, article_blend=0.8, article_types=3)
    for text in (PARAPHRASE, "Russia condemned Ukraine on Monday."):
        found = [(e.id, e.confidence) for e in code(article_level, text)]
        assert found and found == [(e.id, e.confidence) for e in code(sentence_level(with_classifier), text)]


def test_weights_without_an_article_head_code_at_sentence_level(coders, classifier):
    with_classifier, _ = coders
    headless = Coder(nlp=with_classifier.nlp, lexicon=with_classifier.lexicon, resolver=with_classifier.resolver,
                     options=with_classifier.options)
    no_article = SentenceClassifier(classifier.types, classifier.modes, classifier.bits)
    headless.classifier = ClassifierHook(headless.parts, no_article, HookSettings(article_blend=0.8, article_types=3))
    sentence_only = Coder(nlp=with_classifier.nlp, lexicon=with_classifier.lexicon,
                          resolver=with_classifier.resolver, options=with_classifier.options)
    sentence_only.classifier = ClassifierHook(sentence_only.parts, no_article, HookSettings())
    found = [(e.id, e.confidence) for e in code(headless, RANKED_STORY)]
    assert found and found == [(e.id, e.confidence) for e in code(sentence_only, RANKED_STORY)]


def test_an_added_event_waits_for_a_later_likelier_sentence():
    def likely(p):
        return Prediction({"PROTEST": p, NO_EVENT: 1 - p})

    view = ArticleView(("a",), {"PROTEST": 0.9}, {0: likely(0.2), 2: likely(0.6), 3: likely(0.4)}, ["PROTEST"])
    assert view.waits("PROTEST", 0) and not view.waits("PROTEST", 2) and not view.waits("PROTEST", 3)


def test_the_story_prior_is_opt_in(coders):
    """By default an event's confidence is about the event, not about the article's main type."""
    with_classifier, _ = coders
    assert (with_classifier.classifier.settings.article_blend, with_classifier.classifier.settings.article_types) == (0, 0)
    opted = Coder(nlp=with_classifier.nlp, lexicon=with_classifier.lexicon, resolver=with_classifier.resolver,
                  options=CodingOptions(geolocate=False, story_prior=True))
    assert opted.classifier.settings.article_types > 0 and opted.classifier.settings.article_blend > 0
    found = [(e.id, e.confidence) for e in code(with_classifier, RANKED_STORY)]
    assert found and found == [(e.id, e.confidence) for e in code(sentence_level(with_classifier), RANKED_STORY)]


def test_nothing_is_added_under_a_speech_verb_that_is_negated(coders):
    """ "X did not say ...": no report, so the classifier adds no event for the clause under it."""
    with_classifier, _ = coders
    assert code(with_classifier, "Khartoum did not say which group the suspects belonged to.") == []
