"""The HTTP API and the web page over a store (FastAPI).

    app = create_app("depeche.db")        # an ASGI app; `depeche serve` runs it with uvicorn

Every data endpoint calls a function of `depeche.queries` (the CLI calls the same ones),
so the API, the page and the terminal cannot disagree. Article texts are untrusted: the
page builds its DOM with textContent only, and every response carries a strict
Content-Security-Policy (no inline script, nothing from another origin).
"""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Callable

import anyio.to_thread
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from .. import __version__, queries
from ..errors import DepecheError, InputError
from ..exporters import EXPORTERS, export
from ..records import EVENT_TYPES, FIGURE_CATEGORIES, MODALITIES
from ..store import Store, StoreError

__all__ = ["create_app", "app_from_env", "CSP", "MAX_BODY_BYTES"]

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"

MAX_BODY_BYTES = 1_000_000
THREADS = 8

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'; object-src 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

EXPORT_TYPES = {"csv": ("text/csv; charset=utf-8", "csv"),
                "geojson": ("application/geo+json", "geojson"),
                "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl")}

# Query parameters of the event filters, as the page and the API name them.
EVENT_PARAMS = {"type", "country", "near", "within", "from", "to", "actor", "q", "modality",
                "story", "merged"}
PAGING = {"page", "per_page"}


class SecurityHeaders:
    """ASGI middleware adding the CSP and friends to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BadRequest(Exception):
    """A request the API refuses, with the message for its user and the status to send."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class Stores:
    """One read connection per worker thread (sqlite3 connections stay in their thread)."""

    def __init__(self, path: str):
        self.path = path
        self.local = threading.local()

    def get(self) -> Store:
        store = getattr(self.local, "store", None)
        if store is None:
            store = self.local.store = Store(self.path, readonly=True)
        return store


class TimelineCache:
    """Timelines already counted, until the store file changes (a timeline reads every
    matching event: seconds on a whole corpus, asked again at each page load)."""

    def __init__(self, path: str, size: int = 64):
        self.path, self.size = path, size
        self.lock = threading.Lock()
        self.entries: dict[tuple, list[dict]] = {}
        self.version: tuple | None = None

    def _version(self) -> tuple:
        out = []
        for p in (self.path, self.path + "-wal"):
            try:
                st = os.stat(p)
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def get(self, key: tuple, compute: Callable[[], list[dict]]) -> list[dict]:
        version = self._version()
        with self.lock:
            if version != self.version:
                self.entries.clear()
                self.version = version
            if key in self.entries:
                return self.entries[key]
        value = compute()
        with self.lock:
            if version == self.version:
                if len(self.entries) >= self.size:
                    self.entries.pop(next(iter(self.entries)))
                self.entries[key] = value
        return value


def _only(request: Request, allowed: set[str]) -> None:
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise BadRequest(f"unknown query parameter{'s' if len(unknown) > 1 else ''} "
                         f"{', '.join(unknown)}; known: {', '.join(sorted(allowed)) or 'none'}")


def _event_filters(type, country, near, within, date_from, date_to, actor, q, modality,
                   story, merged) -> dict[str, Any]:
    if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise BadRequest(f"country {country!r}: give an ISO 3166-1 alpha-2 code, e.g. LB or FR")
    return {"type": type or None, "country": country or None, "near": near or None,
            "within_km": within, "date_from": date_from or None, "date_to": date_to or None,
            "actor": actor or None, "text": q or None, "modality": modality or None,
            "story_id": story or None, "merged_id": merged or None}


def _json(data: Any, status: int = 200) -> Response:
    """A JSON response written by the standard library encoder (FastAPI's own encoder
    walks every value first, ten times slower on a page of events)."""
    return Response(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                    status_code=status, media_type="application/json")


def _project(items: list[dict], fields: str | None) -> list[dict]:
    """Only the top-level keys named in `fields` (comma-separated) of each item."""
    if not fields:
        return items
    keep = [f.strip() for f in fields.split(",") if f.strip()]
    unknown = [f for f in keep if not f.replace("_", "").isalnum()]
    if unknown:
        raise BadRequest(f"fields: {unknown[0]!r} is not a field name")
    return [{k: item.get(k) for k in keep} for item in items]


