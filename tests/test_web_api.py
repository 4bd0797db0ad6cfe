"""The HTTP API of `depeche serve`, in-process through an ASGI client (httpx).

The store is built by the whole engine from short French dispatches written for these
tests (two days of the Beirut explosion with rising tolls, an earthquake whose text
carries hostile markup, a strike, a quote), so that every endpoint reads real records.
"""
from __future__ import annotations

import asyncio
import csv
import http.client
import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from depeche.articles import Item
from depeche.corpus import ingest
from depeche.store import Store

ARTICLES = [
    dict(id="web-beyrouth-1", published="2020-08-05", source="Agence A",
         title="Liban : une double explosion dévaste le port de Beyrouth",
         text="Une double explosion a dévasté mardi le port de Beyrouth, la capitale du "
              "Liban. Le bilan provisoire est d'au moins 78 morts et 4.000 blessés, selon le "
              "ministère de la Santé. « C'est une catastrophe nationale », a déclaré le "
              "Premier ministre Hassan Diab. Des milliers d'habitants ont été évacués."),
    dict(id="web-beyrouth-2", published="2020-08-06", source="Agence B",
         title="Explosion au port de Beyrouth : le bilan s'alourdit",
         text="Le bilan de l'explosion qui a ravagé mardi le port de Beyrouth s'est alourdi à "
              "135 morts et 5.000 blessés, a annoncé mercredi le ministre de la Santé, Hamad "
              "Hassan. « Nous cherchons encore des dizaines de disparus sous les décombres », "
              "a affirmé Hamad Hassan à la télévision. Le Liban a décrété trois jours de "
              "deuil après l'explosion du port de Beyrouth."),
    dict(id="web-izmir-markup", published="2020-10-30", source="Agence A",
         title="Turquie : un séisme frappe Izmir <img src=x onerror=\"window.__pwned='title'\">",
         text="Un violent séisme a frappé vendredi la ville d'Izmir, dans l'ouest de la "
              "Turquie. <script>window.__pwned = 'script'</script> Au moins 25 personnes ont "
              "été tuées et 800 blessées, selon l'agence turque des situations d'urgence. "
              "<img src=x onerror=\"window.__pwned = 'img'\"> « Nous faisons tout pour sauver "
              "des vies », a déclaré le ministre de l'Intérieur, Süleyman Soylu."),
    dict(id="web-paris-greve", published="2019-12-05", source="Agence C",
         title="Retraites : des manifestations dans toute la France",
         text="Des dizaines de milliers de personnes ont manifesté jeudi à Paris contre la "
              "réforme des retraites. La police a interpellé 71 personnes en marge du "
              "cortège. « Le gouvernement doit retirer son projet », a déclaré Philippe "
              "Martinez, le secrétaire général de la CGT."),
    # emoji are one code point (offsets) but two UTF-16 units (JS strings): the page
    # must not shift the highlights that follow them
    dict(id="web-lyon-emoji", published="2021-06-13", source="Agence D",
         title="🔥 Incendie à Lyon",
         text="🔥🚒🔥 Un violent incendie a ravagé dimanche un entrepôt de Lyon 😢. Deux "
              "pompiers ont été blessés, selon la préfecture du Rhône. « Le feu est "
              "maîtrisé », a déclaré le préfet Pascal Mailhos."),
    dict(id="web-macron-guerre", published="2020-03-16", source="Agence C",
         title="Coronavirus : Emmanuel Macron annonce le confinement",
         text="« Nous sommes en guerre », a déclaré lundi soir Emmanuel Macron lors d'une "
              "allocution télévisée. Le président de la République a annoncé le confinement "
              "de la population à partir de mardi midi dans toute la France."),
]
HOSTILE = "web-izmir-markup"
EMOJI = "web-lyon-emoji"


def build_store(engine, path) -> Store:
    """A store of ARTICLES analysed by `engine`, with the corpus passes run."""
    store = Store(path)
    items = [Item(f"test:{a['id']}", article=engine.prepare(
        a["text"], id=a["id"], title=a["title"], published=a["published"], lang="fr",
        source=a["source"])) for a in ARTICLES]
    summary = ingest(store, items, engine, batch_size=8)
    assert (summary.new, summary.failed) == (len(ARTICLES), 0)
    return store


class Client:
    """Requests to the app in-process (httpx over ASGI), each in its own event loop."""

    def __init__(self, app):
        self.app = app

    def request(self, method: str, url: str, **kw) -> httpx.Response:
        async def go():
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport,
                                         base_url="http://depeche.test") as c:
                return await c.request(method, url, **kw)
        return asyncio.run(go())

    def get(self, url: str, **kw) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw) -> httpx.Response:
        return self.request("POST", url, **kw)


