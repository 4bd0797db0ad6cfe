"""Figures on unseen articles, session 8 second round (issue 13): a count restated
rounded ("plus de 364.000") and exact is one figure. Real sentences from OrangeSum
articles outside the gold sets (CC BY-SA 4.0, cited by id); short excerpts."""
from __future__ import annotations


def counted(figures):
    return sorted((f.value, f.category) for f in figures if f.category != "other")


def test_a_rounded_subheading_and_the_exact_count_are_one_figure(figures_of):
    # OrangeSum 2009: a scraped subheading rounds the toll the next sentence gives
    text = ("- Plus de 364.000 morts -La pandémie a fait au moins 364.362 morts dans le "
            "monde depuis son apparition en décembre en Chine, selon un bilan établi par "
            "l'AFP à partir de sources officielles.")
    found = [f for f in figures_of(text) if f.category != "other"]
    assert [(f.value, f.category) for f in found] == [(364362, "killed")]
    assert found[0].source is not None and found[0].source.text == "l'AFP"


def test_counts_far_apart_are_two_figures(figures_of):
    # OrangeSum 19288: "près de 3.000 soldats" arrested, then 34 generals: other facts
    text = ("Le gouvernement avait déjà annoncé samedi l'arrestation de près de 3.000 "
            "soldats. D'après la télévision NTV, 34 généraux ont été arrêtés jusqu'à "
            "présent.")
    assert counted(figures_of(text)) == [(34, "arrested"), (3000, "arrested")]



def test_soldiers_fallen_in_operation_listed_by_rank(figures_of):
    # OrangeSum 12174: "tombés en opération" is killed; two ranks with the same number
    # in one list are two counts
    text = ("Le président de la République Emmanuel Macron salue \"avec le plus grand "
            "respect la mémoire de ces militaires de l'armée de terre, six officiers, six "
            "sous-officiers, et un caporal-chef, tombés en opération et morts pour la "
            "France dans le dur combat contre le terrorisme au Sahel\".")
    found = [(f.value, f.category, f.noun.text if f.noun else None)
             for f in figures_of(text) if f.category != "other"]
    assert (6, "killed", "officiers") in found and (6, "killed", "sous-officiers") in found
