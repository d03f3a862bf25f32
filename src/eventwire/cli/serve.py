"""`eventwire serve`: the REST API and web dashboard over a database."""

from __future__ import annotations

from ..store import DEFAULT_DB


def add_parser(commands) -> None:
    serve = commands.add_parser("serve", help="REST API and web dashboard over a database")
    serve.add_argument("--db", default=DEFAULT_DB)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--token", help="token for POST /api/code with store=true (or EVENTWIRE_TOKEN)")
    serve.add_argument("--max-body", type=int, default=1_000_000, metavar="BYTES",
                       help="largest request body accepted (default: %(default)s)")
    serve.set_defaults(run=run)


def run(args) -> int:
    from ..api.server import serve

    serve(args.db, host=args.host, port=args.port, token=args.token, max_body=args.max_body)
    return 0