def shared_store_path(tmp_path_factory, engine) -> Path:
    """The store of ARTICLES, built once per test session (the browser test reads it too)."""
    folder = tmp_path_factory.getbasetemp() / "web-store"
    path = folder / "web.db"
    if not (folder / "done").exists():
        folder.mkdir(exist_ok=True)
        build_store(engine, path).close()
        (folder / "done").write_text("ok")
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, engine):
    return shared_store_path(tmp_path_factory, engine)


@pytest.fixture(scope="module")
def client(store_path, engine):
    from depeche.web import create_app
    return Client(create_app(store_path, engine=engine))


def ok(response: httpx.Response):
    assert response.status_code == 200, response.text
    return response.json()


def bad(response: httpx.Response, status: int = 400) -> str:
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    return detail


# -- events --------------------------------------------------------------------------------
def test_events_are_paginated_newest_first_and_carry_their_article(client):
    first = ok(client.get("/api/events?per_page=1"))
    assert first["total"] >= 3 and first["pages"] == first["total"]
    everything = ok(client.get("/api/events?per_page=1000"))["items"]
    assert len(everything) == first["total"]
    assert first["items"][0]["key"] == everything[0]["key"]
    second = ok(client.get("/api/events?per_page=1&page=2"))["items"][0]
    assert second["key"] == everything[1]["key"]
    ids = {a["id"] for a in ARTICLES}
    for ev in everything:
        assert ev["article_id"] in ids and ev["key"].startswith(ev["article_id"] + "/")
    days = [(ev.get("date") or {}).get("start") or ev["published"] for ev in everything]
    assert days == sorted(days, reverse=True)


def test_event_filters_are_the_cli_filters(client):
    everything = ok(client.get("/api/events?per_page=1000"))["items"]
    disasters = ok(client.get("/api/events?type=disaster&per_page=1000"))["items"]
    assert disasters and all(ev["type"] == "disaster" for ev in disasters)
    assert len(disasters) == sum(ev["type"] == "disaster" for ev in everything)

    lebanon = ok(client.get("/api/events?country=lb&per_page=1000"))["items"]
    assert lebanon and {ev["article_id"] for ev in lebanon} <= {"web-beyrouth-1", "web-beyrouth-2"}
    for name in ("Liban", "Lebanon"):           # a country by its French or English name
        assert ok(client.get(f"/api/events?country={name}&per_page=1000"))["items"] == lebanon

    near = ok(client.get("/api/events?near=33.90,35.50&within=30&per_page=1000"))["items"]
    assert {ev["key"] for ev in near} == {ev["key"] for ev in lebanon}

    august = ok(client.get("/api/events?from=2020-08-01&to=2020-08-31&per_page=1000"))["items"]
    assert august and all("2020-08-01" <= ((ev.get("date") or {}).get("start")
                                           or ev["published"]) <= "2020-08-31" for ev in august)

    words = ok(client.get("/api/events", params={"q": "séisme Izmir"}))["items"]
    assert words and {ev["article_id"] for ev in words} == {HOSTILE}
    assert ok(client.get("/api/events", params={"q": "tremblement"}))["total"] == 0


def test_the_map_asks_only_for_the_fields_it_draws(client):
    full = ok(client.get("/api/events?per_page=1000"))
    lean = ok(client.get("/api/events?per_page=1000&fields=key,type,place"))
    assert lean["total"] == full["total"]
    assert [set(ev) for ev in lean["items"]] == [{"key", "type", "place"}] * full["total"]
    assert [ev["place"] for ev in lean["items"]] == [ev["place"] for ev in full["items"]]
    assert "not a field name" in bad(client.get("/api/events?fields=key,a.b"))


def test_the_timeline_counts_the_same_events_per_day(client):
    everything = ok(client.get("/api/events?per_page=1000"))
    days = ok(client.get("/api/timeline"))["days"]
    assert sum(d["count"] for d in days) == everything["total"]
    assert [d["day"] for d in days] == sorted(d["day"] for d in days)
    lebanon = ok(client.get("/api/timeline?country=LB"))["days"]
    assert sum(d["count"] for d in lebanon) == ok(client.get("/api/events?country=LB"))["total"]


def test_the_timeline_follows_an_ingest_into_the_served_store(store_path, engine, tmp_path):
    import shutil
    from depeche.web import create_app
    copy = tmp_path / "copy.db"
    shutil.copy(store_path, copy)
    c = Client(create_app(copy, engine=engine))
    before = sum(d["count"] for d in ok(c.get("/api/timeline"))["days"])
    assert before == sum(d["count"] for d in ok(c.get("/api/timeline"))["days"])   # kept
    text = ("Des inondations ont frappé dimanche la ville de Nice. Deux personnes ont été "
            "tuées et des centaines d'habitants ont été évacués.")
    with Store(copy) as store:
        item = Item("test:nice", article=engine.prepare(text, id="web-nice", lang="fr",
                                                         published="2020-10-04"))
        assert ingest(store, [item], engine).new == 1
    after = ok(c.get("/api/timeline"))["days"]
    assert sum(d["count"] for d in after) > before
    assert any("2020-09-27" <= d["day"] <= "2020-10-04" for d in after)     # "dimanche"


