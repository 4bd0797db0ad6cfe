"""Corpus passes over stored records, and the ingest that feeds them.

- `ingest`: items (articles or input errors) into a store, in committed batches;
  articles already stored (same id or same text) are skipped before any analysis.
- near-duplicates (wire copies): MinHash signatures of word 5-shingles, LSH
  (`datasketch`) to find candidates, linked when their estimated Jaccard is high.
- stories: articles about the same events across outlets and days, clustered by
  salient terms (names, places, event types, title words) within a moving window.
- events merged across articles (same type, places close, dates overlapping, actors
  compatible) under stable ids (derived from the earliest member).
- figures are never reconciled into one number: `queries.story_detail` lists every
  claim with its source and date.
"""
from __future__ import annotations

import hashlib
import logging
import math
import re
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Callable, Iterable

import numpy as np

from .errors import DepecheError
from .records import Article, Record, content_id
from .store import Store, StoredRecord, distance_km

__all__ = ["IngestError", "content_hash", "minhash", "signature_bytes", "ingest", "IngestSummary",
           "run_passes", "link_near_duplicates", "cluster_stories", "merge_events",
           "story_terms", "CorpusSettings"]

log = logging.getLogger("depeche.corpus")

WORD = re.compile(r"\w+", re.UNICODE)
CAPITALISED = re.compile(r"\b([A-ZÀ-Ý][\w'’-]{2,}(?:[ -][A-ZÀ-Ý][\w'’-]{2,})*)")


class IngestError(DepecheError):
    """An ingest that cannot go on (a worker process died); what was committed stays."""
    code = "E700"


@dataclass(frozen=True)
class CorpusSettings:
    """Thresholds of the corpus passes."""
    num_perm: int = 64
    shingle: int = 5
    near_duplicate: float = 0.7       # estimated Jaccard of shingles for a wire copy
    story_window_days: int = 7        # an article joins a story active within this window
    story_threshold: float = 0.25     # IDF-weighted cosine with the best earlier article
    story_max_df: float = 0.02        # terms in more articles than this share are ignored
    merge_km: float = 50.0            # event places at most this far apart
    merge_slack_days: int = 1         # date intervals widened by this before overlapping


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def content_hash(text: str) -> str:
    """The hash of an article's words (case, accents and spacing ignored): exact copies."""
    return "h-" + hashlib.sha256(" ".join(WORD.findall(_fold(text))).encode()).hexdigest()[:24]


def minhash(text: str, settings: CorpusSettings = CorpusSettings()):
    from datasketch import MinHash
    words = WORD.findall(_fold(text))
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


# -- ingest ----------------------------------------------------------------------------
@dataclass
class IngestSummary:
    read: int = 0
    new: int = 0
    duplicates: int = 0        # exact copies (same words) of an analysed article
    already: int = 0           # the same article id stored by an earlier ingest
    failed: int = 0
    seconds: float = 0.0
    passes: dict = field(default_factory=dict)

    def line(self) -> str:
        s = (f"read {self.read}, new {self.new}, duplicates {self.duplicates}, already stored "
             f"{self.already}, failed {self.failed} in {self.seconds:.1f} s")
        if self.passes:
            s += (f"; corpus: {self.passes.get('near_duplicate_pairs', 0)} near-duplicate pairs, "
                  f"{self.passes.get('stories', 0)} stories, "
                  f"{self.passes.get('merged_events', 0)} merged events")
        return s


