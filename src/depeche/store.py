"""The store: one SQLite file holding articles, their records and the corpus passes.

This is the only module that writes SQL. The schema is built by named migrations,
applied in order and recorded in the `migrations` table, so an older store is brought
up to date when it is opened. Writes are idempotent upserts keyed on content hashes
(article ids, item ids); each `add_records` call is one transaction, so an interrupted
ingest keeps every batch committed before the interruption.

    store = Store("depeche.db")
    store.add_records([StoredRecord(record, content_hash, signature)])
    store.events(EventFilter(type="disaster", country="LB"), limit=20)

SQLite runs in WAL mode (readers do not block the writer); FTS5 indexes article titles
and texts and the quotes with their speakers.
"""
from __future__ import annotations

import json
import math
from collections import OrderedDict
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from .errors import DepecheError
from .records import Record

__all__ = ["Store", "StoreError", "StoredRecord", "EventFilter", "MIGRATIONS", "distance_km",
           "event_key"]


class StoreError(DepecheError):
    """A store that cannot be opened, or a store written by a newer depeche."""
    code = "E500"


def distance_km(lat1: float | None, lon1: float | None, lat2: float | None,
                lon2: float | None) -> float | None:
    """Great-circle distance (haversine) in kilometres; None when a point is missing."""
    if None in (lat1, lon1, lat2, lon2):
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(min(1.0, math.sqrt(a)))


def event_key(article_id: str, event_id: str) -> str:
    """The store-wide id of an event (event ids are only unique within their article)."""
    return f"{article_id}/{event_id}"


