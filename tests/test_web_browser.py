"""The web page in a real browser: headless Chromium (Debian's package) driven by Playwright.

The app is served by uvicorn on a loopback port over the store of test_web_api (short
French dispatches analysed by the whole engine). The page loads, draws the map and the
timeline, filters, opens an article with its highlighted spans and saves a screenshot;
the article whose text holds <script> and <img onerror> shows them as text, unrun.

Screenshots go to the test's temporary folder, and also to $DEPECHE_SCREENSHOTS when set.
"""
from __future__ import annotations

import contextlib

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


@contextlib.contextmanager
def serving(app):
    """`app` served by uvicorn in a thread on a free local port: its base URL."""
    import uvicorn
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
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory, engine):
    from depeche.web import create_app
    with serving(create_app(shared_store_path(tmp_path_factory, engine), engine=engine)) as url:
        yield url


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


def marker_sum(page) -> int:
    return sum(int(n) for n in page.eval_on_selector_all(
        "#markers circle.marker", "els => els.map(e => e.getAttribute('data-n'))"))


def list_types(page) -> list[str]:
    return page.eval_on_selector_all("#events-list li.event",
                                     "els => els.map(e => e.getAttribute('data-type'))")


def test_the_page_maps_filters_and_opens_an_article(page, tmp_path):
    # the map: Natural Earth outlines, one marker per located place and type
    assert page.locator("#countries path").count() > 150
    # the events are counted in cells by the server: Beirut, Izmir, France
    assert page.locator("#markers circle.marker").count() >= 3
    assert marker_sum(page) == int(page.get_attribute("#map-note", "data-located"))
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
    for layer in ("place", "figure", "quote", "event"):     # in the title or the text
        assert page.locator(f"#article-title .hl-{layer}, #article-text .hl-{layer}"
                            ).count() >= 1, layer
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
        if span["field"] == "text":      # the title's spans are checked by their own test
            assert "".join(chars[span["start"]:span["end"]]) in "".join(shown), span
    screenshot(page, tmp_path, "web-article-emoji.png")
    assert page.problems == []


def test_a_story_shows_a_rising_toll_report_by_report(page, tmp_path):
    page.click("#nav-stories")
    page.wait_for_selector("#stories-list li.story a")
    page.click("#stories-list li.story a >> nth=0")
    page.wait_for_selector(".figure-group.rising[data-category='killed'] .claim")
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
    # the unfiltered list is already on the page: wait for the filtered one to replace it
    page.wait_for_function("() => document.querySelectorAll('#quotes-list li.quote').length"
                           " === 1", timeout=15000)
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


# -- the page as an analyst uses it: shareable views, a map of everything, no dead ends --
LOADED = "(h) => document.body.getAttribute('data-loaded') === h"


