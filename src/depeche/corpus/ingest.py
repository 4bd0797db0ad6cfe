"""The ingest: items (articles or input errors) into a store, in committed batches,
analysed here or by worker processes; articles already stored (same id or same text)
are skipped before any analysis."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable

from ..errors import DepecheError
from ..records import Article, Record
from ..store import Store, StoredRecord
from ..store.writer import Written
from .common import CorpusSettings
from .dedup import content_hash, minhash, signature_bytes
from .passes import run_passes

log = logging.getLogger("depeche.corpus")


PASS_TRIES = 3


class IngestError(DepecheError):
    """An ingest that cannot go on (a worker process died); what was committed stays."""
    code = "E740"
    kind = "ingest"


@dataclass
class IngestSummary:
    read: int = 0
    new: int = 0
    duplicates: int = 0        # exact copies (same words) of an analysed article
    already: int = 0           # the same article id stored by an earlier ingest, or by
                               # another one running at the same time
    # read = new + duplicates + already + failed, whatever another ingest does meanwhile
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
           engine_settings: dict | None = None, client=None) -> IngestSummary:
    """Analyse and store new articles; skip those already stored; commit per batch.

    `items` are `articles.Item`s (an article or an InputError). One bad input or one
    article whose analysis fails is reported to `on_error(origin, message)`, counted,
    and the batch goes on.

    With `workers` > 1, batches are analysed by that many processes, each building its
    own Engine once (from `engine_settings`, else `engine.settings`, else the loaded
    settings); `engine` may then be None. This process alone reads the inputs, checks
    for articles already stored or exact copies (so the check covers every worker),
    and writes the records in input order: the store is the same as with one worker,
    and an interrupted ingest resumes the same way.

    With a Dask `client` (`corpus.cluster.connect`), batches are analysed by the
    cluster's workers instead, each with its own Engine (a worker plugin); the rest is
    the same: read, checked and written here, in input order. Into a PostgreSQL store,
    each worker writes its own batches (the database takes writers from every machine;
    the records do not travel back): the same articles and records, their rows
    numbered in the order batches were done."""
    t0 = time.monotonic()
    report = on_error or (lambda origin, msg: log.warning("%s: %s", origin, msg))
    run = _Ingest(store, report=report, progress=progress, source=source,
                  batch_size=batch_size)
    target = store.path if client is not None and store.shared else None
    with _Analyser(engine, workers, engine_settings, settings, client, target) as analyser:
        for item in items:
            if run.read(item):
                run.flush(analyser)
        if run.pending or run.copies:
            run.flush(analyser)
        for done in analyser.drain():
            run.write(*done)
    summary = run.summary
    for _ in range(PASS_TRIES):     # again when another ingest stored articles meanwhile
        if not passes or store.get_meta("corpus_dirty") != "1":
            break
        summary.passes = run_passes(store, settings)
    summary.seconds = time.monotonic() - t0
    return summary


class _Ingest:
    """One ingest's bookkeeping: the articles stored (ids, content hashes of the
    analysed ones), the batch being read, the copies waiting for their original to be
    written, and the counts."""

    def __init__(self, store: Store, *, report: Callable[[str, str], None],
                 progress: Callable[[int], None] | None, source: str | None,
                 batch_size: int):
        self.store, self.report, self.progress = store, report, progress
        self.source, self.batch_size = source, batch_size
        self.summary = IngestSummary()
        self.ids, self.hashes = store.article_keys()
        self.failed_ids: set[str] = set()
        self.copy_of: dict[str, str] = {}   # analysed here, stored as a copy (another ingest)
        self.pending: list[tuple[Article, str, str]] = []
        self.copies: list[tuple[StoredRecord, str]] = []   # copies of articles not yet written

    def _done(self, n: int = 1) -> None:
        if self.progress:
            self.progress(n)

    def read(self, item) -> bool:
        """Count an item, and queue it when it is an article to analyse (an input error,
        an article already stored or a copy of one is done with); True when the batch is
        full."""
        summary = self.summary
        summary.read += 1
        if item.article is None:
            summary.failed += 1
            self.report(item.origin, str(item.error))
            self._done()
            return False
        article = item.article
        if self.source and not article.source:
            article = replace(article, source=self.source)
        h = content_hash(article.text)
        if article.id in self.ids:
            summary.already += 1
            self._done()
            return False
        self.ids.add(article.id)
        if h in self.hashes:
            summary.duplicates += 1
            self.copies.append((StoredRecord(Record(article=article), h, None, item.origin),
                                self.hashes[h]))
            self._done()
            return False
        self.hashes[h] = article.id
        self.pending.append((article, h, item.origin))
        return len(self.pending) >= self.batch_size

    def flush(self, analyser: "_Analyser") -> None:
        """Hand the batch read (and the copies read with it) to the analyser; write the
        batches it has done."""
        analyser.submit(list(self.pending), list(self.copies))
        self.pending.clear()
        self.copies.clear()
        for done in analyser.ready():
            self.write(*done)

    def _failed(self, article: Article, h: str, origin: str, error: str) -> None:
        self.summary.failed += 1
        self.failed_ids.add(article.id)
        if self.hashes.get(h) == article.id:
            del self.hashes[h]
        self.report(origin, error)

    def _count(self, written: Written | None) -> None:
        if written is None:
            return
        self.summary.new += written.new
        self.summary.duplicates += written.copies
        self.summary.already += written.already
        self.copy_of.update(written.copy_of)

    def write(self, batch, results, batch_copies) -> None:
        """Store an analysed batch (or count one a worker stored: a WrittenBatch), then
        the copies read up to its end (their originals are in this batch or an earlier
        one, so already written or failed)."""
        summary, stored = self.summary, []
        if isinstance(results, WrittenBatch):
            for (article, h, origin), error in zip(batch, results.errors):
                if error is not None:
                    self._failed(article, h, origin, error)
            self._count(results.written)
        else:
            for (article, h, origin), (record, sig, error) in zip(batch, results):
                if record is None:
                    self._failed(article, h, origin, error)
                    continue
                stored.append(StoredRecord(record, h, sig, origin))
        if stored:
            # checked again against the store: another ingest may have stored some
            self._count(self.store.add_analysed(stored))
        if self.progress and batch:
            self.progress(len(batch))
        for sr, original in batch_copies:
            if original in self.failed_ids:      # the same words would fail the same way
                summary.duplicates -= 1
                summary.failed += 1
                self.report(sr.origin or sr.record.id,
                            f"copy of {original}, whose analysis failed")
            elif not self.store.add_duplicate(sr, self.copy_of.get(original, original)):
                summary.duplicates -= 1         # stored meanwhile by another ingest
                summary.already += 1


Result = tuple  # (Record | None, signature bytes | None, error message | None)


@dataclass
class WrittenBatch:
    """A batch that a worker analysed and stored itself: what the store did, and the
    error of each article whose analysis failed (None for the others), in order."""
    written: Written | None
    errors: list[str | None]


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


def _worker_start(engine_settings, parent: int | None = None) -> None:
    import signal
    # Ctrl-C and SIGTERM reach the whole process group: they are the main process's to
    # handle (it stops the workers with SIGKILL, after dropping what is in flight)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if parent is not None:
        die_with_parent(parent)
    from ..pipeline import Engine
    try:
        engine = Engine(engine_settings)
        if "parse" in engine.pipeline.names:
            engine.resources.nlp  # noqa: B018 -- load the model now: a missing one stops the ingest
        _WORKER["engine"] = engine
    except DepecheError as exc:             # settings, pipeline, model: told by each batch
        _WORKER["error"] = exc


PR_SET_PDEATHSIG = 1         # <linux/prctl.h>


def die_with_parent(parent: int, every: float = 0.5) -> None:
    """Make this process die when its parent `parent` does, however it dies (kill -9
    too): Linux's parent-death signal (SIGKILL), and a thread that exits the process
    when the parent changes (elsewhere, or should the signal be unavailable). A worker of
    ~550 MB must not outlive its ingest, holding the caller's pipes open. (Linux sends
    the signal when the thread that started the process ends: the pool lives within one
    `ingest` call, in the thread that called it.)"""
    import ctypes
    import os
    import signal
    import sys
    import threading
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):      # no libc symbol: the thread alone
            pass
    if os.getppid() != parent:                 # died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)
    threading.Thread(target=watch, name="depeche-parent-watch", daemon=True).start()


def _worker_batch(articles: list[Article], origins: list[str],
                  settings: CorpusSettings) -> list[Result]:
    if "error" in _WORKER:
        raise _WORKER["error"]
    return _analyse(_WORKER["engine"], articles, origins, settings)


class _Analyser:
    """Batches analysed here (one worker) or by a pool of spawned processes; results
    come back in submission order, at most `2 x workers` batches in flight."""

    def __init__(self, engine, workers: int, engine_settings, settings: CorpusSettings,
                 client=None, target: str | None = None):
        self.engine, self.workers, self.settings = engine, max(1, int(workers)), settings
        self.engine_settings = engine_settings
        self.pool: Any = None
        self.batch_fn: Callable = _worker_batch
        self.target = target         # the store the Dask workers write into themselves
        self.inflight: list = []     # (future | None, batch, copies, local results)
        if client is not None:       # a Dask cluster: its workers have their engines
            from .cluster import DaskPool, analyse_on_worker, write_on_worker
            self.pool = DaskPool(client)
            self.batch_fn = analyse_on_worker if target is None else write_on_worker
            self.workers = max(1, len(client.scheduler_info().get("workers", {})))
        elif self.workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor
            if self.engine_settings is None:
                if engine is not None:
                    self.engine_settings = engine.settings
                else:
                    from ..settings import load_settings
                    self.engine_settings = load_settings()
            import os
            self.pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_start, initargs=(self.engine_settings, os.getpid()))
        elif engine is None:
            from ..pipeline import Engine
            self.engine = Engine(engine_settings)

    def __enter__(self) -> "_Analyser":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.pool is None:
            return
        if self.batch_fn is not _worker_batch:      # Dask: the cluster is the caller's
            for fut, *_ in self.inflight:
                if fut is not None:
                    fut.cancel()
            return
        if exc_type is None:
            self.pool.shutdown(wait=True)
            return
        # interrupted or failed: drop the batches not written, stop the workers now
        for fut, *_ in self.inflight:
            if fut is not None:
                fut.cancel()
        for proc in list((getattr(self.pool, "_processes", None) or {}).values()):
            proc.kill()                 # they ignore SIGTERM (see _worker_start)
        self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, batch: list, copies: list) -> None:
        articles = [a for a, _, _ in batch]
        origins = [o for _, _, o in batch]
        if self.pool is None:
            results = _analyse(self.engine, articles, origins, self.settings) if batch else []
            self.inflight.append((None, batch, copies, results))
        elif not batch:
            self.inflight.append((None, batch, copies, []))
        elif self.target is not None:
            hashes = [h for _, h, _ in batch]
            self.inflight.append((self.pool.submit(self.batch_fn, articles, origins, hashes,
                                                   self.settings, self.target),
                                  batch, copies, None))
        else:
            self.inflight.append((self.pool.submit(self.batch_fn, articles, origins,
                                                   self.settings), batch, copies, None))

    def _take(self):
        fut, batch, copies, results = self.inflight.pop(0)
        if fut is not None:
            try:
                results = fut.result()
            except DepecheError:        # the worker could not build its engine: stop here
                raise
            except Exception as exc:  # noqa: BLE001 - the batch failed as a whole
                from concurrent.futures.process import BrokenProcessPool
                if type(exc).__name__ == "KilledWorker":    # Dask gave up on the batch
                    results = [(None, None, "analysis failed: the Dask workers given this "
                                "batch died (out of memory?); run the same ingest again "
                                "to retry it")] * len(batch)
                    return batch, results, copies
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
