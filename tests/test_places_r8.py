"""Places on unseen articles, session 8 (issue 13): a town named with its container in
brackets ("Générac (Gard)") whatever its size, and the candidates inside the container for
a name that has homonyms ("Vienne (Isère)"); French names of European regions; a district
far from the city of its sentence is not that homonym; "le secteur de X". Sentences from
OrangeSum articles outside the gold sets (CC BY-SA 4.0, ids given) and the aside articles
of the briefs."""
from __future__ import annotations

from test_places import find, near


def test_a_small_town_with_its_departement_in_brackets(analyze):
    # aside os-22887; OrangeSum 10218
    r = analyze("Franck Chesneau est mort vendredi 2 août dans le crash de son tracker, en "
                "intervention sur l'incendie de Générac (Gard).")
    generac = find(r, "Générac")
    assert generac.country == "FR" and near(generac, 43.73, 4.35)
    r = analyze("Un chasseur de 74 ans est mort dimanche 29 octobre à Châtillon-en-Diois "
                "(Drôme).")
    assert near(find(r, "Châtillon-en-Diois"), 44.69, 5.47)


def test_the_container_picks_the_homonym_inside_it(analyze):
    # OrangeSum 10298: the town of Isère, not the département of Vienne nor Austria's
    r = analyze("Le parquet de Vienne (Isère) a ouvert deux enquêtes dans l'affaire.")
    vienne = find(r, "Vienne")
    assert (vienne.kind, vienne.country) == ("city", "FR") and near(vienne, 45.53, 4.87)
    r = analyze("Un attentat a fait 15 morts à Karachi (Pakistan).")
    assert find(r, "Karachi").country == "PK"


def test_a_european_region_by_its_french_name_and_a_district_of_the_city(analyze):
    # aside os-11323: Vénétie is the region, not Venice; Kensington is London's
    r = analyze("Gloria Trevisan et Marco Gottardi, un couple d'architectes italiens "
                "originaires de Vénétie, étaient présents dans la tour, dans le quartier "
                "de Kensington, à Londres.")
    veneto = find(r, "Vénétie")
    assert (veneto.kind, veneto.country) == ("admin", "IT")
    kensington = find(r, "Kensington")
    assert kensington.country == "GB" and near(kensington, 51.5, -0.15)


def test_a_town_after_secteur(analyze):
    # aside os-1436: spaCy takes the town for a person
    r = analyze("Des sources sécuritaires à Gaza ont confirmé à l'AFP des frappes dans le "
                "secteur de Khan Younès, à la pointe sud de ce territoire palestinien.")
    assert find(r, "Khan Younès").country == "PS"


def test_the_departement_in_brackets_is_no_river(analyze):
    # OrangeSum 8703: "Lyon (Rhône)" names the département
    r = analyze("Samedi 31 mars, un père de famille est mort dans un accident de manège à "
                "Neuville-sur-Saône, près de Lyon (Rhône).")
    rhone = find(r, "Rhône")
    assert (rhone.kind, rhone.country) == ("admin", "FR")


def test_a_square_is_not_put_in_a_foreign_city_named_before_it(analyze):
    # OrangeSum 27935: the article is about Strasbourg; Brussels is where he came from
    r = analyze("Le chef de l'Etat est arrivé à Strasbourg vendredi soir. En provenance d'un "
                "sommet européen à Bruxelles, Emmanuel Macron s'est d'abord rendu place "
                "Kléber, le cœur battant de la capitale alsacienne. Il a quitté Strasbourg "
                "dans la nuit.")
    kleber = [p for p in r.places if p.text == "place Kléber"]
    assert len(kleber) == 1 and kleber[0].country == "FR" and near(kleber[0], 48.58, 7.75)


def test_a_named_hospital_is_a_feature_in_its_town(analyze):
    # aside os-25081; a hospital named after a town stays that town
    r = analyze("Des dizaines de manifestants ont fait irruption dans l'enceinte de "
                "l'hôpital de la Pitié-Salpêtrière à Paris, mercredi 1er mai.")
    hospital = find(r, "hôpital de la Pitié-Salpêtrière")
    assert hospital.kind == "feature" and near(hospital, 48.85, 2.35)
    r = analyze("Elle a été soignée à l'hôpital de Rouen.")
    assert find(r, "Rouen").kind == "city"
    # OrangeSum 28542: a museum with no town in its sentence is not put in the article's
    # main town (it lies in a village the article does not name)
    r = analyze("En 1922, une nécropole avait été installée, ainsi qu'une statue et un Musée "
                "de la Mémoire. Le Premier ministre était ce jour-là à Paris.")
    assert not [p for p in r.places if p.text.startswith("Musée")]


def test_regions_and_islands_abroad_by_their_french_names(analyze):
    # aside os-33776 (Aragon and Yorkshire were small US towns); OrangeSum-style tolls
    r = analyze("Des foyers de contamination ont été détectés en Catalogne et en Aragon. En "
                "Angleterre, des mesures ont été prises à Leicester et dans le Yorkshire.")
    for name, country in (("Aragon", "ES"), ("Yorkshire", "GB")):
        place = find(r, name)
        assert (place.kind, place.country) == ("admin", country)
    r = analyze("Le séisme a aussi été ressenti sur l'île de Mindanao et en Galilée.")
    assert find(r, "île de Mindanao").country == "PH"


def test_a_common_word_at_the_head_of_a_title_is_no_small_town(analyze):
    # OrangeSum 22183, 24895 (titles)
    for text in ("Grève à la RATP : à quoi faut-il s'attendre ce vendredi ?",
                 "Feria dans le Gard : un taureau s'échappe et fonce dans la foule."):
        r = analyze(text)
        assert all(p.kind != "city" for p in r.places), [p.name for p in r.places]
    # a town written at the head of a title stays one
    r = analyze("Bordeaux : un homme tué par balle dans la nuit.")
    assert find(r, "Bordeaux").country == "FR"
