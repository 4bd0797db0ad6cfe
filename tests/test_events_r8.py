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