def ingest(store: Store, items: Iterable, engine=None, *, batch_size: int = 64,
           settings: CorpusSettings = CorpusSettings(), source: str | None = None,
           progress: Callable[[int], None] | None = None,
           on_error: Callable[[str, str], None] | None = None,
           passes: bool = True, workers: int = 1,
           engine_settings: dict | None = None) -> IngestSummary:
    """Analyse and store new articles; skip those already stored; commit per batch.

    `items` are `articles.Item`s (an article or an InputError). One bad input or one
    article whose analysis fails is reported to `on_error(origin, message)`, counted,
    and the batch goes on.

    With `workers` > 1, batches are analysed by that many processes, each building its
    own Engine once (from `engine_settings`, else `engine.settings`, else the loaded
    settings); `engine` may then be None. This process alone reads the inputs, checks
    for articles already stored or exact copies (so the check covers every worker),
    and writes the records in input order: the store is the same as with one worker,
    and an interrupted ingest resumes the same way."""
    t0 = time.monotonic()
    summary = IngestSummary()
    ids, hashes = store.article_keys()
    report = on_error or (lambda origin, msg: log.warning("%s: %s", origin, msg))
    failed_ids: set[str] = set()
    pending: list[tuple[Article, str, str]] = []
    copies: list[tuple[StoredRecord, str]] = []     # copies of articles not yet written

    def write(batch, results, batch_copies):
        """Store an analysed batch, then the copies read up to its end (their originals
        are in this batch or an earlier one, so already written or failed)."""
        stored = []
        for (article, h, origin), (record, sig, error) in zip(batch, results):
            if record is None:
                summary.failed += 1
                failed_ids.add(article.id)
                if hashes.get(h) == article.id:
                    del hashes[h]
                report(origin, error)
                continue
            stored.append(StoredRecord(record, h, sig, origin))
        if stored:
            summary.new += store.add_records(stored)
        if progress and batch:
            progress(len(batch))
        for sr, original in batch_copies:
            if original in failed_ids:      # the same words would fail the same way
                summary.duplicates -= 1
                summary.failed += 1
                report(sr.origin or sr.record.id, f"copy of {original}, whose analysis failed")
            else:
                store.add_duplicate(sr, original)

    with _Analyser(engine, workers, engine_settings, settings) as analyser:
        def flush():
            analyser.submit(list(pending), list(copies))
            pending.clear()
            copies.clear()
            for done in analyser.ready():
                write(*done)

        for item in items:
            summary.read += 1
            if item.article is None:
                summary.failed += 1
                report(item.origin, str(item.error))
                if progress:
                    progress(1)
                continue
            article = item.article
            if source and not article.source:
                article = replace(article, source=source)
            h = content_hash(article.text)
            if article.id in ids:
                summary.already += 1
                if progress:
                    progress(1)
                continue
            ids.add(article.id)
            if h in hashes:
                summary.duplicates += 1
                copies.append((StoredRecord(Record(article=article), h, None, item.origin),
                               hashes[h]))
                if progress:
                    progress(1)
                continue
            hashes[h] = article.id
            pending.append((article, h, item.origin))
            if len(pending) >= batch_size:
                flush()
        if pending or copies:
            flush()
        for done in analyser.drain():
            write(*done)
    if passes and store.get_meta("corpus_dirty") == "1":
        summary.passes = run_passes(store, settings)
    summary.seconds = time.monotonic() - t0
    return summary


Result = tuple  # (Record | None, signature bytes | None, error message | None)


def _analyse(engine, articles: list[Article], origins: list[str],
             settings: CorpusSettings) -> list[Result]:
    """Results of a batch, in order; when the batch fails, each article alone."""
    try:
        records: list = list(engine.analyze_many(articles))
        errors: list = [None] * len(articles)
    except Exception:  # a stage failing on one article: find which, keep the others
        records, errors = [], []
        for article in articles:
            try:
                records.append(engine.analyze_article(article))
                errors.append(None)
            except Exception as exc:  # noqa: BLE001 - any failure is one bad article
                records.append(None)
                errors.append(f"analysis failed: {type(exc).__name__}: {exc}")
    return [(r, signature_bytes(minhash(a.text, settings)) if r is not None else None, e)
            for a, r, e in zip(articles, records, errors)]


# The Engine of a worker process, built once by `_worker_start` (one per process).
_WORKER: dict = {}


def _worker_start(engine_settings) -> None:
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the main process's to handle
    from .pipeline import Engine
    try:
        engine = Engine(engine_settings)
        if "parse" in engine.pipeline.names:
            engine.resources.nlp            # load the model now: a missing one stops the ingest
        _WORKER["engine"] = engine
    except DepecheError as exc:             # settings, pipeline, model: told by each batch
        _WORKER["error"] = exc


def _worker_batch(articles: list[Article], origins: list[str],
                  settings: CorpusSettings) -> list[Result]:
    if "error" in _WORKER:
        raise _WORKER["error"]
    return _analyse(_WORKER["engine"], articles, origins, settings)


