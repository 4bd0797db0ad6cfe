"""What every part of the store shares: its error, its input and filter types, and the
small SQL helpers (ids, distances, full-text queries, JSON columns)."""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, ContextManager, Iterable, Protocol, Sequence

from ..errors import DepecheError, QueryError
from ..records import Record


class StoreError(DepecheError):
    """A store that cannot be opened, or a store written by a newer depeche."""
    code = "E500"
    kind = "store"


Row = Any      # a row of a query, read by name or by position (sqlite3.Row, postgres.Row)


class Database(Protocol):
    """A store's database as its parts use it (`sqlite.SqliteDatabase`,
    `postgres.PostgresDatabase`): SQL in SQLite's words with `?` placeholders, save the
    fragments of `dialect`; rows read by name or position."""
    source: str             # the file or the URL (without password), for messages
    readonly: bool
    shared: bool            # one store may serve every thread of a process
    dialect: Any            # dialect.Dialect

    def execute(self, sql: str, args: Sequence[Any] = ...) -> Any: ...
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any: ...
    def write(self) -> ContextManager[None]: ...     # one write transaction, one at a time
    def tables(self) -> set[str]: ...
    def prepare(self) -> None: ...
    def close(self) -> None: ...
    def size_bytes(self) -> int: ...
    def version(self) -> tuple: ...                 # changes when the store changes


@dataclass(frozen=True)
class StoredRecord:
    """A record to store, with what the corpus passes need about its article."""
    record: Record
    content_hash: str
    signature: bytes | None = None
    origin: str | None = None


@dataclass(frozen=True)
class EventFilter:
    """Filters of `Store.events`; every field is optional and they combine with AND."""
    type: str | None = None
    country: str | None = None
    near: tuple[float, float] | None = None
    within_km: float = 50.0
    date_from: date | None = None
    date_to: date | None = None
    actor: str | None = None
    text: str | None = None
    modality: str | None = None
    article_id: str | None = None
    story_id: str | None = None
    merged_id: str | None = None


def distance_km(lat1: float | None, lon1: float | None, lat2: float | None,
                lon2: float | None) -> float | None:
    """Great-circle distance (haversine) in kilometres; None when a point is missing."""
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return EARTH_KM * 2 * math.asin(min(1.0, math.sqrt(a)))


EARTH_KM = 6371.0088


def geo_box(lat: float, lon: float, km: float
            ) -> tuple[float, float, tuple[float, float] | None]:
    """(lat_min, lat_max, (lon_min, lon_max)): a box holding every point within `km` of
    (lat, lon) by `distance_km`, a little wider; no bounds of longitude (None: the whole
    band of latitude) when the circle reaches a pole or crosses the antimeridian."""
    dlat = km / 111.0                   # a degree of latitude is 111.2 km: wider
    lat_min, lat_max = lat - dlat, lat + dlat
    delta = km / EARTH_KM               # the circle's angular radius
    if lat_max >= 90 or lat_min <= -90 or delta >= math.pi / 2:
        return lat_min, lat_max, None
    ratio = math.sin(delta) / math.cos(math.radians(lat))
    if ratio >= 1:
        return lat_min, lat_max, None
    dlon = math.degrees(math.asin(ratio)) * 1.01 + 1e-6
    if lon - dlon < -180 or lon + dlon > 180:
        return lat_min, lat_max, None
    return lat_min, lat_max, (lon - dlon, lon + dlon)


def event_key(article_id: str, event_id: str) -> str:
    """The store-wide id of an event (event ids are only unique within their article)."""
    return f"{article_id}/{event_id}"


# The most words a full-text query may hold: each is a phrase cursor of its own, and tens
# of thousands of them take SQLite seconds and gigabytes. `depeche.query` refuses more
# than MAX_TERMS words long before; this is the store's own guard.
MAX_FTS_TERMS = 64
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def fts_words(text: str) -> list[str]:
    """The words of a user's search: split on white space and control characters (which
    an FTS5 query cannot hold: a NUL ends its string), quotes alone dropped."""
    return [w for w in _CONTROLS.sub(" ", text).split() if w.strip('"')]


def search_words(text: str) -> list[str]:
    """`fts_words` of a user's search; more than MAX_FTS_TERMS of them: a QueryError."""
    words = fts_words(text)
    if len(words) > MAX_FTS_TERMS:
        raise QueryError(f"a full-text search of {len(words):,} words; give at most "
                         f"{MAX_FTS_TERMS}")
    return words


def fts_query(text: str, *, prefix: bool = False, column: str | None = None) -> str:
    """A user's words as an FTS5 query: each word a quoted phrase, so that no word can be
    FTS5 syntax (no syntax error reaches SQLite), all required. With `prefix`, a word
    also matches the words it begins ("mac" finds "Macron"); with `column`, only that
    column is searched. '' when there is no word. More than MAX_FTS_TERMS words: a
    QueryError."""
    words = search_words(text)
    star = "*" if prefix else ""
    phrases = " ".join(f'"{w.replace(chr(34), chr(34) * 2)}"{star}' for w in words)
    if column and phrases:
        return f"{column} : ({phrases})"
    return phrases


def like_pattern(text: str) -> str:
    """`%text%` for `LIKE ? ESCAPE '\\'`: the user's % and _ match themselves (and a lone
    surrogate, which SQLite cannot be given, is U+FFFD)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "%" + _SURROGATES.sub("\ufffd", escaped) + "%"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def to_json(value: Any) -> str:
    """A JSON column's text: compact, non-ASCII kept."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def insert_sql(table: str, columns: tuple[str, ...], *, conflict: str = "") -> str:
    """`INSERT INTO table(columns) VALUES (?, ...)` (every INSERT names its columns),
    then `ON CONFLICT conflict` when given ("DO NOTHING": a row already there is kept)."""
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f"INSERT INTO {table}({names}) VALUES ({', '.join('?' * len(columns))})"
    return f"{sql} ON CONFLICT {conflict}" if conflict else sql


# Set by every write of articles, cleared by the corpus passes: `ingest` runs the passes
# only when the store changed since they last ran.
CORPUS_DIRTY = ("INSERT INTO meta(key, value) VALUES ('corpus_dirty', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