def shot(page, name: str) -> None:
    """A screenshot of the view, kept in $DEPECHE_SCREENSHOTS when it is set."""
    folder = os.environ.get("DEPECHE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def total(page) -> int:
    return int(page.get_attribute("#events-summary", "data-total"))


def test_the_filters_are_a_url_restored_after_reload_and_by_back(page, server):
    everything = total(page)
    page.select_option("#f-type", "accident")
    page.fill("#f-country", "LB")
    page.click("#f-apply")
    page.wait_for_function(LOADED, arg="#/events?type=accident&country=LB")
    assert page.url.endswith("#/events?type=accident&country=LB")
    n = total(page)
    assert 0 < n < everything and set(list_types(page)) == {"accident"}

    page.reload()
    page.wait_for_function(LOADED, arg="#/events?type=accident&country=LB")
    assert page.input_value("#f-type") == "accident"
    assert page.input_value("#f-country") == "Liban (LB)"
    assert total(page) == n and set(list_types(page)) == {"accident"}

    # a shared link opens the same view in a fresh tab
    other = page.context.new_page()
    other.goto(server + "/#/events?type=accident&country=LB")
    other.wait_for_function(LOADED, arg="#/events?type=accident&country=LB")
    assert total(other) == n
    other.close()

    page.go_back()
    page.wait_for_function(LOADED, arg="#/events")
    assert total(page) == everything and page.input_value("#f-type") == ""
    page.go_forward()
    page.wait_for_function(LOADED, arg="#/events?type=accident&country=LB")
    assert total(page) == n
    assert page.problems == []


@pytest.mark.parametrize("typed", ["Liban", "lebanon", "LIBAN", "Liban (LB)"])
def test_a_country_is_chosen_by_its_french_or_english_name(page, typed):
    page.fill("#f-country", typed)
    page.click("#f-apply")
    page.wait_for_function(LOADED, arg="#/events?country=LB")
    titles = page.eval_on_selector_all("#events-list a.event-link",
                                       "els => els.map(e => e.textContent)")
    assert titles and all("Beyrouth" in t for t in titles)
    assert page.locator("#country-names option[value='Liban (LB)']").count() == 1
    assert page.locator("#countries path.selected[data-iso='LB']").count() == 1
    assert page.problems == []


def test_the_map_counts_every_event_of_the_list(page, tmp_path):
    for hash_ in ("#/events", "#/events?country=FR", "#/events?type=protest"):
        page.evaluate("(h) => { window.location.hash = h; }", hash_)
        page.wait_for_function(LOADED, arg=hash_)
        page.wait_for_timeout(400)          # a refit may ask for finer cells
        n = total(page)
        assert int(page.get_attribute("#map-note", "data-total")) == n
        located = int(page.get_attribute("#map-note", "data-located"))
        assert marker_sum(page) == located and located <= n
        assert page.text_content("#map-note").startswith(f"{n} event")
    # zoom on what is shown: the view closes in on the markers, which stay in it
    page.click("#zoom-reset")
    before = page.get_attribute("#map", "viewBox")
    page.click("#zoom-in")
    page.wait_for_timeout(400)
    x, y, w, h = (float(v) for v in page.get_attribute("#map", "viewBox").split())
    assert w < float(before.split()[2])
    assert marker_sum(page) == int(page.get_attribute("#map-note", "data-located"))
    inside = page.eval_on_selector_all(
        "#markers circle.marker",
        "els => els.map(e => [+e.getAttribute('cx'), +e.getAttribute('cy')])")
    assert any(x <= cx <= x + w and y <= cy <= y + h for cx, cy in inside)
    # the density view counts the same events
    page.click("#map-mode")
    cells = page.eval_on_selector_all("#density rect.cell",
                                      "els => els.map(e => +e.getAttribute('data-n'))")
    assert cells and sum(cells) == int(page.get_attribute("#map-note", "data-located"))
    assert page.problems == []


def test_the_timeline_brush_sets_the_dates_and_hover_counts_types(page, tmp_path):
    everything = total(page)
    box = page.locator("#timeline").bounding_box()
    bars = page.eval_on_selector_all("#timeline g.day",
                                     "els => els.map(e => e.getAttribute('data-day'))")
    assert len(bars) >= 3
    # hovering a bar: its day's count per type
    first = page.locator("#timeline g.day rect >> nth=0").bounding_box()
    page.mouse.move(first["x"] + first["width"] / 2, box["y"] + box["height"] - 2)
    page.wait_for_selector("#timeline-tip:not([hidden]) .tip-row")
    # a bar is a day, or a week over a longer span: "2019-12-05 – 2019-12-11: 3 events"
    head = page.text_content("#timeline-tip strong")
    count = page.get_attribute("#timeline g.day >> nth=0", "data-count")
    assert head.startswith(bars[0]) and head.endswith(f": {count} event" + "s" * (count != "1"))
    rows = page.eval_on_selector_all("#timeline-tip .tip-row", "els => els.map(e => e.textContent)")
    assert sum(int(r.split()[-1]) for r in rows) == int(count)
    # a drag over the left half of the axis
    page.mouse.move(box["x"] + 1, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] / 2, steps=5)
    shot(page, "timeline-brush.png")
    page.mouse.up()
    page.wait_for_function("() => /from=.*to=/.test(window.location.hash) && "
                           "document.body.getAttribute('data-loaded') === window.location.hash")
    date_from, date_to = page.input_value("#f-from"), page.input_value("#f-to")
    assert date_from and date_to and date_from <= date_to
    assert f"from={date_from}&to={date_to}" in page.url
    n = total(page)
    assert 0 < n < everything
    shown = page.eval_on_selector_all("#events-list li.event .date",
                                      "els => els.map(e => e.textContent)")
    assert all(date_from <= d <= date_to for d in shown)        # the articles' dates
    assert page.locator("#timeline rect.chosen").count() == 1
    assert page.problems == []


