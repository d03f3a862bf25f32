"""The dashboard and the article view in a real headless Chromium (Playwright), served by a real uvicorn.

Screenshots go to the test's tmp dir and are copied to /tmp/eventwire-screens/ for a person to look at."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

pytest.importorskip("fastapi")
from api_fixtures import HOSTILE_ID, HOSTILE_TEXT, PLACES, build_database, running_server  # noqa: E402

from eventwire.api import create_app  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENS = Path("/tmp/eventwire-screens")


@pytest.fixture(scope="module")
def server(tmp_path_factory, coder):
    path = build_database(tmp_path_factory.mktemp("web") / "events.duckdb", coder)
    with running_server(create_app(path)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium chromium-driver)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Watched:
    """A page with its console errors, uncaught exceptions and the hosts it asked for."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1440, "height": 1000})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.hosts.add(urlsplit(request.url).hostname or ""))


@pytest.fixture
def watched(browser):
    watched = Watched(browser)
    yield watched
    watched.context.close()


def screenshot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENS / name)
    return path


def test_dashboard_shows_table_timeline_network_and_map(watched, server, tmp_path):
    page = watched.page
    page.goto(f"{server}/")
    for chart in ("timeline", "network", "map"):
        page.wait_for_selector(f"#{chart}[data-drawn=chart] .main-svg", timeout=20_000)
    total = int(page.locator("section h2 small").nth(2).inner_text().split()[0])
    assert page.locator("table.events tbody tr").count() == min(50, total) > 20
    assert page.locator("#timeline g.trace.bars g.point").count() > 0
    assert page.locator("#network g.trace.scatter").count() >= 3
    event_places = page.locator("#map g.trace.scattergeo").last.locator("path.point")  # over the backdrop
    assert event_places.count() == len(PLACES)
    assert screenshot(page, tmp_path, "dashboard.png").stat().st_size > 20_000
    assert watched.errors == []
    assert watched.hosts == {"127.0.0.1"}


def test_dashboard_filters_narrow_the_table(watched, server, tmp_path):
    page = watched.page
    page.goto(f"{server}/")
    page.fill("input[name=actor]", "RUS")
    page.select_option("select[name=type]", "ACCUSE")
    page.click("button[type=submit]")
    page.wait_for_selector("#timeline[data-drawn]", timeout=20_000)
    assert "actor=RUS" in page.url and "type=ACCUSE" in page.url
    types = page.locator("table.events tbody tr span.type").all_inner_texts()
    assert types and set(types) == {"ACCUSE"}
    assert page.locator("#timeline[data-drawn=chart]").count() == 1
    screenshot(page, tmp_path, "dashboard-filtered.png")
    assert watched.errors == []


def test_article_page_highlights_events_and_lists_them(watched, server, tmp_path):
    page = watched.page
    page.goto(f"{server}/articles/port_dispute")
    marks = {role: page.locator(f"#article-text mark.role-{role}").count() for role in ("source", "trigger", "target")}
    assert all(marks.values()), marks
    items = page.locator(".event-item")
    assert items.count() >= 3
    items.first.hover()
    event_id = items.first.get_attribute("data-event")
    focused = page.locator("#article-text mark.focus")
    assert focused.count() >= 1
    assert all(event_id in (focused.nth(i).get_attribute("data-events") or "").split() for i in range(focused.count()))
    screenshot(page, tmp_path, "article.png")
    assert watched.errors == []


def test_markup_in_an_article_is_shown_never_run(watched, server, tmp_path):
    page = watched.page
    page.goto(f"{server}/articles/{quote(HOSTILE_ID, safe='')}")
    page.wait_for_selector("#article-text mark.role-trigger")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#article-text").text_content() == HOSTILE_TEXT  # labels are drawn by CSS, not text
    assert page.locator("#article-text script, #article-text img").count() == 0
    assert page.locator("h1").inner_text() == "<b>hostile</b> title"
    screenshot(page, tmp_path, "article-hostile.png")
    assert watched.errors == []
