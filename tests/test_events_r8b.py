"""The events layer on kinds of sentences that failed on unseen French news (issue 13,
session 8, second round): a headline dated by the publication is not merged into a recall
of long ago.

Every sentence is from an OrangeSum article that is in no gold set (its id in a comment),
run through the whole engine."""
from __future__ import annotations


def _events(engine, text, published="2020-08-07", title=None):
    return engine.analyze(text, title=title, published=published).events


# --- a recall of long ago is not the headline's news ---------------------------------------

def test_headline_news_is_not_dated_by_a_recall_of_long_ago(engine):
    # OrangeSum 10254: the statues broken yesterday, and the riots of May 1848 recalled
    title = ("Martinique : des manifestants brisent les statues de l'abolitionniste "
             "Victor Schoelcher")
    text = ("Je condamne avec fermeté les actes qui, perpétrés hier en Martinique, salissent "
            "sa mémoire. Le 22 mai 1848, les esclaves qui s'étaient rebellés contre les colons "
            "arrachaient leur liberté en Martinique au terme de plusieurs jours de violentes "
            "émeutes.")
    riots = [e for e in _events(engine, text, "2020-05-23", title) if e.type == "riot"]
    years = sorted(e.date.start.year for e in riots if e.date is not None)
    assert 2020 in years and 1848 in years, [(e.date, e.evidence.text) for e in riots]


# --- a headline label told again in the body with more to type it -------------------------

def test_headline_fire_is_the_body_industrial_accident(engine):
    # OrangeSum 1241: the title names the fire, the body tells it was at a Seveso site
    title = "Après l'incendie de Lubrizol, l'Etat montré du doigt par le Sénat"
    text = ("L'incendie, survenu le 26 septembre sur le site Seveso seuil haut, avait provoqué "
            "un immense nuage de fumée noire de 22 km de long.")
    fires = [e for e in _events(engine, text, "2020-06-05", title)
             if e.type in ("disaster", "accident")]
    assert [(e.type, e.date.start.isoformat() if e.date else None) for e in fires] == \
        [("accident", "2019-09-26")]


# --- a protest that turned into a riot is the riot -------------------------------------------

def test_protests_turned_into_a_riot_are_one_riot(engine):
    # OrangeSum 1504
    text = ("Dans la nuit de jeudi à vendredi, pour la troisième fois, les manifestations ont "
            "tourné à l'émeute aux abords du commissariat où travaillaient les quatre hommes.")
    assert [e.type for e in _events(engine, text, "2020-05-29")] == ["riot"]


def test_a_brawl_turned_into_a_riot_is_a_riot(engine):
    # OrangeSum 33734
    text = ("Une bagarre a éclaté entre vacanciers avant de tourner à l'émeute, rendant "
            "nécessaire l'intervention de la police.")
    assert "riot" in [e.type for e in _events(engine, text, "2020-08-10")]


def test_a_calm_march_is_still_a_protest(engine):
    # OrangeSum 3172
    text = ("A Lyon, environ un millier de manifestants ont défilé dans le calme pour "
            "réclamer \"des papiers pour toutes et tous\".")
    assert [e.type for e in _events(engine, text, "2020-06-20")] == ["protest"]


# --- the date of a toll's report is not the event's ------------------------------------------

def test_toll_report_date_does_not_make_a_new_event(engine):
    # OrangeSum 11323: the fire of Wednesday, its toll reported on Friday
    title = "Incendie de Londres : les derniers mots d'un couple d'Italiens avant de mourir"
    text = ("Gloria Trevisan et Marco Gottardi étaient présents dans la Grenfell Tower, dans le "
            "quartier de Kensington, lorsque l'incendie s'est déclenché dans l'immeuble "
            "mercredi dernier. Selon le dernier bilan, communiqué vendredi 16 juin, l'incendie "
            "a fait au moins 30 morts.")
    fires = [e for e in _events(engine, text, "2017-06-17", title) if e.type == "disaster"]
    assert [e.date.start.isoformat() for e in fires if e.date] == ["2017-06-14"]


