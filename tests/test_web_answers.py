"""The answers of /api/events as the server now makes them: the events' stored JSON
spliced (the same text as the decoded events written again), the indexed filters (the
same events as a filter over every event), the kept counts and answers (dropped when the
store file changes) and the ETag (304 on If-None-Match)."""
from __future__ import annotations

import json
import random
import shutil

import pytest

from depeche.articles import Item
from depeche.corpus import ingest
from depeche.query import EventQuery, Paging, parse_scope
from depeche.store import Store, aggregate
from depeche.store.common import distance_km, geo_box
from depeche.web.answers import AnswerCache
from depeche.web.routes.events import project

from test_web_api import Client, ok, shared_store_path

API = {"from": "date_from", "to": "date_to", "q": "text", "within": "within_km"}
REQUESTS = [{}, {"type": "accident"}, {"country": "lb"}, {"q": "explosion"},
            {"near": "33.9,35.5", "within": "30"}, {"near": "48.85,2.35", "within": "5"},
            {"from": "2020-08-05", "to": "2020-08-06"}, {"to": "2020-08-05", "by": "event"},
            {"per_page": "2", "page": "2"}, {"per_page": "3", "page": "4", "by": "event"},
            {"per_page": "1000", "fields": "key,id,type,place,date,published,article_id,title"},
            {"fields": "evidence,outlet,nothing,id,id"}, {"fields": ","}, {"modality": "planned"}]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, engine):
    return shared_store_path(tmp_path_factory, engine)


