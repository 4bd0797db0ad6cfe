"""Canonical speaker names within one article (`depeche.speakers.SpeakerIndex`)."""
from __future__ import annotations

import pytest

from depeche.speakers import SpeakerIndex, is_pronoun, pronoun_gender


@pytest.fixture(scope="module")
def index(engine, nlp):
    rules = engine.resources.lexicons.get("quote_rules")

    def build(text):
        return SpeakerIndex(nlp(text), rules)
    return build


def test_pronoun_helpers():
    assert pronoun_gender("-t-il") == ("m", False)
    assert pronoun_gender("elle") == ("f", False)
    assert pronoun_gender("-ils") == ("m", True)
    assert is_pronoun("-t-elle") and not is_pronoun("Monther")


def test_fullest_form_and_honorifics(index):
    text = ("Emmanuel Macron est arrivé à Beyrouth mardi. M. Macron a rencontré le nouveau "
            "Premier ministre. Macron repart mercredi.")
    idx = index(text)
    assert idx.canonical("Macron", text.index("Macron repart")) == "Emmanuel Macron"
    assert idx.canonical("M. Macron", 60) == "Emmanuel Macron"


def test_same_surname_different_people_stay_apart(index):
    text = ("Assa Traoré, la soeur d'Adama Traoré, a pris la parole devant le tribunal. "
            "Adama Traoré est mort en 2016.")
    idx = index(text)
    assert idx.canonical("Assa Traoré") == "Assa Traoré"
    assert idx.canonical("Adama Traoré") == "Adama Traoré"


def test_title_linked_to_the_named_person(index):
    text = ("Le président russe Vladimir Poutine a parlé vendredi. Le président turc Recep "
            "Tayyip Erdogan a répondu.")
    idx = index(text)
    at = len(text)
    assert idx.link_title("le chef d'Etat russe", at).name == "Vladimir Poutine"
    assert idx.link_title("le président turc", at).name == "Recep Tayyip Erdogan"
    assert idx.link_title("une source de sécurité syrienne", at) is None


def test_pronoun_resolution_uses_gender(index):
    text = ("Marianne Macrae, une manifestante de 58 ans, a vu la vidéo de George Floyd. "
            "Elle parle.")
    idx = index(text)
    at = text.index("Elle parle")
    assert idx.resolve_pronoun("elle", at).name == "Marianne Macrae"


def test_introduced_names_the_model_misses(index):
    text = "Monther, un opposant joint par Internet, raconte la nuit. Il a peur."
    idx = index(text)
    person = idx.resolve_pronoun("-t-il", text.index("Il a peur"))
    assert person is not None and person.name == "Monther"
    assert person.gender == "m"


def test_demonstrative_phrase_points_back(index):
    text = "Médéa Azoury, une manifestante de 46 ans, est en colère. Plus loin, un homme crie."
    idx = index(text)
    p = idx.resolve_anaphor("cette protestataire de la première heure", len(text))
    assert p is not None and p.name == "Médéa Azoury"


def test_a_particle_name_is_one_name_and_its_fullest_form(index):
    text = ("Le président syrien Bachar al-Assad a pris la parole. Assad a remercié la Russie. "
            "Le prince Mohammed ben Salmane est arrivé.")
    idx = index(text)
    assert idx.canonical("Assad", text.index("Assad a")) == "Bachar al-Assad"
    assert idx.canonical("Salmane", len(text) - 5) == "Mohammed ben Salmane"
