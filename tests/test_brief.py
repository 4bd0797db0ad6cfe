"""Situation briefs (`depeche brief`, /api/brief), on a real store built by the engine.

The store holds the web tests' dispatches (tests/test_web_api.py: two days of the
Beirut explosion with rising tolls, an earthquake, a strike...) and one more report of
the Beirut explosion, the same day as the second and with another toll from another
source, that announces a demonstration: the brief must give each source's toll with
its date, flag that they disagree, and keep the demonstration "prévue"."""
from __future__ import annotations

import json
import re

import pytest
from test_web_api import ARTICLES, Client

from depeche import cli
from depeche.articles import Item
from depeche.brief import BriefScope, build_brief, render
from depeche.brief import french
from depeche.commands.exits import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE
from depeche.corpus import ingest
from depeche.store import Store

CROIX_ROUGE = dict(
    id="brief-beyrouth-3", published="2020-08-06", source="Agence C",
    title="Beyrouth : la Croix-Rouge compte les victimes",
    text="Au moins 100 morts ont été recensés dans le port de Beyrouth après l'explosion "
         "de mardi, selon la Croix-Rouge libanaise. Une manifestation est prévue samedi "
         "à Beyrouth pour réclamer justice, ont annoncé les organisateurs. « Nous "
         "voulons la vérité sur cette explosion », a déclaré Hassan Diab.")
DATE = re.compile(r"\d+(?:er)? (?:%s) \d{4}" % "|".join(french.words()["dates"]["months"]))
NBSP = "\u202f"         # French thousands separator: a narrow no-break space


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, engine):
    path = tmp_path_factory.mktemp("brief") / "brief.db"
    store = Store(path)
    items = [Item(f"test:{a['id']}", article=engine.prepare(
        a["text"], id=a["id"], title=a["title"], published=a["published"], lang="fr",
        source=a["source"])) for a in ARTICLES + [CROIX_ROUGE]]
    summary = ingest(store, items, engine, batch_size=8)
    assert (summary.new, summary.failed) == (len(ARTICLES) + 1, 0)
    store.close()
    return path


@pytest.fixture(scope="module")
def story_id(store_path):
    with Store(store_path, readonly=True) as store:
        sid = store.story_of("web-beyrouth-1")
        assert sid and store.story_of(CROIX_ROUGE["id"]) == sid
        return sid


@pytest.fixture(scope="module")
def brief(store_path, story_id):
    with Store(store_path, readonly=True) as store:
        return build_brief(store, BriefScope.parse(story_id=story_id))


def texts(sentences) -> str:
    return " ".join(s["text"] for s in sentences)


def parts_with_evidence(brief: dict):
    """Every part of every sentence of the brief that carries evidence."""
    sentences = [brief["headline"]] + [s for t in brief["tolls"] for s in t["sentences"]]
    sentences += [x["sentence"] for k in ("chronology", "announced", "speakers")
                  for x in brief[k]]
    return [p for s in sentences for p in s["parts"] if p["evidence"]]


# -- tolls -------------------------------------------------------------------------------
def test_each_source_toll_with_its_date_and_the_disagreement_flagged(brief):
    killed = next(t for t in brief["tolls"] if t["category"] == "killed")
    said = {(r["value"], r["source"], r["published"]) for r in killed["reports"]}
    assert (78, "le ministère de la Santé", "2020-08-05") in said
    assert (100, "la Croix-Rouge libanaise", "2020-08-06") in said
    assert any(v == 135 and day == "2020-08-06" for v, _, day in said)
    text = texts(killed["sentences"])
    # each claim with its source and its day, in date order, the article's own words
    # for an approximate count ("au moins"), never one number for all
    first = text.index("au moins 78 morts selon le ministère de la Santé (5 août 2020)")
    second = text.index("au moins 100 morts selon la Croix-Rouge libanaise (6 août 2020)")
    assert first < second and "135 morts" in text
    # the same day, two sources: flagged, with both counts (the trend is still rising)
    assert killed["status"] == "rising"
    assert [d["day"] for d in killed["disagreements"]] == ["2020-08-06"]
    assert "Les sources divergent le 6 août 2020 : de 100 à 135 morts." in text
    # the latest and the highest are said, whichever they are
    assert killed["latest"]["value"] == killed["highest"]["value"] == 135
    assert "Dernier bilan, le plus élevé : 135 morts" in text
    injured = texts(next(t for t in brief["tolls"] if t["category"] == "injured")["sentences"])
    assert f"4{NBSP}000 blessés selon le ministère de la Santé (5 août 2020)" in injured
    assert f"5{NBSP}000 blessés" in injured


def test_the_html_marks_a_toll_whose_sources_disagree(brief):
    html = render(brief, "html")
    assert re.search(r'<div class="toll conflict" data-category="killed">.*Les sources '
                     r'divergent', html)
    assert '<div class="toll" data-category="injured">' in html


