"""Property-based tests (Hypothesis): hostile inputs at every door depeche opens.

- articles into `engine.analyze`: random Unicode, emoji, control characters, lone
  surrogates, NUL, HTML soup, very long words and lines, numbers and quote marks in odd
  places, mixed with sentences of the bundled French samples. An article is refused with
  an InputError or analysed: no other exception, no stage failing on it, every item's
  offsets inside the text with `text[start:end]` its surface form, the same record twice.
- JSONL lines, RSS/Atom feeds and WARC files made of random field values into
  `feeds.iter_items` and `corpus.ingest` (a temporary store): no crash, each bad input one
  one-line error, counts that add up, nothing stored from a refused link.
- random query strings into every API route (FastAPI's TestClient): never a 500.

The number of examples is bounded (the whole file runs in well under a minute) and the
generation derandomized, so that a run is the same run each time; `bench/fuzz.py` throws
many more inputs at the same functions.
"""
from __future__ import annotations

import io
import json
import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from fuzz import render_feed  # noqa: E402
from depeche.articles import Item
from depeche.errors import InputError
from depeche.feeds import iter_items
from test_offsets import check as offset_errors

SAMPLES = ROOT / "samples"
SURROGATE = re.compile(r"[\ud800-\udfff]")
FAST = dict(deadline=None, derandomize=True, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                   HealthCheck.data_too_large])


def sample_sentences() -> list[str]:
    """Sentences (and titles) of the bundled French articles."""
    out = []
    for line in (SAMPLES / "wikinews-fr-2012.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        out.append(obj["title"])
        out += [s for s in re.split(r"(?<=[.!?»])\s+", obj["text"]) if s.strip()]
    return out


SENTENCES = sample_sentences()

# -- hostile text -------------------------------------------------------------------------
ODD = ["\x00", "\ufeff", "\u200b", "\u200d", "\u202e", "\u2028", "\u2029", "\r", "\r\n",
       "\t", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\ud800", "\udfff", "\ud83d",
       "\U0001F525", "\U0001F1EB\U0001F1F7", "\U0001F468\u200D\U0001F469\u200D\U0001F467",
       "e\u0301", "\u0300", "\ufffd", "\U0010FFFF", "ﬁ", "Ⅻ", "²", "½", "٣", "𝟗",
       "«", "»", "« ", " »", "“", "”", "‹", "›", '"', "'", "’", "‘", "„", "—", "–", "…",
       "« « «", "» » »", '"""', "''", "« a déclaré »", "», a-t-il dit. «",
       "0", "00", "1.000", "1 000", "1\u202f000", "10,5", "-3", "3e10", "99999999999999999999",
       "1er", "XIVe", "2016-12-16", "16/12/2016", "31 février", "le 32 décembre",
       "à 25h61", "0,0,0", "1.2.3.4", "%", "€", "$", "morts", "blessés", "selon",
       "<p>", "</p>", "<script>alert(1)</script>", "<br/>", "<!--", "-->", "<![CDATA[",
       "&amp;", "&nbsp;", "&#0;", "&#xD800;", "<b><i></b></i>", "<a href='javascript:x'>",
       "<html><body>", "<table><tr><td>", "<style>p{}</style>", "<img src=x onerror=y>",
       "\\", "\\u0000", "{", "}", "[", "]", "M.", "Mme", "Dr.", "etc.", "...", "?!", "!!!",
       "(", ")", "((((", "))))", "\n\n\n", " " * 40, "-" * 200, "=" * 300]
LONG_WORD = st.builds(lambda c, n: c * n, st.sampled_from(["a", "é", "9", "«", "-", "\U0001F525"]),
                      st.integers(100, 3000))
PIECE = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(ODD),
    st.text(max_size=30),                                      # any code point, surrogates too
    st.text(st.characters(codec="utf-8"), max_size=30),
    st.integers(-10**25, 10**25).map(str),
    LONG_WORD,
)
HOSTILE_TEXT = st.lists(PIECE, min_size=1, max_size=12).map(" ".join) | \
    st.lists(PIECE, min_size=1, max_size=12).map("".join)


def stage_failures(record) -> list[str]:
    return [w for w in record.warnings if "failed on this article" in w]


@settings(max_examples=60, **FAST)
@given(text=HOSTILE_TEXT, lang=st.sampled_from([None, "fr"]),
       title=st.none() | st.text(max_size=40))
