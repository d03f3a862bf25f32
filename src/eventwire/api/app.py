"""The FastAPI app: JSON API, dashboard, article view, and the static assets they need."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from . import pages, routes
from .guards import BodyLimit, SecurityHeaders
from .queries import Database

DEFAULT_MAX_BODY = 1_000_000


def create_app(db_path: str | Path, token: str | None = None, max_body: int = DEFAULT_MAX_BODY) -> FastAPI:
    """The app over an existing eventwire database.

    Without a token the database is opened read-only and POST /api/code never stores; with one, the app
    holds the database for writing and stores when a request with store=true carries the token. The
    database stays open for the app's life (`app.state.db.close()` ends it), whatever its lifespans."""
    db = Database(db_path, writable=bool(token))
    # no /docs or /redoc: FastAPI's pages load their scripts from a CDN; the OpenAPI document is enough
    app = FastAPI(title="eventwire", version=__version__, docs_url=None, redoc_url=None,
                  description="Political events coded from news articles (PLOVER/CAMEO), with their evidence.")
    app.state.db = db
    app.state.token = token or None
    app.state.coder = None
    app.state.code_lock = threading.Lock()
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.include_router(routes.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.WEB / "static"), name="static")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_body=max_body)
    return app


class AsciiJSONResponse(JSONResponse):
    """JSON with every non-ASCII character escaped: an echoed lone surrogate cannot break the encoding."""

    def render(self, content) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


async def _validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    """FastAPI's 422, made safe for inputs that are not valid Unicode (they are echoed in the errors)."""
    return AsciiJSONResponse({"detail": jsonable_encoder(error.errors())}, status_code=422)