def test_one_event_by_its_key(client):
    ev = ok(client.get("/api/events?per_page=1"))["items"][0]
    same = ok(client.get("/api/events/" + ev["key"]))
    assert same["key"] == ev["key"] and same["type"] == ev["type"]
    bad(client.get("/api/events/no-such-article/ev-0"), 404)


@pytest.mark.parametrize("query, words", [
    ("type=bogus", "unknown event type"),
    ("page=abc", "page"),
    ("page=0", "page"),
    ("per_page=100000", "per_page"),
    ("near=abc", "LAT,LON"),
    ("near=95,10", "latitude"),
    ("within=-3&near=33.9,35.5", "within"),
    ("within=far", "within"),
    ("from=2020-13-45", "YYYY-MM-DD"),
    ("colour=red", "unknown query parameter colour"),
    ("country=Lbanon", "no country by that name or code; did you mean Liban (LB)?"),
    ("country=Xq1", "no country by that name or code"),
])
def test_bad_parameters_are_400_with_a_message(client, query, words):
    assert words in bad(client.get("/api/events?" + query))


def test_a_full_text_syntax_error_is_400_with_a_message(store_path, engine, monkeypatch):
    # The store quotes every word, so users cannot write FTS5 syntax; should SQLite still
    # refuse a MATCH, the user gets a 400 that says so, not a 500.
    import sqlite3
    from depeche.store import aggregate
    from depeche.web import create_app

    def refuse(*args, **kwargs):
        raise sqlite3.OperationalError('fts5: syntax error near "AND"')
    monkeypatch.setattr(aggregate, "events_page_json", refuse)      # what /api/events reads
    detail = bad(Client(create_app(store_path, engine=engine)).get("/api/events?q=a"))
    assert detail.startswith("full-text search: fts5: syntax error")


def test_bad_parameters_of_the_other_lists_are_400(client):
    assert "per_page" in bad(client.get("/api/quotes?per_page=0"))
    assert "unknown event type" in bad(client.get("/api/timeline?type=flood"))
    assert "page" in bad(client.get("/api/timeline?page=2"))
    assert "min_articles" in bad(client.get("/api/stories?min_articles=0"))
    assert "unknown query parameter" in bad(client.get("/api/stories?sort=size"))
    assert "format" in bad(client.get("/api/export?format=xlsx"))
    assert "format" in bad(client.get("/api/export"))


@pytest.mark.parametrize("param, value", [
    ("type", "bogus"), ("from", "2020-13-45"), ("to", "hier"), ("country", "Lbanon"),
    ("near", "95,10"), ("within", "far"), ("modality", "certain"),
])
def test_depeche_export_refuses_what_the_api_refuses_with_the_same_message(
        client, store_path, capsys, param, value):
    from depeche.cli import main
    from depeche.query import EVENT_PARAMS
    detail = bad(client.get("/api/export", params={"format": "csv", param: value}))
    assert detail == bad(client.get("/api/events", params={param: value}))
    flag = next(p.cli for p in EVENT_PARAMS if p.api == param)
    extra = ["--near", "33.9,35.5"] if param == "within" else []
    assert main(["export", "--db", str(store_path), "--format", "csv", flag, value, *extra]) == 2
    out = capsys.readouterr()
    assert out.out == "" and out.err == f"depeche: {detail}\n"


def test_every_error_is_answered_by_one_handler_with_its_status(store_path, engine,
                                                                 monkeypatch):
    import sqlite3
    from depeche.errors import DepecheError
    from depeche.store import aggregate
    from depeche.web import create_app
    app = create_app(store_path, engine=engine)
    assert [k for k in app.exception_handlers
            if isinstance(k, type) and issubclass(k, Exception)
            and k.__module__.startswith("depeche")] == [DepecheError]

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(aggregate, "events_page_json", broken)      # what /api/events reads
    assert bad(Client(app).get("/api/events"), 500) == "[E500] store error: disk I/O error"


def test_every_api_route_refuses_a_parameter_it_does_not_read(client):
    assert "unknown query parameter colour; known: none" in bad(client.get("/api/meta?colour=1"))
    assert "unknown query parameters a, b" in bad(client.get("/api/articles/x?b=1&a=2"))
    assert client.get("/?v=2").status_code == 200          # the page is not the API


