"""Dyad time series, the actor network and the `eventwire dyads` command, over a store filled by the coder.

The expected numbers are computed here, in Python, from the coder's own events, and compared with what
the SQL of eventwire.analysis makes of the stored copies."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from api_fixtures import build_database

from eventwire.analysis import (
    QUADS,
    EventFilter,
    actor_network,
    dyad_series,
    force_layout,
    parse_bbox,
    series_table,
)
from eventwire.cli import main
from eventwire.coding.coder import Coder, CodingOptions
from eventwire.models import Article
from eventwire.store import Store


@pytest.fixture(scope="module")
def db_path(tmp_path_factory, coder):
    return build_database(tmp_path_factory.mktemp("dyads") / "events.duckdb", coder)


@pytest.fixture(scope="module")
def stored(db_path):
    with Store(db_path, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def events(stored):
    from eventwire.records import nest

    return [nest(row) for row in stored.iter_event_rows()]


def matches(actor, value):
    return bool(actor) and (actor["id"] == value or actor["country"] == value.upper()
                            or (actor["name"] or "").lower() == value.lower())


def period_start(day: str, interval: str) -> date:
    parts = [int(p) for p in day.split("-")] + [1, 1]
    first = date(*parts[:3])
    if interval == "week":
        return first - timedelta(days=first.weekday())
    if interval == "month":
        return first.replace(day=1)
    return first


def expected_series(events, source, target, interval):
    periods = defaultdict(lambda: {"events": 0, "goldstein": 0.0, "by_type": Counter(), "by_quad": Counter()})
    for event in events:
        if matches(event["source"], source) and matches(event["target"], target) and not event["negated"]:
            entry = periods[period_start(event["date"], interval).isoformat()]
            entry["events"] += 1
            entry["goldstein"] += event["goldstein"]
            entry["by_type"][event["event_type"]] += 1
            entry["by_quad"][QUADS[event["quad_class"]]] += 1
    return dict(sorted(periods.items()))


@pytest.mark.parametrize("interval", ["day", "week", "month"])
@pytest.mark.parametrize(("source", "target"), [("RUS", "UKR"), ("UKR", "rus"), ("Russia", "Ukraine"),
                                                ("FRA", "GRC")])
def test_series_counts_what_the_coder_found(stored, events, source, target, interval):
    expected = expected_series(events, source, target, interval)
    series = dyad_series(stored.con, source, target, interval)
    assert expected, f"the test data has no {source} -> {target} event"
    assert [entry["period"] for entry in series] == list(expected)
    for entry in series:
        want = expected[entry["period"]]
        assert entry["events"] == want["events"] == sum(entry["by_type"].values()) == sum(entry["by_quad"].values())
        assert entry["goldstein"] == pytest.approx(want["goldstein"])
        assert entry["by_type"] == dict(want["by_type"])
        assert {k: v for k, v in entry["by_quad"].items() if v} == dict(want["by_quad"])
        assert entry["cooperation"] + entry["conflict"] == entry["events"]


def test_weeks_start_on_monday_and_split_the_october_events(stored):
    weeks = [entry["period"] for entry in dyad_series(stored.con, "RUS", "UKR", "week")]
    assert all(date.fromisoformat(week).weekday() == 0 for week in weeks)
    assert weeks[:3] == ["2022-10-03", "2022-10-10", "2022-11-14"]


def test_date_range_limits_the_series(stored):
    series = dyad_series(stored.con, "RUS", "UKR", "day", start=date(2022, 10, 4), end=date(2022, 10, 12))
    assert [entry["period"] for entry in series] == ["2022-10-04", "2022-10-05", "2022-10-12"]


def test_negated_events_are_not_counted(tmp_path, coder):
    negating = Coder(nlp=coder.nlp, lexicon=coder.lexicon, resolver=coder.resolver,
                     options=CodingOptions(include_negated=True))
    article = Article("neg", "Russia did not attack Ukraine on Monday. Russia accused Ukraine of lying.", date(2023, 1, 2))
    found = negating.code_article(article)
    assert {e.negated for e in found} == {True, False}
    with Store(tmp_path / "neg.duckdb") as store:
        store.write_batch([(article, found)])
        series = dyad_series(store.con, "RUS", "UKR", "day")
        network = actor_network(store.con)
    assert [(entry["period"], entry["by_type"]) for entry in series] == [("2023-01-02", {"ACCUSE": 1})]
    assert [edge["events"] for edge in network.edges] == [1]


def test_network_balance_is_cooperation_minus_conflict(stored, events):
    network = actor_network(stored.con, EventFilter(actor="RUS"))
    assert network.edges
    for edge in network.edges:
        pair = {edge["source"], edge["target"]}
        between = [e for e in events if e["target"] and {e["source"]["id"], e["target"]["id"]} == pair
                   and (matches(e["source"], "RUS") or matches(e["target"], "RUS"))]
        cooperation = sum(e["quad_class"] in (1, 2) for e in between)
        conflict = sum(e["quad_class"] in (3, 4) for e in between)
        assert (edge["events"], edge["cooperation"], edge["conflict"]) == (len(between), cooperation, conflict)
        assert edge["balance"] == pytest.approx((cooperation - conflict) / len(between), abs=1e-3)


def test_force_layout_is_deterministic_and_keeps_linked_actors_closer():
    ids = ["A", "B", "C", "D", "E", "F"]
    edges = [("A", "B", 10), ("B", "C", 1), ("D", "E", 1)]
    first, second = force_layout(ids, edges), force_layout(ids, edges)
    assert first == second
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in first.values())

    def distance(a, b):
        return ((first[a][0] - first[b][0]) ** 2 + (first[a][1] - first[b][1]) ** 2) ** 0.5

    assert distance("A", "B") < distance("A", "F")
    assert force_layout([], []) == {}


@pytest.mark.parametrize(("text", "reason"), [("1,2,3", "four"), ("a,b,c,d", "numbers"), ("5,0,1,1", "minlon <= maxlon"),
                                              ("0,0,1,95", "maxlat"), ("0,0,nan,1", "finite")])
def test_parse_bbox_says_what_is_wrong(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_bbox(text)
    assert parse_bbox(" -10,20.5,30,40 ") == (-10.0, 20.5, 30.0, 40.0)


def test_series_table_has_a_header_and_one_line_per_period(stored):
    series = dyad_series(stored.con, "RUS", "UKR", "month")
    lines = series_table(series).splitlines()
    assert lines[0].split("\t")[:3] == ["period", "events", "goldstein"]
    assert len(lines) == len(series) + 1
    assert [int(line.split("\t")[1]) for line in lines[1:]] == [entry["events"] for entry in series]


# --- the command ------------------------------------------------------------------------------------------


def test_dyads_command_prints_the_table_on_stdout(db_path, events, capsys):
    assert main(["dyads", "RUS", "UKR", "--db", str(db_path), "--interval", "month"]) == 0
    out, err = capsys.readouterr()
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    expected = expected_series(events, "RUS", "UKR", "month")
    assert {row[0]: int(row[1]) for row in rows} == {period: entry["events"] for period, entry in expected.items()}
    assert "eventwire:" not in out
    assert f"{sum(e['events'] for e in expected.values())} events from RUS to UKR" in err


def test_dyads_plot_writes_a_png(db_path, tmp_path, capsys):
    import matplotlib.image

    target = tmp_path / "rus-ukr.png"
    assert main(["dyads", "RUS", "UKR", "--db", str(db_path), "--plot", str(target)]) == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    height, width, _ = matplotlib.image.imread(target).shape
    assert width > 600 and height > 300
    assert f"wrote {target}" in capsys.readouterr().err


def test_dyads_command_errors_are_one_line(db_path, tmp_path, capsys):
    assert main(["dyads", "RUS", "UKR", "--db", str(tmp_path / "missing.duckdb")]) == 2
    assert main(["dyads", "RUS", "UKR", "--db", str(db_path), "--plot", str(tmp_path / "no/such/dir.png")]) == 2
    err = capsys.readouterr().err
    assert "no such database" in err and "cannot write" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exit_info:
        main(["dyads", "RUS", "UKR", "--interval", "year"])
    assert exit_info.value.code == 2


def test_no_events_gives_an_empty_table(db_path, capsys):
    assert main(["dyads", "NOBODY", "UKR", "--db", str(db_path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [series_table([])] and "0 events" in err


def test_network_leaves_the_callers_filter_alone(stored):
    event_filter = EventFilter(actor="RUS")
    actor_network(stored.con, event_filter)
    assert event_filter == EventFilter(actor="RUS")
