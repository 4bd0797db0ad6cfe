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
