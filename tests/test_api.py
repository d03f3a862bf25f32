"""The REST API and the pages, through FastAPI's TestClient and a real uvicorn server, over a real DuckDB
store filled by coding the repository's examples and a few articles of our own."""

from __future__ import annotations

import hmac
import html
import shutil
import socket
from collections import Counter
from datetime import date, timedelta
from urllib.parse import quote, urlsplit

import duckdb
import pytest

pytest.importorskip("fastapi")
from api_fixtures import HOSTILE_ID, HOSTILE_TEXT, PLACES, build_database, running_server  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from eventwire.api import create_app  # noqa: E402
from eventwire.api.pages import plotly_bundle  # noqa: E402
from eventwire.cli import build_parser, main  # noqa: E402

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory, coder):
    return build_database(tmp_path_factory.mktemp("api") / "events.duckdb", coder)


@pytest.fixture(scope="module")
def client(db_path):
    return TestClient(create_app(db_path))


@pytest.fixture(scope="module")
def all_events(client):
    body = client.get("/api/events", params={"limit": 1000}).json()
    assert body["total"] == len(body["events"]) > 20
    return body["events"]


def stored_count(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT count(*) FROM events").fetchone()[0]


# --- events --------------------------------------------------------------------------------------------


def test_total_is_the_number_of_stored_events(client, db_path, all_events):
    assert len(all_events) == stored_count(db_path)
    assert len({e["id"] for e in all_events}) == len(all_events)


def test_pages_cover_every_event_once(client, all_events):
    seen = []
    for offset in range(0, len(all_events) + 7, 7):
        page = client.get("/api/events", params={"limit": 7, "offset": offset}).json()
        assert page["total"] == len(all_events)
        seen += [e["id"] for e in page["events"]]
    assert seen == [e["id"] for e in all_events]


@pytest.mark.parametrize("limit", ["0", "1001", "-1", "ten", "1e3", ""])
def test_limit_outside_1_to_1000_is_refused(client, limit):
    response = client.get("/api/events", params={"limit": limit})
    assert response.status_code == 422


@pytest.mark.parametrize("limit", [1, 1000])
def test_limit_bounds_are_accepted(client, limit, all_events):
    body = client.get("/api/events", params={"limit": limit}).json()
    assert len(body["events"]) == min(limit, len(all_events))


def actor_matches(actor, value):
    return bool(actor) and (actor["id"] == value or actor["country"] == value.upper()
                            or (actor["name"] or "").lower() == value.lower())


def period_bounds(text):
    """First and last day of the period an event date names ("2022", "2022-10", "2022-10-21")."""
    parts = [int(p) for p in text[:10].split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return date(*parts), date(*parts)


FILTERS = [
    ({"type": "ACCUSE"}, lambda e: e["event_type"] == "ACCUSE"),
    ({"type": "accuse"}, lambda e: e["event_type"] == "ACCUSE"),
    ({"actor": "RUS"}, lambda e: actor_matches(e["source"], "RUS") or actor_matches(e["target"], "RUS")),
    ({"source": "rus"}, lambda e: actor_matches(e["source"], "rus")),
    ({"target": "UKR"}, lambda e: actor_matches(e["target"], "UKR")),
    ({"actor": "greece"}, lambda e: actor_matches(e["source"], "greece") or actor_matches(e["target"], "greece")),
    ({"q": "ambassador"}, lambda e: "ambassador" in e["evidence"]["text"].lower()),
    ({"from": "2022-10-04", "to": "2022-10-31"},
     lambda e: period_bounds(e["date"])[1] >= date(2022, 10, 4) and period_bounds(e["date"])[0] <= date(2022, 10, 31)),
    ({"from": "2022-04-15", "to": "2022-04-16"},  # an event dated "2022-04" overlaps these two days
     lambda e: period_bounds(e["date"])[1] >= date(2022, 4, 15) and period_bounds(e["date"])[0] <= date(2022, 4, 16)),
    ({"type": "ACCUSE", "actor": "UKR", "to": "2022-10-31"},
     lambda e: e["event_type"] == "ACCUSE" and (actor_matches(e["source"], "UKR") or actor_matches(e["target"], "UKR"))
     and period_bounds(e["date"])[0] <= date(2022, 10, 31)),
]


@pytest.mark.parametrize(("params", "keep"), FILTERS, ids=[str(p) for p, _ in FILTERS])
def test_filters_select_the_events_they_name(client, all_events, params, keep):
    expected = {e["id"] for e in all_events if keep(e)}
    body = client.get("/api/events", params={**params, "limit": 1000}).json()
    assert {e["id"] for e in body["events"]} == expected
    assert body["total"] == len(expected)
    assert expected, f"the test data has no event for {params}"


def test_month_precision_events_are_found_by_a_day_in_their_month(client, all_events):
    month_dated = [e for e in all_events if len(e["date"]) == 7]
    assert month_dated, "the examples have events dated to the month"
    event = month_dated[0]
    day = event["date"] + "-15"
    body = client.get("/api/events", params={"from": day, "to": day, "limit": 1000}).json()
    assert event["id"] in {e["id"] for e in body["events"]}


@pytest.mark.parametrize("param", ["actor", "source", "target", "type", "q"])
@pytest.mark.parametrize("value", ["' OR 1=1 --", "%", "_", "\"; DROP TABLE events; --", "RUS' OR '1'='1"])
def test_injection_is_only_ever_a_string(client, db_path, all_events, param, value):
    literal = {
        "actor": lambda e: actor_matches(e["source"], value) or actor_matches(e["target"], value),
        "source": lambda e: actor_matches(e["source"], value),
        "target": lambda e: actor_matches(e["target"], value),
        "type": lambda e: e["event_type"] == value.upper(),
        "q": lambda e: value.lower() in e["evidence"]["text"].lower(),
    }[param]
    body = client.get("/api/events", params={param: value, "limit": 1000}).json()
    assert {e["id"] for e in body["events"]} == {e["id"] for e in all_events if literal(e)}
    assert body["total"] < len(all_events)
    assert stored_count(db_path) == len(all_events)


@pytest.mark.parametrize(("params", "fragment"), [
    ({"from": "2022-13-01"}, "date"), ({"from": "yesterday"}, "date"),
    ({"from": "2022-11-01", "to": "2022-10-01"}, "after"), ({"country": "ABCD"}, "3"),
    ({"offset": "-5"}, "greater"), ({"offset": str(10**30)}, "less"),
])
def test_bad_parameters_get_422_with_a_reason(client, params, fragment):
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert fragment in str(response.json()["detail"])


# --- locations ------------------------------------------------------------------------------------------


def test_events_carry_their_location_or_null(client, all_events):
    located = {e["article_id"]: e["location"] for e in all_events if e.get("location")}
    assert set(located) == set(PLACES)
    for article_id, (name, country, lat, lon) in PLACES.items():
        assert (located[article_id]["name"], located[article_id]["country"]) == (name, country)
        assert (located[article_id]["lat"], located[article_id]["lon"]) == (lat, lon)
    assert all("location" in e for e in all_events)


@pytest.mark.parametrize(("params", "articles"), [
    ({"country": "UKR"}, {"dyad-2"}), ({"country": "tur"}, {"dyad-3"}), ({"country": "FRA"}, set()),
    ({"bbox": "37,48,39,49"}, {"dyad-2"}), ({"bbox": "20,35,45,50"}, {"dyad-2", "dyad-3"}),
    ({"bbox": "-180,-90,180,90", "type": "CONSULT"}, {"dyad-3"}), ({"bbox": "0,0,1,1"}, set()),
])
def test_location_filters(client, all_events, params, articles):
    body = client.get("/api/events", params={**params, "limit": 1000}).json()
    assert {e["article_id"] for e in body["events"]} == articles
    expected = [e for e in all_events if e["article_id"] in articles and e.get("location")
                and (params.get("type") is None or e["event_type"] == params["type"])]
    assert body["total"] == len(expected)


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "10,0,5,1", "0,-91,1,1", "0,0,181,1", "nan,0,1,1", "0,0,inf,1"])
def test_bad_bbox_is_refused(client, bbox):
    response = client.get("/api/events", params={"bbox": bbox})
    assert response.status_code == 422
    assert "bbox" in response.json()["detail"][0]["msg"]


