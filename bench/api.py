"""API latency: p50/p99 of GET /api/events at 50 concurrent clients, over a store.

    depeche ingest ../shared/data/orangesum-fr/orangesum_parsed_all.jsonl.gz --db /tmp/os.db
    python bench/api.py --db /tmp/os.db [--clients 50] [--requests 2000] [--workers 2]
    python bench/api.py --db /tmp/os.db --vary            # few repeated requests
    python bench/api.py --db /tmp/os.db --peer datasette  # and datasette, side by side

Starts `depeche serve` on a free loopback port (127.0.0.1 only) in a child process, then
`--clients` concurrent clients (one keep-alive connection each, a small HTTP/1.1 client
of its own so that the client's cost stays small next to the server's) send `--requests`
requests in all (bounded: each request times out after 30 s, the whole run after
--deadline seconds) with the page's filters in turn: none, a type, a country, a date
range, a full-text word, near a point, later pages, the map's 1,000 items. Prints the
latency percentiles overall and per kind of query, the throughput, the CPU the server
and the client used, and the errors (any non-200 answer counts as one).

--vary: each request's values are drawn afresh (types, countries, months of the store's
dates, words, points near located events, pages), so that few requests repeat and the
figures are those of the answers the server computes, not of its cache of answers.
--no-cache: the server keeps no answers ($DEPECHE_SERVE_CACHE=0).
--peer datasette (`pip install depeche[bench]`): then the same requests to `datasette
serve FILE --immutable` on another free port, as canned SQL queries (written to a
metadata file in /tmp) that read the same rows with the same joins, order, page and
total as depeche's (near: the same box and haversine distance in SQL); facets off.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import httpx

MAP_FIELDS = "key,id,type,place,date,published,article_id,title"
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
    ("map (1000 items)", {"per_page": "1000", "fields": MAP_FIELDS}),
]
KINDS = list(dict.fromkeys(k for k, _ in QUERIES))
TYPES = ["disaster", "attack", "protest", "arrest", "negotiation", "coercion", "accident",
         "agreement", "bombing"]
WORDS = ["police", "incendie", "manifestants", "gouvernement", "victimes", "explosion",
         "ministre", "tribunal", "attentat", "grève", "inondations", "séisme", "élections",
         "hôpital", "virus", "armée", "accord", "président", "migrants", "sécurité",
         "enquête", "morts", "blessés", "pompiers", "tempête", "frontière", "réfugiés"]


# -- the queries ------------------------------------------------------------------------
def store_sample(db: str) -> dict:
    """What --vary draws from: the months of the articles, the countries and the points
    of located events of the store (read-only)."""
    con = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True)
    try:
        months = [r[0] for r in con.execute(
            "SELECT DISTINCT substr(published, 1, 7) FROM events WHERE published IS NOT NULL")]
        countries = [r[0] for r in con.execute(
            "SELECT upper(country) FROM events WHERE country IS NOT NULL AND country != '' "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 40")]
        points = con.execute("SELECT lat, lon FROM events WHERE lat IS NOT NULL "
                             "AND lon IS NOT NULL ORDER BY random() LIMIT 2000").fetchall()
        n = con.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        con.close()
    return {"months": sorted(m for m in months if m), "countries": countries,
            "points": points, "pages": max(1, n // 50)}


def varied_queries(sample: dict, n: int, seed: int = 14) -> list[tuple[str, dict]]:
    """`n` requests of the kinds of QUERIES, each with values drawn afresh."""
    rnd = random.Random(seed)
    pages = min(sample["pages"], 100)

    def month_range() -> dict:
        y, m = map(int, rnd.choice(sample["months"]).split("-"))
        first = rnd.randint(1, 20)
        return {"from": f"{y:04d}-{m:02d}-{first:02d}",
                "to": f"{y:04d}-{m:02d}-{min(28, first + rnd.randint(3, 15)):02d}"}

    def draw(kind: str) -> dict:
        page = {"page": str(rnd.randint(1, 10))}
        if kind == "all, page 1":
            return {"page": str(rnd.randint(1, pages))}
        if kind in ("type", "country"):
            value = rnd.choice(TYPES if kind == "type" else sample["countries"])
            return {kind: value, **page, **(month_range() if rnd.random() < .5 else {})}
        if kind == "date range":
            return {**month_range(), **({"type": rnd.choice(TYPES)} if rnd.random() < .5
                                        else {})}
        if kind == "full text":
            words = rnd.sample(WORDS, rnd.choice([1, 1, 2]))
            return {"q": " ".join(words), **({"page": "2"} if rnd.random() < .2 else {})}
        if kind == "near":
            lat, lon = rnd.choice(sample["points"])
            return {"near": f"{lat + rnd.uniform(-.3, .3):.3f},{lon + rnd.uniform(-.3, .3):.3f}",
                    "within": str(rnd.choice([10, 20, 50, 100, 300]))}
        if kind == "later page":
            return {"page": str(rnd.randint(2, pages))}
        filt = rnd.choice([{}, {"type": rnd.choice(TYPES)}, month_range()])
        return {**filt, "per_page": "1000", "fields": MAP_FIELDS}
    kinds = [k for k, _ in QUERIES]
    return [(kinds[i % len(kinds)], draw(kinds[i % len(kinds)])) for i in range(n)]


# -- datasette's equivalents --------------------------------------------------------------
_SELECT = ("SELECT e.key, e.data, a.published, a.title, src.name AS outlet, sa.story_id, "
           "m.merged_id, (SELECT count(*) FROM events e {where}) AS total "
           "FROM events e JOIN articles a ON a.id = e.article_id "
           "LEFT JOIN sources src ON src.id = a.source_id "
           "LEFT JOIN story_articles sa ON sa.article_id = e.article_id "
           "LEFT JOIN event_merges m ON m.event_key = e.key ")
_MAP_SELECT = ("SELECT e.key, e.id, e.type, e.place_name, e.lat, e.lon, e.date_start, "
               "e.date_end, e.published, e.article_id, a.title, "
               "(SELECT count(*) FROM events e {where}) AS total "
               "FROM events e JOIN articles a ON a.id = e.article_id ")
_ORDER = " ORDER BY e.published DESC, e.day DESC, e.key LIMIT :limit OFFSET :offset"
_WHERE = {
    "all": "",
    "type": "WHERE e.type = :type",
    "country": "WHERE e.country = :country COLLATE NOCASE",
    "dates": "WHERE e.published >= :from AND e.published < :to",
    "dates_type": "WHERE e.type = :type AND e.published >= :from AND e.published < :to",
    "dates_country": "WHERE e.country = :country COLLATE NOCASE AND e.published >= :from "
                     "AND e.published < :to",
    "text": "WHERE e.article_id IN (SELECT a.id FROM articles a WHERE a.n IN "
            "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q))",
    "near": "WHERE e.lat BETWEEN :lat_min AND :lat_max AND e.lon BETWEEN :lon_min AND "
            ":lon_max AND 6371.0088 * 2 * asin(min(1.0, sqrt("
            "power(sin(radians(e.lat - :lat) / 2), 2) + "
            "cos(radians(:lat)) * cos(radians(e.lat)) * "
            "power(sin(radians(e.lon - :lon) / 2), 2)))) <= :km",
}


def datasette_metadata(db_name: str) -> dict:
    queries = {}
    for name, where in _WHERE.items():
        queries[name] = {"sql": _SELECT.format(where=where) + where + _ORDER}
        queries["map_" + name] = {"sql": _MAP_SELECT.format(where=where) + where + _ORDER}
    return {"databases": {db_name: {"queries": queries}}}


def _next_day_bound(day: str) -> str:
    return day[:-1] + chr(ord(day[-1]) + 1)


def datasette_request(db_name: str, params: dict) -> str:
    """The path of datasette's canned query that reads what depeche's `params` read."""
    p = dict(params)
    per_page = int(p.pop("per_page", 50))
    fields = p.pop("fields", None)
    page = int(p.pop("page", 1))
    args: dict[str, str | int | float] = {"limit": per_page, "offset": (page - 1) * per_page}
    if "near" in p:
        lat, lon = map(float, p.pop("near").split(","))
        km = float(p.pop("within", 50))
        from depeche.store.common import geo_box        # the box depeche reads
        lat_min, lat_max, lons = geo_box(lat, lon, km)
        lon_min, lon_max = lons or (-1000.0, 1000.0)
        args.update(lat=lat, lon=lon, km=km, lat_min=lat_min, lat_max=lat_max,
                    lon_min=lon_min, lon_max=lon_max)
        name = "near"
    elif "q" in p:
        args["q"] = " ".join('"' + w.replace('"', '""') + '"' for w in p.pop("q").split())
        name = "text"
    elif "from" in p:
        args.update({"from": p.pop("from"), "to": _next_day_bound(p.pop("to"))})
        name = "dates"
        for field in ("type", "country"):
            if field in p:
                args[field] = p.pop(field)
                name = "dates_" + field
    elif "type" in p:
        args["type"], name = p.pop("type"), "type"
    elif "country" in p:
        args["country"], name = p.pop("country"), "country"
    else:
        name = "all"
    if p:
        raise ValueError(f"no datasette query for {p}")
    return f"/{db_name}/{'map_' if fields else ''}{name}.json?_shape=objects&" + urlencode(args)


# -- the load -----------------------------------------------------------------------------
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


class Connection:
    """One keep-alive HTTP/1.1 connection: GET a path, read the status and the body."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                          f"Accept: application/json\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        headers = {}
        for line in head.split(b"\r\n")[1:]:
            k, _, v = line.partition(b":")
            headers[k.strip().lower()] = v.strip().lower()
        if b"content-length" in headers:
            await self.reader.readexactly(int(headers[b"content-length"]))
        elif headers.get(b"transfer-encoding") == b"chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if headers.get(b"connection") == b"close":
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def run_load(port: int, requests: list[tuple[str, str]], clients: int,
                   deadline: float) -> dict:
    results: list[tuple[str, float, int | str]] = []
    todo = iter(requests)
    stop = time.monotonic() + deadline

    async def worker():
        conn = Connection(port)
        for kind, path in todo:
            if time.monotonic() > stop:
                break
            t0 = time.perf_counter()
            try:
                status: int | str = await asyncio.wait_for(conn.get(path), 30.0)
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError) as exc:
                status = type(exc).__name__
                conn.close()
            results.append((kind, time.perf_counter() - t0, status))
        conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return {"results": results, "wall": time.perf_counter() - t0}


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process and its children (Linux /proc), to tell the
    server's own cost from the waiting caused by other work on the machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            total += cpu_seconds(int(child)) or 0.0
        return total
    except (OSError, ValueError, IndexError):
        return None


