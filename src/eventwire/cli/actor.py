"""`eventwire actor`: resolve a text to an actor and print it as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import StoreError, UsageError
from ..ingest import parse_date
from ..store import Store
from .options import add_dictionary_options, coding_options
from .output import EXIT_OK


def add_parser(commands) -> None:
    actor = commands.add_parser("actor", help="resolve TEXT to an actor and print it as JSON")
    actor.add_argument("text", metavar="TEXT")
    actor.add_argument("--date", help="the date the text refers to (YYYY-MM-DD), for office terms")
    actor.add_argument("--context", default="", help="earlier text of the same article")
    actor.add_argument("--db", help="also use the actor registry of this database")
    add_dictionary_options(actor)
    actor.set_defaults(run=run)


def run(args) -> int:
    from ..actors.lookup import actor_json, resolve_text
    from ..coding.coder import Coder

    when = parse_date(args.date) if args.date else None
    if args.date and when is None:
        raise UsageError(f"--date {args.date!r} is not a date (YYYY-MM-DD)")
    options = coding_options(args)
    if args.db:
        options.registry = tuple(_registry(args.db))
    coder = Coder(options=options)
    actor = resolve_text(args.text, coder.nlp, coder.resolver, when=when, context=args.context)
    print(json.dumps(actor_json(actor), ensure_ascii=False))
    return EXIT_OK


def _registry(db: str) -> list[dict]:
    if not Path(db).is_file():
        raise StoreError(f"no such database: {db}")
    with Store(db, read_only=True) as store:
        return store.registry_people()
