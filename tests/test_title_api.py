"""The article API gives the title and each span's field: a span of the headline has
`field: "title"` and offsets into the article's `title`, a span of the body `field:
"text"` and offsets into its `text` (what the page highlights in each)."""
from __future__ import annotations

import asyncio

import httpx
import pytest

from depeche.articles import Item
from depeche.corpus import ingest
from depeche.store import Store

# OrangeSum os-17345 (CC BY-SA 4.0): the toll is only in the headline
ARTICLE = dict(
    id="api-barcelone", published="2017-07-28", source="AFP",
    title="Barcelone: Au moins 20 blessés dans un accident de train",
    text="Parmi les blessés figurent un Français et un Roumain, tous les autres étant "
         "espagnols, a déclaré à l'AFP un porte-parole de la protection civile. L'accident "
         "s'est produit dans la gare de France en plein centre historique de Barcelone.")


@pytest.fixture(scope="module")
def article(tmp_path_factory, engine) -> dict:
    from depeche.web import create_app
    path = tmp_path_factory.mktemp("title-api") / "t.db"
    with Store(path) as store:
        item = Item("test:title", article=engine.prepare(
            ARTICLE["text"], id=ARTICLE["id"], title=ARTICLE["title"],
            published=ARTICLE["published"], lang="fr", source=ARTICLE["source"]))
        assert ingest(store, [item], engine).new == 1
    app = create_app(path, engine=engine)

    async def get():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://depeche.test") as c:
            return await c.get(f"/api/articles/{ARTICLE['id']}")
    response = asyncio.run(get())
    assert response.status_code == 200, response.text
    return response.json()


def test_the_article_api_gives_the_title_and_each_spans_field(article):
    assert article["title"] == ARTICLE["title"] and article["text"] == ARTICLE["text"]
    fields = {s["field"] for s in article["spans"]}
    assert fields == {"title", "text"}
    for s in article["spans"]:
        words = article[s["field"]][s["start"]:s["end"]]
        assert words and 0 <= s["start"] < s["end"]
    # the title's spans first, then the body's, each in text order
    order = [(s["field"] != "title", s["start"]) for s in article["spans"]]
    assert order == sorted(order)
    toll = next(s for s in article["spans"] if s["layer"] == "figure" and s["field"] == "title")
    assert ARTICLE["title"][toll["start"]:toll["end"]] == "Au moins 20 blessés"
    assert toll["label"] == "injured 20"
    place = [s for s in article["spans"] if s["layer"] == "place" and s["label"] == "Barcelona"]
    assert [s["field"] for s in place] == ["title", "text"]
    assert len({s["id"] for s in place}) == 1                 # one place, two mentions


def test_every_item_of_the_article_says_where_its_words_are(article):
    for layer in ("places", "figures", "quotes", "times"):
        for item in article[layer]:
            assert article[item["field"]][item["start"]:item["end"]] == item["text"]
    for e in article["events"]:
        for m in (e["trigger"], e["evidence_span"], *e["mentions"]):
            assert article[m["field"]][m["start"]:m["end"]] == m["text"]
    (accident,) = [e for e in article["events"] if e["type"] == "accident"]
    assert accident["trigger"]["field"] == "title"
    event_spans = [s for s in article["spans"] if s["layer"] == "event"]
    assert [(s["field"], s["id"]) for s in event_spans] == [("title", accident["key"])]
