"""The HTTP API and the web page over a store (FastAPI).

    app = create_app("depeche.db")        # an ASGI app; `depeche serve` runs it with uvicorn

One router per resource (`routes/`: events, articles, quotes, stories, export, analyze,
meta, and the page). Every data endpoint calls a function of `depeche.queries` with a
query checked by `depeche.query` (the CLI calls the same ones), so the API, the page and
the terminal cannot disagree. Every error is a `DepecheError` that carries its HTTP
status; one handler answers them all with `{"detail": message}`. Article texts are
untrusted: the page builds its DOM with textContent only, and every response carries a
strict Content-Security-Policy (`security.py`).
"""
from __future__ import annotations

import os
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Callable

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import DepecheError
from ..store import StoreError
from .routes import ROUTERS
from .security import CSP, SecurityHeaders
from .served import Served

__all__ = ["create_app", "app_from_env", "CSP", "MAX_BODY_BYTES"]

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY_BYTES = 1_000_000
THREADS = 8


async def error_response(request: Request, exc: DepecheError) -> JSONResponse:
    """A depeche error as its HTTP status and a message: the request's to fix (4xx), or
    the server's (5xx, with the error's code). Never a traceback."""
    detail = str(exc) if exc.status < 500 else f"[{exc.code}] {exc}"
    return JSONResponse({"detail": detail}, status_code=exc.status)


def create_app(db_path: str | os.PathLike, *, engine: Any = None,
               engine_factory: Callable[[], Any] | None = None,
               max_body_bytes: int = MAX_BODY_BYTES, threads: int = THREADS) -> FastAPI:
    """The ASGI app serving the store at `db_path` (which must exist: StoreError).

    `engine` (or `engine_factory`, called once on the first analysis) analyses the
    articles posted to /api/analyze; by default a `depeche.pipeline.Engine`. Queries run
    in at most `threads` worker threads (set when the server starts the app)."""
    served = Served(str(db_path), engine=engine, engine_factory=engine_factory,
                    max_body_bytes=max_body_bytes)

    @asynccontextmanager
    async def lifespan(app):
        # Queries are CPU-bound under the GIL: a few threads answer as fast as forty,
        # and a request waits in line instead of being time-sliced (half the p99).
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(title="depeche", version=__version__,
                  description="Events, places, figures, quotes and stories of a depeche store.",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  lifespan=lifespan)
    app.add_middleware(SecurityHeaders)
    # Starlette types every handler as taking any Exception; this one is only given
    # the DepecheError it is registered for
    app.add_exception_handler(DepecheError, error_response)  # type: ignore[arg-type]
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.state.served = served
    app.state.db_path = served.path
    return app


def app_from_env() -> FastAPI:
    """The app of $DEPECHE_SERVE_DB: how each worker of `depeche serve --workers N` builds it."""
    db = os.environ.get("DEPECHE_SERVE_DB")
    if not db:
        raise StoreError("DEPECHE_SERVE_DB is not set: which store should be served?")
    max_body = os.environ.get("DEPECHE_SERVE_MAX_BODY")
    if max_body:
        return create_app(db, max_body_bytes=int(max_body))
    return create_app(db)
