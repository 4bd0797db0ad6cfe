"""Gazetteer benchmark: build time, file size, lookup speed and memory.

    .venv/bin/python bench/gazetteer.py            # builds a fresh copy in a temp folder
    .venv/bin/python bench/gazetteer.py --cached   # measures the user's cached file only

Prints the figures; asserts nothing. The build streams cities500 (two passes, a chunk at a
time): 13 s and a 111 MB peak on the reference machine, against 18 s and 438 MB when it
loaded the whole JSON file."""
from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from depeche.gazetteer import Gazetteer, build, default_path

NAMES = ["Alep", "Idleb", "Tripoli", "Homs", "Paris", "Nice", "Saint-Denis", "Géorgie",
         "Washington", "Beyrouth", "Kaboul", "Damas", "Mossoul", "Bagdad", "Gaza", "Kiev",
         "Marioupol", "Tombouctou", "Khartoum", "Louisiane", "Etats-Unis", "Aude", "Sahel",
         "Méditerranée", "Inexistantville", "Lattaquié", "Thessalonique", "La Haye"]


def rss_mb() -> float:
    """Peak resident memory of this process (MB)."""
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024 if sys.platform != "darwin" else r / 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cached", action="store_true", help="use the cached file, no build")
    ap.add_argument("--lookups", type=int, default=100000)
    args = ap.parse_args()

    base = rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        if args.cached:
            path = default_path()
            t0 = time.perf_counter()
            gaz = Gazetteer.open(path)
            print(f"open (cached)   {time.perf_counter() - t0:8.3f} s   {path}")
        else:
            path = Path(tmp) / "gazetteer.sqlite"
            t0 = time.perf_counter()
            build(path, log=False)
            print(f"build           {time.perf_counter() - t0:8.1f} s")
            print(f"peak memory while building {rss_mb():7.0f} MB")
            gaz = Gazetteer.open(path)
        print(f"file size       {os.path.getsize(path) / 1e6:8.1f} MB   ({len(gaz):,} places)")

        rng = random.Random(0)
        keys = [rng.choice(NAMES) for _ in range(args.lookups)]
        # cold: distinct names straight from SQLite (cache cleared each time)
        t0 = time.perf_counter()
        for name in NAMES * 20:
            gaz._cache.clear()
            gaz.lookup(name)
        cold = (time.perf_counter() - t0) / (len(NAMES) * 20)
        t0 = time.perf_counter()
        for name in keys:
            gaz.lookup(name)
        warm = (time.perf_counter() - t0) / len(keys)
        print(f"lookup (SQLite) {cold * 1e6:8.1f} µs")
        print(f"lookup (cached) {warm * 1e6:8.2f} µs")
        print(f"peak memory     {rss_mb():8.0f} MB   (python + sqlite; {base:.0f} MB at start)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
