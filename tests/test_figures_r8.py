"""Figures on unseen articles, session 8 (issue 13): a source stated sentences before a
count reaches it only through sentences that hold counts; street furniture damaged is
counted. Real sentences from OrangeSum articles outside the gold sets (CC BY-SA 4.0,
cited by id); short excerpts."""
from __future__ import annotations


def source(figures, value):
    found = [f for f in figures if f.value == value and f.category != "other"]
    assert found, f"no figure of {value}"
    return found[0].source.text if found[0].source else None


def test_narration_between_a_source_and_a_count_stops_the_source(figures_of):
    # OrangeSum 22887: the source of a statement on the pilot, two sentences of
    # narration ("un problème", "un nuage" are no counts), then arrests of its own
    text = ("Selon une source proche du dossier, le pilote aurait perdu ses repères. "
            "C'est un problème d'estimation du pilote qui est entré dans un nuage très "
            "sombre. Deux personnes suspectées d'être responsables de l'incendie ont été "
            "interpellées avant d'être remises en liberté.")
    assert source(figures_of(text), 2) is None


def test_a_sentence_of_counts_carries_the_source(figures_of):
    # OrangeSum 16280: the prosecutor's figures, then a count in the next sentence
    text = ("Quatre personnes ont été interpellées jeudi pour ce motif, a précisé le "
            "parquet. Vendredi, trois autres personnes ont été placées en garde à vue.")
    assert source(figures_of(text), 3) == "le parquet"


def test_a_thing_counted_by_its_article_keeps_the_chain(figures_of):
    # an intermediate sentence on "un poste de police" damaged is still about figures
    text = ("Selon la préfecture, 17 personnes ont été placées en garde à vue. "
            "A Clichy, les vitres d'un poste de police ont été brisées par des "
            "manifestants. Par ailleurs, sept personnes ont été interpellées.")
    assert source(figures_of(text), 7) == "la préfecture"


def test_street_furniture_damaged_is_counted(figures_of):
    # OrangeSum 21646
    text = ("Au total, sept policiers ont été légèrement blessés, et \"une vitrine et deux "
            "abribus ont été dégradés\", selon un communiqué de la Préfecture de police.")
    found = {(f.value, f.category) for f in figures_of(text) if f.category != "other"}
    assert {(7, "injured"), (2, "damaged")} <= found
