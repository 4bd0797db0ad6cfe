"""Duplicates: exact copies (the same words: `content_hash`) and near-duplicates (wire
copies): MinHash signatures of word shingles, LSH (`datasketch`) to find candidates,
linked when their estimated Jaccard is high."""
from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from ..store import Store
from .common import WORD, CorpusSettings, fold


def content_hash(text: str) -> str:
    """The hash of an article's words (case, accents and spacing ignored): exact copies."""
    return "h-" + hashlib.sha256(" ".join(WORD.findall(fold(text))).encode()).hexdigest()[:24]


def minhash(text: str, settings: CorpusSettings = CorpusSettings()):
    from datasketch import MinHash
    words = WORD.findall(fold(text))
    k = settings.shingle
    shingles = {" ".join(words[i:i + k]).encode() for i in range(max(1, len(words) - k + 1))}
    m = MinHash(num_perm=settings.num_perm, seed=1, scheme="affine32")
    m.update_batch(list(shingles))
    return m


def signature_bytes(m) -> bytes:
    return np.asarray(m.hashvalues).astype("<u4").tobytes()


def _from_bytes(data: bytes, settings: CorpusSettings):
    from datasketch import MinHash
    values = np.frombuffer(data, dtype="<u4")
    return MinHash(num_perm=settings.num_perm, seed=1, hashvalues=values, scheme="affine32")


def link_near_duplicates(store: Store, settings: CorpusSettings = CorpusSettings()) -> int:
    """Link every pair of stored articles whose shingle sets are nearly the same."""
    from datasketch import MinHashLSH
    lsh = MinHashLSH(threshold=settings.near_duplicate, num_perm=settings.num_perm)
    sigs: dict[str, Any] = {}     # article id -> its MinHash
    pairs = []
    for aid, blob in store.signatures():
        m = _from_bytes(blob, settings)
        for other in lsh.query(m):
            sim = m.jaccard(sigs[other])
            if sim >= settings.near_duplicate:
                a, b = sorted((aid, other))
                pairs.append((a, b, round(float(sim), 3)))
        lsh.insert(aid, m)
        sigs[aid] = m
    store.add_near_duplicates(pairs)
    return len(store.near_duplicate_pairs())