# -- articles ------------------------------------------------------------------------------
def test_an_article_comes_with_its_text_its_layers_and_every_span(client):
    a = ok(client.get("/api/articles/web-beyrouth-1"))
    source = next(x for x in ARTICLES if x["id"] == "web-beyrouth-1")
    assert a["text"] == source["text"] and a["title"] == source["title"]
    assert a["published"] == "2020-08-05" and a["source"] == "Agence A"
    for layer in ("places", "figures", "quotes", "times", "events"):
        assert isinstance(a[layer], list)
    assert any(p["country"] == "LB" and "Beyrouth" in p["text"] and p["lat"] for p in a["places"])
    assert any(f["category"] == "killed" and f["value"] == 78 for f in a["figures"])
    layers = {s["layer"] for s in a["spans"]}
    assert {"place", "figure", "quote", "event"} <= layers
    # a span points into the field it names: the title or the text
    for s in a["spans"]:
        assert s["field"] in ("title", "text")
        assert 0 <= s["start"] < s["end"] <= len(a[s["field"]])
    for f in a["figures"]:
        assert a[f["field"]][f["start"]:f["end"]] == f["text"]
    for q in a["quotes"]:
        assert a[q["field"]][q["start"]:q["end"]] == q["text"]
    for e in a["events"]:
        tr = e["trigger"]
        assert a[tr["field"]][tr["start"]:tr["end"]] == tr["text"]


def test_an_unknown_article_or_story_is_404_with_a_message(client):
    assert "no article" in bad(client.get("/api/articles/nope"), 404)
    assert "no story" in bad(client.get("/api/stories/st-nope"), 404)


def test_hostile_markup_in_an_article_comes_back_as_plain_text(client):
    a = ok(client.get(f"/api/articles/{HOSTILE}"))
    assert "<script>window.__pwned = 'script'</script>" in a["text"]
    assert "<img src=x onerror=" in a["text"]
    r = client.get(f"/api/articles/{HOSTILE}")
    assert r.headers["content-type"].startswith("application/json")


# -- stories and quotes --------------------------------------------------------------------
def test_a_story_shows_a_rising_death_toll_report_by_report(client):
    stories = ok(client.get("/api/stories"))["items"]
    beirut = [s for s in stories if s["n_articles"] >= 2 and "Beyrouth" in (s["title"] or "")]
    assert len(beirut) == 1, stories
    story = ok(client.get(f"/api/stories/{beirut[0]['id']}"))
    assert {a["id"] for a in story["articles"]} == {"web-beyrouth-1", "web-beyrouth-2"}
    killed = next(g for g in story["figures"] if g["category"] == "killed")
    # 78 one day, 135 the next: a toll that rises, not sources in conflict
    assert killed["status"] == "rising" and killed["conflict"] is False
    assert killed["values"] == [78, 135]
    claims = [(c["value"], c["published"][:10], c["article_id"]) for c in killed["claims"]]
    assert claims == [(78, "2020-08-05", "web-beyrouth-1"), (135, "2020-08-06", "web-beyrouth-2")]
    assert killed["summary"].startswith("killed: ") and "78" in killed["summary"] \
        and "135" in killed["summary"]
    assert ok(client.get("/api/stories?q=Beyrouth"))["total"] == 1
    assert ok(client.get("/api/stories?q=Izmir"))["total"] == 0


def test_quotes_by_speaker_and_by_words(client):
    macron = ok(client.get("/api/quotes?speaker=macron"))
    assert macron["total"] == 1
    q = macron["items"][0]
    assert q["text"] == "Nous sommes en guerre" and "Macron" in q["speaker"]
    assert q["article_id"] == "web-macron-guerre"
    hassan = ok(client.get("/api/quotes", params={"speaker": "Hamad Hassan"}))["items"]
    assert [x["article_id"] for x in hassan] == ["web-beyrouth-2"]
    words = ok(client.get("/api/quotes", params={"q": "disparus décombres"}))["items"]
    assert [x["article_id"] for x in words] == ["web-beyrouth-2"]
    assert ok(client.get("/api/quotes?speaker=Personne%20Inconnue"))["total"] == 0


# -- exports -------------------------------------------------------------------------------
def test_exports_in_the_three_formats(client):
    total = ok(client.get("/api/events?per_page=1"))["total"]
    r = client.get("/api/export?format=csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == total and rows[0].keys() >= {"event_id", "event_date", "latitude",
                                                     "fatalities"}
    r = client.get("/api/export?format=geojson&country=LB")
    geo = r.json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    for feat in geo["features"]:
        lon, lat = feat["geometry"]["coordinates"]
        assert 33 < lat < 35 and 35 < lon < 36.5
    r = client.get("/api/export?format=jsonl&type=disaster")
    lines = [json.loads(x) for x in r.text.splitlines() if x.strip()]
    assert lines and all(x["type"] == "disaster" for x in lines)


# -- analyze -------------------------------------------------------------------------------
def test_analyze_takes_an_article_and_gives_its_record(client):
    text = ("Un incendie a ravagé samedi un immeuble de Marseille. Trois personnes ont été "
            "tuées, selon les pompiers.")
    rec = ok(client.post("/api/analyze", json={"text": text, "published": "2021-03-06",
                                               "title": "Incendie à Marseille"}))
    assert rec["published"] == "2021-03-06" and rec["title"] == "Incendie à Marseille"
    assert any(p["name"] == "Marseille" for p in rec["places"])
    assert any(f["category"] == "killed" and f["value"] == 3 for f in rec["figures"])
    for f in rec["figures"]:
        assert text[f["start"]:f["end"]] == f["text"]
    plain = ok(client.post("/api/analyze", content=text.encode(),
                           headers={"content-type": "text/plain; charset=utf-8"}))
    assert plain["figures"] == rec["figures"]


