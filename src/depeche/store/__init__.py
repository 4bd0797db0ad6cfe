"""The store: one SQLite file holding articles, their records and the corpus passes.

This package is the only place that writes SQL, in parts:

- `schema`: the named migrations, applied in order and recorded in the `migrations`
  table, so an older store is brought up to date when it is opened;
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
and texts and the quotes with their speakers.
"""
from __future__ import annotations

from .common import EventFilter, StoredRecord, StoreError, distance_km, event_key, fts_query
from .facade import Store
from .schema import MIGRATIONS

__all__ = ["Store", "StoreError", "StoredRecord", "EventFilter", "MIGRATIONS", "distance_km",
           "event_key", "fts_query"]
