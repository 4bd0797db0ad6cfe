"""Inputs of `depeche ingest` beyond text files: RSS/Atom feeds, WARC archives, .jsonl.gz.

Pages are real French news sentences; feeds link them through local HTTP servers on
127.0.0.1, so nothing leaves the machine. Hostile feeds (links to local files, redirects to
other schemes and ports, huge and slow-drip pages, robots.txt) are served for real; caps
are made small so that these tests finish in seconds."""
from __future__ import annotations

import gzip
import http.server
import io
import json
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from depeche.errors import InputError
from depeche.feeds import (ALLOW_PRIVATE_ENV, AddressRefused, Fetcher, FetchPolicy,
                           FetchRefused, address_refusal, feed_items, fetch, is_url, iter_items,
                           jsonl_gz_items, user_agent, warc_items)

# the test servers listen on 127.0.0.1: private hosts allowed, no delay between requests
LOCAL = FetchPolicy(allow_private_hosts=True, host_delay=0, timeout=5)

BEIRUT = ("Deux énormes explosions ont ravagé mardi le port de Beyrouth, faisant au moins "
          "78 morts et près de 4.000 blessés, selon le ministère libanais de la Santé. "
          "Les secouristes cherchaient encore des victimes mercredi dans les décombres.")
ALEP = ("L'évacuation des civils et des rebelles des quartiers assiégés d'Alep a repris "
        "vendredi, a annoncé le Comité international de la Croix-Rouge. Quelque 6.000 "
        "civils ont déjà quitté la ville.")


def page(title: str, body: str) -> str:
    paras = "".join(f"<p>{s.strip()}.</p>" for s in body.split(". ") if s.strip())
    return (f"<!doctype html><html><head><title>{title}</title>"
            f"<script>var tracker = 1;</script></head><body><nav>Accueil | Monde</nav>"
            f"<article><h1>{title}</h1>{paras}</article><footer>© Le journal</footer>"
            f"</body></html>")


def rss(entries: list[tuple[str, str, str, str]]) -> str:
    items = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{day}</pubDate>"
        f"<description>{summary}</description></item>" for t, link, day, summary in entries)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Le journal</title><link>http://example.invalid/</link>{items}</channel></rss>")


