"""Reading articles: every kind of input, and every kind of bad input, gives an article or a
named error — never a crash — and the rest of a batch goes on."""
from __future__ import annotations

import io
import json

import pytest

from depeche.articles import make_article, read_inputs
from depeche.errors import InputError
from depeche.language import detect_language

FR = ("A Idleb, les barils d'explosifs largués il y a plusieurs semaines par les hélicoptères "
      "du régime ont visé notamment une école et deux hôpitaux, selon l'Unicef.")
EN = ("The evacuation of the last rebel-held districts of Aleppo was suspended on Friday by "
      "regime forces, a Syrian security source told AFP.")
DE = ("Die Evakuierung der letzten Rebellenviertel von Aleppo wurde am Freitag von den "
      "Truppen des Regimes ausgesetzt, sagte eine syrische Quelle.")


def items(paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


@pytest.mark.parametrize("text, lang", [(FR, "fr"), (EN, "en"), (DE, "de"), ("12 345 678", None)])
def test_language_of_news_sentences(text, lang):
    assert detect_language(text) == lang


def test_text_html_and_jsonl_files(tmp_path):
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "b.html").write_text(
        "<html><head><title>Idleb : frappes</title><script>alert(1)</script></head><body>"
        "<nav>Accueil | Monde</nav><article><h1>Idleb : frappes</h1><p>" + FR + "</p>"
        "<p>Les secours sont arrivés sur place dans la soirée, selon des témoins.</p></article>"
        "</body></html>", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"id": "x1", "title": "T", "text": FR, "published": "2016-12-16"}) + "\n\n"
        + json.dumps({"id": "x2", "text": FR}) + "\n", encoding="utf-8")
    got = items([tmp_path / "a.txt", tmp_path / "b.html", tmp_path / "c.jsonl"])
    assert [it.error for it in got] == [None] * 4
    a, b, c1, c2 = (it.article for it in got)
    assert a.text == FR and a.lang == "fr" and a.id.startswith("a-")
    assert "Idleb" in b.text and "alert" not in b.text and b.title == "Idleb : frappes"
    assert (c1.id, c1.title, str(c1.published)) == ("x1", "T", "2016-12-16")
    assert c2.id == "x2" and c2.published is None


def test_a_folder_is_read_file_by_file(tmp_path):
    (tmp_path / "one.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "two.txt").write_text(FR + " Deux.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "README.md").write_text("# Articles du jour, sous licence CC BY 2.5", encoding="utf-8")
    got = items([tmp_path])
    assert len(got) == 2 and all(it.article for it in got)


def test_stdin_and_published_default():
    got = list(read_inputs(["-"], stdin=io.BytesIO(FR.encode()), published="2016-12-16"))
    assert got[0].origin == "<stdin>" and str(got[0].article.published) == "2016-12-16"


@pytest.mark.parametrize("name, data, message", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"  \n\t ", "empty"),
    ("binary.txt", bytes(range(256)) * 4, "binary data"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
])
def test_unreadable_inputs_give_a_named_error(tmp_path, name, data, message):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    [item] = items([path])
    assert item.article is None and message in str(item.error) and name in str(item.error)


def test_latin1_text_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(FR.encode("latin-1"))
    [item] = items([path])
    assert item.article.text == FR
    assert any("not UTF-8" in w for w in item.article.warnings)


def test_html_soup_in_a_text_file_is_cleaned(tmp_path):
    path = tmp_path / "soup.txt"
    path.write_text("<div><p>" + FR + "</p><p><b>Alep</b> &amp; <i>Idleb</i></div><span>"
                    "<script>var x = '<p>';</script><br><br><a href=#>plus</a><td>",
                    encoding="utf-8")
    [item] = items([path])
    assert "hélicoptères" in item.article.text and "<p>" not in item.article.text
    assert any("HTML" in w for w in item.article.warnings)


def test_bad_jsonl_lines_fail_alone(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "ok1", "text": FR}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "notext"}),
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "baddate", "text": FR, "published": "16/12/2016"}),
        json.dumps({"id": "ok2", "text": FR}),
    ]), encoding="utf-8")
    got = items([path])
    ok = [it.article.id for it in got if it.article]
    errors = [str(it.error) for it in got if it.error]
    assert ok == ["ok1", "baddate", "ok2"]
    assert len(errors) == 4 and all("mixed.jsonl:" in e for e in errors)
    assert any("not a JSON object" in e for e in errors)
    assert any('no "text"' in e for e in errors)
    baddate = next(it.article for it in got if it.article and it.article.id == "baddate")
    assert baddate.published is None and any("16/12/2016" in w for w in baddate.warnings)


def test_huge_text_is_cut_with_a_warning(settings):
    text = (FR + "\n") * 3000
    article = make_article(text, settings=settings)
    limit = settings["input"]["max_chars"]
    assert len(text) > limit and len(article.text) == limit
    assert any("cut at" in w for w in article.warnings)


def test_empty_text_is_refused_by_make_article(settings):
    with pytest.raises(InputError, match="empty article"):
        make_article(" \n ", settings=settings)
