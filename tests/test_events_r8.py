"""The events layer on kinds of sentences that failed on unseen French news (issue 13,
session 8): custody told as a state, firefighters as forces sent, people rescued,
subheadings glued to the text.

Every sentence is from an OrangeSum article that is in no gold set (its id in a comment),
run through the whole engine."""
from __future__ import annotations


def _events(engine, text, published="2020-08-07", title=None):
    return engine.analyze(text, title=title, published=published).events


def _types(events):
    return sorted(e.type for e in events)


# --- custody told as a state is no new arrest ----------------------------------------------

def test_custody_still_running_is_no_new_arrest(engine):
    # OrangeSum 16280
    text = ("Deux ont écopé d'un \"rappel à la loi\", les deux autres se trouvaient toujours "
            "en garde à vue, a-t-il ajouté.")
    assert "arrest" not in _types(_events(engine, text, "2020-03-20"))


def test_custody_placed_is_still_an_arrest(engine):
    # OrangeSum 16280
    text = "Vendredi, trois autres personnes ont été placées en garde à vue."
    assert _types(_events(engine, text, "2020-03-20")) == ["arrest"]


# --- firefighters are forces; people rescued are aid -----------------------------------------

def test_firefighters_counted_are_a_deployment(engine):
    # OrangeSum 4768
    text = "Plus de 100 pompiers ont été mobilisés pour venir à bout de l'incendie."
    types = _types(_events(engine, text, "2019-05-26"))
    assert "deployment" in types and "aid" not in types


def test_things_or_animals_saved_are_no_rescue(engine):
    # OrangeSum 25448, 8955, 18372
    for text, day in (
            ("Notre-Dame conserve deux autres reliques de la Passion du Christ : un morceau "
             "de la Croix et un clou de la Passion, qui ont pu être sauvés.", "2019-04-16"),
            ("Le 25 décembre dernier, deux dauphins échoués sur la plage de Sète avaient été "
             "sauvés par les sapeurs-pompiers.", "2018-03-11"),
            ("Au total, \"336 vies ont été sauvées\" depuis l'entrée en vigueur de cette "
             "mesure en juillet 2018 sur 400.", "2020-02-01")):
        assert "aid" not in _types(_events(engine, text, day)), text


# --- subheadings glued to the text ---------------------------------------------------------

def test_dashed_subheading_with_a_participle_is_no_event(engine):
    # OrangeSum 35475: "- Quatre soldats tués -" heads the paragraph that tells it
    text = ("Alors que les discussions se poursuivent à Bamako, la situation reste "
            "tendue.- Quatre soldats tués -Alors que les discussions politiques et "
            "diplomatiques se poursuivent à Bamako, quatre soldats ont été tués.")
    events = _events(engine, text, "2020-08-23")
    assert not any(e.evidence.text.startswith(("- Quatre", "Quatre soldats tués"))
                   for e in events)


def test_dash_aside_inside_a_sentence_is_kept(engine):
    # a dash aside is no subheading: the sentence and its event stay whole
    text = ("Des manifestations ont eu lieu samedi dans trois pays - France, Allemagne et "
            "Italie - contre les restrictions sanitaires.")
    events = _events(engine, text, "2020-05-17")
    assert "protest" in _types(events)


# --- shots fired, counted acts, gatherings sized -------------------------------------------

def test_shots_fired_told_with_faire_feu_are_an_attack(engine):
    # OrangeSum 28474 (a weapon seized is no area taken)
    text = ("L'individu s'est alors rendu à son véhicule, s'est emparé d'un fusil et d'une "
            "arme de poing, puis a fait feu en l'air et même en direction de \"gilets jaunes\".")
    assert _types(_events(engine, text, "2018-11-19")) == ["attack"]


def test_acts_counted_in_figures_are_a_statistic(engine):
    # OrangeSum 10528, 11149
    text = "En 2016, ce sont 431 attaques à l'acide qui ont été répertoriées à Londres."
    assert _events(engine, text, "2017-09-24") == ()
    text = ("Les services de renseignements afghans ont annoncé mercredi que les insurgés "
            "avaient mené 3.712 attaques, tuant près de 500 civils, depuis la signature de "
            "l'accord américano-taliban.")
    assert not any(e.trigger.text == "attaques" for e in _events(engine, text, "2020-05-14"))


def test_arrests_counted_in_figures_are_one_event(engine):
    # OrangeSum 19288 (title)
    events = _events(engine, "Turquie : vaste purge après le coup d'état avorté, 6.000 "
                             "arrestations", "2016-07-17")
    assert "arrest" in _types(events)