@pytest.fixture()
def served(tmp_path):
    """A local HTTP server for the files of tmp_path: its base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=str(tmp_path), **k)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture()
def pages(tmp_path):
    a = tmp_path / "beyrouth.html"
    a.write_text(page("Explosions à Beyrouth", BEIRUT), encoding="utf-8")
    b = tmp_path / "alep.html"
    b.write_text(page("Evacuation d'Alep", ALEP), encoding="utf-8")
    return a, b


def test_an_rss_file_gives_each_linked_page_cleaned_with_the_entry_date(tmp_path, pages, served):
    feed = tmp_path / "une.rss"
    feed.write_text(rss([
        ("Explosions à Beyrouth", f"{served}/beyrouth.html", "Wed, 05 Aug 2020 08:00:00 +0200",
         "court"),
        ("Evacuation d'Alep", f"{served}/alep.html", "Fri, 16 Dec 2016 10:00:00 +0100", "court"),
    ]), encoding="utf-8")
    items = list(iter_items([str(feed)], policy=LOCAL))
    assert [it.error for it in items] == [None, None]
    a, b = (it.article for it in items)
    assert "78 morts" in a.text and "Accueil" not in a.text and "tracker" not in a.text
    assert a.published == date(2020, 8, 5) and b.published == date(2016, 12, 16)
    assert a.title == "Explosions à Beyrouth" and a.source == "Le journal"
    assert a.url == f"{served}/beyrouth.html" and a.lang == "fr"


def test_an_atom_feed_from_an_http_url_fetches_its_pages(tmp_path, pages, served):
    (tmp_path / "atom.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Dépêches</title>"
        f'<entry><title>Beyrouth</title><link href="{served}/beyrouth.html"/>'
        "<updated>2020-08-05T06:00:00Z</updated><id>1</id></entry></feed>", encoding="utf-8")
    (item,) = list(iter_items([f"{served}/atom.xml"], policy=LOCAL))
    assert item.error is None
    assert "4.000 blessés" in item.article.text and item.article.source == "Dépêches"
    assert item.article.published == date(2020, 8, 5)
    (tmp_path / "relative.xml").write_text(rss([("Alep", "alep.html", "", "court")]),
                                           encoding="utf-8")
    (item,) = list(iter_items([f"{served}/relative.xml"], policy=LOCAL))
    assert item.article.url == f"{served}/alep.html" and "6.000 civils" in item.article.text


def test_an_entry_whose_page_cannot_be_fetched_keeps_its_own_text_with_a_warning(tmp_path,
                                                                                served):
    feed = tmp_path / "feed.xml"
    missing = f"{served}/gone.html"
    feed.write_text(rss([("Alep", missing, "Fri, 16 Dec 2016 10:00:00 +0100",
                          "&lt;p&gt;" + ALEP + "&lt;/p&gt;"),
                         ("Vide", f"{served}/gone2.html",
                          "Fri, 16 Dec 2016 10:00:00 +0100", "")]), encoding="utf-8")
    good, bad = feed_items(str(feed), policy=LOCAL)
    assert good.article is not None and "6.000 civils" in good.article.text
    assert any("linked page not used" in w for w in good.article.warnings)
    assert bad.article is None and "no text" in str(bad.error)


def test_a_file_that_is_not_a_feed_is_one_error_not_a_crash(tmp_path):
    bad = tmp_path / "broken.rss"
    bad.write_text("ceci n'est pas un flux", encoding="utf-8")
    (item,) = list(iter_items([str(bad)]))
    assert item.article is None and "no entries" in str(item.error)


def write_warc(path: Path, records: list[tuple[str, str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=str(path).endswith(".gz"))
        for uri, ctype, body in records:
            status = "404 Not Found" if "missing" in uri else "200 OK"
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response",
                                                          payload=io.BytesIO(body),
                                                          http_headers=headers))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_warc_gives_each_html_response_as_an_article(tmp_path, name):
    warc = tmp_path / name
    write_warc(warc, [
        ("https://journal.example/beyrouth", "text/html; charset=utf-8",
         page("Explosions à Beyrouth", BEIRUT).encode("utf-8")),
        ("https://journal.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("https://journal.example/alep", "text/html; charset=iso-8859-1",
         page("Evacuation d'Alep", ALEP).encode("latin-1")),
        ("https://journal.example/missing", "text/html", b"<html><body>Introuvable</body></html>"),
    ])
    items = list(iter_items([str(warc)]))
    assert [it.origin for it in items] == ["https://journal.example/beyrouth",
                                          "https://journal.example/alep",
                                          "https://journal.example/missing"]
    beyrouth, alep, missing = items
    assert "78 morts" in beyrouth.article.text and beyrouth.article.url.endswith("/beyrouth")
    assert "Croix-Rouge" in alep.article.text and "évacuation" in alep.article.text.lower()
    assert missing.article is None and "404" in str(missing.error)


def test_a_warc_record_over_the_byte_cap_is_that_record_s_error(tmp_path):
    warc = tmp_path / "big.warc.gz"
    write_warc(warc, [("https://journal.example/enorme", "text/html",
                       b"<html><body>" + b"<p>Les secours sont sur place.</p>" * 20_000),
                      ("https://journal.example/beyrouth", "text/html",
                       page("Explosions à Beyrouth", BEIRUT).encode("utf-8"))])
    big, small = warc_items(str(warc), max_bytes=100_000)
    assert big.article is None and "larger than 100,000 bytes" in str(big.error)
    assert "78 morts" in small.article.text


def test_a_file_that_is_not_a_warc_is_one_error(tmp_path):
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"WARC/1.0\r\nnonsense\r\n\r\n")
    items = list(warc_items(str(bad)))
    assert len(items) == 1 and items[0].article is None


def test_jsonl_gz_is_read_line_by_line_with_the_orangesum_keys(tmp_path):
    path = tmp_path / "orangesum.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "36102", "article": BEIRUT, "date": "2020-08-05",
                             "heading": "Liban", "title": "Beyrouth en deuil"},
                            ensure_ascii=False) + "\n")
        fh.write("\n{pas du json}\n")
        fh.write(json.dumps({"id": "7", "article": "   ", "date": "2020-08-05"}) + "\n")
    items = list(iter_items([str(path)]))
    assert len(items) == 3
    first, broken, empty = items
    assert first.article.id == "36102" and first.article.published == date(2020, 8, 5)
    assert first.article.title == "Beyrouth en deuil" and first.article.text == BEIRUT
    assert broken.origin == f"{path}:3" and "JSON" in str(broken.error)
    assert str(empty.error).startswith(f"{path}:4: empty article")


def test_a_truncated_gzip_is_reported_after_the_lines_it_held(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress((json.dumps({"id": "1", "text": ALEP}, ensure_ascii=False)
                          + "\n").encode() * 50)
    path.write_bytes(data[: len(data) // 2])
    items = list(jsonl_gz_items(str(path)))
    assert items[-1].article is None and "gzip" in str(items[-1].error)


def test_plain_files_still_go_through_read_inputs(tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_text(ALEP, encoding="utf-8")
    html = tmp_path / "b.html"
    html.write_text(page("Explosions à Beyrouth", BEIRUT), encoding="utf-8")
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text(json.dumps({"id": "x", "article": BEIRUT, "date": "2020-08-05"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    a, b, c = (it.article for it in iter_items([str(txt), str(html), str(jsonl)]))
    assert a.text == ALEP and not is_url(str(txt)) and is_url("https://x.fr/a")
    assert "78 morts" in b.text and "Accueil" not in b.text
    assert (c.id, c.text, c.published) == ("x", BEIRUT, date(2020, 8, 5))


def test_a_folder_gives_every_kind_of_input_it_holds(tmp_path, pages):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(ALEP, encoding="utf-8")
    with gzip.open(folder / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "b", "text": BEIRUT}, ensure_ascii=False) + "\n")
    write_warc(folder / "c.warc.gz", [("https://journal.example/beyrouth", "text/html",
                                       page("Explosions à Beyrouth", BEIRUT).encode("utf-8"))])
    (folder / "notes.bin").write_bytes(b"\x00\x01")
    (folder / "README.md").write_text("# Corpus de test, licence CC BY 2.5", encoding="utf-8")
    items = list(iter_items([str(folder)]))
    assert [it.error for it in items] == [None, None, None]
    assert [it.article.text == ALEP for it in items] == [True, False, False]
    empty = tmp_path / "empty"
    empty.mkdir()
    (item,) = list(iter_items([str(empty)]))
    assert item.article is None and "folder" in str(item.error)


# --- hostile feeds: real local servers, no mocks ---------------------------------------

class Site:
    """A local HTTP server of routes: path -> (status, headers, body) or a function of the
    handler. Records each request (path, arrival time, User-Agent) and the most requests
    it ever had in flight at once."""

    def __init__(self, routes: dict | None = None, host: str = "127.0.0.1"):
        self.routes = dict(routes or {})
        self.log: list[tuple[str, float, str]] = []
        self.stop = threading.Event()
        self.busy = self.most_busy = 0
        lock = threading.Lock()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                with lock:
                    site.log.append((self.path, time.monotonic(),
                                     self.headers.get("User-Agent", "")))
                    site.busy += 1
                    site.most_busy = max(site.most_busy, site.busy)
                try:
                    route = site.routes.get(self.path, (404, {}, b"introuvable"))
                    if callable(route):
                        route(self)
                    else:
                        self.reply(*route)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with lock:
                        site.busy -= 1

            def reply(self, status, headers, body):
                body = body.encode("utf-8") if isinstance(body, str) else body
                self.send_response(status)
                headers = {"Content-Type": "text/html; charset=utf-8", **headers}
                headers.setdefault("Content-Length", str(len(body)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # clients that hang up
        self.host, self.port = host, self.server.server_address[1]
        self.base = f"http://{host}:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.log]

    def close(self):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def site():
    made = []

    def make(routes=None, host="127.0.0.1") -> Site:
        made.append(Site(routes, host))
        return made[-1]
    yield make
    for s in made:
        s.close()


def redirect(location: str):
    return (302, {"Location": location}, b"")


def drip(handler):
    """Headers, then one byte every 0.2 s for as long as the client listens."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    handler.wfile.write(b"<html><body><p>")
    for _ in range(200):
        if handler.server.site_stop.is_set():
            return
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.2)


