"""Which event is an article's main one: the article head's view and the lexicon's, combined.

The article head (classifier.py) reads an article's words; the lexicon reads its clauses. Each is right
where the other is not (the head rarely names REQUEST or SANCTION as a story's main event, the lexicon
finds them reliably), so the ranker scores each PLOVER type t of an article as

    score(t) = w . features(t) + bias(t),    P(t is the main event) = softmax over types

with features: the log of the head's probability of t, the lexicon's best confidence for t, whether the
lexicon found t in the first two sentences, the log of 1 + the number of sentences it found t in, and
whether it found t at all. Each feature has a weight shared by all types and one per type (the
lexicon's REQUEST is nearly always the story's point, its CONSULT often a side event); each type has a
bias. (Per-type weights on the lexicon's two strongest features only, or none: 0.600 and 0.595 story
accuracy on the out-of-fold training stories, against 0.603 with all.) They are fitted by
`scripts/train_classifier.py` on article-head probabilities of stories the head never saw (5-fold) and
stored in the classifier's meta.json ("ranker").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FEATURES = ("log_article_probability", "lexicon_confidence", "lexicon_in_lede", "lexicon_sentences", "lexicon_found")
LEDE_SENTENCES = 2
FLOOR = 1e-6  # the head's probabilities are floored before the log


def type_features(types: tuple[str, ...], article_probabilities: dict[str, float],
                  lexicon: dict[int, dict[str, float]]) -> np.ndarray:
    """(types x FEATURES): lexicon maps sentence index -> the lexicon's types there -> best confidence."""
    features = np.zeros((len(types), len(FEATURES)))
    for row, event_type in enumerate(types):
        confidences = [found[event_type] for found in lexicon.values() if event_type in found]
        features[row] = (
            np.log(max(article_probabilities.get(event_type, 0.0), FLOOR)),
            max(confidences, default=0.0),
            float(any(event_type in found for index, found in lexicon.items() if index < LEDE_SENTENCES)),
            np.log1p(len(confidences)),
            float(bool(confidences)),
        )
    return features


@dataclass(frozen=True)
class ArticleRanker:
    types: tuple[str, ...]
    weights: np.ndarray  # one per feature, shared by all types
    biases: np.ndarray  # one per type
    type_weights: np.ndarray  # (types x FEATURES): each type's own, added to the shared ones

    @classmethod
    def from_meta(cls, meta: dict | None) -> ArticleRanker | None:
        if not meta:
            return None
        types = tuple(meta["biases"])
        own = meta.get("type_weights") or {t: {} for t in types}
        return cls(types, np.array([meta["weights"][name] for name in FEATURES]),
                   np.array([meta["biases"][t] for t in types]),
                   np.array([[own[t].get(name, 0.0) for name in FEATURES] for t in types]))

    def to_meta(self) -> dict:
        return {"weights": dict(zip(FEATURES, map(float, self.weights))),
                "biases": dict(zip(self.types, map(float, self.biases))),
                "type_weights": {t: dict(zip(FEATURES, map(float, row))) for t, row in zip(self.types, self.type_weights)}}

    def probabilities(self, article_probabilities: dict[str, float],
                      lexicon: dict[int, dict[str, float]]) -> dict[str, float]:
        """P(type is the article's main event) for every PLOVER type."""
        features = type_features(self.types, article_probabilities, lexicon)
        scores = (features * (self.weights + self.type_weights)).sum(axis=1) + self.biases
        scores = np.exp(scores - scores.max())
        return dict(zip(self.types, (scores / scores.sum()).tolist()))


def fit_ranker(types: tuple[str, ...], examples: list[tuple[dict[str, float], dict[int, dict[str, float]], str]],
               l2: float = 0.001) -> ArticleRanker:
    """Weights, per-type weights and biases by maximum likelihood (L2-penalised) over (article
    probabilities, lexicon findings, label) examples. Needs scipy (the `train` extra)."""
    from scipy.optimize import minimize

    features = np.stack([type_features(types, probabilities, lexicon) for probabilities, lexicon, _ in examples])
    labels = np.array([types.index(label) for *_, label in examples])
    rows, width, n_types = np.arange(len(labels)), features.shape[2], len(types)
    sizes = (width, n_types * width, n_types)

    def split(theta):
        weights, type_weights, biases = np.split(theta, np.cumsum(sizes)[:-1])
        return weights, type_weights.reshape(n_types, width), biases

    def loss(theta):
        weights, type_weights, biases = split(theta)
        scores = (features * (weights + type_weights)).sum(axis=2) + biases
        scores -= scores.max(axis=1, keepdims=True)
        log_p = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
        gradient = np.exp(log_p)
        gradient[rows, labels] -= 1
        gradient /= len(labels)
        by_type = np.einsum("nt,ntd->td", gradient, features)  # d loss / d type_weights
        value = -log_p[rows, labels].mean() + l2 * theta @ theta
        return value, np.concatenate([by_type.sum(axis=0), by_type.ravel(), gradient.sum(axis=0)]) + 2 * l2 * theta

    weights, type_weights, biases = split(minimize(loss, np.zeros(sum(sizes)), jac=True, method="L-BFGS-B").x)
    return ArticleRanker(types, weights, biases, type_weights)
