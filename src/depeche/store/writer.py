"""Writing records: articles, their layers (one table per layer, as `records.LAYERS`
names them) and the full-text indexes.

Writes are idempotent upserts keyed on content hashes (article ids, item ids); each
`add_records` call is one transaction, so an interrupted ingest keeps every batch
committed before the interruption. Every INSERT names its columns."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from ..records import LAYERS, Event, Figure, Place, Quote, Record, Time
from .common import CORPUS_DIRTY, Database, StoredRecord, event_key, insert_sql, now, to_json

ARTICLE_COLUMNS = ("id", "content_hash", "title", "published", "source_id", "url", "lang",
                   "text", "engine", "origin", "warnings", "skipped", "duplicate_of",
                   "ingested_at")


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def _place_row(aid: str, p: Place, r: Record) -> tuple:
    return (aid, p.id, p.text, p.start, p.end, p.field, p.name, p.kind, p.country, p.admin1, p.lat,
            p.lon, p.geonames_id, p.precision, to_json(p.to_dict()))


def _figure_row(aid: str, f: Figure, r: Record) -> tuple:
    return (aid, f.id, f.text, f.start, f.end, f.field, f.value, f.value_max, int(f.approx),
            f.category, f.unit, f.source.text if f.source else None, to_json(f.to_dict()))


def _quote_row(aid: str, q: Quote, r: Record) -> tuple:
    return (aid, q.id, q.text, q.start, q.end, q.field, q.speaker, int(q.direct),
            to_json(list(q.flags)), to_json(q.to_dict()))


def _time_row(aid: str, t: Time, r: Record) -> tuple:
    return (aid, t.id, t.text, t.start, t.end, t.field, t.value, t.type,
            _iso(t.interval.start) if t.interval else None,
            _iso(t.interval.end) if t.interval else None, to_json(t.to_dict()))


def _event_row(aid: str, e: Event, r: Record) -> tuple:
    """An event's columns, with its article's date and its days (its own date's first
    day, else its article's; its last day): the API sorts and pages events by day."""
    p = e.place
    published = _iso(r.article.published)
    start = _iso(e.date.start) if e.date else None
    end = _iso(e.date.end) if e.date else None
    return (event_key(aid, e.id), aid, e.id, e.type, e.modality,
            p.id if p else None, p.name if p else None, p.country if p else None,
            p.admin1 if p else None, p.lat if p else None, p.lon if p else None,
            p.precision if p else None, start, end,
            to_json([m.text for m in e.actors]), to_json([m.text for m in e.targets]),
            e.source.text if e.source else None, e.trigger.text, e.evidence.text,
            e.acled[0] if e.acled else None, e.acled[1] if e.acled else None,
            to_json(e.to_dict()), published, start or published, end or start or published,
            e.trigger.field)


def _index_quote(db: Database, cur: Any, q: Quote) -> None:
    """A quote newly stored goes into the quotes' full-text index (SQLite's FTS5 table;
    PostgreSQL's quotes hold their own)."""
    if cur.rowcount == 1 and not db.dialect.postgres:
        db.execute("INSERT INTO quotes_fts(rowid, text, speaker) VALUES (?, ?, ?)",
                    (cur.lastrowid, q.text, q.speaker or ""))


@dataclass(frozen=True)
class LayerTable:
    """How the items of one layer are stored: the table, its columns, an item's row,
    and what else a newly stored row needs (`after(db, cursor, item)`)."""
    table: str
    columns: tuple[str, ...]
    row: Callable[[str, Any, Record], tuple]
    after: Callable[[Database, Any, Any], None] | None = None

    @property
    def sql(self) -> str:
        return insert_sql(self.table, self.columns, conflict="DO NOTHING")


# every span table says which text (body or title) its start/end point into
ITEM = ("article_id", "id", "text", "start", "end", "field")
# layer name -> its columns and rows; the tables are the ones `records.LAYERS` names
_ROWS: dict[str, tuple] = {
    "places": (ITEM + ("name", "kind", "country", "admin1", "lat", "lon", "geonames_id",
                       "precision", "data"), _place_row),
    "figures": (ITEM + ("value", "value_max", "approx", "category", "unit", "source", "data"),
                _figure_row),
    "quotes": (ITEM + ("speaker", "direct", "flags", "data"), _quote_row, _index_quote),
    "times": (ITEM + ("value", "type", "date_start", "date_end", "data"), _time_row),
    "events": (("key", "article_id", "id", "type", "modality", "place_id", "place_name",
                "country", "admin1", "lat", "lon", "geo_precision", "date_start", "date_end",
                "actors", "targets", "source", "trigger", "evidence", "acled_type",
                "acled_sub_type", "data", "published", "day", "day_end", "field"), _event_row),
}
LAYER_TABLES: dict[str, LayerTable] = {
    layer.name: LayerTable(layer.table, *_ROWS[layer.name]) for layer in LAYERS}


@dataclass
class Written:
    """What `add_analysed` did with a batch of analysed records."""
    new: int = 0            # stored with their layers
    copies: int = 0         # same words as an article another process stored meanwhile:
                            # stored as its exact copy (not indexed, no layers)
    already: int = 0        # the same id stored meanwhile (by another process)
    copy_of: dict[str, str] = field(default_factory=dict)   # id -> the original's id


class Writer:
    """Writes articles and their layers on the store's database.

    Every write is one write transaction (`Database.write`) with the write lock taken
    before anything is read, so two processes writing the same store wait for each other
    (up to the connection's timeout) instead of failing on a stale snapshot."""

    def __init__(self, db: Database):
        self.db = db

    def set_meta(self, key: str, value: str) -> None:
        with self.db.write():
            self.db.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def add_records(self, batch: Sequence[StoredRecord]) -> int:
        """Store analysed records in one transaction; returns how many were new.

        An article already stored (same id) is left as it is: storing is idempotent."""
        return self._add(batch, copies=False).new

    def add_analysed(self, batch: Sequence[StoredRecord]) -> Written:
        """Store an ingest's analysed records in one transaction, checked against what
        is in the store now (another process may have written since the ingest read it):
        an id already stored is left as it is; an article whose words an article of
        another id already holds is stored as that one's exact copy."""
        return self._add(batch, copies=True)

    def _add(self, batch: Sequence[StoredRecord], *, copies: bool) -> Written:
        done = Written()
        with self.db.write():
            for sr in batch:
                original = self._original(sr) if copies else None
                if original is not None:
                    bare = StoredRecord(Record(article=sr.record.article), sr.content_hash,
                                        None, sr.origin)
                    if self._insert_article(bare, original):
                        done.copies += 1
                        done.copy_of[sr.record.article.id] = original
                    else:
                        done.already += 1
                elif self._insert_article(sr, None):
                    done.new += 1
                    self._insert_layers(sr)
                else:
                    done.already += 1
            if done.new or done.copies:
                self.db.execute(CORPUS_DIRTY, ("1",))
        return done

    def _original(self, sr: StoredRecord) -> str | None:
        """The analysed article of another id holding the same words, if any."""
        row = self.db.execute(
            "SELECT id FROM articles WHERE content_hash = ? AND duplicate_of IS NULL "
            "AND id != ? ORDER BY n LIMIT 1", (sr.content_hash, sr.record.article.id)).fetchone()
        return row[0] if row else None

    def add_duplicate(self, sr: StoredRecord, duplicate_of: str) -> bool:
        """Store an exact copy of an analysed article (not analysed again, not indexed);
        False when its id is already stored."""
        with self.db.write():
            added = self._insert_article(sr, duplicate_of)
            if added:
                self.db.execute(CORPUS_DIRTY, ("1",))
        return added

    def _source_id(self, name: str | None) -> int | None:
        if not name:
            return None
        row = self.db.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
        if row is None:
            self.db.execute("INSERT INTO sources(name) VALUES (?)", (name,))
            row = self.db.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
        return row[0]

    def _insert_article(self, sr: StoredRecord, duplicate_of: str | None) -> bool:
        """Store the article; False when its id is stored already. (Looked up first:
        under the write lock nobody else inserts meanwhile, and a row number is never
        spent on a row that is not stored.)"""
        r, a = sr.record, sr.record.article
        if self.db.execute("SELECT 1 FROM articles WHERE id = ?", (a.id,)).fetchone():
            return False
        cur = self.db.execute(
            insert_sql("articles", ARTICLE_COLUMNS),
            (a.id, sr.content_hash, a.title, _iso(a.published), self._source_id(a.source),
             a.url, a.lang, a.text, r.engine, sr.origin,
             to_json(list(a.warnings) + list(r.warnings)), to_json(list(r.skipped)),
             duplicate_of, now()))
        return cur.rowcount == 1

    def _insert_layers(self, sr: StoredRecord) -> None:
        r, aid = sr.record, sr.record.article.id
        if not self.db.dialect.postgres:       # SQLite's full-text index is a table
            n = self.db.execute("SELECT n FROM articles WHERE id = ?", (aid,)).fetchone()[0]
            self.db.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)",
                            (n, r.article.title or "", r.article.text))
        if sr.signature is not None:
            self.db.execute("INSERT INTO signatures(article_id, minhash) VALUES (?, ?) "
                            "ON CONFLICT(article_id) DO UPDATE SET minhash = excluded.minhash",
                            (aid, sr.signature))
        for layer in LAYERS:
            spec, items = LAYER_TABLES[layer.name], getattr(r, layer.name)
            if spec.after is None or self.db.dialect.postgres:
                self.db.executemany(spec.sql, [spec.row(aid, item, r) for item in items])
                continue
            for item in items:
                spec.after(self.db, self.db.execute(spec.sql, spec.row(aid, item, r)), item)