def test_locations_endpoint_counts_events_per_place(client, all_events):
    places = client.get("/api/locations").json()["locations"]
    counts = Counter(e["location"]["name"] for e in all_events if e.get("location"))
    assert {p["name"]: p["events"] for p in places} == dict(counts)


@pytest.fixture(scope="module")
def client_without_locations(tmp_path_factory, coder):
    path = build_database(tmp_path_factory.mktemp("plain") / "events.duckdb", coder, with_locations=False)
    return TestClient(create_app(path))


def test_a_database_without_location_columns_still_serves(client_without_locations, all_events):
    client = client_without_locations
    body = client.get("/api/events", params={"limit": 1000}).json()
    assert body["total"] == len(all_events)
    assert all("location_lat" not in e for e in body["events"])
    assert client.get("/api/events", params={"country": "UKR"}).json()["total"] == 0
    assert client.get("/api/events", params={"bbox": "-180,-90,180,90"}).json()["total"] == 0
    assert client.get("/api/locations").json() == {"locations": []}
    page = client.get("/")
    assert page.status_code == 200 and "No event in this database has a location yet" in page.text


# --- actors, dyads, network ---------------------------------------------------------------------------


def test_actor_counts_match_their_events(client, all_events):
    actors = client.get("/api/actors", params={"limit": 1000}).json()
    assert actors["total"] == len(actors["actors"]) > 5
    for actor in actors["actors"]:
        as_source = sum(e["source"]["id"] == actor["id"] for e in all_events)
        as_target = sum(bool(e["target"]) and e["target"]["id"] == actor["id"] for e in all_events)
        assert (actor["as_source"], actor["as_target"], actor["events"]) == (as_source, as_target, as_source + as_target)
    counts = [a["events"] for a in actors["actors"]]
    assert counts == sorted(counts, reverse=True)


