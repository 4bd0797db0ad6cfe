"""The endpoints behind the page's map, facets, timeline, country picker and quotes
filters, over the store of test_web_api (short French dispatches analysed by the whole
engine): their counts agree with the list of events they summarise."""
from __future__ import annotations

import pytest

from depeche.countries import code_of, names
from test_web_api import Client, bad, ok, shared_store_path


@pytest.fixture(scope="module")
def client(tmp_path_factory, engine):
    from depeche.web import create_app
    return Client(create_app(shared_store_path(tmp_path_factory, engine), engine=engine))


FILTERS = ["", "country=LB", "country=FR", "type=protest", "from=2020-08-01&to=2020-08-31",
           "q=explosion", "modality=asserted"]


def events_total(client, query: str, **more) -> int:
    extra = "&".join(f"{k}={v}" for k, v in more.items())
    return ok(client.get(f"/api/events?{query}&{extra}&per_page=1"))["total"]


@pytest.mark.parametrize("query", FILTERS)
def test_the_map_counts_every_event_of_the_list(client, query):
    total = events_total(client, query)
    for zoom in (0, 2, 5, 12):
        m = ok(client.get(f"/api/map?{query}&zoom={zoom}"))
        assert m["total"] == total
        assert sum(c["count"] for c in m["cells"]) == m["located"]
        assert m["located"] + m["unlocated"] == total
        for c in m["cells"]:
            assert sum(c["types"].values()) == c["count"]
            south, west, north, east = c["bbox"]
            assert south <= c["lat"] <= north and west <= c["lon"] <= east


def test_map_cells_split_as_the_zoom_grows(client):
    coarse = ok(client.get("/api/map?zoom=0"))["cells"]
    fine = ok(client.get("/api/map?zoom=10"))["cells"]
    assert len(fine) > len(coarse) >= 2
    beirut = [c for c in fine if c["place"] == "Port of Beirut"]
    assert beirut and beirut[0]["country"] == "LB"
    assert "zoom" in bad(client.get("/api/map?zoom=13"))
    assert "zoom" in bad(client.get("/api/map?zoom=far"))


@pytest.mark.parametrize("query", FILTERS)
def test_the_timeline_counts_every_event_by_either_date(client, query):
    for by in ("article", "event"):
        t = ok(client.get(f"/api/timeline?{query}&by={by}"))
        assert t["by"] == by
        assert sum(d["count"] for d in t["days"]) + t["undated"] == \
            events_total(client, query, by=by)


def test_events_are_ordered_and_bounded_by_article_date_by_default(client):
    by_article = ok(client.get("/api/events?per_page=1000"))["items"]
    assert [e["published"] for e in by_article] == sorted(
        (e["published"] for e in by_article), reverse=True)
    # the Beirut explosion (4 August) is reported on the 5th and 6th
    reported = ok(client.get("/api/events?from=2020-08-05&to=2020-08-06&per_page=1000"))
    happened = ok(client.get("/api/events?from=2020-08-05&to=2020-08-06&by=event"
                             "&per_page=1000"))
    assert reported["by"] == "article" and happened["by"] == "event"
    assert all("2020-08-05" <= e["published"] <= "2020-08-06" for e in reported["items"])
    assert any((e.get("date") or {}).get("start") == "2020-08-04" for e in reported["items"])
    # by the event's own date: an event is in when its days meet the range
    assert all((e.get("date") or {}).get("end", "9999") >= "2020-08-05"
               and (e.get("date") or {}).get("start", "0000") <= "2020-08-06"
               for e in happened["items"])
    assert not any((e.get("date") or {}).get("end") == "2020-08-04"
                   for e in happened["items"])
    assert "by" in bad(client.get("/api/events?by=day"))


def test_facets_count_with_every_filter_but_their_own(client):
    everything = events_total(client, "")
    f = ok(client.get("/api/facets?type=protest"))
    # the type facet ignores the type filter: every type of the store, summing to all
    assert sum(v["count"] for v in f["type"]["values"]) + f["type"]["missing"] == everything
    assert {"protest", "accident"} <= {v["value"] for v in f["type"]["values"]}
    protests = events_total(client, "type=protest")
    for name in ("country", "modality", "source"):
        assert sum(v["count"] for v in f[name]["values"]) + f[name]["missing"] == protests
    assert f["country"]["values"][0] == {"value": "FR", "count": protests}
    # a source of the facet filters the list to its count
    source = ok(client.get("/api/facets"))["source"]["values"][0]
    assert events_total(client, "", outlet=source["value"]) == source["count"]


def test_countries_have_french_and_english_names_and_their_counts(client):
    countries = {c["code"]: c for c in ok(client.get("/api/countries"))["countries"]}
    assert countries["LB"]["fr"] == "Liban" and countries["LB"]["en"] == "Lebanon"
    assert countries["LB"]["events"] == events_total(client, "country=LB")
    assert countries["DE"]["events"] == 0 and len(countries) > 240
    for typed in ("Liban", "lebanon", "LIBAN", "lb", "Côte d'Ivoire", "cote divoire",
                  "États-Unis", "United States"):
        assert code_of(typed) in ("LB", "CI", "US", None), typed
    assert code_of("Liban") == code_of("Lebanon") == code_of("lb") == "LB"
    assert code_of("Côte d'Ivoire") == "CI" and code_of("Etats-Unis") == "US"
    assert code_of("Atlantide") is None and names()["FR"] == ("France", "France")


def test_quotes_leave_fragments_out_unless_asked(client):
    default = ok(client.get("/api/quotes?per_page=1000"))
    everything = ok(client.get("/api/quotes?per_page=1000&fragments=1"))
    assert everything["total"] == default["total"] + default["fragments_hidden"]
    for q in default["items"]:
        assert len(q["text"].split()) >= 4 and not {"scare", "title"} & set(q["flags"])
    assert "fragments" in bad(client.get("/api/quotes?fragments=maybe"))


def test_quotes_of_unknown_speakers_and_grouped_by_speaker(client):
    unknown = ok(client.get("/api/quotes?unknown=1&fragments=1&per_page=1000"))
    assert all(not q["speaker"] for q in unknown["items"])
    speakers = ok(client.get("/api/speakers"))
    assert speakers["unknown"] == ok(client.get("/api/quotes?unknown=1"))["total"]
    counts = [s["count"] for s in speakers["speakers"]]
    assert counts == sorted(counts, reverse=True)
    assert "Emmanuel Macron" in {s["speaker"] for s in speakers["speakers"]}
    grouped = ok(client.get("/api/quotes?group=speaker&fragments=1&per_page=1000"))["items"]
    order = [q["speaker"] or "" for q in grouped]
    runs = [s for i, s in enumerate(order) if i == 0 or order[i - 1] != s]
    assert len(runs) == len(set(runs))          # each speaker's quotes together
    cited = [q["speaker_quotes"] for q in grouped if q["speaker"]]
    assert cited == sorted(cited, reverse=True)
    assert "group" in bad(client.get("/api/quotes?group=article"))


def test_a_country_is_a_name_or_a_code_and_a_misspelt_one_gets_the_nearest(client):
    by_code = ok(client.get("/api/events?country=LB"))
    assert by_code["total"] and ok(client.get("/api/events?country=Lebanon")) == by_code
    assert ok(client.get("/api/map?country=Liban")) == ok(client.get("/api/map?country=LB"))
    assert "did you mean Liban (LB)?" in bad(client.get("/api/map?country=Libann"))
    assert "did you mean" not in bad(client.get("/api/events?country=Atlantide"))
