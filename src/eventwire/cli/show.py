"""`eventwire show`: print the stored events as a readable table."""

from __future__ import annotations

from rich.console import Console

from ..store import DEFAULT_DB
from .output import EXIT_OK, open_database, stderr


def add_parser(commands) -> None:
    show = commands.add_parser("show", help="print the stored events as a readable table")
    show.add_argument("--db", default=DEFAULT_DB)
    show.add_argument("--limit", type=int, default=100)
    show.set_defaults(run=run)


def run(args) -> int:
    from rich.table import Table

    table = Table(title=f"events in {args.db}", show_lines=False)
    for column in ("date", "source", "event", "target", "evidence"):
        table.add_column(column, overflow="fold")
    with open_database(args.db) as store:
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
