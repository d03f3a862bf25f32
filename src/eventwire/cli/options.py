"""Options shared by several commands, and the coding options they ask for."""

from __future__ import annotations

from pathlib import Path

from ..coding.coder import CodingOptions
from ..errors import InputError
from .output import stderr


def add_dictionary_options(parser) -> None:
    parser.add_argument("--actors", action="append", default=[], metavar="FILE",
                        help="PETRARCH/TABARI actor dictionary to add (repeatable)")
    parser.add_argument("--agents", action="append", default=[], metavar="FILE",
                        help="PETRARCH/TABARI agent dictionary to add (repeatable)")


def add_verbs_options(parser) -> None:
    parser.add_argument("--verbs", action="append", default=[], metavar="FILE",
                        help="PETRARCH/TABARI verb dictionary whose verbs replace the shipped lexicon's (repeatable)")
    parser.add_argument("--verbs-add-only", action="store_true",
                        help="add the --verbs rows to the shipped lexicon instead of replacing its rows for their verbs")


def add_classifier_options(parser) -> None:
    parser.add_argument("--no-classifier", action="store_true",
                        help="code with the lexicon alone, without the learned sentence classifier")
    parser.add_argument("--story-prior", action="store_true",
                        help="rank each article's events by how likely their type is its main event, and add "
                             "one for each of its likeliest types it lacks (story-level labels; many guessed "
                             "events on real news)")


def coding_options(args) -> CodingOptions:
    """The coding options the arguments ask for; the dictionary files must exist."""
    for path in args.actors + args.agents:
        if not Path(path).is_file():
            raise InputError(f"no such dictionary file: {path}")
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


def _verb_dictionaries(args) -> tuple[str, ...]:
    """The --verbs files, checked and read once here (the coder reuses the reading); one line each
    on stderr saying how much of it fits the lexicon."""
    from ..coding.verb_dictionary import load_verb_dictionary

    paths = tuple(getattr(args, "verbs", ()))
    for path in paths:
        if not Path(path).is_file():
            raise InputError(f"no such verb dictionary: {path}")
        if not getattr(args, "quiet", False):
            stderr.print(f"eventwire: verbs {load_verb_dictionary(path).summary()}")
    return paths