def test_analyze_refuses_what_it_cannot_use(client, store_path, engine):
    from depeche.web import create_app
    assert "JSON" in bad(client.post("/api/analyze", content=b"{not json",
                                     headers={"content-type": "application/json"}))
    assert "text" in bad(client.post("/api/analyze", json={"title": "no text"}))
    assert "unknown field" in bad(client.post("/api/analyze", json={"text": "x", "txt": "y"}))
    assert "empty" in bad(client.post("/api/analyze", json={"text": "   "}))
    small = Client(create_app(store_path, engine=engine, max_body_bytes=2_000))
    msg = bad(small.post("/api/analyze", json={"text": "Un séisme a frappé Izmir. " * 200}), 413)
    assert "2,000 bytes" in msg
    assert small.post("/api/analyze", json={"text": "Un séisme a frappé Izmir."}).status_code == 200


# -- the page and its headers --------------------------------------------------------------
def test_every_response_sends_a_strict_content_security_policy(client):
    for url in ("/", "/api/events", "/api/articles/nope", "/static/app.js"):
        csp = client.get(url).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert "unsafe-inline" not in csp and "http" not in csp
    page = client.get("/")
    assert page.headers["x-content-type-options"] == "nosniff"
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page.text, flags=re.S)
    assert scripts and all(s.strip() == "" for s in scripts)      # no inline script
    assert not re.search(r"\son[a-z]+\s*=", page.text)             # no inline handler
    assert not re.search(r"(src|href)=\"(https?:)?//", page.text)  # nothing from elsewhere


def test_the_page_script_builds_no_markup_from_strings():
    js = (Path(__file__).resolve().parents[1] / "src" / "depeche" / "web" / "static" /
          "app.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", js, flags=re.S)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "setAttribute(\"on", "http://", "https://"):
        if sink in ("http://", "https://"):
            assert all("www.w3.org/2000/svg" in line for line in code.splitlines()
                       if sink in line), sink
        else:
            assert sink not in code, sink


def test_static_assets_and_schema_are_local_and_docs_need_no_cdn(client):
    world = ok(client.get("/static/world.json"))
    assert len(world["countries"]) > 150
    iso = {c["iso"] for c in world["countries"]}
    assert {"FR", "LB", "TR", "NO"} <= iso
    schema = ok(client.get("/api/openapi.json"))
    for path in ("/api/events", "/api/articles/{article_id}", "/api/quotes", "/api/stories",
                 "/api/stories/{story_id}", "/api/export", "/api/analyze", "/api/timeline"):
        assert path in schema["paths"], path
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
    meta = ok(client.get("/api/meta"))
    assert "disaster" in meta["event_types"] and meta["counts"]["articles"] == len(ARTICLES)
    events = schema["paths"]["/api/events"]["get"]["parameters"]
    assert {p["name"] for p in events} >= {"type", "country", "near", "within", "from", "to",
                                          "actor", "q", "modality", "story", "merged", "page",
                                          "per_page", "fields"}
    assert all(p.get("description") for p in events)


def test_meta_gives_the_page_its_layers_and_event_types(client):
    from depeche.records import EVENT_TYPE_TABLE, EVENT_TYPES, LAYERS
    meta = ok(client.get("/api/meta"))
    assert meta["layers"] == [{"name": l.name, "item": l.item, "label": l.label,
                               "colour": l.colour} for l in LAYERS]
    assert meta["event_types"] == list(EVENT_TYPES)
    assert all(t["colour"].startswith("#") for t in meta["event_type_table"])
    table = {t["name"]: t for t in meta["event_type_table"]}
    assert list(table) == list(EVENT_TYPES)
    for name, t in table.items():
        assert t["label"] == EVENT_TYPE_TABLE[name]["label"] and len(t["acled"]) == 2
        assert t["plover"] and re.fullmatch(r"#[0-9a-f]{6}", t["colour"])
    assert table["air_strike"]["acled"] == ["Explosions/Remote violence", "Air/drone strike"]
    assert meta["export_formats"] == ["csv", "geojson", "jsonl"]


def test_the_page_script_writes_out_no_layer_and_no_event_type():
    static = Path(__file__).resolve().parents[1] / "src" / "depeche" / "web" / "static"
    js = (static / "app.js").read_text(encoding="utf-8")
    from depeche.records import EVENT_TYPES
    for name in EVENT_TYPES:
        assert f'"{name}"' not in js and f"{name}:" not in js, name
    assert "#1f6fd1" not in js and "#1f6fd1" not in (static / "style.css").read_text()


