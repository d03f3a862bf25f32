"""`eventwire serve`: run the API and dashboard with uvicorn, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import ipaddress
import os
import sys

LOOPBACK_NAMES = {"localhost"}


def serve_command(args) -> int:
    try:
        import uvicorn

        from .app import create_app
        from .queries import NotAnEventwireDatabase
    except ImportError as error:
        return _fail(f"serve needs the serve extra ({error.name} is missing): pip install 'eventwire[serve]'")
    if args.max_body < 1:
        return _fail("--max-body must be a positive number of bytes")
    if not 0 < args.port < 65536:
        return _fail("--port must be between 1 and 65535")
    token = args.token or os.environ.get("EVENTWIRE_TOKEN") or None
    try:
        app = create_app(args.db, token=token, max_body=args.max_body)
    except (FileNotFoundError, NotAnEventwireDatabase) as error:
        return _fail(str(error))
    except Exception as error:  # duckdb refuses a file that another process holds for writing
        return _fail(f"cannot open {args.db}: {str(error).splitlines()[0]}")
    if not _is_loopback(args.host):
        print(f"eventwire: serving on {args.host}: every host that reaches it can read the events",
              file=sys.stderr)
    storing = "storing with the token" if token else "read-only (no --token or EVENTWIRE_TOKEN)"
    print(f"eventwire: http://{args.host}:{args.port}/ over {args.db}, {storing}", file=sys.stderr)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        app.state.db.close()
    return 0


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _fail(message: str) -> int:
    print(f"eventwire: {message}", file=sys.stderr)
    return 2