# -- modality --------------------------------------------------------------------------------
def test_a_planned_event_keeps_its_modality_and_is_not_a_fact(brief):
    planned = [a for a in brief["announced"] if a["type"] == "protest"]
    assert planned and planned[0]["modality"] == "planned"
    assert "manifestation prévue" in planned[0]["sentence"]["text"]
    assert "8 août 2020" in planned[0]["sentence"]["text"]   # "samedi" after 6 August
    # never in the chronology of what happened
    assert not [c for c in brief["chronology"] if c["modality"] in ("planned", "proposed")]
    assert "manifestation" not in texts(c["sentence"] for c in brief["chronology"])
    assert [c for c in brief["chronology"] if c["type"] == "accident"]


# -- evidence ----------------------------------------------------------------------------------
def test_every_figure_links_to_a_span_holding_its_words(brief, store_path):
    with Store(store_path, readonly=True) as store:
        articles = {a["id"]: store.article(a["id"]) for a in brief["articles"]}
    parts = parts_with_evidence(brief)
    assert len(parts) > 10
    for part in parts:
        for ev in part["evidence"]:
            a = articles[ev["article_id"]]
            source = a["title"] if ev["field"] == "title" else a["text"]
            assert source[ev["start"]:ev["end"]] == ev["words"]
    for toll in brief["tolls"]:
        for r in toll["reports"]:
            ev = r["evidence"]
            assert ev["words"] == r["text"]
            digits = re.sub(r"[\s.\u202f]", "", ev["words"])
            assert str(r["value"]) in digits, (r["value"], ev["words"])
        for s in toll["sentences"]:
            for p in s["parts"]:
                # a number the brief states (dates of publication aside) is a link to
                # the words that give it
                m = re.search(r"\d[\d\u202f]*", DATE.sub("", p["text"]))
                if m:
                    assert p["evidence"], (p["text"], s["text"])
                    stated = m.group().replace(NBSP, "")
                    assert stated in re.sub(r"[\s.\u202f]", "", p["evidence"][0]["words"])


def test_html_and_markdown_link_each_figure_to_the_article_view(brief):
    html = render(brief, "html", base="http://127.0.0.1:8000")
    ev = next(r for t in brief["tolls"] for r in t["reports"] if r["value"] == 78)["evidence"]
    link = (f'http://127.0.0.1:8000/#/article/{ev["article_id"]}?span={ev["start"]}-'
            f'{ev["end"]}')
    assert f'href="{link}"' in html
    assert f"[au moins 78 morts]({link})" in render(brief, "md", base="http://127.0.0.1:8000")


# -- French -------------------------------------------------------------------------------------
def test_french_dates_numbers_and_agreement():
    assert french.day("2020-08-05") == "5 août 2020"
    assert french.day("2021-01-01") == "1er janvier 2021"
    assert french.period("2020-08-03", "2020-08-12") == "du 3 au 12 août 2020"
    assert french.period("2020-07-30", "2020-08-02") == "du 30 juillet au 2 août 2020"
    assert french.period("2019-12-30", "2020-01-02") == "du 30 décembre 2019 au 2 janvier 2020"
    assert french.period("2020-08-05", "2020-08-05") == "le 5 août 2020"
    assert french.number(4000) == f"4{NBSP}000"
    assert french.number(1234567) == f"1{NBSP}234{NBSP}567"
    assert french.number(2.5) == "2,5"
    assert french.count(1, "killed") == "1 mort"
    assert french.count(78, "killed") == "78 morts"
    assert french.count(1, "evacuated") == "1 personne évacuée"
    assert french.count(300000, "displaced", approx=True) == f"environ 300{NBSP}000 déplacés"
    assert french.count(78, "killed", approx=True, said="au moins 78 morts") == \
        "au moins 78 morts"
    assert french.count(10, "injured", value_max=20) == "de 10 à 20 blessés"
    assert french.modality_word("protest", "planned") == "prévue"
    assert french.modality_word("agreement", "proposed") == "proposé"
    assert french.modality_word("protest", "asserted") is None
    assert french.type_label("air_strike", 3) == "frappes aériennes"
    assert french.join(["A", "B", "C"]) == "A, B et C"


def test_the_headline_says_period_places_and_types(brief):
    head = brief["headline"]["text"]
    assert head.startswith("Du 5 au 6 août 2020 — ")
    assert "Liban" in head and "accident" in head and head.endswith("D'après 3 articles.")
    places = brief["places"]
    assert places["sentence"]["text"].startswith("Lieux des événements : ")
    assert "(3 articles)" in places["sentence"]["text"]          # the explosion's place
    assert all(p["evidence"] for p in places["items"])


# -- command line ------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_cli_writes_each_format(store_path, story_id, tmp_path, fmt, capsys):
    out = tmp_path / f"brief.{fmt}"
    rc = cli.main(["brief", "--db", str(store_path), "--story", story_id, "-o", str(out)])
    assert rc == EXIT_OK
    text = out.read_text(encoding="utf-8")
    if fmt == "html":
        assert text.startswith("<!doctype html>") and '<html lang="fr">' in text
        assert "@media print" in text and "<svg" in text and "brief-timeline" in text
        assert "http://127.0.0.1:8000/#/article/web-beyrouth-1?span=" in text
        assert "<script" not in text and "//cdn" not in text
    elif fmt == "md":
        assert text.startswith("# Point de situation") and "## Chronologie" in text
    else:
        doc = json.loads(text)
        assert doc["scope"] == {"story": story_id}
        assert {"tolls", "chronology", "announced", "speakers", "map", "timeline"} <= set(doc)
    assert "written to" in capsys.readouterr().err