# --- an arrest announced is reported, a protest announced is planned ------------------------

def test_arrests_announced_are_reported_facts(engine):
    # OrangeSum 19288
    text = ("Le gouvernement avait déjà annoncé samedi l'arrestation de près de 3.000 soldats "
            "pour leur rôle présumé dans la tentative de renversement du président.")
    arrests = [e for e in _events(engine, text, "2016-07-17") if e.type == "arrest"]
    assert [e.modality for e in arrests] == ["asserted"]


def test_deaths_announced_by_an_army_are_reported_facts(engine):
    # OrangeSum 3913
    text = ("L'armée indienne a d'abord annoncé mardi la mort d'un officier et de deux soldats, "
            "évoquant des morts \"des deux côtés\".")
    attacks = [e for e in _events(engine, text, "2020-06-17") if e.type == "attack"]
    assert attacks and all(e.modality == "asserted" for e in attacks)


def test_a_march_announced_is_still_planned(engine):
    # OrangeSum 22486
    text = ("Après la remise de ce rapport, la CGT a annoncé une manifestation nationale des "
            "cheminots le 22 mars, son leader Philippe Martinez évoquant une \"casse\" de la "
            "SNCF.")
    protests = [e for e in _events(engine, text, "2018-03-01") if e.type == "protest"]
    assert [e.modality for e in protests] == ["planned"]


def test_protests_degenerated_into_riots_are_a_riot(engine):
    # OrangeSum 7178: the bare plural "en émeutes" is the riot itself
    text = ("Contrairement à Twitter, la plateforme au pouce en l'air avait décidé de ne pas "
            "intervenir contre un message du président américain - \"Les pillages seront "
            "immédiatement accueillis par les balles\" - au sujet des manifestations en soutien "
            "à George Floyd qui ont parfois dégénéré en émeutes.")
    events = _events(engine, text, "2020-06-06")
    assert "protest" not in [e.type for e in events]
    assert [e.trigger.text for e in events if e.type == "riot" and e.modality == "asserted"] \
        == ["dégénéré en émeutes"]


def test_headline_noun_label_keeps_the_old_event_it_names(engine):
    # OrangeSum 34426: the headline names old assaults, the news is the inquiry
    title = ("Violences sexuelles dans le patinage: la justice lance de nouvelles "
             "investigations")
    text = ("Sarah Abitbol accusait dans son livre son ex-entraîneur Gilles Beyer de l'avoir "
            "violée et agressée sexuellement plusieurs fois entre 1990 et 1992, une période "
            "désormais couverte par la prescription.")
    attacks = [e for e in _events(engine, text, "2020-09-10", title) if e.type == "attack"]
    assert attacks and all(e.date is not None and e.date.start.year == 1990 for e in attacks), \
        [(e.trigger.text, e.date) for e in attacks]


# --- the preparation of the attack told is no plan -------------------------------------------

def test_preparation_of_the_attack_told_is_no_plan(engine):
    # OrangeSum 34005, 2523
    for text in (
            "Tous sont suspectés par la justice française d'avoir été impliqués dans la "
            "préparation de l'attaque ou de l'avoir perpétrée.",
            "Le Pnat estime que la préparation de l'attentat s'est faite \"dans un contexte de "
            "fascination idéologique pour la violence\"."):
        attacks = [e for e in _events(engine, text, "2020-06-01") if e.type == "attack"]
        assert [e.modality for e in attacks] == ["asserted"], text


def test_an_attack_being_prepared_is_planned(engine):
    # OrangeSum 8742
    text = ("Ces hommes, qui préparaient un attentat en France, ont presque tous été arrêtés "
            "fin 2015.")
    attacks = [e for e in _events(engine, text, "2016-11-21") if e.type == "attack"]
    assert [e.modality for e in attacks] == ["planned"]
