"""Who a figure or a statement comes from, on real French phrasings."""
from __future__ import annotations

import pytest

from depeche.attribution import AttributionLexicon, find_source
from depeche.lexicons import Lexicons


@pytest.fixture(scope="module")
def lexicon():
    return AttributionLexicon.from_dict(Lexicons("fr").get("attribution"))


def source_of(nlp, lexicon, text, target):
    doc = nlp(text)
    i = text.index(target)
    found = find_source(doc, i, i + len(target), lexicon)
    if found is not None:
        assert text[found.start:found.end] == found.text
    return found.text if found else None


@pytest.mark.parametrize("text, target, expected", [
    ("6.000 civils ont pu être évacués dans la nuit de jeudi à vendredi, dont 250 blessés, "
     "selon le gouvernement russe.", "250", "le gouvernement russe"),
    ("La manifestation a réuni quelque 20.000 participants selon la PP.", "20.000", "la PP"),
    ("D'après l'Observatoire syrien des droits de l'homme, 28 soldats ont été tués.", "28",
     "l'Observatoire syrien des droits de l'homme"),
    ("Parmi ces interpellations, 17 ont donné lieu à des gardes à vue, a-t-on précisé de même "
     "source.", "17", "même source"),
    ("Sept personnes ont été interpellées, de source policière.", "Sept", "source policière"),
    ("Un homme a blessé sept personnes dans une attaque à la hache, a indiqué la police locale.",
     "sept", "la police locale"),
    ("La tempête a fait au moins onze morts, selon un dernier bilan obtenu jeudi soir auprès "
     "des autorités locales.", "onze", "autorités locales"),
    ("Une avalanche a causé la mort de neuf personnes, selon les informations des autorités.",
     "neuf", "autorités"),
    ("Officiellement, 55 corps ont été repêchés.", "55", "Officiellement"),
    ("Au moins 140 pompiers participent aux opérations de sauvetage, a indiqué le responsable "
     "de ce service, Vassilis Varthakoyannis.", "140", "Vassilis Varthakoyannis"),
])
def test_source_in_the_sentence(nlp, lexicon, text, target, expected):
    assert source_of(nlp, lexicon, text, target) == expected


@pytest.mark.parametrize("text, target", [
    # OrangeSum 14792: alone, this sentence parses "fait" as punctuation
    ("Le dernier bilan officiel fait état de 207 morts mais pourrait être encore amené à "
     "s'aggraver.", "207"),
])
def test_a_reporting_phrase_the_parse_missed(nlp, lexicon, text, target):
    assert source_of(nlp, lexicon, text, target) == "Le dernier bilan officiel"


def test_a_glued_sentence_after_the_figure_is_no_source(nlp, lexicon):
    # aside os-2009 (OrangeSum): scraped text glues "(27.121).Mais" and a subheading
    # "(311).- Résultats"; the study named three sentences on is no source of the tolls
    text = ("Les Etats-Unis sont le pays le plus lourdement touché en valeur absolue, avec "
            "102.836 décès. Suivent le Royaume-Uni (38.161), l'Italie (33.229) et l'Espagne "
            "(27.121).Mais en proportion de la population, c'est en Belgique que la "
            "mortalité est la plus élevée (816 morts par million d'habitants), devant "
            "l'Irlande (333) et les Etats-Unis (311).- Résultats \"encourageants\" "
            "-L'anakinra donne des résultats \"encourageants\" pour les formes graves de "
            "la Covid-19, selon une étude française parue dans la revue spécialisée The "
            "Lancet Rheumatology.")
    assert source_of(nlp, lexicon, text, "38.161") is None


