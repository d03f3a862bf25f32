"""`eventwire serve`: run the API and dashboard with uvicorn, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import ipaddress
import os
import sys

from ..errors import StoreError, UsageError

LOOPBACK_NAMES = {"localhost"}


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          max_body: int = 1_000_000) -> None:
    """Serve the API and dashboard over `db` until stopped; a UsageError for what cannot be served."""
    try:
        import uvicorn

        from .app import create_app
        from .queries import NotAnEventwireDatabase
    except ImportError as error:
        raise UsageError(f"serve needs the serve extra ({error.name} is missing): "
                         "pip install 'eventwire[serve]'") from None
    if max_body < 1:
        raise UsageError("--max-body must be a positive number of bytes")
    if not 0 < port < 65536:
        raise UsageError("--port must be between 1 and 65535")
    token = token or os.environ.get("EVENTWIRE_TOKEN") or None
    try:
        app = create_app(db, token=token, max_body=max_body)
    except (FileNotFoundError, NotAnEventwireDatabase, StoreError) as error:
        raise UsageError(str(error)) from None
    except Exception as error:  # duckdb refuses a file that another process holds for writing
        raise UsageError(f"cannot open {db}: {str(error).splitlines()[0]}") from None
    if not _is_loopback(host):
        print(f"eventwire: serving on {host}: every host that reaches it can read the events",
              file=sys.stderr)
    storing = "storing with the token" if token else "read-only (no --token or EVENTWIRE_TOKEN)"
    print(f"eventwire: http://{host}:{port}/ over {db}, {storing}", file=sys.stderr)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        app.state.db.close()


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