def endless(handler):
    """20 MB of a page, chunk by chunk, with no Content-Length."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Connection", "close")
    handler.end_headers()
    chunk = b"<p>" + b"Les secours sont sur place. " * 2000 + b"</p>"
    for _ in range(20_000_000 // len(chunk)):
        handler.wfile.write(chunk)


def policy_for(*sites: Site, **changes) -> FetchPolicy:
    """Private hosts refused, except these sites' endpoints; small caps, no delay."""
    base = dict(allowed_endpoints=tuple(f"{s.host}:{s.port}" for s in sites),
                max_bytes=200_000, timeout=1.0, host_delay=0, max_redirects=3)
    return FetchPolicy(**{**base, **changes})


def news_site(site, host="127.0.0.1", **extra) -> Site:
    s = site({"/robots.txt": (200, {"Content-Type": "text/plain"},
                              "User-agent: *\nDisallow: /prive/\n"),
              "/beyrouth.html": (200, {}, page("Explosions à Beyrouth", BEIRUT)),
              "/alep.html": (200, {}, page("Evacuation d'Alep", ALEP)),
              "/prive/alep.html": (200, {}, page("Evacuation d'Alep", ALEP)),
              "/slow.html": drip, "/huge.html": endless, **extra}, host)
    s.server.site_stop = s.stop
    return s