def test_actor_detail_lists_names_and_roles_with_dates(client, all_events):
    mentions = [(e[role], e["date"]) for e in all_events for role in ("source", "target")
                if e[role] and e[role]["id"] == "RUS"]
    detail = client.get("/api/actors/RUS").json()
    assert {n["text"] for n in detail["names"]} == {actor["text"] for actor, _ in mentions}
    assert sum(role["events"] for role in detail["roles"]) == len(mentions)
    days = sorted(day for _, day in mentions)
    assert min(r["first"] for r in detail["roles"]) == days[0]
    assert max(r["last"] for r in detail["roles"]) == days[-1]


def test_unknown_items_are_404(client):
    assert client.get("/api/actors/NOPE").status_code == 404
    assert client.get("/api/articles/no-such-article").status_code == 404
    assert client.get("/articles/no-such-article").status_code == 404


def test_dyads_need_a_source_a_target_and_a_known_interval(client):
    assert client.get("/api/dyads", params={"source": "RUS"}).status_code == 422
    assert client.get("/api/dyads", params={"source": "RUS", "target": "UKR", "interval": "year"}).status_code == 422
    body = client.get("/api/dyads", params={"source": "RUS", "target": "UKR", "interval": "month"}).json()
    assert [p["period"] for p in body["periods"]] == ["2022-10-01", "2022-11-01"]


def test_network_edges_count_the_events_between_two_actors(client, all_events):
    network = client.get("/api/network", params={"max_nodes": 200}).json()
    pairs = Counter(tuple(sorted((e["source"]["id"], e["target"]["id"]))) for e in all_events
                    if e["target"] and e["target"]["id"] != e["source"]["id"] and not e["negated"]
                    and not e["hypothetical"])
    assert {(edge["source"], edge["target"]): edge["events"] for edge in network["edges"]} == dict(pairs)
    assert all(-1 <= node["x"] <= 1 and -1 <= node["y"] <= 1 for node in network["nodes"])
    assert len(client.get("/api/network", params={"max_nodes": 3}).json()["nodes"]) == 3


# --- articles and evidence ------------------------------------------------------------------------------


