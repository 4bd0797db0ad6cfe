"""Corpus passes over stored records, and the ingest that feeds them.

- `ingest`: items (articles or input errors) into a store, in committed batches;
  articles already stored (same id or same text) are skipped before any analysis.
- `dedup`: exact copies (same words) and near-duplicates (wire copies): MinHash
  signatures of word 5-shingles, LSH (`datasketch`) to find candidates, linked when
  their estimated Jaccard is high.
- `stories`: articles about the same events across outlets and days, clustered by
  salient terms (names, places, event types, title words) within a moving window.
- `merge`: events merged across articles (same type, places close, dates overlapping,
  actors compatible) under stable ids (derived from the earliest member); figures are
  never reconciled into one number: `queries.story_detail` lists every claim with its
  source and date.
- `passes`: the three passes in order (`run_passes`); `common`: their settings.
"""
from __future__ import annotations

from .common import CorpusSettings
from .dedup import content_hash, link_near_duplicates, minhash, signature_bytes
from .ingest import IngestError, IngestSummary, ingest
from .merge import merge_events
from .passes import run_passes
from .stories import cluster_stories, story_terms

__all__ = ["IngestError", "content_hash", "minhash", "signature_bytes", "ingest", "IngestSummary",
           "run_passes", "link_near_duplicates", "cluster_stories", "merge_events",
           "story_terms", "CorpusSettings"]
