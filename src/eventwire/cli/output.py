"""Where the command line writes its messages: stderr, one line per message, verbatim."""

from __future__ import annotations

from rich.console import Console

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2

stderr = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)  # one line per message, verbatim
