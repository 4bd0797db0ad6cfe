"""The noun phrases a later pronoun may stand for, besides the people the article names.

A body or a person the article never names can be the subject of a sentence and then
speak through a pronoun: "La police a été alertée vers 14h40, a-t-elle précisé", "Le
policier se souvient … « C'était atroce », se souvient-il", "soulignait le gouvernement
britannique … Il y évoquait « … »". `add_subject_phrases` registers the subjects whose
head the lexicon knows as a speaker (a body, a role, a person noun, an agent noun; the
plural ones for "ils", "elles") in the article's `SpeakerIndex`, as antecedents only; the
quotes stage registers the speakers it keeps as written the same way.

A phrase that names again a person of the article is that person, not a phrase: the index
links titles ("le président américain") and anaphoric nouns ("l'homme") itself, and a
person noun right after a named person of its gender who acts in the story is taken for
an epithet of that person, a mention of theirs (`epithet_of`: "Le candidat de la majorité
réclame …" after Benjamin Griveaux), unless that person is given another role or is
another participant of the phrase's own clause ("Le policier se souvient d'un Hubert
Caouissin « surexcité »").
"""
from __future__ import annotations

from typing import Callable

from .lexicon import QuoteLexicon
from .people import Person, SpeakerIndex, morph_gender

__all__ = ["add_subject_phrases", "epithet_of"]

_SUBJECTS = ("nsubj", "nsubj:pass")

# how far before a person noun (characters) a named person makes it an epithet of theirs
EPITHET_REACH = 600


def add_subject_phrases(doc, lex: QuoteLexicon, index: SpeakerIndex,
                        quoted: Callable[[int], bool]) -> None:
    """Register in `index` the subject noun phrases of `doc` that can speak."""
    names = lex.names
    for t in doc:
        if t.dep_ not in _SUBJECTS or t.pos_ not in ("NOUN", "VERB") or t.ent_type_ \
                or t.pos_ == "VERB" and t.morph.get("VerbForm") != ["Part"] or quoted(t.idx) \
                or quoted(t.head.idx) \
                or not _speaker_head(lex, t):
            continue
        dets = [c for c in t.children if c.dep_ == "det" and c.i < t.i]
        if not dets or not (dets[0].lower_ in names.definite or dets[0].lower_ in names.elided
                            or dets[0].morph.get("Definite") == ["Def"]):
            continue        # "le", "la", "l'", "les"
        end = t
        for c in t.rights:
            if c.dep_ in ("amod", "nmod") and not any(
                    x.is_punct or x.ent_type_ == "PER" or x.pos_ in ("VERB", "AUX", "PRON")
                    for x in c.subtree):
                end = max(end, max(c.subtree, key=lambda x: x.i), key=lambda x: x.i)
            else:
                break
        start_c, end_c = dets[0].idx, end.idx + len(end.text)
        phrase = index.text[start_c:end_c]
        main = 2 if t.head.dep_ == "ROOT" else 1
        if "\n" in phrase:
            continue
        if t.morph.get("Number") == ["Plur"]:
            # "Les sénatrices dénoncent …", later "poursuivent-elles"
            index.add_phrase(phrase, start_c, end_c, gender=morph_gender(t), subject=main,
                             plural=True)
            continue
        if index.link_title(phrase, start_c) is not None \
                or index.resolve_anaphor(phrase, start_c) is not None:
            continue
        gender = names.determiner_gender(dets[0].lower_) or morph_gender(t)
        person = epithet_of(lex, index, phrase, t, gender)
        if person is not None:
            index.add_mention(person, start_c, end_c, gender=gender, subject=main)
        else:
            index.add_phrase(phrase, start_c, end_c, gender=gender, subject=main)


def epithet_of(lex: QuoteLexicon, index: SpeakerIndex, phrase: str, head,
               gender: str | None) -> Person | None:
    """The person named just before that `phrase` (headed by token `head`) names again, or
    None: a body speaks for itself, and so does a person noun far from any name, or near
    a person the article gives another role ("le président américain" is not the British
    minister), or one who is another participant of the phrase's own clause."""
    if head.lower_ in lex.body_nouns or head.lemma_.lower() in lex.body_nouns:
        return None
    person = index.last_named(gender, head.idx)
    if person is None or head.idx - person.end > EPITHET_REACH \
            or index.other_role(person, phrase):
        return None
    verb = head.head
    inside = {x.i for x in head.subtree}
    if any(x.ent_type_ == "PER" and x.lower_ in person.words and _participant(x, verb)
           for x in verb.subtree if x.i not in inside):
        return None
    return person


def _participant(x, verb) -> bool:
    """Whether token x belongs to the verb's own clause, not to a clause under it."""
    while x.i != verb.i and x.head.i != x.i:
        if x.dep_ in _CLAUSES:
            return False
        x = x.head
    return x.i == verb.i


_CLAUSES = ("advcl", "ccomp", "acl", "acl:relcl", "xcomp", "parataxis", "conj", "csubj")


def _speaker_head(lex: QuoteLexicon, t) -> bool:
    low = t.lower_.replace("’", "'")
    for prefix in lex.role_prefixes:
        low = low[len(prefix):] if low.startswith(prefix) else low
    return low in lex.speaker_heads or t.lemma_.lower() in lex.speaker_heads \
        or low.rstrip("sx") in lex.speaker_heads or low.rstrip("sx").endswith(lex.human_endings)
