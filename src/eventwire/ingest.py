"""Input stage: stream dated articles from .txt, .jsonl and .csv files, folders, or stdin.

Bad input never raises: each problem becomes one line on stderr ("eventwire: skipped PATH:LINE: why")
and a count in the Report (by kind, for the run's closing summary), and the good records around it are
still yielded. Memory stays bounded whatever the input: files are read line by line, and one record
(a .txt file, a JSONL line, a text on stdin) over MAX_RECORD_BYTES is refused rather than loaded.
Text that is not English (the only language the parser covers) is skipped with a message; see
`language_problem` for the heuristic.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path
from typing import BinaryIO, TextIO

from eventwire.models import Article

SUFFIXES = (".txt", ".jsonl", ".csv")
SNIFF_BYTES = 8192
MAX_RECORD_BYTES = 8 * 2**20  # one article: a .txt file, a JSONL or CSV line, or stdin text
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
    """Counts and one-line messages of a run; messages go to stderr unless quiet.

    Every skip and warning has a kind (a short label such as "malformed JSON"), counted for the summary."""

    quiet: bool = False
    read: int = 0
    skipped: int = 0
    warnings: int = 0
    missing: int = 0
    messages: list[str] = field(default_factory=list)
    skip_kinds: Counter = field(default_factory=Counter)
    warning_kinds: Counter = field(default_factory=Counter)

    def skip(self, where: str, why: str, kind: str = "") -> None:
        self.skipped += 1
        self.skip_kinds[kind or why] += 1
        self._say(f"skipped {where}: {why}")

    def warn(self, where: str, why: str, kind: str = "") -> None:
        self.warnings += 1
        self.warning_kinds[kind or why] += 1
        self._say(f"warning {where}: {why}")

    def missing_input(self, path: str) -> None:
        self.missing += 1
        self._say(f"no such file or directory: {path}")

    def summary_parts(self) -> list[str]:
        """'3 skipped (2 malformed JSON, 1 not English)', '1 warning (...)', '1 missing input'; [] if clean."""
        parts = []
        if self.skipped:
            parts.append(f"{self.skipped} skipped ({_kinds(self.skip_kinds)})")
        if self.warnings:
            parts.append(f"{_plural(self.warnings, 'warning')} ({_kinds(self.warning_kinds)})")
        if self.missing:
            parts.append(_plural(self.missing, "missing input"))
        return parts

    def _say(self, message: str) -> None:
        line = "eventwire: " + " ".join(message.splitlines())
        self.messages.append(line)
        if not self.quiet:
            print(line, file=sys.stderr)


def _kinds(counts: Counter) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in counts.most_common())


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


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
            problem = language_problem(article.text)
            if problem:
                report.skip(article.origin, f"{problem}; the model covers English only", "not English")
                continue
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
        report.skip(str(folder), "no .txt, .jsonl or .csv files in folder", "empty folder")
    for path in files:
        yield from _file_articles(path, str(path), default, report)


def _hidden(path: Path, folder: Path) -> bool:
    # Dotfiles (.DS_Store, .git/...) are tool droppings, not inputs the user meant; ignore them quietly.
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def _file_articles(path: Path, where: str, default: date | None, report: Report) -> Iterator[Article]:
    suffix = path.suffix.lower()
    problem = _file_problem(path, suffix)
    if problem:
        report.skip(where, *problem)
        return
    try:
        with path.open("rb") as handle:
            problem = _sniff(handle.read(SNIFF_BYTES))
            if problem:
                report.skip(where, *problem)
                return
            handle.seek(0)
            yield from _parse(
                suffix, _decoded_lines(handle, where, report), where, path.stem, default, report
            )
    except OSError as error:
        report.skip(where, f"cannot read ({error.strerror or error})", "unreadable file")


def _file_problem(path: Path, suffix: str) -> tuple[str, str] | None:
    """(why, kind) when the file is not one to open: wrong type, not a regular file, a .txt too large."""
    if suffix not in SUFFIXES:
        return f"unsupported file type {suffix or '(none)'!r} (use .txt, .jsonl or .csv)", "unsupported file type"
    if not path.is_file():
        return "not a regular file", "unreadable file"
    if suffix == ".txt" and path.stat().st_size > MAX_RECORD_BYTES:
        return f"{path.stat().st_size / 2**20:.1f} MB, over the {_limit_mb()} limit for one article", "too large"
    return None


def _limit_mb() -> str:
    return f"{MAX_RECORD_BYTES / 2**20:g} MB"


def _sniff(head: bytes) -> tuple[str, str] | None:
    if not head.strip():
        return "empty file", "empty"
    if b"\0" in head:
        return "binary file, not text", "binary"
    return None


def _decoded_lines(handle: BinaryIO, where: str, report: Report) -> Iterator[str]:
    """UTF-8 lines (line endings kept, BOM dropped); bad bytes are replaced with one warning per file."""
    warned = False
    for number, raw in enumerate(_raw_lines(handle, where, report), 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("utf-8", errors="replace")
            if not warned:
                report.warn(f"{where}:{number}", "invalid UTF-8 bytes replaced", "invalid UTF-8")
                warned = True
        yield line.removeprefix("\ufeff") if number == 1 else line


def _raw_lines(handle: BinaryIO, where: str, report: Report) -> Iterator[bytes]:
    """Lines of at most MAX_RECORD_BYTES: a longer one is skipped unread (a blank line takes its place,
    so line numbers stay right) instead of being loaded whole."""
    number = 0
    while line := handle.readline(MAX_RECORD_BYTES + 1):
        number += 1
        if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
            _skip_rest_of_line(handle)
            report.skip(f"{where}:{number}", f"line over the {_limit_mb()} limit for one article", "too large")
            line = b"\n"
        yield line


def _skip_rest_of_line(handle: BinaryIO) -> None:
    while (chunk := handle.readline(MAX_RECORD_BYTES)) and not chunk.endswith(b"\n"):
        pass


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
        report.skip("stdin", "empty input", "empty")
    elif "".join(head).lstrip().startswith("{"):
        yield from _jsonl_articles(chain(head, lines), "stdin", default, report)
    else:
        content = _bounded_text(chain(head, lines))
        if content is None:
            report.skip("stdin", f"text over the {_limit_mb()} limit for one article", "too large")
        else:
            yield from _txt_article(content, "stdin", "stdin", default, report)


def _bounded_text(lines: Iterable[str]) -> str | None:
    """The lines joined, or None (the rest left unread) once they pass MAX_RECORD_BYTES characters."""
    parts, size = [], 0
    for line in lines:
        size += len(line)
        if size > MAX_RECORD_BYTES:
            return None
        parts.append(line)
    return "".join(parts)


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
        report.skip(where, "binary input, not text", "binary")
        return
    header = _TXT_HEADER.match(content)
    text = content[header.end() :].strip() if header else content.strip()
    if not text:
        report.skip(where, "empty text", "empty")
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
        report.skip(where, f"malformed JSON ({error.msg} at column {error.colno})", "malformed JSON")
        return None
    except RecursionError:
        report.skip(where, "malformed JSON (nested too deeply)", "malformed JSON")
        return None
    if not isinstance(record, dict):
        report.skip(where, f"expected a JSON object, got {type(record).__name__}", "malformed JSON")
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
        report.skip(f"{where}:{reader.line_num}", f"malformed CSV ({error}); rest of file skipped", "malformed CSV")


def _usable_columns(columns: list[str], where: str, default: date | None, report: Report) -> bool:
    if "text" not in columns:
        report.skip(where, f"no 'text' column (columns: {', '.join(columns)})", "missing column")
        return False
    if "date" not in columns and default is None:
        report.skip(where, "no 'date' column (add one or pass --date)", "missing column")
        return False
    return True


def _csv_rows(
    reader: csv._reader, columns: list[str], where: str, default: date | None, report: Report
) -> Iterator[Article]:
    end, rows = reader.line_num, 0
    for row in reader:
        # A quoted field can span lines: name a row by the line it starts on.
        start, end = end + 1, reader.line_num
        if not row:
            continue
        rows += 1
        if len(row) != len(columns):
            report.skip(f"{where}:{start}", f"{len(row)} fields, header has {len(columns)}", "wrong field count")
            continue
        yield from _record_article(dict(zip(columns, row, strict=True)), f"{where}:{start}", default, report)
    if rows == 0:
        report.skip(where, "no rows after the header", "empty")


def _record_article(
    record: Mapping[str, object], where: str, default: date | None, report: Report
) -> Iterator[Article]:
    text = record.get("text")
    problem = _text_problem(text)
    if problem:
        report.skip(where, *problem)
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


def _text_problem(text: object) -> tuple[str, str] | None:
    """(why, kind) when a record's text cannot be coded."""
    if text is None:
        return "no 'text' field", "no text"
    if not isinstance(text, str):
        return f"'text' is {type(text).__name__}, not a string", "no text"
    if not text.strip():
        return "empty text", "empty"
    if "\0" in text:
        return "binary content (NUL characters) in 'text'", "binary"
    return None


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
        report.warn(where, f"unusable date {raw!r}, using {default.isoformat()}", "unusable date replaced")
    elif raw:
        report.skip(where, f"unusable date {raw!r} ({hint})", "unusable date")
    elif default is None:
        report.skip(where, f"no date ({hint})", "no date")
    return default


