"""The French number grammar: values, approximations, ranges, vague quantities, units."""
from __future__ import annotations

import pytest

from depeche.lexicons import Lexicons
from depeche.numbers import NumberGrammar, find_quantities, parse_number


@pytest.fixture(scope="module")
def grammar():
    return NumberGrammar.from_dict(Lexicons("fr").get("numbers"))


def only(text, grammar):
    found = find_quantities(text, grammar)
    assert len(found) == 1, found
    q = found[0]
    assert text[q.start:q.end] == text[q.start:q.end].strip()
    return q


@pytest.mark.parametrize("text, value", [
    ("6.000", 6000), ("6 000", 6000), ("6\u00a0000", 6000), ("6\u202f000", 6000),
    ("300.000", 300000), ("1 082", 1082), ("2 700 000", 2700000), ("14", 14),
    ("1,5 million", 1500000), ("2,5 millions", 2500000), ("deux milliards", 2e9),
    ("six mille", 6000), ("quatre-vingt-dix-sept", 97), ("deux cent cinquante", 250),
    ("trois cents trente-trois", 333), ("vingt et un", 21), ("soixante et onze", 71),
    ("un millier", 1000), ("une soixantaine", 60), ("une trentaine", 30),
    ("onze", 11), ("Quinze", 15),
])
def test_values(text, value, grammar):
    assert parse_number(text, grammar) == pytest.approx(value)


@pytest.mark.parametrize("text, expr, value, approx", [
    ("au moins 14 morts", "au moins 14", 14, True),
    ("Au moins six touristes étrangers", "Au moins six", 6, True),
    ("près de 2,5 millions de personnes", "près de 2,5 millions", 2500000, True),
    ("Plus d'1,5 million de personnes", "Plus d'1,5 million", 1500000, True),
    ("quelque 20.000 participants", "quelque 20.000", 20000, True),
    ("environ 300.000 morts", "environ 300.000", 300000, True),
    ("pas moins de neuf autres personnes", "pas moins de neuf", 9, True),
    ("une soixantaine de civils", "une soixantaine", 60, True),
    ("6.000 civils ont pu être évacués", "6.000", 6000, False),
    ("dont 250 blessés", "250", 250, False),
    # OrangeSum 2336, 14098: "un peu moins de" is the approximation, not a count of one
    ("un peu moins de 100 personnes", "un peu moins de 100", 100, True),
    ("un peu plus de 1,58 million de visiteurs", "un peu plus de 1,58 million", 1580000, True),
])
def test_approximations(text, expr, value, approx, grammar):
    q = only(text, grammar)
    assert text[q.start:q.end] == expr
    assert q.value == pytest.approx(value) and q.approx is approx and q.kind == "count"


@pytest.mark.parametrize("text, low, high", [
    ("entre 10 et 15 morts", 10, 15), ("de 200 à 300 manifestants", 200, 300),
    ("deux ou trois blessés", 2, 3),
])
def test_ranges(text, low, high, grammar):
    q = only(text, grammar)
    assert (q.value, q.value_max, q.approx) == (low, high, True)


@pytest.mark.parametrize("text, value", [
    ("Plusieurs milliers d'habitants", 2000), ("des dizaines de blessés", 12),
    ("des centaines de manifestants", 100), ("des milliers de civils", 1000),
    ("plusieurs dizaines de jeunes conscrits", 20), ("de nombreux civils", 3),
])
def test_vague_quantities_take_the_conventional_values(text, value, grammar):
    q = only(text, grammar)
    assert q.vague and q.approx and q.value == value


@pytest.mark.parametrize("text, kind, unit", [
    ("un Américain noir de 46 ans", "measure", "year"),
    ("49% des électeurs", "measure", "percent"),
    ("des rafales à 240 km/h", "measure", "speed"),
    ("20 dollars", "measure", "money"),
    ("une soixantaine de kilomètres", "measure", "distance"),
    ("37 degrés Celsius", "measure", "temperature"),
    ("pendant trois jours", "measure", "day"),
    ("les 30 dernières années", "measure", "year"),
    ("un ouragan de catégorie 4", "label", None),
    ("le 25 mai", "date", None),
    ("en 2016", "year", None),
])
def test_non_counts_are_typed(text, kind, unit, grammar):
    qs = [q for q in find_quantities(text, grammar) if not q.article]
    assert len(qs) == 1, qs
    assert (qs[0].kind, qs[0].unit) == (kind, unit)


