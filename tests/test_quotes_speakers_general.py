"""Speakers on sentences of unseen French news (OrangeSum, CC BY-SA 4.0, short excerpts):
a speaker is a person, a group or a body, read from the right clause."""
from __future__ import annotations

import pytest



@pytest.fixture(scope="module")
def quotes(direct_quotes):
    return direct_quotes


def test_a_charge_is_not_said_by_the_accused(quotes):
    # OrangeSum os-22105: "mis en examen pour « … »" quotes a charge, not the accused
    text = ('M. Chiolo a été mis en examen après cette attaque pour "tentative d\'assassinats '
            'sur personne dépositaire de l\'autorité publique en relation avec une entreprise '
            'terroriste" et "association de malfaiteurs terroriste criminelle en récidive '
            'légale".')
    assert [q.speaker for q in quotes(text)] == [None, None]


def test_the_object_of_a_coordinated_verb_is_no_incise(quotes):
    # OrangeSum os-21646: "… » et a appelé les manifestants à « … »": Collomb both times
    text = ('Interrogé sur BFMTV, samedi 26 mai, le ministre de l\'Intérieur, Gérard Collomb, '
            'a estimé que "les personnes qui veulent exprimer leur opinion puissent s\'opposer '
            'aux casseurs" et a appelé les manifestants à "ne pas être complices de ce qui se '
            'passe par leur passivité".')
    assert [q.speaker for q in quotes(text)] == ["Gérard Collomb", "Gérard Collomb"]


def test_a_share_of_a_budget_is_no_speaker(quotes):
    # OrangeSum os-2009: the parse makes "15% du budget" the subject
    text = ('Les Etats-Unis, qui en étaient le premier bailleur (893 millions de dollars sur la '
            'période 2018/2019, environ 15% du budget de l\'OMS), vont "rediriger ces fonds vers '
            'd\'autres besoins de santé publique urgents et mondiaux qui le méritent".')
    (q,) = quotes(text)
    assert q.speaker is None or "budget" not in q.speaker


def test_a_time_phrase_ends_the_speaker(quotes):
    # OrangeSum os-18256
    text = ('"Nous avons interpellé environ 95 personnes", a déclaré un porte-parole de la '
            'police de la ville deux heures après la prestation de serment.')
    (q,) = quotes(text)
    assert q.speaker == "un porte-parole de la police de la ville"


def test_a_glued_heading_ends_its_sentence_and_the_apposed_name_speaks(quotes):
    # OrangeSum os-20914: a heading glued to the next sentence, then "le ministre …, X,"
    text = ('L\'Italie promet que les responsables vont "payer, payer tout et payer cher"De son '
            'côté le ministre de l\'Intérieur italien, Matteo Salvini, a déclaré qu\'il y avait '
            '"une trentaine de morts confirmés et beaucoup de blessés graves".')
    assert quotes(text)[-1].speaker == "Matteo Salvini"


def test_se_souvenir_introduces_a_speaker(quotes):
    # OrangeSum os-1526
    text = ('Dans la foulée, cinq tonnes de matière première ont été importées d\'Inde et le '
            'laboratoire s\'est mis "en état d\'alerte", se souvient Evangelia Sakellariou.')
    (q,) = quotes(text)
    assert q.speaker == "Evangelia Sakellariou"



def test_a_date_before_the_inverted_name_is_skipped(quotes):
    # OrangeSum 27877: "a assuré ce mardi 21 juin Manuel Valls"
    text = ('"Si le non l\'emporte, le projet sera abandonné", a assuré ce mardi 21 juin Manuel '
            'Valls lors des questions au gouvernement.')
    (q,) = quotes(text)
    assert q.speaker == "Manuel Valls"
