"""The web page in a real browser: headless Chromium (Debian's package) driven by Playwright.

The app is served by uvicorn on a loopback port over the store of test_web_api (short
French dispatches analysed by the whole engine). The page loads, draws the map and the
timeline, filters, opens an article with its highlighted spans and saves a screenshot;
the article whose text holds <script> and <img onerror> shows them as text, unrun.

Screenshots go to the test's temporary folder, and also to $DEPECHE_SCREENSHOTS when set.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from test_web_api import ARTICLES, EMOJI, HOSTILE, shared_store_path

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="no /usr/bin/chromium: install Debian's browser with "
           "`apt-get install -y chromium chromium-driver` (.ci/run does)")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


# predicates as functions: a string would be eval'ed in the page, which its CSP forbids
FEWER = "(n) => document.querySelectorAll('#events-list li.event').length < n"
AS_MANY = "(n) => document.querySelectorAll('#events-list li.event').length === n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, engine):
    import uvicorn
    from depeche.web import create_app
    app = create_app(shared_store_path(tmp_path_factory, engine), engine=engine)
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                        lifespan="off"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright
    profile = tmp_path_factory.mktemp("chromium-profile")      # a fresh --user-data-dir
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=FLAGS,
            viewport={"width": 1400, "height": 1000}, locale="fr-FR")
        yield context
        context.close()


@pytest.fixture()
def page(browser, server):
    p = browser.new_page()
    p.problems = []
    p.on("pageerror", lambda exc: p.problems.append(f"page error: {exc}"))
    p.on("console", lambda m: p.problems.append(f"console {m.type}: {m.text}")
         if m.type in ("error", "warning") else None)
    p.on("dialog", lambda d: (p.problems.append(f"dialog: {d.message}"), d.dismiss()))
    p.goto(server + "/")
    p.wait_for_selector("body[data-ready='1']")
    p.wait_for_selector("#events-list li.event")
    yield p
    p.close()


def screenshot(page, tmp_path, name: str) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    folder = os.environ.get("DEPECHE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / name)
    return path


def list_types(page) -> list[str]:
    return page.eval_on_selector_all("#events-list li.event",
                                     "els => els.map(e => e.getAttribute('data-type'))")


def test_the_page_maps_filters_and_opens_an_article(page, tmp_path):
    # the map: Natural Earth outlines, one marker per located place and type
    assert page.locator("#countries path").count() > 150
    assert page.locator("#markers circle.marker").count() >= 4
    assert page.locator("#timeline g.day").count() >= 3
    total = int(page.text_content("#events-summary").split()[0])
    assert total == len(list_types(page)) and total >= 6
    screenshot(page, tmp_path, "web-events.png")

    # filter by type: only disasters are listed
    page.select_option("#f-type", "disaster")
    page.click("#f-apply")
    page.wait_for_function(FEWER, arg=total)
    assert set(list_types(page)) == {"disaster"}
    page.click("#f-reset")
    page.wait_for_function(AS_MANY, arg=total)

    # by country and date range: Lebanon in August 2020
    page.fill("#f-country", "LB")
    page.fill("#f-from", "2020-08-01")
    page.fill("#f-to", "2020-08-31")
    page.click("#f-apply")
    page.wait_for_function(FEWER, arg=total)
    titles = page.eval_on_selector_all("#events-list a.event-link",
                                       "els => els.map(e => e.textContent)")
    assert titles and all("Beyrouth" in t for t in titles)
    assert page.locator("#countries path.selected[data-iso='LB']").count() == 1
    screenshot(page, tmp_path, "web-events-lebanon.png")

    # open the article of the first event: text with its spans, the record beside it
    page.click("#events-list a.event-link >> nth=0")
    page.wait_for_selector("#article-text .hl-place")
    assert "Beyrouth" in page.text_content("#article-title")
    text = page.text_content("#article-text")
    assert text in {a["text"] for a in ARTICLES if a["id"].startswith("web-beyrouth")}
    for layer in ("place", "figure", "quote", "event"):
        assert page.locator(f"#article-text .hl-{layer}").count() >= 1, layer
    assert page.text_content("#article-text .hl-figure >> nth=0") in ("au moins 78 morts",
                                                                     "135 morts")
    assert page.locator("#article-record li.ref").count() >= 5
    page.hover("#article-record li.ref >> nth=0")
    assert page.locator("#article-text .hl.focus").count() >= 1
    screenshot(page, tmp_path, "web-article.png")
    assert page.problems == []


def test_an_article_with_script_and_img_onerror_shows_them_as_text(page, tmp_path, server):
    page.goto(server + f"/#/article/{HOSTILE}")
    page.wait_for_selector("#article-text .hl-place")
    page.wait_for_timeout(300)            # an img onerror would have fired by now
    assert page.evaluate("typeof window.__pwned") == "undefined"
    body = page.text_content("#article-text")
    assert "<script>window.__pwned = 'script'</script>" in body
    assert "<img src=x onerror=\"window.__pwned = 'img'\">" in body
    assert "onerror" in page.text_content("#article-title")
    for where in ("#article-text", "#article-title", "#article-record"):
        assert page.locator(f"{where} img, {where} script").count() == 0
    screenshot(page, tmp_path, "web-article-markup.png")
    assert page.problems == []


def test_highlights_after_emoji_fall_on_their_words(page, tmp_path, server):
    # offsets count code points; an emoji is two UTF-16 units in a JS string: cut by
    # code points, every highlight falls on its words
    import json
    import urllib.request
    with urllib.request.urlopen(f"{server}/api/articles/{EMOJI}") as r:
        a = json.load(r)
    page.goto(server + f"/#/article/{EMOJI}")
    page.wait_for_selector("#article-text .hl-figure")
    assert page.text_content("#article-text") == a["text"]
    def joined(layer):      # a span cut where another one starts is several nodes
        return "".join(page.eval_on_selector_all(f"#article-text .hl-{layer}",
                                                 "els => els.map(e => e.textContent)"))
    assert joined("figure") == "Deux pompiers"
    assert joined("quote") == "Le feu est maîtrisé"
    shown = page.eval_on_selector_all("#article-text .hl", "els => els.map(e => e.textContent)")
    chars = list(a["text"])          # code points, as the offsets count them
    for span in a["spans"]:
        assert "".join(chars[span["start"]:span["end"]]) in "".join(shown), span
    screenshot(page, tmp_path, "web-article-emoji.png")
    assert page.problems == []


def test_a_story_shows_the_conflicting_tolls_side_by_side(page, tmp_path):
    page.click("#nav-stories")
    page.wait_for_selector("#stories-list li.story a")
    page.click("#stories-list li.story a >> nth=0")
    page.wait_for_selector(".figure-group.conflict[data-category='killed'] .claim")
    values = page.eval_on_selector_all(".figure-group[data-category='killed'] .claim .value",
                                       "els => els.map(e => e.textContent)")
    assert values == ["~78", "135"]
    dates = page.eval_on_selector_all(".figure-group[data-category='killed'] .claim .when",
                                      "els => els.map(e => e.textContent)")
    assert dates == ["2020-08-05", "2020-08-06"]
    screenshot(page, tmp_path, "web-story.png")
    assert page.problems == []


def test_quotes_by_speaker_and_a_bad_filter_says_why(page, tmp_path):
    page.click("#nav-quotes")
    page.fill("#qt-speaker", "Macron")
    page.click("#qt-search")
    page.wait_for_selector("#quotes-list li.quote")
    assert page.locator("#quotes-list li.quote").count() == 1
    assert page.text_content("#quotes-list q") == "Nous sommes en guerre"
    screenshot(page, tmp_path, "web-quotes.png")

    page.click("#nav-events")
    page.fill("#f-country", "L1")
    page.click("#f-apply")
    page.wait_for_selector("#error:not([hidden])")
    assert "ISO 3166-1 alpha-2" in page.text_content("#error")
    assert page.locator("#events-list li").count() == 0
    page.goto(page.url.split("#")[0] + "#/article/no-such-article")
    page.wait_for_function(
        "() => document.getElementById('error').textContent.includes('no article')")
    page.problems[:] = [p for p in page.problems if "400" not in p and "404" not in p]
    assert page.problems == []
