"""Scaling of the analysis: the same OrangeSum articles ingested into SQLite by one
process, by `--workers N` processes, and by a Dask LocalCluster of 1 and N workers, side
by side in one run; the stores must be identical.

    python bench/scale.py                  2,000 articles, 1 and 2 workers
    python bench/scale.py --articles 300   a quicker look

Prints, per run: seconds (engine start-up apart, except for `--workers` N > 1 whose
processes load their engines inside the ingest), articles/s, the speed-up over the same
path with one worker, the memory (RSS) of each worker process, and the store's size and
digest. Needs ../shared (OrangeSum) and depeche[cluster].
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORANGESUM = ROOT.parent / "shared" / "data" / "orangesum-fr" / "orangesum_parsed_all.jsonl.gz"


def articles(n: int) -> list[dict]:
    """n OrangeSum articles spread over the corpus (every k-th non-empty one)."""
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    rows = [r for r in rows if r.get("article", "").strip()]
    step = max(1, len(rows) // n)
    return [{"id": f"os-{r['id']}", "title": r.get("title"), "text": r["article"],
             "published": r.get("date")} for r in rows[::step][:n]]


def digest(db: Path) -> tuple[str, int, int]:
    """A digest of every stored record, and the counts of articles and events."""
    from depeche.store import Store
    h = hashlib.sha256()
    with Store(db, readonly=True) as store:
        records = sorted(store.all_records(), key=lambda r: r["id"])
        counts = store.counts()
    for r in records:
        h.update(json.dumps(r, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:16], len(records), counts.get("events", 0)


def rss_mb(pid: int) -> float:
    import psutil
    return psutil.Process(pid).memory_info().rss / 1e6


def run_pool(path: Path, db: Path, settings, workers: int) -> dict:
    """`depeche ingest --workers N` (N = 1: the engine in this process)."""
    from depeche.corpus import ingest
    from depeche.feeds import iter_items
    from depeche.pipeline import Engine
    from depeche.store import Store
    engine = None
    t0 = time.monotonic()
    if workers == 1:
        engine = Engine(settings)
        assert engine.resources.nlp is not None and engine.resources.gazetteer is not None
    start = time.monotonic() - t0
    peak: list[float] = []
    with Store(db) as store:
        t0 = time.monotonic()
        summary = ingest(store, iter_items([str(path)], settings=settings), engine,
                         workers=workers, engine_settings=settings,
                         progress=lambda n: _sample_children(peak))
        seconds = time.monotonic() - t0
    mem = [rss_mb(os.getpid())] if workers == 1 else peak
    return {"path": "--workers", "workers": workers, "start": start, "seconds": seconds,
            "new": summary.new, "rss": max(mem) if mem else 0.0}


def _sample_children(peak: list[float]) -> None:
    import psutil
    kids = psutil.Process().children(recursive=True)
    try:
        peak.append(max((k.memory_info().rss / 1e6 for k in kids), default=0.0))
    except psutil.Error:
        pass


def run_dask(path: Path, db: Path, settings, workers: int) -> dict:
    """`depeche ingest --cluster local:N`."""
    from depeche.corpus import ingest
    from depeche.corpus.cluster import ClusterSpec, connect
    from depeche.feeds import iter_items
    from depeche.store import Store
    t0 = time.monotonic()
    with connect(ClusterSpec(local=workers), settings, say=False) as client:
        # the plugin builds each engine when the worker joins; wait for it
        client.run(lambda dask_worker: dask_worker.plugins["depeche-engine"].engine
                   is not None)
        start = time.monotonic() - t0
        with Store(db) as store:
            t0 = time.monotonic()
            summary = ingest(store, iter_items([str(path)], settings=settings), None,
                             client=client)
            seconds = time.monotonic() - t0
        rss = client.run(lambda: __import__("psutil").Process().memory_info().rss / 1e6)
    return {"path": "Dask local", "workers": workers, "start": start, "seconds": seconds,
            "new": summary.new, "rss": max(rss.values())}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2, help="the largest number of workers")
    args = ap.parse_args(argv)
    if not ORANGESUM.exists():
        print(f"needs {ORANGESUM}", file=sys.stderr)
        return 2
    from depeche.settings import load_settings
    settings = load_settings()
    tmp = Path(tempfile.mkdtemp(prefix="depeche-scale-"))
    path = tmp / "articles.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n"
                            for a in articles(args.articles)), encoding="utf-8")
    print(f"{args.articles} OrangeSum articles, {os.cpu_count()} cores; "
          f"start-up (engine loading) is counted apart\n")
    rows = []
    for runner in (run_pool, run_dask):
        for n in sorted({1, args.workers}):
            db = tmp / f"{runner.__name__}-{n}.db"
            row = runner(path, db, settings, n)
            row["digest"], row["articles"], row["events"] = digest(db)
            row["size"] = db.stat().st_size / 1e6
            rows.append(row)
            print(f"  done: {row['path']} x{n} in {row['seconds']:.1f} s", file=sys.stderr)
    base = {r["path"]: r["seconds"] for r in rows if r["workers"] == 1}
    print(f"{'path':12} {'workers':>7} {'start s':>8} {'ingest s':>9} {'art/s':>7} "
          f"{'speed-up':>8} {'RSS/worker':>11} {'store MB':>9}  digest (articles, events)")
    for r in rows:
        print(f"{r['path']:12} {r['workers']:>7} {r['start']:>8.1f} {r['seconds']:>9.1f} "
              f"{r['new'] / r['seconds']:>7.1f} {base[r['path']] / r['seconds']:>7.2f}x "
              f"{r['rss']:>8.0f} MB {r['size']:>9.1f}  {r['digest']} ({r['articles']}, "
              f"{r['events']})")
    same = len({r["digest"] for r in rows}) == 1
    print(f"\nstores identical across every run: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
