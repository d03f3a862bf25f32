"""`eventwire evaluate`: score the coder on gold records."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError
from .options import add_classifier_options, add_dictionary_options, add_verbs_options, coding_options
from .output import EXIT_OK


def add_parser(commands) -> None:
    evaluate = commands.add_parser("evaluate", help="score the coder on gold records (PLOVER JSON or PETRARCH XML)")
    evaluate.add_argument("gold", metavar="GOLD")
    evaluate.add_argument("--format", choices=("table", "json"), default="table")
    add_dictionary_options(evaluate)
    add_verbs_options(evaluate)
    add_classifier_options(evaluate)
    evaluate.set_defaults(run=run)


def run(args) -> int:
    from ..evaluate import format_table

    scores = score_gold(args)
    print(json.dumps(scores, indent=2) if args.format == "json" else format_table(scores))
    return EXIT_OK


def score_gold(args) -> dict:
    """The coder's scores on the gold file, coded with the options the arguments ask for."""
    from ..coding.coder import Coder
    from ..evaluate import load_gold, score_petrarch, score_plover

    if not Path(args.gold).is_file():
        raise InputError(f"no such file: {args.gold}")
    try:
        kind, records = load_gold(args.gold)
    except (ValueError, SyntaxError) as error:
        raise InputError(f"cannot read gold records from {args.gold}: {error}") from None
    coder = Coder(options=coding_options(args))
    events = {a.id: evs for a, evs in coder.code_articles(r.article() for r in records)}
    return score_plover(records, events) if kind == "plover" else score_petrarch(records, events)