@example(text="\x00" * 10, lang="fr", title=None)
@example(text="« " * 300, lang="fr", title="»")
@example(text="\ud800 Alep \udfff 1.000 morts", lang="fr", title="\ud83d")
@example(text="É" * 5000 + " 250 blessés", lang="fr", title=None)
@example(text="<p>Un séisme <b>a fait 3 morts</p></b> selon « l'ONU »", lang=None, title=None)
def test_hostile_articles_are_refused_or_analysed_with_their_offsets(engine, text, lang, title):
    try:
        record = engine.analyze(text, published="2016-12-16", lang=lang, title=title)
    except InputError as exc:          # refused on purpose: an empty article, say
        assert "\n" not in str(exc)
        return
    assert stage_failures(record) == []
    assert offset_errors(record) == []
    again = engine.analyze(text, published="2016-12-16", lang=lang, title=title)
    assert again.to_json() == record.to_json()


@settings(max_examples=25, **FAST)
@given(parts=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6),
       noise=st.lists(st.sampled_from(ODD), max_size=8), seed=st.randoms(use_true_random=False))
def test_french_sentences_with_noise_inside_keep_their_offsets(engine, parts, noise, seed):
    words = " ".join(parts).split(" ")
    for junk in noise:                 # noise between words of real sentences
        words.insert(seed.randrange(len(words) + 1), junk)
    text = " ".join(words)
    record = engine.analyze(text, published="2012-06-05", lang="fr")
    assert stage_failures(record) == []
    assert offset_errors(record) == []
    assert engine.analyze(text, published="2012-06-05", lang="fr").to_json() == record.to_json()


# -- inputs into iter_items and ingest ----------------------------------------------------
def one_line_errors(items: list[Item]) -> None:
    for item in items:
        assert (item.article is None) != (item.error is None), item
        if item.error is not None:
            message = str(item.error)
            assert message and "\n" not in message and "Traceback" not in message, message


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats()
    | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=6)
FIELD_VALUE = JSON_VALUE | st.sampled_from(SENTENCES) | st.sampled_from(
    ["2016-12-16", "2016-13-45", "", "fr", "en", "\x00", "x" * 10_000, "a\nb"])
ARTICLE_OBJ = st.fixed_dictionaries(
    {"text": st.sampled_from(SENTENCES) | FIELD_VALUE},
    optional={k: FIELD_VALUE for k in ("id", "title", "published", "date", "source", "url",
                                       "lang", "article")})


def dumps(obj) -> str:
    try:
        return json.dumps(obj, ensure_ascii=False)
    except ValueError:                 # NaN is written by json; only circular values fail
        return "{}"


JSONL_LINE = st.one_of(
    ARTICLE_OBJ.map(dumps),
    JSON_VALUE.map(dumps),
    st.text(max_size=60).filter(lambda s: "\n" not in s and "\r" not in s),
    st.sampled_from(['{"text": ', '{"text": "a"}}', "[" * 5000 + "]" * 5000,
                     '{"text": 1' + "0" * 5000 + "}", '{"text": "\\ud800 Alep"}',
                     '{"text": "ok", "id": "a\\u0000b"}', '{"text": "ok", "source": ["AFP"]}',
                     '{"text": "ok", "url": {"a": 1}}', '{"text": "Alep", "title": 12}']),
)


def jsonl_lines(lines: list[str]) -> str:
    return "\n".join(line.replace("\n", " ").replace("\r", " ").replace("\x85", " ")
                     .replace("\u2028", " ").replace("\u2029", " ")
                     .replace("\x0b", " ").replace("\x0c", " ")
                     .replace("\x1c", " ").replace("\x1d", " ").replace("\x1e", " ")
                     for line in lines)


@settings(max_examples=150, **FAST)
@given(lines=st.lists(JSONL_LINE, min_size=1, max_size=8))
def test_random_jsonl_lines_give_one_item_or_one_line_error_each(tmp_path_factory, lines):
    body = jsonl_lines(lines)
    path = tmp_path_factory.mktemp("jsonl") / "random.jsonl"
    path.write_text(body, encoding="utf-8", errors="surrogatepass")
    items = list(iter_items([str(path)]))
    one_line_errors(items)
    if not body.strip():
        assert len(items) == 1 and items[0].error is not None
    else:
        assert len(items) == sum(1 for line in body.splitlines() if line.strip()) or \
            (len(items) == 1 and items[0].origin == str(path))   # the file refused whole


