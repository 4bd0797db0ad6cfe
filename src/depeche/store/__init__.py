"""The store: one SQLite file (the default) or a PostgreSQL database holding articles,
their records and the corpus passes.

This package is the only place that writes SQL, in parts:

- `sqlite`, `postgres`: the two databases (`Database`: execute, a write transaction,
  size, version), and `dialect`: the few fragments of SQL they say differently;
- `schema`: the named migrations, applied in order and recorded in the `migrations`
  table, so an older store is brought up to date when it is opened (PostgreSQL's
  version of those that must differ, under the same names);
- `writer`: articles and their layers (one table per layer of `records.LAYERS`), as
  idempotent upserts keyed on content hashes (article ids, item ids); each
  `add_records` call is one transaction, so an interrupted ingest keeps every batch
  committed before the interruption;
- `reader`: the queries, a page at a time, and the stored records rebuilt by `records`;
- `cache`: decoded events kept for the pages of events;
- `passes`: the tables of the corpus passes (near-duplicates, stories, merged events);
- `facade`: `Store`, which opens the file and holds them all.

    store = Store("depeche.db")
    store.add_records([StoredRecord(record, content_hash, signature)])
    store.events(EventFilter(type="disaster", country="LB"), limit=20)

SQLite runs in WAL mode (readers do not block the writer); FTS5 indexes article titles
and texts and the quotes with their speakers. PostgreSQL (`Store("postgresql://...")`)
holds the same tables and gives the same answers, with its French text search (words
stemmed: a superset of FTS5's matches) and write transactions one at a time (an
advisory lock), so that ingests on several machines may write one store.
"""
from __future__ import annotations

from .common import EventFilter, StoredRecord, StoreError, distance_km, event_key, fts_query
from .facade import Store
from .schema import MIGRATIONS

__all__ = ["Store", "StoreError", "StoredRecord", "EventFilter", "MIGRATIONS", "distance_km",
           "event_key", "fts_query"]
