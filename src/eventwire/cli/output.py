"""Where the command line writes its messages: stderr, one line per message, verbatim."""

from __future__ import annotations

from rich.console import Console

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2

stderr = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)  # one line per message, verbatim


def open_database(path: str, quiet: bool = False):
    """The store to write, saying once when it was brought up from an older eventwire's database."""
    from ..store import open_store

    store = open_store(path)
    if store.migrated_events and not quiet:
        stderr.print(f"eventwire: {path} was made by an older eventwire: its {store.migrated_events} events keep "
                     "their actor ids (organisations under shared CAMEO codes) until their articles are coded "
                     "again; `eventwire code` the same inputs to do it")
    return store
