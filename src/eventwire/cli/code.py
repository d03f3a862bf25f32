"""`eventwire code`: code articles into events and store them (a pipeline.Run)."""

from __future__ import annotations

from contextlib import contextmanager, nullcontext
from pathlib import Path

from ..errors import UsageError
from ..export import FORMATS, EventWriter, open_output
from ..ingest import Report, iter_articles, parse_date
from ..pipeline import Run, RunStats
from ..pool import CodingPool
from ..store import DEFAULT_DB
from .options import add_classifier_options, add_dictionary_options, add_verbs_options, coding_options
from .output import EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, open_database, stderr


def add_parser(commands) -> None:
    code = commands.add_parser("code", help="code articles into events and store them")
    code.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder, or - for stdin")
    code.add_argument("--db", default=DEFAULT_DB, help="DuckDB file (default: %(default)s)")
    code.add_argument("--out", help="also write the events to FILE, or - for stdout")
    code.add_argument("--format", choices=FORMATS, default="jsonl")
    code.add_argument("--date", help="date (YYYY-MM-DD) for articles that carry none")
    code.add_argument("--workers", type=int, default=1, help="coding processes (default: 1)")
    code.add_argument("--cluster", metavar="local:N|tcp://HOST:PORT",
                      help="code on a Dask cluster: N local worker processes, or a running scheduler")
    code.add_argument("--out-parquet", metavar="DIR", help="also write the coded events as Parquet parts to DIR")
    code.add_argument("--include-negated", action="store_true", help="also emit negated events")
    code.add_argument("--parse-all", action="store_true",
                      help="parse every sentence, not only those with an event word (slower; for checks)")
    code.add_argument("--include-hypothetical", action="store_true",
                      help="also emit future, conditional and intended events")
    add_dictionary_options(code)
    add_verbs_options(code)
    add_classifier_options(code)
    code.add_argument("--quiet", action="store_true", help="no progress or summary")
    code.set_defaults(run=run)


def run(args) -> int:
    if args.date and parse_date(args.date) is None:
        stderr.print(f"eventwire: --date {args.date!r} is not a date (YYYY-MM-DD)")
        return EXIT_USAGE
    report = Report(quiet=False)
    options = coding_options(args)
    out = open_output(_writable(args.out)) if args.out else nullcontext(None)
    default_date = parse_date(args.date) if args.date else None
    with open_database(args.db, args.quiet) as store, out as handle, _progress(args.quiet) as progress:
        writer = EventWriter(handle, args.format) if handle else None
        coding_run = Run(store, options, make_pool=_pool_maker(args), write=writer.write if writer else None,
                         progress=progress)
        stats = coding_run.code(iter_articles(args.inputs, default_date, report))
    if not args.quiet:
        stderr.print(_summary(stats, report, args.db))
    if report.missing:
        return EXIT_USAGE
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def _pool_maker(args):
    """The local pool, or a Dask/Parquet one (distributed.py) with --cluster or --out-parquet."""
    if args.cluster or args.out_parquet:
        from ..distributed import ParquetPool

        return lambda options: ParquetPool(args.cluster, options, args.out_parquet, workers=args.workers)
    return lambda options: CodingPool(args.workers, options)


def _writable(path: str) -> str:
    """The --out path, or a UsageError when it cannot be a file to write (a folder, no such folder)."""
    target = Path(path)
    if path != "-" and (target.is_dir() or not target.resolve().parent.is_dir()):
        why = "is a folder" if target.is_dir() else "its folder does not exist"
        raise UsageError(f"cannot write --out {path}: {why}")
    return path


@contextmanager
def _progress(quiet: bool):
    """A callback taking the articles of each stored batch: a progress bar on a terminal."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    if quiet or not stderr.is_terminal:
        yield lambda count: None
        return
    columns = (SpinnerColumn(), TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task("coding", total=None)
        yield lambda count: progress.advance(task, count)


def _summary(stats: RunStats, report: Report, db: str) -> str:
    parts = [f"coded {stats.articles} articles", f"{stats.events} events"]
    if stats.unchanged:
        parts.append(f"{stats.unchanged} already stored")
    parts.extend(report.summary_parts())  # skips and warnings by kind, missing inputs
    return "eventwire: " + ", ".join(parts) + f" -> {db}"
