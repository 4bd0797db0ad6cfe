"""Scaling of the analysis and of the store: the same OrangeSum articles ingested by one
process, by `--workers N` processes and by a Dask LocalCluster of 1 and N workers, into
SQLite and into PostgreSQL, side by side in one run; the stores must hold the same
records.

    python bench/scale.py                          2,000 articles, 1 and 2 workers
    python bench/scale.py --articles 300           a quicker look
    python bench/scale.py --runs pool,pool-pg      only some runs (pool, dask, pool-pg,
                                                   dask-pg)
    python bench/scale.py --all --runs dask-pg --workers 2 --compare news.db
                                                   the whole corpus through Dask into
                                                   PostgreSQL; its counts against a
                                                   SQLite store of the same corpus

Prints, per run: seconds (engine start-up apart, except for `--workers` N > 1 whose
processes load their engines inside the ingest), articles/s, the speed-up over the same
path with one worker, the memory (RSS) of each worker process, and the store's size and
digest (the records, their story ids aside: into PostgreSQL from Dask, the workers write
batches in the order they finish them, and a story's id is taken from its first stored
article). PostgreSQL: a server of its own, started for the run with PostgreSQL's
durable defaults (tests/pg_cluster.py). Needs ../shared (OrangeSum), depeche[cluster]
and depeche[postgres].
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


def articles(n: int | None) -> list[dict]:
    """n OrangeSum articles spread over the corpus (every k-th non-empty one); None:
    every one."""
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    rows = [r for r in rows if r.get("article", "").strip()]
    n = n or len(rows)
    step = max(1, len(rows) // n)
    return [{"id": f"os-{r['id']}", "title": r.get("title"), "text": r["article"],
             "published": r.get("date")} for r in rows[::step][:n]]


def digest(db: Path | str) -> tuple[str, int, int, float, dict]:
    """A digest of every stored record (its story id aside), the counts of articles and
    events, the store's size in MB and all its counts."""
    from depeche.store import Store
    h = hashlib.sha256()
    with Store(db, readonly=True) as store:
        records = sorted(store.all_records(), key=lambda r: r["id"])
        counts = store.counts()
        size = store.size_bytes() / 1e6
    for r in records:
        r.pop("story_id", None)
        h.update(json.dumps(r, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:16], len(records), counts.get("events", 0), size, counts


def rss_mb(pid: int) -> float:
    import psutil
    return psutil.Process(pid).memory_info().rss / 1e6


def run_pool(path: Path, db: Path | str, settings, workers: int) -> dict:
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


def run_dask(path: Path, db: Path | str, settings, workers: int) -> dict:
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
                             client=client, progress=_ticker(args_total(path)))
            seconds = time.monotonic() - t0
        rss = client.run(lambda: __import__("psutil").Process().memory_info().rss / 1e6)
    return {"path": "Dask local", "workers": workers, "start": start, "seconds": seconds,
            "new": summary.new, "rss": max(rss.values())}


def args_total(path: Path) -> int:
    with open(path, encoding="utf-8") as fh:
        return sum(1 for _ in fh)


def _ticker(total: int, every: float = 60.0):
    """A progress line on stderr every `every` seconds."""
    state = {"n": 0, "at": time.monotonic(), "t0": time.monotonic()}

    def tick(n: int) -> None:
        state["n"] += n
        now = time.monotonic()
        if now - state["at"] >= every:
            state["at"] = now
            print(f"  … {state['n']:,}/{total:,} articles in {now - state['t0']:.0f} s",
                  file=sys.stderr, flush=True)
    return tick


RUNS = {"pool": (run_pool, "sqlite"), "dask": (run_dask, "sqlite"),
        "pool-pg": (run_pool, "postgresql"), "dask-pg": (run_dask, "postgresql")}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--all", action="store_true", help="every article of the corpus")
    ap.add_argument("--workers", type=int, default=2, help="the largest number of workers")
    ap.add_argument("--runs", default="pool,dask,pool-pg,dask-pg",
                    help="which runs, in this order: " + ", ".join(RUNS))
    ap.add_argument("--only-max", action="store_true",
                    help="only the largest number of workers (no 1-worker run)")
    ap.add_argument("--compare", metavar="STORE",
                    help="a store of the same articles: its counts must equal each run's")
    args = ap.parse_args(argv)
    if not ORANGESUM.exists():
        print(f"needs {ORANGESUM}", file=sys.stderr)
        return 2
    runs = [r.strip() for r in args.runs.split(",") if r.strip()]
    if unknown := [r for r in runs if r not in RUNS]:
        print(f"unknown runs {unknown}; known: {', '.join(RUNS)}", file=sys.stderr)
        return 2
    from depeche.settings import load_settings
    settings = load_settings()
    tmp = Path(tempfile.mkdtemp(prefix="depeche-scale-"))
    path = tmp / "articles.jsonl"
    chosen = articles(None if args.all else args.articles)
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in chosen),
                    encoding="utf-8")
    print(f"{len(chosen):,} OrangeSum articles, {os.cpu_count()} cores; "
          f"start-up (engine loading) is counted apart\n")
    counts = []
    rows = []
    with _postgres(any(RUNS[r][1] == "postgresql" for r in runs)) as server:
        for name in runs:
            runner, engine = RUNS[name]
            for n in [args.workers] if args.only_max else sorted({1, args.workers}):
                db: Path | str = tmp / f"{name}-{n}.db"
                if engine == "postgresql":
                    db = server.create_database(f"scale_{name.replace('-', '_')}_{n}")
                row = runner(path, db, settings, n)
                row["path"] += " → " + ("PG" if engine == "postgresql" else "SQLite")
                row["digest"], row["articles"], row["events"], row["size"], c = digest(db)
                counts.append((f"{row['path']} x{n}", c))
                rows.append(row)
                print(f"  done: {row['path']} x{n} in {row['seconds']:.1f} s", file=sys.stderr)
    base = {r["path"]: r["seconds"] for r in rows if r["workers"] == 1}
    print(f"{'path':20} {'workers':>7} {'start s':>8} {'ingest s':>9} {'art/s':>7} "
          f"{'speed-up':>8} {'RSS/worker':>11} {'store MB':>9}  digest (articles, events)")
    for r in rows:
        up = f"{base[r['path']] / r['seconds']:>7.2f}x" if r["path"] in base else "      -"
        print(f"{r['path']:20} {r['workers']:>7} {r['start']:>8.1f} {r['seconds']:>9.1f} "
              f"{r['new'] / r['seconds']:>7.1f} {up} "
              f"{r['rss']:>8.0f} MB {r['size']:>9.1f}  {r['digest']} ({r['articles']}, "
              f"{r['events']})")
    same = len({r["digest"] for r in rows}) == 1
    print(f"\nstores holding the same records across every run: {'yes' if same else 'NO'}")
    if args.compare:
        from depeche.store import Store
        with Store(args.compare, readonly=True) as store:
            theirs = store.counts()
        for what, c in counts:
            diff = {k: (c[k], theirs[k]) for k in c if c[k] != theirs.get(k)}
            print(f"counts of {what} against {args.compare}: "
                  f"{'identical' if not diff else diff} {c}")
            same = same and not diff
    return 0 if same else 1


def _postgres(needed: bool):
    """A PostgreSQL server for the run (durable defaults), when a run needs one."""
    from contextlib import nullcontext
    if not needed:
        return nullcontext()
    sys.path.insert(0, str(ROOT / "tests"))
    from pg_cluster import throwaway_cluster
    return throwaway_cluster(durable=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