def create_app(db_path: str | os.PathLike, *, engine: Any = None,
               engine_factory: Callable[[], Any] | None = None,
               max_body_bytes: int = MAX_BODY_BYTES, threads: int = THREADS) -> FastAPI:
    """The ASGI app serving the store at `db_path` (which must exist).

    `engine` (or `engine_factory`, called once on the first analysis) analyses the
    articles posted to /api/analyze; by default a `depeche.pipeline.Engine`. Queries run
    in at most `threads` worker threads (set when the server starts the app)."""
    path = str(db_path)
    Store(path, readonly=True).close()          # fail now, not at the first request
    stores = Stores(path)
    timelines = TimelineCache(path)

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
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    index_html = (TEMPLATES / "index.html").read_text(encoding="utf-8")
    analysis = {"engine": engine, "lock": threading.Lock()}

    def get_engine():
        with analysis["lock"]:
            if analysis["engine"] is None:
                if engine_factory is not None:
                    analysis["engine"] = engine_factory()
                else:
                    from ..pipeline import Engine
                    analysis["engine"] = Engine()
            return analysis["engine"]

    # -- errors: a message for the user, never a traceback -----------------------------
    @app.exception_handler(BadRequest)
    async def bad_request(request, exc: BadRequest):
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)

    @app.exception_handler(queries.QueryError)
    async def query_error(request, exc):
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(InputError)
    async def input_error(request, exc):
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request, exc: RequestValidationError):
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
            got = err.get("input")
            parts.append(f"{where}: {err.get('msg', 'invalid')}"
                         + (f" (got {got!r})" if isinstance(got, (str, int, float)) else ""))
        return JSONResponse({"detail": "; ".join(parts) or "invalid request"}, status_code=400)

    @app.exception_handler(sqlite3.OperationalError)
    async def sqlite_error(request, exc):
        msg = str(exc)
        if "fts5" in msg or "syntax error" in msg or "MATCH" in msg:
            return JSONResponse({"detail": f"full-text search: {msg}"}, status_code=400)
        return JSONResponse({"detail": f"store error: {msg}"}, status_code=500)

    @app.exception_handler(StoreError)
    async def store_error(request, exc):
        return JSONResponse({"detail": str(exc)}, status_code=500)

    @app.exception_handler(DepecheError)
    async def depeche_error(request, exc):     # settings, model: the server's to fix
        return JSONResponse({"detail": f"[{exc.code}] {exc}"}, status_code=500)

    # -- the page ----------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def index():
        return HTMLResponse(index_html, headers={"cache-control": "no-cache"})

    # -- the API -----------------------------------------------------------------------
    @app.get("/api/events", summary="Events matching the filters, newest first (paginated)")
    def api_events(request: Request,
                   type: str | None = Query(None, description="event type, e.g. disaster"),
                   country: str | None = Query(None, description="ISO 3166 alpha-2 code"),
                   near: str | None = Query(None, description="LAT,LON"),
                   within: float = Query(50.0, description="km around `near`"),
                   date_from: str | None = Query(None, alias="from", description="YYYY-MM-DD"),
                   date_to: str | None = Query(None, alias="to", description="YYYY-MM-DD"),
                   actor: str | None = None,
                   q: str | None = Query(None, description="full-text words (all required)"),
                   modality: str | None = None,
                   story: str | None = Query(None, description="a story id"),
                   merged: str | None = Query(None, description="a merged event id"),
                   page: int = 1, per_page: int = 50,
                   fields: str | None = Query(None, description="keep only these keys of "
                                              "each event, e.g. key,type,place,date")):
        _only(request, EVENT_PARAMS | PAGING | {"fields"})
        filters = _event_filters(type, country, near, within, date_from, date_to, actor, q,
                                 modality, story, merged)
        result = queries.events(stores.get(), **filters, page=page, per_page=per_page).to_dict()
        result["items"] = _project(result["items"], fields)
        return _json(result)

    @app.get("/api/timeline", summary="Events per day and type, with the filters of /api/events")
    def api_timeline(request: Request,
                     type: str | None = None, country: str | None = None,
                     near: str | None = None, within: float = 50.0,
                     date_from: str | None = Query(None, alias="from"),
                     date_to: str | None = Query(None, alias="to"),
                     actor: str | None = None, q: str | None = None,
                     modality: str | None = None, story: str | None = None,
                     merged: str | None = None):
        _only(request, EVENT_PARAMS)
        filters = _event_filters(type, country, near, within, date_from, date_to, actor, q,
                                 modality, story, merged)
        key = tuple(sorted((k, str(v)) for k, v in filters.items() if v is not None))
        days = timelines.get(key, lambda: queries.event_days(stores.get(), **filters))
        return _json({"days": days})

    @app.get("/api/events/{key:path}", summary="One event by its key (article_id/event_id)")
    def api_event(key: str):
        ev = queries.event_detail(stores.get(), key)
        if ev is None:
            raise BadRequest(f"no event {key!r} in this store", 404)
        return _json(ev)

    @app.get("/api/articles/{article_id}", summary="An article: record, text and spans")
    def api_article(article_id: str):
        a = queries.article_detail(stores.get(), article_id)
        if a is None:
            raise BadRequest(f"no article {article_id!r} in this store", 404)
        return _json(a)

    @app.get("/api/quotes", summary="Quotes by speaker and words (paginated)")
    def api_quotes(request: Request,
                   speaker: str | None = Query(None, description="part of the speaker's name"),
                   q: str | None = Query(None, description="full-text words of the quote"),
                   page: int = 1, per_page: int = 50):
        _only(request, {"speaker", "q"} | PAGING)
        return _json(queries.quotes(stores.get(), speaker=speaker or None, text=q or None,
                                    page=page, per_page=per_page).to_dict())

    @app.get("/api/stories", summary="Stories, largest first (paginated)")
    def api_stories(request: Request, q: str | None = None, min_articles: int = 2,
                    page: int = 1, per_page: int = 50):
        _only(request, {"q", "min_articles"} | PAGING)
        if min_articles < 1:
            raise BadRequest(f"min_articles must be 1 or more, not {min_articles}")
        return _json(queries.stories(stores.get(), min_articles=min_articles, text=q or None,
                                     page=page, per_page=per_page).to_dict())

    @app.get("/api/stories/{story_id}",
             summary="A story: its articles and every figure claim per source, side by side")
    def api_story(story_id: str):
        s = queries.story_detail(stores.get(), story_id)
        if s is None:
            raise BadRequest(f"no story {story_id!r} in this store", 404)
        for group in s["figures"]:
            group["summary"] = queries.format_claims(group)
        return _json(s)

    @app.get("/api/export", summary="The events as ACLED-style CSV, GeoJSON or JSONL",
             response_class=FileResponse)
    def api_export(request: Request,
                   format: str = Query(..., description="csv, geojson or jsonl"),
                   type: str | None = None, country: str | None = None,
                   near: str | None = None, within: float = 50.0,
                   date_from: str | None = Query(None, alias="from"),
                   date_to: str | None = Query(None, alias="to"),
                   actor: str | None = None, q: str | None = None,
                   modality: str | None = None, story: str | None = None,
                   merged: str | None = None):
        _only(request, EVENT_PARAMS | {"format"})
        if format not in EXPORT_TYPES or format not in EXPORTERS:
            raise BadRequest(f"unknown export format {format!r}; known: "
                             f"{', '.join(EXPORT_TYPES)}")
        filters = _event_filters(type, country, near, within, date_from, date_to, actor, q,
                                 modality, story, merged)
        where = queries.event_filter(**filters)
        media_type, suffix = EXPORT_TYPES[format]
        fd, tmp = tempfile.mkstemp(prefix="depeche-export-", suffix="." + suffix)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                export(stores.get(), format, out, where=where)
        except BaseException:
            os.unlink(tmp)
            raise
        return FileResponse(tmp, media_type=media_type, filename=f"depeche-events.{suffix}",
                            background=BackgroundTask(os.unlink, tmp))

    @app.post("/api/analyze", summary="Analyse one article: text (and metadata) in, record out",
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": {
                      "type": "object", "required": ["text"],
                      "properties": {k: {"type": "string"} for k in
                                     ("text", "title", "published", "lang", "source", "url")}}},
                  "text/plain": {"schema": {"type": "string"}}}}})
    async def api_analyze(request: Request):
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_body_bytes:
            raise BadRequest(f"request body of {int(declared):,} bytes is over the limit of "
                             f"{max_body_bytes:,} bytes; send a shorter article", 413)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_body_bytes:
                raise BadRequest(f"request body is over the limit of {max_body_bytes:,} "
                                 f"bytes; send a shorter article", 413)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            raw = bytes(body).decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("the request body is not UTF-8") from None
        if ctype == "text/plain":
            meta: dict[str, Any] = {"text": raw}
        else:
            try:
                meta = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise BadRequest(f"the request body is not JSON ({exc}); send "
                                 f'{{"text": "...", "published": "YYYY-MM-DD"}} or text/plain') \
                    from None
            if not isinstance(meta, dict) or not isinstance(meta.get("text"), str):
                raise BadRequest('send a JSON object with a "text" string (and optionally '
                                 '"title", "published", "lang", "source", "url")')
        unknown = set(meta) - {"text", "title", "published", "lang", "source", "url", "id"}
        if unknown:
            raise BadRequest(f"unknown field{'s' if len(unknown) > 1 else ''} "
                             f"{', '.join(sorted(unknown))}")
        for k, v in meta.items():
            if v is not None and not isinstance(v, str):
                raise BadRequest(f"field {k!r} must be a string")

        def run():
            eng = get_engine()
            with analysis["lock"]:          # one analysis at a time: spaCy is not shared
                return eng.analyze(meta["text"], **{k: v for k, v in meta.items()
                                                    if k != "text" and v not in (None, "")})
        record = await run_in_threadpool(run)
        return _json(record.to_dict())

    @app.get("/api/meta", summary="The store's counts and the vocabularies the filters take")
    def api_meta():
        return {"version": __version__, "event_types": list(EVENT_TYPES),
                "modalities": list(MODALITIES), "figure_categories": list(FIGURE_CATEGORIES),
                "export_formats": list(EXPORT_TYPES), "counts": stores.get().counts()}

    app.state.db_path = path
    return app


def app_from_env() -> FastAPI:
    """The app of $DEPECHE_SERVE_DB: how each worker of `depeche serve --workers N` builds it."""
    db = os.environ.get("DEPECHE_SERVE_DB")
    if not db:
        raise StoreError("DEPECHE_SERVE_DB is not set: which store should be served?")
    max_body = os.environ.get("DEPECHE_SERVE_MAX_BODY")
    return create_app(db, **({"max_body_bytes": int(max_body)} if max_body else {}))
