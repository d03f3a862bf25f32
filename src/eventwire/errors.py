"""The errors the library raises for the user: each carries a one-line message.

Front ends turn them into what they show: the CLI prints `eventwire: MESSAGE` and exits with
`exit_code` (cli/__init__.py, in one place); the library never prints or exits itself.
"""

from __future__ import annotations


class EventwireError(Exception):
    """A request the library cannot carry out, told in one line."""

    exit_code = 2


class UsageError(EventwireError):
    """An argument or option that cannot be used (no such file, not a date, a bad address)."""


class InputError(UsageError):
    """An input that cannot be read (gold records, a dictionary file)."""


class StoreError(UsageError):
    """A database that cannot be opened or read."""
