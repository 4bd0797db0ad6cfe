"""Fuzz depeche in-process: many random hostile inputs through the real functions.

    python bench/fuzz.py                     # 100,000 inputs (about five minutes on a laptop)
    python bench/fuzz.py --total 5000 --articles 200 --seed 7
    python bench/fuzz.py --atheris 50000     # coverage-guided (atheris), bytes as articles/feeds

Kinds (the model is loaded once; every input goes through the functions the commands use):
- article: a short text of random pieces (sentences of the bundled French samples, emoji,
  control characters, lone surrogates, NUL, HTML soup, long words, numbers, quote marks)
  into `Engine.analyze`: refused with an InputError, or a record with no stage failure
  and every item's `text[start:end]` its surface form. The slow kind: `--articles` of them.
- jsonl: a line of random JSON (or not JSON) into `articles.read_inputs` (stdin): items or
  one-line errors.
- feed: an RSS or Atom document of random field values, its links local files and private
  addresses, into `feeds.feed_items` (default fetch policy): no crash, no refused link
  kept, no file content read.
- warc: random WARC records (and random bytes) into `feeds.warc_items`.
- query: a random query string to a random API route (FastAPI's TestClient, over a store
  of the bundled samples): never a 500.

Prints each crash (an exception escaping, a broken property, a 500) once per kind and
signature, then per-kind counts, throughput and peak RSS. Exit status 1 when any crash.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import re
import resource
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from depeche.errors import InputError  # noqa: E402

SAMPLES = ROOT / "samples"
SECRET = "hunter2-secret-of-the-machine"
ODD = ["\x00", "\ufeff", "\u200b", "\u200d", "\u202e", "\u2028", "\u2029", "\r", "\r\n", "\t",
       "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\ud800", "\udfff", "\ud83d", "\U0001F525",
       "\U0001F1EB\U0001F1F7", "\U0001F468\u200D\U0001F469\u200D\U0001F467", "e\u0301",
       "\u0300", "\ufffd", "\U0010FFFF", "ﬁ", "Ⅻ", "²", "½", "٣", "𝟗", "«", "»", "« ", " »",
       "“", "”", "‹", "›", '"', "'", "’", "„", "—", "…", "« « «", "» » »", "« a déclaré »",
       "», a-t-il dit. «", "0", "1.000", "1 000", "1\u202f000", "10,5", "-3", "3e10",
       "99999999999999999999", "1er", "XIVe", "2016-12-16", "16/12/2016", "31 février",
       "à 25h61", "%", "€", "morts", "blessés", "selon", "<p>", "</p>",
       "<script>alert(1)</script>", "<br/>", "<!--", "&amp;", "&nbsp;", "&#0;",
       "<b><i></b></i>", "<img src=x onerror=y>", "\\", "{", "}", "M.", "Mme", "etc.", "...",
       "((((", "))))", "\n\n\n", " " * 40, "-" * 200]
REFUSED_LINKS = ["file:///etc/hostname", "file://localhost/etc/passwd", "file:/etc/hostname",
                 "http://127.0.0.1:9/x.html", "http://localhost:9/", "http://[::1]:9/a",
                 "http://10.0.0.1/a.html", "http://192.168.1.1/", "http://0.0.0.0:9/",
                 "http://169.254.169.254/latest/meta-data/", "http://2130706433/",
                 "http://0x7f.1/", "https://127.1:9/", "ftp://127.0.0.1/x", "javascript:alert(1)",
                 "data:text/html,<p>x</p>", "//127.0.0.1/x", "relative/page.html",
                 "http://[fe80::1]/", "http://224.0.0.1/"]
QUERY_VALUES = ["\x00", "0", "-1", "1e309", "nan", "inf", "99999999999999999999999", "9" * 400,
                "a" * 60_000, "'", '"', "';--", "%", "_", "*", "\\", "NEAR(", 'a OR "', "AND",
                "(", "^", "x:y", "1,2", "91,181", "2016-02-30", "disaster", "csv", "geojson",
                "jsonl", "LB", "asserted", "type,place", "é" * 3000, "\U0001F525", "1", "2",
                "50", "Beyrouth", "Alep"]


def short(s: str, width: int = 40) -> str:
    return s if len(s) <= width else f"{s[:width]}… ({len(s):,} characters)"


def valid(s: str) -> str:
    """`s` as a URL can carry it: lone surrogates replaced."""
    return s.encode("utf-8", "surrogatepass").decode("utf-8", "replace")



def render_feed(atom: bool, title: str, entries: list[tuple[str, str | None, str, str]]) -> str:
    """An Atom or RSS document from pieces already escaped (or left broken on purpose):
    the feed's title, then (title, link or None, date, body) per entry."""
    out = []
    for t, link, date, body in entries:
        if atom:
            out.append(f"<entry><title>{t}</title>"
                       + (f'<link href="{link}"/>' if link is not None else "")
                       + f"<updated>{date}</updated><summary>{body}</summary></entry>")
        else:
            out.append(f"<item><title>{t}</title>"
                       + (f"<link>{link}</link>" if link is not None else "")
                       + f"<pubDate>{date}</pubDate><description>{body}</description></item>")
    if atom:
        return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>{title}</title>{''.join(out)}</feed>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title>{''.join(out)}</channel></rss>")

