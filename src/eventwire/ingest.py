"""Input stage: stream dated articles from .txt, .jsonl and .csv files, folders, or stdin.

Bad input never raises: each problem becomes one line on stderr ("eventwire: skipped PATH:LINE: why")
and a count in the Report, and the good records around it are still yielded.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path
from typing import BinaryIO, TextIO

from eventwire.models import Article

SUFFIXES = (".txt", ".jsonl", ".csv")
SNIFF_BYTES = 8192
TXT_DATE_HINT = "add a 'date YYYY-MM-DD' first line or pass --date"
RECORD_DATE_HINT = "add a 'date' field or pass --date"

_ISO_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\d{6})?")  # GDELT: 20221020 or 20221020123000
_TXT_HEADER = re.compile(r"\s*date[ \t]+(\d\S*)(?=\s|\Z)")


@dataclass
class Report:
    """Counts and one-line messages of a run; messages go to stderr unless quiet."""

    quiet: bool = False
    read: int = 0
    skipped: int = 0
    warnings: int = 0
    missing: int = 0
    messages: list[str] = field(default_factory=list)

    def skip(self, where: str, why: str) -> None:
        self.skipped += 1
        self._say(f"skipped {where}: {why}")

    def warn(self, where: str, why: str) -> None:
        self.warnings += 1
        self._say(f"warning {where}: {why}")

    def missing_input(self, path: str) -> None:
        self.missing += 1
        self._say(f"no such file or directory: {path}")

    def _say(self, message: str) -> None:
        line = "eventwire: " + " ".join(message.splitlines())
        self.messages.append(line)
        if not self.quiet:
            print(line, file=sys.stderr)


def parse_date(value: str) -> date | None:
    """The calendar date of an ISO date/datetime or a GDELT-style YYYYMMDD[hhmmss]; None when unusable.

    A timezone offset is ignored rather than converted: the date as the source wrote it is the one we keep.
    Day-first/month-first forms such as 10/20/2022 are refused as ambiguous.
    """
    text = value.strip()
    match = _ISO_DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def iter_articles(
    inputs: Sequence[str], default_date: date | None, report: Report, stdin: TextIO | None = None
) -> Iterator[Article]:
    """Stream articles from files, folders (recursively, in sorted order) or '-' for stdin.

    Files are read by suffix (.txt one article, .jsonl one per line, .csv one per row); other files are
    skipped with a message. `default_date` is used for records without a date.
    """
    for name in inputs:
        for article in _input_articles(name, default_date, report, stdin):
            report.read += 1
            yield article


def _input_articles(
    name: str, default: date | None, report: Report, stdin: TextIO | None
) -> Iterator[Article]:
    if name == "-":
        yield from _stdin_articles(stdin, default, report)
        return
    path = Path(name)
    if path.is_dir():
        yield from _folder_articles(path, default, report)
    elif path.exists():
        yield from _file_articles(path, name, default, report)
    else:
        report.missing_input(name)


def _folder_articles(folder: Path, default: date | None, report: Report) -> Iterator[Article]:
    files = sorted(path for path in folder.rglob("*") if path.is_file() and not _hidden(path, folder))
    if not any(path.suffix.lower() in SUFFIXES for path in files):
        report.skip(str(folder), "no .txt, .jsonl or .csv files in folder")
    for path in files:
        yield from _file_articles(path, str(path), default, report)


def _hidden(path: Path, folder: Path) -> bool:
    # Dotfiles (.DS_Store, .git/...) are tool droppings, not inputs the user meant; ignore them quietly.
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def _file_articles(path: Path, where: str, default: date | None, report: Report) -> Iterator[Article]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        report.skip(where, f"unsupported file type {suffix or '(none)'!r} (use .txt, .jsonl or .csv)")
        return
    try:
        with path.open("rb") as handle:
            problem = _sniff(handle.read(SNIFF_BYTES))
            if problem:
                report.skip(where, problem)
                return
            handle.seek(0)
            yield from _parse(
                suffix, _decoded_lines(handle, where, report), where, path.stem, default, report
            )
    except OSError as error:
        report.skip(where, f"cannot read ({error.strerror or error})")


def _sniff(head: bytes) -> str | None:
    if not head.strip():
        return "empty file"
    if b"\0" in head:
        return "binary file, not text"
    return None


def _decoded_lines(handle: BinaryIO, where: str, report: Report) -> Iterator[str]:
    """UTF-8 lines (line endings kept, BOM dropped); bad bytes are replaced with one warning per file."""
    warned = False
    for number, raw in enumerate(handle, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("utf-8", errors="replace")
            if not warned:
                report.warn(f"{where}:{number}", "invalid UTF-8 bytes replaced")
                warned = True
        yield line.removeprefix("\ufeff") if number == 1 else line


def _parse(
    suffix: str, lines: Iterator[str], where: str, name: str, default: date | None, report: Report
) -> Iterator[Article]:
    if suffix == ".jsonl":
        yield from _jsonl_articles(lines, where, default, report)
    elif suffix == ".csv":
        yield from _csv_articles(lines, where, default, report)
    else:
        yield from _txt_article("".join(lines), where, name, default, report)


def _stdin_articles(stdin: TextIO | None, default: date | None, report: Report) -> Iterator[Article]:
    lines = _stdin_lines(stdin, report)
    head = _lines_until_content(lines)
    if not "".join(head).strip():
        report.skip("stdin", "empty input")
    elif "".join(head).lstrip().startswith("{"):
        yield from _jsonl_articles(chain(head, lines), "stdin", default, report)
    else:
        yield from _txt_article("".join(chain(head, lines)), "stdin", "stdin", default, report)


def _stdin_lines(stdin: TextIO | None, report: Report) -> Iterator[str]:
    if stdin is None:
        yield from _decoded_lines(sys.stdin.buffer, "stdin", report)
        return
    for number, line in enumerate(stdin, 1):
        yield line.removeprefix("\ufeff") if number == 1 else line


def _lines_until_content(lines: Iterator[str]) -> list[str]:
    head = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    return head


def _txt_article(
    content: str, where: str, name: str, default: date | None, report: Report
) -> Iterator[Article]:
    if "\0" in content:
        report.skip(where, "binary input, not text")
        return
    header = _TXT_HEADER.match(content)
    text = content[header.end() :].strip() if header else content.strip()
    if not text:
        report.skip(where, "empty text")
        return
    published = _resolve_date(header.group(1) if header else None, where, default, report, TXT_DATE_HINT)
    if published is not None:
        yield Article(id=name, text=text, published=published, origin=where)


def _jsonl_articles(
    lines: Iterable[str], where: str, default: date | None, report: Report
) -> Iterator[Article]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        record = _json_record(line, f"{where}:{number}", report)
        if record is not None:
            yield from _record_article(record, f"{where}:{number}", default, report)


def _json_record(line: str, where: str, report: Report) -> dict | None:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        report.skip(where, f"malformed JSON ({error.msg} at column {error.colno})")
        return None
    if not isinstance(record, dict):
        report.skip(where, f"expected a JSON object, got {type(record).__name__}")
        return None
    return record


def _csv_articles(
    lines: Iterable[str], where: str, default: date | None, report: Report
) -> Iterator[Article]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # news articles outgrow the 128 KB default
    reader = csv.reader(lines)
    try:
        columns = [name.strip().lower() for name in next(reader, [])]
        if _usable_columns(columns, where, default, report):
            yield from _csv_rows(reader, columns, where, default, report)
    except csv.Error as error:
        report.skip(f"{where}:{reader.line_num}", f"malformed CSV ({error}); rest of file skipped")


def _usable_columns(columns: list[str], where: str, default: date | None, report: Report) -> bool:
    if "text" not in columns:
        report.skip(where, f"no 'text' column (columns: {', '.join(columns)})")
        return False
    if "date" not in columns and default is None:
        report.skip(where, "no 'date' column (add one or pass --date)")
        return False
    return True


def _csv_rows(
    reader: csv._reader, columns: list[str], where: str, default: date | None, report: Report
) -> Iterator[Article]:
    end = reader.line_num
    for row in reader:
        # A quoted field can span lines: name a row by the line it starts on.
        start, end = end + 1, reader.line_num
        if not row:
            continue
        if len(row) != len(columns):
            report.skip(f"{where}:{start}", f"{len(row)} fields, header has {len(columns)}")
            continue
        yield from _record_article(dict(zip(columns, row, strict=True)), f"{where}:{start}", default, report)


def _record_article(
    record: Mapping[str, object], where: str, default: date | None, report: Report
) -> Iterator[Article]:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        report.skip(where, "empty text" if isinstance(text, str) else "no 'text' field")
        return
    published = _resolve_date(_field(record, "date") or None, where, default, report, RECORD_DATE_HINT)
    if published is None:
        return
    yield Article(
        id=_field(record, "id") or hashlib.sha1(text.encode("utf-8")).hexdigest()[:16],
        text=text,
        published=published,
        title=_field(record, "title"),
        url=_field(record, "url"),
        source=_field(record, "source"),
        origin=where,
    )


def _field(record: Mapping[str, object], key: str) -> str:
    value = record.get(key)
    return "" if value is None else str(value).strip()


def _resolve_date(
    raw: str | None, where: str, default: date | None, report: Report, hint: str
) -> date | None:
    """The record's date, else the default; None (with a skip message) when neither is usable."""
    parsed = parse_date(raw) if raw else None
    if parsed is not None:
        return parsed
    if raw and default is not None:
        report.warn(where, f"unusable date {raw!r}, using {default.isoformat()}")
    elif raw:
        report.skip(where, f"unusable date {raw!r} ({hint})")
    elif default is None:
        report.skip(where, f"no date ({hint})")
    return default
