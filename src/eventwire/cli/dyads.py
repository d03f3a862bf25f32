"""`eventwire dyads`: events from SOURCE to TARGET per period, as a table (and a plot)."""

from __future__ import annotations

import sys

from ..analysis import INTERVALS, plot_series, read_dyad_series, series_table
from ..errors import UsageError
from ..store import DEFAULT_DB


def add_parser(commands) -> None:
    dyads = commands.add_parser("dyads", help="events from SOURCE to TARGET per period, as a table")
    dyads.add_argument("source", metavar="SOURCE", help="actor id, country code or name")
    dyads.add_argument("target", metavar="TARGET", help="actor id, country code or name")
    dyads.add_argument("--db", default=DEFAULT_DB)
    dyads.add_argument("--interval", choices=INTERVALS, default="week")
    dyads.add_argument("--plot", metavar="FILE.png", help="also draw the series (matplotlib)")
    dyads.set_defaults(run=run)


def run(args) -> int:
    """Print the series of SOURCE -> TARGET as a table on stdout; draw it with --plot."""
    series = read_dyad_series(args.db, args.source, args.target, args.interval)
    print(series_table(series))
    total = sum(entry["events"] for entry in series)
    print(f"eventwire: {total} events from {args.source} to {args.target} in {len(series)} "
          f"{args.interval}s with events", file=sys.stderr)
    if args.plot:
        _plot(series, args)
    return 0


def _plot(series: list[dict], args) -> None:
    try:
        plot_series(series, args.plot, f"{args.source} → {args.target} per {args.interval}")
    except ImportError:
        raise UsageError("--plot needs matplotlib: pip install 'eventwire[plot]'") from None
    except OSError as error:
        raise UsageError(f"cannot write {args.plot}: {error.strerror or error}") from None
    print(f"eventwire: wrote {args.plot}", file=sys.stderr)
