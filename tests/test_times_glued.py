"""A year of one sentence is not the year of the next one glued to it in scraped text
("...Coldplay.Elle rend hommage..."). Sentences from OrangeSum articles (CC BY-SA 4.0),
none of a gold set."""
from __future__ import annotations


def test_a_bare_month_after_a_glued_sentence_is_of_the_news(analyze):
    # OrangeSum 32987 (2020-09-27): "juillet" is July 2020, not July 2015
    text = ("se souvient la jeune femme qui a collaboré en 2015 avec le célèbre groupe pop "
            "britannique Coldplay.Elle rend particulièrement hommage à Ennio Morricone, "
            "mort en juillet, et qui dans l'album prend sa place naturellement parmi les "
            "autres grands compositeurs.")
    found = {t.text: t for t in analyze(text, published="2020-09-27").times}
    assert found["juillet"].value == "2020-07"
    assert found["2015"].value == "2015"


def test_a_month_after_a_glued_sentence_with_years_is_of_the_news(analyze):
    # OrangeSum 33761 (2020-09-15): June and July 2020, not of "entre 2015 et 2019"
    text = ("la mortalité est inférieure de 25% par rapport à la moyenne des mêmes périodes "
            "entre 2015 et 2019, précise la Sécurité routière.La mortalité routière avait "
            "chuté de 29,1% en juin et de 11,3% en juillet.")
    found = {t.text: t for t in analyze(text, published="2020-09-15").times}
    assert found["juin"].value == "2020-06"
    assert found["juillet"].value == "2020-07"