def test_a_subheading_starts_a_section_that_takes_no_source_from_before(nlp, lexicon):
    # aside os-35621 (OrangeSum): "- Inquiétude au Maroc -" heads a new section
    text = ("La Suède a indiqué de son côté participer à un accord à l'échelle de l'UE avec "
            "le groupe pharmaceutique AstraZeneca.- Inquiétude au Maroc -Avec plus d'un "
            "millier de cas quotidiens depuis début août, la hausse des contaminations au "
            "Maroc alimente l'inquiétude des médias locaux.")
    assert source_of(nlp, lexicon, text, "millier") is None
    # ... while a section keeps the source its first sentence gives (os-35621)
    text = ("- Près de 788.000 morts -La pandémie a fait près de 788.000 morts dans le "
            "monde depuis fin décembre, selon un bilan établi par l'AFP à partir de sources "
            "officielles jeudi.Les États-Unis sont le pays le plus touché, avec 173.193 "
            "décès. Suivent le Brésil (111.100 morts) et le Royaume-Uni (41.397 morts).")
    assert source_of(nlp, lexicon, text, "173.193") == "l'AFP"
    assert source_of(nlp, lexicon, text, "41.397") == "l'AFP"


def test_source_of_an_earlier_sentence_of_the_paragraph(nlp, lexicon):
    text = ("Un homme armé a retenu six personnes, selon Le Parisien. Il a ensuite libéré "
            "deux femmes.")
    assert source_of(nlp, lexicon, text, "deux") == "Le Parisien"


def test_no_source_across_paragraphs(nlp, lexicon):
    text = "Six personnes ont été retenues, selon Le Parisien.\nDeux femmes ont été libérées."
    assert source_of(nlp, lexicon, text, "Deux") is None


def test_no_source_when_none_is_given(nlp, lexicon):
    assert source_of(nlp, lexicon, "L'attentat a fait 130 morts en 2015.", "130") is None


def test_impersonal_subject_is_no_source(nlp, lexicon):
    assert source_of(nlp, lexicon, "On compte 12 morts dans le village.", "12") is None


def test_suivant_is_not_a_source(nlp, lexicon):
    text = "Trois civils ont été tués suivant une offensive du régime."
    assert source_of(nlp, lexicon, text, "Trois") is None


@pytest.mark.parametrize("text, target, expected", [
    # a passive reporting verb: the agent is the source, not the subject
    ("Samedi dernier, 22.300 manifestants avaient été recensés par le ministère de "
     "l'Intérieur.", "22.300", "le ministère de l'Intérieur"),
    ("Au moins 606.715 personnes ont été déclarées guéries.", "606.715", None),
    # scraped text glues sentences: a source stops at the glued end
    ("Dix personnes ont été interpellées, a constaté un journaliste de l'AFP.Les signes "
     "d'une reprise en main sont nombreux.", "Dix", "un journaliste de l'AFP"),
])
def test_source_held_out(nlp, lexicon, text, target, expected):
    assert source_of(nlp, lexicon, text, target) == expected


def test_a_verb_inside_a_quote_is_no_source_outside_it(nlp, lexicon):
    text = ('"Des talibans ont lancé une attaque contre un poste de police", dans laquelle '
            "sept policiers ont été tués.")
    doc = nlp(text)
    i = text.index("sept")
    quoted = [(1, text.index('",'))]
    found = find_source(doc, i, i + 4, lexicon, quoted)
    assert found is None or "talibans" not in found.text


def test_a_participle_clause_is_no_incise(nlp, lexicon):
    text = ('"Il faut relocaliser", ajoute-t-il, mentionnant l\'exemple de l\'imagerie médicale. '
            "Selon un dernier bilan lundi soir, l'épidémie a fait 14.967 morts en France.")
    assert source_of(nlp, lexicon, text, "14.967") is None


def test_a_passive_agent_needs_par(nlp, lexicon):
    text = ("L'horloge de la dette, dressée sur le toit d'un immeuble de Times Square, "
            "affichait lundi plus de 48.000 morts.")
    assert source_of(nlp, lexicon, text, "48.000") is None


def test_a_misspelt_key_of_the_attribution_lexicon_is_refused(tmp_path):
    from importlib import resources

    from depeche.errors import SettingsError
    text = resources.files("depeche").joinpath("lang/fr/attribution.toml").read_text(
        encoding="utf-8")
    assert "\nadverbs =" in text
    (tmp_path / "attribution.toml").write_text(text.replace("\nadverbs =", "\nadverb =", 1),
                                               encoding="utf-8")
    lexicons = Lexicons("fr", folder=tmp_path)
    with pytest.raises(SettingsError, match=r"attribution\.toml.*markers\.adverb"):
        AttributionLexicon.load(lexicons)
    # the events stage's call form refuses it too
    with pytest.raises(SettingsError, match=r"markers\.adverb"):
        AttributionLexicon.from_dict(lexicons.get("attribution"))