class Gen:
    """Random inputs of each kind, from one seeded Random."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.sentences: list[str] = []
        for line in (SAMPLES / "wikinews-fr-2012.jsonl").read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            self.sentences.append(obj["title"])
            self.sentences += [s for s in re.split(r"(?<=[.!?»])\s+", obj["text"]) if s.strip()]

    def chars(self, n: int) -> str:
        r = self.r
        pick = r.random()
        if pick < 0.4:
            return "".join(chr(r.randrange(0x20, 0x250)) for _ in range(n))
        if pick < 0.7:
            return "".join(chr(r.randrange(0, 0x110000)) for _ in range(n))
        return "".join(chr(r.randrange(0, 0x80)) for _ in range(n))

    def piece(self) -> str:
        r = self.r
        k = r.random()
        if k < 0.45:
            s = r.choice(self.sentences)
            return s if len(s) < 300 else s[:r.randrange(20, 300)]
        if k < 0.75:
            return r.choice(ODD)
        if k < 0.9:
            return self.chars(r.randrange(0, 20))
        if k < 0.95:
            return str(r.randrange(-10**20, 10**20))
        return r.choice("aé9«-\U0001F525") * r.randrange(50, 600)

    def text(self, pieces: int = 6) -> str:
        sep = self.r.choice([" ", "", "\n"])
        return sep.join(self.piece() for _ in range(self.r.randrange(1, pieces + 1)))

    def value(self, depth: int = 0):
        r = self.r
        k = r.randrange(9 if depth < 2 else 6)
        if k == 6:
            return [self.value(depth + 1) for _ in range(r.randrange(3))]
        if k == 7:
            return {self.chars(3): self.value(depth + 1) for _ in range(r.randrange(3))}
        return [lambda: None, lambda: True, lambda: r.randrange(-10**30, 10**30),
                lambda: r.random() * 1e300, lambda: self.text(2),
                lambda: r.choice(["2016-12-16", "2016-13-45", "", "fr", "en", "x" * 10_000]),
                None, None, lambda: float(r.choice(["nan", "inf", "-inf"]))][k]()

    def jsonl_line(self) -> bytes:
        r = self.r
        k = r.random()
        if k < 0.6:
            obj = {"text": r.choice(self.sentences) if r.random() < 0.5 else self.value()}
            for key in ("id", "title", "published", "date", "source", "url", "lang", "article"):
                if r.random() < 0.4:
                    obj[key] = self.value()
            line = json.dumps(obj, ensure_ascii=r.random() < 0.5)
        elif k < 0.75:
            line = json.dumps(self.value())
        elif k < 0.9:
            line = self.text(3)
        else:
            line = r.choice(['{"text": ', '{"text": "a"}}', "[" * 5000 + "]" * 5000,
                             '{"text": 1' + "0" * 5000 + "}", '{"text": "\\ud800 Alep"}',
                             '{"text": "ok", "id": "a\\u0000b"}',
                             '{"text": "ok", "source": ["AFP"]}',
                             '{"text": "ok", "url": {"a": 1}}', '{"text": "Alep", "title": 12}'])
        data = line.encode("utf-8", "surrogatepass")
        if r.random() < 0.1:                                # a stray byte or a BOM
            at = r.randrange(len(data) + 1)
            data = data[:at] + bytes([r.randrange(256)]) + data[at:]
        return data

    def esc(self, s: str) -> str:
        s = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", s)
        if self.r.random() < 0.05:
            return s                                         # unescaped: broken XML
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")\
            .replace('"', "&quot;")

    def feed(self, secret_uri: str) -> bytes:
        r = self.r
        atom = r.random() < 0.5
        out: list[tuple[str, str | None, str, str]] = []
        for _ in range(r.randrange(0, 5)):
            link = r.choice([None, secret_uri, *REFUSED_LINKS, self.chars(8)])
            date = r.choice(["Fri, 16 Dec 2016 10:00:00 +0100", "2016-12-16T10:00:00Z", "",
                             "yesterday", "Mon, 99 Foo 9999 99:99:99"])
            body = self.esc(self.text(3)) if r.random() < 0.7 else \
                f"<![CDATA[<p>{self.text(3).replace(']]>', '')}</p>]]>"
            title = self.esc(self.text(1))
            out.append((title, None if link is None else self.esc(link), date, body))
        doc = render_feed(atom, self.esc(self.text(1)), out)
        data = doc.encode("utf-8", "surrogatepass")
        if r.random() < 0.1:
            data = data[:r.randrange(len(data) + 1)]         # cut short
        return data

    def warc(self) -> bytes:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter
        r = self.r
        if r.random() < 0.2:
            return r.randbytes(r.randrange(2000))
        out = io.BytesIO()
        writer = WARCWriter(out, gzip=r.random() < 0.5)
        for _ in range(r.randrange(1, 4)):
            body = r.randbytes(r.randrange(300)) if r.random() < 0.3 else \
                f"<html><body><p>{self.text(4)}</p></body></html>".encode("utf-8", "surrogatepass")
            ctype = r.choice(["text/html", "application/pdf", "text/html; charset=latin-1", ""])
            head = StatusAndHeaders(r.choice(["200 OK", "404 Not Found", "200"]),
                                    [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                r.choice(["http://example.org/a.html", "file:///etc/passwd", "urn:x", ""]),
                "response", payload=io.BytesIO(body), http_headers=head))
        data = out.getvalue()
        return data[:-r.randrange(1, 200)] if r.random() < 0.2 else data

    def query(self, routes: list[tuple[str, str, list[str]]]) -> tuple[str, str, list]:
        r = self.r
        method, path, names = r.choice(routes)
        fill = r.choice(["web-x", "..", "%00", "\x00", self.chars(6), "a" * 3000, "1"])
        path = re.sub(r"\{[^}]+\}", lambda _: quote(valid(fill), safe=""), path)
        params = []
        for _ in range(r.randrange(0, 4)):
            name = r.choice(names + ["x"]) if names and r.random() < 0.97 else self.chars(3)
            value = r.choice(QUERY_VALUES) if r.random() < 0.6 else self.text(1)
            params.append((valid(name), valid(value)))
        while len(urlencode(params)) > 65_000:
            params.pop()
        return method, path, params


class Crashes:
    def __init__(self):
        self.seen: dict[tuple[str, str], tuple[int, str]] = {}
        self.count: Counter = Counter()

    def add(self, kind: str, signature: str, example: str) -> None:
        self.count[kind] += 1
        key = (kind, signature)
        n, ex = self.seen.get(key, (0, example))
        self.seen[key] = (n + 1, ex)


def signature(exc: BaseException) -> str:
    tb = traceback.extract_tb(exc.__traceback__)
    where = next((f"{Path(f.filename).name}:{f.lineno}" for f in reversed(tb)
                  if "depeche" in f.filename), tb[-1].name if tb else "?")
    return f"{type(exc).__name__} at {where}: {str(exc)[:100]}"


def check_record(record) -> str | None:
    bad = [w for w in record.warnings if "failed on this article" in w]
    if bad:
        return bad[0][:160]
    from depeche.records import field_text, spans_of
    for d in record.to_dict()["places"] + record.to_dict()["figures"]:
        s, e = d.get("start"), d.get("end")
        text = field_text(record.article, d.get("field", "text"))
        if s is not None and (not 0 <= s <= e <= len(text) or text[s:e] != d.get("text")):
            return f"offsets {s}:{e} do not give {d.get('text')!r}"
    for _, field, s, e in spans_of(record):
        text = field_text(record.article, field)
        if not 0 <= s <= e <= len(text):
            return f"span {s}:{e} outside a {field} of {len(text)}"
    return None


def one_line(items) -> str | None:
    for item in items:
        if (item.article is None) == (item.error is None):
            return "an item with both or neither of article and error"
        if item.error is not None and "\n" in str(item.error):
            return "a multi-line error"
    return None


def first_error(items) -> str:
    return next((repr(str(i.error)[:120]) for i in items if i.error is not None
                 and "\n" in str(i.error)), "")


def build_store(engine, folder: Path) -> Path:
    from depeche.corpus import ingest
    from depeche.feeds import iter_items
    from depeche.store import Store
    path = folder / "fuzz.db"
    with Store(path) as store:
        ingest(store, iter_items([str(SAMPLES / "wikinews-fr-2012.jsonl")]), engine)
    return path


def api_routes(app) -> list[tuple[str, str, list[str]]]:
    out = []
    for path, ops in app.openapi()["paths"].items():
        for method, op in ops.items():
            out.append((method.upper(), path, [p["name"] for p in op.get("parameters", ())
                                               if p.get("in") == "query"]))
    out.append(("GET", "/", []))
    out.append(("HEAD", "/", []))
    return out


def run_atheris(runs: int) -> None:
    """Coverage-guided fuzzing (atheris, libFuzzer) of the byte doors: the bytes as a
    stdin article (text, HTML or JSONL, `articles.read_inputs`) and as a feed
    (`feeds.feed_items`, default fetch policy). libFuzzer prints its own report and ends
    the process: status 0 when `runs` inputs passed, else the crashing input is saved."""
    import atheris

    import depeche.articles
    import depeche.feeds
    from depeche.feeds import Fetcher, FetchPolicy
    from depeche.settings import load_settings
    for module in (depeche.articles, depeche.feeds):
        for name in dir(module):
            obj = getattr(module, name)
            if callable(obj) and getattr(obj, "__module__", None) == module.__name__ \
                    and hasattr(obj, "__code__"):
                setattr(module, name, atheris.instrument_func(obj))
    settings = load_settings()
    fetcher = Fetcher(FetchPolicy.default(False))

    def target(data: bytes) -> None:
        items = list(depeche.articles.read_inputs(["-"], settings=settings,
                                                  stdin=io.BytesIO(data)))
        if data[:1] == b"<":
            items += depeche.feeds.feed_items("fuzz.rss", data=data, settings=settings,
                                              fetcher=fetcher)
        bad = one_line(items)
        if bad:
            raise AssertionError(bad)

    seeds = Path(tempfile.mkdtemp(prefix="depeche-atheris-"))
    for n, line in enumerate((SAMPLES / "wikinews-fr-2012.jsonl").read_bytes().splitlines()):
        (seeds / f"line{n}").write_bytes(line[:2000])
    (seeds / "page").write_bytes((SAMPLES / "wikinews-fr-45736-incendie-pont-mathilde.html")
                                 .read_bytes()[:3000])
    atheris.Setup([sys.argv[0], f"-runs={runs}", "-max_len=4096", str(seeds)], target)
    atheris.Fuzz()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--total", type=int, default=100_000, help="inputs in all (100,000)")
    ap.add_argument("--articles", type=int, default=3000, help="of them, articles analysed")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--examples", default=str(ROOT / "bench" / "out" / "fuzz-crashes.txt"),
                    help="where every crash's first input is written in full")
    ap.add_argument("--atheris", type=int, metavar="RUNS",
                    help="instead: coverage-guided fuzzing of the byte doors (atheris) for "
                         "RUNS inputs")
    args = ap.parse_args(argv)
    if args.atheris:
        run_atheris(args.atheris)

    t_load = time.monotonic()
    from fastapi.testclient import TestClient

    from depeche.articles import read_inputs
    from depeche.feeds import Fetcher, FetchPolicy, feed_items, warc_items
    from depeche.pipeline import Engine
    from depeche.web import create_app
    engine = Engine()
    engine.analyze("Un séisme a fait 3 morts à Izmir.", lang="fr")
    tmp = Path(tempfile.mkdtemp(prefix="depeche-fuzz-"))
    secret = tmp / "secret.txt"
    secret.write_text(f"Le mot de passe est {SECRET}.", encoding="utf-8")
    app = create_app(build_store(engine, tmp), engine=engine)
    client = TestClient(app, raise_server_exceptions=False)
    routes = api_routes(app)
    fetcher = Fetcher(FetchPolicy.default(False))   # one for the run, as ingest has
    print(f"model, store and app ready in {time.monotonic() - t_load:.1f} s", flush=True)

    rest = max(0, args.total - args.articles)
    plan = {"article": args.articles, "jsonl": rest * 45 // 100, "feed": rest * 20 // 100,
            "warc": rest * 5 // 100}
    plan["query"] = rest - plan["jsonl"] - plan["feed"] - plan["warc"]
    gen = Gen(args.seed)
    crashes = Crashes()
    counts: Counter = Counter()
    outcome: dict[str, Counter] = defaultdict(Counter)
    secs: Counter = Counter()
    settings = engine.settings

    def article(_):
        text = gen.text(6)
        lang = gen.r.choice([None, "fr"])
        try:
            record = engine.analyze(text, published="2016-12-16", lang=lang)
        except InputError:
            return "refused", None
        bad = check_record(record)
        if bad is None and engine.analyze(text, published="2016-12-16",
                                          lang=lang).to_json() != record.to_json():
            bad = "the same input twice gave two records"
        return ("analysed" if not record.skipped else "skipped"), \
            bad and (bad, f"lang={lang!r} text={text!r}")

    def jsonl(_):
        data = gen.jsonl_line()
        items = list(read_inputs(["-"], settings=settings, stdin=io.BytesIO(data)))
        bad = one_line(items)
        return ("ok" if all(i.article for i in items) else "error"), \
            bad and (bad, f"{first_error(items)} from {data!r}")

    def feed(_):
        data = gen.feed(secret.as_uri())
        items = list(feed_items("fuzz.rss", data=data, settings=settings, fetcher=fetcher))
        bad = one_line(items)
        for item in items:
            if item.article is not None and (SECRET in item.article.text or (
                    item.article.url and item.article.url.strip())):
                bad = f"an entry with a refused link was kept: {item.article.url!r}"
        return f"{sum(1 for i in items if i.article)} kept", \
            bad and (bad, f"{first_error(items)} from {data!r}")

    warc_path = tmp / "fuzz.warc"

    def warc(_):
        warc_path.write_bytes(gen.warc())
        with contextlib.redirect_stderr(io.StringIO()):     # warcio's notes on bad records
            items = list(warc_items(str(warc_path), settings=settings))
        bad = one_line(items)
        return f"{sum(1 for i in items if i.article)} kept", bad and (bad, first_error(items))

    def query(_):
        method, path, params = gen.query(routes)
        response = client.request(method, path, params=params)
        bad = None
        if response.status_code >= 500:
            route = re.sub(r"/api/(articles|stories|events)/.*", r"/api/\1/…", path)
            bad = (f"{response.status_code} on {method} {route}: {response.text[:70]}",
                   f"{method} {path[:60]} {[(k, short(v)) for k, v in params]}")
        return str(response.status_code), bad

    kinds = {"article": article, "jsonl": jsonl, "feed": feed, "warc": warc, "query": query}
    t0 = time.monotonic()
    # interleaved, so that a long run is a fair sample of every kind at any moment
    order = [k for k, n in plan.items() for _ in range(n)]
    gen.r.shuffle(order)
    for n, kind in enumerate(order, 1):
        t = time.perf_counter()
        try:
            what, bad = kinds[kind](n)
            outcome[kind][what] += 1
            if bad:
                crashes.add(kind, bad[0], bad[1])
        except Exception as exc:  # noqa: BLE001 - an exception escaping is what we look for
            outcome[kind]["exception"] += 1
            crashes.add(kind, signature(exc), "")
        secs[kind] += time.perf_counter() - t
        counts[kind] += 1
        if n % 10_000 == 0:
            print(f"  {n:,} inputs, {sum(crashes.count.values())} crashes, "
                  f"{time.monotonic() - t0:.0f} s", flush=True)
    wall = time.monotonic() - t0

    print(f"\n{len(order):,} inputs in {wall:.0f} s ({len(order) / wall:,.0f}/s), seed {args.seed}")
    print(f"{'kind':8} {'inputs':>8} {'per s':>8} {'crashes':>8}  outcomes")
    for kind in kinds:
        rate = counts[kind] / secs[kind] if secs[kind] else 0
        top = ", ".join(f"{k} {v:,}" for k, v in outcome[kind].most_common(6))
        print(f"{kind:8} {counts[kind]:>8,} {rate:>8,.0f} {crashes.count[kind]:>8,}  {top}")
    print(f"crashes: {sum(crashes.count.values()):,}")
    found = sorted(crashes.seen.items(), key=lambda x: -x[1][0])
    for (kind, sig), (n, ex) in found:
        print(f"  [{kind}] x{n}: {sig}")
        if ex:
            print(f"      e.g. {short(ex, 230)}")
    if found:
        Path(args.examples).parent.mkdir(parents=True, exist_ok=True)
        with open(args.examples, "w", encoding="utf-8", errors="backslashreplace") as fh:
            for (kind, sig), (n, ex) in found:
                fh.write(f"[{kind}] x{n}: {sig}\n{ex}\n\n")
        print(f"  (each one's first input in full: {args.examples})")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:,.0f} MB")
    return 1 if crashes.count else 0


if __name__ == "__main__":
    sys.exit(main())
