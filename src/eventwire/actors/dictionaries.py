"""Import user actor dictionaries: PETRARCH/TABARI `.actors` and `.agents` files.

Actors file: a name line (words joined by `_` or spaces, `+SYNONYM` lines after it) then one or more
code blocks `[CODE]`, `[CODE <YYMMDD]`, `[CODE >YYMMDD]` or `[CODE YYMMDD-YYMMDD]`. A code is a
three-letter state code, optionally followed by three-letter sector codes (`USAGOV`, `PSEREBHMS`).
Agents file: `TERM {PLURAL} [~SECTOR]` lines, with `!MACRO! = A, B` substitutions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..models import SECTORS

_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_JOINT_CODES = re.compile(r"^([A-Za-z+\-/]*)(.*)$", re.DOTALL)
_DATE_RANGE = re.compile(r"^(?P<code>[A-Za-z+\-]*)\s*(?:(?P<op>[<>])\s*(?P<d>\d{6,8})|"
                         r"(?P<d1>\d{6,8})\s*-\s*(?P<d2>\d{6,8}))?\s*$")


@dataclass(frozen=True)
class Role:
    country: str
    sector: str
    start: date | None = None
    end: date | None = None
    title: str = ""  # the office or role noun, e.g. "foreign minister"
    joint: tuple[tuple[str, str], ...] = ()  # further (country, sector) the name stands for: `LORIEN [ELR/GAL]`

    def active(self, when: date | None) -> bool:
        if when is None:
            return True
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass
class DictionaryActor:
    names: list[str]
    roles: list[Role] = field(default_factory=list)

    def role_on(self, when: date | None) -> Role | None:
        active = [r for r in self.roles if r.active(when)]
        return (active or self.roles or [None])[0] if when else (self.roles or [None])[0]


def split_code(code: str) -> tuple[str, str]:
    """`USAGOV` -> ("USA", "GOV"); `IGOEEU` -> ("", "IGO"); `---` -> ("", "")."""
    code = code.strip().upper()
    if not code.isalpha():
        return "", ""
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    if parts[0] in SECTORS:
        return "", parts[0]
    sector = next((p for p in parts[1:] if p in SECTORS), "")
    return parts[0], sector


def parse_date(text: str) -> date | None:
    text = text.strip()
    try:
        if len(text) == 8:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        year = int(text[:2])
        return date(year + (1900 if year > 30 else 2000), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def parse_role(block: str) -> Role | None:
    """A code block; `[ELR/GAL]` is one name for several actors (`THE_SHIRE [FRO/BIL/SAM]`): the first
    code, with the others as `joint`."""
    codes, dates = _JOINT_CODES.match(block.strip()).groups()
    first, *others = codes.split("/")
    match = _DATE_RANGE.match(first + dates)
    if not match:
        return None
    country, sector = split_code(match["code"])
    joint = tuple(code for code in map(split_code, others) if code != ("", ""))
    if not (country or sector):
        return None
    start = end = None
    if match["op"] == "<":
        end = parse_date(match["d"])
    elif match["op"] == ">":
        start = parse_date(match["d"])
    elif match["d1"]:
        start, end = parse_date(match["d1"]), parse_date(match["d2"])
    return Role(country, sector, start, end, joint=joint)


def _clean_name(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split()).strip()


def content_lines(path: Path) -> Iterator[str]:
    """The lines of a PETRARCH/TABARI dictionary without `<!-- -->` and `#` comments."""
    in_comment = False
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if in_comment or "<!--" in line:
                in_comment = "-->" not in line
                continue
            line = _strip_comment(line).rstrip()
            if line.strip():
                yield line


def _strip_comment(line: str) -> str:
    """The line up to its first `#` outside brackets (`[###]` is a code, `# note [042]` a comment)."""
    depth = 0
    for at, char in enumerate(line):
        depth += (char == "[") - (char == "]")
        if char == "#" and depth <= 0:
            return line[:at]
    return line


def read_actors(path: str | Path) -> list[DictionaryActor]:
    actors: list[DictionaryActor] = []
    current: DictionaryActor | None = None
    for line in content_lines(Path(path)):
        stripped = line.strip()
        blocks = _CODE_BLOCK.findall(stripped)
        head = _CODE_BLOCK.sub("", stripped).strip()
        if head.startswith("+") and current is not None:
            current.names.append(_clean_name(head[1:]))
        elif head and not line[0].isspace():
            current = DictionaryActor([_clean_name(head)])
            actors.append(current)
        if current is not None:
            current.roles.extend(role for role in map(parse_role, blocks) if role)
    return [a for a in actors if a.roles and a.names[0]]


def read_agents(path: str | Path) -> dict[str, str]:
    """Role term (lowercase, with plurals) -> sector code."""
    macros: dict[str, list[str]] = {}
    terms: dict[str, str] = {}
    for line in content_lines(Path(path)):
        if line.startswith("!") and "=" in line:
            name, values = line.split("=", 1)
            macros[name.strip()] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        blocks = _CODE_BLOCK.findall(line)
        if not blocks:
            continue
        sector = blocks[0].strip().lstrip("~")[:3].upper()
        if sector not in SECTORS:
            continue
        words = _CODE_BLOCK.sub("", line)
        plurals = re.findall(r"\{([^}]*)\}", words)
        term = re.sub(r"\{[^}]*\}", "", words).strip()
        forms = [term] + [p.strip() for p in plurals if p.strip()]
        if not plurals:
            forms.append(term + "S")
        for form in forms:
            for expanded in _expand_macros(form, macros):
                terms.setdefault(_clean_name(expanded).lower(), sector)
    return terms


def _expand_macros(term: str, macros: dict[str, list[str]]) -> list[str]:
    match = re.search(r"![A-Z]+!", term)
    if not match or match.group(0) not in macros:
        return [term] if "!" not in term else []
    return [
        expanded
        for value in macros[match.group(0)]
        for expanded in _expand_macros(term.replace(match.group(0), value, 1), macros)
    ]
