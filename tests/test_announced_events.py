"""Events dated after their article (issue 16): what is announced is planned, not done;
another phrase's date is not the event's; an attack recalled by its day and month keeps
no date of the wrong year. Whole pipeline, sentences from OrangeSum articles in no gold
set (ids in the comments, CC BY-SA 4.0)."""
from __future__ import annotations

from datetime import date


def _events(analyze, text, published, etype):
    return [e for e in analyze(text, published=published).events if e.type == etype]


def test_a_strike_day_ahead_of_the_article_is_planned(analyze):
    # OrangeSum 19316 (12 January 2020)
    evs = _events(analyze, "Réforme des retraites : nouvelle journée de grèves et "
                           "manifestations le 16 janvier.", "2020-01-12", "protest")
    assert evs and all(e.modality == "planned" for e in evs)
    assert any(e.date is not None and e.date.start == date(2020, 1, 16) for e in evs)


def test_another_phrases_date_does_not_date_a_protest(analyze):
    # OrangeSum 20439 (4 December 2019): the date is the tax change's, not the protest's
    evs = _events(analyze, "Les entrepreneurs du BTP protestent contre la suppression de "
                           "leur avantage fiscal sur le gazole non routier (GNR) prévue en "
                           "trois paliers à partir du 1er juillet prochain et jusqu'en 2022.",
                  "2019-12-04", "protest")
    assert evs
    assert all(e.date is None or e.date.start <= date(2019, 12, 4) for e in evs)


def test_a_recalled_attack_gets_no_date_after_the_article(analyze):
    # OrangeSum 29989 (15 May 2018): the attacks of 13 November 2015
    evs = _events(analyze, "Attentats du 13 novembre : un chauffeur de Salah Abdeslam remis "
                           "en liberté.", "2018-05-15", "attack")
    assert evs and all(e.modality == "asserted" for e in evs)
    assert all(e.date is None or e.date.start <= date(2018, 5, 15) for e in evs)


def test_an_event_told_in_the_past_is_not_announced(analyze):
    # OrangeSum 16888 style, told in the passé composé: still asserted
    evs = _events(analyze, "Les manifestants ont défilé samedi à Paris contre la réforme.",
                  "2019-12-09", "protest")
    assert evs and all(e.modality == "asserted" for e in evs)
