"""`Store`: one SQLite file or PostgreSQL database, opened and migrated (`schema`),
written (`writer`), read (`reader`, with its cache of decoded events) and holding the
corpus passes' tables (`passes`, as `Store.corpus`). Each method is its part's, under
the same name."""
from __future__ import annotations

import functools
from pathlib import Path

from .cache import CacheSize, DecodedEvents
from .passes import CorpusTables
from .reader import Reader
from .schema import applied_migrations as _applied_migrations, migrate as _migrate, open_database
from .writer import Writer


def _to(part: str, method):
    """`method` of the part held in the store's attribute `part`, as a Store method."""
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        return method(getattr(self, part), *args, **kwargs)
    return call


class Store:
    """A depeche store (created and migrated on open): a SQLite file (the default), or a
    PostgreSQL database when `path` is a postgresql:// URL.

    `readonly`: SQLite's file opened with `mode=ro`, never created, migrated or switched
    to WAL; PostgreSQL's transactions read-only. A database that is not a depeche store
    (or one an older depeche wrote) is refused."""

    DECODED_EVENTS = CacheSize()        # how many decoded events `events` pages keep

    def __init__(self, path: str | Path = "depeche.db", *, readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        self._decoded = DecodedEvents()
        self.db = open_database(self.path, readonly=readonly)
        self.reader = Reader(self.db, self._decoded)
        self.writer = Writer(self.db)
        self.corpus = CorpusTables(self.db)
        try:
            self.migrate()
        except BaseException:
            self.db.close()
            raise

    # -- schema ------------------------------------------------------------------------
    def applied_migrations(self) -> list[str]:
        return _applied_migrations(self.db)

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; returns the names applied now."""
        return _migrate(self.db, readonly=self.readonly)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def shared(self) -> bool:
        """Whether this one store may serve every thread of a process (PostgreSQL's
        pool); else each thread opens its own (SQLite's connections stay in theirs)."""
        return self.db.shared

    def size_bytes(self) -> int:
        return self.db.size_bytes()

    def version(self) -> tuple:
        """What changes when the store changes (the server's kept answers expire)."""
        return self.db.version()

    # -- writing -----------------------------------------------------------------------
    set_meta = _to("writer", Writer.set_meta)
    add_records = _to("writer", Writer.add_records)
    add_duplicate = _to("writer", Writer.add_duplicate)
    add_analysed = _to("writer", Writer.add_analysed)

    # -- corpus passes -----------------------------------------------------------------
    signatures = _to("corpus", CorpusTables.signatures)
    add_near_duplicates = _to("corpus", CorpusTables.add_near_duplicates)
    near_duplicate_pairs = _to("corpus", CorpusTables.near_duplicate_pairs)
    exact_duplicate_pairs = _to("corpus", CorpusTables.exact_duplicate_pairs)
    articles_for_clustering = _to("corpus", CorpusTables.articles_for_clustering)
    replace_stories = _to("corpus", CorpusTables.replace_stories)
    events_for_merging = _to("corpus", CorpusTables.events_for_merging)
    replace_merged_events = _to("corpus", CorpusTables.replace_merged_events)
    corpus_generation = _to("corpus", CorpusTables.generation)
    passes_done = _to("corpus", CorpusTables.passes_done)

    # -- reading -----------------------------------------------------------------------
    get_meta = _to("reader", Reader.get_meta)
    article_keys = _to("reader", Reader.article_keys)
    counts = _to("reader", Reader.counts)
    article = _to("reader", Reader.article)
    layer = _to("reader", Reader.layer)
    article_record = _to("reader", Reader.article_record)
    all_records = _to("reader", Reader.all_records)
    event_row = _to("reader", Reader.event_row)
    events = _to("reader", Reader.events)
    all_events = _to("reader", Reader.all_events)
    event_days = _to("reader", Reader.event_days)
    events_by_id = _to("reader", Reader.events_by_id)
    event_places = _to("reader", Reader.event_places)
    quotes = _to("reader", Reader.quotes)
    stories = _to("reader", Reader.stories)
    story = _to("reader", Reader.story)
    story_of = _to("reader", Reader.story_of)
    story_articles = _to("reader", Reader.story_articles)
    story_figures = _to("reader", Reader.story_figures)
    merged_events = _to("reader", Reader.merged_events)
    merged_event = _to("reader", Reader.merged_event)
    near_duplicates_of = _to("reader", Reader.near_duplicates_of)
    find_kind = _to("reader", Reader.find_kind)
    search_articles = _to("reader", Reader.search_articles)