def test_a_missing_store_is_refused_before_serving(tmp_path, capsys):
    from depeche.cli import main
    from depeche.commands.exits import EXIT_ERROR
    from depeche.store import StoreError
    from depeche.web import create_app
    with pytest.raises(StoreError):
        create_app(tmp_path / "missing.db")
    assert main(["serve", "--db", str(tmp_path / "missing.db"), "--port", "0"]) != 0
    assert main(["serve", "--db", str(tmp_path / "missing.db")]) == EXIT_ERROR
    assert "no such store" in capsys.readouterr().err


def test_offsets_count_code_points_in_an_article_with_emoji(client):
    a = ok(client.get(f"/api/articles/{EMOJI}"))
    assert a["text"].startswith("🔥🚒🔥")
    figure = next(f for f in a["figures"] if f["text"] == "Deux pompiers")
    assert a["text"][figure["start"]:figure["end"]] == "Deux pompiers"
    # in UTF-16 units the same place starts four units later (four emoji before it)
    assert len(a["text"][:figure["start"]].encode("utf-16-le")) // 2 == figure["start"] + 4


# -- hostile query strings -------------------------------------------------------------------
WORDS_25K = " ".join(["a"] * 25_000)
HOSTILE_QUERIES = [
    ("/api/events", {"q": "\x00"}, "control character (U+0000)"),
    ("/api/timeline", {"q": "\x00"}, "control character"),
    ("/api/quotes", {"q": "\x00"}, "control character"),
    ("/api/stories", {"q": "\x00"}, "control character"),
    ("/api/export", {"format": "csv", "q": "\x00"}, "control character"),
    ("/api/events", {"actor": "armée\x00"}, "control character"),
    ("/api/quotes", {"speaker": "Macron\x1b[31m"}, "control character (U+001B)"),
    ("/api/events", {"type": "disaster\x00"}, "control character"),
    ("/api/events", {"page": "99999999999999999999999"}, "page must be at most 100000"),
    ("/api/quotes", {"page": "99999999999999999999999"}, "page must be at most 100000"),
    ("/api/stories", {"page": "9" * 100}, "page must be at most 100000"),
    ("/api/stories", {"min_articles": "99999999999999999999999"},
     "min_articles must be at most 10000"),
    ("/api/stories", {"min_articles": "10001"}, "min_articles must be at most 10000"),
    ("/api/events", {"per_page": "1001"}, "per_page must be between 1 and 1000"),
    ("/api/events", {"near": "33.9,35.5", "within": "20001"}, "at most 20000 km"),
    ("/api/events", {"near": "33.9,35.5", "within": "1e400"}, "positive distance"),
    ("/api/events", {"q": "a" * 50_000}, "q (--text) is 50000 characters long; give at most 500"),
    ("/api/events", {"actor": "a" * 50_000}, "actor is 50000 characters long; give at most 200"),
    ("/api/quotes", {"speaker": "a" * 50_000}, "speaker is 50000 characters long"),
    ("/api/stories", {"q": "a" * 50_000}, "give at most 500"),
    ("/api/events", {"q": WORDS_25K}, "characters long"),
    ("/api/events", {"q": " ".join(["a"] * 40)}, "q (--text) has 40 words; give at most 32"),
    ("/api/quotes", {"q": " ".join(["a"] * 40)}, "has 40 words"),
    ("/api/export", {"format": "x" * 50_000}, "format is 50000 characters long"),
    ("/api/events", {"fields": "key," * 8_000}, "fields is 32000 characters long"),
    ("/api/events", {"country": "L" * 50_000}, "country is 50000 characters long"),
    ("/api/events", {"from": "2" * 50_000}, "from is 50000 characters long"),
    ("/api/events", {"near": "1" * 50_000}, "near is 50000 characters long"),
    ("/api/events", {"story": "s" * 1000}, "story is 1000 characters long"),
    ("/api/articles/" + "x" * 5000, {}, "article id is 5000 characters long"),
    ("/api/stories/" + "x" * 5000, {}, "story id is 5000 characters long"),
    ("/api/events/" + "x" * 5000, {}, "event key is 5000 characters long"),
    ("/api/events", {"x" * 50_000: "1"}, "unknown query parameter 'xxxx"),
]


@pytest.mark.parametrize("path, params, words", HOSTILE_QUERIES,
                         ids=[f"{p}?{','.join(q)[:20]}" for p, q, _ in HOSTILE_QUERIES])
def test_hostile_query_strings_are_quick_400s_with_a_message_and_the_headers(
        client, path, params, words):
    start = time.perf_counter()
    r = client.get(path, params=params)
    elapsed = time.perf_counter() - start
    detail = bad(r)
    assert words in detail and len(detail) < 400
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert elapsed < 1.0, elapsed