def test_the_lexicon_loads_the_same_with_its_schema(lexicon):
    assert AttributionLexicon.load(Lexicons("fr")) == lexicon


def test_selon_a_pronoun_names_the_person_before(nlp, lexicon):
    # OrangeSum 3077 (shortened): "selon lui" is the governor named before
    text = ("Le gouverneur Andrew Cuomo a parlé dimanche. Selon lui, 38 cas d'inflammation "
            "pédiatrique ont été détectés à New York.")
    doc = nlp(text)
    i = text.index("38 cas")
    found = find_source(doc, i, i + 6, lexicon)
    assert found is not None and found.text == "Andrew Cuomo"


def test_a_noun_phrase_cut_by_the_parse_takes_no_source_from_the_next_sentence(nlp, lexicon):
    # OrangeSum 32758: the parse ends a sentence inside "13.215 nouveaux cas"; the
    # "a déclaré Boris Johnson" further on is about something else
    text = ("La France a enregistré vendredi 13.215 nouveaux cas de Covid-19 en 24 heures, un "
            "nouveau record depuis le lancement des tests à grande échelle.- \"Deuxième "
            "vague\" au Royaume-Uni -Le Royaume-Uni fait face à une \"deuxième vague\" de "
            "l'épidémie de Covid-19, a déclaré vendredi le Premier ministre Boris Johnson.")
    doc = nlp(text)
    i = text.index("13.215")
    assert find_source(doc, i, i + 6, lexicon) is None


@pytest.mark.parametrize("text, target, expected", [
    # OrangeSum os-996 (aside): a title with the name in apposition is kept as written
    ("Quatre hommes ont été placés en garde à vue, a précisé à l'AFP le procureur de la "
     "République de Besançon, Etienne Manteaux.", "Quatre",
     "le procureur de la République de Besançon, Etienne Manteaux"),
    # a body with its acronym in brackets keeps both
    ("Deux pompiers ont été blessés selon le Centre national des ouragans (NHC), qui "
     "suit la tempête.", "Deux", "le Centre national des ouragans (NHC)"),
])
def test_a_title_and_its_apposed_name_as_written(nlp, lexicon, text, target, expected):
    assert source_of(nlp, lexicon, text, target) == expected


def test_the_sources_of_a_selon_phrase_are_not_a_second_source(nlp, lexicon):
    # OrangeSum os-35621 (aside): "à partir de sources officielles" belongs to the "selon"
    # phrase; the next (glued) sentence's counts come from its author
    text = ("La pandémie a fait plus de 800.000 morts dans le monde depuis fin décembre, "
            "selon un bilan établi par l'AFP à partir de sources officielles jeudi.Les "
            "États-Unis sont le pays le plus touché, avec 173.000 morts.")
    assert source_of(nlp, lexicon, text, "173.000") == "l'AFP"
    assert source_of(nlp, lexicon, text, "800.000") == "l'AFP"


def test_the_source_of_a_sentence_without_a_count_stays_there(nlp, lexicon):
    # OrangeSum 18438: the earlier sentence's "selon" is about another fact
    text = ("Selon Franceinfo et BFMTV, les syndicats de personnels navigants avaient "
            "réclamé cette mesure, face à l'épidémie. Le bilan de l'épidémie de pneumonie "
            "virale s'est alourdi à 170 morts jeudi en Chine.")
    assert source_of(nlp, lexicon, text, "170") is None


def test_a_sentence_announcing_figures_gives_its_source_to_them(nlp, lexicon):
    # OrangeSum 6041: the sentence has no count but announces the figures that follow
    text = ("Le gouvernement brésilien a publié dimanche soir des chiffres divergents pour "
            "les décès et contaminations quotidiens. Un premier bilan faisait état de 1.382 "
            "morts supplémentaires, et un second de 525.")
    assert source_of(nlp, lexicon, text, "1.382") == "Le gouvernement brésilien"
