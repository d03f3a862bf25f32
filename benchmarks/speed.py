"""Throughput and memory of `eventwire code` against a plain spaCy parse of the same texts.

    .venv/bin/python benchmarks/speed.py [--repeat 3] [--limit N] [--before CHECKOUT]

Runs on the real news in ../shared/data/ngec/guardian_sample.csv (249 Guardian articles). Every timing
is a whole process (model loading included, as a user pays it), repeated, best of N:
- `eventwire code --workers 1` and `--workers 2` into a fresh database;
- the baseline: the same texts through `nlp.pipe` of the same model with all its components;
- the prefilter off (`--parse-all`), to show what skipping the parser buys;
- peak RSS of a run on the input and on four copies of it (memory must not grow with the input);
- with `--before CHECKOUT` (an older tree of this repo, e.g. a `git worktree`), that tree's
  `--workers 1` coding too, timed in turns with this one in the same run: a before/after A/B.
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

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
GUARDIAN = SHARED / "ngec" / "guardian_sample.csv"
BASELINE = """
import sys, json
from eventwire.nlp import load_model
nlp = load_model()
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=32))
print(sentences)
"""


def write_input(folder: Path, limit: int | None, copies: int = 1) -> Path:
    csv.field_size_limit(sys.maxsize)
    with GUARDIAN.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:limit]
    path = folder / f"guardian_x{copies}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for number, row in enumerate(rows):
                record = {"id": f"g{copy}-{number}", "date": row["date"], "text": row["text"]}
                out.write(json.dumps(record) + "\n")
    return path


def run(command: list[str], src: Path | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MiB) and stdout of one whole process (importing eventwire from `src` if given)."""
    env = {**os.environ, "PYTHONPATH": str(src)} if src else None
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stdout = process.stdout.read()
    if status != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{process.stderr.read()}")
    return seconds, usage.ru_maxrss // 1024, stdout


def best(command_for, repeat: int) -> tuple[float, int, str]:
    results = [run(command_for(i)) for i in range(repeat)]
    return min(results, key=lambda r: r[0])


def before_and_after(folder: Path, source: Path, before: Path, repeat: int) -> tuple[float, float]:
    """Best one-worker coding time of the older checkout and of this tree, run in turns (ABAB...)."""
    command = code_command(folder, source, 1)
    older, newer = [], []
    for i in range(repeat):
        older.append(run(command(i), src=before / "src")[0])
        newer.append(run(command(i), src=Path(__file__).resolve().parents[1] / "src")[0])
    return min(older), min(newer)


def code_command(folder: Path, source: Path, workers: int, *extra: str):
    def command(i: int) -> list[str]:
        db = folder / f"bench-{workers}-{source.stem}-{i}-{time.monotonic_ns()}.duckdb"
        return [sys.executable, "-m", "eventwire.cli", "code", str(source), "--db", str(db),
                "--workers", str(workers), "--quiet", *extra]
    return command


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--before", type=Path, metavar="CHECKOUT", help="an older tree to time against this one")
    args = parser.parse_args()
    if not GUARDIAN.exists():
        sys.exit(f"needs {GUARDIAN} (the project's shared data)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = write_input(folder, args.limit)
        articles = sum(1 for _ in source.open(encoding="utf-8"))
        baseline_s, baseline_rss, out = best(lambda i: [sys.executable, "-c", BASELINE, str(source)], args.repeat)
        sentences = int(out.strip())
        one_s, one_rss, _ = best(code_command(folder, source, 1), args.repeat)
        two_s, _, _ = best(code_command(folder, source, 2), args.repeat)
        full_s, _, _ = best(code_command(folder, source, 1, "--parse-all"), args.repeat)
        four_source = write_input(folder, args.limit, copies=4)
        _, four_rss, _ = run(code_command(folder, four_source, 1)(0))
        ab = before_and_after(folder, source, args.before, args.repeat) if args.before else None
    rows = [
        ("articles / sentences (spaCy's count)", f"{articles} / {sentences}"),
        ("plain `nlp.pipe`, all components", f"{baseline_s:.1f} s ({articles / baseline_s:.1f} art/s, {sentences / baseline_s:.0f} sent/s)"),
        ("`eventwire code --workers 1`", f"{one_s:.1f} s ({articles / one_s:.1f} art/s, {sentences / one_s:.0f} sent/s)"),
        ("ratio coding / plain parse (speed, >= 1.0 is faster)", f"{baseline_s / one_s:.2f}"),
        ("`--workers 2` vs `--workers 1`", f"{two_s:.1f} s, {one_s / two_s:.2f}x"),
        ("prefilter off (every sentence parsed), workers 1", f"{full_s:.1f} s"),
        ("peak RSS: plain parse / code x1 input / code x4 input", f"{baseline_rss} / {one_rss} / {four_rss} MiB"),
    ]
    if ab:
        rows.append((f"A/B `--workers 1`: {args.before} / this tree", f"{ab[0]:.1f} s / {ab[1]:.1f} s ({ab[0] / ab[1]:.2f}x)"))
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
