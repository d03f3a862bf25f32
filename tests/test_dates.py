"""Date expressions in news text, resolved against the publication date (Thursday 2022-10-20 unless noted)."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.dates import EventDate, find_dates, resolve_date

PUBLISHED = date(2022, 10, 20)  # a Thursday
NEW_YEAR = date(2022, 1, 5)


def check(sentence: str, published: date, iso: str, text: str) -> None:
    found = resolve_date(sentence, published)
    assert (found.iso, found.text) == (iso, text)
    assert sentence[found.start : found.end] == found.text


@pytest.mark.parametrize(
    "sentence, iso, text",
    [
        ("On September 21, the embassy issued a warning.", "2022-09-21", "September 21"),
        ("Talks collapsed September 21 after a week.", "2022-09-21", "September 21"),
        ("Talks collapsed on 21 September.", "2022-09-21", "21 September"),
        ("Troops crossed on Sept. 21.", "2022-09-21", "Sept. 21"),
        ("Troops crossed on Sep 21.", "2022-09-21", "Sep 21"),
        ("Troops crossed on September 21st.", "2022-09-21", "September 21st"),
        ("Troops crossed on the 21st of September.", "2022-09-21", "21st of September"),
        ("Troops crossed on Wednesday, September 21.", "2022-09-21", "Wednesday, September 21"),
        ("The vote was held on October 20.", "2022-10-20", "October 20"),
        ("The vote was held on October 25.", "2021-10-25", "October 25"),
        ("The treaty was signed September 21, 2022.", "2022-09-21", "September 21, 2022"),
        ("The treaty was signed 21 September 2021.", "2021-09-21", "21 September 2021"),
        ("The treaty was signed on 2022-09-21.", "2022-09-21", "2022-09-21"),
        ("An envoy visited February 29.", "2020-02-29", "February 29"),
        ("ON SEPTEMBER 21 THE EMBASSY CLOSED.", "2022-09-21", "SEPTEMBER 21"),
    ],
)
def test_explicit_days(sentence: str, iso: str, text: str) -> None:
    check(sentence, PUBLISHED, iso, text)


@pytest.mark.parametrize(
    "sentence, iso, text",
    [
        ("The row erupted in August.", "2022-08", "August"),
        ("August was the bloodiest month.", "2022-08", "August"),
        ("The row erupted in November.", "2021-11", "November"),
        ("The row erupted in October.", "2022-10", "October"),
        ("The row erupted in August 2021.", "2021-08", "August 2021"),
        ("The row erupted in mid-August.", "2022-08", "August"),
        ("The row erupted in early May.", "2022-05", "May"),
        ("Fighting has continued since March.", "2022-03", "March"),
        ("The row erupted in 2021.", "2021", "2021"),
        ("Sanctions have applied since 2014.", "2014", "2014"),
    ],
)
def test_explicit_months_and_years(sentence: str, iso: str, text: str) -> None:
    check(sentence, PUBLISHED, iso, text)


@pytest.mark.parametrize(
    "sentence, iso, text",
    [
        ("Police fired tear gas on Saturday.", "2022-10-15", "Saturday"),
        ("Police fired tear gas Saturday.", "2022-10-15", "Saturday"),
        ("Police fired tear gas on Thursday.", "2022-10-20", "Thursday"),
        ("Police fired tear gas last Saturday.", "2022-10-15", "last Saturday"),
        ("Police fired tear gas last Thursday.", "2022-10-13", "last Thursday"),
        ("The ministers will meet next Monday.", "2022-10-24", "next Monday"),
        ("The ministers will meet next Thursday.", "2022-10-27", "next Thursday"),
    ],
)
def test_weekdays(sentence: str, iso: str, text: str) -> None:
    check(sentence, PUBLISHED, iso, text)


@pytest.mark.parametrize(
    "sentence, iso, text",
    [
        ("Protesters gathered today.", "2022-10-20", "today"),
        ("Protesters gathered this morning.", "2022-10-20", "this morning"),
        ("Protesters will gather tonight.", "2022-10-20", "tonight"),
        ("Protesters gathered earlier today.", "2022-10-20", "earlier today"),
        ("Yesterday protesters gathered.", "2022-10-19", "Yesterday"),
        ("Protesters gathered last night.", "2022-10-19", "last night"),
        ("Protesters gathered the day before yesterday.", "2022-10-18", "the day before yesterday"),
        ("Protesters gathered last week.", "2022-10-13", "last week"),
        ("Earlier this month, protesters gathered.", "2022-10", "Earlier this month"),
        ("Protesters gathered this month.", "2022-10", "this month"),
        ("Protesters gathered last month.", "2022-09", "last month"),
        ("Protesters gathered earlier this year.", "2022", "earlier this year"),
        ("Protesters gathered this year.", "2022", "this year"),
        ("Protesters gathered last year.", "2021", "last year"),
        ("Protesters gathered 3 days ago.", "2022-10-17", "3 days ago"),
        ("Protesters gathered two days ago.", "2022-10-18", "two days ago"),
        ("Protesters gathered eleven days ago.", "2022-10-09", "eleven days ago"),
        ("Protesters gathered a week ago.", "2022-10-13", "a week ago"),
        ("Protesters gathered three weeks ago.", "2022-09-29", "three weeks ago"),
        ("Protesters gathered two months ago.", "2022-08", "two months ago"),
        ("Protesters gathered twelve months ago.", "2021-10", "twelve months ago"),
        ("Protesters gathered five years ago.", "2017", "five years ago"),
    ],
)
def test_relative_expressions(sentence: str, iso: str, text: str) -> None:
    check(sentence, PUBLISHED, iso, text)


@pytest.mark.parametrize(
    "sentence, iso, text",
    [
        ("The row erupted in December.", "2021-12", "December"),
        ("The row erupted last month.", "2021-12", "last month"),
        ("The row erupted December 30.", "2021-12-30", "December 30"),
        ("The row erupted two months ago.", "2021-11", "two months ago"),
        ("The row erupted last year.", "2021", "last year"),
        ("The row erupted last Saturday.", "2022-01-01", "last Saturday"),
        ("The ministers will meet next month.", "2022-02", "next month"),
    ],
)
def test_year_boundary(sentence: str, iso: str, text: str) -> None:
    check(sentence, NEW_YEAR, iso, text)


@pytest.mark.parametrize(
    "sentence, iso, text",
    [
        (
            "The major row erupted after the diplomat, during an interview with noted Kazakh blogger "
            "Dias Kuzairov in August, said ...",
            "2022-08",
            "August",
        ),
        ("Earlier this month, Kazakhstan's foreign ministry summoned Russia's ambassador", "2022-10",
         "Earlier this month"),
        ("On September 21, the Embassy of Kyrgyzstan in Russia told their citizens", "2022-09-21",
         "September 21"),
        ("Relations between Russia and Kazakhstan deteriorated in recent months", "2022-10-20", ""),
    ],
)
def test_real_article(sentence: str, iso: str, text: str) -> None:
    found = resolve_date(sentence, PUBLISHED)
    assert (found.iso, found.text) == (iso, text)


@pytest.mark.parametrize(
    "sentence, iso, text",
    [
        ("The leaders met on May 9.", "2022-05-09", "May 9"),
        ("The leaders met on 9 May.", "2022-05-09", "9 May"),
        ("The leaders met in May.", "2022-05", "May"),
        ("The leaders met in late May.", "2022-05", "May"),
        ("The leaders met in May 2021.", "2021-05", "May 2021"),
        ("The leaders met on March 3.", "2022-03-03", "March 3"),
        ("The leaders met in March.", "2022-03", "March"),
    ],
)
def test_may_and_march_as_months(sentence: str, iso: str, text: str) -> None:
    check(sentence, PUBLISHED, iso, text)


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides may meet again.",
        "May said the talks had failed.",
        "Pressure on May to resign grew.",
        "Thousands joined a march through the capital.",
        "Protesters march on parliament.",
        "Officials recently said talks would resume.",
        "Relations deteriorated in recent months.",
        "The august assembly adjourned.",
        "A crowd of 2000 gathered.",
        "The army deployed 21 tanks.",
        "An envoy visited February 30.",
        "No date is mentioned here.",
    ],
)
def test_non_dates_fall_back_to_publication(sentence: str) -> None:
    assert find_dates(sentence, PUBLISHED) == []
    assert resolve_date(sentence, PUBLISHED) == EventDate("2022-10-20", "", -1, -1)


def test_find_dates_returns_every_expression_in_text_order() -> None:
    sentence = "Yesterday the minister, who visited on September 21 and last week, said talks resume next Monday."
    found = find_dates(sentence, PUBLISHED)
    assert [(d.iso, d.text) for d in found] == [
        ("2022-10-19", "Yesterday"),
        ("2022-09-21", "September 21"),
        ("2022-10-13", "last week"),
        ("2022-10-24", "next Monday"),
    ]
    assert all(sentence[d.start : d.end] == d.text for d in found)


def test_find_dates_reports_overlapping_expressions_once() -> None:
    found = find_dates("It happened on Wednesday, September 21, the day before yesterday.", PUBLISHED)
    assert [d.text for d in found] == ["Wednesday, September 21", "the day before yesterday"]


def test_resolve_date_prefers_the_first_explicit_date() -> None:
    sentence = "Yesterday the minister said the accord signed on September 21 and in August was void."
    assert resolve_date(sentence, PUBLISHED).text == "September 21"


def test_resolve_date_falls_back_to_the_first_relative_date() -> None:
    assert resolve_date("Yesterday, and again last week, officials met.", PUBLISHED).text == "Yesterday"