def client_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped (exit {proc.returncode})")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not answer within a minute")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def measure(name: str, cmd: list[str], env: dict, port: int, ready: str,
            requests: list[tuple[str, str]], args) -> dict:
    """Start a server, check every request answers, send the load, stop it."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base + ready, proc)
        for kind, path in dict((p, (k, p)) for k, p in requests[:len(QUERIES)]).values():
            r = httpx.get(base + path, timeout=60.0)   # warm the page cache; every kind answers
            if r.status_code != 200:
                raise SystemExit(f"{name} {kind} {path}: {r.status_code} {r.text[:300]}")
        cpu0, c0 = cpu_seconds(proc.pid), client_cpu()
        out = asyncio.run(run_load(port, requests, args.clients, args.deadline))
        cpu1, c1 = cpu_seconds(proc.pid), client_cpu()
    finally:
        stop(proc)
    out["server_cpu"] = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
    out["client_cpu"] = c1 - c0
    out["name"] = name
    return out


def report(out: dict, label: str) -> None:
    res = out["results"]
    ok = [t * 1000 for _, t, s in res if s == 200]
    errors = sum(1 for _, _, s in res if s != 200)
    n = max(1, len(res))
    print(f"{out['name']}: {label}, {len(res)} requests in {out['wall']:.1f} s "
          f"({len(res) / out['wall']:.0f} req/s), {errors} errors")
    if out["server_cpu"] is not None:
        print(f"  server CPU {out['server_cpu']:.1f} s ({out['server_cpu'] / n * 1000:.2f} ms "
              f"per request), client CPU {out['client_cpu'] / n * 1000:.2f} ms per request; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if errors:
        kinds = Counter((k, s) for k, _, s in res if s != 200)
        print("  errors: " + ", ".join(f"{k} -> {s or 'no answer'} x{c}"
                                       for (k, s), c in kinds.items()))
    print(f"  all               p50 {percentile(ok, 50):7.1f} ms   p90 {percentile(ok, 90):7.1f} ms"
          f"   p99 {percentile(ok, 99):7.1f} ms   max {max(ok) if ok else float('nan'):7.1f} ms")
    for kind in KINDS:
        ts = [t * 1000 for k, t, s in res if k == kind and s == 200]
        print(f"  {kind:<17} n {len(ts):4d}   p50 {percentile(ts, 50):7.1f} ms   "
              f"p99 {percentile(ts, 99):7.1f} ms")


def side_by_side(a: dict, b: dict) -> None:
    def rate(o: dict) -> float:
        return len(o["results"]) / o["wall"]

    def p(o: dict, kind: str | None, q: float) -> float:
        return percentile([t * 1000 for k, t, s in o["results"]
                           if s == 200 and (kind is None or k == kind)], q)
    print(f"\n{'':18} {a['name']:>22} {b['name']:>22}")
    print(f"{'req/s':18} {rate(a):22.0f} {rate(b):22.0f}   ratio {rate(a) / rate(b):.1f}x")
    for kind in [None, *KINDS]:
        print(f"{(kind or 'all') + ' p50/p99':18} "
              f"{p(a, kind, 50):10.1f} /{p(a, kind, 99):8.1f} ms "
              f"{p(b, kind, 50):10.1f} /{p(b, kind, 99):8.1f} ms")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="a store (of the OrangeSum corpus)")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--deadline", type=float, default=300.0, help="seconds, whole run")
    ap.add_argument("--workers", type=int, default=1, help="server processes")
    ap.add_argument("--vary", action="store_true", help="values drawn afresh per request")
    ap.add_argument("--no-cache", action="store_true", help="the server keeps no answers")
    ap.add_argument("--peer", choices=["datasette"], help="the same load on datasette too")
    args = ap.parse_args(argv)
    if not Path(args.db).exists():
        raise SystemExit(f"no store {args.db}: build one with `depeche ingest "
                         "../shared/data/orangesum-fr/orangesum_parsed_all.jsonl.gz "
                         f"--db {args.db}`")
    queries = (varied_queries(store_sample(args.db), args.requests) if args.vary else
               [QUERIES[i % len(QUERIES)] for i in range(args.requests)])
    con = sqlite3.connect(f"{Path(args.db).resolve().as_uri()}?mode=ro", uri=True)
    n_articles, n_events = (con.execute("SELECT count(*) FROM articles").fetchone()[0],
                            con.execute("SELECT count(*) FROM events").fetchone()[0])
    con.close()
    distinct = len({urlencode(p) for _, p in queries})
    print(f"store {args.db}: {n_articles:,} articles, {n_events:,} events, "
          f"{os.path.getsize(args.db) / 1e6:,.0f} MB; {'varied' if args.vary else 'fixed'} "
          f"queries ({distinct:,} distinct of {len(queries):,}), {args.clients} concurrent "
          f"clients")
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1",
           "DEPECHE_SERVE_CACHE": "0" if args.no_cache else "1"}
    ours = measure("depeche", [sys.executable, "-m", "depeche.cli", "serve", "--db", args.db,
                               "--host", "127.0.0.1", "--port", str(port),
                               "--workers", str(args.workers)], env, port, "/api/meta",
                   [(k, "/api/events?" + urlencode(p)) for k, p in queries], args)
    report(ours, f"GET /api/events, {args.workers} server process"
                 f"{'es' if args.workers > 1 else ''}"
                 f"{', no cache of answers' if args.no_cache else ''}")
    if args.peer != "datasette":
        return 1 if any(s != 200 for _, _, s in ours["results"]) else 0
    exe = shutil.which("datasette") or str(Path(sys.executable).parent / "datasette")
    name = Path(args.db).stem
    meta = Path(tempfile.mkdtemp(prefix="depeche-bench-")) / "datasette.json"
    meta.write_text(json.dumps(datasette_metadata(name), indent=1))
    port = free_port()
    theirs = measure("datasette", [exe, "serve", "--immutable", args.db, "--host",
                                   "127.0.0.1", "--port", str(port), "--metadata", str(meta),
                                   "--setting", "sql_time_limit_ms", "30000",
                                   "--setting", "default_facet_size", "0"],
                     os.environ.copy(), port, f"/{name}.json",
                     [(k, datasette_request(name, p)) for k, p in queries], args)
    report(theirs, f"the same queries as canned SQL ({meta})")
    side_by_side(ours, theirs)
    errors = sum(1 for o in (ours, theirs) for _, _, s in o["results"] if s != 200)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
