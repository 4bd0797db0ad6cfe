"""What the routes of one app share: the store's connections, the timeline cache and the
analysis engine with its limits (`Served`, in `app.state.served`)."""
from __future__ import annotations

import os
import threading
from typing import Any, Callable

import anyio
import anyio.to_thread

from ..errors import ForbiddenError, UnavailableError
from ..records import Record
from ..store import Store

__all__ = ["Served", "Stores", "Cached", "TimelineCache", "store_version", "ANALYZE_SLOTS",
           "ANALYZE_SECONDS"]

ANALYZE_SLOTS = 2           # analyses running or waiting for the engine at once
ANALYZE_SECONDS = 60.0      # the longest a client waits for its analysis


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


def store_version(path: str) -> tuple:
    """What changes when the store file changes: the modification time and size of the
    file and of its write-ahead log."""
    out: list[tuple[int, int] | None] = []
    for p in (path, path + "-wal"):
        try:
            st = os.stat(p)
            out.append((st.st_mtime_ns, st.st_size))
        except OSError:
            out.append(None)
    return tuple(out)


class Cached:
    """Values already computed (timelines, map cells, facets, counts of a filter), until
    the store file changes (a timeline reads every matching event: seconds on a whole
    corpus, asked again at each page load); the `size` last ones."""

    def __init__(self, path: str, size: int = 64):
        self.path, self.size = path, size
        self.lock = threading.Lock()
        self.entries: dict[Any, Any] = {}
        self.version: tuple | None = None

    def _version(self) -> tuple:
        return store_version(self.path)

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
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


TimelineCache = Cached          # its name when it only kept timelines


class Served:
    """The store at `path` as the routes read it, and the engine /api/analyze runs:
    switched on by `analyze`, at most `analyze_slots` analyses at once (one runs, the
    others wait for the engine), each client answered within `analyze_seconds`."""

    def __init__(self, path: str, *, engine: Any = None,
                 engine_factory: Callable[[], Any] | None = None, max_body_bytes: int,
                 analyze: bool = True, analyze_slots: int = ANALYZE_SLOTS,
                 analyze_seconds: float = ANALYZE_SECONDS):
        Store(path, readonly=True).close()          # fail now, not at the first request
        self.path = path
        self.stores = Stores(path)
        self.timelines = Cached(path)
        self.counts = Cached(path, size=4096)       # how many events match a filter
        # the texts of events with only some fields (the map's), by their rows' values
        self.projections: dict = {}
        self.max_body_bytes = max_body_bytes
        self.analyze_enabled = analyze
        self.analyze_slots, self.analyze_seconds = analyze_slots, analyze_seconds
        self._slots = threading.BoundedSemaphore(analyze_slots)
        self._engine, self._engine_factory = engine, engine_factory
        self._lock = threading.Lock()

    def store(self) -> Store:
        """This thread's connection to the store (call it in the thread that uses it)."""
        return self.stores.get()

    def _get_engine(self):
        with self._lock:
            if self._engine is None:
                if self._engine_factory is not None:
                    self._engine = self._engine_factory()
                else:
                    from ..pipeline import Engine
                    self._engine = Engine()
            return self._engine

    def analyze(self, meta: dict[str, Any]) -> Record:
        """The record of an article: `meta["text"]` and its other fields (one at a time:
        spaCy is not shared)."""
        engine = self._get_engine()
        with self._lock:
            return engine.analyze(meta["text"], **{k: v for k, v in meta.items()
                                                   if k != "text" and v not in (None, "")})

    def check_analyze(self) -> None:
        """ForbiddenError when analysis is switched off on this server."""
        if not self.analyze_enabled:
            raise ForbiddenError("analysis is switched off on this server (`depeche serve "
                                 "--analyze` switches it on); analyse with `depeche analyze`")

    async def analyze_limited(self, meta: dict[str, Any]) -> Record:
        """`analyze(meta)` within the server's limits: ForbiddenError when analysis is
        switched off, UnavailableError when `analyze_slots` analyses are already under
        way or when this one is not done within `analyze_seconds`. A thread cannot be
        stopped: an analysis past its time goes on and keeps its slot until it ends, so
        that slow analyses cannot pile up."""
        self.check_analyze()
        if not self._slots.acquire(blocking=False):
            raise UnavailableError(f"{self.analyze_slots} analyses are already under way; "
                                   f"try again in a moment")

        def run() -> Record:
            try:
                return self.analyze(meta)
            finally:
                self._slots.release()
        try:
            with anyio.fail_after(self.analyze_seconds):
                return await anyio.to_thread.run_sync(run, abandon_on_cancel=True)
        except TimeoutError:
            raise UnavailableError(f"the analysis took over {self.analyze_seconds:g} s; "
                                   f"send a shorter article or try again later") from None