def test_a_meeting_sized_by_a_participle_is_no_rally(engine):
    # OrangeSum 14944
    text = ("Les faits se seraient produits le 11 février lors d'une soirée organisée à "
            "l'occasion d'un sommet économique Nouvelle-Calédonie/Vanuatu, réunissant des "
            "chefs d'entreprises et des représentants politiques.")
    assert "protest" not in _types(_events(engine, text, "2019-03-24"))


# --- where it happened -----------------------------------------------------------------------

def test_a_place_of_who_reports_it_is_not_where(engine):
    # OrangeSum 22366: the prosecutor of Grasse tells of an arrest in Nice
    text = ("Le lendemain, son compagnon, a été interpellé et placé en garde à vue dans les "
            "locaux de la Sûreté départementale, à Nice, a indiqué le parquet de Grasse.")
    arrests = [e for e in _events(engine, text, "2019-09-02") if e.type == "arrest"]
    assert [e.place.name for e in arrests if e.place] == ["Nice"]


def test_help_sent_to_the_scene_of_an_event_happens_where_it_did(engine):
    # OrangeSum 13668 (its sentences, the province named first)
    text = ("La Dépêche du Midi rapporte l'information depuis le Tarn. Deux personnes sont "
            "mortes samedi soir dans un accident de la route à Castres. Les deux occupants de "
            "la voiture étaient prisonniers dans l'habitacle de leur véhicule quand les "
            "secours sont arrivés sur les lieux de l'accident.")
    aid = [e for e in _events(engine, text, "2016-07-10") if e.type == "aid"]
    assert aid and aid[0].place is not None and aid[0].place.name == "Castres"
    assert "place.scene" in aid[0].rules


# --- kinds, plots and habits are no occurrence ------------------------------------------

def test_a_payment_stopped_is_no_arrest(engine):
    # aside OrangeSum 13560
    text = ("En septembre et novembre, des notes rédigées par un ancien de la DST évoquent la "
            "thèse d'un attentat ourdi en rétorsion à la décision de Jacques Chirac d'arrêter "
            "le versement de commissions à des responsables pakistanais.")
    assert "arrest" not in _types(_events(engine, text, "2019-10-05"))


def test_with_the_help_of_ladders_is_no_aid(engine):
    # OrangeSum 32823
    text = "Les pompiers ont évacué plusieurs habitants à l'aide de leurs échelles."
    assert "aid" not in _types(_events(engine, text, "2020-08-11"))


def test_fighting_now_and_then_is_a_habit(engine):
    # aside OrangeSum 1436
    text = ("Malgré une trêve ces derniers mois, les deux camps s'affrontent, à l'occasion, "
            "avec des tirs de roquettes depuis Gaza et des frappes de représailles de l'armée "
            "israélienne.")
    assert "armed_clash" not in _types(_events(engine, text, "2020-06-27"))


def test_plots_listed_among_charges_are_a_kind(engine):
    # aside OrangeSum 22105 ("des projets d'attaque" among a convict's charges)
    text = ("Parmi eux figure Jérémy Bailly, condamné en juin 2017 à 28 ans de réclusion "
            "criminelle pour un attentat à la grenade à Sarcelles en 2012, des projets "
            "d'attaque et des séjours en Syrie.")
    events = _events(engine, text, "2019-09-17")
    assert not any(e.trigger.text == "attaque" for e in events)


def test_a_toll_in_figures_is_no_statistic(engine):
    # aside OrangeSum 19288
    text = ("Celle-ci a avorté samedi matin après une nuit dramatique de violences ayant fait "
            "au moins 265 morts à Ankara et Istanbul.")
    assert _events(engine, text, "2016-07-17") != ()


def test_protesters_who_smash_are_a_riot_not_a_protest_more(engine):
    # aside OrangeSum 10254 (title)
    events = _events(engine, "Martinique : des manifestants brisent les statues de "
                             "l'abolitionniste Victor Schoelcher", "2020-05-23")
    assert _types(events) == ["riot"]


def test_firefighters_called_to_one_car_are_no_deployment(engine):
    # OrangeSum 12632
    text = ("Vers 1 heure, dans la nuit de lundi à mardi, les pompiers étaient intervenus sur "
            "cette voiture en feu.")
    assert "deployment" not in _types(_events(engine, text, "2016-11-16"))


def test_taking_to_the_streets_is_a_protest(engine):
    # OrangeSum 14977, 13331 (the second a habit: every week)
    text = ("Vendredi, des millions d'Algériens sont à nouveau descendus dans la rue pour "
            "exprimer leur refus de la prolongation de fait de son actuel mandat.")
    assert "protest" in _types(_events(engine, text, "2019-03-19"))
    text = ("L'écologiste appelle à \"écouter ce cri d'alerte de nos enfants\" qui descendent "
            "dans la rue chaque semaine.")
    assert "protest" not in _types(_events(engine, text, "2019-10-15"))
