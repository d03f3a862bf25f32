"""The ranker: which type is an article's main event, from the article head's view and the lexicon's."""

import math

import numpy as np
import pytest

from eventwire.coding.classifier import default_classifier
from eventwire.coding.ranker import FEATURES, ArticleRanker, fit_ranker, type_features


def test_features_read_what_the_lexicon_found_and_where():
    lexicon = {0: {"AGREE": 0.9}, 4: {"AGREE": 0.7, "ASSAULT": 0.6}}
    rows = type_features(("AGREE", "ASSAULT", "AID"), {"AGREE": 0.5, "ASSAULT": 0.5}, lexicon)
    named = [dict(zip(FEATURES, row)) for row in rows]
    assert named[0] == pytest.approx({"log_article_probability": math.log(0.5), "lexicon_confidence": 0.9,
                                      "lexicon_in_lede": 1.0, "lexicon_sentences": math.log(3), "lexicon_found": 1.0})
    assert named[1]["lexicon_in_lede"] == 0.0 and named[1]["lexicon_confidence"] == 0.6
    assert named[2]["lexicon_found"] == 0.0 and named[2]["log_article_probability"] < math.log(1e-5)


def test_the_shipped_ranker_weighs_the_head_and_a_lexicon_find_in_the_lede_upwards():
    ranker = default_classifier().ranker
    assert ranker is not None and set(ranker.types) == set(default_classifier().article.classes)
    even = {t: 1 / len(ranker.types) for t in ranker.types}
    plain = ranker.probabilities(even, {})
    found = ranker.probabilities(even, {0: {"REQUEST": 0.8}})
    assert found["REQUEST"] > plain["REQUEST"] and max(found, key=found.get) == "REQUEST"
    leaning = ranker.probabilities({**even, "SANCTION": 0.5}, {})
    assert leaning["SANCTION"] > plain["SANCTION"]
    assert sum(found.values()) == pytest.approx(1.0)


def test_fitting_learns_to_trust_the_lexicon_where_the_head_guesses():
    types = ("AGREE", "ASSAULT", "PROTEST")
    rng = np.random.default_rng(1)

    def example():
        label = types[rng.integers(3)]
        guesses = rng.dirichlet(np.ones(3))
        return dict(zip(types, guesses.tolist())), {0: {label: 0.8}}, label

    ranker = fit_ranker(types, [example() for _ in range(300)])
    held_out = [example() for _ in range(100)]
    right = sum(max(p := ranker.probabilities(probs, found), key=p.get) == label for probs, found, label in held_out)
    assert right >= 95
    assert ArticleRanker.from_meta(ranker.to_meta()).probabilities(*held_out[0][:2]) == pytest.approx(
        ranker.probabilities(*held_out[0][:2]))


def test_fitting_learns_per_type_how_far_to_trust_the_lexicon():
    """Where the lexicon's REQUEST is the story's point and its CONSULT a side event, a REQUEST find
    outweighs a CONSULT find in the same story."""
    types = ("CONSULT", "PROTEST", "REQUEST")
    rng = np.random.default_rng(2)

    def example():
        label = types[rng.integers(3)]
        found = {"CONSULT": 0.8} if rng.random() < 0.7 else {}  # side talks, whatever the story
        if label == "REQUEST":
            found["REQUEST"] = 0.8
        return dict(zip(types, rng.dirichlet(np.ones(3)).tolist())), {0: found}, label

    ranker = fit_ranker(types, [example() for _ in range(600)])
    found = ranker.probabilities({t: 1 / 3 for t in types}, {0: {"CONSULT": 0.8, "REQUEST": 0.8}})
    assert found["REQUEST"] > 2 * found["CONSULT"]
    own = dict(zip(types, ranker.type_weights[:, FEATURES.index("lexicon_found")]))
    assert own["REQUEST"] > own["CONSULT"]
