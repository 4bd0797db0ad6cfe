"""Reading articles: every kind of input, and every kind of bad input, gives an article or a
named error — never a crash — and the rest of a batch goes on."""
from __future__ import annotations

import codecs
import io
import json
import re
from pathlib import Path

import pytest

from depeche.articles import decode_bytes, make_article, read_inputs
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
    (tmp_path / "README.md").write_text("# Articles du jour, sous licence CC BY 2.5",
                                        encoding="utf-8")
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
        '{"id": 1' + "0" * 5000 + ', "text": "x"}',
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"id": "ok3", "text": FR}),
    ]), encoding="utf-8")
    got = items([path])
    ok = [it.article.id for it in got if it.article]
    errors = [str(it.error) for it in got if it.error]
    assert ok == ["ok1", "baddate", "ok2", "ok3"]
    assert len(errors) == 6 and all("mixed.jsonl:" in e for e in errors)
    assert errors[-2].startswith(f"{path}:8: not a JSON object")
    assert errors[-1].startswith(f"{path}:9: not a JSON object")
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


# --- every field of an input article checked at one door (make_article) -----------------

def test_each_field_of_a_jsonl_line_is_checked_and_a_bad_one_refuses_its_line_alone(tmp_path):
    path = tmp_path / "fields.jsonl"
    lines = [
        {"id": "ok", "text": FR, "source": "AFP", "url": "https://www.afp.com/fr/x"},
        {"id": "source-list", "text": FR, "source": ["AFP"]},
        {"id": "url-object", "text": FR, "url": {"href": "https://www.afp.com"}},
        {"id": "title-number", "text": FR, "title": 2016},
        {"id": 36102, "text": FR},
        {"id": True, "text": FR},
        {"id": "lang-list", "text": FR, "lang": ["fr"]},
        {"id": "text-list", "text": [FR]},
        {"id": "text-number", "text": 12},
        {"id": "title-long", "text": FR, "title": "Alep " * 1000},
        {"id": "id\u0000nul", "text": FR},
        {"id": "published-list", "text": FR, "published": ["2016-12-16"]},
        {"id": "source-null", "text": FR, "source": None, "title": None},
    ]
    path.write_text("\n".join(json.dumps(d) for d in lines) + "\n"
                    + '{"id": "title-nan", "text": "' + FR + '", "title": NaN}\n',
                    encoding="utf-8")
    got = {it.origin.rsplit(":", 1)[1]: it for it in items([path])}
    assert len(got) == 14
    ok = {n: it.article for n, it in got.items() if it.article}
    errors = {n: str(it.error) for n, it in got.items() if it.error}
    assert sorted(ok, key=int) == ["1", "4", "5", "12", "13"]
    assert (ok["1"].source, ok["1"].url) == ("AFP", "https://www.afp.com/fr/x")
    assert ok["4"].title == "2016" and any('"title" was a number' in w for w in ok["4"].warnings)
    assert ok["5"].id == "36102" and not ok["5"].warnings
    assert ok["12"].published is None and any("2016-12-16" in w for w in ok["12"].warnings)
    assert (ok["13"].source, ok["13"].title) == (None, None)
    assert all(e.startswith(f"{path}:{n}: ") and "\n" not in e for n, e in errors.items())
    assert 'field "source" must be a string, not a list' in errors["2"]
    assert 'field "url" must be a string, not an object' in errors["3"]
    assert 'field "id" must be a string, not true/false' in errors["6"]
    assert 'field "lang" must be a string, not a list' in errors["7"]
    assert 'field "text" must be a string, not a list' in errors["8"]
    assert 'field "text" must be a string, not a number' in errors["9"]
    assert 'field "title" is 5,000 characters long; at most 2,000' in errors["10"]
    assert 'field "id" holds control characters' in errors["11"]
    assert 'field "title" must be a string, not nan' in errors["14"]


def test_lone_surrogates_are_replaced_one_for_one_with_a_warning(tmp_path):
    path = tmp_path / "surrogate.jsonl"
    path.write_text(json.dumps({"id": "s", "text": FR + " \ud800 fin", "title": "Idleb \udc00"}),
                    encoding="utf-8")  # json.dumps writes them as \ud800 escapes
    [item] = items([path])
    a = item.article
    assert a.text == FR + " \ufffd fin" and a.title == "Idleb \ufffd"
    assert len([w for w in a.warnings if "lone surrogate" in w]) == 2
    a.text.encode("utf-8")  # storable and printable


