"""The learned sentence classifier against the lexicon; prints Markdown tables for the README.

    .venv/bin/python benchmarks/classifier.py [--limit N] [--features]

On the held-out fifth of the synthetic stories (train_test_split(test_size=0.2, random_state=0,
stratify=label), never trained on), for the lexicon alone, the classifier alone (with the story prior's
additions), both (the default: the sentence classifier beside the lexicon) and both with the story
prior (article ranking and additions):
- story accuracy (the most confident event has the story's label) and story recall (some event has it),
  per type too (accuracy);
- coding time of the held-out stories (parsing included) and its increase over the lexicon alone;
- the PETRARCH unit-test records (CAMEO root with source and target) and the PLOVER GSR figures.
With --features (needs scikit-learn, `pip install eventwire[train]`): the feature options compared on
ledes and headlines (sentence-level dev accuracy and throughput): hashed words, spaCy's tok2vec vectors
(en_core_web_sm has no word vectors: `doc.tensor` is what it has), and both.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from train_classifier import (  # noqa: E402
    GSR,
    PETRARCH,
    STORIES,
    fixed_split,
    load_stories,
    story_scores,
)

from eventwire.coding.classifier import ClassifierHook, default_classifier  # noqa: E402
from eventwire.coding.coder import Coder, CodingOptions  # noqa: E402
from eventwire.evaluate import load_gold, score_petrarch, score_plover  # noqa: E402

MODES = ("lexicon", "classifier", "both", "prior")
TIMED, ROUNDS = 300, 2  # coding time: the first TIMED held-out stories, best of ROUNDS rounds


class ClassifierAlone(ClassifierHook):
    """The classifier without the lexicon: the lexicon's events are dropped, each sentence gets the
    classifier's event (the lexicon still runs, so its time is counted too)."""

    def revise(self, ctx, events):
        return super().revise(ctx, [])


def coder_for(mode: str, options: CodingOptions | None = None, nlp=None) -> Coder:
    options = replace(options or CodingOptions(), classifier=mode != "lexicon", geolocate=False,
                      story_prior=mode in ("classifier", "prior"))
    coder = Coder(nlp=nlp, options=options)
    if mode == "classifier":
        coder.classifier = ClassifierAlone(coder.parts)
    return coder


def coded(coder: Coder, articles) -> tuple[dict, float]:
    started = time.perf_counter()
    events = {article.id: found for article, found in coder.code_articles(articles, batch_size=32)}
    return events, time.perf_counter() - started


def coding_times(articles, nlp) -> dict[str, float]:
    """Seconds to code the articles in each mode: the best of ROUNDS interleaved rounds, after a warm-up."""
    coders = {mode: coder_for(mode, nlp=nlp) for mode in MODES}
    for coder in coders.values():
        coded(coder, articles[:10])
    best = {mode: float("inf") for mode in MODES}
    for _ in range(ROUNDS):
        for mode, coder in coders.items():
            best[mode] = min(best[mode], coded(coder, articles)[1])
    return best


def per_type_accuracy(events: dict, stories) -> dict[str, float]:
    right, total = Counter(), Counter()
    for story in stories:
        found = events.get(str(story.index), [])
        total[story.label] += 1
        right[story.label] += bool(found) and max(found, key=lambda e: e.confidence).event_type == story.label
    return {label: right[label] / total[label] for label in sorted(total)}


def reference_scores(mode: str, nlp) -> tuple[dict, dict]:
    _, gsr_records = load_gold(GSR)
    _, petrarch_records = load_gold(PETRARCH / "PETR.UnitTest.records.xml")
    petrarch_options = CodingOptions(actors_files=(str(PETRARCH / "PETR.Validate.actors.txt"),),
                                     agents_files=(str(PETRARCH / "PETR.Validate.agents.txt"),))
    gsr_events, _ = coded(coder_for(mode, nlp=nlp), [r.article() for r in gsr_records])
    petrarch_events, _ = coded(coder_for(mode, petrarch_options, nlp), [r.article() for r in petrarch_records])
    return score_plover(gsr_records, gsr_events), score_petrarch(petrarch_records, petrarch_events)


