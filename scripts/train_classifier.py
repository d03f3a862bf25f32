"""Reproduce the sentence classifier's weights (src/eventwire/data/classifier/) from the shared data.

    .venv/bin/python scripts/train_classifier.py [--cache DIR] [--out DIR] [--c 30]

Needs scikit-learn (`pip install eventwire[train]`) and ../shared/data/ngec/synthetic_events.csv.
The lexicon's events for every story are computed once and cached under --cache (default
/tmp/eventwire-classifier), never in the repository.

The story labels are weak labels for sentences: a story reports several events and is labelled
with its main one. Sentences (split as the coder splits them) are labelled deliberately:
- the story's label goes to its lede (first sentence), to its headline (the `prompt`'s first line,
  the title with the countries filled in) and to every sentence in which the lexicon codes an event
  of that label (the lexicon and the story agree: high precision);
- NONE (no event) goes to a third, drawn at random, of the sentences after the second in which the
  lexicon finds nothing;
- every other sentence is left out: it may carry a secondary event of any type.
The mode head learns `TYPE:mode` from ledes and headlines. The article head learns the story's label
from the whole story text (its words, the lede's twice: `article_features`) and from the headline.
The ranker (coding/ranker.py) learns which type is a story's main one from the article head's
probabilities, taken from heads fitted on the other four fifths (5-fold) so that they are as unsure as
on unseen stories, and the lexicon's findings.

Held-out numbers use the fixed split train_test_split(test_size=0.2, random_state=0,
stratify=label); the held-out stories are never trained on, nor used to choose anything. The hook's
thresholds are chosen on a validation fifth of the training stories, with a model fitted on the other
four fifths (first the sentence-level ones, then the article-level ones on top); then the weights are
refitted on all training stories.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import pickle
import sys
import time
from dataclasses import asdict, dataclass, replace
from datetime import date
from itertools import product
from pathlib import Path

import numpy as np

from eventwire.coding.classifier import (
    NO_EVENT,
    WEIGHTS_DIR,
    ClassifierHook,
    HookSettings,
    LinearHead,
    SentenceClassifier,
    article_features,
    feature_vector,
    text_features,
)
from eventwire.coding.coder import Coder, CodingOptions
from eventwire.coding.ranker import ArticleRanker, fit_ranker
from eventwire.evaluate import load_gold, score_petrarch, score_plover
from eventwire.models import Article
from eventwire.nlp import split_sentences

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
STORIES = SHARED / "ngec" / "synthetic_events.csv"
GUARDIAN = SHARED / "ngec" / "guardian_sample.csv"
GUARDIAN_OFFSET = 100_000  # story indices of the Guardian articles
LEXICON_CONFIDENT = 0.75  # a lexicon event this confident labels its sentence (a verb match or better) ...
LEXICON_WEIGHT = 0.0  # ... as an example of this weight (story labels weigh 1); 0: not at all, and no
# Guardian articles. Measured on the validation stories: weight 0.3 (with the Guardian sample) gave story
# accuracy 0.383 and recall 0.588, weight 1 gave 0.364 and 0.582, weight 0 gave 0.421 and 0.603 (README).
LEXICON = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "lexicon.csv"
DEFAULT_CACHE = Path("/tmp/eventwire-classifier")
BITS = 20
NONE_SHARE = 3  # one in NONE_SHARE candidate no-event sentences is used
# Corrections only when the classifier is very sure: with correct_above 0.3 (best on the validation
# stories) it retyped right lexicon events of real news ("the envoy apologized" SUPPORT -> AGREE).
HOOK_GRID = {"add_above": (0.0, 0.3, 0.5, 0.7), "event_above": (0.0, 0.3), "blend": (0.2, 0.5, 1.0),
             "correct_above": (0.9, 0.95, 1.01), "reject_below": (0.02, 0.05),
             "correctable": (0.6, 0.75, 0.9)}
# The article head's inverse regularisation. Validation top-1, stories alone: 0.506 at C 10 without idf,
# 0.529 / 0.537 / 0.533 at C 10 / 30 / 100 with idf; with the headlines as more examples 0.581 / 0.575 /
# 0.575 (with the ledes instead 0.554 / 0.553 / 0.558)
ARTICLE_C = 10.0
# Article-level settings, tried on top of the best sentence-level ones by coding the validation stories
ARTICLE_GRID = {"article_blend": (0.3, 0.5, 0.8, 1.0), "article_types": (1, 2, 3)}
GSR = SHARED / "plover" / "gsr_dev.json"
PETRARCH = SHARED / "petrarch2"
GSR_GUARDS = ("type", "source", "triple", "top1")  # may not fall below the lexicon's
SPURIOUS_SLACK = 0.02  # events of another type per GSR sentence may rise by at most this


@dataclass
class Story:
    index: int
    text: str
    headline: str
    label: str
    mode: str

    def article(self) -> Article:
        return Article(id=str(self.index), text=self.text, published=date(2020, 1, 1))

    def sentences(self) -> list[str]:
        return [s.text for s in split_sentences(self.text)]


def load_stories(path: Path = STORIES) -> list[Story]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8") as handle:
        return [Story(i, row["text"], (row.get("prompt") or row["title"]).split("\n")[0].strip(),
                      row["label"], (row.get("mode") or "").strip().lower())
                for i, row in enumerate(csv.DictReader(handle))]


def fixed_split(stories: list[Story]) -> tuple[list[int], list[int]]:
    """The issue's split: train_test_split(test_size=0.2, random_state=0, stratify=label)."""
    from sklearn.model_selection import train_test_split

    indices = [s.index for s in stories]
    train, test = train_test_split(indices, test_size=0.2, random_state=0, stratify=[s.label for s in stories])
    return list(train), list(test)


