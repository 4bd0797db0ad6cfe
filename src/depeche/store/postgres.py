"""A store in a PostgreSQL database (`--db postgresql://USER@HOST/DB`): psycopg 3 over a
connection pool shared by the threads of one process (a server's workers), the store's
queries with their `?` placeholders made psycopg's, and write transactions one at a time
(a transaction-scoped advisory lock), so that several ingests writing the same database
from several machines store each article once, as SQLite's file lock does for one
machine.

Needs the `postgres` extra (`pip install depeche[postgres]`: psycopg and psycopg_pool)
and PostgreSQL's `unaccent` extension (in Debian's and the official packages), which
the first migration creates in the database (a trusted extension: the database's owner
may create it)."""
from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Iterable, Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

from .common import StoreError
from .dialect import POSTGRES

# The key of the advisory lock every write transaction takes (any constant: "depeche")
WRITE_LOCK = 0x64657065636865
# connections a process keeps at most (a server's threads share them): DEPECHE_PG_POOL
POOL_SIZE = 8
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%")


@lru_cache(maxsize=4096)
def psycopg_sql(sql: str) -> str:
    """`sql` with SQLite's `?` placeholders as psycopg's `%s` (not inside quotes) and
    every `%` doubled (psycopg reads % everywhere)."""
    def token(m: re.Match) -> str:
        t = m.group(0)
        if t == "?":
            return "%s"
        return t.replace("%", "%%")
    return _TOKENS.sub(token, sql)


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class Row:
    """A row read by name or by position, like sqlite3.Row (`dict(row)`, `tuple(row)`)."""
    __slots__ = ("_names", "_values")

    def __init__(self, names: dict[str, int], values: Sequence[Any]):
        self._names, self._values = names, values

    def __getitem__(self, key: int | str | slice) -> Any:
        if isinstance(key, str):
            return self._values[self._names[key]]
        return self._values[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[str]:
        return list(self._names)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._names, self._values))!r})"


def _row_factory(cursor):
    if cursor.description is None:
        return None
    names: dict[str, int] = {}
    for i, d in enumerate(cursor.description):
        names.setdefault(d.name, i)
    return lambda values: Row(names, values)


class Result:
    """What `execute` gives: the rows, already read (the connection goes back to the
    pool), and how many rows the statement changed."""
    __slots__ = ("rows", "rowcount")

    def __init__(self, rows: list, rowcount: int):
        self.rows, self.rowcount = rows, rowcount

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def fetchone(self) -> Any:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list:
        return self.rows


def _load_psycopg():
    try:
        import psycopg
        import psycopg_pool
    except ImportError:
        raise StoreError("a PostgreSQL store needs psycopg: pip install 'depeche[postgres]'"
                         ) from None
    return psycopg, psycopg_pool


class PostgresDatabase:
    """The PostgreSQL database at `url`, through a pool of connections (thread-safe:
    one store serves every thread of a process). Read-only (`readonly`), every
    transaction is read-only (PostgreSQL refuses any write)."""

    dialect = POSTGRES
    shared = True

    def __init__(self, url: str, *, readonly: bool = False, pool_size: int | None = None):
        psycopg, psycopg_pool = _load_psycopg()
        self.source = shown_url(url)
        self.readonly = readonly
        self._errors = psycopg.Error
        kwargs: dict[str, Any] = {"autocommit": True, "row_factory": _row_factory}
        if readonly:
            kwargs["options"] = "-c default_transaction_read_only=on"
        try:                # fail now and clearly: a pool would retry in the background
            psycopg.connect(url, connect_timeout=10, **kwargs).close()
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL: {str(exc).strip()}",
                             source=self.source) from None
        size = pool_size or int(os.environ.get("DEPECHE_PG_POOL", POOL_SIZE))
        self.pool = psycopg_pool.ConnectionPool(url, min_size=1, max_size=max(1, size),
                                                kwargs=kwargs, open=True, timeout=60.0)
        self._local = threading.local()      # the connection of this thread's transaction

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        held = getattr(self._local, "conn", None)
        if held is not None:
            yield held
            return
        with self.pool.connection() as conn:
            yield conn

    def execute(self, sql: str, args: Sequence[Any] | dict = ()) -> Result:
        try:
            with self._connection() as conn:
                cur = conn.execute(psycopg_sql(sql), list(args))
                rows = cur.fetchall() if cur.description is not None else []
                return Result(rows, cur.rowcount)
        except self._errors as exc:
            raise self._store_error(exc) from exc

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Result:
        rows = [list(r) for r in rows]
        if not rows:
            return Result([], 0)
        try:
            with self._connection() as conn:
                cur = conn.cursor()
                cur.executemany(psycopg_sql(sql), rows)
                return Result([], cur.rowcount)
        except self._errors as exc:
            raise self._store_error(exc) from exc

    def _store_error(self, exc: Exception) -> StoreError:
        return StoreError(f"PostgreSQL: {str(exc).strip()}", source=self.source)

    def prepare(self) -> None:
        """Nothing to set up on a PostgreSQL database."""

    def tables(self) -> set[str]:
        return {r[0] for r in self.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()")}

    @contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction, after every other one (advisory lock); it counts the
        store's writes in `meta` (`version`)."""
        if getattr(self._local, "conn", None) is not None:
            yield                       # inside this thread's transaction already
            return
        try:
            with self.pool.connection() as conn, conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
                self._local.conn = conn
                try:
                    yield
                    conn.execute(
                        "INSERT INTO meta(key, value) VALUES ('writes', '1') ON CONFLICT(key) "
                        "DO UPDATE SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)")
                finally:
                    self._local.conn = None
        except self._errors as exc:
            raise self._store_error(exc) from exc

    def close(self) -> None:
        self.pool.close()

    def size_bytes(self) -> int:
        return int(self.execute("SELECT pg_database_size(current_database())").fetchone()[0])

    def version(self) -> tuple:
        """What changes when the store changes: its count of write transactions."""
        row = self.execute("SELECT value FROM meta WHERE key = 'writes'").fetchone()
        return (row[0] if row else None,)