def test_the_bounds_let_ordinary_searches_through(client):
    assert ok(client.get("/api/events", params={"q": " ".join(["Beyrouth"] * 32)}))["total"] > 0
    assert ok(client.get("/api/events", params={"page": "100000"}))["items"] == []
    assert ok(client.get("/api/stories", params={"min_articles": "10000"}))["total"] == 0
    everything = ok(client.get("/api/events?per_page=1000"))["total"]
    assert ok(client.get("/api/events?near=0,0&within=20000&per_page=1"))["total"] == \
        sum(1 for ev in ok(client.get("/api/events?per_page=1000"))["items"]
            if (ev.get("place") or {}).get("lat") is not None) <= everything
    # FTS5 syntax in a search is words, never an error
    for q in ('"', 'explosion"', "AND", "port OR", "NEAR(a b)", "text:port", "-port", "port*",
              "^port", "(port", "{title}: port", "'", "l'explosion", "🔥"):
        ok(client.get("/api/events", params={"q": q}))
        ok(client.get("/api/quotes", params={"q": q, "speaker": q}))
        ok(client.get("/api/stories", params={"q": q}))


def test_an_unexpected_failure_is_a_json_500_with_the_headers(store_path, engine, monkeypatch):
    from depeche.store import aggregate
    from depeche.web import create_app

    def overflow(*args, **kwargs):
        raise OverflowError("Python int too large to convert to SQLite INTEGER")
    monkeypatch.setattr(aggregate, "events_page_json", overflow)      # what /api/events reads
    r = Client(create_app(store_path, engine=engine)).get("/api/events")
    assert bad(r, 500) == "[E000] internal error (OverflowError); see the server's log"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "Traceback" not in r.text and "SQLite" not in r.text


def test_unknown_paths_and_methods_are_json_with_the_headers(client):
    for r, status in ((client.get("/api/nothing"), 404), (client.post("/api/events"), 405),
                      (client.request("DELETE", "/"), 405)):
        assert r.status_code == status and r.json()["detail"]
        assert "content-security-policy" in r.headers


# -- /api/analyze: the switch and the limits ---------------------------------------------------
LONG_ARTICLE = " ".join(a["text"] for a in ARTICLES) * 6


def test_analyze_switched_off_is_403_with_a_message(store_path, engine):
    from depeche.web import create_app
    off = Client(create_app(store_path, engine=engine, analyze=False))
    detail = bad(off.post("/api/analyze", json={"text": "Un séisme a frappé Izmir."}), 403)
    assert "switched off" in detail and "--analyze" in detail
    assert ok(off.get("/api/meta"))["analyze"] is False
    assert ok(off.get("/api/events?per_page=1"))["total"] > 0        # the rest is served


def test_analyze_runs_within_its_time_and_its_slots(store_path, engine):
    from depeche.web import create_app
    app = create_app(store_path, engine=engine, analyze_slots=1, analyze_seconds=0.2)
    c = Client(app)
    start = time.perf_counter()
    r = c.post("/api/analyze", json={"text": LONG_ARTICLE})
    assert "took over 0.2 s" in bad(r, 503) and r.headers["retry-after"]
    assert time.perf_counter() - start < 2
    # the slow analysis goes on in its thread and keeps its slot: no pile-up
    assert "already under way" in bad(c.post("/api/analyze", json={"text": "Un séisme."}), 503)
    served = app.state.served
    for _ in range(600):
        if served._slots.acquire(blocking=False):
            served._slots.release()
            break
        time.sleep(0.1)
    served.analyze_seconds = 60
    rec = ok(c.post("/api/analyze", json={"text": "Un incendie a ravagé samedi un immeuble de "
                                                  "Marseille. Trois personnes ont été tuées."}))
    assert any(p["name"] == "Marseille" for p in rec["places"])


# -- a real `depeche serve`: Host check, HEAD, uvicorn's own errors, memory ------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> dict[str, float]:
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS", "VmHWM")):
                key, value = line.split(":")
                out[key] = int(value.split()[0]) / 1024
    return out


class Served:
    """`depeche serve` as a child process on a free loopback port."""

    def __init__(self, store_path, *options: str, log: Path):
        self.port = free_port()
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "depeche.cli", "serve", "--db", str(store_path), "--port",
             str(self.port), *options], stdout=self.log, stderr=subprocess.STDOUT,
            env=dict(os.environ))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/api/meta")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("depeche serve did not start: " + log.read_text())

    def request(self, method: str, path: str, headers: dict | None = None,
                conn: http.client.HTTPConnection | None = None):
        c = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        c.request(method, path, headers=headers or {})
        r = c.getresponse()
        body = r.read()
        if conn is None:
            c.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), body

    def raw(self, *pieces: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as s:
            for data in pieces:
                s.sendall(data)
                time.sleep(0.2)
            chunks = []
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    return b"".join(chunks)
                chunks.append(chunk)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=20)
        self.log.close()


@pytest.fixture(scope="module")
def server(store_path, tmp_path_factory):
    s = Served(store_path, "--allowed-host", "news.example.org",
               log=tmp_path_factory.mktemp("serve") / "serve.log")
    yield s
    s.stop()


def json_with_headers(status, headers, body, expected: int) -> str:
    assert status == expected, body[:300]
    assert headers["content-type"].startswith("application/json")
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    return json.loads(body)["detail"]


