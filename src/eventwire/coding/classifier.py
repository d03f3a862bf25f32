"""Learned sentence classifier beside the lexicon: the PLOVER event type (and mode) of a sentence.

Features are the hashed lowercased words of the sentence's raw text (`text_features`), so a sentence
can be classified before it is parsed. A linear model turns them into a probability per PLOVER type
and `NONE` (no event); a second head gives the mode (`TYPE:mode`). Inference is numpy only; the
weights are `data/classifier/weights.npz`, reproduced by `scripts/train_classifier.py` from the shared
synthetic stories (see the README, "Learned classifier").

The coder uses it through `ClassifierHook.revise`, one sentence at a time (the "events" stage, after
the rules):
- confirm: a lexicon event's confidence is blended with the probability of its type;
- correct: a weak lexicon event (confidence at most `correctable`) whose type the classifier all but
  rules out while it is sure of another type takes that type;
- add: a sentence with no lexicon event and a confident type gets one event whose actors are the main
  clause's subject (source) and object (target), through the resolver; no source, no event. Such a
  sentence is parsed even if the lexicon's prefilter would skip it (`worth_parsing`).
An article head classifies the whole article (its words, the lede's counted twice). In an article of
several sentences it
- ranks: once the article is coded (`finish`), every event's confidence blends in the probability that
  its type is the article's main event (ranker.py: the head's probabilities and the lexicon's findings
  combined), so the most confident event is the story's main one more often;
- adds: each of the article's most probable types with no event yet gets one, in the parsed sentence the
  sentence classifier gives that type most, with that sentence's clause actors, else the actors the
  sentence names, else the article's most mentioned actor so far.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..models import Event
from ..nlp import ModelMissing, Sentence, split_sentences
from .builder import EventBuilder
from .clauses import (
    SPEECH_VERBS,
    TARGET_PREPS,
    Predicate,
    _verb_arguments,
    intent,
    is_conditional,
    is_negated,
    noun_targets,
    object_heads,
)
from .confidence import blend
from .context import ArticleContext, SentenceContext
from .entries import Entry
from .lexicon import Lexicon
from .ranker import ArticleRanker

WEIGHTS_DIR = Path(__file__).resolve().parents[1] / "data" / "classifier"
WEIGHTS_FILE = "weights.npz"
NO_EVENT = "NONE"
_TOKEN = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*|\d[\d,.]*")
GENERIC_CAMEO = {
    "AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "CONCEDE": "080", "COOPERATE": "060", "AID": "070",
    "RETREAT": "087", "REQUEST": "020", "ACCUSE": "112", "REJECT": "120", "THREATEN": "130",
    "PROTEST": "140", "SANCTION": "160", "MOBILIZE": "150", "COERCE": "170", "ASSAULT": "180",
}


class WeightsMissing(ModelMissing):
    """The classifier's weights file is not there (the CLI prints this as one line)."""


def text_features(text: str) -> list[str]:
    """Feature strings of a sentence's raw text: its lowercased words, numbers folded to <num>.
    Raw text, not the parse, so the classifier can also pick sentences worth parsing. (Lemmas with
    head->dependent pairs, word bigrams, folded names and spaCy's tok2vec vectors were measured too:
    none was clearly better; see the README.)"""
    return ["w:<num>" if word[0].isdigit() else f"w:{word.lower()}" for word in _TOKEN.findall(text)]


def article_features(text: str, sentences: list[Sentence] | tuple[Sentence, ...] | None = None) -> list[str]:
    """Feature strings of a whole article: its words, and its lede's words once more, marked (a story
    tells its main event first). The article head weighs them by inverse document frequency too.
    `sentences`: the article's, if already split."""
    sentences = split_sentences(text) if sentences is None else sentences
    lede = text_features(sentences[0].text) if sentences else []
    return text_features(text) + [f"l{feature[1:]}" for feature in lede]


