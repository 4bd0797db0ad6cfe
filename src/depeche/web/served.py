"""What the routes of one app share: the store's connections, the timeline cache and the
analysis engine with its limits (`Served`, in `app.state.served`)."""
from __future__ import annotations

import threading
import time
from typing import Any, Callable

import anyio
import anyio.to_thread

from ..errors import ForbiddenError, UnavailableError
from ..records import Record
from ..store import Store
from ..store.dialect import is_postgres
from ..store.sqlite import file_version

__all__ = ["Served", "Stores", "Cached", "TimelineCache", "StoreVersion", "ANALYZE_SLOTS",
           "ANALYZE_SECONDS"]

ANALYZE_SLOTS = 2           # analyses running or waiting for the engine at once
ANALYZE_SECONDS = 60.0      # the longest a client waits for its analysis


class Stores:
    """The stores the worker threads read: one read connection per thread for a SQLite
    file (sqlite3 connections stay in their thread), one store for all of them for a
    PostgreSQL database (its pool of connections is shared)."""

    def __init__(self, path: str):
        self.path = path
        self.local = threading.local()
        self.shared: Store | None = None
        self.lock = threading.Lock()

    def get(self) -> Store:
        if self.shared is not None:
            return self.shared
        store = getattr(self.local, "store", None)
        if store is None:
            with self.lock:
                if self.shared is not None:
                    return self.shared
                store = Store(self.path, readonly=True)
                if store.shared:
                    self.shared = store
                    return store
            self.local.store = store
        return store


# How long a PostgreSQL store's version is taken as read (a query per request would
# cost as much as a kept answer saves): an answer may be kept this long after a write.
VERSION_SECONDS = 1.0


class StoreVersion:
    """What changes when the store changes, read cheaply: a SQLite file's modification
    time and size (and its write-ahead log's); a PostgreSQL store's count of writes,
    read again after VERSION_SECONDS."""

    def __init__(self, stores: Stores):
        self.stores = stores
        self.lock = threading.Lock()
        self.read_at, self.value = 0.0, ()
        self.postgres = is_postgres(stores.path)

    def __call__(self) -> tuple:
        if not self.postgres:
            return file_version(self.stores.path)
        now = time.monotonic()
        with self.lock:
            if now - self.read_at < VERSION_SECONDS:
                return self.value
        value = self.stores.get().version()
        with self.lock:
            self.read_at, self.value = now, value
        return value


class Cached:
    """Values already computed (timelines, map cells, facets, counts of a filter), until
    the store changes (a timeline reads every matching event: seconds on a whole
    corpus, asked again at each page load); the `size` last ones. `version`: what says
    the store changed (`StoreVersion`)."""

    def __init__(self, version: Callable[[], tuple], size: int = 64):
        self.version_of, self.size = version, size
        self.lock = threading.Lock()
        self.entries: dict[Any, Any] = {}
        self.version: tuple | None = None

    def _version(self) -> tuple:
        return self.version_of()

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
        self.version = StoreVersion(self.stores)
        self.timelines = Cached(self.version)
        self.counts = Cached(self.version, size=4096)   # how many events match a filter
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