def test_article_events_point_into_the_text(client, all_events):
    for article_id in {e["article_id"] for e in all_events}:
        article = client.get(f"/api/articles/{quote(article_id, safe='')}").json()
        assert article["id"] == article_id and article["events"]
        for event in article["events"]:
            evidence = event["evidence"]
            assert article["text"][evidence["start"]:evidence["end"]] == evidence["text"]
            words = article["text"][event["trigger_start"]:event["trigger_end"]].split()
            trigger = event["trigger"].split()  # the event words, which may be apart ("lodge a formal protest")
            assert (words[0], words[-1]) == (trigger[0], trigger[-1])


def test_hostile_article_id_round_trips(client):
    article = client.get(f"/api/articles/{quote(HOSTILE_ID, safe='')}").json()
    assert article["id"] == HOSTILE_ID and article["text"] == HOSTILE_TEXT


def test_article_page_renders_markup_as_text(client):
    page = client.get(f"/articles/{quote(HOSTILE_ID, safe='')}")
    assert page.status_code == 200
    assert "<script>window.__xss" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in page.text
    assert "&lt;b&gt;hostile&lt;/b&gt; title" in page.text
    assert 'href="javascript:' not in page.text
    assert page.text.count('class="role-trigger') >= 2


def test_pages_forbid_inline_and_foreign_scripts(client):
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("style-src")[0]


def test_dashboard_lists_events_and_loads_plotly_from_this_server(client, all_events):
    page = client.get("/", params={"type": "ACCUSE"})
    assert page.status_code == 200
    accuse = [e for e in all_events if e["event_type"] == "ACCUSE"]
    assert page.text.count('<span class="type">ACCUSE</span>') == len(accuse)
    assert '<script src="/assets/plotly.min.js"></script>' in page.text
    assert "cdn" not in page.text.lower()
    bundle = client.get("/assets/plotly.min.js")
    assert bundle.status_code == 200 and bundle.headers["content-type"].startswith("text/javascript")
    assert bundle.content == plotly_bundle().read_bytes()


def test_no_page_loads_anything_from_a_cdn(client):
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
    assert client.get("/openapi.json").json()["info"]["title"] == "eventwire"
    basemap = client.get("/assets/basemap.json").json()
    assert len(basemap["lat"]) == len(basemap["lon"]) > 1000
    assert all(-90 <= lat <= 90 for lat in basemap["lat"]) and all(-180 <= lon <= 180 for lon in basemap["lon"])


def test_dashboard_reports_a_bad_filter_in_one_line(client):
    page = client.get("/", params={"from": "not-a-date", "type": "NOPE"})
    assert page.status_code == 400
    text = html.unescape(page.text)
    assert "'not-a-date' is not a date" in text and "'NOPE' is not a PLOVER event type" in text


# --- POST /api/code -------------------------------------------------------------------------------------


def test_code_without_store_codes_and_stores_nothing(client, db_path):
    before = stored_count(db_path)
    text = "Greece accused Turkey of violating its airspace on Monday."
    response = client.post("/api/code", json={"text": text, "date": "2023-05-02"})
    assert response.status_code == 200
    body = response.json()
    assert body["stored"] is False and body["events"]
    for event in body["events"]:
        assert text[event["evidence"]["start"]:event["evidence"]["end"]] == event["evidence"]["text"]
    assert stored_count(db_path) == before


@pytest.mark.parametrize(("body", "headers"), [
    ("{not json", {"content-type": "application/json"}),
    ('{"text": "Russia attacked Ukraine."', {"content-type": "application/json"}),
    ("[]", {"content-type": "application/json"}),
    ('{"text": 5, "date": "2022-01-01"}', {"content-type": "application/json"}),
    ('{"text": "x", "date": "2022-02-30"}', {"content-type": "application/json"}),
    ('{"text": "", "date": "2022-01-01"}', {"content-type": "application/json"}),
    ('{"text": "x", "date": "2022-01-01", "sql": "DROP"}', {"content-type": "application/json"}),
    ("text=x&date=2022-01-01", {"content-type": "application/x-www-form-urlencoded"}),
    ('{"text": "\\ud800 Russia attacked Ukraine.", "date": "2022-01-01", "store": "maybe"}',
     {"content-type": "application/json"}),
])
def test_malformed_requests_get_4xx(client, body, headers):
    response = client.post("/api/code", content=body, headers=headers)
    assert 400 <= response.status_code < 500


