"""Ingest benchmark: OrangeSum articles into a fresh store with 1 and 2 workers, then again.

    .venv/bin/python bench/ingest.py                     2,000 articles, 1 and 2 workers
    .venv/bin/python bench/ingest.py -n 500 --workers 2  fewer articles, one setting
    .venv/bin/python bench/ingest.py --db x.db           keep the (last) store

For each number of workers, a fresh store: prints articles/s of the first ingest
(analysis, storage, corpus passes; with workers, their engines' loading included), the
store's size, the time of the second ingest (nothing new: it must analyse nothing) and
the corpus counts, side by side. Asserts nothing."""
from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

from depeche.corpus import ingest
from depeche.feeds import iter_items
from depeche.pipeline import Engine
from depeche.settings import load_settings
from depeche.store import Store

ORANGESUM = Path(__file__).resolve().parents[2] / "shared" / "data" / "orangesum-fr" / \
    "orangesum_parsed_all.jsonl.gz"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=2000, help="articles to ingest (2000)")
    ap.add_argument("--data", default=str(ORANGESUM), help="a .jsonl or .jsonl.gz file")
    ap.add_argument("--db", help="keep the last store in this file (default: a temp folder)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--workers", default="1,2", help="worker counts to compare (1,2)")
    args = ap.parse_args()
    if not Path(args.data).exists():
        print(f"bench: {args.data} not found", file=sys.stderr)
        return 2
    counts_of = [int(w) for w in args.workers.split(",")]

    settings = load_settings(env={})
    engine = None
    load_s = 0.0
    if 1 in counts_of:
        t = time.perf_counter()
        engine = Engine(settings)
        load_s = time.perf_counter() - t
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for workers in counts_of:
            db = args.db if args.db and workers == counts_of[-1] else \
                str(Path(tmp) / f"bench-{workers}.db")

            def run(db=db, workers=workers):
                items = itertools.islice(iter_items([args.data], settings=settings), args.n)
                with Store(db) as store:
                    t0 = time.perf_counter()
                    summary = ingest(store, items, engine if workers == 1 else None,
                                     batch_size=args.batch_size, source="OrangeSum",
                                     on_error=lambda o, m: None, workers=workers,
                                     engine_settings=settings)
                    return summary, time.perf_counter() - t0, store.size_bytes(), store.counts()

            first, first_s, size, counts = run()
            again, again_s, _, _ = run()
            results[workers] = (first, first_s, size, counts, again, again_s)

    def row(label, cell):
        print(f"{label:<24}" + "".join(f"{cell(*results[w]):>26}" for w in counts_of))

    print(f"{'':<24}" + "".join(f"{f'{w} worker' + ('s' if w > 1 else ''):>26}"
                                for w in counts_of))
    if engine is not None:
        print(f"{'engine load (1 worker)':<24}{load_s:>25.1f}s")
    row("first ingest", lambda f, s, *_: f"{s:.1f} s, {f.read} articles")
    row("articles/s", lambda f, s, *_: f"{f.read / s:.2f}")
    row("new / copies / failed", lambda f, *_: f"{f.new} / {f.duplicates} / {f.failed}")
    row("store size", lambda f, s, size, *_: f"{size / 1e6:.1f} MB "
        f"({size / max(1, f.new) / 1e3:.1f} kB/article)")
    row("second (no-op) ingest", lambda *r: f"{r[5]:.2f} s, new {r[4].new}")
    for key in results[counts_of[0]][3]:
        row(key, lambda f, s, size, counts, *_, key=key: str(counts.get(key)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
