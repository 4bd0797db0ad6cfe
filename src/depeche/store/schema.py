"""The store's schema: named migrations, applied in order and recorded by name in the
`migrations` table, so that an older store is brought up to date when it is opened; and
the connection they run on (WAL, foreign keys, the `distance_km` SQL function)."""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from .common import StoreError, distance_km, now

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
    # The headline is analysed with the body: each stored span says which text its
    # offsets point into, "text" (the body) or "title" (an event: its trigger's; a
    # place: its first mention's). Items stored before are in the body.
    ("0006_span_fields", """
        ALTER TABLE places ADD COLUMN field TEXT NOT NULL DEFAULT 'text';
        ALTER TABLE figures ADD COLUMN field TEXT NOT NULL DEFAULT 'text';
        ALTER TABLE quotes ADD COLUMN field TEXT NOT NULL DEFAULT 'text';
        ALTER TABLE times ADD COLUMN field TEXT NOT NULL DEFAULT 'text';
        ALTER TABLE events ADD COLUMN field TEXT NOT NULL DEFAULT 'text';
    """),
    # Pages of events newest first by their article's date (the API's default order),
    # read from an index in that order, whole or for one type or country: a page is
    # LIMIT rows of an index, not a sort of every match. "Near" reads the box around
    # the point from an index of latitude then longitude, not a band of latitude
    # around the world.
    ("0007_event_pages", """
        CREATE INDEX events_published ON events(published DESC, day DESC, key);
        CREATE INDEX events_type_published ON events(type, published DESC, day DESC, key);
        CREATE INDEX events_country_published
            ON events(country COLLATE NOCASE, published DESC, day DESC, key);
        CREATE INDEX events_country_day
            ON events(country COLLATE NOCASE, day DESC, published DESC, key);
        DROP INDEX events_country_nocase;
        CREATE INDEX events_lat_lon ON events(lat, lon);
        DROP INDEX events_lat;
    """),
    # The pages of a full-text search and of "near" sort every match: their indexes
    # hold the columns of the order too, so that the sort reads index entries, not the
    # events' rows (1.6 kB each). An article's id by its row number, from an index
    # (the full-text index gives row numbers; the articles' rows hold their texts).
    ("0008_event_covers", """
        CREATE INDEX events_article_published
            ON events(article_id, published DESC, day DESC, key);
        DROP INDEX events_article;
        CREATE INDEX events_lat_lon_published ON events(lat, lon, published DESC, day DESC, key);
        DROP INDEX events_lat_lon;
        CREATE INDEX articles_n_id ON articles(n, id);
    """),
]


# How much of the store a read-only connection maps into memory instead of reading it
# page by page into its own cache (a full-text page reads thousands of scattered pages)
MMAP_BYTES = 2**31


def connect(path: str, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection to the store file `path` (":memory:" for none), set up for depeche.

    Read-only (`readonly`), the file is opened with SQLite's `mode=ro`: nothing is
    created, migrated or switched to WAL, and a file that is not a depeche store is
    refused. Read-write, a file holding tables of something else is refused too, before
    anything is written into it."""
    try:
        if readonly:
            db = _connect_readonly(path)
        else:
            db = sqlite3.connect(path, timeout=30.0)
        db.row_factory = sqlite3.Row
        db.create_function("distance_km", 4, distance_km, deterministic=True)
        db.execute("PRAGMA foreign_keys = ON")
        check_depeche_store(db, path, readonly=readonly)
        if readonly:        # read through the OS's page cache, shared by every reader
            db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        if path != ":memory:" and not readonly:
            _set_wal(db)
            db.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open the store: {exc}", source=path) from None
    return db


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


def check_depeche_store(db: sqlite3.Connection, source: str, *, readonly: bool) -> None:
    """Refuse a file that is not a depeche store: one holding tables but no record of
    depeche's migrations (someone else's database); read-only, an empty file too."""
    tables = {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "migrations" in tables:
        names = {r[0] for r in db.execute("SELECT name FROM migrations")}
        if MIGRATIONS[0][0] in names:
            return
    elif not tables and not readonly:
        return                          # a new store: the migrations will make it
    what = "an empty SQLite file" if not tables else \
        f"a SQLite database of something else (tables {', '.join(sorted(tables)[:5])}" + \
        (", ..." if len(tables) > 5 else "") + ")"
    raise StoreError(f"not a depeche store: {what}, with no depeche migrations; "
                     f"left untouched", source=source)


MIGRATIONS_TABLE = ("CREATE TABLE IF NOT EXISTS migrations "
                    "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")


def applied_migrations(db: sqlite3.Connection) -> list[str]:
    if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                      "AND name = 'migrations'").fetchone():
        return []
    return [r[0] for r in db.execute("SELECT name FROM migrations ORDER BY name")]


def migrate(db: sqlite3.Connection, source: str, *, readonly: bool = False) -> list[str]:
    """Apply the migrations not yet recorded; returns the names applied now.

    Each migration is one immediate transaction that first checks it is still to do, so
    that two processes opening the same new store at once apply each migration once.
    Read-only, a store that needs migrations is refused (nothing is written)."""
    try:
        done = set(applied_migrations(db))
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"not a depeche store: {exc}", source=source) from None
    known = {name for name, _ in MIGRATIONS}
    unknown = done - known
    if unknown:
        raise StoreError(f"written by a newer depeche (migrations {', '.join(sorted(unknown))}"
                         f"); upgrade depeche to read it", source=source)
    pending = [name for name, _ in MIGRATIONS if name not in done]
    if pending and readonly:
        raise StoreError(f"written by an older depeche (migrations {', '.join(pending)} not "
                         f"applied); open it once for writing (`depeche ingest ... --db "
                         f"{source}`) to bring it up to date", source=source)
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        with db:
            db.execute("BEGIN IMMEDIATE")
            db.execute(MIGRATIONS_TABLE)
            if db.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                continue                    # applied by another process meanwhile
            for statement in sql.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("INSERT INTO migrations(name, applied_at) VALUES (?, ?)", (name, now()))
        applied.append(name)
    return applied
