"""The `eventwire` command line. Data goes to stdout; messages, progress and summaries to stderr."""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path

from rich.console import Console

from . import __version__
from .coding.coder import CodingOptions
from .export import EXPORT_FORMATS, FORMATS, EventWriter, open_output
from .ingest import Report, iter_articles, parse_date
from .nlp import ModelMissing
from .pipeline import BATCH_SIZE, CodingPool, RunStats, batched
from .records import event_record, nest
from .store import DEFAULT_DB, Store

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2

stderr = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)  # one line per message, verbatim


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as error:
        stderr.print(f"eventwire: {error}")
        return EXIT_USAGE
    except ModelMissing as error:
        stderr.print(f"eventwire: {error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        stderr.print("eventwire: interrupted; stored batches are complete, run again to resume")
        return 130
    except BrokenPipeError:
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eventwire", description=__doc__)
    parser.add_argument("--version", action="version", version=f"eventwire {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

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
    _dictionary_options(code)
    _verbs_option(code)
    _classifier_option(code)
    code.add_argument("--quiet", action="store_true", help="no progress or summary")
    code.set_defaults(run=run_code)

    evaluate = commands.add_parser("evaluate", help="score the coder on gold records (PLOVER JSON or PETRARCH XML)")
    evaluate.add_argument("gold", metavar="GOLD")
    evaluate.add_argument("--format", choices=("table", "json"), default="table")
    _dictionary_options(evaluate)
    _verbs_option(evaluate)
    _classifier_option(evaluate)
    evaluate.set_defaults(run=run_evaluate)

    export = commands.add_parser("export", help="write every stored event")
    export.add_argument("--db", default=DEFAULT_DB)
    export.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl")
    export.add_argument("--out", default="-", help="FILE, or - for stdout (default; not for parquet)")
    export.add_argument("--dedupe", action="store_true",
                        help="one event per happening reported by several articles, with report counts")
    export.add_argument("--quiet", action="store_true")
    export.set_defaults(run=run_export)

    actor = commands.add_parser("actor", help="resolve TEXT to an actor and print it as JSON")
    actor.add_argument("text", metavar="TEXT")
    actor.add_argument("--date", help="the date the text refers to (YYYY-MM-DD), for office terms")
    actor.add_argument("--context", default="", help="earlier text of the same article")
    actor.add_argument("--db", help="also use the actor registry of this database")
    _dictionary_options(actor)
    actor.set_defaults(run=run_actor)

    show = commands.add_parser("show", help="print the stored events as a readable table")
    show.add_argument("--db", default=DEFAULT_DB)
    show.add_argument("--limit", type=int, default=100)
    show.set_defaults(run=run_show)

    serve = commands.add_parser("serve", help="REST API and web dashboard over a database")
    serve.add_argument("--db", default=DEFAULT_DB)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--token", help="token for POST /api/code with store=true (or EVENTWIRE_TOKEN)")
    serve.add_argument("--max-body", type=int, default=1_000_000, metavar="BYTES",
                       help="largest request body accepted (default: %(default)s)")
    serve.set_defaults(run=run_serve)

    dyads = commands.add_parser("dyads", help="events from SOURCE to TARGET per period, as a table")
    dyads.add_argument("source", metavar="SOURCE", help="actor id, country code or name")
    dyads.add_argument("target", metavar="TARGET", help="actor id, country code or name")
    dyads.add_argument("--db", default=DEFAULT_DB)
    dyads.add_argument("--interval", choices=("day", "week", "month"), default="week")
    dyads.add_argument("--plot", metavar="FILE.png", help="also draw the series (matplotlib)")
    dyads.set_defaults(run=run_dyads)
    return parser


def run_serve(args) -> int:
    from .api.server import serve_command

    return serve_command(args)


def run_dyads(args) -> int:
    from .analysis import dyads_command

    return dyads_command(args)


def _dictionary_options(parser) -> None:
    parser.add_argument("--actors", action="append", default=[], metavar="FILE",
                        help="PETRARCH/TABARI actor dictionary to add (repeatable)")
    parser.add_argument("--agents", action="append", default=[], metavar="FILE",
                        help="PETRARCH/TABARI agent dictionary to add (repeatable)")


def _verbs_option(parser) -> None:
    parser.add_argument("--verbs", action="append", default=[], metavar="FILE",
                        help="PETRARCH/TABARI verb dictionary whose verbs replace the shipped lexicon's (repeatable)")
    parser.add_argument("--verbs-add-only", action="store_true",
                        help="add the --verbs rows to the shipped lexicon instead of replacing its rows for their verbs")


def _verb_dictionaries(args) -> tuple[str, ...]:
    """The --verbs files, checked and read once here (the coder reuses the reading); one line each
    on stderr saying how much of it fits the lexicon."""
    from .coding.verb_dictionary import load_verb_dictionary

    paths = tuple(getattr(args, "verbs", ()))
    for path in paths:
        if not Path(path).is_file():
            raise UsageError(f"no such verb dictionary: {path}")
        if not getattr(args, "quiet", False):
            stderr.print(f"eventwire: verbs {load_verb_dictionary(path).summary()}")
    return paths


def _classifier_option(parser) -> None:
    parser.add_argument("--no-classifier", action="store_true",
                        help="code with the lexicon alone, without the learned sentence classifier")
    parser.add_argument("--story-prior", action="store_true",
                        help="rank each article's events by how likely their type is its main event, and add "
                             "one for each of its likeliest types it lacks (story-level labels; many guessed "
                             "events on real news)")


def _options(args) -> CodingOptions:
    for path in args.actors + args.agents:
        if not Path(path).is_file():
            raise UsageError(f"no such dictionary file: {path}")
    return CodingOptions(
        on_error="skip",  # one odd sentence costs a one-line message, not the run
        include_negated=getattr(args, "include_negated", False),
        include_hypothetical=getattr(args, "include_hypothetical", False),
        parse_all=getattr(args, "parse_all", False),
        classifier=not getattr(args, "no_classifier", False),
        story_prior=getattr(args, "story_prior", False),
        actors_files=tuple(args.actors), agents_files=tuple(args.agents),
        verbs_files=_verb_dictionaries(args), verbs_override=not getattr(args, "verbs_add_only", False),
    )


class UsageError(Exception):
    pass


def _coding_pool(args, options: CodingOptions):
    """The local pool, or a Dask/Parquet one (distributed.py) with --cluster or --out-parquet."""
    if getattr(args, "cluster", None) or getattr(args, "out_parquet", None):
        from .distributed import ParquetPool

        return ParquetPool(args.cluster, options, args.out_parquet, workers=args.workers)
    return CodingPool(args.workers, options)


def run_evaluate(args) -> int:
    import json

    from .coding.coder import Coder
    from .evaluate import load_gold, score_petrarch, score_plover

    if not Path(args.gold).is_file():
        raise UsageError(f"no such file: {args.gold}")
    try:
        kind, records = load_gold(args.gold)
    except (ValueError, SyntaxError) as error:
        raise UsageError(f"cannot read gold records from {args.gold}: {error}") from None
    coder = Coder(options=_options(args))
    events = {a.id: evs for a, evs in coder.code_articles(r.article() for r in records)}
    scores = score_plover(records, events) if kind == "plover" else score_petrarch(records, events)
    if args.format == "json":
        print(json.dumps(scores, indent=2))
    else:
        print(format_scores(scores))
    return EXIT_OK


def format_scores(scores: dict) -> str:
    from .evaluate import format_table

    return format_table(scores)


def run_actor(args) -> int:
    import json

    from .actors.lookup import actor_json, resolve_text
    from .coding.coder import Coder

    when = parse_date(args.date) if args.date else None
    if args.date and when is None:
        raise UsageError(f"--date {args.date!r} is not a date (YYYY-MM-DD)")
    options = _options(args)
    if args.db:
        if not Path(args.db).is_file():
            raise UsageError(f"no such database: {args.db}")
        with Store(args.db, read_only=True) as store:
            options.registry = tuple(store.registry_people())
    coder = Coder(options=options)
    actor = resolve_text(args.text, coder.nlp, coder.resolver, when=when, context=args.context)
    print(json.dumps(actor_json(actor), ensure_ascii=False))
    return EXIT_OK


def run_code(args) -> int:
    if args.date:
        if parse_date(args.date) is None:
            stderr.print(f"eventwire: --date {args.date!r} is not a date (YYYY-MM-DD)")
            return EXIT_USAGE
    report = Report(quiet=False)
    stats = RunStats()
    options = _options(args)
    out = open_output(_writable(args.out)) if args.out else nullcontext(None)
    with _open_store(args.db) as store, out as handle:
        options.registry = tuple(store.begin_run())  # a killed run's registry, so resuming codes alike
        _code_into(store, handle, args, options, report, stats)
        store.finish_run()
    if not args.quiet:
        stderr.print(_summary(stats, report, args.db))
    if report.missing:
        return EXIT_USAGE
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def _writable(path: str) -> str:
    """The --out path, or a UsageError when it cannot be a file to write (a folder, no such folder)."""
    target = Path(path)
    if path != "-" and (target.is_dir() or not target.resolve().parent.is_dir()):
        why = "is a folder" if target.is_dir() else "its folder does not exist"
        raise UsageError(f"cannot write --out {path}: {why}")
    return path


def _open_store(path: str) -> Store:
    """The database, or a UsageError naming it (no such folder, not a DuckDB file, locked by a process)."""
    import duckdb

    try:
        return Store(path)
    except duckdb.Error as error:
        raise UsageError(f"cannot open database {path}: {str(error).splitlines()[0]}") from None


def _code_into(store: Store, handle, args, options: CodingOptions, report: Report, stats: RunStats) -> None:
    default_date = parse_date(args.date) if args.date else None
    with _coding_pool(args, options) as pool:
        writer = EventWriter(handle, args.format) if handle else None
        stored = writer.write if writer else None
        batches = _new_batches(iter_articles(args.inputs, default_date, report), store, stats, stored)
        with _progress(args.quiet) as progress:
            for coded in pool.code(batches):
                store.write_batch(coded)
                for _, events in coded:
                    stats.events += len(events)
                    for event in events:
                        if writer:
                            writer.write(event_record(event))
                progress(len(coded))


def _new_batches(articles, store: Store, stats: RunStats, write_stored=None):
    """Batches of articles not already stored with the same text (the run's idempotency).

    The stored events of the articles skipped are passed to `write_stored`, so `--out` always
    carries the events of every input article."""
    for batch in batched(articles, BATCH_SIZE):
        unique = list({a.id: a for a in batch}.values())
        done = store.unchanged(unique)
        stats.unchanged += len(done)
        if done and write_stored:
            for row in store.event_rows_for(sorted(done)):
                write_stored(nest(row))
        todo = [a for a in unique if a.id not in done]
        stats.articles += len(todo)
        if todo:
            yield todo


def _progress(quiet: bool):
    from contextlib import contextmanager

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    @contextmanager
    def bar():
        if quiet or not stderr.is_terminal:
            yield lambda n: None
            return
        columns = (SpinnerColumn(), TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=stderr, transient=True) as progress:
            task = progress.add_task("coding", total=None)
            yield lambda n: progress.advance(task, n)

    return bar()


def _summary(stats: RunStats, report: Report, db: str) -> str:
    parts = [f"coded {stats.articles} articles", f"{stats.events} events"]
    if stats.unchanged:
        parts.append(f"{stats.unchanged} already stored")
    parts.extend(report.summary_parts())  # skips and warnings by kind, missing inputs
    return "eventwire: " + ", ".join(parts) + f" -> {db}"


def run_export(args) -> int:
    from .export import ExportError, export_events

    try:
        with Store(args.db) as store:
            count = export_events(store, args.format, args.out, dedupe=args.dedupe)
    except ExportError as error:
        raise UsageError(str(error)) from None
    except BrokenPipeError:
        raise
    except OSError as error:
        raise UsageError(f"cannot write {args.out}: {error.strerror or error}") from None
    if not args.quiet:
        stderr.print(f"eventwire: exported {count} events from {args.db}")
    return EXIT_OK


def run_show(args) -> int:
    from rich.table import Table

    table = Table(title=f"events in {args.db}", show_lines=False)
    for column in ("date", "source", "event", "target", "evidence"):
        table.add_column(column, overflow="fold")
    with Store(args.db) as store:
        rows = list(store.iter_event_rows())
    for row in rows[: args.limit]:
        table.add_row(
            row["date"],
            _actor_label(row, "source"),
            f"{row['event_type']} {row['cameo']}" + (f" ({row['mode']})" if row["mode"] else ""),
            _actor_label(row, "target"),
            (row["evidence_text"] or "")[:140],
        )
    Console(width=max(140, Console().width)).print(table)
    stderr.print(f"eventwire: {len(rows)} events" + (f", first {args.limit} shown" if len(rows) > args.limit else ""))
    return EXIT_OK


def _actor_label(row: dict, role: str) -> str:
    if row.get(f"{role}_id") is None:
        return "-"
    code = " ".join(filter(None, (row[f"{role}_country"], row[f"{role}_sector"])))
    return f"{row[f'{role}_text']} [{code or '?'}]"


if __name__ == "__main__":
    sys.exit(main())