def ingest_all(engine, store_path: Path, items: list[Item]):
    from depeche.corpus import ingest
    from depeche.store import Store
    errors: list[tuple[str, str]] = []
    with Store(store_path) as store:
        summary = ingest(store, items, engine, batch_size=4,
                         on_error=lambda origin, message: errors.append((origin, message)))
        stored = [store.article(i) for i in sorted(store.article_keys()[0])]
    s = summary
    assert s.read == len(items) == s.new + s.duplicates + s.already + s.failed
    assert len(errors) == s.failed
    assert all("\n" not in message for _, message in errors)
    return summary, stored


@settings(max_examples=12, **FAST)
@given(lines=st.lists(JSONL_LINE, min_size=1, max_size=5))
@example(lines=['{"text": "Un séisme a fait 3 morts à Izmir.", "source": ["AFP"]}',
                '{"text": "Un séisme a fait 3 morts à Izmir.", "url": {"a": 1}}',
                '{"text": "Un séisme a fait 3 morts à Izmir, selon l\'AFAD.", "title": 12}',
                '{"text": "Deux blessés à Lyon.", "id": "x\\u0000"}'])
def test_random_jsonl_into_a_store_counts_add_up(engine, tmp_path_factory, lines):
    folder = tmp_path_factory.mktemp("store")
    path = folder / "random.jsonl"
    path.write_text(jsonl_lines(lines), encoding="utf-8", errors="surrogatepass")
    items = list(iter_items([str(path)]))
    summary, stored = ingest_all(engine, folder / "s.db", items)
    assert summary.new == len(stored)
    assert all(isinstance(a["text"], str) and a["text"] for a in stored)


# -- feeds ---------------------------------------------------------------------------------
SECRET = "hunter2-secret-of-the-machine"
REFUSED_LINKS = ["file:///etc/hostname", "file://localhost/etc/passwd", "file:/etc/hostname",
                 "FILE:///etc/hostname", "http://127.0.0.1:9/x.html", "http://localhost:9/",
                 "http://[::1]:9/a", "http://10.0.0.1/a.html", "http://192.168.1.1/",
                 "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0:9/",
                 "http://2130706433/", "http://0x7f.1/", "https://127.1:9/", "ftp://127.0.0.1/x",
                 "gopher://127.0.0.1/", "javascript:alert(1)", "data:text/html,<p>x</p>",
                 "//127.0.0.1/x", "relative/page.html", "http://[fe80::1]/", "http://224.0.0.1/"]


def xml_escape(s: str) -> str:
    s = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", s)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


FEED_TEXT = st.sampled_from(SENTENCES) | st.text(max_size=60) | st.sampled_from(ODD)
ENTRY = st.fixed_dictionaries({
    "title": FEED_TEXT, "link": st.none() | st.sampled_from(REFUSED_LINKS) | st.text(max_size=20),
    "date": st.sampled_from(["Fri, 16 Dec 2016 10:00:00 +0100", "2016-12-16T10:00:00Z", "",
                             "yesterday", "Mon, 99 Foo 9999 99:99:99", "0"]),
    "body": st.lists(FEED_TEXT, max_size=4).map(" ".join),
    "raw": st.booleans(),             # the body as markup rather than escaped text
})


def feed_xml(kind: str, title: str, entries: list[dict], secret_link: str) -> str:
    pieces = []
    for e in entries:
        link = secret_link if e["link"] == "SECRET" else e["link"]
        body = xml_escape(e["body"]) if not e["raw"] else f"<![CDATA[<p>{e['body']}</p>]]>"
        pieces.append((xml_escape(e["title"]), None if link is None else xml_escape(link),
                       e["date"], body))
    return render_feed(kind != "rss", xml_escape(title), pieces)


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(f"Le mot de passe du serveur est {SECRET}.", encoding="utf-8")
    return path


def refused(link: str | None) -> bool:
    """A link the default policy must refuse (every link of the strategy but None)."""
    return link is not None and link.strip() != ""


def check_feed(items: list[Item], entries: list[dict]) -> None:
    one_line_errors(items)
    for item in items:
        if item.article is not None:
            assert SECRET not in item.article.text
            assert item.article.url is None or not refused(item.article.url), item.article.url


