"""Corpus passes over stored records, and the ingest that feeds them.

- `ingest`: items (articles or input errors) into a store, in committed batches;
  articles already stored (same id or same text) are skipped before any analysis.
- `dedup`: exact copies (same words) and near-duplicates (wire copies): MinHash
  signatures of word 5-shingles, LSH (`datasketch`) to find candidates, linked when
  their estimated Jaccard is high.
- `stories`: articles about the same developing event across outlets and days: each
  joins the active story whose term profile (names, places, event types, title and
  lead words, TF-IDF) it matches, stories of one event are merged, a second look moves
  early reports to their own event; labelled by their most central headline.
- `merge`: events merged across articles (same kind, places close, dates overlapping,
  actors compatible) under stable ids (derived from the earliest member).
- `tolls`: a story's figure claims per category as a timeline of reports (one per
  article, its parts linked to it), the latest, the highest, rising or conflicting;
  figures are never reconciled into one number (`queries.story_detail`).
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