def decoded_answer(store: Store, params: dict) -> bytes:
    """What /api/events answered before: the event dicts, projected, encoded whole."""
    p = dict(params)
    fields, scope = p.pop("fields", None), parse_scope(p.pop("by", None))
    paging = Paging.parse(p.pop("page", None), p.pop("per_page", None))
    query = EventQuery.parse(**{API.get(k, k): v for k, v in p.items()})
    items, total = aggregate.events_page(store, query.to_filter(), scope,
                                         limit=paging.limit, offset=paging.offset)
    body = {"items": project(items, fields), "total": total, "page": paging.page,
            "per_page": paging.per_page, "pages": max(1, -(-total // paging.per_page)),
            "by": scope.by}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def test_the_spliced_events_are_the_decoded_events_written_again(store_path, engine):
    from depeche.web import create_app
    client = Client(create_app(store_path, engine=engine, cache_answers=False))
    with Store(store_path, readonly=True) as store:
        for params in REQUESTS:
            r = client.get("/api/events", params=params)
            assert r.status_code == 200, r.text
            assert r.content == decoded_answer(store, params), params
    assert ok(client.get("/api/events", params={"fields": ","}))["items"][0] == {}


def test_the_indexed_filters_find_what_a_filter_over_every_event_finds(store_path):
    with Store(store_path, readonly=True) as store:
        every, _ = aggregate.events_page(store, EventQuery().to_filter(), parse_scope(),
                                         limit=None)
        assert every
        for lat, lon, km in ((33.9, 35.5, 30), (48.85, 2.35, 5), (89.9, 0, 500),
                             (0, 179.99, 20000), (45, -179.9, 3000), (44.6, 4.7, 20)):
            near = EventQuery.parse(near=f"{lat},{lon}", within_km=str(km)).to_filter()
            found, total = aggregate.events_page(store, near, parse_scope(), limit=None)
            expected = [e["key"] for e in every if (e.get("place") or {}).get("lat") is not None
                        and distance_km(e["place"]["lat"], e["place"]["lon"], lat, lon) <= km]
            assert [e["key"] for e in found] == expected and total == len(expected)
        days = sorted({e["published"] for e in every})
        for first, last in ((days[0], days[-1]), (days[1], days[1]), ("2020-08-06", "2020-08-05")):
            f = EventQuery.parse(date_from=first, date_to=last).to_filter()
            found, total = aggregate.events_page(store, f, parse_scope(), limit=None)
            expected = [e["key"] for e in every if first <= e["published"][:10] <= last]
            assert [e["key"] for e in found] == expected and total == len(expected)


def test_the_box_around_a_point_holds_every_point_within_the_distance():
    rnd = random.Random(14)
    for _ in range(3000):
        lat, lon = rnd.uniform(-89, 89), rnd.uniform(-180, 180)
        km = rnd.choice([1, 20, 300, 2000, 9000])
        lat_min, lat_max, lons = geo_box(lat, lon, km)
        plat = lat + rnd.uniform(-1, 1) * km / 100
        plon = lon + rnd.uniform(-1, 1) * min(180.0, km / 20)
        if not (-90 <= plat <= 90 and -180 <= plon <= 180):
            continue
        if distance_km(lat, lon, plat, plon) <= km:
            assert lat_min <= plat <= lat_max
            assert lons is None or lons[0] <= plon <= lons[1], (lat, lon, km, plat, plon)


def answer_cache(app) -> AnswerCache:
    app.middleware_stack = app.middleware_stack or app.build_middleware_stack()
    cache = app.middleware_stack.app
    assert isinstance(cache, AnswerCache)
    return cache


def test_an_answer_is_kept_with_its_etag_until_the_store_changes(tmp_path, store_path, engine):
    from depeche.web import create_app
    path = tmp_path / "s.db"
    shutil.copy(store_path, path)
    app = create_app(path, engine=engine)
    client, cache = Client(app), answer_cache(app)
    first = client.get("/api/events", params={"type": "disaster"})
    again = client.get("/api/events", params={"type": "disaster"})
    assert (cache.misses, cache.hits) == (1, 1)
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert "default-src 'none'" in again.headers["content-security-policy"]
    unchanged = client.get("/api/events", params={"type": "disaster"},
                           headers={"if-none-match": first.headers["etag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert client.get("/api/events?type=flood").status_code == 400     # errors: not kept
    assert client.get("/api/events?type=flood").status_code == 400
    total = ok(first)["total"]
    with Store(path) as store:          # a new article: the kept answers and counts go
        text = ("Un violent incendie a ravagé jeudi une usine de Rouen. Trois pompiers ont "
                "été blessés, selon la préfecture de Seine-Maritime.")
        item = Item("test:rouen", article=engine.prepare(
            text, id="web-rouen", title="Incendie à Rouen", published="2021-09-02",
            lang="fr", source="Agence E"))
        assert ingest(store, [item], engine).new == 1
        added = store.events(EventQuery.parse(type="disaster", text="Rouen").to_filter())[1]
    assert added >= 1
    after = client.get("/api/events", params={"type": "disaster"})
    assert ok(after)["total"] == total + added
    assert after.headers["etag"] != first.headers["etag"]
    assert client.get("/api/events", params={"type": "disaster"}, headers={
        "if-none-match": first.headers["etag"]}).status_code == 200


def test_no_answer_is_kept_when_the_app_is_told_so(store_path, engine):
    from depeche.web import create_app
    app = create_app(store_path, engine=engine, cache_answers=False)
    app.middleware_stack = app.build_middleware_stack()
    assert not isinstance(app.middleware_stack.app, AnswerCache)
    assert "etag" not in Client(app).get("/api/events").headers


def test_a_page_of_a_date_range_reads_the_article_date_as_a_day(store_path):
    with Store(store_path, readonly=True) as store:
        f = EventQuery.parse(date_from="2020-08-05", date_to="2020-08-05").to_filter()
        where, args = aggregate.scoped_where(store, f, parse_scope())
        assert args[-2:] == ["2020-08-05", "2020-08-06"]          # < the next string
        items, total = aggregate.events_page(store, f, parse_scope(), limit=None)
        assert total == len(items) > 0 and {e["published"] for e in items} == {"2020-08-05"}


COVERED = [{"q": "explosion"}, {"q": "Beyrouth port"}, {"near": "33.9,35.5", "within": "30"},
           {"near": "48.85,2.35", "within": "500"}, {"near": "0,179.99", "within": "20000"},
           {"near": "33.9,35.5", "within": "3000", "type": "disaster", "per_page": "2"}]


def test_full_text_and_near_pages_sort_index_entries_and_read_the_same_after_migrating(
        tmp_path, store_path):
    from test_store import undo_event_covers
    with Store(store_path, readonly=True) as store:
        before = {i: decoded_answer(store, params) for i, params in enumerate(COVERED)}
        for params in COVERED[:-1]:             # (the last: the type's index may serve)
            p = {API.get(k, k): v for k, v in params.items()}
            where, args = aggregate.scoped_where(store, EventQuery.parse(**p).to_filter(),
                                                 parse_scope())
            plan = " | ".join(r[3] for r in store.db.execute(
                f"EXPLAIN QUERY PLAN SELECT e.rowid FROM events e {where} "
                f"ORDER BY e.published DESC, e.day DESC, e.key LIMIT 50", args))
            # the order's columns from an index: no row of the events table is read
            assert "SEARCH e USING COVERING INDEX" in plan, (params, plan)
    path = tmp_path / "old.db"
    shutil.copy(store_path, path)
    with Store(path) as store:                      # back to the store of migration 0007
        undo_event_covers(store.db)
    with Store(path) as store:
        assert store.applied_migrations()[-1] == "0008_event_covers"      # applied again
    with Store(path, readonly=True) as store:
        assert {i: decoded_answer(store, p) for i, p in enumerate(COVERED)} == before
        assert json.loads(before[0])["total"] > 0 and json.loads(before[2])["total"] > 0


def test_kept_projections_are_the_projections_made_again(store_path):
    from depeche.store import event_json
    from depeche.web.routes.events import field_names
    fields = field_names("key,id,type,place,date,published,article_id,title")
    with Store(store_path, readonly=True) as store:
        f, scope = EventQuery().to_filter(), parse_scope()
        made, total = aggregate.events_page_json(store, f, scope, limit=None, fields=fields)
        assert total > 3
        kept: dict = {}
        for _ in range(2):                          # made, then read from `kept`
            again, _ = aggregate.events_page_json(store, f, scope, limit=None,
                                                  fields=fields, kept=kept)
            assert again == made
        assert len(kept) == total
        small: dict = {}
        rows = store.db.execute(f"{aggregate.event_select(fields)} ORDER BY e.key").fetchall()
        make = event_json.projector(fields, small, size=2)
        assert [make(r) for r in rows] == [make(r) for r in rows] == \
            [event_json.projector(fields)(r) for r in rows]
        assert len(small) == 2                      # the oldest dropped
