"""A store in one SQLite file (the default): the connection set up for depeche (WAL,
foreign keys, the `distance_km` SQL function), read-only when asked, and its write
transactions (BEGIN IMMEDIATE: the write lock is taken before anything is read, so two
processes writing the same file wait for each other instead of failing)."""
from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .common import StoreError, distance_km
from .dialect import SQLITE

# How much of the store a read-only connection maps into memory instead of reading it
# page by page into its own cache (a full-text page reads thousands of scattered pages)
MMAP_BYTES = 2**31


class SqliteDatabase:
    """The store file `path` (":memory:" for none) on one connection (of one thread)."""

    dialect = SQLITE
    shared = False      # one connection per thread: a server opens one per worker thread

    def __init__(self, path: str, *, readonly: bool = False):
        self.source = path
        self.readonly = readonly
        try:
            conn = _connect_readonly(path) if readonly else sqlite3.connect(path, timeout=30.0)
            conn.row_factory = sqlite3.Row
            conn.create_function("distance_km", 4, distance_km, deterministic=True)
            conn.execute("PRAGMA foreign_keys = ON")
            if readonly:        # read through the OS's page cache, shared by every reader
                conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store: {exc}", source=path) from None
        self.conn = conn
        self.execute = conn.execute
        self.executemany = conn.executemany

    def prepare(self) -> None:
        """WAL mode and NORMAL synchronous for a store file opened for writing (after
        `tables` said it is a depeche store or a new one)."""
        if self.source != ":memory:" and not self.readonly:
            try:
                _set_wal(self.conn)
                self.conn.execute("PRAGMA synchronous = NORMAL")
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"cannot open the store: {exc}", source=self.source) from None

    def tables(self) -> set[str]:
        try:
            return {r[0] for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store: {exc}", source=self.source) from None

    @contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction, the file's write lock taken first."""
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            yield

    def close(self) -> None:
        self.conn.close()

    def size_bytes(self) -> int:
        if self.source == ":memory:":
            return 0
        return sum(p.stat().st_size for p in (Path(self.source), Path(self.source + "-wal"))
                   if p.exists())

    def version(self) -> tuple:
        return file_version(self.source)


def file_version(path: str) -> tuple:
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


def _connect_readonly(path: str) -> sqlite3.Connection:
    if path == ":memory:":
        return sqlite3.connect(path, timeout=30.0)
    p = Path(path)
    if not p.exists():
        raise StoreError("no such store; create it with `depeche ingest`", source=path)
    if not p.is_file():
        raise StoreError("not a store file (a folder?)", source=path)
    return sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True, timeout=30.0)


def _set_wal(db: sqlite3.Connection) -> None:
    """WAL mode (readers do not block the writer), waiting out another process that
    holds the file a moment (two ingests started together)."""
    for attempt in range(100):
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 99:
                raise
            time.sleep(0.1)