# --- language -------------------------------------------------------------------------------------
# The parser and the lexicon are English only. A cheap, offline test on the first LANGUAGE_SAMPLE_CHARS
# characters: mostly non-Latin letters is another script; in Latin script, the share of the commonest
# English function words against that of other languages' function words tells English from French,
# Spanish, German... Measured (benchmarks/robustness.py): English news scores 0.31-0.44 English function
# words and at most 0.03 foreign ones; the non-English samples at most 0.08 English ones.
LANGUAGE_SAMPLE_CHARS = 20_000
MIN_LETTERS_TO_JUDGE = 100  # shorter texts (a headline, a sentence) are never judged
MIN_WORDS_TO_JUDGE = 20
ENGLISH_WORDS = frozenset(
    "the of and to a in is that for on with as was by it at from he his her she they their its be are were "
    "been has have had not this an which who will would said but or after also than more about over into there"
    .split()
)
OTHER_LANGUAGE_WORDS = {
    language: frozenset(words.split()) - ENGLISH_WORDS
    for language, words in {
        "French": "le la les des du et est une un dans pour qui au aux sur par pas avec ce cette ses ont été",
        "Spanish": "el los las del y en que por con para una se su sus lo como más fue",
        "German": "der das und den dem ist nicht mit von zu auf ein eine sich des im für wurde",
        "Italian": "il di che della per con gli delle nel dei è una sono",
        "Portuguese": "os da dos das em não uma com ao pelo pela que",
        "Dutch": "de het een van en op niet zijn met voor ook aan er",
        "Polish": "w z na się że nie jest",
        "Turkish": "ve bir bu için ile olarak",
        "Indonesian": "yang dan di untuk dengan pada ini itu dari ke tidak akan",
        "Swahili": "na ya wa kwa za la katika",
    }.items()
}
FOREIGN_WORDS = frozenset().union(*OTHER_LANGUAGE_WORDS.values())
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def language_problem(text: str) -> str | None:
    """'not English (...)' when the text is clearly in another language, else None.

    Not English: under half of the letters ASCII (Cyrillic, Arabic, CJK, Greek, Devanagari...); or
    other languages' function words at least 10% of the words and twice the English ones; or, in a
    script with many accented letters, almost no English function words (under 5%)."""
    words = _LETTER_RUN.findall(text[:LANGUAGE_SAMPLE_CHARS].lower())
    letters = sum(map(len, words))
    if letters < MIN_LETTERS_TO_JUDGE:
        return None
    ascii_share = _ascii_letters(words) / letters
    if ascii_share < 0.5:
        return f"not English ({_script(words)} script)"
    if len(words) < MIN_WORDS_TO_JUDGE:
        return None
    english = _share(words, ENGLISH_WORDS)
    foreign = _share(words, FOREIGN_WORDS)
    if foreign >= 0.1 and foreign > 2 * english:
        return f"not English (looks {_likeliest_language(words)})"
    if english < 0.05 and ascii_share < 0.97:
        return "not English (accented Latin script, almost no English function words)"
    return None


def _ascii_letters(words: list[str]) -> int:
    return sum(len(word) if word.isascii() else sum(ch.isascii() for ch in word) for word in words)


def _share(words: list[str], vocabulary: frozenset[str]) -> float:
    return sum(word in vocabulary for word in words) / len(words)


def _likeliest_language(words: list[str]) -> str:
    return max(OTHER_LANGUAGE_WORDS, key=lambda language: _share(words, OTHER_LANGUAGE_WORDS[language]))


def _script(words: list[str]) -> str:
    """The commonest Unicode script name among the non-ASCII letters ('Cyrillic', 'Arabic', 'CJK')."""
    scripts = Counter(unicodedata.name(ch, "OTHER").split()[0] for word in words if not word.isascii()
                      for ch in word if not ch.isascii())
    name = scripts.most_common(1)[0][0]
    return name if name == "CJK" else name.title()
