"""What the words next to a count say of its category when the parse hung it elsewhere:
an action noun or a verb right before it, a verb right after a count with no noun, an
order later in the clause, "parmi les blessés" earlier in the sentence."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ...numbers import Quantity
from .context import FigureContext
from .governor import INTRANSITIVE
from .lexicon import CategoryLexicon
from .nouns import PERSON, allowed, categories_of_noun
from .syntax import is_in, lookup, low

_INSERT_POS = ("ADP", "DET", "NOUN", "PROPN", "ADV", "ADJ", "PUNCT")


def partitive(sentence: Span, lex: CategoryLexicon, before: int) -> str | None:
    """ "Parmi les blessés, cinq enfants": the category of a strong noun under "parmi"."""
    for t in sentence:
        if t.i >= before:
            break
        if t.pos_ in ("NOUN", "ADJ") and any(low(c.text) in lex.partitive for c in t.children
                                              if c.dep_ == "case"):
            cats, kind = categories_of_noun(t, lex)
            c = allowed(cats, kind, t, lex)
            if c:
                return c
    return None


def action_before(ctx: FigureContext, q: Quantity, kind: str, noun: Token | None) -> str | None:
    """ "la mort en décembre de 13 militaires", "l'exécution, jeudi, par les rebelles, de 28
    soldats": the action noun whose "de" complement the count is, past a short insert of
    time, place or agent the parse attached the count to instead."""
    doc, lex, words = ctx.doc, ctx.lex, ctx.lex.words
    tokens = ctx.tokens(q.start, q.end)
    if not tokens or tokens[0].i < 2:
        return None
    de = doc[tokens[0].i - 1]
    if low(de.text) not in words.complement:
        return None
    for t in reversed(doc[max(tokens[0].sent.start, de.i - 9):de.i]):
        if t.pos_ == "NOUN":
            c = allowed(lookup(t, lex.action), kind, noun, lex)
            if c and any(d.dep_ == "det" and low(d.lemma_) in words.generic_determiners
                         for d in t.children):
                return None       # "tout rassemblement de plus de dix personnes": a rule
            if c:
                # the action noun is followed by its insert, never by its own "de"
                nxt = doc[t.i + 1]
                if low(nxt.text) in words.complement_article and nxt.i != de.i:
                    return None
                return c
            if t.i == de.i - 1 and not is_in(t, lex.time_nouns) and t.ent_type_ != "DATE":
                return None       # "pour une population de 9,3 millions": its own "de"
        if t.pos_ not in _INSERT_POS or (t.is_punct and t.text != ","):
            return None
        if low(t.text) in words.complement_article:
            return None
    return None


def verb_before(ctx: FigureContext, q: Quantity, kind: str, noun: Token | None) -> str | None:
    """ "blessant trois civils", "tuant 12 personnes": a participle or verb right before
    the count, which the parse failed to make its governor."""
    tokens = ctx.tokens(q.start, q.end)
    if not tokens or tokens[0].i < 1:
        return None
    verb = ctx.doc[tokens[0].i - 1]
    if verb.morph.get("VerbForm") not in (["Part"], ["Inf"], ["Fin"]) or \
            verb.pos_ not in ("VERB", "ADP", "ADJ") or verb.morph.get("Voice") == ["Pass"]:
        return None
    return allowed(lookup(verb, ctx.lex.object), kind, noun, ctx.lex)


def verb_after(ctx: FigureContext, q: Quantity) -> str | None:
    """ "Autour de 37 sont morts", "deux souffraient de contusions": a count with no noun,
    subject of the verb right after it, which the parse failed to read."""
    lex, words = ctx.lex, ctx.lex.words
    tokens = ctx.tokens(q.start, q.end)
    if not tokens:
        return None
    etre = aux = False
    for t in ctx.doc[tokens[-1].i + 1:tokens[-1].i + 6]:
        if t.pos_ == "AUX" or (t.pos_ == "PRON" and low(t.text) == words.partitive_pronoun):
            aux = aux or t.pos_ == "AUX"
            etre = etre or (low(t.lemma_) == words.copula)
            continue
        if t.pos_ == "ADV" and aux:
            continue
        if t.pos_ not in ("VERB", "ADJ", "NOUN"):
            return None
        if etre:
            c = allowed(lookup(t, lex.strong), PERSON, None, lex) or (
                allowed(lookup(t, lex.object), PERSON, None, lex)
                if t.morph.get("VerbForm") == ["Part"] else None)
            if c:
                return c
        if t.pos_ == "VERB":
            c = allowed(lookup(t, lex.subject), PERSON, None, lex)
            # "44 sont surveillés" is a passive, "37 sont morts" is not
            return c if c and (not etre or c in INTRANSITIVE) else None
        return None
    return None


def forces_level(ctx: FigureContext, q: Quantity) -> bool:
    """ "porter les effectifs de l'opération Barkhane à 5.100 hommes": the level a force
    is brought to."""
    doc = ctx.doc
    tokens = ctx.tokens(q.start, q.end)
    if not tokens or tokens[0].i < 2 or low(doc[tokens[0].i - 1].text) != ctx.lex.words.level:
        return False
    for t in reversed(doc[max(tokens[0].sent.start, tokens[0].i - 9):tokens[0].i - 1]):
        if t.pos_ in ("VERB", "AUX", "PUNCT", "NUM", "CCONJ", "SCONJ", "PRON"):
            return False
        if t.pos_ == "NOUN" and "forces" in lookup(t, ctx.lex.weak):
            return True
    return False


def order_after(ctx: FigureContext, noun: Token) -> str | None:
    """ "1,5 million de personnes se trouvaient sous le coup d'ordres d'évacuation": an order
    in the rest of the clause after the counted noun."""
    start = noun.idx + len(noun.text)
    clause = re.split(r"[.;:!?]|,\s", ctx.low(start, start + 90), maxsplit=1)[0]
    for phrase, cats in ctx.lex.orders.items():
        if phrase in clause:
            return cats[0]
    return None
