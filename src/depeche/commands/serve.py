"""`depeche serve`: the HTTP API and the web page over a store (FastAPI + uvicorn)."""
from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path
from typing import TextIO

from ..store.dialect import is_postgres
from .corpus import DB_HELP, default_db, shown_db
from .exits import EXIT_OK, EXIT_USAGE


def register(sub) -> None:
    p = sub.add_parser(
        "serve", help="serve a store: JSON API and a web page (map, stories, quotes)",
        description="Serve a store over HTTP: a JSON API (/api/..., schema at "
                    "/api/openapi.json) and a web page at / with the events on a map, a "
                    "timeline, articles with their spans, stories and quotes. Nothing is "
                    "fetched from another site: the page works offline.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""\
examples:
  depeche ingest articles.jsonl --db news.db && depeche serve --db news.db
  depeche serve --db news.db --port 8080        then open http://127.0.0.1:8080/
  depeche serve --db postgresql://depeche@dbhost/news --workers 4 --host 0.0.0.0

The page and the API read the store; POST /api/analyze analyses one article
without storing it (the spaCy model is loaded on the first such request).
Listening on another address than 127.0.0.1 exposes the store to the network:
/api/analyze is then off unless --analyze is given, and requests must name the
server by its address, localhost or an --allowed-host (see SECURITY.md).""")
    p.add_argument("--db", metavar="FILE|URL", default=default_db(),
                   help="the store to serve: " + DB_HELP.removeprefix("the store: "))
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--max-body", type=int, default=None, metavar="BYTES",
                   help="largest article POST /api/analyze accepts (default: 1000000)")
    p.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                   dest="allowed_hosts",
                   help="also answer requests whose Host is NAME (repeatable), e.g. the "
                        "name a reverse proxy forwards; by default only the --host "
                        "address and localhost are (against DNS rebinding)")
    p.add_argument("--analyze", action=argparse.BooleanOptionalAction, default=None,
                   help="answer POST /api/analyze (runs the engine for any client: at "
                        "most 2 at once, 60 s each); default: on when listening on "
                        "loopback only, off otherwise")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="server processes (default: 1); more use more cores, each with "
                        "its own connections (and its own model, if /api/analyze is used)")
    p.set_defaults(func=cmd_serve)


def is_loopback(host: str) -> bool:
    """Whether `host` (an address or a name to listen on) reaches this machine only."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cmd_serve(args, out: TextIO) -> int:
    if not 0 < args.port < 65536:
        print(f"depeche: --port {args.port}: give a port between 1 and 65535", file=sys.stderr)
        return EXIT_USAGE
    try:
        from ..web import create_app
        from ..web.server import run
    except ImportError as exc:      # pragma: no cover - both are dependencies
        print(f"depeche: serving needs fastapi and uvicorn ({exc}); "
              f"pip install 'fastapi' 'uvicorn'", file=sys.stderr)
        return EXIT_USAGE
    if args.workers < 1:
        print(f"depeche: --workers {args.workers}: give 1 or more", file=sys.stderr)
        return EXIT_USAGE
    bad = [h for h in args.allowed_hosts if not h.strip() or any(c in h for c in " /,@")]
    if bad:
        print(f"depeche: --allowed-host {bad[0]!r}: give a host name or address, e.g. "
              f"news.example.org", file=sys.stderr)
        return EXIT_USAGE
    analyze = is_loopback(args.host) if args.analyze is None else args.analyze
    options = {"max_body_bytes": args.max_body} if args.max_body else {}
    app = create_app(args.db, analyze=analyze, bind=args.host,   # StoreError: no store
                     allowed_hosts=args.allowed_hosts, **options)
    print(f"depeche: serving {shown_db(args.db)} on http://{args.host}:{args.port}/ "
          f"({args.workers} process{'es' if args.workers > 1 else ''}; /api/analyze "
          f"{'on' if analyze else 'off'}; Ctrl-C stops)", file=sys.stderr)
    if args.workers == 1:
        run(app, host=args.host, port=args.port)
    else:       # each worker process builds its own app from these variables
        target = args.db if is_postgres(args.db) else str(Path(args.db).resolve())
        os.environ.update(DEPECHE_SERVE_DB=target,
                          DEPECHE_SERVE_ANALYZE="1" if analyze else "0",
                          DEPECHE_SERVE_BIND=args.host,
                          DEPECHE_SERVE_ALLOWED_HOSTS=",".join(args.allowed_hosts))
        if args.max_body:
            os.environ["DEPECHE_SERVE_MAX_BODY"] = str(args.max_body)
        run("depeche.web.app:app_from_env", factory=True, workers=args.workers,
            host=args.host, port=args.port)
    return EXIT_OK