def load_guardian(path: Path = GUARDIAN) -> list[Story]:
    """Real news articles with no label: only the lexicon's confident events label their sentences."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8") as handle:
        return [Story(GUARDIAN_OFFSET + i, row["text"], "", "", "") for i, row in enumerate(csv.DictReader(handle))]


def lexicon_events(stories: list[Story], cache: Path) -> dict[int, dict[int, dict[str, float]]]:
    """Per story and sentence index, the lexicon's event types and their best confidence (cached: the
    lexicon alone parses every story once)."""
    key = hashlib.sha1(b"".join(s.text.encode() for s in stories) + LEXICON.read_bytes()).hexdigest()[:12]
    path = cache / f"lexicon-{key}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    coder = Coder(options=CodingOptions(classifier=False, geolocate=False))
    started = time.perf_counter()
    found: dict[int, dict[int, dict[str, float]]] = {}
    for article, events in coder.code_articles((s.article() for s in stories), batch_size=32):
        sentences = found.setdefault(int(article.id), {})
        for event in events:
            types = sentences.setdefault(event.sentence, {})
            types[event.event_type] = max(event.confidence, types.get(event.event_type, 0.0))
    print(f"lexicon coded {len(stories)} texts in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(found))
    return found


def type_examples(stories: list[Story], lexicon: dict, lexicon_weight: float = LEXICON_WEIGHT,
                  none_share: int = NONE_SHARE, seed: int = 0) -> tuple[list[str], list[str], list[float]]:
    """(sentences, labels, weights) for the type head, from the given (training) stories only."""
    rng = np.random.default_rng(seed)
    texts, labels, weights = [], [], []
    for story in stories:
        coded = lexicon.get(story.index, {})
        for index, text in enumerate(story.sentences()):
            label, weight = _sentence_label(story, index, coded.get(index, {}), lexicon_weight)
            if label is None and none_share and index >= 2 and index not in coded and rng.integers(none_share) == 0:
                label, weight = NO_EVENT, 1.0
            if label:
                texts.append(text)
                labels.append(label)
                weights.append(weight)
        if story.headline:
            texts.append(story.headline)
            labels.append(story.label)
            weights.append(1.0)
    return texts, labels, weights


def _sentence_label(story: Story, index: int, lexicon_types: dict[str, float],
                    lexicon_weight: float) -> tuple[str | None, float]:
    """The story's label where the lexicon agrees or for the lede; else the lexicon's one confident type,
    with a lower weight."""
    if story.label and (index == 0 or story.label in lexicon_types):
        return story.label, 1.0
    confident = [t for t, confidence in lexicon_types.items() if confidence >= LEXICON_CONFIDENT]
    if lexicon_weight and len(confident) == 1 and len(lexicon_types) == 1:
        return confident[0], lexicon_weight
    return None, 0.0


def mode_examples(stories: list[Story]) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for story in (s for s in stories if s.label):
        for text in (story.sentences()[0], story.headline):
            texts.append(text)
            labels.append(f"{story.label}:{story.mode}")
    return texts, labels


def article_examples(stories: list[Story]) -> tuple[list[str], list[str]]:
    """Each labelled story, and its headline as a short story of its own, with the story's label."""
    labelled = [s for s in stories if s.label]
    texts = [s.text for s in labelled] + [s.headline for s in labelled if s.headline]
    return texts, [s.label for s in labelled] + [s.label for s in labelled if s.headline]


