"""One schema: the day of an event says the same in SQL (series, API order) and in Python."""

from datetime import date

import duckdb
import pytest

from eventwire.records import FLAT_COLUMNS as RECORD_COLUMNS
from eventwire.schema import EVENT_DAY_SQL, EVENT_ORDER, FLAT_COLUMNS, event_day, gdelt_day, order_by

CASES = [
    ("2022-09-21", "2022-10-20", date(2022, 9, 21)),  # day-precise: its own day
    ("2022-10", "2022-10-20", date(2022, 10, 1)),  # a month: its first day, even when published in it
    ("2022-09", "2022-10-20", date(2022, 9, 1)),
    ("2021", "2022-10-20", date(2021, 1, 1)),  # a year: its first day
    (None, "2022-10-20", date(2022, 10, 20)),  # no date: the publication day
    ("", "2022-10-20", date(2022, 10, 20)),
    ("2022-13", "2022-10-20", date(2022, 10, 20)),  # not a date: the publication day
    ("2022-02-30", "2022-03-01", date(2022, 3, 1)),
    (None, None, None),
]


def sql_day(event_date, published):
    con = duckdb.connect()
    try:
        return con.execute(f"SELECT {EVENT_DAY_SQL} FROM (SELECT ?::VARCHAR AS date, ?::VARCHAR AS published)",
                           [event_date, published]).fetchall()[0][0]
    finally:
        con.close()


@pytest.mark.parametrize("event_date, published, expected", CASES)
def test_sql_and_python_put_an_event_on_the_same_day(event_date, published, expected):
    assert event_day(event_date, published) == expected
    assert sql_day(event_date, published) == expected


def test_the_gdelt_day_differs_only_for_a_period_that_holds_the_publication_day():
    for event_date, published, expected in CASES:
        if event_date in ("2022-10", "2022"):
            continue
        if event_date == "2022-13":
            assert gdelt_day(event_date, published) is None  # the GDELT export leaves it empty
            continue
        assert gdelt_day(event_date, published) == expected, event_date
    assert gdelt_day("2022-10", "2022-10-20") == date(2022, 10, 20)
    assert gdelt_day("2022", "2022-10-20") == date(2022, 10, 20)


def test_the_records_name_the_schemas_columns():
    assert RECORD_COLUMNS is FLAT_COLUMNS


def test_order_by_prefixes_each_column():
    assert order_by(EVENT_ORDER) == "published, article_id, sentence, trigger_start"
    assert order_by(EVENT_ORDER[2:], "e") == "e.sentence, e.trigger_start"
