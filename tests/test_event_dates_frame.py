"""An event told without a time of its own continues the story of the sentences just
before it: a pluperfect takes their last time (not the day of a report). Sentences
from OrangeSum articles (CC BY-SA 4.0), none of a gold set."""
from __future__ import annotations


def one(record, trigger):
    hits = [e for e in record.events if e.trigger.text == trigger]
    assert hits, [e.trigger.text for e in record.events]
    return hits[0]


def days(e):
    return (e.date.start.isoformat(), e.date.end.isoformat()) if e.date else None


def test_a_pluperfect_takes_the_day_told_before_not_the_report_day(analyze):
    # OrangeSum 4881 (Sunday 2020-06-14)
    record = analyze("Samedi 13 juin, 21 personnes ont été placées en garde à vue pour "
                     "dégradations et agressions des forces de l'ordre, a-t-on appris "
                     "dimanche auprès du parquet. Au total, 39 personnes avaient été "
                     "interpellées.", published="2020-06-14")
    e = one(record, "interpellées")
    assert days(e) == ("2020-06-13", "2020-06-13")
    assert "date.frame" in e.rules


def test_a_pluperfect_toll_keeps_the_old_date_of_its_story(analyze):
    # OrangeSum 958 (2020-06-29): the wounded of 2015, not of the news
    record = analyze("Le 30 juillet 2015, Shira Banki, une adolescente avait été tuée, "
                     "poignardée par Yishaï Shlissel. Six autres personnes avaient été "
                     "blessées.", published="2020-06-29")
    dated = [e for e in record.events if e.date is not None]
    assert dated and all(days(e) == ("2015-07-30", "2015-07-30") for e in dated)


def test_an_event_under_a_present_participle_is_told_by_its_finite_verb(analyze):
    # OrangeSum 10760 (2017-08-25): "entraînant l'évacuation" is told by "a été inondé"
    record = analyze("Le centre commercial du Val-d'Europe, à Serris, a été inondé, "
                     "entraînant l'évacuation de la zone.", published="2017-08-25")
    e = one(record, "évacuation")
    assert e.date is not None and e.date.end.isoformat() == "2017-08-25"
