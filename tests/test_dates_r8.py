"""Resolved dates of the times layer: a weekday written with a day that does not fit the
article's year, and a story of the past told in the historic present."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def times(analyze):
    """times(text, published) -> {surface text: Time} through the whole pipeline."""
    def run(text, published):
        record = analyze(text, published=published)
        return {t.text: t for t in record.times}
    return run


def iv(t):
    return (t.interval.start.isoformat(), t.interval.end.isoformat())


def test_a_weekday_slip_keeps_the_days_of_the_news(times):
    # aside os-21646 (Sunday 2018-05-27): 27 May 2018 is a Sunday; the Saturday that
    # fits "27 mai" is a year before, so the weekday is a slip: the days from the
    # Saturday to the 27th, not 2017
    found = times("Une quarantaine de personnes ont été interpellées samedi 27 mai à Paris "
                  "en marge de la manifestation contre la politique d'Emmanuel Macron.",
                  "2018-05-27")
    t = found["samedi 27 mai"]
    assert t.value == "2018-05-27"
    assert iv(t) == ("2018-05-26", "2018-05-27")


def test_a_weekday_that_fits_the_news_still_decides(times):
    # OrangeSum 20674 (2018-09-04): both weekdays fit days of the news
    found = times("Alexandre Benalla a été mis en examen vendredi 31 août, puis entendu "
                  "lundi 3 septembre par les juges.", "2018-09-04")
    assert found["vendredi 31 août"].value == "2018-08-31"
    assert found["lundi 3 septembre"].value == "2018-09-03"


def test_a_chronology_in_the_historic_present_keeps_its_year(times):
    # OrangeSum 13560 (2019-10-05): "Le 29 mai" goes on with the story of 2017 the
    # paragraph tells in the present, not with "8 mai 2002" written earlier
    found = times("Le 8 mai 2002, un attentat fait 15 morts à Karachi. Le 20 janvier 2017, "
                  "la cour d'appel de Lyon confirme le renvoi en correctionnelle des six "
                  "prévenus. Leur pourvoi est rejeté peu après. Le 29 mai, Edouard Balladur "
                  "est mis en examen par la CJR pour \"complicité d'abus de biens sociaux\".",
                  "2019-10-05")
    assert found["Le 29 mai"].value == "2017-05-29"


def test_a_framed_day_carries_the_frame_on(times):
    # OrangeSum 24909 (2019-05-11), as scraped: "Le 10 juillet" follows "le 5 juin 2015"
    # told in the present
    found = times("Saisie par les parents, la Cour européenne des droits de l'homme (CEDH) "
                  "valide cette décision le 5 juin 2015.Le 10 juillet, le CHU de Reims annonce "
                  "qu'il va engager une nouvelle procédure -la troisième- d'arrêt des "
                  "traitements.", "2019-05-11")
    assert found["le 5 juin 2015"].value == "2015-06-05"
    assert found["Le 10 juillet"].value == "2015-07-10"


def test_a_day_told_in_the_past_after_an_old_date_is_of_the_news(times):
    # OrangeSum 19806 (2016-04-06): "disparu le 2 janvier" is not of the year 2000 the
    # sentence before wrote ("décédée depuis le 5 mai 2000")
    found = times("Cette dernière, officiellement mère de trois enfants, est elle aussi "
                  "décédée depuis le 5 mai 2000. Michel Delpech, disparu le 2 janvier d'un "
                  "cancer de la gorge, serait donc père de cinq enfants.", "2016-04-06")
    assert found["le 2 janvier"].value == "2016-01-02"


def test_an_old_date_does_not_frame_a_present_of_the_news(times):
    # OrangeSum 1395 (2020-06-24): "le 4 octobre" is the vote ahead, not of 2018
    found = times("Le premier référendum a eu lieu le 4 novembre 2018 et a vu la victoire du "
                  "\"non\" à l'indépendance. Le gouvernement fixe le deuxième scrutin au "
                  "4 octobre.", "2020-06-24")
    assert found["4 octobre"].value == "2020-10-04"
