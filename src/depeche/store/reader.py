"""Reading the store: articles and their layers, events, quotes, stories and merged
events by filters, a page at a time (`page`: the one place a count and a LIMIT/OFFSET
page are read), and the records rebuilt by `records.Record.from_dict`."""
from __future__ import annotations

import json
from typing import Any, Callable, Iterator, Protocol, Sequence

from ..records import LAYERS, Record
from .cache import DecodedEvents
from .common import Database, EventFilter, Row, geo_box, like_pattern
from .dialect import SQLITE, Dialect

LAYER_TABLES = tuple(layer.table for layer in LAYERS)


def limited(sql: str, args: Sequence, limit: int | None, offset: int) -> tuple[str, list]:
    """`sql` and its arguments with LIMIT/OFFSET added when `limit` is not None."""
    if limit is None:
        return sql, list(args)
    return sql + " LIMIT ? OFFSET ?", [*args, limit, offset]


def page(db: Database, count_sql: str, rows_sql: str, args: Sequence,
         limit: int | None, offset: int, make: Callable[[Row], Any] = dict
         ) -> tuple[list, int]:
    """One page of a query (`make` of each row of `rows_sql`, at `offset`, `limit` rows
    at most, all of them when None) and how many rows match in all (`count_sql`); both
    queries take the same arguments."""
    total = db.execute(count_sql, args).fetchone()[0]
    sql, page_args = limited(rows_sql, args, limit, offset)
    return [make(r) for r in db.execute(sql, page_args)], total


class Counts(Protocol):
    """Where a count is kept (`web.served.Cached`): `get(key, compute)` is `compute()`,
    or the value it gave for `key` while the store has not changed."""
    def get(self, key: Any, compute: Callable[[], Any]) -> Any: ...


def event_page(db: Database, where: str, args: Sequence, order: str,
               limit: int | None, offset: int, make: Callable[[Row], Any],
               counts: Counts | None = None, select: str | None = None
               ) -> tuple[list, int]:
    """One page of the events of `where` in `order` (`make` of each row) and how many
    match in all: the page's events are chosen from the events table alone (an index in
    the order: OFFSET skips index entries, not joined rows), then joined with their
    articles; the count is kept in `counts` when given (the server counts a filter once
    until the store changes). `select`: EVENT_SELECT, or `event_select` of the columns
    `make` reads."""
    select = EVENT_SELECT if select is None else select
    count_sql = f"SELECT count(*) FROM events e {where}"

    def count() -> int:
        return db.execute(count_sql, args).fetchone()[0]
    total = count() if counts is None else counts.get(("count", count_sql, tuple(args)), count)
    if limit is None:
        sql, page_args = f"{select} {where} {order}", list(args)
    else:
        sql = (f"{select} WHERE e.rowid IN (SELECT e.rowid FROM events e {where} "
               f"{order} LIMIT ? OFFSET ?) {order}")
        page_args = [*args, limit, offset]
    return [make(r) for r in db.execute(sql, page_args)], total


# The events at a point within the distance of `near`: the distinct points of the box
# around it (index events_lat_lon_published), each point's distance computed once (many
# events share a place: Paris holds thousands), then the events at those points. The
# LIMIT keeps SQLite from pushing the distance into the box's scan (once per event).
def near(dialect: Dialect) -> str:
    return ("(e.lat, e.lon) IN (SELECT p.lat, p.lon FROM (SELECT DISTINCT lat, lon FROM "
            "events WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? "
            f"LIMIT {dialect.no_limit}) p WHERE distance_km(p.lat, p.lon, ?, ?) <= ?)")


def near_args(point: tuple[float, float], km: float) -> list[float]:
    """The arguments of `near`: the box around `point` (`geo_box`; every longitude when
    it has no bounds of longitude), the point and the distance."""
    lat, lon = point
    lat_min, lat_max, lons = geo_box(lat, lon, km)
    lon_min, lon_max = lons if lons is not None else (-1000.0, 1000.0)
    return [lat_min, lat_max, lon_min, lon_max, lat, lon, km]


