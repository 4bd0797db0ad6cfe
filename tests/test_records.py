"""The record model: frozen, validated, JSON-serialisable, ids as content hashes."""
from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from depeche.records import (Article, DateInterval, Event, Figure, Mention, Place, Provenance,
                             Quote, Record, Time, content_id)

TEXT = "6.000 civils ont pu être évacués vendredi à Alep, selon le gouvernement russe."
PROV = Provenance("test@1", "by-hand")


def mention(s: str) -> Mention:
    start = TEXT.index(s)
    return Mention(s, start, start + len(s))


def test_content_ids_are_stable_and_distinct():
    assert content_id("x", 1, "a") == content_id("x", 1, "a")
    assert content_id("x", 1, "a") != content_id("x", 1, "b")
    assert content_id("x", 1, "a").startswith("x-")


def test_article_id_is_a_hash_of_title_and_text():
    assert Article.make_id(TEXT) == Article.make_id(TEXT)
    assert Article.make_id(TEXT, "Alep") != Article.make_id(TEXT)


def test_records_are_frozen():
    f = Figure("6.000 civils", 0, 12, 6000, "evacuated", PROV)
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.value = 1


def test_unknown_categories_and_types_are_refused():
    with pytest.raises(ValueError):
        Figure("6.000 civils", 0, 12, 6000, "evacuees", PROV)
    with pytest.raises(ValueError):
        Time("vendredi", 0, 8, "2016-12-16", "DAY", PROV)
    m = mention("évacués")
    with pytest.raises(ValueError):
        Event("exodus", "asserted", m, m, PROV)
    with pytest.raises(ValueError):
        Event("evacuation", "maybe", m, m, PROV)


def test_record_json_has_the_guideline_shape_and_offsets():
    src = mention("gouvernement russe")
    alep = mention("Alep")
    place = Place("Alep", alep.start, alep.end, "Aleppo", "city", "SY", 36.2, 37.16, PROV,
                  geonames_id=170063, mentions=(alep,))
    fig = Figure("6.000 civils", 0, 12, 6000.0, "evacuated", PROV, noun=mention("civils"),
                 source=src)
    quote = Quote("Ils nous emmènent", 0, 5, PROV, speaker="Monther")
    time = Time("vendredi", mention("vendredi").start, mention("vendredi").end, "2016-12-16",
                "DATE", PROV, interval=DateInterval(date(2016, 12, 16), date(2016, 12, 16)))
    sentence = Mention(TEXT, 0, len(TEXT))
    event = Event("evacuation", "asserted", mention("évacués"), sentence, PROV, place=place,
                  date=time.interval, figures=(fig,), source=src, targets=(mention("civils"),))
    article = Article(TEXT, "a1", published=date(2016, 12, 16), lang="fr")
    record = Record(article, places=(place,), figures=(fig,), quotes=(quote,), times=(time,),
                    events=(event,))
    d = json.loads(record.to_json())
    assert d["id"] == "a1" and d["published"] == "2016-12-16"
    assert d["figures"][0]["value"] == 6000 and isinstance(d["figures"][0]["value"], int)
    assert d["figures"][0]["source"] == "gouvernement russe"
    assert d["places"][0]["lat"] == 36.2 and d["places"][0]["kind"] == "city"
    ev = d["events"][0]
    assert ev["place"]["name"] == "Aleppo"
    assert ev["date"] == {"start": "2016-12-16", "end": "2016-12-16"}
    assert ev["targets"] == ["civils"]
    assert ev["figures"][0] == {"value": 6000, "category": "evacuated", "approx": False,
                                "figure_id": fig.id}
    assert ev["evidence"] == TEXT
    for span in (d["places"][0], d["figures"][0], d["times"][0], ev["trigger"], ev["source_span"]):
        assert TEXT[span["start"]:span["end"]] == span["text"]
    assert "text" not in d and record.to_dict(with_text=True)["text"] == TEXT


def test_same_content_gives_same_item_ids():
    a = Place("Alep", 0, 4, "Aleppo", "city", "SY", 36.2, 37.16, PROV, geonames_id=170063)
    b = Place("Alep", 10, 14, "Aleppo", "city", "SY", 36.2, 37.16, PROV, geonames_id=170063)
    assert a.id == b.id  # the same real place, wherever it is named
    f1 = Figure("6.000 civils", 0, 12, 6000, "evacuated", PROV)
    f2 = Figure("6.000 civils", 0, 12, 6000, "evacuated", Provenance("other@2", "x"))
    assert f1.id == f2.id


def test_date_intervals_overlap():
    a = DateInterval(date(2016, 12, 15), date(2016, 12, 16))
    assert a.overlaps(DateInterval(date(2016, 12, 16), date(2016, 12, 20)))
    assert not a.overlaps(DateInterval(date(2016, 12, 17), date(2016, 12, 20)))
