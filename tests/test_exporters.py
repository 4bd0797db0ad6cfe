"""Exports: ACLED-style CSV, GeoJSON and JSONL, one exporter per format."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from depeche.exporters import ACLED_COLUMNS, COUNT_COLUMNS, EXPORTERS, acled_row, export
from depeche.records import (Article, DateInterval, Event, Figure, Mention, Place, Provenance,
                             Record)
from depeche.store import EventFilter, Store, StoredRecord

PROV = Provenance("test@1", "hand")
ALEP = ("Les forces du régime syrien ont bombardé jeudi les quartiers rebelles d'Alep, tuant "
        "au moins 21 civils et blessant 40 personnes, selon l'Observatoire syrien des droits "
        "de l'homme. Quelque 6.000 civils ont été évacués.")
GENEVE = "Des négociations sur la Syrie doivent reprendre à une date encore inconnue."


def mention(text: str, words: str) -> Mention:
    s = text.index(words)
    return Mention(words, s, s + len(words))


def fig(text: str, words: str, value: float, category: str) -> Figure:
    m = mention(text, words)
    return Figure(text=words, start=m.start, end=m.end, value=value, category=category,
                  provenance=PROV)


@pytest.fixture()
def store(tmp_path):
    alep = Article(text=ALEP, id="alep-1", title="Alep sous les bombes",
                   published=date(2016, 12, 16), source="AFP", lang="fr")
    m = mention(ALEP, "Alep")
    place = Place(text="Alep", start=m.start, end=m.end, name="Alep", kind="city", country="SY",
                  lat=36.2021, lon=37.1343, provenance=PROV, admin1="Alep", precision=1)
    figures = (fig(ALEP, "21 civils", 21, "killed"), fig(ALEP, "40 personnes", 40, "injured"),
               fig(ALEP, "6.000 civils", 6000, "evacuated"))
    day = date(2016, 12, 15)
    strike = Event(type="shelling", modality="asserted", trigger=mention(ALEP, "bombardé"),
                   evidence=Mention(ALEP[:ALEP.index(".") + 1], 0, ALEP.index(".") + 1),
                   provenance=PROV, place=place, date=DateInterval(day, day),
                   actors=(mention(ALEP, "Les forces du régime syrien"),),
                   targets=(mention(ALEP, "quartiers rebelles"),), figures=figures[:2],
                   source=mention(ALEP, "l'Observatoire syrien des droits de l'homme"),
                   acled=("Explosions/Remote violence", "Shelling/artillery/missile attack"))
    geneve = Article(text=GENEVE, id="geneve-1", title="Syrie", published=date(2016, 12, 20),
                     source="AFP", lang="fr")
    talks = Event(type="negotiation", modality="planned", trigger=mention(GENEVE, "négociations"),
                  evidence=Mention(GENEVE, 0, len(GENEVE)), provenance=PROV,
                  date=DateInterval(date(2016, 12, 1), date(2016, 12, 31)))
    with Store(tmp_path / "x.db") as s:
        s.add_records([StoredRecord(Record(article=alep, places=(place,), figures=figures,
                                           events=(strike,)), "h1"),
                       StoredRecord(Record(article=geneve, events=(talks,)), "h2")])
        yield s


def test_the_csv_has_the_acled_columns_then_our_counts(store):
    out = io.StringIO()
    assert export(store, "csv", out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    header = out.getvalue().splitlines()[0].split(",")
    assert header[:len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert header[len(ACLED_COLUMNS):len(ACLED_COLUMNS) + len(COUNT_COLUMNS)] == COUNT_COLUMNS
    strike = next(r for r in rows if r["depeche_type"] == "shelling")
    assert strike["event_date"] == "2016-12-15" and strike["time_precision"] == "1"
    assert strike["event_type"] == "Explosions/Remote violence"
    assert strike["sub_event_type"] == "Shelling/artillery/missile attack"
    assert strike["actor1"] == "Les forces du régime syrien"
    assert strike["actor2"] == "quartiers rebelles"
    assert strike["country"] == "Syrian Arab Republic" and strike["admin1"] == "Alep"
    assert (strike["location"], strike["geo_precision"]) == ("Alep", "1")
    assert float(strike["latitude"]) == pytest.approx(36.2021)
    assert strike["fatalities"] == "21" and strike["injured"] == "40"
    assert strike["evacuated"] == ""          # a figure of the article, not of the event
    assert strike["source"] == "AFP; l'Observatoire syrien des droits de l'homme"
    assert strike["notes"].startswith("Les forces du régime syrien ont bombardé")
    talks = next(r for r in rows if r["depeche_type"] == "negotiation")
    assert talks["time_precision"] == "3" and talks["fatalities"] == "0"
    assert talks["event_type"] == "negotiation" and talks["location"] == ""


def test_geojson_holds_the_located_events_as_lon_lat_points(store):
    out = io.StringIO()
    assert export(store, "geojson", out) == 1
    doc = json.loads(out.getvalue())
    assert doc["type"] == "FeatureCollection"
    (feature,) = doc["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.1343, 36.2021]}
    assert feature["properties"]["type"] == "shelling"
    assert feature["properties"]["place"] == "Alep"


def test_an_empty_selection_is_still_valid_geojson_and_csv(store):
    out = io.StringIO()
    assert export(store, "geojson", out, where=EventFilter(type="riot")) == 0
    assert json.loads(out.getvalue())["features"] == []
    out = io.StringIO()
    assert export(store, "csv", out, where=EventFilter(type="riot")) == 0
    assert out.getvalue().startswith("event_id,event_date")


def test_jsonl_gives_events_or_whole_records(store):
    out = io.StringIO()
    export(store, "jsonl", out, where=EventFilter(country="SY"))
    (line,) = out.getvalue().splitlines()
    ev = json.loads(line)
    assert ev["key"].startswith("alep-1/") and ev["figures"][0]["value"] == 21
    out = io.StringIO()
    assert export(store, "jsonl", out, records=True) == 2
    recs = [json.loads(x) for x in out.getvalue().splitlines()]
    alep = next(r for r in recs if r["id"] == "alep-1")
    for f in alep["figures"]:
        assert alep["text"][f["start"]:f["end"]] == f["text"]


def test_one_exporter_per_format():
    assert set(EXPORTERS) == {"jsonl", "geojson", "csv"}
    with pytest.raises(ValueError, match="unknown export format"):
        export(None, "xlsx", io.StringIO())
    row = acled_row({"key": "a/ev", "type": "protest", "figures": [], "published": "2020-01-01"})
    assert row["event_date"] == "2020-01-01" and row["time_precision"] == 3


def test_exports_take_a_checked_event_query(store):
    from depeche.errors import QueryError
    from depeche.exporters import MEDIA_TYPES, check_format
    from depeche.query import EventQuery
    out = io.StringIO()
    assert export(store, "jsonl", out, query=EventQuery.parse(country="SY")) == 1
    assert json.loads(out.getvalue())["key"].startswith("alep-1/")
    assert export(store, "csv", io.StringIO(), query=EventQuery(type="riot")) == 0
    assert export(store, "geojson", io.StringIO(), query=EventQuery.parse(
        near="36.2,37.1", within_km="5", date_from="2016-12-15")) == 1
    assert set(MEDIA_TYPES) == set(EXPORTERS) and check_format("csv") == "csv"
    with pytest.raises(QueryError, match="unknown export format 'xlsx'; known: csv, geojson"):
        check_format("xlsx")
    with pytest.raises(QueryError, match="give an export format"):
        check_format(None)


def test_an_event_told_in_the_headline_says_so_in_every_format(tmp_path):
    # OrangeSum os-17345: the accident and its toll are told in the headline
    title = "Barcelone: Au moins 20 blessés dans un accident de train"
    text = ("L'accident s'est produit dans la gare de France en plein centre historique de "
            "Barcelone.")
    article = Article(text=text, id="bcn-1", title=title, published=date(2017, 7, 28),
                      source="AFP", lang="fr")
    s = title.index("Barcelone")
    place = Place(text="Barcelone", start=s, end=s + 9, name="Barcelona", kind="city",
                  country="ES", lat=41.3888, lon=2.159, provenance=PROV, precision=1,
                  field="title", mentions=(Mention("Barcelone", s, s + 9, "title"),
                                           mention(text, "Barcelone")))
    s = title.index("Au moins 20 blessés")
    injured = Figure(text="Au moins 20 blessés", start=s, end=s + 19, value=20,
                     category="injured", provenance=PROV, approx=True, field="title")
    s = title.index("accident")
    day = date(2017, 7, 28)
    accident = Event(type="accident", modality="asserted",
                     trigger=Mention("accident", s, s + 8, "title"),
                     evidence=Mention(title, 0, len(title), "title"), provenance=PROV,
                     place=place, date=DateInterval(day, day), figures=(injured,),
                     mentions=(mention(text, "L'accident s'est produit"),))
    told = Event(type="accident", modality="asserted", trigger=mention(text, "accident"),
                 evidence=Mention(text, 0, len(text)), provenance=PROV, place=place,
                 date=DateInterval(day, day))
    with Store(tmp_path / "t.db") as store:
        store.add_records([StoredRecord(Record(article=article, places=(place,),
                                               figures=(injured,), events=(accident, told)),
                                        "h")])
        out = io.StringIO()
        assert export(store, "csv", out) == 2
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert sorted((r["field"], r["injured"], r["notes"]) for r in rows) == [
            ("text", "", text), ("title", "20", title)]
        out = io.StringIO()
        export(store, "geojson", out)
        props = [f["properties"] for f in json.loads(out.getvalue())["features"]]
        assert sorted(p["field"] for p in props) == ["text", "title"]
        out = io.StringIO()
        export(store, "jsonl", out, records=True)
        (rec,) = [json.loads(x) for x in out.getvalue().splitlines()]
        for f in rec["figures"]:
            assert rec[f["field"]][f["start"]:f["end"]] == f["text"] == "Au moins 20 blessés"
        for e in rec["events"]:
            t = e["trigger"]
            assert rec[t["field"]][t["start"]:t["end"]] == t["text"]
