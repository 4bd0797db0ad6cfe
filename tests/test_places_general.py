"""The places stage on kinds of sentences it used to get wrong on unseen French news:
country names that are also adjectives, famous towns against small foreign homonyms,
lower-case names, named sites, towns glued to the next sentence, people's first names.
The sentences are from OrangeSum articles outside the gold sets (ids given) and from
the aside articles of the briefs."""
from __future__ import annotations

from test_places import find, near, texts_of


def test_a_country_named_like_its_adjective(analyze):
    # aside os-13560; OrangeSum 11944
    r = analyze("En juin 2012, visé par un mandat d'arrêt, l'intermédiaire Abdul Rahman "
                "El Assir, qui vit en Suisse, est mis en examen.")
    suisse = find(r, "Suisse")
    assert (suisse.kind, suisse.country) == ("country", "CH")
    r = analyze("C'est grâce au procureur général de Hesse, Fritz Bauer, que les services "
                "israéliens apprennent qu'Eichmann se cache en Argentine sous le nom de "
                "Ricardo Klement.")
    assert find(r, "Argentine").country == "AR"


def test_a_capital_beats_a_small_homonym_of_the_article_country(analyze):
    # OrangeSum 14098 then 31543: an article naming the United States and Bern
    r = analyze("Gennady Podolsky, un agent de voyage basé à Chicago, aurait pu s'offrir "
                "95 allers-retours à Hawaï ou 40 à Séoul, explique le New York Times. La "
                "police a évacué une centaine de manifestants qui occupaient la place du "
                "Parlement fédéral à Berne.")
    berne = find(r, "Berne")
    assert berne.country == "CH" and near(berne, 46.95, 7.45)
    hawaii = find(r, "Hawaï")
    assert (hawaii.kind, hawaii.country) == ("admin", "US")


def test_lower_case_names_and_named_sites(analyze):
    # OrangeSum 1309, 12324
    r = analyze("A Agde (Hérault), deux employés d'un McDonald's ont refusé l'accès au "
                "restaurant à plusieurs jeunes hommes originaires de la région parisienne.")
    idf = find(r, "région parisienne")
    assert (idf.kind, idf.country) == ("admin", "FR") and near(idf, 48.7, 2.5, 150)
    r = analyze("Cette vache se baladait en liberté sur le parvis du Parc des expositions "
                "de la porte de Versailles à Paris, ce vendredi matin.")
    porte = find(r, "porte de Versailles")
    assert porte.kind == "feature" and near(porte, 48.86, 2.35)


def test_a_town_glued_to_the_next_sentence(analyze):
    # OrangeSum 10312: the text lost the space after the full stop
    r = analyze("Le père Lefèvre Pontalis est curé de l'église Saint-François-Xavier à "
                "Paris.Dans son église, les bancs ont été placés en quinconce.")
    assert find(r, "Paris").country == "FR"


def test_a_town_without_its_article(analyze):
    # aside os-16280
    r = analyze("Les interpellations ont eu lieu dans plusieurs communes, notamment Sevran, "
                "Bobigny, Clichy-sous-Bois, Blanc-Mesnil, Montreuil ou encore "
                "Rosny-sous-Bois.")
    bm = find(r, "Blanc-Mesnil")
    assert bm.country == "FR" and near(bm, 48.94, 2.46)


def test_a_town_whose_article_is_in_a_contraction(analyze):
    # OrangeSum 20439, 11982, 20571: "au Mans", "du Touquet", "aux Lilas"
    r = analyze("Les blocages de quatre autres dépôts pétroliers du grand ouest ont été "
                "levés, près de Rennes ainsi qu'à Brest, au Mans et à La Rochelle.")
    mans = find(r, "Mans")
    assert mans.country == "FR" and near(mans, 48.0, 0.2)
    r = analyze("La Baule, prisée des Parisiens à l'instar du Touquet ou de Deauville, doit "
                "beaucoup au tourisme.")
    assert near(find(r, "Touquet"), 50.52, 1.59)
    r = analyze("Le 4 octobre, Kewi, 15 ans, avait été mortellement poignardé aux Lilas en "
                "marge d'un cours d'EPS.")
    assert near(find(r, "Lilas"), 48.88, 2.42)
    # OrangeSum 29348: a département known alone keeps its reading ("des Landes")
    r = analyze("Un enfant a été enseveli sous le sable, alors qu'il s'amusait à creuser une "
                "galerie sur une plage des Landes.")
    assert "Les Landes-Genusson" not in {p.name for p in r.places}


def test_first_names_and_ministries_are_no_places(analyze):
    # aside os-11323, os-20914
    r = analyze("Gloria Trevisan et Marco Gottardi, un couple d'architectes italiens, "
                "étaient présents dans la tour. \"Dans son premier appel, Marco nous a dit "
                "que tout était sous contrôle\". A un moment, Gloria a ouvert la porte.")
    assert not {"Gloria", "Marco"} & texts_of(r)
    r = analyze("Le Quai d'Orsay, notre ambassade à Rome et notre consulat général à Milan "
                "restent en contact permanent avec les autorités italiennes.")
    assert not {"Quai d'Orsay", "Orsay"} & texts_of(r)
    assert find(r, "Rome").country == "IT"