def feature_vector(features: list[str], bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashed buckets and their weights: log(1 + count), scaled to unit length."""
    if not features:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    hashed = np.fromiter((zlib.crc32(f.encode("utf-8")) for f in features), dtype=np.int64, count=len(features))
    buckets, counts = np.unique(hashed % (1 << bits), return_counts=True)
    weights = np.log1p(counts).astype(np.float32)
    return buckets, weights / np.linalg.norm(weights)


@dataclass(frozen=True)
class LinearHead:
    """A softmax layer over the hashed buckets the training data used (the others have weight 0)."""

    buckets: np.ndarray  # sorted bucket ids
    coef: np.ndarray  # (len(buckets), len(classes))
    intercept: np.ndarray
    classes: tuple[str, ...]
    idf: np.ndarray | None = None  # per bucket: known features reweighted so, then scaled to unit length

    def probabilities(self, buckets: np.ndarray, weights: np.ndarray) -> np.ndarray:
        rows = np.searchsorted(self.buckets, buckets)
        known = (rows < len(self.buckets)) & (self.buckets[np.minimum(rows, len(self.buckets) - 1)] == buckets)
        weights = weights[known]
        if self.idf is not None:
            weights = weights * self.idf[rows[known]]
            weights = weights / (np.linalg.norm(weights) or 1.0)
        scores = self.intercept + weights @ self.coef[rows[known]].astype(np.float32)
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()


@dataclass(frozen=True)
class Prediction:
    probabilities: dict[str, float]  # per PLOVER type and NONE

    @property
    def best(self) -> tuple[str, float]:
        """The most probable event type, and its probability given that the sentence has an event."""
        types = [t for t in self.probabilities if t != NO_EVENT]
        event_type = max(types, key=self.of)
        return event_type, self.given_event(event_type)

    @property
    def eventness(self) -> float:
        """The probability that the sentence reports an event at all."""
        return 1.0 - self.probabilities.get(NO_EVENT, 0.0)

    def of(self, event_type: str) -> float:
        """The probability that the sentence reports an event of this type."""
        return self.probabilities.get(event_type, 0.0)

    def given_event(self, event_type: str) -> float:
        return self.of(event_type) / (self.eventness or 1.0)


class SentenceClassifier:
    def __init__(self, types: LinearHead, modes: LinearHead | None, bits: int, meta: dict | None = None,
                 article: LinearHead | None = None):
        self.types = types
        self.modes = modes
        self.bits = bits
        self.meta = meta or {}
        self.article = article
        self.ranker = ArticleRanker.from_meta(self.meta.get("ranker"))

    def predict(self, text: str) -> Prediction:
        buckets, weights = feature_vector(text_features(text), self.bits)
        return Prediction(dict(zip(self.types.classes, self.types.probabilities(buckets, weights).tolist())))

    def predict_article(self, text: str, sentences=None) -> Prediction | None:
        """The probability of each type being the article's main event (None: no article head)."""
        if self.article is None:
            return None
        buckets, weights = feature_vector(article_features(text, sentences), self.bits)
        return Prediction(dict(zip(self.article.classes, self.article.probabilities(buckets, weights).tolist())))

    def mode(self, text: str, event_type: str, threshold: float = 0.5) -> str | None:
        """The PLOVER mode of the sentence's event of this type, if the mode head is sure enough."""
        if self.modes is None:
            return None
        buckets, weights = feature_vector(text_features(text), self.bits)
        probabilities = self.modes.probabilities(buckets, weights)
        prefix = f"{event_type}:"
        mine = {c: p for c, p in zip(self.modes.classes, probabilities.tolist()) if c.startswith(prefix)}
        total = sum(mine.values())
        if not total:
            return None
        label, p = max(mine.items(), key=lambda item: item[1])
        mode = label[len(prefix):]
        return mode if mode and p / total >= threshold else None


def _head(arrays, prefix: str) -> LinearHead | None:
    if f"{prefix}coef" not in arrays:
        return None
    return LinearHead(arrays[f"{prefix}buckets"], arrays[f"{prefix}coef"], arrays[f"{prefix}intercept"],
                      tuple(str(c) for c in arrays[f"{prefix}classes"]), arrays.get(f"{prefix}idf"))


def load_classifier(directory: str | Path | None = None) -> SentenceClassifier:
    path = Path(directory or WEIGHTS_DIR) / WEIGHTS_FILE
    if not path.is_file():
        raise WeightsMissing(f"classifier weights not found: {path} (run scripts/train_classifier.py, "
                             "or code with --no-classifier)")
    with np.load(path, allow_pickle=False) as arrays:
        loaded = {key: arrays[key] for key in arrays.files}
    meta_path = path.with_name("meta.json")
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    return SentenceClassifier(_head(loaded, "type_"), _head(loaded, "mode_"), int(loaded["bits"]), meta,
                              _head(loaded, "article_"))


@lru_cache(maxsize=1)
def default_classifier() -> SentenceClassifier:
    return load_classifier()


@dataclass(frozen=True)
class HookSettings:
    """Thresholds, chosen on a validation slice of the training stories (scripts/train_classifier.py)."""

    add_above: float = 0.6  # add an event where the lexicon found none if P(best type | event) >= this
    event_above: float = 0.0  # ... and P(event) >= this
    blend: float = 0.5  # confidence = (1 - blend) * lexicon + blend * classifier
    correct_above: float = 0.8  # correct a weak lexicon type to the classifier's ...
    reject_below: float = 0.05  # ... when the classifier gives the lexicon's type less than this
    correctable: float = 0.6  # lexicon confidence at or below which a type may be corrected
    article_blend: float = 0.0  # confidence = (1 - this) * confidence + this * P(type is the article's)
    article_types: int = 0  # the article's this many most probable types get an event if it has none
    article_min_sentences: int = 2  # shorter texts have no article-level say (one sentence: its own)
    article_evidence: float = 0.0  # an added type needs a sentence the sentence classifier gives it this much


@dataclass
class ArticleView:
    """What the hook knows of the article being coded: its type probabilities, and per sentence index
    the sentence classifier's probabilities (parsed sentences only)."""

    key: tuple
    probabilities: dict[str, float]
    sentences: dict[int, Prediction] | None  # None: too short for an article-level say
    wanted: list[str]  # types that should have an event
    found: set[str] = field(default_factory=set)  # types coded so far
    lexicon: dict[int, dict[str, float]] = field(default_factory=dict)  # sentence -> lexicon's types -> confidence

    def waits(self, event_type: str, index: int) -> bool:
        """Is a later sentence likelier to report this type? (It will get the event then.)"""
        here = self.sentences[index].of(event_type) if index in self.sentences else 0.0
        return any(j > index and p.of(event_type) > here for j, p in self.sentences.items())


@dataclass(frozen=True)
class HookParts:
    """What the hook is given of the coder, explicitly: its options, lexicon and resolver, the one
    event builder (builder.py), and the coder's actor rules (a predicate's events in a sentence)."""

    options: object  # CodingOptions
    lexicon: Lexicon
    resolver: object  # actors.Resolver
    builder: EventBuilder
    events: Callable[[Predicate, SentenceContext], list[Event]]


class ClassifierHook:
    """Confirms, corrects and adds events of one sentence, with the parts the coder hands it."""

    def __init__(self, parts: HookParts, classifier: SentenceClassifier | None = None,
                 settings: HookSettings | None = None):
        self.parts = parts
        self.classifier = classifier or default_classifier()
        if settings is None:
            settings = HookSettings(**self.classifier.meta.get("hook", {}))
            if not parts.options.story_prior:  # event confidence, not story rank; no guessed additions (README)
                settings = replace(settings, article_blend=0.0, article_types=0)
        self.settings = settings
        self.mode_codes: dict[tuple[str, str], str] = {}  # (type, mode) -> its most general CAMEO code
        self._view: ArticleView | None = None
        for code in sorted(parts.lexicon.cameo, key=len, reverse=True):
            info = parts.lexicon.cameo[code]
            if info.plover_mode:
                self.mode_codes[(info.plover_type, info.plover_mode)] = code

    def worth_parsing(self, text: str) -> bool:
        """A sentence the lexicon prefilter drops is parsed anyway if the classifier would add an event."""
        return self.adds(self.classifier.predict(text))

    def revise(self, ctx: SentenceContext, events: list[Event]) -> list[Event]:
        revised = self.revise_sentence(ctx, events)
        view = self.article_view(ctx.story)
        if view is None:
            return revised
        found = view.lexicon.setdefault(ctx.index, {}) if events else {}  # what the lexicon found, for the ranker
        for event in events:
            found[event.event_type] = max(event.confidence, found.get(event.event_type, 0.0))
        revised += self.article_events(view, revised, ctx)
        view.found.update(event.event_type for event in revised)
        return revised

    def finish(self, article, events: list[Event]) -> list[Event]:
        """The article's events, each confidence blended with the probability that its type is the
        article's main event (the ranker's, else the article head's)."""
        weight = self.settings.article_blend
        view = self._view
        if not weight or view is None or view.sentences is None or view.key != _article_key(article):
            return events
        ranker = self.classifier.ranker
        main = ranker.probabilities(view.probabilities, view.lexicon) if ranker else view.probabilities
        return [replace(event, confidence=blend(event.confidence, main.get(event.event_type, 0.0), weight))
                for event in events]

    def revise_sentence(self, ctx: SentenceContext, events: list[Event]) -> list[Event]:
        """The sentence classifier's say: confirm, correct or add."""
        prediction = self.classifier.predict(ctx.sent.text)
        if events:
            return [self.confirmed(event, prediction, ctx.sent.text) for event in events]
        if not self.adds(prediction):
            return []
        candidate = self.candidate(prediction, ctx)
        return [candidate] if candidate else []

    def article_view(self, story: ArticleContext) -> ArticleView | None:
        """The article's view, computed at its first sentence (None: no article-level say)."""
        settings = self.settings
        if self.classifier.article is None or not (settings.article_blend or settings.article_types):
            return None
        key = _article_key(story.article)
        if self._view is None or self._view.key != key:
            self._view = self._new_view(story, key)
        return self._view if self._view.sentences is not None else None

    def _new_view(self, story: ArticleContext, key: tuple) -> ArticleView:
        sentences = story.sentences  # as the coder split them
        if len(sentences) < self.settings.article_min_sentences:
            return ArticleView(key, {}, None, [])
        parsed = {s.index: self.classifier.predict(s.text) for s in sentences  # where additions would go
                  if self.settings.article_types and s.index in story.parsed}
        probabilities = self.classifier.predict_article(story.article.text, sentences).probabilities
        wanted = sorted(probabilities, key=probabilities.get, reverse=True)[: self.settings.article_types]
        return ArticleView(key, probabilities, parsed, wanted)

    def article_events(self, view: ArticleView, events: list[Event], ctx: SentenceContext) -> list[Event]:
        """Events of the article's likeliest types that it has none of yet, in the sentence likeliest
        to report them."""
        added = []
        for event_type in view.wanted:
            if event_type in view.found or any(e.event_type == event_type for e in events + added):
                continue
            if view.waits(event_type, ctx.index):
                continue
            prediction = view.sentences.get(ctx.index) or self.classifier.predict(ctx.sent.text)
            if prediction.of(event_type) < self.settings.article_evidence:  # the topic, not this sentence
                continue
            event = (self.candidate(prediction, ctx, event_type)
                     or self.named_actors_event(prediction, ctx, event_type))
            if event:
                added.append(event)
        return added

    def adds(self, prediction: Prediction) -> bool:
        return prediction.best[1] >= self.settings.add_above and prediction.eventness >= self.settings.event_above

    def confirmed(self, event: Event, prediction: Prediction, text: str) -> Event:
        """The lexicon's event with the classifier's say: confidence blended, a weak type corrected."""
        settings = self.settings
        best_type, best_p = prediction.best
        if (best_type != event.event_type and best_p >= settings.correct_above
                and prediction.given_event(event.event_type) < settings.reject_below
                and event.confidence <= settings.correctable):
            return self._retyped(event, best_type, best_p, text)
        return replace(event, confidence=blend(event.confidence, prediction.of(event.event_type), settings.blend))

    def _retyped(self, event: Event, event_type: str, p: float, text: str) -> Event:
        mode = self.classifier.mode(text, event_type)
        cameo = self._cameo(event_type, mode)
        info = self.parts.lexicon.code_info(cameo)
        return replace(event, event_type=event_type, mode=mode, cameo=cameo,
                       goldstein=info.goldstein if info else 0.0, quad_class=info.quad_class if info else 0,
                       confidence=blend(event.confidence, p, self.settings.blend))

    def candidate(self, prediction: Prediction, ctx: SentenceContext, event_type: str | None = None) -> Event | None:
        """The event of this type (default: the classifier's best) the classifier would add to this
        sentence, with the main clause's actors (None: no source actor). Its confidence is the
        probability of an event of that type."""
        event_type = event_type or prediction.best[0]
        p = prediction.of(event_type)
        predicate = self._clause_predicate(ctx.sent, event_type)
        if predicate is None:
            return None
        options = self.parts.options
        if (predicate.negated and not options.include_negated) or (
                predicate.hypothetical and not options.include_hypothetical):
            return None
        events = self.parts.events(replace(predicate, specificity=p), ctx)
        return events[0] if events else None

    def named_actors_event(self, prediction: Prediction, ctx: SentenceContext, event_type: str) -> Event | None:
        """An event of this type between the first two actors the sentence names (with a country), or
        from the article's most mentioned actor so far; None if the article has named none."""
        sent, memory = ctx.sent, ctx.memory
        named = []
        for token in sent:
            if token.pos_ in ("PROPN", "NOUN") and token.dep_ not in ("compound", "amod", "poss"):
                actor = self.parts.resolver.resolve(token, memory)
                if actor and actor.country and actor.id not in {a.id for a in named}:
                    named.append(actor)
        if not named:
            counts = Counter(actor.id for _, actor, _ in memory.recent if actor.country)
            if not counts:
                return None
            most = counts.most_common(1)[0][0]
            named = [next(actor for _, actor, _ in memory.recent if actor.id == most)]
        verb = main_verb(sent) or sent.root
        if is_negated(verb) and not self.parts.options.include_negated:
            return None
        mode = self.classifier.mode(sent.text, event_type)
        entry = Entry("classifier", verb.lemma_.lower(), frozenset(), event_type, mode, self._cameo(event_type, mode))
        predicate = Predicate(entry, [verb], specificity=prediction.of(event_type))
        target = named[1] if len(named) > 1 else None
        return self.parts.builder.build(predicate, named[0], target, ctx, None)

    def _clause_predicate(self, sent, event_type: str) -> Predicate | None:
        verb = main_verb(sent)
        if verb is None:
            return None
        objects = object_heads(verb)
        subjects, targets = _verb_arguments(verb, objects)
        if not subjects:
            return None
        # "slapped sanctions on Moscow": the object is no actor, so prepositional objects (of the verb or of
        # its object) may be targets too; the event takes the first that resolves to an actor
        extra = [t for t in objects if t.dep_ == "pobj" and t.head.lower_ in TARGET_PREPS]
        extra += [t for obj in targets for t in noun_targets(obj)]
        targets += [t for t in extra if t not in targets]
        mode = self.classifier.mode(sent.text, event_type)
        entry = Entry("classifier", verb.lemma_.lower(), frozenset(), event_type, mode, self._cameo(event_type, mode))
        return Predicate(entry, [verb], subjects=subjects, targets=targets, negated=is_negated(verb),
                         hypothetical=is_conditional(verb), intent=intent(verb))

    def _cameo(self, event_type: str, mode: str | None) -> str:
        return self.mode_codes.get((event_type, mode or ""), GENERIC_CAMEO[event_type])


def main_verb(sent):
    """The verb whose clause a sentence-level event belongs to: the root, or under "X said (that) ...",
    the reported clause's verb; None under "X did not say ..."."""
    root = sent.root
    if root.lemma_.lower() in SPEECH_VERBS:
        if is_negated(root):  # "Khartoum did not say which group the suspects belonged to": nothing reported
            return None
        reported = [c for c in root.children if c.dep_ in ("ccomp", "parataxis") and c.pos_ in ("VERB", "AUX")]
        if reported:
            return reported[0]
    return root if root.pos_ in ("VERB", "AUX", "NOUN", "PROPN") else None


def _article_key(article) -> tuple:
    return article.id, len(article.text), hash(article.text)

