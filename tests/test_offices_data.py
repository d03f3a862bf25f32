"""The office-holder tables (data/offices/*.csv): valid codes, one holder at a time, terms in order."""

import csv
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

from eventwire.actors.kb import OFFICE_TITLES, parse_partial_date

OFFICES = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "offices"
HEADER = ["country", "office", "name", "aliases", "start", "end"]
VALID_ISO3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
BOTH = "head_of_state_and_government"


def table_rows():
    for path in sorted(OFFICES.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == HEADER, f"{path.name}: header {reader.fieldnames}"
            for number, row in enumerate(reader, start=2):
                yield f"{path.name}:{number}", row


ROWS = list(table_rows())


def test_there_are_office_tables():
    if not ROWS:
        pytest.skip("no office tables yet")
    assert len({row["country"] for _, row in ROWS}) >= 100


@pytest.mark.parametrize("where,row", ROWS, ids=[where for where, _ in ROWS])
def test_every_row_is_well_formed(where, row):
    assert row["country"] in VALID_ISO3, f"{where}: country {row['country']!r}"
    assert row["office"] in OFFICE_TITLES, f"{where}: office {row['office']!r}"
    assert row["name"].strip(), f"{where}: no name"
    start = parse_partial_date(row["start"])
    end = parse_partial_date(row["end"], end=True)
    assert start is not None, f"{where}: no start date"
    assert end is None or start <= end, f"{where}: starts after it ends"


def test_single_holder_offices_never_overlap():
    terms = defaultdict(list)
    for where, row in ROWS:
        offices = ["head_of_state", "head_of_government"] if row["office"] == BOTH else [row["office"]]
        for office in offices:
            start = parse_partial_date(row["start"], end=True)  # partial dates: the handover may
            end = parse_partial_date(row["end"])  # fall anywhere in the month or year given
            terms[row["country"], office].append((start, end, row["name"], where))
    overlaps = []
    for key, held in terms.items():
        held.sort(key=lambda term: term[0])
        open_ended = [term for term in held if term[1] is None]
        if len(open_ended) > 1:
            overlaps.append(f"{key}: {len(open_ended)} holders still in office")
        for (_, end, name, where), (next_start, _, next_name, _) in zip(held, held[1:]):
            if end is None or end > next_start:
                overlaps.append(f"{key}: {name} ({where}) still in office when {next_name} took over")
    assert not overlaps, "\n".join(overlaps[:20])