# Named migrations, applied in this order and recorded by name. Never edit one that has
# shipped: add a new one.
MIGRATIONS: list[tuple[str, str]] = [
    ("0001_articles", """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE articles (
            n INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            content_hash TEXT NOT NULL,
            title TEXT,
            published TEXT,
            source_id INTEGER REFERENCES sources(id),
            url TEXT,
            lang TEXT,
            text TEXT NOT NULL,
            engine TEXT,
            origin TEXT,
            warnings TEXT NOT NULL DEFAULT '[]',
            skipped TEXT NOT NULL DEFAULT '[]',
            duplicate_of TEXT,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_hash ON articles(content_hash);
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_duplicate ON articles(duplicate_of);
    """),
    ("0002_layers", """
        CREATE TABLE places (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            name TEXT NOT NULL, kind TEXT, country TEXT, admin1 TEXT,
            lat REAL, lon REAL, geonames_id INTEGER, precision INTEGER,
            data TEXT NOT NULL,
            PRIMARY KEY (article_id, id)
        );
        CREATE INDEX places_name ON places(name);
        CREATE TABLE figures (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            value REAL NOT NULL, value_max REAL, approx INTEGER NOT NULL,
            category TEXT NOT NULL, unit TEXT, source TEXT,
            data TEXT NOT NULL,
            PRIMARY KEY (article_id, id)
        );
        CREATE INDEX figures_category ON figures(category);
        CREATE TABLE quotes (
            n INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            speaker TEXT, direct INTEGER NOT NULL, flags TEXT NOT NULL,
            data TEXT NOT NULL,
            UNIQUE (article_id, id)
        );
        CREATE INDEX quotes_speaker ON quotes(speaker COLLATE NOCASE);
        CREATE TABLE times (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            value TEXT NOT NULL, type TEXT NOT NULL,
            date_start TEXT, date_end TEXT,
            data TEXT NOT NULL,
            PRIMARY KEY (article_id, id)
        );
        CREATE TABLE events (
            key TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            type TEXT NOT NULL, modality TEXT NOT NULL,
            place_id TEXT, place_name TEXT, country TEXT, admin1 TEXT,
            lat REAL, lon REAL, geo_precision INTEGER,
            date_start TEXT, date_end TEXT,
            actors TEXT NOT NULL, targets TEXT NOT NULL,
            source TEXT, trigger TEXT NOT NULL, evidence TEXT NOT NULL,
            acled_type TEXT, acled_sub_type TEXT,
            data TEXT NOT NULL
        );
        CREATE INDEX events_article ON events(article_id);
        CREATE INDEX events_type ON events(type);
        CREATE INDEX events_country ON events(country);
        CREATE INDEX events_date ON events(date_start);
        CREATE INDEX events_lat ON events(lat);
    """),
    ("0003_fulltext", """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='n',
            tokenize='unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE quotes_fts USING fts5(
            text, speaker, content='quotes', content_rowid='n',
            tokenize='unicode61 remove_diacritics 2');
    """),
    ("0004_corpus", """
        CREATE TABLE signatures (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            minhash BLOB NOT NULL
        );
        CREATE TABLE near_duplicates (
            article_id TEXT NOT NULL,
            other_id TEXT NOT NULL,
            similarity REAL NOT NULL,
            PRIMARY KEY (article_id, other_id)
        );
        CREATE INDEX near_duplicates_other ON near_duplicates(other_id);
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT,
            first_date TEXT, last_date TEXT,
            n_articles INTEGER NOT NULL,
            terms TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE story_articles (
            article_id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL
        );
        CREATE INDEX story_articles_story ON story_articles(story_id);
        CREATE TABLE merged_events (
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            place_name TEXT, country TEXT, lat REAL, lon REAL,
            date_start TEXT, date_end TEXT,
            n_events INTEGER NOT NULL, n_articles INTEGER NOT NULL,
            story_id TEXT
        );
        CREATE TABLE event_merges (
            event_key TEXT PRIMARY KEY,
            merged_id TEXT NOT NULL
        );
        CREATE INDEX event_merges_merged ON event_merges(merged_id);
    """),
    # An event's day (its own date's first day, else its article's) and last day, and its
    # article's date, copied into the event: the API sorts, pages, counts and groups
    # events by day through an index, without joining the articles.
    ("0005_event_days", """
        ALTER TABLE events ADD COLUMN published TEXT;
        ALTER TABLE events ADD COLUMN day TEXT;
        ALTER TABLE events ADD COLUMN day_end TEXT;
        UPDATE events SET published =
            (SELECT a.published FROM articles a WHERE a.id = events.article_id);
        UPDATE events SET day = COALESCE(date_start, published),
                          day_end = COALESCE(date_end, date_start, published);
        CREATE INDEX events_day ON events(day DESC, published DESC, key);
        CREATE INDEX events_type_day ON events(type, day DESC, published DESC, key);
        CREATE INDEX events_country_nocase ON events(country COLLATE NOCASE);
    """),
]


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


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: each word quoted (no syntax errors), all required."""
    words = [w.replace('"', '""') for w in text.split() if w.strip('"')]
    return " ".join(f'"{w}"' for w in words)


class Store:
    """A depeche store in one SQLite file (created and migrated on open)."""

    def __init__(self, path: str | Path = "depeche.db", *, readonly: bool = False):
        self.path = str(path)
        self._decoded: OrderedDict[str, dict] = OrderedDict()    # see _decode_event
        try:
            if readonly:
                if self.path != ":memory:" and not Path(self.path).exists():
                    raise StoreError("no such store; create it with `depeche ingest`",
                                     source=self.path)
            self.db = sqlite3.connect(self.path, timeout=30.0)
            self.db.row_factory = sqlite3.Row
            self.db.create_function("distance_km", 4, distance_km, deterministic=True)
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store: {exc}", source=self.path) from None
        self.migrate()

    # -- schema ------------------------------------------------------------------------
    def applied_migrations(self) -> list[str]:
        self.db.execute("CREATE TABLE IF NOT EXISTS migrations "
                        "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        return [r[0] for r in self.db.execute("SELECT name FROM migrations ORDER BY name")]

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; returns the names applied now."""
        try:
            done = set(self.applied_migrations())
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"not a depeche store: {exc}", source=self.path) from None
        known = {name for name, _ in MIGRATIONS}
        unknown = done - known
        if unknown:
            raise StoreError(f"written by a newer depeche (migrations {', '.join(sorted(unknown))}"
                             f"); upgrade depeche to read it", source=self.path)
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.db:
                self.db.execute("BEGIN")
                for statement in sql.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute("INSERT INTO migrations(name, applied_at) VALUES (?, ?)",
                                (name, _now()))
            applied.append(name)
        return applied

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- meta --------------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    # -- writing -----------------------------------------------------------------------
    def article_keys(self) -> tuple[set[str], dict[str, str]]:
        """Ids of stored articles, and content hash -> id of the analysed (original) ones."""
        ids, hashes = set(), {}
        for row in self.db.execute("SELECT id, content_hash, duplicate_of FROM articles"):
            ids.add(row[0])
            if row[2] is None:
                hashes.setdefault(row[1], row[0])
        return ids, hashes

    def _source_id(self, name: str | None) -> int | None:
        if not name:
            return None
        self.db.execute("INSERT OR IGNORE INTO sources(name) VALUES (?)", (name,))
        return self.db.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()[0]

    def _insert_article(self, sr: StoredRecord, duplicate_of: str | None) -> bool:
        r, a = sr.record, sr.record.article
        cur = self.db.execute(
            "INSERT OR IGNORE INTO articles(id, content_hash, title, published, source_id, url, "
            "lang, text, engine, origin, warnings, skipped, duplicate_of, ingested_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, sr.content_hash, a.title, a.published.isoformat() if a.published else None,
             self._source_id(a.source), a.url, a.lang, a.text, r.engine, sr.origin,
             _json(list(a.warnings) + list(r.warnings)), _json(list(r.skipped)), duplicate_of,
             _now()))
        return cur.rowcount == 1

    def add_records(self, batch: Sequence[StoredRecord]) -> int:
        """Store analysed records in one transaction; returns how many were new.

        An article already stored (same id) is left as it is: storing is idempotent."""
        new = 0
        with self.db:
            for sr in batch:
                if not self._insert_article(sr, None):
                    continue
                new += 1
                self._insert_layers(sr)
            self.db.execute("INSERT INTO meta(key, value) VALUES ('corpus_dirty', '1') "
                            "ON CONFLICT(key) DO UPDATE SET value = '1'")
        return new

    def add_duplicate(self, sr: StoredRecord, duplicate_of: str) -> bool:
        """Store an exact copy of an analysed article (not analysed again, not indexed)."""
        with self.db:
            added = self._insert_article(sr, duplicate_of)
            if added:
                self.db.execute("INSERT INTO meta(key, value) VALUES ('corpus_dirty', '1') "
                                "ON CONFLICT(key) DO UPDATE SET value = '1'")
        return added

    def _insert_layers(self, sr: StoredRecord) -> None:
        r, aid = sr.record, sr.record.article.id
        n = self.db.execute("SELECT n FROM articles WHERE id = ?", (aid,)).fetchone()[0]
        self.db.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)",
                        (n, r.article.title or "", r.article.text))
        if sr.signature is not None:
            self.db.execute("INSERT OR REPLACE INTO signatures(article_id, minhash) VALUES (?, ?)",
                            (aid, sr.signature))
        self.db.executemany(
            "INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(aid, p.id, p.text, p.start, p.end, p.name, p.kind, p.country, p.admin1, p.lat,
              p.lon, p.geonames_id, p.precision, _json(p.to_dict())) for p in r.places])
        self.db.executemany(
            "INSERT OR IGNORE INTO figures VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(aid, f.id, f.text, f.start, f.end, f.value, f.value_max, int(f.approx),
              f.category, f.unit, f.source.text if f.source else None, _json(f.to_dict()))
             for f in r.figures])
        for q in r.quotes:
            cur = self.db.execute(
                "INSERT OR IGNORE INTO quotes(article_id, id, text, start, \"end\", speaker, "
                "direct, flags, data) VALUES (?,?,?,?,?,?,?,?,?)",
                (aid, q.id, q.text, q.start, q.end, q.speaker, int(q.direct), _json(list(q.flags)),
                 _json(q.to_dict())))
            if cur.rowcount == 1:
                self.db.execute("INSERT INTO quotes_fts(rowid, text, speaker) VALUES (?, ?, ?)",
                                (cur.lastrowid, q.text, q.speaker or ""))
        self.db.executemany(
            "INSERT OR IGNORE INTO times VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(aid, t.id, t.text, t.start, t.end, t.value, t.type,
              t.interval.start.isoformat() if t.interval else None,
              t.interval.end.isoformat() if t.interval else None, _json(t.to_dict()))
             for t in r.times])
        rows = []
        published = r.article.published.isoformat() if r.article.published else None
        for e in r.events:
            p = e.place
            start = e.date.start.isoformat() if e.date else None
            end = e.date.end.isoformat() if e.date else None
            rows.append((
                event_key(aid, e.id), aid, e.id, e.type, e.modality,
                p.id if p else None, p.name if p else None, p.country if p else None,
                p.admin1 if p else None, p.lat if p else None, p.lon if p else None,
                p.precision if p else None, start, end,
                _json([m.text for m in e.actors]), _json([m.text for m in e.targets]),
                e.source.text if e.source else None, e.trigger.text, e.evidence.text,
                e.acled[0] if e.acled else None, e.acled[1] if e.acled else None,
                _json(e.to_dict()), published, start or published, end or start or published))
        self.db.executemany(
            "INSERT OR IGNORE INTO events(key, article_id, id, type, modality, place_id, "
            "place_name, country, admin1, lat, lon, geo_precision, date_start, date_end, "
            "actors, targets, source, trigger, evidence, acled_type, acled_sub_type, data, "
            "published, day, day_end) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)

    # -- corpus passes -----------------------------------------------------------------
    def signatures(self) -> Iterator[tuple[str, bytes]]:
        yield from self.db.execute("SELECT article_id, minhash FROM signatures ORDER BY article_id")

    def add_near_duplicates(self, pairs: Iterable[tuple[str, str, float]]) -> int:
        with self.db:
            cur = self.db.executemany(
                "INSERT OR IGNORE INTO near_duplicates(article_id, other_id, similarity) "
                "VALUES (?, ?, ?)", pairs)
        return cur.rowcount

    def near_duplicate_pairs(self) -> list[tuple[str, str, float]]:
        return [tuple(r) for r in self.db.execute(
            "SELECT article_id, other_id, similarity FROM near_duplicates")]

    def exact_duplicate_pairs(self) -> list[tuple[str, str]]:
        return [tuple(r) for r in self.db.execute(
            "SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL")]

    def articles_for_clustering(self) -> Iterator[dict]:
        """Analysed articles with what story clustering reads, oldest first."""
        places: dict[str, list[str]] = {}
        for aid, name in self.db.execute("SELECT article_id, name FROM places"):
            places.setdefault(aid, []).append(name)
        types: dict[str, list[str]] = {}
        for aid, t in self.db.execute("SELECT article_id, type FROM events"):
            types.setdefault(aid, []).append(t)
        for row in self.db.execute(
                "SELECT id, title, published, substr(text, 1, 1200) AS lead FROM articles "
                "WHERE duplicate_of IS NULL ORDER BY published IS NULL, published, n"):
            yield {"id": row["id"], "title": row["title"], "published": row["published"],
                   "lead": row["lead"], "places": places.get(row["id"], []),
                   "event_types": types.get(row["id"], [])}

    def replace_stories(self, stories: Sequence[dict], members: Iterable[tuple[str, str]]) -> None:
        """Replace the story clustering: `stories` rows and (article_id, story_id) pairs."""
        with self.db:
            self.db.execute("DELETE FROM stories")
            self.db.execute("DELETE FROM story_articles")
            self.db.executemany(
                "INSERT INTO stories(id, title, first_date, last_date, n_articles, terms) "
                "VALUES (:id, :title, :first_date, :last_date, :n_articles, :terms)",
                [{**s, "terms": _json(s.get("terms", []))} for s in stories])
            self.db.executemany("INSERT OR REPLACE INTO story_articles(article_id, story_id) "
                                "VALUES (?, ?)", members)

    def events_for_merging(self) -> list[dict]:
        """Every stored event with its article's date and story, for the merge pass."""
        out = []
        for r in self.db.execute(
                "SELECT e.key, e.id, e.article_id, e.type, e.modality, e.place_id, e.place_name, "
                "e.country, e.lat, e.lon, e.date_start, e.date_end, e.actors, a.published, "
                "s.story_id FROM events e JOIN articles a ON a.id = e.article_id "
                "LEFT JOIN story_articles s ON s.article_id = e.article_id "
                "ORDER BY e.type, COALESCE(e.date_start, a.published), e.key"):
            d = dict(r)
            d["actors"] = json.loads(d["actors"])
            out.append(d)
        return out

    def replace_merged_events(self, merged: Sequence[dict],
                              links: Iterable[tuple[str, str]]) -> None:
        with self.db:
            self.db.execute("DELETE FROM merged_events")
            self.db.execute("DELETE FROM event_merges")
            self.db.executemany(
                "INSERT INTO merged_events(id, type, place_name, country, lat, lon, date_start, "
                "date_end, n_events, n_articles, story_id) VALUES (:id, :type, :place_name, "
                ":country, :lat, :lon, :date_start, :date_end, :n_events, :n_articles, "
                ":story_id)", merged)
            self.db.executemany("INSERT INTO event_merges(event_key, merged_id) VALUES (?, ?)",
                                links)
            self.db.execute("INSERT INTO meta(key, value) VALUES ('corpus_dirty', '0') "
                            "ON CONFLICT(key) DO UPDATE SET value = '0'")

    # -- reading -----------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        q = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": q("SELECT count(*) FROM articles WHERE duplicate_of IS NULL"),
            "exact_duplicates": q("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            "near_duplicate_pairs": q("SELECT count(*) FROM near_duplicates"),
            "places": q("SELECT count(*) FROM places"),
            "figures": q("SELECT count(*) FROM figures"),
            "quotes": q("SELECT count(*) FROM quotes"),
            "times": q("SELECT count(*) FROM times"),
            "events": q("SELECT count(*) FROM events"),
            "stories": q("SELECT count(*) FROM stories WHERE n_articles > 1"),
            "merged_events": q("SELECT count(*) FROM merged_events WHERE n_articles > 1"),
        }

    def article(self, article_id: str) -> dict | None:
        row = self.db.execute(
            "SELECT a.*, s.name AS source, sa.story_id FROM articles a "
            "LEFT JOIN sources s ON s.id = a.source_id "
            "LEFT JOIN story_articles sa ON sa.article_id = a.id WHERE a.id = ?",
            (article_id,)).fetchone()
        if row is None:
            return None
        d = dict(row)
        d["warnings"] = json.loads(d["warnings"])
        d["skipped"] = json.loads(d["skipped"])
        return d

    def layer(self, table: str, article_id: str) -> list[dict]:
        """The stored items (as `to_dict()` gave them) of one layer of one article."""
        if table not in ("places", "figures", "quotes", "times", "events"):
            raise ValueError(f"unknown layer {table!r}")
        if table == "events":
            sql = ("SELECT e.data, e.key, m.merged_id FROM events e LEFT JOIN event_merges m "
                   "ON m.event_key = e.key WHERE e.article_id = ? ORDER BY e.rowid")
            return [{**json.loads(r[0]), "key": r[1], "merged_id": r[2]}
                    for r in self.db.execute(sql, (article_id,))]
        return [json.loads(r[0]) for r in self.db.execute(
            f"SELECT data FROM {table} WHERE article_id = ? ORDER BY start", (article_id,))]

    def event_row(self, key: str) -> dict | None:
        rows = self._event_rows("WHERE e.key = ?", [key], "", 1, 0)
        return rows[0] if rows else None

    def _event_where(self, f: EventFilter) -> tuple[str, list]:
        """The WHERE clause of `f` over the events table alone (alias `e`): counts and
        timelines need no join."""
        where, args = ["1"], []
        if f.type:
            where.append("e.type = ?"); args.append(f.type)
        if f.modality:
            where.append("e.modality = ?"); args.append(f.modality)
        if f.country:
            # any case, as upper() compared them (both fold ASCII only)
            where.append("e.country = ? COLLATE NOCASE"); args.append(f.country)
        if f.near is not None:
            lat, lon = f.near
            dlat = f.within_km / 111.0
            where.append("e.lat BETWEEN ? AND ? AND distance_km(e.lat, e.lon, ?, ?) <= ?")
            args += [lat - dlat, lat + dlat, lat, lon, f.within_km]
        if f.date_from:
            where.append("e.day_end >= ?"); args.append(f.date_from.isoformat())
        if f.date_to:
            where.append("e.day <= ?"); args.append(f.date_to.isoformat())
        if f.actor:
            where.append("(e.actors LIKE ? OR e.source LIKE ?)")
            args += [f"%{f.actor}%"] * 2
        if f.text and fts_query(f.text):
            where.append("(e.article_id IN (SELECT a.id FROM articles a WHERE a.n IN "
                         "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)) "
                         "OR e.evidence LIKE ?)")
            args += [fts_query(f.text), f"%{f.text}%"]
        if f.article_id:
            where.append("e.article_id = ?"); args.append(f.article_id)
        if f.story_id:
            where.append("e.article_id IN (SELECT article_id FROM story_articles "
                         "WHERE story_id = ?)"); args.append(f.story_id)
        if f.merged_id:
            where.append("e.key IN (SELECT event_key FROM event_merges WHERE merged_id = ?)")
            args.append(f.merged_id)
        return "WHERE " + " AND ".join(where), args

    _EVENT_FROM = ("FROM events e JOIN articles a ON a.id = e.article_id "
                   "LEFT JOIN sources src ON src.id = a.source_id "
                   "LEFT JOIN story_articles sa ON sa.article_id = e.article_id "
                   "LEFT JOIN event_merges m ON m.event_key = e.key ")

    # Decoded event JSON, by its text, for pages of events: decoding is most of the time
    # of a page of 1,000 (the map), asked again and again for the same newest events.
    # About 9 MB per 1,000 events, per Store (the web server keeps one per thread).
    DECODED_EVENTS = 1500

    def _decode_event(self, data: str) -> dict:
        """A fresh dict of the event's JSON; its nested values are shared with the
        store's small cache of decoded events (the same text always decodes the same)."""
        cache = self._decoded
        d = cache.get(data)
        if d is None:
            d = cache[data] = json.loads(data)
            if len(cache) > self.DECODED_EVENTS:
                cache.popitem(last=False)
        else:
            cache.move_to_end(data)
        return dict(d)

    def _event_rows(self, where: str, args: list, order: str, limit: int | None,
                    offset: int, *, cached: bool = False) -> list[dict]:
        sql = (f"SELECT e.key, e.data, a.published, a.title, src.name AS outlet, sa.story_id, "
               f"m.merged_id {self._EVENT_FROM} {where} {order}")
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args = list(args) + [limit, offset]
        out = []
        decode = self._decode_event if cached else json.loads
        for r in self.db.execute(sql, args):
            d = decode(r["data"])
            d.update(key=r["key"], article_id=r["key"].split("/", 1)[0],
                     published=r["published"], title=r["title"], outlet=r["outlet"],
                     story_id=r["story_id"], merged_id=r["merged_id"])
            out.append(d)
        return out

    def events(self, f: EventFilter = EventFilter(), *, limit: int | None = 50,
               offset: int = 0) -> tuple[list[dict], int]:
        """Events matching `f` (newest first) and how many match in all.

        Each event is a dict of its own; the values inside it (place, figures...) may be
        shared with the next pages' events: read them, do not change them."""
        where, args = self._event_where(f)
        total = self.db.execute(f"SELECT count(*) FROM events e {where}", args).fetchone()[0]
        # the order of the events_day index: the day, then the article's date
        order = "ORDER BY e.day DESC, e.published DESC, e.key"
        return self._event_rows(where, args, order, limit, offset, cached=True), total

    def event_days(self, f: EventFilter = EventFilter()) -> list[tuple[str, str, int]]:
        """(day, type, count) of the events matching `f`, oldest day first."""
        where, args = self._event_where(f)
        return [tuple(r) for r in self.db.execute(
            f"SELECT substr(e.day, 1, 10) AS d, e.type, count(*) FROM events e {where} "
            f"AND e.day IS NOT NULL AND e.day != '' GROUP BY d, e.type ORDER BY d, e.type",
            args)]

    def quotes(self, *, speaker: str | None = None, text: str | None = None,
               article_id: str | None = None, limit: int | None = 50,
               offset: int = 0) -> tuple[list[dict], int]:
        where, args = ["1"], []
        if speaker:
            where.append("q.speaker LIKE ?"); args.append(f"%{speaker}%")
        if text and fts_query(text):
            where.append("q.n IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            args.append(fts_query(text))
        if article_id:
            where.append("q.article_id = ?"); args.append(article_id)
        w = " AND ".join(where)
        total = self.db.execute(f"SELECT count(*) FROM quotes q WHERE {w}", args).fetchone()[0]
        sql = (f"SELECT q.data, q.article_id, a.published, a.title FROM quotes q "
               f"JOIN articles a ON a.id = q.article_id WHERE {w} "
               f"ORDER BY a.published DESC, q.article_id, q.start")
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [{**json.loads(r[0]), "article_id": r[1], "published": r[2], "title": r[3]}
                for r in self.db.execute(sql, args)], total

    def stories(self, *, min_articles: int = 2, text: str | None = None,
                limit: int | None = 50, offset: int = 0) -> tuple[list[dict], int]:
        where, args = ["s.n_articles >= ?"], [min_articles]
        if text and fts_query(text):
            where.append("s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a "
                         "ON a.id = sa.article_id WHERE a.n IN (SELECT rowid FROM articles_fts "
                         "WHERE articles_fts MATCH ?))")
            args.append(fts_query(text))
        w = " AND ".join(where)
        total = self.db.execute(f"SELECT count(*) FROM stories s WHERE {w}", args).fetchone()[0]
        sql = (f"SELECT s.* FROM stories s WHERE {w} "
               f"ORDER BY s.n_articles DESC, s.first_date, s.id")
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [{**dict(r), "terms": json.loads(r["terms"])}
                for r in self.db.execute(sql, args)], total

    def story(self, story_id: str) -> dict | None:
        row = self.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        return {**dict(row), "terms": json.loads(row["terms"])} if row else None

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                              (article_id,)).fetchone()
        return row[0] if row else None

    def story_articles(self, story_id: str) -> list[dict]:
        return [dict(r) for r in self.db.execute(
            "SELECT a.id, a.title, a.published, a.url, a.duplicate_of, s.name AS outlet "
            "FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            "LEFT JOIN sources s ON s.id = a.source_id WHERE sa.story_id = ? "
            "ORDER BY a.published, a.n", (story_id,))]

    def story_figures(self, story_id: str) -> list[dict]:
        """Every figure claim of a story's analysed articles, with its source and date."""
        return [dict(r) for r in self.db.execute(
            "SELECT f.article_id, f.id, f.text, f.value, f.value_max, f.approx, f.category, "
            "f.unit, f.source, a.published, a.title, s.name AS outlet "
            "FROM story_articles sa JOIN figures f ON f.article_id = sa.article_id "
            "JOIN articles a ON a.id = f.article_id LEFT JOIN sources s ON s.id = a.source_id "
            "WHERE sa.story_id = ? AND a.duplicate_of IS NULL "
            "ORDER BY f.category, a.published, a.n, f.start", (story_id,))]

    def merged_events(self, *, story_id: str | None = None, min_articles: int = 2,
                      limit: int | None = 50, offset: int = 0) -> tuple[list[dict], int]:
        where, args = ["n_articles >= ?"], [min_articles]
        if story_id:
            where.append("story_id = ?"); args.append(story_id)
        w = " AND ".join(where)
        total = self.db.execute(f"SELECT count(*) FROM merged_events WHERE {w}",
                                args).fetchone()[0]
        sql = f"SELECT * FROM merged_events WHERE {w} ORDER BY n_articles DESC, date_start, id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [dict(r) for r in self.db.execute(sql, args)], total

    def merged_event(self, merged_id: str) -> dict | None:
        row = self.db.execute("SELECT * FROM merged_events WHERE id = ?", (merged_id,)).fetchone()
        return dict(row) if row else None

    def near_duplicates_of(self, article_id: str) -> list[dict]:
        return [dict(r) for r in self.db.execute(
            "SELECT other_id AS id, similarity FROM near_duplicates WHERE article_id = ? "
            "UNION SELECT article_id AS id, similarity FROM near_duplicates WHERE other_id = ? "
            "UNION SELECT id, 1.0 FROM articles WHERE duplicate_of = ? "
            "UNION SELECT duplicate_of, 1.0 FROM articles WHERE id = ? AND duplicate_of IS NOT NULL",
            (article_id, article_id, article_id, article_id))]

    def find_kind(self, some_id: str) -> str | None:
        """What an id names: 'article', 'event', 'story' or 'merged_event'."""
        checks = (("article", "SELECT 1 FROM articles WHERE id = ?"),
                  ("event", "SELECT 1 FROM events WHERE key = ?"),
                  ("story", "SELECT 1 FROM stories WHERE id = ?"),
                  ("merged_event", "SELECT 1 FROM merged_events WHERE id = ?"))
        for kind, sql in checks:
            if self.db.execute(sql, (some_id,)).fetchone():
                return kind
        return None

    def events_by_id(self, event_id: str) -> list[str]:
        """Store keys of events whose per-article id is `event_id`."""
        return [r[0] for r in self.db.execute("SELECT key FROM events WHERE id = ?", (event_id,))]

    def search_articles(self, text: str, *, limit: int = 20, offset: int = 0) -> list[dict]:
        if not fts_query(text):
            return []
        return [dict(r) for r in self.db.execute(
            "SELECT a.id, a.title, a.published FROM articles_fts f JOIN articles a ON a.n = f.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
            (fts_query(text), limit, offset))]

    def all_events(self, f: EventFilter = EventFilter()) -> Iterator[dict]:
        """Every matching event, oldest first, for exports (streamed)."""
        where, args = self._event_where(f)
        order = "ORDER BY e.day, e.key"
        yield from self._event_rows(where, args, order, None, 0)

    def event_places(self) -> dict[str, tuple[str | None, int | None]]:
        """Event key -> (admin1, precision) of its place, for the exports."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute(
            "SELECT key, admin1, geo_precision FROM events WHERE place_id IS NOT NULL")}

    def all_records(self) -> Iterator[dict]:
        """Each analysed article's record as `Record.to_dict()` gave it, with text."""
        ids = [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE duplicate_of IS NULL ORDER BY n")]
        for aid in ids:
            a = self.article(aid)
            yield {"id": a["id"], "title": a["title"], "published": a["published"],
                   "source": a["source"], "url": a["url"], "lang": a["lang"],
                   "engine": a["engine"], "story_id": a["story_id"],
                   "places": self.layer("places", aid), "figures": self.layer("figures", aid),
                   "quotes": self.layer("quotes", aid), "events": self.layer("events", aid),
                   "times": self.layer("times", aid), "skipped": a["skipped"],
                   "warnings": a["warnings"], "text": a["text"]}

    def size_bytes(self) -> int:
        if self.path == ":memory:":
            return 0
        return sum(p.stat().st_size for p in (Path(self.path), Path(self.path + "-wal"))
                   if p.exists())
