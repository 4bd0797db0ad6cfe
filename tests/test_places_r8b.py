"""Places on unseen articles, session 8 second round (issue 13). Real sentences from
OrangeSum articles outside the gold sets (CC BY-SA 4.0, cited by id); short excerpts."""
from __future__ import annotations


def find(record, name):
    found = [p for p in record.places if p.name == name or p.text == name]
    assert found, f"{name} not in {[p.name for p in record.places]}"
    return found[0]


def test_indonesian_islands_are_regions_of_indonesia(analyze):
    # OrangeSum 15673; OrangeSum 1106
    r = analyze("Un séisme d'une magnitude de 6,9 a frappé dimanche 19 août l'île "
                "indonésienne de Lombok, quelques heures après une secousse de 6,3.")
    place = find(r, "Lombok")
    assert (place.kind, place.country) == ("admin", "ID")
    r = analyze("Quelque 1,6 million d'hectares ont brulé dans l'archipel d'Asie du Sud-Est, "
                "essentiellement sur les îles de Sumatra et de Bornéo.")
    assert find(r, "Sumatra").country == "ID"


def test_the_old_continent_is_europe_and_mountain_ranges_are_no_towns(analyze):
    # OrangeSum 5556: "le Vieux continent" is no French village named Vieux
    r = analyze("Le déconfinement se poursuit sur le Vieux continent. A Paris, la tour "
                "Eiffel rouvrira le 25 juin.")
    assert find(r, "Europe").kind == "region"
    assert not [p for p in r.places if p.name == "Vieux"]
    # OrangeSum 31406: the Andes are no Colombian town
    r = analyze("Le bimoteur s'envole dans le ciel des Andes en direction de la capitale "
                "péruvienne.")
    assert find(r, "Andes").kind != "city"
