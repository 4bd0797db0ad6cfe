"""Ingest benchmark: OrangeSum articles into a fresh store, then the same again (a no-op).

    .venv/bin/python bench/ingest.py                   2,000 articles, a store in a temp folder
    .venv/bin/python bench/ingest.py -n 500 --db x.db  fewer articles, a store kept

Prints articles/s of the first ingest (analysis, storage, corpus passes), the store's
size, the time of the second ingest (nothing new: it must analyse nothing) and the
corpus counts. Asserts nothing."""
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
    ap.add_argument("--db", help="keep the store in this file (default: a temp folder)")
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args()
    if not Path(args.data).exists():
        print(f"bench: {args.data} not found", file=sys.stderr)
        return 2

    settings = load_settings(env={})
    t = time.perf_counter()
    engine = Engine(settings)
    load_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")

        def run():
            items = itertools.islice(iter_items([args.data], settings=settings), args.n)
            with Store(db) as store:
                t0 = time.perf_counter()
                summary = ingest(store, items, engine, batch_size=args.batch_size,
                                 source="OrangeSum", on_error=lambda o, m: None)
                return summary, time.perf_counter() - t0, store.size_bytes(), store.counts()

        first, first_s, size, counts = run()
        again, again_s, _, _ = run()
    print(f"engine load            {load_s:8.1f} s")
    print(f"first ingest           {first_s:8.1f} s for {first.read} articles: "
          f"{first.read / first_s:.1f} articles/s")
    print(f"                       new {first.new}, exact duplicates {first.duplicates}, "
          f"failed {first.failed}")
    print(f"store size             {size / 1e6:8.1f} MB ({size / max(1, first.new) / 1e3:.1f} kB "
          f"per article)")
    print(f"second (no-op) ingest  {again_s:8.2f} s: new {again.new}, already stored "
          f"{again.already}")
    print("corpus                 " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
