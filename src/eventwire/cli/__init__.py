"""The `eventwire` command line. Data goes to stdout; messages, progress and summaries to stderr."""

from __future__ import annotations

import argparse

from .. import __version__
from ..errors import EventwireError
from ..nlp import ModelMissing
from . import actor, code, dyads, evaluate, export, serve, show
from .output import EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, stderr

__all__ = ["EXIT_OK", "EXIT_SKIPPED", "EXIT_USAGE", "build_parser", "main"]

COMMANDS = (code, evaluate, export, actor, show, serve, dyads)  # in the order `--help` lists them
EXIT_INTERRUPTED = 130


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (EventwireError, ModelMissing) as error:  # the one place a library error becomes a message
        stderr.print(f"eventwire: {error}")
        return getattr(error, "exit_code", EXIT_USAGE)
    except KeyboardInterrupt:
        stderr.print("eventwire: interrupted; stored batches are complete, run again to resume")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eventwire", description=__doc__)
    parser.add_argument("--version", action="version", version=f"eventwire {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(commands)
    return parser