def fit_head(texts: list[str], labels: list[str], example_weights: list[float] | None, c: float,
             features=text_features, idf: bool = False) -> LinearHead:
    """Multinomial logistic regression over the hashed buckets the examples use (with idf: the features
    weighed by their inverse document frequency, then scaled to unit length again)."""
    import scipy.sparse as sparse
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import normalize

    indptr, indices, values = [0], [], []
    for text in texts:
        buckets, weights = feature_vector(features(text), BITS)
        indices.extend(buckets.tolist())
        values.extend(weights.tolist())
        indptr.append(len(indices))
    used, columns = np.unique(np.array(indices, dtype=np.int64), return_inverse=True)
    matrix = sparse.csr_matrix((np.array(values, dtype=np.float32), columns, indptr), shape=(len(texts), len(used)))
    weights = None
    if idf:
        frequency = np.bincount(matrix.indices, minlength=len(used))
        weights = (np.log((1 + len(texts)) / (1 + frequency)) + 1).astype(np.float32)
        matrix = normalize(matrix @ sparse.diags(weights)).tocsr()
    model = LogisticRegression(C=c, max_iter=1000).fit(matrix, labels, sample_weight=example_weights)
    return LinearHead(used.astype(np.int32), model.coef_.T.astype(np.float16), model.intercept_.astype(np.float32),
                      tuple(str(c) for c in model.classes_), weights)