class _Analyser:
    """Batches analysed here (one worker) or by a pool of spawned processes; results
    come back in submission order, at most `2 x workers` batches in flight."""

    def __init__(self, engine, workers: int, engine_settings, settings: CorpusSettings):
        self.engine, self.workers, self.settings = engine, max(1, int(workers)), settings
        self.engine_settings = engine_settings
        self.pool = None
        self.inflight: list = []     # (future | None, batch, copies, local results)
        if self.workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor
            if self.engine_settings is None:
                if engine is not None:
                    self.engine_settings = engine.settings
                else:
                    from .settings import load_settings
                    self.engine_settings = load_settings()
            self.pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_start, initargs=(self.engine_settings,))
        elif engine is None:
            from .pipeline import Engine
            self.engine = Engine(engine_settings)

    def __enter__(self) -> "_Analyser":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.pool is None:
            return
        if exc_type is None:
            self.pool.shutdown(wait=True)
            return
        # interrupted or failed: drop the batches not written, stop the workers now
        for fut, *_ in self.inflight:
            if fut is not None:
                fut.cancel()
        for proc in list(getattr(self.pool, "_processes", {}).values()):
            proc.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, batch: list, copies: list) -> None:
        articles = [a for a, _, _ in batch]
        origins = [o for _, _, o in batch]
        if self.pool is None:
            results = _analyse(self.engine, articles, origins, self.settings) if batch else []
            self.inflight.append((None, batch, copies, results))
        else:
            fut = self.pool.submit(_worker_batch, articles, origins, self.settings) \
                if batch else None
            self.inflight.append((fut, batch, copies, None))

    def _take(self):
        fut, batch, copies, results = self.inflight.pop(0)
        if fut is not None:
            try:
                results = fut.result()
            except DepecheError:        # the worker could not build its engine: stop here
                raise
            except Exception as exc:  # noqa: BLE001 - the batch failed as a whole
                from concurrent.futures.process import BrokenProcessPool
                if isinstance(exc, BrokenProcessPool):
                    raise IngestError(
                        "an analysis worker process died (out of memory? a crash in the "
                        "model?) or could not start its engine (see the messages above); "
                        "the batches written so far are kept: run the same ingest again to "
                        "resume, with fewer --workers if memory is short") from exc
                results = [(None, None, f"analysis failed: {type(exc).__name__}: {exc}")] \
                    * len(batch)
        return batch, results or [], copies

    def ready(self):
        """Batches to write now: the oldest ones, done, or waited for while too many
        are in flight."""
        limit = 0 if self.pool is None else 2 * self.workers
        while self.inflight and (len(self.inflight) > limit or self.inflight[0][0] is None
                                 or self.inflight[0][0].done()):
            yield self._take()

    def drain(self):
        while self.inflight:
            yield self._take()


# -- near-duplicates -------------------------------------------------------------------
def link_near_duplicates(store: Store, settings: CorpusSettings = CorpusSettings()) -> int:
    """Link every pair of stored articles whose shingle sets are nearly the same."""
    from datasketch import MinHashLSH
    lsh = MinHashLSH(threshold=settings.near_duplicate, num_perm=settings.num_perm)
    sigs = {}
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


# -- stories ---------------------------------------------------------------------------
STOPWORDS = set("""
le la les un une des du de d l au aux et ou mais donc or ni car ce cet cette ces son sa ses
leur leurs mon ma mes ton ta tes notre nos votre vos il elle ils elles on nous vous je tu
qui que quoi dont où y en ne pas plus moins très tout tous toute toutes est sont été être
a ont avait avoir fait faire sur sous dans par pour avec sans entre vers chez après avant
selon depuis contre lors alors aussi encore déjà comme si se s c qu n m t lundi mardi
mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août
septembre octobre novembre décembre hier aujourd demain ans an jour jours selon cette
mme monsieur madame afp france ces premier première deux trois quatre cinq dix cent mille
""".split())


def _stem(word: str) -> str:
    """A crude French plural folding, enough to match 'explosions' and 'explosion'."""
    return word[:-1] if len(word) > 4 and word[-1] in "sx" else word


SENTENCE_START = re.compile(r'(^|[.!?:;«"»]\s*|\n\s*)$')


def story_terms(article: dict) -> set[str]:
    """Salient terms of an article: names in its title and lead (a capitalised word
    opening a sentence is not a name), its places, event types, and the content words
    of its title and first sentences."""
    title = article.get("title") or ""
    lead = article.get("lead") or ""
    terms = set()
    for text in (title, lead):
        for m in CAPITALISED.finditer(text):
            name = m.group(1)
            if " " not in name and "-" not in name and SENTENCE_START.search(text[:m.start()]):
                continue
            t = _fold(name)
            if t not in STOPWORDS and len(t) > 2:
                terms.add("n:" + t)
    for text, min_len, kind in ((title, 4, "w:"), (lead[:400], 6, "l:")):
        for w in WORD.findall(_fold(text)):
            if len(w) >= min_len and w not in STOPWORDS and not w.isdigit():
                terms.add(kind + _stem(w))
    for p in article.get("places", ()):
        terms.add("n:" + _fold(p))
    for t in set(article.get("event_types", ())):
        terms.add("e:" + t)
    return terms


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