@settings(max_examples=80, **FAST)
@given(kind=st.sampled_from(["rss", "atom"]), title=FEED_TEXT,
       entries=st.lists(ENTRY | ENTRY.map(lambda e: {**e, "link": "SECRET"}), max_size=6))
def test_random_feeds_never_crash_nor_fetch_a_refused_link(tmp_path_factory, secret_file,
                                                           monkeypatch, kind, title, entries):
    monkeypatch.delenv("DEPECHE_ALLOW_PRIVATE_HOSTS", raising=False)
    path = tmp_path_factory.mktemp("feed") / f"random.{kind}"
    # a lone surrogate drawn in a raw body is written as the bytes it would be: a feed
    # that is not valid UTF-8 is one more input to survive
    path.write_text(feed_xml(kind, title, entries, secret_file.as_uri()), encoding="utf-8",
                    errors="surrogatepass")
    items = list(iter_items([str(path)], allow_private_hosts=False))
    check_feed(items, entries)


@settings(max_examples=8, **FAST)
@given(entries=st.lists(ENTRY | ENTRY.map(lambda e: {**e, "link": "SECRET"}), min_size=1,
                        max_size=4))
@example(entries=[{"title": "Alep", "link": "SECRET", "date": "", "raw": False,
                   "body": SENTENCES[0]},
                  {"title": "Alep", "link": None, "date": "", "raw": True, "body": SENTENCES[1]},
                  {"title": "Beyrouth", "link": "http://169.254.169.254/latest/meta-data/",
                   "date": "", "raw": False, "body": SENTENCES[2]}])
def test_nothing_of_a_refused_link_is_stored(engine, tmp_path_factory, secret_file, monkeypatch,
                                             entries):
    monkeypatch.delenv("DEPECHE_ALLOW_PRIVATE_HOSTS", raising=False)
    folder = tmp_path_factory.mktemp("feedstore")
    path = folder / "random.rss"
    path.write_text(feed_xml("rss", "Fil", entries, secret_file.as_uri()), encoding="utf-8")
    items = list(iter_items([str(path)], allow_private_hosts=False))
    check_feed(items, entries)
    _, stored = ingest_all(engine, folder / "s.db", items)
    for article in stored:
        assert SECRET not in (article["text"] or "")
        assert not refused(article["url"]), article["url"]


# -- WARC ----------------------------------------------------------------------------------
def warc_bytes(records: list[tuple[str, bytes, str]], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, body, ctype in records:
        head = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=head))
    return out.getvalue()


WARC_BODY = st.one_of(st.binary(max_size=300),
                      FEED_TEXT.map(lambda s: f"<html><body><p>{s}</p></body></html>"
                                    .encode("utf-8", "surrogatepass")),
                      st.sampled_from(SENTENCES).map(lambda s: f"<p>{s}</p>".encode()))
WARC_RECORD = st.tuples(st.sampled_from(["http://example.org/a.html", "file:///etc/passwd", "",
                                         "urn:x", "http://127.0.0.1/x"]),
                        WARC_BODY, st.sampled_from(["text/html", "text/html; charset=latin-1",
                                                    "application/pdf", "", "text/HTML;;;"]))


@settings(max_examples=60, **FAST)
@given(data=st.one_of(
    st.binary(max_size=2000),
    st.tuples(st.lists(WARC_RECORD, max_size=4), st.booleans()).map(lambda t: warc_bytes(*t)),
    st.tuples(st.lists(WARC_RECORD, min_size=1, max_size=3), st.booleans(),
              st.integers(1, 400)).map(lambda t: warc_bytes(t[0], t[1])[:-t[2]])),
    gz=st.booleans())
def test_random_warc_bytes_give_items_or_one_line_errors(tmp_path_factory, data, gz):
    path = tmp_path_factory.mktemp("warc") / ("random.warc.gz" if gz else "random.warc")
    path.write_bytes(data)
    items = list(iter_items([str(path)]))
    assert items
    one_line_errors(items)


