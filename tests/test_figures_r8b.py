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


def test_a_round_world_toll_and_a_country_toll_near_it_are_two_figures(figures_of):
    # OrangeSum 33491: "plus de 100.000" (one significant digit) is no rounding of 104.201
    text = ("Le nombre des morts dues au Covid-19 a doublé depuis le 2 juin et plus de 100.000 "
            "nouveaux décès ont été recensés en 17 jours, depuis le 26 juillet.Les Etats-Unis "
            "sont le pays le plus endeuillé (166.038 décès), devant le Brésil (104.201 morts).")
    values = [v for v, c in counted(figures_of(text)) if c == "killed"]
    assert 100000 in values and 104201 in values

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


def source_text(figures, value):
    found = [f for f in figures if f.value == value and f.category != "other"]
    assert found, f"no figure of {value}"
    return found[0].source.text if found[0].source else None


def test_a_source_is_an_author_not_a_time_before_it(figures_of):
    # OrangeSum 33776: "un bilan établi vendredi par l'AFP"
    text = ("La pandémie a fait au moins 715.343 morts dans le monde depuis que le bureau de "
            "l'OMS en Chine a fait état de l'apparition de la maladie fin décembre, selon un "
            "bilan établi vendredi par l'AFP à partir de sources officielles.")
    assert source_text(figures_of(text), 715343) == "l'AFP"


def test_a_glued_subheading_is_not_part_of_the_source(figures_of):
    # OrangeSum 35621: the subheading after the sentence lost its space
    text = ("L'Italie, jusqu'ici parmi les pays européens relativement épargnés par la "
            "résurgence du coronavirus, a enregistré en 24 heures 845 nouveaux cas, soit le "
            "chiffre le plus haut depuis le 23 mai, selon le ministère de la Santé.- "
            "\"Perspectives raisonnables\" de vaccin -Le président français a parlé.")
    assert source_text(figures_of(text), 845) == "le ministère de la Santé"


def test_places_objects_and_locutions_report_nothing(figures_of):
    # OrangeSum 36299: a country that counts its cases is no source
    text = ("En Belgique, le nombre de nouvelles infections au cours de la période a augmenté "
            "de 91%. Le pays comptait jeudi 64.627 cas recensés depuis le début de la "
            "pandémie et 9.808 décès.")
    assert source_text(figures_of(text), 9808) is None
    # OrangeSum 28603: "par rapport à la saison précédente" is no agent
    text = ("Treize personnes sont décédées dans des accidents de chasse lors de la dernière "
            "saison (entre le 1er juin 2017 et 31 mai 2018), dont deux non chasseurs, un "
            "chiffre en baisse par rapport à la saison précédente, a annoncé début septembre "
            "l'Office national de la chasse et de la faune sauvage (ONCFS).")
    assert source_text(figures_of(text), 13) != "rapport à la saison précédente"
    assert "début" not in (source_text(figures_of(text), 13) or "")


def test_a_time_after_the_source_is_not_part_of_it(analyze):
    # OrangeSum 18256 (the whole pipeline: the count is in a direct quote)
    text = ("\"Nous avons interpellé environ 95 personnes\", a déclaré un porte-parole de la "
            "police de la ville deux heures après la prestation de serment.")
    assert source_text(analyze(text).figures, 95) == "un porte-parole de la police de la ville"


def test_a_headline_count_with_a_bare_insert_shares_its_participle(figures_of):
    # OrangeSum 23706 (headline): "mises" agrees with "quatre personnes", not with
    # "un surveillant"
    text = "Fuites des sujets du bac : quatre personnes dont un surveillant mises en examen"
    assert (4, "arrested") in counted(figures_of(text))


def test_a_plural_participle_after_a_coordination_is_on_each_noun(figures_of):
    # OrangeSum 23706: "interpellés" hangs on "un couple" in the parse
    text = ("Deux candidats au baccalauréat et un couple de trentenaires, interpellés dans "
            "l'enquête sur des soupçons de fraude concernant des épreuves de mathématiques, "
            "vont être présentés à un juge d'instruction.")
    assert (2, "arrested") in counted(figures_of(text))


def test_countries_counted_are_no_forces(figures_of):
    # OrangeSum 3913: the troops are engaged, the two powers are countries
    text = ("Des troupes des deux puissances nucléaires ont été engagées depuis début mai "
            "dans plusieurs face-à-face tendus le long de leur frontière.")
    assert counted(figures_of(text)) == []