def test_a_hostile_feed_gets_one_error_per_refused_link_and_the_batch_goes_on(tmp_path, site):
    other = news_site(site)  # another port: not allowed
    s = news_site(site)
    s.routes["/to-file"] = redirect("file:///etc/hostname")
    s.routes["/to-other-port"] = redirect(f"{other.base}/alep.html")
    links = [f"{s.base}/beyrouth.html", "file://localhost/etc/hostname", "file:/etc/hostname",
             f"{s.base}/to-file", f"{s.base}/to-other-port", f"{s.base}/prive/alep.html",
             f"{s.base}/huge.html", f"{s.base}/slow.html", f"{s.base}/alep.html"]
    feed = tmp_path / "hostile.rss"
    feed.write_text(rss([(f"Dépêche {n}", link, "Fri, 16 Dec 2016 10:00:00 +0100",
                          "&lt;p&gt;" + ALEP + "&lt;/p&gt;") for n, link in enumerate(links)]),
                    encoding="utf-8")
    t0 = time.monotonic()
    items = list(iter_items([str(feed)], policy=policy_for(s)))
    assert time.monotonic() - t0 < 6
    assert [it.origin for it in items] == links
    good = [it.article for it in items if it.article]
    assert [a.url for a in good] == [links[0], links[-1]]
    assert "78 morts" in good[0].text and "6.000" in good[1].text
    errors = {it.origin: str(it.error) for it in items if it.error}
    assert all(isinstance(it.error, FetchRefused) for it in items if it.error)
    assert all(message.startswith(origin + ": refused") and "\n" not in message
               for origin, message in errors.items())
    assert "only http and https" in errors[links[1]] and "file:" in errors[links[1]]
    assert "only http and https" in errors[links[2]]
    assert "redirected to file:///etc/hostname" in errors[links[3]]
    assert f"redirected to {other.base}/alep.html" in errors[links[4]]
    assert "loopback address" in errors[links[4]] and other.log == []
    assert "robots.txt disallows" in errors[links[5]]
    assert "larger than 200,000 bytes" in errors[links[6]]
    assert "took more than 1 s" in errors[links[7]]
    assert "/prive/alep.html" not in s.paths()


def test_nothing_of_a_refused_link_is_stored_by_ingest(tmp_path, site, engine):
    from depeche.corpus import ingest
    from depeche.store import Store
    s = news_site(site)
    secret = tmp_path / "secret.txt"
    secret.write_text("Le mot de passe du serveur est hunter2.", encoding="utf-8")
    s.routes["/to-secret"] = redirect(secret.as_uri())
    feed = tmp_path / "feed.rss"
    feed.write_text(rss([("Beyrouth", f"{s.base}/beyrouth.html", "Wed, 05 Aug 2020 08:00:00 +0200",
                          "court"),
                         ("Secret", secret.as_uri(), "Wed, 05 Aug 2020 08:00:00 +0200", "court"),
                         ("Secret 2", f"{s.base}/to-secret", "Wed, 05 Aug 2020 08:00:00 +0200",
                          "court")]), encoding="utf-8")
    errors = []
    with Store(tmp_path / "s.db") as store:
        summary = ingest(store, iter_items([str(feed)], policy=policy_for(s)), engine,
                         on_error=lambda origin, message: errors.append(message))
        stored = [store.article(i) for i in sorted(store.article_keys()[0])]
    assert (summary.read, summary.new, summary.failed) == (3, 1, 2)
    assert [a["url"] for a in stored] == [f"{s.base}/beyrouth.html"]
    assert len(errors) == 2 and all("refused" in e for e in errors)
    assert not any("hunter2" in (a["text"] or "") for a in stored)


