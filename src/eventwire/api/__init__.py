"""REST API and web dashboard over an eventwire database (needs the `serve` extra: fastapi, uvicorn, plotly)."""

from .app import create_app

__all__ = ["create_app"]
