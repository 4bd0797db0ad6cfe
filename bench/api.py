"""API latency: p50/p99 of GET /api/events at 50 concurrent clients, over a store.

    depeche ingest ../shared/data/orangesum-fr/orangesum_parsed_all.jsonl.gz --db /tmp/os.db
    python bench/api.py --db /tmp/os.db [--clients 50] [--requests 2000]

Starts `depeche serve` on a free loopback port (127.0.0.1 only) in a child process, then
`--clients` concurrent clients send `--requests` requests in all (bounded: each request
times out after 30 s, the whole run after --deadline seconds) with the page's filters
in turn: none, a type, a country, a date range, a full-text word, near a point, later
pages. Prints the latency percentiles overall and per kind of query, the throughput,
and the errors (any non-200 answer counts as one). The server is stopped at the end.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

QUERIES = [
    ("all, page 1", {}),
    ("type", {"type": "disaster"}),
    ("type", {"type": "attack"}),
    ("country", {"country": "FR"}),
    ("country", {"country": "LB"}),
    ("date range", {"from": "2020-08-01", "to": "2020-08-31"}),
    ("date range", {"from": "2019-01-01", "to": "2019-12-31", "type": "protest"}),
    ("full text", {"q": "explosion"}),
    ("full text", {"q": "manifestants police"}),
    ("near", {"near": "33.90,35.50", "within": "50"}),
    ("near", {"near": "48.85,2.35", "within": "20"}),
    ("later page", {"page": "5"}),
    ("map (1000 items)", {"per_page": "1000",
                          "fields": "key,id,type,place,date,published,article_id,title"}),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


async def run_load(base: str, clients: int, total: int, deadline: float) -> dict:
    results: list[tuple[str, float, int]] = []
    counter = iter(range(total))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30.0, limits=limits) as client:
        stop = time.monotonic() + deadline

        async def worker():
            for i in counter:
                if time.monotonic() > stop:
                    return
                kind, params = QUERIES[i % len(QUERIES)]
                t0 = time.perf_counter()
                try:
                    r = await client.get("/api/events", params=params)
                    status = r.status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                results.append((kind, time.perf_counter() - t0, status))

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        wall = time.perf_counter() - t0
    return {"results": results, "wall": wall}


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), to tell the server's own cost
    from the waiting caused by other work on the machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def wait_ready(base: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped (exit {proc.returncode})")
        try:
            if httpx.get(base + "/api/meta", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not answer within a minute")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="a store (of the OrangeSum corpus)")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--deadline", type=float, default=300.0, help="seconds, whole run")
    ap.add_argument("--workers", type=int, default=1, help="server processes")
    args = ap.parse_args(argv)
    if not Path(args.db).exists():
        raise SystemExit(f"no store {args.db}: build one with `depeche ingest "
                         "../shared/data/orangesum-fr/orangesum_parsed_all.jsonl.gz "
                         f"--db {args.db}`")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "depeche.cli", "serve", "--db", args.db,
                             "--host", "127.0.0.1", "--port", str(port),
                             "--workers", str(args.workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        wait_ready(base, proc)
        meta = httpx.get(base + "/api/meta").json()["counts"]
        print(f"store {args.db}: {meta['articles']:,} articles, {meta['events']:,} events, "
              f"{os.path.getsize(args.db) / 1e6:,.0f} MB")
        for kind, params in QUERIES:      # warm the page cache, check every query answers
            r = httpx.get(base + "/api/events", params=params, timeout=60.0)
            if r.status_code != 200:
                raise SystemExit(f"{kind} {params}: {r.status_code} {r.text[:200]}")
        cpu0 = cpu_seconds(proc.pid)
        out = asyncio.run(run_load(base, args.clients, args.requests, args.deadline))
        cpu1 = cpu_seconds(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    res = out["results"]
    ok = [t * 1000 for _, t, s in res if s == 200]
    errors = sum(1 for _, _, s in res if s != 200)
    print(f"GET /api/events, {args.workers} server process{'es' if args.workers > 1 else ''}, "
          f"{args.clients} concurrent clients, {len(res)} requests in "
          f"{out['wall']:.1f} s ({len(res) / out['wall']:.0f} req/s), {errors} errors")
    if cpu0 is not None and cpu1 is not None and res and args.workers == 1:
        print(f"  server CPU {cpu1 - cpu0:.1f} s: {(cpu1 - cpu0) / len(res) * 1000:.1f} ms per "
              f"request (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    if errors:
        kinds = Counter((k, s) for k, _, s in res if s != 200)
        print("  errors: " + ", ".join(f"{k} -> {s or 'no answer'} x{n}"
                                       for (k, s), n in kinds.items()))
    print(f"  all      p50 {percentile(ok, 50):7.1f} ms   p90 {percentile(ok, 90):7.1f} ms   "
          f"p99 {percentile(ok, 99):7.1f} ms   max {max(ok) if ok else float('nan'):7.1f} ms")
    for kind in dict.fromkeys(k for k, _ in QUERIES):
        ts = [t * 1000 for k, t, s in res if k == kind and s == 200]
        print(f"  {kind:<17} n {len(ts):4d}   p50 {percentile(ts, 50):7.1f} ms   "
              f"p99 {percentile(ts, 99):7.1f} ms")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