def event_where(f: EventFilter, dialect: Dialect = SQLITE) -> tuple[str, list]:
    """The WHERE clause of `f` over the events table alone (alias `e`) in `dialect`:
    counts and timelines need no join."""
    where: list[str] = ["1 = 1"]
    args: list[str | float] = []
    if f.type:
        where.append("e.type = ?"); args.append(f.type)
    if f.modality:
        where.append("e.modality = ?"); args.append(f.modality)
    if f.country:
        # any case, as upper() compared them (both fold ASCII only)
        where.append(dialect.nocase_eq("e.country")); args.append(f.country)
    if f.near is not None:
        where.append(near(dialect)); args += near_args(f.near, f.within_km)
    if f.date_from:
        where.append("e.day_end >= ?"); args.append(f.date_from.isoformat())
    if f.date_to:
        where.append("e.day <= ?"); args.append(f.date_to.isoformat())
    if f.actor:     # a few words of a JSON column: a bounded LIKE (depeche.query)
        like = dialect.like()
        where.append(f"(e.actors {like} ? ESCAPE '\\' OR e.source {like} ? ESCAPE '\\')")
        args += [like_pattern(f.actor)] * 2
    match = dialect.search(f.text) if f.text else ""
    if match:       # the event's sentence is in its article: the article's index suffices
        where.append(f"e.article_id IN (SELECT a.id FROM articles a "
                     f"{dialect.indexed_by('articles_n_id')} WHERE a.n IN "
                     f"({dialect.articles_matching()}))")
        args.append(match)
    if f.article_id:
        where.append("e.article_id = ?"); args.append(f.article_id)
    if f.story_id:
        where.append("e.article_id IN (SELECT article_id FROM story_articles "
                     "WHERE story_id = ?)"); args.append(f.story_id)
    if f.merged_id:
        where.append("e.key IN (SELECT event_key FROM event_merges WHERE merged_id = ?)")
        args.append(f.merged_id)
    return "WHERE " + " AND ".join(where), args


EVENT_SELECT = ("SELECT e.key, e.data, a.published, a.title, src.name AS outlet, sa.story_id, "
                "m.merged_id FROM events e JOIN articles a ON a.id = e.article_id "
                "LEFT JOIN sources src ON src.id = a.source_id "
                "LEFT JOIN story_articles sa ON sa.article_id = e.article_id "
                "LEFT JOIN event_merges m ON m.event_key = e.key ")


def event_select(columns: Sequence[str]) -> str:
    """EVENT_SELECT with only the joins that the store `columns` named need (the others
    are NULL): each joined table has at most one row per event, so that the rows are
    the same."""
    cols = set(columns)
    joins = ["FROM events e JOIN articles a ON a.id = e.article_id"]
    if "outlet" in cols:
        joins.append("LEFT JOIN sources src ON src.id = a.source_id")
    if "story_id" in cols:
        joins.append("LEFT JOIN story_articles sa ON sa.article_id = e.article_id")
    if "merged_id" in cols:
        joins.append("LEFT JOIN event_merges m ON m.event_key = e.key")
    values = {"outlet": "src.name", "story_id": "sa.story_id", "merged_id": "m.merged_id"}
    picked = [f"{values[c] if c in cols else 'NULL'} AS {c}" for c in values]
    return (f"SELECT e.key, e.data, a.published, a.title, {', '.join(picked)} "
            f"{' '.join(joins)} ")


# the order of the events_day index: the day, then the article's date
NEWEST_EVENTS = "ORDER BY e.day DESC, e.published DESC, e.key"


def _with_terms(row: Row) -> dict:
    return {**dict(row), "terms": json.loads(row["terms"])}



def quote_matches(speaker: str | None, text: str | None, dialect: Dialect = SQLITE
                  ) -> tuple[list[str], list]:
    """The WHERE terms (over `quotes q`) and their arguments of a quote search: the words
    of the speaker's name (each word, or a word it begins) and of the quote, through the
    full-text index; ["1 = 1"] when neither is given."""
    where, args = ["1 = 1"], []
    for column, prefix, words in (("speaker", True, speaker), (None, False, text)):
        match = dialect.search(words, prefix=prefix, column=column) if words else ""
        if match:
            where.append(f"q.n IN ({dialect.quotes_matching(column)})")
            args.append(match)
    return where, args