# -- the API -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def api(tmp_path_factory, engine):
    from fastapi.testclient import TestClient
    from depeche.web import create_app
    from test_web_api import shared_store_path
    app = create_app(shared_store_path(tmp_path_factory, engine), engine=engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def routes(app) -> list[tuple[str, str]]:
    """(method, path) of every route of the app, in nested routers too (path parameters
    are filled in by `request`); the static files are left out."""
    out = []

    def walk(items):
        for r in items:
            path = getattr(r, "path", None)
            if path is not None and getattr(r, "methods", None):
                out.extend((m, path) for m in sorted(r.methods) if m in ("GET", "POST", "HEAD"))
            for inner in ("original_router", "router"):   # included routers, by version
                walk(getattr(getattr(r, inner, None), "routes", None) or ())
            walk(getattr(r, "routes", None) or ())
    walk(app.routes)
    assert any(p == "/api/events" for _, p in out) and any(m == "POST" for m, _ in out), out
    return sorted(set(out))


PARAM_VALUE = st.one_of(
    st.text(max_size=30), st.integers(-10**30, 10**30).map(str),
    st.sampled_from(["\x00", "%00", "0", "-1", "1e309", "nan", "inf", "99999999999999999999999",
                     "9" * 400, "a" * 60_000, "'", '"', "';--", "%", "_", "*", "\\", "NEAR(",
                     'a OR "', "AND", "(", ")", "^", "x:y", "{}", "[]", "1,2", "91,181",
                     "2016-02-30", "0000-00-00", "disaster", "csv", "geojson", "jsonl", "LB",
                     "asserted", "ids,type", "é" * 3000, "\ud800", "\U0001F525"]))
PATH_VALUE = st.text(max_size=30) | st.sampled_from(["..", "../../etc/passwd", "%2e%2e", "\x00",
                                                      "web-beyrouth-1", "web-beyrouth-1/x"])


def known_params(app) -> dict[str, list[str]]:
    """The query parameters each path reads, from the app's OpenAPI schema."""
    out: dict[str, list[str]] = {}
    for path, ops in app.openapi()["paths"].items():
        for op in ops.values():
            out.setdefault(path, []).extend(p["name"] for p in op.get("parameters", ())
                                            if p.get("in") == "query")
    return out


def request(client, method: str, path: str, params, fill: str):
    from urllib.parse import quote, urlencode
    path = re.sub(r"\{[^}]+\}", lambda _: fill, path)
    params = [(k.encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
               v.encode("utf-8", "surrogatepass").decode("utf-8", "replace")) for k, v in params]
    url = quote(path.encode("utf-8", "surrogatepass").decode("utf-8", "replace"), safe="/")
    while len(urlencode(params)) > 65_000:    # httpx's own limit of a URL component
        params = params[:-1]
    if method == "POST":
        return client.post(url, params=params, content=b'{"text": "Un mort a Lyon."}',
                           headers={"content-type": "application/json"})
    return client.request(method, url, params=params)


def no_server_error(api, values: list[str], pick, fill: str) -> None:
    """Every route asked with `values` given to parameters it reads (chosen by `pick`, a
    Random), now and then to one it does not read."""
    known = known_params(api.app)
    for method, path in routes(api.app):
        names = (known.get(re.sub(r":path\}", "}", path)) or []) + ["x"] * (pick.random() < 0.1)
        params = [(pick.choice(names), v) for v in values] if names else []
        response = request(api, method, path, params, fill)
        assert response.status_code < 500, (method, path, params, response.status_code,
                                             response.text[:200])


@settings(max_examples=40, **FAST)
@given(values=st.lists(PARAM_VALUE, min_size=1, max_size=4),
       pick=st.randoms(use_true_random=False), fill=PATH_VALUE)
@example(values=["\x00"], pick=random.Random(0), fill="x")
@example(values=["99999999999999999999999"], pick=random.Random(0), fill="x")
@example(values=["a" * 60_000], pick=random.Random(0), fill="x")
def test_random_query_strings_never_get_a_500(api, values, pick, fill):
    no_server_error(api, values, pick, fill)


# -- plain files of random bytes -----------------------------------------------------------
@settings(max_examples=60, **FAST)
@given(data=st.one_of(
    st.binary(max_size=800),
    st.tuples(st.sampled_from(SENTENCES), st.binary(max_size=3)).map(
        lambda t: t[0].encode() + t[1] + t[0].encode()),           # stray bytes in UTF-8
    st.tuples(st.sampled_from(SENTENCES), st.sampled_from(["utf-16", "utf-32", "utf-8-sig",
                                                           "latin-1", "cp1252"])).map(
        lambda t: t[0].encode(t[1], "replace"))),
    suffix=st.sampled_from([".txt", ".html", ".jsonl", ""]))
def test_random_bytes_in_a_file_give_an_article_or_one_line_error(tmp_path_factory, data,
                                                                   suffix):
    path = tmp_path_factory.mktemp("bytes") / f"random{suffix}"
    path.write_bytes(data)
    items = list(iter_items([str(path)]))
    assert items
    one_line_errors(items)
    for item in items:
        if item.article is not None:
            assert not SURROGATE.search(item.article.text)
            item.article.text.encode("utf-8")


def test_links_refused_before_any_connection_cost_no_politeness_delay(monkeypatch):
    """Found by bench/fuzz.py: each refused link to a host waited the host's one-second
    turn, although no request was made (a feed of 100 such links: 100 s)."""
    import time
    from depeche.feeds import AddressRefused, Fetcher, FetchPolicy
    monkeypatch.delenv("DEPECHE_ALLOW_PRIVATE_HOSTS", raising=False)
    with Fetcher(FetchPolicy.default(False)) as fetcher:
        t0 = time.monotonic()
        for n in range(10):
            with pytest.raises(AddressRefused, match="loopback address"):
                fetcher.fetch(f"http://127.0.0.1:9/{n}.html")
        # ten refused links: a politeness wait of one second each would take 10 s
        assert time.monotonic() - t0 < 5.0


@settings(max_examples=6, **FAST)
@given(records=st.lists(WARC_RECORD, min_size=1, max_size=3), gz=st.booleans(),
       cut=st.integers(0, 300))
def test_random_warc_into_a_store_counts_add_up(engine, tmp_path_factory, records, gz, cut):
    folder = tmp_path_factory.mktemp("warcstore")
    path = folder / ("random.warc.gz" if gz else "random.warc")
    data = warc_bytes(records, gz)
    path.write_bytes(data[:len(data) - cut])
    items = list(iter_items([str(path)]))
    one_line_errors(items)
    summary, stored = ingest_all(engine, folder / "s.db", items)
    assert summary.new == len(stored)


@pytest.mark.parametrize("link, cleaned", [
    ("n\nYzRuz", "nYzRuz"), ("\n  http://127.0.0.1:9/a.html \t", "http://127.0.0.1:9/a.html"),
    ("http://127.0.0.1:9/a\r\n.html", "http://127.0.0.1:9/a.html"),
    ("http://127.0.0.1:9/\x1bx.html", "http://127.0.0.1:9/%1Bx.html"), (" \n\t ", None)])
def test_a_feed_link_with_newlines_or_controls_gives_a_one_line_error(tmp_path, monkeypatch,
                                                                     link, cleaned):
    """Found by bench/fuzz.py: an entry whose <link> held a newline gave a two-line error
    (the link is the entry's origin). Links are read as browsers read them."""
    monkeypatch.delenv("DEPECHE_ALLOW_PRIVATE_HOSTS", raising=False)
    entry = {"title": "Alep", "link": link, "date": "", "raw": False, "body": SENTENCES[0]}
    path = tmp_path / "feed.rss"
    path.write_text(feed_xml("rss", "Fil", [entry], "unused").replace(xml_escape(link), link),
                    encoding="utf-8")
    items = list(iter_items([str(path)], allow_private_hosts=False))
    one_line_errors(items)
    [item] = items
    if cleaned is None:
        assert item.article is not None and item.article.url is None
    else:
        assert item.error is not None and item.origin == cleaned


@settings(max_examples=10, **FAST)
@given(sentences=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4),
       k=st.integers(1, 3))
@example(sentences=["Un séisme a fait 3 morts et 12 blessés à Izmir."], k=1)
def test_a_dotted_capital_i_before_a_figure_does_not_shift_it(engine, sentences, k):
    """Found by bench/fuzz.py ('İǒɏt' on a line before a number: a figure running past the
    end of the text). A first line of k 'İ' or of k 'I' (the same length) must leave every
    figure of the text below where it is."""
    body = " ".join(sentences)
    if not any(c.isdigit() for c in body):
        body += " Le bilan est de 12 morts et 40 blessés."
    plain = engine.analyze("I" * k + "\n" + body, published="2012-06-05", lang="fr")
    dotted = engine.analyze("İ" * k + "\n" + body, published="2012-06-05", lang="fr")
    assert [(f.text, f.start, f.end) for f in dotted.figures] == \
        [(f.text, f.start, f.end) for f in plain.figures]
