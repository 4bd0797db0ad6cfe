"""The HTTP API and the web page over a store (FastAPI).

    app = create_app("depeche.db")        # an ASGI app; `depeche serve` runs it with uvicorn

One router per resource (`routes/`: events, articles, quotes, stories, export, analyze,
meta, and the page). Every data endpoint calls a function of `depeche.queries` with a
query checked by `depeche.query` (the CLI calls the same ones), so the API, the page and
the terminal cannot disagree. Every error is a `DepecheError` that carries its HTTP
status; one handler answers them all with `{"detail": message}`. Article texts are
untrusted: the page builds its DOM with textContent only, and every response carries a
strict Content-Security-Policy. The app is wrapped in `security.Guard` (outside
Starlette's own error middleware): the headers, the Host check when `allowed_hosts` is
given, and a JSON 500 for any exception, so that no response escapes them.
"""
from __future__ import annotations

import os
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Callable, Iterable

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import DepecheError
from ..store import StoreError
from .answers import AnswerCache
from .routes import ROUTERS
from .security import CSP, Guard, HostCheck
from .served import ANALYZE_SECONDS, ANALYZE_SLOTS, Served

__all__ = ["create_app", "app_from_env", "CSP", "MAX_BODY_BYTES", "DepecheApp"]

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY_BYTES = 1_000_000
THREADS = 8


async def error_response(request: Request, exc: DepecheError) -> JSONResponse:
    """A depeche error as its HTTP status and a message: the request's to fix (4xx), or
    the server's (5xx, with the error's code). Never a traceback."""
    detail = str(exc) if exc.status < 500 else f"[{exc.code}] {exc}"
    headers = {"retry-after": "5"} if exc.status == 503 else None
    return JSONResponse({"detail": detail}, status_code=exc.status, headers=headers)


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    """Any other exception: a JSON 500 naming its kind, never its traceback (the
    server's log has it: `security.Guard` logs it)."""
    return JSONResponse({"detail": f"[E000] internal error ({type(exc).__name__}); "
                                   f"see the server's log"}, status_code=500)


class DepecheApp(FastAPI):
    """The FastAPI app inside `security.Guard` (`hosts`: the Host check, or None), its
    answers kept by `answers.AnswerCache` when `answers_of` gives the store's version."""
    hosts: HostCheck | None = None
    answers_of: Callable[[], tuple] | None = None

    def build_middleware_stack(self):
        app = super().build_middleware_stack()
        if self.answers_of is not None:
            app = AnswerCache(app, self.answers_of)
        return Guard(app, self.hosts)


def answers_kept_by_default() -> bool:
    """Whether the app keeps its answers: yes, unless $DEPECHE_SERVE_CACHE is 0 (how a
    benchmark measures the answers the app computes)."""
    return os.environ.get("DEPECHE_SERVE_CACHE", "1") != "0"


def create_app(db_path: str | os.PathLike, *, engine: Any = None,
               engine_factory: Callable[[], Any] | None = None,
               max_body_bytes: int = MAX_BODY_BYTES, threads: int = THREADS,
               analyze: bool = True, analyze_slots: int = ANALYZE_SLOTS,
               analyze_seconds: float = ANALYZE_SECONDS, bind: str | None = None,
               allowed_hosts: Iterable[str] = (), cache_answers: bool | None = None
               ) -> FastAPI:
    """The ASGI app serving the store at `db_path` (which must exist: StoreError).

    `engine` (or `engine_factory`, called once on the first analysis) analyses the
    articles posted to /api/analyze; by default a `depeche.pipeline.Engine`. With
    `analyze` False, /api/analyze answers 403; else at most `analyze_slots` analyses
    run or wait at once (503 beyond), each answered within `analyze_seconds` (503
    past it). Queries run in at most `threads` worker threads (set when the server
    starts the app). With `bind` (the address the server listens on), only requests
    whose Host is that address, a local name or one of `allowed_hosts` are answered
    (`security.HostCheck`); without, every Host is (an app inside another server).
    With `cache_answers` (by default unless $DEPECHE_SERVE_CACHE is 0), the JSON answers
    of GET requests are kept until the store changes (`answers.AnswerCache`)."""
    served = Served(str(db_path), engine=engine, engine_factory=engine_factory,
                    max_body_bytes=max_body_bytes, analyze=analyze,
                    analyze_slots=analyze_slots, analyze_seconds=analyze_seconds)

    @asynccontextmanager
    async def lifespan(app):
        # Queries are CPU-bound under the GIL: a few threads answer as fast as forty,
        # and a request waits in line instead of being time-sliced (half the p99).
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = DepecheApp(title="depeche", version=__version__,
                     description="Events, places, figures, quotes and stories of a depeche "
                                 "store.",
                     docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                     lifespan=lifespan)
    app.hosts = HostCheck(bind, allowed_hosts) if bind is not None else None
    if answers_kept_by_default() if cache_answers is None else cache_answers:
        app.answers_of = served.version
    # Starlette types every handler as taking any Exception; this one is only given
    # the DepecheError it is registered for
    app.add_exception_handler(DepecheError, error_response)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, internal_error)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.state.served = served
    app.state.db_path = served.path
    return app


def app_from_env() -> FastAPI:
    """The app of $DEPECHE_SERVE_DB: how each worker of `depeche serve --workers N` builds
    it (with $DEPECHE_SERVE_MAX_BODY, $DEPECHE_SERVE_ANALYZE (0 or 1),
    $DEPECHE_SERVE_BIND and $DEPECHE_SERVE_ALLOWED_HOSTS, comma-separated)."""
    env = os.environ
    db = env.get("DEPECHE_SERVE_DB")
    if not db:
        raise StoreError("DEPECHE_SERVE_DB is not set: which store should be served?")
    options: dict[str, Any] = {"analyze": env.get("DEPECHE_SERVE_ANALYZE", "1") == "1",
                               "bind": env.get("DEPECHE_SERVE_BIND"),
                               "allowed_hosts": [h for h in env.get(
                                   "DEPECHE_SERVE_ALLOWED_HOSTS", "").split(",") if h]}
    if env.get("DEPECHE_SERVE_MAX_BODY"):
        options["max_body_bytes"] = int(env["DEPECHE_SERVE_MAX_BODY"])
    return create_app(db, **options)