def test_cli_to_stdout_by_country_and_by_point(store_path, capsys):
    assert cli.main(["brief", "--db", str(store_path), "--country", "Liban"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("# Point de situation : Liban")
    assert cli.main(["brief", "--db", str(store_path), "--near", "33.90,35.52", "--within",
                     "20", "--format", "json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["counts"]["articles"] == 3


def test_cli_bad_input_says_what_to_give(store_path, tmp_path, capsys):
    db = str(store_path)
    assert cli.main(["brief", "--db", db]) == EXIT_USAGE
    assert "give --story ID, --country CC or --near" in capsys.readouterr().err
    out = tmp_path / "none.html"
    assert cli.main(["brief", "--db", db, "--story", "st-nope", "-o", str(out)]) == \
        EXIT_SOME_FAILED
    assert "no story 'st-nope'" in capsys.readouterr().err and not out.exists()
    assert cli.main(["brief", "--db", db, "--country", "Atlantide"]) == EXIT_USAGE
    assert "no country by that name" in capsys.readouterr().err
    assert cli.main(["brief", "--db", db, "--story", "x", "--from", "hier"]) == EXIT_USAGE
    assert "YYYY-MM-DD" in capsys.readouterr().err


# -- API ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(store_path, engine):
    from depeche.web import create_app
    return Client(create_app(store_path, engine=engine))


def test_api_brief_for_the_page_filters(client, story_id):
    r = client.get(f"/api/brief?story={story_id}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    # the server's Content-Security-Policy allows its own stylesheet, not inline styles
    assert '<link rel="stylesheet" href="/static/brief.css">' in r.text
    assert "<style>" not in r.text and 'href="/#/article/' in r.text
    assert client.get("/static/brief.css").status_code == 200
    doc = client.get("/api/brief?country=LB&from=2020-08-06&format=json").json()
    assert doc["scope"] == {"country": "LB", "from": "2020-08-06"}
    assert {a["id"] for a in doc["articles"]} == {"web-beyrouth-2", "brief-beyrouth-3"}
    md = client.get("/api/brief?country=LB&format=md")
    assert md.headers["content-type"].startswith("text/markdown")


def test_api_brief_refuses_what_it_cannot_do(client):
    r = client.get("/api/brief")
    assert r.status_code == 400 and "story, country or near" in r.json()["detail"]
    r = client.get("/api/brief?story=st-nope")
    assert r.status_code == 404 and "no story" in r.json()["detail"]
    assert client.get("/api/brief?country=LB&format=pdf").status_code == 400
    assert client.get("/api/brief?country=LB&bogus=1").status_code == 400


# -- the page ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served(store_path, engine):
    """The app over the brief's store, served by uvicorn for the browser."""
    from test_web_browser import serving

    from depeche.web import create_app
    with serving(create_app(store_path, engine=engine)) as url:
        yield url


def test_the_page_opens_a_brief_and_its_evidence(served, story_id, brief, tmp_path):
    from test_web_browser import CHROMIUM, FLAGS
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True,
            args=FLAGS, viewport={"width": 1200, "height": 900})
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        # the story view's Brief link is the story's brief
        page.goto(f"{served}/#/story/{story_id}")
        page.wait_for_selector("#story-articles li")
        href = page.get_attribute("#brief-link", "href")
        assert href == f"/api/brief?story={story_id}"
        assert page.get_attribute("#brief-link", "aria-disabled") == "false"
        # the brief itself, under the server's Content-Security-Policy: nothing refused
        page.goto(served + href)
        assert page.locator("h1").text_content().startswith("Point de situation")
        assert page.locator("svg.brief-timeline rect").count() >= 1
        # an evidence link opens the article view with its span highlighted
        ev = next(r for t in brief["tolls"] for r in t["reports"] if r["value"] == 78)["evidence"]
        page.click(f'a.ev[href="/#/article/{ev["article_id"]}?span={ev["start"]}-{ev["end"]}"]')
        page.wait_for_selector("#article-text .hl.cited")
        cited = page.eval_on_selector_all("#article-text .hl.cited",
                                          "els => els.map(e => e.textContent)")
        assert "".join(cited) == ev["words"] == "au moins 78 morts"
        # the events view: no country, no brief (the link says what to pick)
        page.goto(served + "/#/events")
        page.wait_for_selector("body[data-ready='1']")
        assert page.get_attribute("#brief-link", "aria-disabled") == "true"
        page.goto(served + "/#/events?country=LB")
        page.wait_for_function("() => document.getElementById('brief-link')"
                               ".getAttribute('aria-disabled') === 'false'")
        assert "country=LB" in page.get_attribute("#brief-link", "href")
        context.close()
    assert problems == []