def test_facets_count_the_events_and_filter_them(page):
    facet = {s: page.eval_on_selector_all(
        f"#facets section[data-facet='{s}'] li", "els => els.map(e => e.textContent)")
        for s in ("type", "country", "modality", "source")}
    assert all(facet.values()), facet
    counts = page.eval_on_selector_all("#facets section[data-facet='country'] .n",
                                       "els => els.map(e => +e.textContent)")
    n = total(page)
    assert sum(counts) <= n
    page.click("#facets a.facet-value[data-facet='country'][data-value='LB']")
    page.wait_for_function(LOADED, arg="#/events?country=LB")
    assert total(page) == counts[[t.startswith("Liban") for t in facet["country"]].index(True)]
    page.click("#facets a.facet-value[data-facet='source'] >> nth=0")
    page.wait_for_function("() => window.location.hash.includes('outlet=')")
    page.wait_for_function(
        "() => document.body.getAttribute('data-loaded') === window.location.hash")
    assert total(page) >= 1
    assert page.problems == []


def test_quotes_hide_fragments_group_by_speaker_and_know_unknown_speakers(page, server):
    page.click("#nav-quotes")
    page.wait_for_selector("#quotes-list li.quote")
    shown = int(page.get_attribute("#quotes-summary", "data-total"))
    # the picker of the most cited speakers
    options = page.eval_on_selector_all("#qt-top option", "els => els.map(e => e.value)")
    assert "Emmanuel Macron" in options and "?unknown" in options
    page.select_option("#qt-top", "Emmanuel Macron")
    page.wait_for_function("() => window.location.hash.includes('speaker=Emmanuel')")
    page.wait_for_selector("#quotes-list li.quote[data-speaker='Emmanuel Macron']")
    assert set(page.eval_on_selector_all("#quotes-list li.quote",
                                         "els => els.map(e => e.getAttribute('data-speaker'))")) \
        == {"Emmanuel Macron"}
    # fragments: hidden by default, shown by the toggle
    page.goto(server + "/#/quotes")
    page.wait_for_selector("#quotes-list li.quote")
    page.check("#qt-fragments")
    page.wait_for_function("() => window.location.hash.includes('fragments=1')")
    page.wait_for_function("(n) => +document.getElementById('quotes-summary')"
                           ".getAttribute('data-total') >= n", arg=shown)
    # grouped by speaker: one heading per speaker, the most cited first
    page.check("#qt-group")
    page.wait_for_selector("#quotes-list li.group-head")
    heads = page.eval_on_selector_all("#quotes-list li.group-head",
                                      "els => els.map(e => e.getAttribute('data-speaker'))")
    assert len(heads) == len(set(heads)) >= 2
    shot(page, "quotes-grouped.png")
    # the unknown speaker is a working filter, named in words
    page.goto(server + "/#/quotes?unknown=1&fragments=1")
    page.wait_for_function("() => document.getElementById('quotes-summary').textContent"
                           ".includes('unknown speakers')")
    n = int(page.get_attribute("#quotes-summary", "data-total"))
    import json
    import urllib.request
    with urllib.request.urlopen(f"{server}/api/quotes?unknown=1&fragments=1") as r:
        assert json.load(r)["total"] == n
    assert page.input_value("#qt-top") == "?unknown"
    assert "?" not in page.eval_on_selector_all("#quotes-list .speaker",
                                                "els => els.map(e => e.textContent)")
    assert page.problems == []


def test_the_article_panel_shows_no_ids_and_the_figures_of_the_fiche(page, server,
                                                                     tmp_path_factory, engine):
    import re
    from depeche.fiche import render_fiche
    from depeche.records import Record
    from depeche.store import Store
    with Store(shared_store_path(tmp_path_factory, engine), readonly=True) as store:
        record = Record.from_dict(store.article_record("web-beyrouth-2"))
    fiche = int(re.search(r"^Figures \((\d+)\)$", render_fiche(record), re.M).group(1))
    assert any(f.category == "other" for f in record.figures)   # what the fiche leaves out
    page.goto(server + "/#/article/web-beyrouth-2")
    page.wait_for_selector("#article-text .hl-place")
    headings = page.eval_on_selector_all("#article-record h3", "els => els.map(e => e.textContent)")
    assert f"Figures ({fiche})" in headings
    panel = page.text_content("#article-record") + page.text_content("#article-meta")
    assert "me-" not in panel and "merged" not in panel and "web-beyrouth-2" not in panel
    assert page.problems == []


