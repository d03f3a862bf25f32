"""Write event records as JSON lines or CSV, to a file or standard output."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from typing import TextIO

from .records import FLAT_COLUMNS, flatten

FORMATS = ("jsonl", "csv")


@contextmanager
def open_output(path: str):
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
    else:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            yield handle


class EventWriter:
    """Writes records one at a time, so a long run streams rather than collects."""

    def __init__(self, handle: TextIO, fmt: str = "jsonl"):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.handle, self.fmt, self.count = handle, fmt, 0
        self._csv = csv.DictWriter(handle, fieldnames=FLAT_COLUMNS) if fmt == "csv" else None
        if self._csv:
            self._csv.writeheader()

    def write(self, record: dict) -> None:
        if self._csv:
            self._csv.writerow(flatten(record))
        else:
            self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.count += 1

    def write_all(self, records: Iterable[dict]) -> int:
        for record in records:
            self.write(record)
        return self.count
