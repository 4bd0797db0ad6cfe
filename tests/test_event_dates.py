"""Event dates that respect the article: an event reported as past is never dated after
its article's publication; a recalled event takes the year the article wrote; a target
("d'ici fin 2021") does not date an asserted event; a century or an old "depuis" gives
no event date. Sentences from OrangeSum articles (CC BY-SA 4.0), none of a gold set."""
from __future__ import annotations

import gzip
import json
from datetime import date

import pytest

from conftest import SHARED, needs_shared

ORANGESUM = SHARED / "data" / "orangesum-fr" / "orangesum_parsed_all.jsonl.gz"


def events(analyze, text, published):
    return analyze(text, published=published).events


def one(found, trigger):
    hits = [e for e in found if e.trigger.text == trigger]
    assert hits, [e.trigger.text for e in found]
    return hits[0]


def days(e):
    return (e.date.start.isoformat(), e.date.end.isoformat()) if e.date else None


def test_a_target_does_not_date_an_asserted_event(analyze):
    # OrangeSum 35271 (2020-09-01)
    found = events(analyze, "L'ensemble des réfugiés accompagnés par CeCler ont trouvé un "
                   "logement. D'ici fin 2021, la France s'est engagée à réinstaller 10.000 "
                   "réfugiés supplémentaires sur son sol.", "2020-09-01")
    e = one(found, "engagée")
    assert e.modality == "asserted"
    assert e.date is not None and e.date.start <= date(2020, 9, 1)
    assert "date.clause" not in e.rules


def test_a_weekday_after_publication_is_the_one_before(analyze):
    # OrangeSum 20571 (Thursday 2019-11-28): "Samedi" is the Saturday before
    found = events(analyze, "Samedi, c'est Djadje, 19 ans, qui est mort des suites de ses "
                   "blessures, après avoir été poignardé en bas de son immeuble de "
                   "Saint-Ouen.", "2019-11-28")
    e = one(found, "poignardé")
    assert days(e) == ("2019-11-23", "2019-11-23")
    assert "date.past_week" in e.rules


def test_a_recalled_event_takes_the_year_written_before(analyze):
    # OrangeSum 35051 (2020-09-04): "le 9 janvier" after "du 7 au 9 janvier 2015"
    found = events(analyze, "Ce procès historique juge quatorze personnes pour leur soutien "
                   "au trio jihadiste qui a semé la terreur du 7 au 9 janvier 2015 avant "
                   "d'être tué par les forces de l'ordre : les frères Saïd et Chérif Kouachi "
                   "et Amédy Coulibaly. Ce dernier avait pris en otage le 9 janvier des "
                   "clients et employés de l'Hyper Cacher pendant plus de quatre heures.",
                   "2020-09-04")
    assert days(one(found, "pris en otage")) == ("2015-01-09", "2015-01-09")


def test_an_anniversary_keeps_today_and_the_recalled_year(analyze):
    # OrangeSum 27472 (2019-01-07): the ceremonies are of 2019, the killing of 2015
    text = ("Plusieurs cérémonies se sont tenues lundi pour leur rendre hommage ainsi "
            "qu'aux cinq morts des attaques survenues début janvier 2015, notamment celle "
            "contre l'Hyper Cacher de la porte de Vincennes, à Paris. Deux cérémonies sont "
            "également prévues mardi en hommage à Clarissa Jean-Philippe, policière "
            "municipale tuée à Montrouge (Hauts-de-Seine) le 8 janvier par Amédy Coulibaly, "
            "sur les lieux du drame et à Carrières-sous-Poissy (Yvelines) où résidait la "
            "victime.")
    record = analyze(text, published="2019-01-07")
    assert record.events
    # the events (the killing, merged or not with the attacks) are of January 2015
    assert all(e.date is None or (e.date.start.year, e.date.start.month) == (2015, 1)
               for e in record.events), [(e.trigger.text, days(e)) for e in record.events]
    assert any("date.context_year" in e.rules for e in record.events)
    times = {t.text: t.value for t in record.times}
    assert times["lundi"] == "2019-01-07" and times["mardi"] == "2019-01-08"


@pytest.mark.parametrize("published, text, trigger", [
    # OrangeSum 19598: the centuries of the building are not the fire's date
    ("2020-01-05", "L'incendie qui a ravagé Notre-Dame de Paris, chef-d'œuvre de l'art "
     "gothique construit du XIIe au XIVe siècle, a détruit sa charpente et la flèche, oeuvre "
     "de l'architecte Eugène Viollet-le-Duc au XIXe siècle.", "ravagé"),
    # OrangeSum 31649: "depuis 1945" is a comparison, not the attack's date
    ("2020-09-26", "C'est l'attentat d'extrême droite le plus meurtrier d'Allemagne "
     "depuis 1945.", "attentat"),
])
def test_wider_times_give_no_event_date(analyze, published, text, trigger):
    found = events(analyze, text, published)
    # the event of the trigger (or the event its mention was merged into) and every other
    assert any(trigger in (e.trigger.text, *(m.text for m in e.mentions)) or
               trigger in e.evidence.text for e in found)
    for e in found:
        assert e.date is None or (e.date.end - e.date.start).days <= 366
        assert e.date is None or e.date.start.year >= 2019


def test_a_recent_since_still_dates_the_event(analyze):
    # OrangeSum 14054 (2020-04-27): "depuis le 17 mars dernier", six weeks before
    found = events(analyze, "C'est l'un des aspects positifs du confinement, instauré en "
                   "France depuis le 17 mars dernier : moins de déplacements en voiture et "
                   "donc, très logiquement, moins de risques d'accident.", "2020-04-27")
    e = one(found, "confinement")
    assert days(e) == ("2020-03-17", "2020-03-17")


@needs_shared(ORANGESUM)
def test_no_asserted_event_of_orangesum_articles_is_dated_after_publication(engine):
    """The first 30 articles of the records snapshot's OrangeSum sample."""
    late, n = [], 0
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            row = json.loads(line)
            if i % 72 or not row.get("article", "").strip():
                continue
            record = engine.analyze(row["article"], published=row["date"])
            late += [(row["id"], e.trigger.text, e.date) for e in record.events
                     if e.modality == "asserted" and e.date is not None
                     and e.date.start.isoformat() > row["date"][:10]]
            n += 1
            if n == 30:
                break
    assert late == []
