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


def test_a_span_then_plus_tard_counts_from_the_time_told_before(analyze):
    # OrangeSum 33286 (2020-09-17): "Quelques jours plus tard" after "le 12 août"
    record = analyze("Une source judiciaire avait indiqué le 12 août que, selon les premiers "
                     "éléments de l'enquête, l'attaque paraissait \"avoir été préméditée\" "
                     "avec pour objectif de \"cibler des Occidentaux\".Quelques jours plus "
                     "tard, le ministre nigérien de l'Intérieur, Alkache Alhada, avait "
                     "annoncé qu'un suspect avait été arrêté sans préciser son identité.",
                     published="2020-09-17")
    e = one(record, "arrêté")
    assert "date.shifted" in e.rules
    assert e.date.start.isoformat() == "2020-08-13"
    assert e.date.end.isoformat() <= "2020-08-20"


def test_a_span_before_an_event_word_does_not_shift(analyze):
    # OrangeSum 25342 (2017-04-25): "Deux jours après sa qualification" counts from an
    # event, not from the time told before
    from depeche.stages.events.dates import _shift_sign
    assert _shift_sign(" après sa qualification pour le second tour") == 0
    assert _shift_sign(" plus tard, le ministre") == 1
    assert _shift_sign(" auparavant, ils avaient") == -1


def test_a_lasting_event_since_a_day_runs_to_the_article(analyze):
    # aside os-32273 (2020-09-16): the fire burns from 6 September to the article
    record = analyze("Les pompiers combattent l'incendie depuis le 6 septembre, mais il "
                     "n'était plus contenu qu'à 3%, contre 6% précédemment.",
                     published="2020-09-16")
    e = one(record, "incendie")
    assert days(e) == ("2020-09-06", "2020-09-16")
    assert "date.since" in e.rules
