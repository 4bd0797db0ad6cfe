"""The corpus passes, in their order, over the whole store."""
from __future__ import annotations

from ..store import Store
from .common import CorpusSettings
from .dedup import link_near_duplicates
from .merge import merge_events
from .stories import cluster_stories


def run_passes(store: Store, settings: CorpusSettings = CorpusSettings()) -> dict:
    """Near-duplicates, then stories, then event merging, over the whole store; the
    store is marked clean only if no article was stored meanwhile (by another ingest;
    the ingest then runs them again). Stories and merged events read before articles
    were stored meanwhile are not written: they would replace those of another ingest's
    passes, which read every article."""
    generation = store.corpus_generation()
    out = {"near_duplicate_pairs": link_near_duplicates(store, settings)}
    out["stories"] = cluster_stories(store, settings, generation)
    out["merged_events"] = merge_events(store, settings, generation)
    store.passes_done(generation)
    return out