def test_private_addresses_are_refused_before_any_connection(site, monkeypatch):
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    s = news_site(site)
    with pytest.raises(AddressRefused, match=r"127\.0\.0\.1 is a loopback address"):
        fetch(f"{s.base}/beyrouth.html")
    with pytest.raises(AddressRefused, match=r"localhost \(127\.0\.0\.1\) is a loopback"):
        fetch(f"http://localhost:{s.port}/beyrouth.html")
    assert s.log == []
    (item,) = iter_items([f"{s.base}/beyrouth.html"])
    assert item.article is None and "--allow-private-hosts" in str(item.error)
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")
    assert FetchPolicy.default().allow_private_hosts
    assert b"78 morts" in fetch(f"{s.base}/beyrouth.html", policy=FetchPolicy.default(
        host_delay=0))
    assert not FetchPolicy.default(allow_private_hosts=False).allow_private_hosts


@pytest.mark.parametrize("url", [
    "http://[::1]:{port}/", "http://[::ffff:127.0.0.1]:{port}/", "http://2130706433:{port}/",
    "http://127.1:{port}/", "http://0x7f.0.0.1:{port}/", "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/", "http://[fe80::1]/", "https://192.168.0.1/admin"])
def test_private_addresses_in_any_spelling_are_refused(site, url):
    s = news_site(site)
    url = url.format(port=s.port)
    with Fetcher(FetchPolicy(host_delay=0, timeout=2)) as fetcher, \
            pytest.raises(AddressRefused, match=r"refused: .* is a [a-z-]+ address"):
        fetcher.fetch(url)
    assert s.log == []


