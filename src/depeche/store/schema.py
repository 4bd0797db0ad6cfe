"""The store's schema: named migrations, applied in order and recorded by name in the
`migrations` table, so that an older store is brought up to date when it is opened; and
the store they run on (`open_database`: a SQLite file, or a PostgreSQL database).

The migrations are written in SQLite's SQL; on PostgreSQL, those that must say it
otherwise have a version of their own under the same name (`POSTGRES_MIGRATIONS`): its
types (identity columns, double precision, bytea), its full-text search (tsvector
columns with French stemming instead of FTS5 tables) and case-blind indexes."""
from __future__ import annotations

import re
import sqlite3

from .common import Database, StoreError, now
from .dialect import Dialect, is_postgres
from .sqlite import SqliteDatabase

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


# PostgreSQL's version of each migration: SQLite's, its types said PostgreSQL's way
# (`postgres_ddl`), with what PostgreSQL needs besides (`_PG_EXTRA`); the full-text
# indexes are its own (`_PG_FULLTEXT`). Its layer tables have a `rowid` (the order items
# were stored in, as SQLite's rowid); articles and quotes hold their text search
# vectors as stored generated columns.
_PG_TYPES = [
    (re.compile(r"\bINTEGER PRIMARY KEY\b"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    (re.compile(r"\b(\w+) COLLATE NOCASE\b"), r"upper(\1)"),
]
_PG_ROWID = "rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE,"


def postgres_ddl(sql: str) -> str:
    """SQLite's DDL with PostgreSQL's types: identity keys, BIGINT, DOUBLE PRECISION,
    BYTEA, and upper() for a case-blind index."""
    for pattern, replacement in _PG_TYPES:
        sql = pattern.sub(replacement, sql)
    return sql


_PG_DISTANCE = """;
    CREATE OR REPLACE FUNCTION distance_km(lat1 double precision, lon1 double precision,
        lat2 double precision, lon2 double precision) RETURNS double precision
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT 6371.0088 * 2 * asin(least(1.0, sqrt(
            sin((radians(lat2) - radians(lat1)) / 2) ^ 2
            + cos(radians(lat1)) * cos(radians(lat2))
              * sin(radians(lon2 - lon1) / 2) ^ 2))) $$
"""
# French stemming for texts, words as they are for speakers' names; no accents
_PG_FULLTEXT = """
    CREATE EXTENSION IF NOT EXISTS unaccent;
    CREATE TEXT SEARCH CONFIGURATION depeche_fr (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION depeche_fr
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    CREATE TEXT SEARCH CONFIGURATION depeche_simple (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION depeche_simple
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    ALTER TABLE articles ADD COLUMN fts tsvector GENERATED ALWAYS AS
        (to_tsvector('depeche_fr', coalesce(title, '') || ' ' || text)) STORED;
    CREATE INDEX articles_fts ON articles USING gin(fts);
    ALTER TABLE quotes ADD COLUMN fts tsvector GENERATED ALWAYS AS
        (to_tsvector('depeche_fr', text || ' ' || coalesce(speaker, ''))) STORED;
    CREATE INDEX quotes_fts ON quotes USING gin(fts);
    ALTER TABLE quotes ADD COLUMN speaker_fts tsvector GENERATED ALWAYS AS
        (to_tsvector('depeche_simple', coalesce(speaker, ''))) STORED;
    CREATE INDEX quotes_speaker_fts ON quotes USING gin(speaker_fts)
"""


def _postgres(name: str, sql: str) -> str:
    if name == "0003_fulltext":
        return _PG_FULLTEXT
    sql = postgres_ddl(sql)
    if name == "0001_articles":
        sql = sql.rstrip().rstrip(";") + _PG_DISTANCE
    if name == "0002_layers":
        for table in ("places", "figures", "times", "events"):
            sql = sql.replace(f"CREATE TABLE {table} (", f"CREATE TABLE {table} ({_PG_ROWID}")
        sql = sql.replace("AS IDENTITY PRIMARY KEY,\n            article_id",
                          "AS IDENTITY PRIMARY KEY,\n            "
                          "rowid BIGINT GENERATED ALWAYS AS (n) STORED,\n            article_id")
    return sql


POSTGRES_MIGRATIONS: dict[str, str] = {name: _postgres(name, sql) for name, sql in MIGRATIONS}


def open_database(target: str, *, readonly: bool = False) -> Database:
    """The store `target` (a SQLite file, ":memory:", or a postgresql:// URL), opened,
    checked to be a depeche store (or a new, empty one) and set up; not migrated."""
    db: Database
    if is_postgres(target):
        from .postgres import PostgresDatabase
        db = PostgresDatabase(target, readonly=readonly)
    else:
        db = SqliteDatabase(target, readonly=readonly)
    try:
        check_depeche_store(db, readonly=readonly)
        db.prepare()
    except BaseException:
        db.close()
        raise
    return db


def check_depeche_store(db: Database, *, readonly: bool) -> None:
    """Refuse a database that is not a depeche store: one holding tables but no record
    of depeche's migrations (someone else's database); read-only, an empty one too."""
    tables = db.tables()
    if "migrations" in tables:
        names = {r[0] for r in db.execute("SELECT name FROM migrations")}
        if MIGRATIONS[0][0] in names:
            return
    elif not tables and not readonly:
        return                          # a new store: the migrations will make it
    kind = "PostgreSQL" if db.dialect.postgres else "SQLite"
    what = f"an empty {kind} {'database' if db.dialect.postgres else 'file'}" if not tables \
        else f"a {kind} database of something else (tables {', '.join(sorted(tables)[:5])}" + \
        (", ..." if len(tables) > 5 else "") + ")"
    raise StoreError(f"not a depeche store: {what}, with no depeche migrations; "
                     f"left untouched", source=db.source)


MIGRATIONS_TABLE = ("CREATE TABLE IF NOT EXISTS migrations "
                    "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")


def applied_migrations(db: Database) -> list[str]:
    if "migrations" not in db.tables():
        return []
    return [r[0] for r in db.execute("SELECT name FROM migrations ORDER BY name")]


def migration_sql(name: str, dialect: Dialect) -> str:
    """The statements of the migration `name` in `dialect`."""
    return POSTGRES_MIGRATIONS[name] if dialect.postgres else dict(MIGRATIONS)[name]


def migrate(db: Database, *, readonly: bool = False) -> list[str]:
    """Apply the migrations not yet recorded; returns the names applied now.

    Each migration is one write transaction (writers one at a time) that first checks
    it is still to do, so that two processes opening the same new store at once apply
    each migration once. Read-only, a store that needs migrations is refused (nothing
    is written)."""
    source = db.source
    try:
        done = set(applied_migrations(db))
    except (sqlite3.DatabaseError, StoreError) as exc:
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
    for name in pending:
        with db.write():
            db.execute(MIGRATIONS_TABLE)
            if db.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                continue                    # applied by another process meanwhile
            for statement in migration_sql(name, db.dialect).split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("INSERT INTO migrations(name, applied_at) VALUES (?, ?)", (name, now()))
        applied.append(name)
    return applied