def test_lone_surrogates_are_refused_in_one_message(client):
    response = client.post("/api/code", content='{"text": "Russia attacked Ukraine \\ud800 today.", "date": "2022-01-01"}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 422 and "unicode" in response.json()["detail"][0]["msg"]


def test_store_needs_a_server_token(client):
    response = client.post("/api/code", json={"text": "Russia attacked Ukraine.", "date": "2022-01-01", "store": True},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403 and "--token" in response.json()["detail"]


@pytest.fixture
def writable(db_path, tmp_path):
    """A copy of the database served with a token; counted through the app's own connection (DuckDB lets
    one process open a file with one configuration only)."""
    copy = tmp_path / "writable.duckdb"
    shutil.copy(db_path, copy)
    app = create_app(copy, token=TOKEN)

    def count(article_id=None):
        with app.state.db.cursor() as cursor:
            return cursor.execute("SELECT count(*) FROM events WHERE ? IS NULL OR article_id = ?",
                                  [article_id, article_id]).fetchone()[0]

    with TestClient(app) as client:
        yield client, count


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN, "Bearer "])
def test_store_with_a_wrong_or_missing_token_is_401(writable, authorization):
    client, count = writable
    before = count()
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = client.post("/api/code", json={"text": "Russia attacked Ukraine.", "date": "2022-01-01", "store": True},
                           headers=headers)
    assert response.status_code == 401
    assert count() == before


def test_store_with_the_token_stores_and_compares_in_constant_time(writable, monkeypatch):
    client, count = writable
    compared = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: compared.append((a, b)) or real(a, b))
    text = "Turkey accused Greece of provocations on Friday."
    response = client.post("/api/code", json={"text": text, "date": "2023-06-02", "id": "api-stored", "store": True},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.json()["stored"] is True
    assert compared == [(TOKEN.encode(), TOKEN.encode())]
    events = response.json()["events"]
    assert count("api-stored") == len(events) > 0
    assert client.get("/api/articles/api-stored").json()["text"] == text


# --- request size, against a real server ----------------------------------------------------------------


@pytest.fixture(scope="module")
def small_server(db_path):
    app = create_app(db_path, max_body=1000)
    with running_server(app) as url:
        yield url


def raw_request(url, head: bytes, body_parts: list[bytes]) -> bytes:
    """Send a request by hand (head, then each body part) and read what the server answers."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(head)
        for part in body_parts:
            sock.sendall(part)
        return sock.recv(65536)


def test_declared_oversize_body_gets_413_before_it_is_sent(small_server):
    head = (b"POST /api/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 50000000\r\n\r\n")
    answer = raw_request(small_server, head, [b'{"text": "'])  # 10 bytes of the 50 MB announced
    assert answer.startswith(b"HTTP/1.1 413")


def test_chunked_oversize_body_gets_413_once_past_the_limit(small_server):
    head = (b"POST /api/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"a" * 600
    parts = [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * 2  # 1200 bytes, and never the closing chunk
    answer = raw_request(small_server, head, parts)
    assert answer.startswith(b"HTTP/1.1 413")


def test_body_within_the_limit_is_served(small_server):
    import httpx

    response = httpx.post(f"{small_server}/api/code", json={"text": "Russia attacked Ukraine.", "date": "2022-01-01"})
    assert response.status_code == 200 and response.json()["events"]
    response = httpx.post(f"{small_server}/api/code", json={"text": "x" * 2000, "date": "2022-01-01"})
    assert response.status_code == 413


# --- the serve command ----------------------------------------------------------------------------------


def test_serve_binds_loopback_by_default():
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.max_body) == ("127.0.0.1", 8000, 1_000_000)


def test_serve_refuses_a_missing_or_foreign_database(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "missing.duckdb")]) == 2
    foreign = tmp_path / "foreign.duckdb"
    duckdb.connect(str(foreign)).close()
    assert main(["serve", "--db", str(foreign)]) == 2
    err = capsys.readouterr().err
    assert "no such database" in err and "not an eventwire database" in err and "Traceback" not in err
