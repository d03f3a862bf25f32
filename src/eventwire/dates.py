"""Find date expressions in news text and resolve them against the article's publication date.

Resolution is pure: everything is relative to ``published``, nothing reads the clock. News is assumed to
report the past, so a bare "September 21", "August" or "Saturday" means the most recent one (the
publication day itself counts), unless the text says "next". Vague phrases ("recently", "in recent
months") are not dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .vocab import words


@dataclass(frozen=True)
class EventDate:
    iso: str  # as precise as the text allows: "2022-09-21", "2022-08", "2021"
    text: str  # the matched expression as it appears in the input, "" for the fallback
    start: int  # char offset of the match in the input text, -1 for the fallback
    end: int


# ordered: a month's or weekday's place in its tuple is its number
_FULL_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_AMBIGUOUS_MONTHS = words("date_ambiguous_months")  # also common words: "May said", "a march"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_RELATIVE_PHRASES = {
    "today": ("day", 0), "earlier today": ("day", 0), "this morning": ("day", 0),
    "this afternoon": ("day", 0), "this evening": ("day", 0), "tonight": ("day", 0),
    "yesterday": ("day", -1), "last night": ("day", -1), "the day before yesterday": ("day", -2),
    "last week": ("week", -1), "next week": ("week", 1),
    "this month": ("month", 0), "earlier this month": ("month", 0), "later this month": ("month", 0),
    "last month": ("month", -1), "next month": ("month", 1),
    "this year": ("year", 0), "earlier this year": ("year", 0), "later this year": ("year", 0),
    "last year": ("year", -1), "next year": ("year", 1),
}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_MONTH = (
    rf"(?P<m>(?:{_alternation(_FULL_MONTHS)})\b"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?)"
)
_DAY = r"(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<y>(?:19|20)\d\d)\b"
_YEAR_SUFFIX = rf"(?:,?\s+(?:of\s+)?{_YEAR})?"
_WEEKDAY_PREFIX = rf"(?:(?:{_alternation(_WEEKDAYS)}),?\s+)?"

_ISO = re.compile(r"(?<![\d-])(?P<x>(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d))(?![\d-])")
_MONTH_DAY = re.compile(rf"\b(?P<x>{_WEEKDAY_PREFIX}{_MONTH}\s+{_DAY}{_YEAR_SUFFIX})", re.IGNORECASE)
_DAY_MONTH = re.compile(
    rf"(?<![\d.,])\b(?P<x>{_WEEKDAY_PREFIX}{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR_SUFFIX})", re.IGNORECASE
)
_MONTH_ONLY = re.compile(
    r"(?:\b(?P<pre>in|since|of|during|until|throughout|early|late|mid)[\s-]+)?"
    rf"\b(?P<x>{_MONTH}(?!\s*\d{{1,2}}(?!\d)){_YEAR_SUFFIX})",
    re.IGNORECASE,
)
_YEAR_ONLY = re.compile(
    rf"\b(?:in|since|during|until|throughout|early|late|mid)[\s-]+(?P<x>{_YEAR})(?![-/]\d)", re.IGNORECASE
)
_WEEKDAY = re.compile(rf"\b(?P<x>(?:(?P<rel>last|next)\s+)?(?P<w>{_alternation(_WEEKDAYS)}))\b", re.IGNORECASE)
_RELATIVE = re.compile(rf"\b(?P<x>{_alternation(_RELATIVE_PHRASES)})\b", re.IGNORECASE)
_AGO = re.compile(
    rf"\b(?P<x>(?P<n>\d{{1,3}}|{_alternation(_NUMBER_WORDS)})\s+(?P<u>day|week|month|year)s?\s+ago)\b",
    re.IGNORECASE,
)


def _month_number(word: str) -> int | None:
    """1-12, or None for a lower-case "march" (the verb or noun, not the month)."""
    if word.lower().startswith("mar") and not word[0].isupper():
        return None
    return [m[:3] for m in _FULL_MONTHS].index(word[:3].lower()) + 1


def _iso_day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _latest_day(published: date, month: int, day: int) -> str | None:
    """The most recent `month`/`day` on or before `published` (looks back far enough for 29 February)."""
    for year in range(published.year, published.year - 9, -1):
        iso = _iso_day(year, month, day)
        if iso is not None and iso <= published.isoformat():
            return iso
    return None


def _shift(published: date, unit: str, amount: int) -> str:
    if unit in ("day", "week"):
        return (published + timedelta(days=amount * (7 if unit == "week" else 1))).isoformat()
    months = published.year * 12 + published.month - 1 + amount * (12 if unit == "year" else 1)
    year, month = divmod(months, 12)
    return f"{year:04d}" if unit == "year" else f"{year:04d}-{month + 1:02d}"


def _resolve_iso(match: re.Match[str], published: date) -> str | None:
    return _iso_day(int(match["y"]), int(match["mo"]), int(match["d"]))


def _resolve_day(match: re.Match[str], published: date) -> str | None:
    month = _month_number(match["m"])
    if month is None:
        return None
    if match["y"]:
        return _iso_day(int(match["y"]), month, int(match["d"]))
    return _latest_day(published, month, int(match["d"]))


def _is_month_context(word: str, pre: str | None, year: str | None) -> bool:
    """A month name with no day is a date only after a preposition, before a year, or on its own when it
    is a capitalised full name that is not also a common word ("May said", "a march")."""
    if pre or year:
        return True
    name = word.lower()
    return word[0].isupper() and name in _FULL_MONTHS and name not in _AMBIGUOUS_MONTHS


def _resolve_month(match: re.Match[str], published: date) -> str | None:
    month = _month_number(match["m"])
    if month is None or not _is_month_context(match["m"], match["pre"], match["y"]):
        return None
    if match["y"]:
        return f"{match['y']}-{month:02d}"
    year = published.year if month <= published.month else published.year - 1
    return f"{year:04d}-{month:02d}"


def _resolve_year(match: re.Match[str], published: date) -> str | None:
    return match["y"]


def _resolve_weekday(match: re.Match[str], published: date) -> str | None:
    target = _WEEKDAYS.index(match["w"].lower())
    relation = (match["rel"] or "").lower()
    if relation == "next":
        return (published + timedelta(days=(target - published.weekday()) % 7 or 7)).isoformat()
    back = (published.weekday() - target) % 7
    if relation == "last" and back == 0:
        back = 7
    return (published - timedelta(days=back)).isoformat()


def _resolve_relative(match: re.Match[str], published: date) -> str | None:
    unit, amount = _RELATIVE_PHRASES[" ".join(match["x"].lower().split())]
    return _shift(published, unit, amount)


def _resolve_ago(match: re.Match[str], published: date) -> str | None:
    count = match["n"].lower()
    amount = int(count) if count.isdigit() else _NUMBER_WORDS[count]
    return _shift(published, match["u"].lower(), -amount)


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], date], str | None]
    explicit: bool  # names a calendar date, month or year, rather than one relative to publication


_RULES = (
    _Rule(_ISO, _resolve_iso, True),
    _Rule(_MONTH_DAY, _resolve_day, True),
    _Rule(_DAY_MONTH, _resolve_day, True),
    _Rule(_MONTH_ONLY, _resolve_month, True),
    _Rule(_YEAR_ONLY, _resolve_year, True),
    _Rule(_WEEKDAY, _resolve_weekday, False),
    _Rule(_RELATIVE, _resolve_relative, False),
    _Rule(_AGO, _resolve_ago, False),
)


def _candidates(text: str, published: date) -> list[tuple[EventDate, bool]]:
    found = []
    for rule in _RULES:
        for match in rule.pattern.finditer(text):
            iso = rule.resolve(match, published)
            if iso is not None:
                found.append((EventDate(iso, match["x"], *match.span("x")), rule.explicit))
    return found


def _scan(text: str, published: date) -> list[tuple[EventDate, bool]]:
    """Candidates in text order; where two overlap the earlier, then the longer, wins."""
    kept: list[tuple[EventDate, bool]] = []
    for found in sorted(_candidates(text, published), key=lambda c: (c[0].start, c[0].start - c[0].end)):
        if not kept or found[0].start >= kept[-1][0].end:
            kept.append(found)
    return kept


def find_dates(text: str, published: date) -> list[EventDate]:
    """All date expressions in the text, in order."""
    return [found for found, _ in _scan(text, published)]


def resolve_date(text: str, published: date) -> EventDate:
    """The date of the event that `text` (a sentence or clause of an article published on `published`)
    reports: its first explicit date (calendar day, month or year), else its first relative one
    ("yesterday", "last Saturday"), else the publication date with text "" and offsets -1."""
    scanned = _scan(text, published)
    explicit = [found for found, is_explicit in scanned if is_explicit]
    if explicit:
        return explicit[0]
    if scanned:
        return scanned[0][0]
    return EventDate(published.isoformat(), "", -1, -1)
