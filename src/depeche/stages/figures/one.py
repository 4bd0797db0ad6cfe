"""Whether a bare "un"/"une" is a count of one: only for what is plainly counted (a
victim, an arrest, a thing destroyed), not "un policier", "une manifestante", "un des
Etats"."""
from __future__ import annotations

from spacy.tokens import Token

from ...numbers import Quantity
from ..base import Verdict
from .context import FigureContext
from .syntax import PATIENT_DEPS, is_in, is_passive, lookup, with_be

_CATEGORIES = ("killed", "injured", "missing", "kidnapped", "released", "arrested",
               "damaged", "evacuated")
_RULES = ("noun", "participle", "governor", "coordination")


def one_counts(ctx: FigureContext, verdict: Verdict, noun: Token | None, q: Quantity) -> bool:
    category, rule, lex = verdict.value, verdict.rule, ctx.lex
    if category not in _CATEGORIES or rule not in _RULES:
        return False
    if noun is not None and is_in(noun, lex.acts):
        return False      # "condamné pour un meurtre": the act, not a count
    # "un quatrième a été blessé" counts a person left out; "réduit les décès d'un
    # cinquième", "un cinquième des assurés" are fractions
    if noun is not None and is_in(noun, lex.elided) and (
            noun.dep_ not in ("nsubj", "nsubj:pass", "conj")
            or ctx.low(noun.idx + len(noun.text), noun.idx + len(noun.text) + 6).lstrip()
            .startswith(lex.elided_not_before)):
        return False
    # "une visite de sa compagne, tuée", "un angle mort": a participle makes a count of
    # one only on a noun that names a person or a thing
    if rule == "participle" and noun is not None and not (
            is_in(noun, lex.people) or is_in(noun, lex.things) or noun.text[:1].isupper()):
        return False
    # "une des deux victimes", "un groupe de 80 détenus": the count is elsewhere
    if lex.sentence.one_of.match(ctx.low(q.end, q.end + 30)):
        return False
    # a person found only through the verb ("a tué un Russe et son fils") is too often
    # one of several, or no count at all; things and plain tolls are counted
    if rule == "governor" and category != "damaged" and noun is not None:
        return _one_through_verb(ctx, noun)
    return True


def _one_through_verb(ctx: FigureContext, noun: Token) -> bool:
    lex = ctx.lex
    # "un pêcheur est porté disparu", "un manifestant a été interpellé": a person who
    # is the subject of a passive or of être with a participle is a count of one
    if noun.dep_ in ("nsubj", "nsubj:pass") and noun.i < noun.head.i and (
            is_passive(noun.head) or with_be(noun.head, lex.words.copula)) and (
            is_in(noun, lex.people)):
        return True
    # "après avoir libéré un dernier otage": a victim noun the verb acts on
    victim = set(lookup(noun, lex.strong)) | (
        set(lookup(noun, lex.weak)) - {"forces", "participants"})
    if victim and noun.dep_ in PATIENT_DEPS:
        return True
    # except in a list of counts: "a libéré deux femmes puis un employé"
    # ("six pompiers et un homme de 72 ans ont été blessés": "six" may be parsed a det)
    return noun.dep_ == "conj" and any(
        c.dep_ == "nummod" or c.dep_ == "det" and c.pos_ == "NUM"
        for c in noun.head.children) and is_in(noun, lex.people)