def test_serve_answers_only_its_own_host_names(server):
    port = server.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "LOCALHOST", f"[::1]:{port}",
                 "news.example.org", f"News.Example.Org.:{port}"):
        assert server.request("GET", "/api/meta", {"Host": host})[0] == 200, host
    for host in ("evil.example", f"evil.example:{port}", "news.example.org.evil.example",
                 "127.0.0.1.nip.io", "192.168.1.10"):
        detail = json_with_headers(*server.request("GET", "/api/meta", {"Host": host}), 400)
        assert "is not a name of this server" in detail and "--allowed-host" in detail
        assert server.request("GET", "/", {"Host": host})[0] == 400        # the page too


def test_serve_answers_head_of_the_page(server):
    status, headers, body = server.request("HEAD", "/")
    assert status == 200 and body == b"" and headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in headers["content-security-policy"]


def test_serve_answers_malformed_requests_in_json_with_the_headers(server):
    for pieces in ((b"GET /api/meta HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n",),
                   (b"GET /api/events?q=" + b"a" * 20_000, b" HTTP/1.1\r\nHost: x\r\n\r\n"),
                   (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,)):
        head, _, body = server.raw(*pieces).partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in lines[1:])
        status = int(lines[0].split()[1])
        assert "invalid HTTP request" in json_with_headers(status, headers, body, 400)


def test_serve_keeps_the_connection_after_a_refused_query(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    status, headers, body = server.request("GET", "/api/events?page=99999999999999999999999",
                                           conn=conn)
    assert "page must be at most" in json_with_headers(status, headers, body, 400)
    assert server.request("GET", "/api/meta", conn=conn)[0] == 200
    conn.close()


def test_serve_refuses_hostile_queries_quickly_with_bounded_memory(server):
    q = "/api/events?" + httpx.QueryParams({"q": " ".join(["a"] * 25_000)}).__str__()
    long_q = "/api/quotes?" + str(httpx.QueryParams({"speaker": "a" * 50_000}))
    before = rss_mb(server.proc.pid)["VmRSS"]
    results, start = [], time.perf_counter()

    def one(path):
        results.append(server.request("GET", path))
    threads = [threading.Thread(target=one, args=(p,)) for p in (q, q, q, q, long_q)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    elapsed = time.perf_counter() - start
    assert len(results) == 5
    for status, headers, body in results:
        json_with_headers(status, headers, body, 400)
    assert elapsed < 5, elapsed
    assert rss_mb(server.proc.pid)["VmHWM"] - before < 60, rss_mb(server.proc.pid)


def test_serve_without_analyze(store_path, tmp_path):
    from depeche.commands.serve import is_loopback
    assert is_loopback("127.0.0.1") and is_loopback("127.0.0.2") and is_loopback("::1")
    assert is_loopback("localhost") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("::")
    assert not is_loopback("192.168.1.10") and not is_loopback("news.example.org")
    s = Served(store_path, "--no-analyze", log=tmp_path / "serve.log")
    try:
        status, headers, body = s.request("POST", "/api/analyze", {"content-type": "text/plain"})
        assert "switched off" in json_with_headers(status, headers, body, 403)
    finally:
        s.stop()
    assert "/api/analyze off" in (tmp_path / "serve.log").read_text()


def test_serve_refuses_an_allowed_host_that_is_not_a_name(store_path, capsys):
    from depeche.cli import main
    assert main(["serve", "--db", str(store_path), "--allowed-host", "a b"]) == 2
    assert "--allowed-host 'a b'" in capsys.readouterr().err


def test_the_host_check_of_a_server_bound_to_every_address():
    from depeche.web.security import HostCheck
    check = HostCheck("0.0.0.0", ["news.example.org"])
    for host in ("192.168.1.10:8000", "[fe80::1]:8000", "10.0.0.5", "localhost:8000",
                 "news.example.org", None):
        assert check.allows(host), host
    for host in ("evil.example", "evil.example:8000", "192.168.1.10.evil.example", ""):
        assert not check.allows(host), host
    only = HostCheck("192.168.1.10")
    assert only.allows("192.168.1.10:8000") and not only.allows("192.168.1.11:8000")


def test_a_query_string_of_megabytes_is_refused_before_it_is_parsed(store_path, engine):
    from depeche.web import create_app
    app = create_app(store_path, engine=engine)
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": "/api/events", "raw_path": b"/api/events",
             "query_string": b"q=" + b"a+" * 1_000_000, "root_path": "",
             "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", 80)}
    start = time.perf_counter()
    asyncio.run(app(scope, receive, send))
    assert time.perf_counter() - start < 0.5
    assert sent[0]["status"] == 414
    headers = dict(sent[0]["headers"])
    assert headers[b"content-type"] == b"application/json" and b"content-security-policy" in headers
    assert "at most 1,000,000" in json.loads(sent[1]["body"])["detail"]
