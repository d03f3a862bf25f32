"""`eventwire export`: write every stored event."""

from __future__ import annotations

from ..errors import UsageError
from ..export import EXPORT_FORMATS, export_events
from ..store import DEFAULT_DB
from .output import EXIT_OK, open_database, stderr


def add_parser(commands) -> None:
    export = commands.add_parser("export", help="write every stored event")
    export.add_argument("--db", default=DEFAULT_DB)
    export.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl")
    export.add_argument("--out", default="-", help="FILE, or - for stdout (default; not for parquet)")
    export.add_argument("--dedupe", action="store_true",
                        help="one event per happening reported by several articles, with report counts")
    export.add_argument("--quiet", action="store_true")
    export.set_defaults(run=run)


def run(args) -> int:
    try:
        with open_database(args.db, args.quiet) as store:
            count = export_events(store, args.format, args.out, dedupe=args.dedupe)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise UsageError(f"cannot write {args.out}: {error.strerror or error}") from None
    if not args.quiet:
        stderr.print(f"eventwire: exported {count} events from {args.db}")
    return EXIT_OK