def test_a_phone_screen_has_no_overflow_and_shows_every_view(browser, server):
    p = browser.new_page()
    p.set_viewport_size({"width": 420, "height": 860})
    problems = []
    p.on("pageerror", lambda exc: problems.append(str(exc)))
    for hash_, ready in (("#/events?country=LB", "#events-list li.event"),
                         ("#/quotes?group=speaker&fragments=1", "#quotes-list li.group-head"),
                         ("#/stories", "#stories-list li.story"),
                         ("#/article/web-beyrouth-1", "#article-text .hl-place")):
        p.goto(server + "/" + hash_)
        p.wait_for_selector("body[data-ready='1']")
        p.wait_for_selector(ready)
        p.wait_for_timeout(200)
        assert p.evaluate("document.scrollingElement.scrollWidth") <= 420, hash_
        for box in p.eval_on_selector_all(
                "header.top nav a, .filters:not([hidden]) label, .filters button",
                "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().right)"):
            assert box <= 420, (hash_, box)
        if hash_.startswith("#/events"):
            shot(p, "phone-420px.png")
    p.emulate_media(media="print")
    p.goto(server + "/#/events")
    p.wait_for_selector("#events-list li.event")
    assert not p.locator("#filters").is_visible() and not p.locator("header.top nav").is_visible()
    p.close()
    assert problems == []


def test_the_events_view_screenshot_with_map_and_facets(page):
    page.evaluate("() => { window.location.hash = '#/events?country=FR'; }")
    page.wait_for_function(LOADED, arg="#/events?country=FR")
    page.wait_for_timeout(400)
    assert page.locator("#facets section").count() >= 3
    shot(page, "events-map-facets.png")


def test_spans_of_the_title_highlight_in_the_title(page, server):
    # a span says which text it points into: field "title", else ("text" or none) the body
    import json
    import urllib.request
    with urllib.request.urlopen(f"{server}/api/articles/web-beyrouth-1") as r:
        a = json.load(r)
    in_title = [s for s in a["spans"] if s.get("field") == "title"]
    page.goto(server + "/#/article/web-beyrouth-1")
    page.wait_for_selector("#article-text .hl-place")
    body = "".join(page.eval_on_selector_all("#article-text .hl",
                                             "els => els.map(e => e.textContent)"))
    chars = list(a["text"])
    for s in a["spans"]:
        if s.get("field", "text") == "text":
            assert "".join(chars[s["start"]:s["end"]]) in body, s
    assert page.text_content("#article-title") == a["title"]
    if not in_title:
        pytest.skip("the store's spans carry no field 'title' yet (records before the "
                    "span field): only the body's highlights are checked")
    title = "".join(page.eval_on_selector_all("#article-title .hl",
                                              "els => els.map(e => e.textContent)"))
    letters = list(a["title"])
    for s in in_title:
        assert "".join(letters[s["start"]:s["end"]]) in title, s


def test_the_map_frame_and_mode_are_in_the_url_too(page, server):
    page.click("#zoom-in")
    page.click("#map-mode")
    page.wait_for_function("() => /map=.*mode=density/.test(window.location.hash)")
    frame = page.get_attribute("#map", "viewBox")
    cells = page.locator("#density rect.cell").count()
    url = page.url
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_selector("#density rect.cell")
    assert page.url == url
    shown = [float(v) for v in page.get_attribute("#map", "viewBox").split()]
    assert shown == pytest.approx([float(v) for v in frame.split()], abs=0.01)
    assert page.locator("#density rect.cell").count() == cells
    assert page.get_attribute("#map-mode", "aria-pressed") == "true"
    # a filter chosen afterwards frames its own events again, in the same mode
    page.click("#facets a.facet-value[data-facet='country'][data-value='LB']")
    page.wait_for_function("() => window.location.hash.startsWith('#/events?country=LB')")
    assert "map=" not in page.url and "mode=density" in page.url
    assert page.problems == []


def test_the_filters_in_force_are_named_and_each_removed_by_its_link(page):
    page.evaluate("() => { window.location.hash = '#/events?type=accident&country=LB'; }")
    page.wait_for_function(LOADED, arg="#/events?type=accident&country=LB")
    chips = page.eval_on_selector_all("#active-filters a.chip",
                                      "els => els.map(e => e.textContent)")
    assert chips == ["type: accident ✕", "country: Liban (LB) ✕"]
    page.click("#active-filters a.chip[data-filter='type']")
    page.wait_for_function(LOADED, arg="#/events?country=LB")
    assert page.input_value("#f-type") == ""
    page.emulate_media(media="print")
    assert page.locator("#active-filters").is_visible()
    assert not page.locator("#filters").is_visible()
    page.emulate_media(media="screen")
    assert page.problems == []
