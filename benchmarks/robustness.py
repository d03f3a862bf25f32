"""Robustness figures: the language check's false skips, and peak memory on articles of several megabytes.

    .venv/bin/python benchmarks/robustness.py [--skip-memory] [--real-mb 1]

- Language: `ingest.language_problem` on the 249 Guardian articles and the 4,500 synthetic English
  stories of ../shared (every skip there is a false skip), and on the 17 non-English news texts in
  tests/data/languages.jsonl (every pass there is a miss); microseconds per article.
- Memory: peak RSS of whole `eventwire code` processes on one short article, on long articles of filler
  with an event sentence every 200 paragraphs (1 and 4 MB), and on one article made of Guardian texts
  joined (`--real-mb` MB; every sentence of real news has candidates for the parser, so this one is slow).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eventwire.ingest import language_problem

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
LANGUAGES = ROOT / "tests" / "data" / "languages.jsonl"
sys.path.insert(0, str(ROOT / "tests"))
from test_robustness import EVENT, long_article  # noqa: E402  (the same long articles the tests use)


def csv_texts(path: Path) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def language_figures() -> None:
    print("language check (ingest.language_problem)")
    print(f"  {'texts':<42} {'n':>5} {'skipped':>8} {'rate':>6} {'us/text':>8}")
    sets = [("Guardian sample (English news)", SHARED / "ngec" / "guardian_sample.csv"),
            ("synthetic PLOVER stories (English)", SHARED / "ngec" / "synthetic_events.csv")]
    for label, path in sets:
        if path.exists():
            report_language(label, csv_texts(path))
        else:
            print(f"  {label:<42} (needs {path})")
    foreign = [json.loads(line)["text"] for line in LANGUAGES.read_text(encoding="utf-8").splitlines()]
    report_language("non-English news (tests/data, 17 languages)", foreign)


def report_language(label: str, texts: list[str]) -> None:
    started = time.perf_counter()
    skipped = sum(language_problem(text) is not None for text in texts)
    micros = (time.perf_counter() - started) / len(texts) * 1e6
    print(f"  {label:<42} {len(texts):>5} {skipped:>8} {skipped / len(texts):>6.1%} {micros:>8.0f}")


def news_article(megabytes: float) -> str:
    texts, size = [], 0
    guardian = csv_texts(SHARED / "ngec" / "guardian_sample.csv")
    while size < megabytes * 2**20:
        texts.append(guardian[len(texts) % len(guardian)])
        size += len(texts[-1]) + 2
    return "\n\n".join(texts)


def peak_run(folder: Path, name: str, text: str) -> tuple[float, float, int]:
    """Seconds, peak RSS (MiB) and events of `eventwire code` on one article."""
    path = folder / f"{name}.txt"
    path.write_text(f"date 2022-10-20\n{text}\n", encoding="utf-8")
    started = time.perf_counter()
    with open(folder / "out.jsonl", "w") as out:
        process = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "code", str(path), "--db",
                                    str(folder / f"{name}.duckdb"), "--out", "-", "--quiet"], stdout=out)
        _, status, usage = os.wait4(process.pid, 0)
    if status:
        sys.exit(f"eventwire code failed on {name}")
    events = sum(1 for _ in open(folder / "out.jsonl"))
    return time.perf_counter() - started, usage.ru_maxrss / 1024, events


def memory_figures(real_mb: float) -> None:
    print("\npeak memory of `eventwire code` on one article")
    print(f"  {'article':<34} {'MB':>6} {'events':>7} {'seconds':>8} {'peak RSS MiB':>13}")
    cases = [("one sentence", EVENT), ("filler, 1 MB", long_article(1)), ("filler, 4 MB", long_article(4))]
    if real_mb and (SHARED / "ngec" / "guardian_sample.csv").exists():
        cases.append((f"Guardian texts joined, {real_mb:g} MB", news_article(real_mb)))
    with tempfile.TemporaryDirectory() as folder:
        for number, (label, text) in enumerate(cases):
            seconds, peak, events = peak_run(Path(folder), f"case{number}", text)
            print(f"  {label:<34} {len(text) / 2**20:>6.2f} {events:>7} {seconds:>8.1f} {peak:>13.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-memory", action="store_true", help="only the language figures")
    parser.add_argument("--real-mb", type=float, default=1.0, help="size of the real-news article (0: none)")
    args = parser.parse_args()
    language_figures()
    if not args.skip_memory:
        memory_figures(args.real_mb)


if __name__ == "__main__":
    main()
