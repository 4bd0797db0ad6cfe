"""Inputs of `depeche ingest` beyond text files: RSS/Atom feeds, WARC archives, .jsonl.gz.

Pages are real French news sentences; feeds link them through file:// URLs or a local
HTTP server, so nothing leaves the machine."""
from __future__ import annotations

import gzip
import http.server
import io
import json
import threading
from datetime import date
from pathlib import Path

import pytest

from depeche.feeds import feed_items, is_url, iter_items, jsonl_gz_items, warc_items

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
    items = list(iter_items([str(feed)]))
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
    (item,) = list(iter_items([f"{served}/atom.xml"]))
    assert item.error is None
    assert "4.000 blessés" in item.article.text and item.article.source == "Dépêches"
    assert item.article.published == date(2020, 8, 5)


def test_an_entry_whose_page_cannot_be_fetched_keeps_its_own_text_with_a_warning(tmp_path,
                                                                                served):
    feed = tmp_path / "feed.xml"
    missing = f"{served}/gone.html"
    feed.write_text(rss([("Alep", missing, "Fri, 16 Dec 2016 10:00:00 +0100",
                          "&lt;p&gt;" + ALEP + "&lt;/p&gt;"),
                         ("Vide", f"{served}/gone2.html",
                          "Fri, 16 Dec 2016 10:00:00 +0100", "")]), encoding="utf-8")
    good, bad = feed_items(str(feed))
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
