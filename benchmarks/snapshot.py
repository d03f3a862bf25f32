"""Behaviour snapshot: every output a restructuring must leave unchanged, and a comparison of two.

    python benchmarks/snapshot.py take OUTDIR [--repo PATH]   # outputs of the code under PATH/src
    python benchmarks/snapshot.py compare OLD NEW [--ignore-ids]

`take` runs the CLI (as `python -m eventwire.cli` over PATH/src, so an old checkout can be
snapshotted with this script) on fixed samples of ../shared/data: gold evaluations, coding of
synthetic, Guardian, Wikinews and Reuters articles in several modes, every export format, actor
lookups and the actor and geolocation benchmarks. `compare` prints, per file, "equal" or the
first differing lines. GDELT's DATEADDED column is the export time and is blanked before comparing.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
PLOVER_GOLD = DATA / "plover" / "gsr_dev.json"
PETRARCH = DATA / "petrarch2"
ACTOR_PHRASES = (
    "HRW", "Amnesty", "NATO", "the EU", "ISIL", "President Erdogan", "Erdogan", "Donald Trump’s",
    "Bashar al-Assad", "Zelenskyy", "Chief Executive Carrie Lam", "the Russian military",
    "Kyiv", "Washington", "the junta", "Hamas", "Wagner Group", "Merkel",
)


def _jsonl_sample(path: Path, count: int, out: Path) -> Path:
    with path.open(encoding="utf-8") as lines:
        rows = [line for line, _ in zip(lines, range(count))]
    out.write_text("".join(rows), encoding="utf-8")
    return out


def _csv_sample(path: Path, count: int, out: Path, date: str | None = None) -> Path:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row, _ in zip(csv.DictReader(handle), range(count))]
    with out.open("w", encoding="utf-8") as handle:
        for number, row in enumerate(rows):
            record = {"id": f"{path.stem}-{number}", "text": row["text"], "date": row.get("date") or date}
            handle.write(json.dumps(record) + "\n")
    return out


def make_inputs(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    ngec, news = DATA / "ngec", DATA / "news"
    return {
        "synthetic300": _csv_sample(ngec / "synthetic_events.csv", 300, folder / "synthetic300.jsonl", "2022-01-01"),
        "guardian40": _csv_sample(ngec / "guardian_sample.csv", 40, folder / "guardian40.jsonl"),
        "wikinews80": _jsonl_sample(news / "wikinews_politics.jsonl", 80, folder / "wikinews80.jsonl"),
        "reuters40": _jsonl_sample(news / "reuters21578_politics.jsonl", 40, folder / "reuters40.jsonl"),
    }


def _runs(inputs: dict[str, Path], work: Path) -> list[tuple[str, list[str]]]:
    petr = ["--actors", str(PETRARCH / "PETR.Validate.actors.txt"), "--agents", str(PETRARCH / "PETR.Validate.agents.txt")]
    records = str(PETRARCH / "PETR.UnitTest.records.xml")
    examples = [str(ROOT / "examples"), str(DATA / "examples" / "seed_article.txt")]
    guardian_db = str(work / "guardian.duckdb")

    def code(name: str, *args: str) -> tuple[str, list[str]]:
        return name, ["code", *args, "--db", str(work / f"{name}.duckdb"), "--out", "-", "--quiet"]

    runs = [
        ("eval_gsr", ["evaluate", str(PLOVER_GOLD), "--format", "json"]),
        ("eval_petrarch", ["evaluate", records, "--format", "json", *petr]),
        ("eval_petrarch_verbs", ["evaluate", records, "--format", "json", *petr, "--no-classifier",
                                 "--verbs", str(PETRARCH / "PETR.Validate.verbs.txt")]),
        code("synthetic300", str(inputs["synthetic300"])),
        code("story_prior", str(inputs["synthetic300"]), "--story-prior"),
        code("wikinews80", str(inputs["wikinews80"])),
        code("reuters40", str(inputs["reuters40"]), "--include-negated", "--include-hypothetical"),
        code("phoenix", str(inputs["reuters40"]), "--actors", str(PETRARCH / "Phoenix.Countries.actors.txt")),
        code("examples", *examples),
        code("workers2", str(inputs["guardian40"]), "--workers", "2"),
        ("guardian40", ["code", str(inputs["guardian40"]), "--db", guardian_db, "--out", "-", "--quiet"]),
    ]
    runs += [(f"export_{fmt}", ["export", "--db", guardian_db, "--format", fmt, "--quiet"])
             for fmt in ("jsonl", "csv", "plover", "gdelt")]
    runs.append(("export_dedupe", ["export", "--db", guardian_db, "--dedupe", "--quiet"]))
    runs += [(f"actor_{number:02d}", ["actor", phrase, "--date", "2023-06-01"])
             for number, phrase in enumerate(ACTOR_PHRASES)]
    return runs


def take(out: Path, repo: Path) -> None:
    if not DATA.exists():
        sys.exit("benchmarks/snapshot.py needs ../shared/data (the project's shared reference data)")
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(repo / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, args in _runs(make_inputs(work / "inputs"), work):
            print(f"{name} ...", file=sys.stderr)
            done = subprocess.run([sys.executable, "-m", "eventwire.cli", *args], env=env, cwd=repo,
                                  capture_output=True, text=True)
            (out / f"{name}.out").write_text(done.stdout + f"\n[exit {done.returncode}]\n", encoding="utf-8")
    for script, args in (("actors.py", ["--no-cost"]), ("geo.py", ["--skip-speed"])):
        print(f"{script} ...", file=sys.stderr)
        done = subprocess.run([sys.executable, str(repo / "benchmarks" / script), *args], env=env, cwd=repo,
                              capture_output=True, text=True)
        (out / f"bench_{script}.out").write_text(done.stdout, encoding="utf-8")


def _normal(text: str, name: str, ignore_ids: bool) -> list[str]:
    if name == "export_gdelt.out":
        text = re.sub(r"\t\d{14}(?=\t|\n)", "\t<DATEADDED>", text)
    if ignore_ids:
        text = re.sub(r'"id": "[0-9a-f]{16,}"', '"id": "<id>"', text)
    return text.splitlines()


def compare(old: Path, new: Path, ignore_ids: bool) -> int:
    differing = 0
    for old_file in sorted(old.glob("*.out")):
        new_file = new / old_file.name
        if not new_file.exists():
            print(f"{old_file.name}: missing")
            differing += 1
            continue
        before = _normal(old_file.read_text(encoding="utf-8"), old_file.name, ignore_ids)
        after = _normal(new_file.read_text(encoding="utf-8"), old_file.name, ignore_ids)
        if before == after:
            print(f"{old_file.name}: equal ({len(before)} lines)")
            continue
        differing += 1
        diff = list(difflib.unified_diff(before, after, lineterm="", n=0))
        print(f"{old_file.name}: {len(diff)} diff lines")
        print("\n".join(line[:300] for line in diff[:8]))
    print(f"{differing} of {len(list(old.glob('*.out')))} outputs differ")
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    take_parser = commands.add_parser("take")
    take_parser.add_argument("out", type=Path)
    take_parser.add_argument("--repo", type=Path, default=ROOT)
    compare_parser = commands.add_parser("compare")
    compare_parser.add_argument("old", type=Path)
    compare_parser.add_argument("new", type=Path)
    compare_parser.add_argument("--ignore-ids", action="store_true")
    args = parser.parse_args()
    if args.command == "take":
        take(args.out, args.repo.resolve())
    else:
        sys.exit(compare(args.old, args.new, args.ignore_ids))


if __name__ == "__main__":
    main()
