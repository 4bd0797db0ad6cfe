"""Canonical speaker names within one article (`SpeakerIndex` of the quotes stage), and
the quotes stage's lexicons read against their schemas."""
from __future__ import annotations

import pytest

from depeche.stages.quotes.lexicon import NameLexicon
from depeche.stages.quotes.people import SpeakerIndex


@pytest.fixture(scope="module")
def names(engine):
    return NameLexicon.read(engine.resources.lexicons)


@pytest.fixture(scope="module")
def index(nlp, names):
    def build(text):
        return SpeakerIndex(nlp(text), names)
    return build


def test_pronoun_helpers(names):
    pronoun_gender, is_pronoun = names.pronouns.gender, names.pronouns.is_pronoun
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


# -- the lexicons, read against their schemas ---------------------------------------------

def _lexicons_with(tmp_path, name, old, new):
    """The French lexicons copied to tmp_path, with `old` replaced by `new` in `name`."""
    from importlib import resources

    from depeche.lexicons import Lexicons
    for f in ("speech_verbs", "quote_rules"):
        text = resources.files("depeche").joinpath(f"lang/fr/{f}.toml").read_text("utf-8")
        if f == name:
            assert old in text
            text = text.replace(old, new, 1)
        (tmp_path / f"{f}.toml").write_text(text, encoding="utf-8")
    return Lexicons("fr", folder=tmp_path)


@pytest.mark.parametrize("name, old, new, key", [
    ("quote_rules", "\nhonorifics = ", "\nhonorific = ", "names.honorific"),
    ("quote_rules", "\nlead_adverbs = ", "\nlead_adverb = ", "grammar.lead_adverb"),
    ("speech_verbs", "\nincise_only = ", "\nincise_onyl = ", "verbs.incise_onyl"),
    ("speech_verbs", "\naccording_to = ", "\nsource = ", "cues.source"),
])
def test_a_misspelt_lexicon_key_is_refused(tmp_path, name, old, new, key):
    from depeche.errors import SettingsError
    from depeche.stages.quotes.lexicon import QuoteLexicon
    lexicons = _lexicons_with(tmp_path, name, old, new)
    with pytest.raises(SettingsError) as err:
        QuoteLexicon.read(lexicons)
    assert f"{name}.toml" in str(err.value) and f"unknown key {key}" in str(err.value)


def test_the_lexicons_as_the_rules_read_them(engine, nlp):
    from depeche.stages.quotes.lexicon import QuoteLexicon
    lex = QuoteLexicon.read(engine.resources.lexicons)
    # the places stage reads the speech verbs' lemmas under this key path
    assert "déclarer" in engine.resources.lexicons.get("speech_verbs")["verbs"]["lemmas"]
    assert lex.source_cues[:2] == ("selon", "d'après")
    assert lex.clitic.search("a-t-il dit").group(1) == "il"
    assert lex.clitic.search("dit-ils").group(1) == "ils"
    assert lex.pron_token.match("-t-elle") and not lex.pron_token.match("Elles-mêmes")
    assert lex.abbreviation.search(" M") and lex.abbreviation.search(" J.-C")
    assert not lex.abbreviation.search("maison")
    doc = nlp("Il a mis en garde les habitants. Le ministre juge la situation grave.")
    assert lex.is_speech(next(t for t in doc if t.text == "mis"))     # "mettre en garde"
    juge = next(t for t in doc if t.text == "juge")
    assert lex.verb_form(juge)
    assert not any(lex.is_speech(t) for t in doc if t.lower_ in ("a", "est"))