@pytest.mark.parametrize("ip, why", [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.1.1", "private"),
    ("172.16.0.1", "private"), ("169.254.169.254", "link-local"), ("224.0.0.1", "multicast"),
    ("0.0.0.0", "unspecified"), ("100.64.0.1", "non-public"), ("240.0.0.1", "reserved"),
    ("::1", "loopback"), ("fe80::1%eth0", "link-local"), ("fd00::1", "private"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"),
    ("64:ff9b::a9fe:a9fe", "link-local"), ("2002:7f00:1::", "loopback"),
    ("8.8.8.8", None), ("2606:4700:4700::1111", None), ("193.51.224.1", None)])
def test_address_classes(ip, why):
    assert address_refusal(ip) == why


def test_urls_of_other_schemes_are_refused_as_given(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("hunter2", encoding="utf-8")
    items = list(iter_items([secret.as_uri(), "ftp://example.org/a.rss", "file:/etc/hostname"]))
    assert all(it.article is None and "refused: only http and https" in str(it.error)
               for it in items)
    assert [it.origin for it in items] == [secret.as_uri(), "ftp://example.org/a.rss",
                                          "file:/etc/hostname"]


def test_redirects_are_followed_up_to_the_cap(site):
    s = news_site(site)
    for n in range(6):
        s.routes[f"/r{n}"] = redirect(f"/r{n + 1}")
    s.routes["/r6"] = (200, {}, page("Explosions à Beyrouth", BEIRUT))
    with Fetcher(policy_for(s, max_redirects=3)) as fetcher:
        assert b"78 morts" in fetcher.fetch(f"{s.base}/r3")     # 3 redirects
        with pytest.raises(FetchRefused, match="more than 3 redirects"):
            fetcher.fetch(f"{s.base}/r0")


def test_byte_cap_streams_and_stops_including_compressed_and_declared_sizes(site):
    html = page("Explosions à Beyrouth", BEIRUT).encode("utf-8")
    s = news_site(site, **{
        "/gz.html": (200, {"Content-Encoding": "gzip"}, gzip.compress(html)),
        "/bomb.html": (200, {"Content-Encoding": "gzip"}, gzip.compress(b" " * 50_000_000)),
        "/liar.html": (200, {"Content-Length": str(10 ** 9)}, html),
        "/br.html": (200, {"Content-Encoding": "br"}, b"\x00" * 10)})
    with Fetcher(policy_for(s, timeout=10)) as fetcher:
        assert fetcher.fetch(f"{s.base}/gz.html") == html
        t0 = time.monotonic()
        for path in ("/huge.html", "/bomb.html", "/liar.html"):
            with pytest.raises(FetchRefused, match="larger than 200,000 bytes"):
                fetcher.fetch(f"{s.base}{path}")
        assert time.monotonic() - t0 < 5
        with pytest.raises(FetchRefused, match="content encoding 'br'"):
            fetcher.fetch(f"{s.base}/br.html")


def test_a_slow_drip_page_is_cut_at_the_total_time_cap(site):
    s = news_site(site)
    with Fetcher(policy_for(s, timeout=0.8)) as fetcher:
        t0 = time.monotonic()
        with pytest.raises(FetchRefused, match=r"took more than 0\.8 s"):
            fetcher.fetch(f"{s.base}/slow.html")
        assert time.monotonic() - t0 < 3  # without the cap: 40 s


def test_robots_txt_is_honoured_and_read_once_per_site(site):
    s = news_site(site)
    broken = site({"/robots.txt": (503, {}, "en panne"),
                   "/alep.html": (200, {}, page("Evacuation d'Alep", ALEP))})
    with Fetcher(policy_for(s, broken)) as fetcher:
        assert b"Croix-Rouge" in fetcher.fetch(f"{s.base}/alep.html")
        assert b"78 morts" in fetcher.fetch(f"{s.base}/beyrouth.html")
        with pytest.raises(FetchRefused, match=r"robots\.txt disallows"):
            fetcher.fetch(f"{s.base}/prive/alep.html")
        with pytest.raises(InputError, match=r"robots\.txt unreachable \(HTTP 503\)") as exc:
            fetcher.fetch(f"{broken.base}/alep.html")
        assert not isinstance(exc.value, FetchRefused)
    assert s.paths() == ["/robots.txt", "/alep.html", "/beyrouth.html"]
    assert broken.paths() == ["/robots.txt"]


def test_an_unreachable_robots_txt_leaves_the_entry_its_feed_text(tmp_path, site):
    broken = site({"/robots.txt": (500, {}, "erreur"),
                   "/alep.html": (200, {}, page("Evacuation d'Alep", ALEP))})
    feed = tmp_path / "feed.rss"
    feed.write_text(rss([("Alep", f"{broken.base}/alep.html", "Fri, 16 Dec 2016 10:00:00 +0100",
                          "&lt;p&gt;" + ALEP + "&lt;/p&gt;")]), encoding="utf-8")
    (item,) = feed_items(str(feed), policy=policy_for(broken))
    assert item.article is not None and "6.000 civils" in item.article.text
    assert any("robots.txt unreachable" in w for w in item.article.warnings)
    assert broken.paths() == ["/robots.txt"]


def test_each_host_is_asked_politely_with_a_user_agent_naming_depeche(site):
    from depeche import __version__
    s = news_site(site)
    with Fetcher(policy_for(s, host_delay=0.25)) as fetcher:
        for path in ("/alep.html", "/beyrouth.html", "/alep.html"):
            fetcher.fetch(f"{s.base}{path}")
    times = [t for _, t, _ in s.log]
    assert s.paths()[0] == "/robots.txt" and len(times) == 4
    assert all(b - a >= 0.24 for a, b in zip(times, times[1:]))
    assert {agent for _, _, agent in s.log} == {user_agent()}
    assert user_agent().startswith(f"depeche/{__version__} ")


def test_crawl_delay_of_robots_txt_is_honoured(site):
    s = news_site(site)
    s.routes["/robots.txt"] = (200, {}, "User-agent: depeche\nCrawl-delay: 1\n")
    with Fetcher(policy_for(s)) as fetcher:
        fetcher.fetch(f"{s.base}/alep.html")
        fetcher.fetch(f"{s.base}/beyrouth.html")
    _robots, (_, first, _), (_, second, _) = s.log
    assert second - first >= 0.95


def test_linked_pages_are_fetched_a_few_at_a_time_one_at_a_time_per_host(tmp_path, site):
    busy, most, lock = [0], [0], threading.Lock()

    def slow_page(n):
        def handle(handler):
            with lock:
                busy[0] += 1
                most[0] = max(most[0], busy[0])
            time.sleep(0.3)
            with lock:
                busy[0] -= 1
            handler.reply(200, {}, page(f"Dépêche {n}", BEIRUT.replace("78", str(70 + n))))
        return handle
    sites = [news_site(site, f"127.0.0.{k}", **{f"/p{n}.html": slow_page(n) for n in range(6)})
             for k in (1, 2, 3)]  # three hosts
    links = [f"{sites[n % 3].base}/p{n}.html" for n in range(6)]
    feed = tmp_path / "feed.rss"
    feed.write_text(rss([(f"Dépêche {n}", link, "Wed, 05 Aug 2020 08:00:00 +0200", "court")
                         for n, link in enumerate(links)]), encoding="utf-8")
    items = list(feed_items(str(feed), policy=policy_for(*sites, concurrency=2, timeout=5)))
    assert [it.origin for it in items] == links
    assert [f"{70 + n} morts" in it.article.text for n, it in enumerate(items)] == [True] * 6
    assert most[0] == 2  # two pages at once, never three
    assert all(s.most_busy == 1 for s in sites)
