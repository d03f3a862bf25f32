"""The README keeps up with the code: every command and option is documented, and the numbers it
quotes are the constants the code uses (after sqlite-utils' test_docs)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from eventwire.cli import build_parser
from eventwire.coding.coder import MAX_PAIRS, STAGES
from eventwire.distributed import IN_FLIGHT_PER_THREAD
from eventwire.export import PARQUET_ROW_GROUP
from eventwire.pipeline import BATCH_SIZE

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "sixteen": 16}


def subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {flag: action for action in parser._actions for flag in action.option_strings
            if flag.startswith("--") and flag != "--help"}


def usage_entries(text: str = README) -> dict[str, str]:
    """Command -> its usage text in the README's "Command line" block (continuation lines joined)."""
    block = text.split("## Command line", 1)[1].split("\n\n", 2)[1]
    entries: dict[str, str] = {}
    command = None
    for line in block.splitlines():
        if match := re.match(r" {4}eventwire (\w+)", line):
            command = match[1]
            entries[command] = line
        elif command and line.startswith("     "):
            entries[command] += " " + line.strip()
    return entries


def number(word: str) -> int:
    return int(word.replace(",", "")) if word[0].isdigit() else NUMBER_WORDS[word.lower()]


COMMANDS = sorted(subcommands())
OPTIONS = [(command, flag) for command in COMMANDS for flag in sorted(options(subcommands()[command]))]


def test_the_usage_block_is_found():
    assert set(usage_entries()) >= {"code", "export"}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_usage_line(command):
    assert command in usage_entries(), f"README's Command line block lacks `eventwire {command}`"


@pytest.mark.parametrize("command, flag", OPTIONS)
def test_every_option_is_in_its_commands_usage(command, flag):
    assert re.search(rf"\[{re.escape(flag)}\b", usage_entries()[command]), f"eventwire {command} {flag}"


@pytest.mark.parametrize("command", COMMANDS)
def test_the_usage_names_no_option_the_command_lacks(command):
    documented = set(re.findall(r"\[(--[a-z][a-z-]*)", usage_entries()[command]))
    assert documented - set(options(subcommands()[command])) == set()


@pytest.mark.parametrize("command, flag", [(c, f) for c, f in OPTIONS if options(subcommands()[c])[f].choices])
def test_documented_choices_are_the_parsers(command, flag):
    choices = options(subcommands()[command])[flag].choices
    documented = re.search(rf"\[{re.escape(flag)} ([\w|]+)\]", usage_entries()[command])
    assert documented and documented[1].split("|") == list(choices)


def test_the_usage_parser_reads_continuation_lines():
    text = "## Command line\n\n    eventwire code INPUT [--db PATH]\n                   [--quiet]\n    eventwire show\n\n"
    assert usage_entries(text) == {"code": "    eventwire code INPUT [--db PATH] [--quiet]", "show": "    eventwire show"}


@pytest.mark.parametrize("pattern, constant", [
    (r"at most (\w+) pairs per predicate", MAX_PAIRS),
    (r"Each batch of (\d+) articles is stored in one DuckDB transaction", BATCH_SIZE),
    (r"At most (\w+) partitions per worker thread are in flight", IN_FLIGHT_PER_THREAD),
    (r"one row group of at most ([\d,]+) rows", PARQUET_ROW_GROUP),
])
def test_numbers_in_the_readme_are_the_codes(pattern, constant):
    found = re.findall(pattern, " ".join(README.split()))
    assert found, f"README no longer says {pattern!r}"
    assert [number(word) for word in found] == [constant] * len(found)


def test_the_max_body_default_is_the_readmes():
    default = options(subcommands()["serve"])["--max-body"].default
    assert "body over `--max-body` (default 1 MB)" in README and default == 1_000_000


def test_the_readmes_stage_table_is_the_coders_stage_list():
    section = README.split("## How it works", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(\w+)` \| \w+ \|", section, flags=re.M)
    assert documented == [stage.name for stage in STAGES]