def compare_modes(limit: int | None) -> None:
    stories = load_stories()
    _, test_ids = fixed_split(stories)
    held_out = [stories[i] for i in test_ids][:limit]
    articles = [s.article() for s in held_out]
    results, nlp = {}, None
    for mode in MODES:
        coder = coder_for(mode, nlp=nlp)
        nlp = coder.nlp
        events, _ = coded(coder, articles)
        gsr, petrarch = reference_scores(mode, nlp)
        results[mode] = {**story_scores(events, held_out), "gsr": gsr, "petrarch": petrarch,
                         "per_type": per_type_accuracy(events, held_out)}
        print(f"{mode}: {results[mode]['accuracy']} {results[mode]['recall']}", file=sys.stderr)
    for mode, seconds in coding_times(articles[:TIMED], nlp).items():
        results[mode]["seconds"] = seconds
    base = results["lexicon"]["seconds"]
    print(f"| held-out stories ({len(held_out)}) | lexicon alone | classifier alone (with story prior) | both (default) "
          "| both + `--story-prior` |\n|---|---|---|---|---|")
    print(f"(coding time: the first {min(TIMED, len(articles))} stories, parsing included, best of {ROUNDS} rounds)",
          file=sys.stderr)
    rows = [("story accuracy", lambda r: f"{r['accuracy']:.3f}"), ("story recall", lambda r: f"{r['recall']:.3f}"),
            (f"coding time, first {min(TIMED, len(articles))} stories (best of {ROUNDS})",
             lambda r: f"{r['seconds']:.1f} s ({r['seconds'] / base - 1:+.0%})"),
            ("PETRARCH root+source+target", lambda r: f"{r['petrarch']['root_source_target']:.3f}"),
            ("PETRARCH root", lambda r: f"{r['petrarch']['root']:.3f}"),
            ("GSR type / source / triple", lambda r: f"{r['gsr']['type']:.3f} / {r['gsr']['source']:.3f} / "
                                                     f"{r['gsr']['triple']:.3f}"),
            ("GSR top1 / other-type events per sentence",
             lambda r: f"{r['gsr']['top1']:.3f} / {r['gsr']['spurious_per_sentence']:.3f}")]
    for name, cell in rows:
        print(f"| {name} | " + " | ".join(cell(results[mode]) for mode in MODES) + " |")
    print("\n| type (held-out accuracy) | lexicon alone | classifier alone | both (default) | both + story prior |\n"
          "|---|---|---|---|---|")
    for label in results["lexicon"]["per_type"]:
        print(f"| {label} | " + " | ".join(f"{results[m]['per_type'][label]:.2f}" for m in MODES) + " |")


def compare_features() -> None:
    """Sentence-level dev accuracy and throughput of the feature options, on ledes and headlines."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from eventwire.coding.classifier import feature_vector, text_features
    from eventwire.nlp import load_model, split_sentences

    stories = load_stories()
    train_ids, test_ids = fixed_split(stories)
    ledes = [split_sentences(s.text)[0].text for s in stories]
    nlp = load_model()
    started = time.perf_counter()
    docs = list(nlp.pipe(ledes + [s.headline for s in stories], batch_size=128))
    parse_rate = len(docs) / (time.perf_counter() - started)
    vectors = np.array([doc.tensor.mean(0) if len(doc) else np.zeros(96) for doc in docs], dtype=np.float32)
    words = _hashed([d.text for d in docs], feature_vector, text_features)
    train = train_ids + [len(stories) + i for i in train_ids]
    labels = np.array([s.label for s in stories] * 2)
    options = {"hashed words": words, "spaCy tok2vec vectors": _standardised(vectors, train),
               "both": _joined(words, _standardised(vectors, train))}
    print("| features | held-out lede accuracy | featurising rate (sentences/s) |\n|---|---|---|")
    for name, matrix in options.items():
        model = LogisticRegression(C=30 if name != "spaCy tok2vec vectors" else 1, max_iter=1000)
        model.fit(matrix[train], labels[train])
        accuracy = (model.predict(matrix[test_ids]) == labels[test_ids]).mean()
        rate = f"parse: {parse_rate:.0f}" if "spaCy" in name or name == "both" else _words_rate(ledes)
        print(f"| {name} | {accuracy:.3f} | {rate} |")


def _hashed(texts, feature_vector, text_features):
    import numpy as np
    import scipy.sparse as sparse

    rows, columns, values = [], [], []
    for row, text in enumerate(texts):
        buckets, weights = feature_vector(text_features(text), 20)
        rows.extend([row] * len(buckets))
        columns.extend(buckets.tolist())
        values.extend(weights.tolist())
    used, columns = np.unique(np.array(columns), return_inverse=True)  # only the buckets in use: a faster fit
    return sparse.csr_matrix((np.array(values, dtype=np.float32), (rows, columns)), shape=(len(texts), len(used)))


def _standardised(vectors, train):
    mean, spread = vectors[train].mean(0), vectors[train].std(0) + 1e-6
    return (vectors - mean) / spread


def _joined(sparse_matrix, dense):
    import scipy.sparse as sparse

    return sparse.hstack([sparse_matrix, sparse.csr_matrix(dense * 0.1)]).tocsr()


def _words_rate(texts) -> str:
    classifier = default_classifier()
    started = time.perf_counter()
    for text in texts:
        classifier.predict(text)
    return f"{len(texts) / (time.perf_counter() - started):.0f} (features and prediction)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="held-out stories to code (default: all 900)")
    parser.add_argument("--features", action="store_true", help="compare the feature options instead")
    args = parser.parse_args()
    if not STORIES.is_file():
        sys.exit(f"needs the shared reference data at {STORIES.parent.parent}")
    compare_features() if args.features else compare_modes(args.limit)


if __name__ == "__main__":
    main()