def train_classifier(stories: list[Story], lexicon: dict, c: float,
                     lexicon_weight: float = LEXICON_WEIGHT) -> SentenceClassifier:
    started = time.perf_counter()
    types = fit_head(*type_examples(stories, lexicon, lexicon_weight), c)
    modes = fit_head(*mode_examples(stories), None, c)
    article = fit_head(*article_examples(stories), None, ARTICLE_C, article_features, idf=True)
    print(f"fitted on {len(stories)} stories in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return SentenceClassifier(types, modes, BITS, article=article)


def train_ranker(stories: list[Story], lexicon: dict, folds: int = 5) -> ArticleRanker:
    """The ranker, from out-of-fold article-head probabilities of these (labelled) stories."""
    labelled = [s for s in stories if s.label]
    order = np.random.default_rng(0).permutation(len(labelled))
    examples = []
    for fold in np.array_split(order, folds):
        held = set(fold.tolist())
        head = fit_head(*article_examples([s for i, s in enumerate(labelled) if i not in held]), None, ARTICLE_C,
                        article_features, idf=True)
        classifier = SentenceClassifier(head, None, BITS, article=head)
        examples += [(classifier.predict_article(labelled[i].text).probabilities, lexicon.get(labelled[i].index, {}),
                      labelled[i].label) for i in fold]
    return fit_ranker(tuple(sorted({s.label for s in labelled})), examples)


def story_scores(events_by_story: dict, stories: list[Story]) -> dict:
    """Story accuracy (the most confident event has the label) and recall (some event has it)."""
    accurate = recalled = 0
    for story in stories:
        events = events_by_story.get(str(story.index), [])
        recalled += any(e.event_type == story.label for e in events)
        accurate += bool(events) and max(events, key=lambda e: e.confidence).event_type == story.label
    n = len(stories) or 1
    return {"accuracy": round(accurate / n, 3), "recall": round(recalled / n, 3)}


class RecordingHook(ClassifierHook):
    """Keeps, per sentence, the lexicon's events, the prediction and the event the classifier would add,
    so every threshold setting can be scored without coding the texts again."""

    def __init__(self, coder, classifier):
        super().__init__(coder.parts, classifier, HookSettings(add_above=0.0))
        self.sentences: list[tuple[str, str, list, object, object]] = []

    def revise(self, ctx, events):
        prediction = self.classifier.predict(ctx.sent.text)
        candidate = None if events else self.candidate(prediction, ctx)
        self.sentences.append((ctx.article.id, ctx.sent.text, events, prediction, candidate))
        return events


def recorded(classifier: SentenceClassifier, articles: list[Article], options: CodingOptions) -> RecordingHook:
    """Code the articles once (every sentence parsed) and keep what each hook setting needs."""
    coder = Coder(options=replace(options, classifier=False, geolocate=False, parse_all=True))
    recorder = RecordingHook(coder, classifier)
    coder.classifier = recorder
    for _ in coder.code_articles(articles, batch_size=32):
        pass
    return recorder


def simulated(recorder: RecordingHook, settings: HookSettings | None) -> dict[str, list]:
    """The events the coder would give with these hook settings (None: the lexicon alone)."""
    hook = ClassifierHook(recorder.parts, recorder.classifier, settings) if settings else None
    events: dict[str, list] = {}
    for article_id, text, lexicon_events, prediction, candidate in recorder.sentences:
        if hook is None:
            revised = lexicon_events
        elif lexicon_events:
            revised = [hook.confirmed(e, prediction, text) for e in lexicon_events]
        else:
            revised = [candidate] if candidate and hook.adds(prediction) else []
        events.setdefault(article_id, []).extend(revised)
    return events


def guarded(gsr_scores: dict, petrarch_scores: dict, gsr_base: dict, petrarch_base: dict) -> bool:
    """Does a setting keep the GSR and PETRARCH figures of the lexicon alone?"""
    return (all(gsr_scores[key] >= gsr_base[key] for key in GSR_GUARDS)
            and gsr_scores["spurious_per_sentence"] <= gsr_base["spurious_per_sentence"] + SPURIOUS_SLACK
            and petrarch_scores["root_source_target"] >= petrarch_base["root_source_target"]
            and petrarch_scores["root"] >= petrarch_base["root"])


def tune_hook(classifier: SentenceClassifier, stories: list[Story]) -> tuple[HookSettings, dict]:
    """The hook settings with the best story accuracy + recall on these (validation) stories, among those
    that keep the lexicon's GSR and PETRARCH figures (guard)."""
    _, gsr_records = load_gold(GSR)
    _, petrarch_records = load_gold(PETRARCH / "PETR.UnitTest.records.xml")
    petrarch_options = CodingOptions(actors_files=(str(PETRARCH / "PETR.Validate.actors.txt"),),
                                     agents_files=(str(PETRARCH / "PETR.Validate.agents.txt"),))
    stories_run = recorded(classifier, [s.article() for s in stories], CodingOptions())
    gsr_run = recorded(classifier, [r.article() for r in gsr_records], CodingOptions())
    petrarch_run = recorded(classifier, [r.article() for r in petrarch_records], petrarch_options)
    gsr_base = score_plover(gsr_records, simulated(gsr_run, None))
    petrarch_base = score_petrarch(petrarch_records, simulated(petrarch_run, None))
    best, best_scores = HookSettings(add_above=1.01, correct_above=1.01), story_scores(simulated(stories_run, None), stories)
    print(f"lexicon alone: validation {best_scores}", file=sys.stderr)
    for values in product(*HOOK_GRID.values()):
        settings = HookSettings(**dict(zip(HOOK_GRID, values)))
        scores = story_scores(simulated(stories_run, settings), stories)
        if scores["accuracy"] + scores["recall"] <= best_scores["accuracy"] + best_scores["recall"]:
            continue
        gsr = score_plover(gsr_records, simulated(gsr_run, settings))
        petrarch = score_petrarch(petrarch_records, simulated(petrarch_run, settings))
        if guarded(gsr, petrarch, gsr_base, petrarch_base):
            best, best_scores = settings, {**scores, "gsr": _guard_figures(gsr), "petrarch": _guard_figures(petrarch)}
    best_scores["gsr_lexicon"], best_scores["petrarch_lexicon"] = _guard_figures(gsr_base), _guard_figures(petrarch_base)
    return best, best_scores


class ParseCache:
    """The parser with its parses kept, so that coding the same texts again with other settings is fast."""

    def __init__(self, nlp):
        self.nlp, self.docs = nlp, {}

    def pipe(self, texts, batch_size: int = 256):
        texts = list(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self.docs]
        self.docs.update(zip(missing, self.nlp.pipe(missing, batch_size=batch_size)))
        return (self.docs[t] for t in texts)


def coded_with(classifier: SentenceClassifier, settings: HookSettings, articles: list[Article],
               options: CodingOptions, parser: ParseCache) -> dict[str, list]:
    """The real coder's events with these hook settings."""
    coder = Coder(nlp=parser, options=replace(options, classifier=False, geolocate=False))
    coder.classifier = ClassifierHook(coder.parts, classifier, settings)
    return {article.id: events for article, events in coder.code_articles(articles, batch_size=32)}


def tune_article(classifier: SentenceClassifier, settings: HookSettings, stories: list[Story],
                 scores: dict) -> tuple[HookSettings, dict]:
    """The article-level settings with the best story accuracy + recall on these (validation) stories,
    on top of the sentence-level settings; kept only if the GSR and PETRARCH figures do not drop."""
    from eventwire.nlp import load_model

    parser = ParseCache(load_model())
    articles = [s.article() for s in stories]
    best, best_scores = settings, story_scores(coded_with(classifier, settings, articles, CodingOptions(), parser),
                                               stories)
    print(f"sentence-level hook: validation {best_scores}", file=sys.stderr)
    for values in product(*ARTICLE_GRID.values()):
        trial = replace(settings, **dict(zip(ARTICLE_GRID, values)))
        trial_scores = story_scores(coded_with(classifier, trial, articles, CodingOptions(), parser), stories)
        print(f"{dict(zip(ARTICLE_GRID, values))}: validation {trial_scores}", file=sys.stderr)
        if trial_scores["accuracy"] + trial_scores["recall"] > best_scores["accuracy"] + best_scores["recall"]:
            best, best_scores = trial, trial_scores
    if best is settings:
        return settings, scores
    guards = reference_figures(classifier, best, parser)
    if guards != reference_figures(classifier, settings, parser):
        print(f"article-level settings change the GSR or PETRARCH figures ({guards}): not used", file=sys.stderr)
        return settings, scores
    return best, {**scores, "article_level": best_scores}


def reference_figures(classifier: SentenceClassifier, settings: HookSettings, parser: ParseCache) -> dict:
    _, gsr_records = load_gold(GSR)
    _, petrarch_records = load_gold(PETRARCH / "PETR.UnitTest.records.xml")
    petrarch_options = CodingOptions(actors_files=(str(PETRARCH / "PETR.Validate.actors.txt"),),
                                     agents_files=(str(PETRARCH / "PETR.Validate.agents.txt"),))
    gsr = score_plover(gsr_records, coded_with(classifier, settings, [r.article() for r in gsr_records],
                                               CodingOptions(), parser))
    petrarch = score_petrarch(petrarch_records, coded_with(classifier, settings, [r.article() for r in petrarch_records],
                                                           petrarch_options, parser))
    return {"gsr": _guard_figures(gsr), "petrarch": _guard_figures(petrarch)}


def _guard_figures(scores: dict) -> dict:
    keys = (*GSR_GUARDS, "spurious_per_sentence") if scores["format"] == "plover" else ("root", "root_source_target")
    return {key: round(scores[key], 3) for key in keys}


def save(classifier: SentenceClassifier, out: Path, meta: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    arrays = {"bits": np.array(classifier.bits)}
    for prefix, head in (("type_", classifier.types), ("mode_", classifier.modes), ("article_", classifier.article)):
        arrays.update({f"{prefix}buckets": head.buckets, f"{prefix}coef": head.coef,
                       f"{prefix}intercept": head.intercept, f"{prefix}classes": np.array(head.classes)})
        if head.idf is not None:
            arrays[f"{prefix}idf"] = head.idf
    np.savez_compressed(out / "weights.npz", **arrays)
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="lexicon cache (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=WEIGHTS_DIR, help="weights folder (default: the package's)")
    parser.add_argument("--c", type=float, default=30.0, help="inverse regularisation strength")
    parser.add_argument("--lexicon-weight", type=float, default=LEXICON_WEIGHT,
                        help="weight of sentences labelled by the lexicon alone (default: %(default)s)")
    parser.add_argument("--ranker-only", action="store_true",
                        help="refit only the ranker (after a lexicon change), keeping the heads in --out")
    args = parser.parse_args()
    if not STORIES.is_file():
        sys.exit(f"needs the shared synthetic stories at {STORIES}")
    stories, guardian = load_stories(), load_guardian() if args.lexicon_weight else []
    train_ids, _ = fixed_split(stories)
    lexicon = {**lexicon_events(stories, args.cache), **lexicon_events(guardian, args.cache)}
    training = [stories[i] for i in train_ids]
    if args.ranker_only:
        refit_ranker(args.out, train_ranker(training, lexicon))
        return
    fit, validation = training[: len(training) * 4 // 5], training[len(training) * 4 // 5:]
    draft = train_classifier(fit + guardian, lexicon, args.c, args.lexicon_weight)
    draft.ranker = train_ranker(fit, lexicon)
    settings, validation_scores = tune_hook(draft, validation)
    settings, validation_scores = tune_article(draft, settings, validation, validation_scores)
    print(f"hook {settings}: validation {validation_scores}", file=sys.stderr)
    classifier = train_classifier(training + guardian, lexicon, args.c, args.lexicon_weight)
    ranker = train_ranker(training, lexicon)
    meta = {"features": "hashed lowercased words of the raw sentence", "bits": BITS, "C": args.c,
            "article_features": "hashed lowercased words of the article, the lede's again; idf", "article_C": ARTICLE_C,
            "lexicon_weight": args.lexicon_weight,
            "train_stories": len(training), "hook": asdict(settings), "validation": validation_scores,
            "type_classes": list(classifier.types.classes), "ranker": ranker.to_meta()}
    save(classifier, args.out, meta)
    print(json.dumps(meta, indent=2))


def refit_ranker(out: Path, ranker: ArticleRanker) -> None:
    path = out / "meta.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta["ranker"] = ranker.to_meta()
    path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta["ranker"], indent=2))


if __name__ == "__main__":
    main()
