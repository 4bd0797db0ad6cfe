"""Event dates: a story of the past told as it unfolds (the historic present, the passé
simple) keeps its time; a feast that names a thing is no date."""
from __future__ import annotations

from datetime import date


def test_a_toll_told_in_the_historic_present_is_of_the_story(analyze):
    # OrangeSum 13496 (2020-01-11): "290 personnes sont tuées" goes on with the story
    # of 3 July 1988, not the news' days
    record = analyze("Le 3 juillet 1988, un Airbus A-300 de la compagnie nationale Iran Air, "
                     "assurant la liaison entre Bandar-Abbas et Dubaï, est abattu peu après "
                     "son décollage par deux missiles d'une frégate américaine qui patrouille "
                     "dans le détroit d'Ormuz. 290 personnes sont tuées.",
                     published="2020-01-11")
    assert record.events
    for e in record.events:
        assert e.date is not None and e.date.start == date(1988, 7, 3), (e.trigger.text, e.date)
    assert any("date.historic" in e.rules for e in record.events)


def test_a_present_of_the_news_after_a_noun_of_the_past_keeps_the_news_days(analyze):
    # "les attentats de novembre 2015" dates a noun, not a story told in the present
    # (after OrangeSum 17835's shape): the deployment is of the news
    record = analyze("Depuis les attentats de novembre 2015, la France vit sous la menace. "
                     "Des milliers de soldats sont déployés dans les rues.",
                     published="2017-08-10")
    deployed = [e for e in record.events if e.trigger.text == "déployés"]
    assert deployed and deployed[0].date is not None
    assert deployed[0].date.start.year == 2017
    assert not any("date.historic" in e.rules for e in record.events)


def test_the_christmas_market_is_no_christmas_day(analyze):
    # aside os-22105 (2019-09-17): "du marché de Noël" names the market; the time of
    # the clause is "le 13 décembre" (of 2018, before the article)
    record = analyze("Michaël Chiolo a affirmé au moment de blesser grièvement les deux "
                     "surveillants vouloir \"venger\" Chérif Chekatt, l'auteur de l'attaque "
                     "jihadiste du marché de Noël de Strasbourg, abattu le 13 décembre par les "
                     "forces de l'ordre après avoir tué cinq personnes.",
                     published="2019-09-17")
    assert [t.text for t in record.times] == ["le 13 décembre"]
    assert record.times[0].value == "2018-12-13"


def test_a_time_ahead_of_an_arrest_told_in_the_past_is_not_its_date(analyze):
    # aside os-10254 (2020-05-23): the hearing "le 9 juillet" is ahead; the arrest,
    # told in the past, is of the news ("hier"), not undated
    record = analyze("Les statues ont été détruites hier en Martinique. Une jeune femme "
                     "soupçonnée d'avoir participé à l'action a été placée en garde à vue et, à "
                     "l'issue, elle a été convoquée au tribunal le 9 juillet, selon son avocat "
                     "Me Dominique Monotuka.", published="2020-05-23")
    arrests = [e for e in record.events if e.type == "arrest"]
    assert arrests
    for e in arrests:
        assert e.date is not None and e.date.start <= date(2020, 5, 23), e.date
        assert e.date.start >= date(2020, 5, 21), e.date