def test_numeric_title_and_bad_source_in_one_batch_through_ingest(tmp_path, engine):
    """The batch of the issue: before, 0 of 3 stored and a traceback from places."""
    from depeche.corpus import ingest
    from depeche.store import Store
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in [
        {"id": "a", "text": FR, "source": "AFP", "published": "2016-12-16"},
        {"id": "b", "text": FR + " Deux.", "source": ["AFP"]},
        {"id": "c", "text": FR + " Trois.", "title": 2016, "published": "2016-12-16"},
    ]), encoding="utf-8")
    errors = []
    with Store(tmp_path / "s.db") as store:
        summary = ingest(store, read_inputs([str(path)]), engine,
                         on_error=lambda origin, message: errors.append(message))
        c = store.article("c")
    assert (summary.read, summary.new, summary.failed) == (3, 2, 1)
    assert len(errors) == 1 and 'field "source"' in errors[0] and "batch.jsonl:2" in errors[0]
    assert c["title"] == "2016"
    record = engine.analyze(FR, title=2016, published="2016-12-16")
    assert "Idlib" in {p.name for p in record.places}
    assert not [w for w in record.warnings if "places" in w]


# --- encodings: byte order marks, stray bytes, other encodings ----------------------------

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SAMPLE_TEXTS = [json.loads(line)["text"]
                for line in (SAMPLES / "wikinews-fr-2012.jsonl").read_text("utf-8").splitlines()]
LONGEST = max(SAMPLE_TEXTS, key=len)


@pytest.mark.parametrize("bom, codec", [
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be")])
def test_a_byte_order_mark_is_honoured(tmp_path, bom, codec):
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(bom + LONGEST.encode(codec))
    [item] = items([path])
    assert item.error is None and item.article.text == LONGEST and not item.article.warnings
    assert decode_bytes(bom + FR.encode(codec), "x") == (FR, [])


def test_a_utf16_jsonl_file_with_a_bom_is_read_line_by_line(tmp_path):
    path = tmp_path / "utf16.jsonl"
    path.write_text("\n".join(json.dumps({"id": str(n), "text": t}, ensure_ascii=False)
                              for n, t in enumerate(SAMPLE_TEXTS)), encoding="utf-16")
    got = items([path])
    assert [it.article.text for it in got] == SAMPLE_TEXTS


@pytest.mark.parametrize("text", [LONGEST, FR], ids=["long", "short"])
def test_a_stray_byte_in_utf8_is_replaced_not_the_whole_file_misread(tmp_path, text):
    cut = text.index(" ", len(text) // 2)
    path = tmp_path / "stray.txt"
    path.write_bytes(text[:cut].encode("utf-8") + b"\xe9" + text[cut:].encode("utf-8"))
    [item] = items([path])
    a = item.article
    assert a.text == text[:cut] + "\ufffd" + text[cut:]
    assert a.warnings == ("1 invalid UTF-8 byte sequence(s) replaced by U+FFFD; the rest is "
                          "UTF-8",)


def test_many_bad_bytes_mean_another_encoding(tmp_path):
    for n, text in enumerate(SAMPLE_TEXTS):
        codec = "latin-1" if "’" not in text else "cp1252"
        path = tmp_path / f"{n}.txt"
        path.write_bytes(text.encode(codec))
        [item] = items([path])
        assert item.article.text == text, codec
        assert [w for w in item.article.warnings if w.startswith("not UTF-8: decoded as")]


def test_binary_data_behind_a_bom_is_still_refused(tmp_path):
    path = tmp_path / "fake.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + bytes(range(256)) * 8)
    [item] = items([path])
    assert item.article is None and "fake.txt" in str(item.error)


# --- HTML on a fresh install: lxml.html.clean is declared -----------------------------------

def test_html_input_works_through_trafilatura_and_justext_on_the_bundled_page():
    import tomllib
    declared = tomllib.loads((SAMPLES.parent / "pyproject.toml").read_text("utf-8"))
    names = {re.split(r"[<>=!~ ;\[]", d, maxsplit=1)[0].lower().replace("-", "_")
             for d in declared["project"]["dependencies"]}
    assert {"lxml_html_clean", "trafilatura", "httpx", "charset_normalizer"} <= names
    import justext
    import lxml.html.clean  # noqa: F401  (what jusText imports; split out of lxml 5.2)
    page = SAMPLES / "wikinews-fr-45736-incendie-pont-mathilde.html"
    paragraphs = justext.justext(page.read_bytes(), justext.get_stoplist("French"))
    assert any("pont Mathilde" in p.text for p in paragraphs if not p.is_boilerplate)
    [item] = items([page])
    assert item.article.title == "Incendie sur le pont Mathilde de Rouen"
    assert "80 pompiers" in item.article.text and "<p>" not in item.article.text
