"""Speakers named again or left out, on sentences of unseen French news (OrangeSum,
CC BY-SA 4.0, short excerpts): "ajoute la même source" is the last quote's source; a
quote whose sentence names no speaker goes on with the speaker of the paragraph's
previous quote; a case's name ("Affaire X") is no person."""
from __future__ import annotations

import pytest



@pytest.fixture(scope="module")
def quotes(direct_quotes):
    return direct_quotes


def test_the_same_source_is_the_last_quotes_source(quotes):
    # OrangeSum 18210
    text = ('Cependant, dans le JDD, un proche d\'Emmanuel Macron prête à Agnès Buzyn "un '
            'profil rassurant, l\'oeil bienveillant du médecin expérimenté", confie-t-il. '
            '"Pour l\'instant, on la sous-utilise. Personne ne lui a donné l\'audace de sortir '
            'de son domaine", ajoute la même source.')
    got = quotes(text)
    assert got[-1].speaker == got[0].speaker
    assert got[-1].speaker not in (None, "la même source")


def test_a_quote_in_a_sentence_without_speaker_continues_the_paragraph(quotes):
    # OrangeSum os-1241 (aside set): the report's words go on in the next sentence
    text = ('Cette décision prise "trois jours avant la publication du premier avis de '
            'l\'Anses apparaît prématurée", selon le rapport. Le gouvernement a ensuite "fait '
            'fi du caractère incomplet de l\'analyse des prélèvements d\'air".')
    assert [q.speaker for q in quotes(text)] == ["le rapport", "le rapport"]


def test_a_person_named_between_stops_the_continuation(quotes):
    # OrangeSum os-1241 (aside set): Hervé Maurey is named before the second quote
    text = ('"Il y a des questionnements sur la nature des produits et sur les interférences '
            'entre eux", a renchéri Mme Bonnefoy. Le président centriste de la commission '
            'Hervé Maurey est lui aussi "interpellé quant au sérieux et à la rigueur de tout '
            'cela".')
    got = quotes(text)
    assert got[0].speaker == "Bonnefoy" or got[0].speaker.endswith("Bonnefoy")
    assert got[1].speaker is None or "Maurey" in got[1].speaker


def test_a_case_name_is_no_person(quotes):
    # OrangeSum 15153: the headline's "Affaire Rugy" is a case, "il" is Emmanuel Macron
    text = ('Affaire Rugy : Emmanuel Macron s\'exprime à Belgrade.\nEmmanuel Macron a déclaré '
            'lundi 15 juillet avoir "demandé au Premier ministre d\'apporter toute la clarté" '
            'sur l\'affaire de Rugy. "Je ne prends pas de décisions sur la base de révélations '
            'mais de faits", a-t-il expliqué.')
    assert [q.speaker for q in quotes(text)] == ["Emmanuel Macron", "Emmanuel Macron"]


def test_a_name_in_a_prepositional_phrase_after_the_title_is_not_the_speaker(quotes):
    # OrangeSum os-19288 (aside set): "le chef de l'Etat …, en référence à son ennemi X"
    text = ('Le président turc Recep Tayyip Erdogan a appelé samedi les Etats-Unis à extrader '
            'le prédicateur exilé Gülen. "Les Etats-Unis, vous devez extrader cette personne", '
            'a lancé le chef de l\'Etat devant une foule de milliers de partisans, en référence '
            'à son ennemi juré Fethullah Gülen, installé en Pennsylvanie.')
    assert [q.speaker for q in quotes(text)] == ["Recep Tayyip Erdogan"]


def test_a_title_after_a_relative_links_to_the_apposed_name(quotes):
    # OrangeSum os-19288 (aside set): "…, où le ministre de X, Y, a estimé" then "le ministre"
    text = ('Même son de cloche à Paris, où le ministre des Affaires étrangères, Jean-Marc '
            'Ayrault, a estimé que le coup d\'Etat raté n\'était pas un chèque en blanc. "Nous '
            'voulons que l\'état de droit fonctionne pleinement en Turquie", a déclaré le '
            'ministre à la chaîne de télévision France 3.')
    assert [q.speaker for q in quotes(text)] == ["Jean-Marc Ayrault"]