@pytest.mark.parametrize("text", ["vers 20h50", "le Covid-19", "appelez le 01 23 45 67 89",
                                  "au XVe siècle", "le 1er mai"])
def test_no_count_in_times_phones_ordinals(text, grammar):
    assert [q for q in find_quantities(text, grammar) if q.kind == "count"
            and not q.article] == []


def test_article_is_flagged(grammar):
    q = only("un mort", grammar)
    assert q.article and q.value == 1


def test_offsets_point_into_the_text(grammar):
    text = "La tempête a fait au moins onze morts et quelque 300 personnes, 1 082 interpellés."
    for q in find_quantities(text, grammar):
        assert q.start <= q.num_start < q.num_end <= q.end
    assert [text[q.start:q.end] for q in find_quantities(text, grammar)] == [
        "au moins onze", "quelque 300", "1 082"]


def test_a_list_of_ages_shares_its_unit(grammar):
    found = find_quantities("Trois personnes de 18, 24 et 26 ans ont été appréhendées.", grammar)
    assert [(q.value, q.kind) for q in found] == [
        (3, "count"), (18, "measure"), (24, "measure"), (26, "measure")]


@pytest.mark.parametrize("text, kind", [
    ("le journaliste de France 2 Gilles Jacquier", "label"),
    ("diffusé sur France 2.", "label"),
    ("En Syrie 20 morts ont été recensés", "count"),
])
def test_a_number_in_a_name_is_a_label(grammar, text, kind):
    (q,) = find_quantities(text, grammar)
    assert q.kind == kind


def _misspelt(tmp_path, name, old, new):
    """A `Lexicons` over a copy of lang/fr where `old` is replaced by `new` in `name`."""
    from importlib import resources
    text = resources.files("depeche").joinpath(f"lang/fr/{name}.toml").read_text(
        encoding="utf-8")
    assert old in text
    (tmp_path / f"{name}.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return Lexicons("fr", folder=tmp_path)


def test_a_misspelt_key_of_the_number_grammar_is_refused(tmp_path):
    from depeche.errors import SettingsError
    lexicons = _misspelt(tmp_path, "numbers", "\njoiners =", "\njoiner =")
    with pytest.raises(SettingsError, match=r"numbers\.toml.*words\.joiner"):
        NumberGrammar.load(lexicons)
    with pytest.raises(SettingsError, match=r"words\.joiner"):
        NumberGrammar.from_dict(lexicons.get("numbers"))


def test_the_number_grammar_loads_with_its_schema():
    assert NumberGrammar.load(Lexicons("fr")) == NumberGrammar.from_dict(
        Lexicons("fr").get("numbers"))


@pytest.mark.parametrize("text, is_time, is_measure", [
    ("en 2016", True, False), ("le 25 mai", True, False), ("20 dollars", False, True),
    ("un ouragan de catégorie 4", False, True), ("six touristes", False, False),
])
def test_what_a_quantity_is(text, is_time, is_measure, grammar):
    (q,) = [q for q in find_quantities(text, grammar) if not q.article]
    assert (q.is_time, q.is_measure) == (is_time, is_measure)


def test_a_number_glued_to_the_stop_before_it_is_read_whole(grammar):
    # OrangeSum scraping glues sentences: "depuis trois semaines.46 600 personnes" (a count
    # of 46 600, not 600); a decimal number written with a point stays no count
    found = find_quantities("depuis trois semaines.46 600 personnes ont été évacuées", grammar)
    assert [q.value for q in found if q.kind == "count"] == [46600]
    assert all(q.value != 46 for q in find_quantities("un taux de 3.46 pour cent", grammar))