class _Union:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_stories(store: Store, settings: CorpusSettings = CorpusSettings()) -> int:
    """Cluster the stored articles into stories; returns the number with 2+ articles.

    Articles are taken oldest first; each is linked to the earlier article (published
    within the window before it) whose salient terms it matches best (IDF-weighted
    cosine), when the match is strong enough; a story is a chain of such links, so it
    follows an event from day to day. Near-duplicates and exact copies always share
    their original's story. A story's id is derived from its earliest article, so it
    stays the same as later articles are added."""
    articles = list(store.articles_for_clustering())
    terms = {a["id"]: story_terms(a) for a in articles}
    df = Counter(t for ts in terms.values() for t in ts)
    n = max(1, len(articles))
    max_df = max(50, int(settings.story_max_df * n))

    def weight(t: str) -> float:
        # a term of one article only can match nothing: it would only dilute the scores
        c = df[t]
        if c < 2 or c > max_df:
            return 0.0
        return math.log((n + 1) / (c + 0.5)) * (0.5 if t.startswith("l:") else 1.0)

    vectors = {aid: {t: w for t in ts if (w := weight(t)) > 0} for aid, ts in terms.items()}
    norms = {aid: math.sqrt(sum(w * w for w in v.values())) or 1.0 for aid, v in vectors.items()}

    links = _Union()
    for a, b, _ in store.near_duplicate_pairs():
        links.union(a, b)
    window = timedelta(days=settings.story_window_days)
    postings: dict[str, list[tuple[date | None, str]]] = defaultdict(list)
    for art in articles:
        aid, day = art["id"], _day(art["published"])
        links.find(aid)
        mine = vectors[aid]
        scores: Counter = Counter()
        for t, w in mine.items():
            post = postings[t]
            for other_day, other in reversed(post):
                if day and other_day and day - other_day > window:
                    break
                scores[other] += w * vectors[other][t]
        if scores:
            other, dot = max(scores.items(), key=lambda kv: (kv[1] / norms[kv[0]], kv[0]))
            if dot / (norms[aid] * norms[other]) >= settings.story_threshold:
                links.union(aid, other)
        for t in mine:
            postings[t].append((day, aid))

    order = {a["id"]: i for i, a in enumerate(articles)}
    story_of: dict[str, str] = {}
    members: dict[str, list[dict]] = defaultdict(list)
    for art in articles:
        members[links.find(art["id"])].append(art)
    for root, arts in members.items():
        first = min(arts, key=lambda a: order[a["id"]])["id"]
        for a in arts:
            story_of[a["id"]] = first
    # exact copies follow their original
    for copy_id, original in store.exact_duplicate_pairs():
        if original in story_of:
            story_of[copy_id] = story_of[original]
    sizes = Counter(story_of.values())
    rows = []
    for arts in members.values():
        key = story_of[arts[0]["id"]]
        days = sorted(d for d in (_day(a["published"]) for a in arts) if d)
        profile: Counter = Counter()
        for a in arts:
            for t, w in vectors[a["id"]].items():
                if not t.startswith("l:"):
                    profile[t] += w
        # ties broken by the term: the same terms whatever the process's hash seed
        best = sorted(profile.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
        top = list(dict.fromkeys(t.split(":", 1)[1] for t, _ in best))[:8]
        first = min(arts, key=lambda a: order[a["id"]])
        rows.append({"id": content_id("st", key), "title": first["title"],
                     "first_date": days[0].isoformat() if days else None,
                     "last_date": days[-1].isoformat() if days else None,
                     "n_articles": sizes[key], "terms": top})
    store.replace_stories(rows, [(aid, content_id("st", key)) for aid, key in story_of.items()])
    return sum(1 for r in rows if r["n_articles"] > 1)


# -- event merging ---------------------------------------------------------------------
def _specific_days(ev: dict, longest: int = 14) -> tuple[date, date] | None:
    """An event's own days when they are specific: not vaguer than `longest` days (a
    month, a year) and not after its article (an announcement is not a report)."""
    start, end = _day(ev["date_start"]), _day(ev["date_end"])
    if start is None:
        return None
    end = end or start
    pub = _day(ev["published"])
    if (end - start).days > longest or (pub is not None and start > pub + timedelta(days=1)):
        return None
    return start, end


def _interval(ev: dict, slack: int) -> tuple[date, date] | None:
    """The days an event may have happened on, widened by `slack`: its own specific days,
    else the two days before its article."""
    days = _specific_days(ev)
    if days is None:
        pub = _day(ev["published"])
        if pub is None:
            return None
        days = (pub - timedelta(days=2), pub)
    return days[0] - timedelta(days=slack), days[1] + timedelta(days=slack)


def _actors_compatible(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return True
    wa = {w for x in a for w in WORD.findall(_fold(x)) if len(w) > 2 and w not in STOPWORDS}
    wb = {w for x in b for w in WORD.findall(_fold(x)) if len(w) > 2 and w not in STOPWORDS}
    return not wa or not wb or bool(wa & wb)


def _places_close(a: dict, b: dict, km: float) -> bool:
    if a["place_id"] and a["place_id"] == b["place_id"]:
        return True
    d = distance_km(a["lat"], a["lon"], b["lat"], b["lon"])
    if d is not None:
        return d <= km
    if a["place_id"] is None and b["place_id"] is None:
        return a["story_id"] is not None and a["story_id"] == b["story_id"]
    return bool(a["country"]) and a["country"] == b["country"] and \
        (a["lat"] is None or b["lat"] is None)


def merge_events(store: Store, settings: CorpusSettings = CorpusSettings()) -> int:
    """Merge events across articles; returns how many merged events span 2+ articles.

    Two events merge when they have the same type, their places are close (same place,
    or within `merge_km`; without places, the same story), their date intervals overlap
    (an undated event takes the two days before its article), and their actors are
    compatible. Negated and hypothetical events are never merged."""
    events = store.events_for_merging()
    intervals = {ev["key"]: _interval(ev, settings.merge_slack_days) for ev in events}
    events.sort(key=lambda ev: (ev["type"], (intervals[ev["key"]] or (date.max,))[0], ev["key"]))
    groups: dict[str, list[dict]] = {}      # merged key -> members
    open_groups: dict[tuple, list[str]] = defaultdict(list)
    span: dict[str, tuple[date, date]] = {}
    seed: dict[str, tuple[date, date]] = {}
    for ev in events:
        iv = intervals[ev["key"]]
        # only events of one type in one country (or, without a place, one story) can merge
        block = (ev["type"], ev["country"] or ("story", ev["story_id"] or ev["article_id"]))
        mergeable = iv is not None and ev["modality"] not in ("negated", "hypothetical")
        target = None
        if mergeable:
            for key in open_groups[block]:
                s = seed[key]        # the first event's days: groups do not drift in time
                if not (iv[0] <= s[1] and s[0] <= iv[1]):
                    continue
                members = groups[key]
                if all(m["article_id"] == ev["article_id"] for m in members):
                    continue  # within one article, events stay as the stage left them
                if all(_places_close(ev, m, settings.merge_km)
                       and _actors_compatible(ev["actors"], m["actors"]) for m in members[:5]):
                    target = key
                    break
        if target is None:
            target = ev["key"]
            groups[target] = []
            if mergeable:
                open_groups[block].append(target)
                seed[target] = iv
        groups[target].append(ev)
        if iv is not None:
            s = span.get(target)
            span[target] = iv if s is None else (min(s[0], iv[0]), max(s[1], iv[1]))
            # events come by type then date: drop the groups that can no longer overlap
            horizon = iv[0] - timedelta(days=30)
            open_groups[block] = [k for k in open_groups[block] if seed[k][1] >= horizon]
    rows, links = [], []
    for key, members in groups.items():
        first = min(members, key=lambda m: ((m["date_start"] or m["published"] or "9999"),
                                            m["key"]))
        mid = content_id("me", first["key"])
        placed = next((m for m in members if m["lat"] is not None), first)
        days = [d for d in map(_specific_days, members) if d]
        starts = [d[0].isoformat() for d in days]
        ends = [d[1].isoformat() for d in days]
        stories = Counter(m["story_id"] for m in members if m["story_id"])
        rows.append({"id": mid, "type": first["type"], "place_name": placed["place_name"],
                     "country": placed["country"], "lat": placed["lat"], "lon": placed["lon"],
                     "date_start": min(starts) if starts else None,
                     "date_end": max(ends) if ends else None, "n_events": len(members),
                     "n_articles": len({m["article_id"] for m in members}),
                     "story_id": stories.most_common(1)[0][0] if stories else None})
        links += [(m["key"], mid) for m in members]
    store.replace_merged_events(rows, links)
    return sum(1 for r in rows if r["n_articles"] > 1)


def run_passes(store: Store, settings: CorpusSettings = CorpusSettings()) -> dict:
    """Near-duplicates, then stories, then event merging, over the whole store."""
    out = {"near_duplicate_pairs": link_near_duplicates(store, settings)}
    out["stories"] = cluster_stories(store, settings)
    out["merged_events"] = merge_events(store, settings)
    return out
