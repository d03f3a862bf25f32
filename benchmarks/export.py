"""Speed and memory of the exports and of cross-article deduplication; prints Markdown for the README.

    .venv/bin/python benchmarks/export.py [--events 200000] [--threads 2] [--formats jsonl,parquet]
    .venv/bin/python benchmarks/export.py --guardian [--limit 249]           # real articles (needs ../shared)

Synthetic: N events over 12 actors, 16 types and a year of days, with a 200-character evidence text, in
a fresh DuckDB file; times the dedupe query and each export format, and the peak memory (max RSS) of an
export process, which stays flat for Parquet because it writes one row group per DuckDB record batch.
Guardian: codes the shared Guardian sample, stores it and lists the events that several articles report,
for checking by eye.
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from eventwire.dedupe import deduplicated_rows
from eventwire.export import export_events
from eventwire.records import FLAT_COLUMNS
from eventwire.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
FORMATS = ("jsonl", "csv", "gdelt", "plover", "parquet")

SYNTHETIC = """
INSERT INTO articles (id, published, source, text, text_hash, n_events)
SELECT 'art-' || i, DATE '2022-01-01' + CAST(i % 365 AS INTEGER), 'outlet-' || (i % 7), '', '', 1
FROM range({articles}) t(i);
INSERT INTO events (id, article_id, sentence, date, published, event_type, mode, cameo, goldstein, quad_class,
                    trigger, trigger_start, trigger_end, negated, hypothetical, confidence,
                    source_text, source_name, source_id, source_country, source_sector,
                    target_text, target_name, target_id, target_country, target_sector,
                    evidence_text, evidence_start, evidence_end)
SELECT printf('%016x', hash(i)), 'art-' || (i % {articles}), CAST(i // {articles} AS INTEGER),
       CAST(DATE '2022-01-01' + CAST((i % {articles}) % 365 + hash(i) % 2 AS INTEGER) AS VARCHAR),
       CAST(DATE '2022-01-01' + CAST((i % {articles}) % 365 AS INTEGER) AS VARCHAR),
       ['AGREE','CONSULT','SUPPORT','CONCEDE','COOPERATE','AID','RETREAT','REQUEST','ACCUSE','REJECT',
        'THREATEN','PROTEST','SANCTION','MOBILIZE','COERCE','ASSAULT'][1 + CAST(hash(i * 7) % 16 AS INTEGER)],
       NULL, '111', -2.0, 3, 'condemned', 10, 19, false, false, 0.75,
       'Actor ' || s, 'Actor ' || s, 'A' || s || 'GOV', 'A' || s, 'GOV',
       'Actor ' || t, 'Actor ' || t, 'A' || t || 'GOV', 'A' || t, 'GOV',
       repeat('x', 200), 0, 200
FROM (SELECT i, hash(i * 3) % 12 AS s, hash(i * 5) % 12 AS t FROM range({events}) r(i));
"""


def synthetic_db(path: Path, events: int) -> None:
    with Store(path) as store:
        store.con.execute(SYNTHETIC.format(events=events, articles=max(events // 3, 1)))


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def export_in_subprocess(db: Path, fmt: str, out: Path, dedupe: bool, threads: int) -> tuple[float, int]:
    """(seconds, max RSS in MiB) of one export in a fresh process."""
    args = [sys.executable, __file__, "--one-export", str(db), fmt, str(out), str(int(dedupe)), str(threads)]
    line = subprocess.run(args, capture_output=True, text=True, check=True).stdout.split()
    return float(line[0]), int(line[1])


def one_export(db: str, fmt: str, out: str, dedupe: str, threads: str) -> None:
    with Store(db) as store:
        store.con.execute(f"SET threads = {int(threads)}")
        if fmt == "none":
            seconds = 0.0
        else:
            seconds, _ = timed(lambda: export_events(store, fmt, out, dedupe=dedupe == "1"))
    print(f"{seconds:.3f} {peak_rss_mib()}")


def peak_rss_mib() -> int:
    """This process's peak resident memory (VmHWM; ru_maxrss would include the parent's at fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def run_synthetic(events: int, threads: int, formats: tuple[str, ...] = FORMATS) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        build, _ = timed(lambda: synthetic_db(db, events))
        with Store(db) as store:
            store.con.execute(f"SET threads = {threads}")
            dedupe_s, merged = timed(lambda: sum(1 for _ in deduplicated_rows(store.con)))
        print(f"{events:,} synthetic events (built in {build:.1f} s), DuckDB threads {threads}\n")
        print(f"- dedupe query, all rows read into Python: {dedupe_s:.2f} s -> {merged:,} events "
              f"({events / dedupe_s:,.0f} events/s)\n")
        print("| format | events/s | s | max RSS MiB | events/s --dedupe | max RSS MiB --dedupe |")
        print("|---|---|---|---|---|---|")
        print(f"| (store opened, nothing written) | | | {export_in_subprocess(db, 'none', db, False, threads)[1]} | | |")
        for fmt in formats:
            out = Path(folder) / f"out.{fmt}"
            plain_s, plain_rss = export_in_subprocess(db, fmt, out, False, threads)
            merged_s, merged_rss = export_in_subprocess(db, fmt, out, True, threads)
            print(f"| {fmt} | {events / plain_s:,.0f} | {plain_s:.2f} | {plain_rss} | {merged / merged_s:,.0f} "
                  f"| {merged_rss} |")
        print(f"\nDuckDB file {db.stat().st_size / 2**20:.0f} MiB")


def guardian_articles(limit: int):
    from eventwire.models import Article

    csv.field_size_limit(1 << 30)
    with open(SHARED / "ngec" / "guardian_sample.csv", encoding="utf-8") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            if n >= limit:
                return
            yield Article(id=f"guardian-{row['']}", text=row["text"], published=date.fromisoformat(row["date"][:10]),
                          source=row["source"])


def run_guardian(limit: int) -> None:
    from eventwire.coding.coder import Coder

    if not (SHARED / "ngec" / "guardian_sample.csv").exists():
        sys.exit("needs ../shared/data/ngec/guardian_sample.csv")
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "g.duckdb") as store:
        coding_s, coded = timed(lambda: list(Coder().code_articles(guardian_articles(limit))))
        store.write_batch(coded)
        dedupe_s, merged = timed(lambda: list(deduplicated_rows(store.con)))
        events = store.count("events")
        shared = [row for row in merged if row["reports"] > 1]
        print(f"{len(coded)} Guardian articles coded in {coding_s:.0f} s: {events} events -> {len(merged)} after "
              f"dedupe ({dedupe_s * 1000:.0f} ms); {len(shared)} events reported by more than one article, "
              f"{sum(r['mentions'] for r in merged) - len(merged)} mentions merged in all\n")
        for row in shared:
            print(f"- {row['date']} {row['event_type']} {row['source_id']} -> {row['target_id']} "
                  f"{row['reports']} articles {list(row['article_ids'])}: {row['evidence_text'][:120]!r}")
        assert set(FLAT_COLUMNS) <= set(merged[0]) if merged else True


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one-export":
        one_export(*sys.argv[2:7])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated (default: all)")
    parser.add_argument("--guardian", action="store_true")
    parser.add_argument("--limit", type=int, default=249)
    args = parser.parse_args()
    if args.guardian:
        run_guardian(args.limit)
    else:
        run_synthetic(args.events, args.threads, tuple(args.formats.split(",")))


if __name__ == "__main__":
    main()