class Reader:
    """Queries on the store's connection; decoded events are kept in `decoded`."""

    def __init__(self, db: Database, decoded: DecodedEvents):
        self.db, self.decoded = db, decoded

    # -- articles and records ----------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def article_keys(self) -> tuple[set[str], dict[str, str]]:
        """Ids of stored articles, and content hash -> id of the analysed (original) ones."""
        ids: set[str] = set()
        hashes: dict[str, str] = {}
        for row in self.db.execute("SELECT id, content_hash, duplicate_of FROM articles"):
            ids.add(row[0])
            if row[2] is None:
                hashes.setdefault(row[1], row[0])
        return ids, hashes

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
        """The stored items (as `to_dict()` gave them) of one layer of one article, in
        reading order: the title's, then the body's, each in text order (events: in
        record order, with their store key and merged event)."""
        if table not in LAYER_TABLES:
            raise ValueError(f"unknown layer {table!r}")
        if table == "events":
            sql = ("SELECT e.data, e.key, m.merged_id FROM events e LEFT JOIN event_merges m "
                   "ON m.event_key = e.key WHERE e.article_id = ? ORDER BY e.rowid")
            return [{**json.loads(r[0]), "key": r[1], "merged_id": r[2]}
                    for r in self.db.execute(sql, (article_id,))]
        return [json.loads(r[0]) for r in self.db.execute(
            f"SELECT data FROM {table} WHERE article_id = ? "
            f"ORDER BY field = 'text', start", (article_id,))]

    def article_record(self, article_id: str) -> dict | None:
        """The stored article's record as `Record.to_dict(with_text=True)` gave it: its
        items in record order, rebuilt by `Record.from_dict`."""
        a = self.article(article_id)
        return None if a is None else self._record(a)

    def _record(self, a: dict) -> dict:
        """The record of the article row `a` (as `article` gives it)."""
        d = {k: a[k] for k in ("id", "title", "published", "source", "url", "lang", "text",
                               "engine", "skipped", "warnings")}
        for layer in LAYERS:
            d[layer.name] = [json.loads(r[0]) for r in self.db.execute(
                f"SELECT data FROM {layer.table} WHERE article_id = ? ORDER BY rowid",
                (a["id"],))]
        return Record.from_dict(d).to_dict(with_text=True)

    def all_records(self) -> Iterator[dict]:
        """Each analysed article's record (`article_record`), with its story after its
        engine, and its events with their store keys and merged events."""
        ids = [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE duplicate_of IS NULL ORDER BY n")]
        for aid in ids:
            a = self.article(aid)
            assert a is not None            # its id was just read from the same table
            record = self._record(a)
            keys = self.db.execute(
                "SELECT e.key, m.merged_id FROM events e LEFT JOIN event_merges m "
                "ON m.event_key = e.key WHERE e.article_id = ? ORDER BY e.rowid", (aid,))
            record["events"] = [{**ev, "key": key, "merged_id": merged}
                                for ev, (key, merged) in zip(record["events"], keys)]
            out = {}
            for key, value in record.items():
                out[key] = value
                if key == "engine":
                    out["story_id"] = a["story_id"]
            yield out

    # -- events --------------------------------------------------------------------------
    def event_maker(self, *, cached: bool = False) -> Callable[[Row], dict]:
        """What makes a row of EVENT_SELECT an event dict (`cached`: decoded through the
        store's cache of decoded events)."""
        decode = self.decoded.decode if cached else json.loads

        def make(r: Row) -> dict:
            d = decode(r["data"])
            d.update(key=r["key"], article_id=r["key"].split("/", 1)[0],
                     published=r["published"], title=r["title"], outlet=r["outlet"],
                     story_id=r["story_id"], merged_id=r["merged_id"])
            return d
        return make

    def _event_query(self, where: str, order: str, *, cached: bool = False
                     ) -> tuple[str, Callable[[Row], dict]]:
        """The query of the events of `where` in `order`, and what makes a row a dict."""
        return f"{EVENT_SELECT} {where} {order}", self.event_maker(cached=cached)

    def event_row(self, key: str) -> dict | None:
        sql, make = self._event_query("WHERE e.key = ?", "")
        sql, args = limited(sql, [key], 1, 0)
        rows = [make(r) for r in self.db.execute(sql, args)]
        return rows[0] if rows else None

    def events(self, f: EventFilter = EventFilter(), *, limit: int | None = 50,
               offset: int = 0) -> tuple[list[dict], int]:
        """Events matching `f` (newest first) and how many match in all.

        Each event is a dict of its own; the values inside it (place, figures...) may be
        shared with the next pages' events: read them, do not change them."""
        where, args = event_where(f, self.db.dialect)
        return event_page(self.db, where, args, NEWEST_EVENTS, limit, offset,
                          self.event_maker(cached=True))

    def all_events(self, f: EventFilter = EventFilter()) -> Iterator[dict]:
        """Every matching event, oldest first, for exports (streamed)."""
        where, args = event_where(f, self.db.dialect)
        sql, make = self._event_query(where, "ORDER BY e.day, e.key")
        yield from [make(r) for r in self.db.execute(sql, args)]

    def event_days(self, f: EventFilter = EventFilter()) -> list[tuple[str, str, int]]:
        """(day, type, count) of the events matching `f`, oldest day first."""
        where, args = event_where(f, self.db.dialect)
        return [tuple(r) for r in self.db.execute(
            f"SELECT substr(e.day, 1, 10) AS d, e.type, count(*) FROM events e {where} "
            f"AND e.day IS NOT NULL AND e.day != '' GROUP BY d, e.type ORDER BY d, e.type",
            args)]

    def events_by_id(self, event_id: str) -> list[str]:
        """Store keys of events whose per-article id is `event_id`."""
        return [r[0] for r in self.db.execute("SELECT key FROM events WHERE id = ?", (event_id,))]

    def event_places(self) -> dict[str, tuple[str | None, int | None]]:
        """Event key -> (admin1, precision) of its place, for the exports."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute(
            "SELECT key, admin1, geo_precision FROM events WHERE place_id IS NOT NULL")}

    # -- quotes, stories, merged events ----------------------------------------------------
    def quotes(self, *, speaker: str | None = None, text: str | None = None,
               article_id: str | None = None, limit: int | None = 50,
               offset: int = 0) -> tuple[list[dict], int]:
        """Quotes whose speaker has the words of `speaker` (each word, or a word it
        begins; any case or accent) and whose text or speaker has the words of `text`."""
        where, args = quote_matches(speaker, text, self.db.dialect)
        if article_id:
            where.append("q.article_id = ?"); args.append(article_id)
        w = " AND ".join(where)
        return page(self.db, f"SELECT count(*) FROM quotes q WHERE {w}",
                    f"SELECT q.data, q.article_id, a.published, a.title FROM quotes q "
                    f"JOIN articles a ON a.id = q.article_id WHERE {w} "
                    f"ORDER BY a.published DESC, q.article_id, q.start", args, limit, offset,
                    lambda r: {**json.loads(r[0]), "article_id": r[1], "published": r[2],
                               "title": r[3]})

    def stories(self, *, min_articles: int = 2, text: str | None = None,
                limit: int | None = 50, offset: int = 0) -> tuple[list[dict], int]:
        where: list[str] = ["s.n_articles >= ?"]
        args: list[int | str] = [min_articles]
        dialect = self.db.dialect
        match = dialect.search(text) if text else ""
        if match:
            where.append(f"s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a "
                         f"ON a.id = sa.article_id WHERE a.n IN ({dialect.articles_matching()}))")
            args.append(match)
        w = " AND ".join(where)
        return page(self.db, f"SELECT count(*) FROM stories s WHERE {w}",
                    f"SELECT s.* FROM stories s WHERE {w} "
                    f"ORDER BY s.n_articles DESC, s.first_date, s.id", args, limit, offset,
                    _with_terms)

    def story(self, story_id: str) -> dict | None:
        row = self.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        return _with_terms(row) if row else None

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
        where: list[str] = ["n_articles >= ?"]
        args: list[int | str] = [min_articles]
        if story_id:
            where.append("story_id = ?"); args.append(story_id)
        w = " AND ".join(where)
        return page(self.db, f"SELECT count(*) FROM merged_events WHERE {w}",
                    f"SELECT * FROM merged_events WHERE {w} "
                    f"ORDER BY n_articles DESC, date_start, id", args, limit, offset)

    def merged_event(self, merged_id: str) -> dict | None:
        row = self.db.execute("SELECT * FROM merged_events WHERE id = ?", (merged_id,)).fetchone()
        return dict(row) if row else None

    # -- ids and search --------------------------------------------------------------------
    def near_duplicates_of(self, article_id: str) -> list[dict]:
        return [dict(r) for r in self.db.execute(
            "SELECT other_id AS id, similarity FROM near_duplicates WHERE article_id = ? "
            "UNION SELECT article_id AS id, similarity FROM near_duplicates WHERE other_id = ? "
            "UNION SELECT id, CAST(1 AS DOUBLE PRECISION) FROM articles WHERE duplicate_of = ? "
            "UNION SELECT duplicate_of, CAST(1 AS DOUBLE PRECISION) FROM articles "
            "WHERE id = ? AND duplicate_of IS NOT NULL",
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

    def search_articles(self, text: str, *, limit: int = 20, offset: int = 0) -> list[dict]:
        match = self.db.dialect.search(text)
        if not match:
            return []
        sql, times = self.db.dialect.article_ranked_search()
        return [dict(r) for r in self.db.execute(sql, (*[match] * times, limit, offset))]
