"""`depeche serve`: the HTTP API and the web page over a store (FastAPI + uvicorn)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from .exits import EXIT_OK, EXIT_USAGE

DEFAULT_DB = "depeche.db"


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

The page and the API read the store; POST /api/analyze analyses one article
without storing it (the spaCy model is loaded on the first such request).
Listening on another address than 127.0.0.1 exposes the store to the network.""")
    p.add_argument("--db", metavar="FILE", default=DEFAULT_DB,
                   help=f"the store to serve (default: ./{DEFAULT_DB})")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--max-body", type=int, default=None, metavar="BYTES",
                   help="largest article POST /api/analyze accepts (default: 1000000)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="server processes (default: 1); more use more cores, each with "
                        "its own connections (and its own model, if /api/analyze is used)")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args, out: TextIO) -> int:
    if not 0 < args.port < 65536:
        print(f"depeche: --port {args.port}: give a port between 1 and 65535", file=sys.stderr)
        return EXIT_USAGE
    try:
        import uvicorn
        from ..web import create_app
    except ImportError as exc:      # pragma: no cover - both are dependencies
        print(f"depeche: serving needs fastapi and uvicorn ({exc}); "
              f"pip install 'fastapi' 'uvicorn'", file=sys.stderr)
        return EXIT_USAGE
    if args.workers < 1:
        print(f"depeche: --workers {args.workers}: give 1 or more", file=sys.stderr)
        return EXIT_USAGE
    options = {"max_body_bytes": args.max_body} if args.max_body else {}
    app = create_app(args.db, **options)        # StoreError when the store is missing
    print(f"depeche: serving {args.db} on http://{args.host}:{args.port}/ "
          f"({args.workers} process{'es' if args.workers > 1 else ''}; Ctrl-C stops)",
          file=sys.stderr)
    if args.workers == 1:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    else:       # each worker process builds its own app from these variables
        os.environ["DEPECHE_SERVE_DB"] = str(Path(args.db).resolve())
        if args.max_body:
            os.environ["DEPECHE_SERVE_MAX_BODY"] = str(args.max_body)
        uvicorn.run("depeche.web.app:app_from_env", factory=True, workers=args.workers,
                    host=args.host, port=args.port, log_level="warning")
    return EXIT_OK
