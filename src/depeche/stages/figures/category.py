"""The category of one count: an ordered table of rules, each a small function that
returns a `Verdict(category, rule id)` or None; the first verdict wins, and its rule id
goes into the figure's provenance."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

from spacy.tokens import Token

from ...numbers import Quantity
from ..base import Verdict
from .context import FigureContext
from .counted import counted
from .governor import modifier_category, verb_category, walk
from .nearby import action_before, forces_level, order_after, partitive, verb_after, verb_before
from .nouns import PERSON, allowed, categories_of_noun
from .syntax import is_in, is_passive, lookup, low

__all__ = ["Count", "RULES", "categorize"]


@dataclass(frozen=True)
class Count:
    """A count placed in the parse, as the rules read it."""
    q: Quantity
    noun: Token | None               # the counted noun, None when elided
    anchor: Token                    # where to walk the parse from
    kind: str                        # person | thing | none
    strong: str | None               # the noun's own category, if its kind allows it
    resolved: Mapping[int, str]      # categories already given to tokens of the article


Rule = Callable[[FigureContext, Count], "Verdict[str] | None"]


def _noun(ctx: FigureContext, c: Count) -> Verdict[str] | None:
    """ "250 blessés", "onze morts": the noun says what happened (unless a participle
    may say otherwise)."""
    if c.strong and c.strong not in ctx.lex.participle_first:
        return Verdict(c.strong, "noun")
    return None


def _participle(ctx: FigureContext, c: Count) -> Verdict[str] | None:
    """ "1 082 personnes interpellées", "manifestants tués"."""
    if c.noun is not None:
        m = modifier_category(c.noun, c.kind, ctx.lex)
        if m:
            return Verdict(m, "participle")
        # "21 enfants et 5 adultes retrouvés morts": the participle on the last noun of
        # a coordination of counts is on each
        for conj in c.noun.children:
            if conj.dep_ == "conj" and conj.pos_ == "NOUN" and any(
                    n.dep_ == "nummod" for n in conj.children):
                m = modifier_category(conj, c.kind, ctx.lex)
                if m:
                    return Verdict(m, "participle")
            elif conj.dep_ == "conj" and conj.pos_ == "NOUN":
                m = _plural_on_singular(conj, c, ctx)
                if m:
                    return Verdict(m, "participle")
    return None


def _plural_on_singular(conj: Token, c: Count, ctx: FigureContext) -> str | None:
    """ "Deux candidats et un couple de trentenaires, interpellés dans l'enquête": a plural
    participle the parse hung on a singular last noun of a coordination is the
    coordination's."""
    if conj.morph.get("Number") != ["Sing"]:
        return None
    for part in conj.children:
        if part.dep_ == "acl" and part.i > conj.i and part.morph.get("Number") == ["Plur"] \
                and part.morph.get("VerbForm") == ["Part"]:
            return verb_category(part, "acl", c.kind, c.noun, ctx.lex)
    return None


def _noun_unless_governed(ctx: FigureContext, c: Count) -> Verdict[str] | None:
    """ "trois militants ont été inculpés": the verb says what happened to them, else
    the noun does."""
    if c.strong:
        w = walk(c.anchor, c.kind, c.noun, ctx.lex, {})
        return Verdict(w, "governor") if w else Verdict(c.strong, "noun")
    return None


def _governor(ctx: FigureContext, c: Count) -> Verdict[str] | None:
    """ "a tué 14 personnes", "six civils ont été évacués", "la mort de neuf personnes"."""
    w = walk(c.anchor, c.kind, c.noun, ctx.lex, c.resolved)
    return Verdict(w, "governor") if w else None


def _action(ctx: FigureContext, c: Count) -> Verdict[str] | None:
    a = action_before(ctx, c.q, c.kind, c.noun)
    return Verdict(a, "action") if a else None


def _verb_before(ctx: FigureContext, c: Count) -> Verdict[str] | None:
    v = verb_before(ctx, c.q, c.kind, c.noun)
    return Verdict(v, "verb.before") if v else None


def _verb_after(ctx: FigureContext, c: Count) -> Verdict[str] | None:
    v = verb_after(ctx, c.q) if c.noun is None else None
    return Verdict(v, "verb.after") if v else None


def _lost_subject(ctx: FigureContext, c: Count) -> Verdict[str] | None:
    """ "Quatre hommes originaires de l'ouest, âgés de 26 à 37 ans, ont été interpellés":
    the parse made the counted noun the root, or the subject of a verb that says nothing
    of it ("les deux septuagénaires, jamais inquiétés jusqu'alors, ont été remis en
    liberté"); the first passive verb after it with no subject of its own is its verb."""
    noun = c.noun
    if noun is None:
        return None
    subject = noun.dep_.startswith("nsubj") and noun.head.i > noun.i and c.kind == PERSON
    if noun.dep_ != "ROOT" and not subject:
        return None
    for v in noun.doc[noun.i + 1:noun.sent.end]:
        if subject and v.dep_.startswith("nsubj") and v.pos_ in ("NOUN", "PROPN", "PRON"):
            return None       # another subject comes first: what follows is its own
        # "six passagers avaient été par la suite relâchés": "été" is the noun's verb
        be_part = subject and low(noun.head.lemma_) == ctx.lex.words.copula \
            and v.morph.get("VerbForm") == ["Part"]
        if v.pos_ == "VERB" and (is_passive(v) or be_part) and not any(
                x.dep_.startswith("nsubj") for x in v.children):
            w = verb_category(v, "nsubj:pass", c.kind, noun, ctx.lex)
            return Verdict(w, "governor") if w else None
    return None


def _order(ctx: FigureContext, c: Count) -> Verdict[str] | None:
    o = order_after(ctx, c.noun) if c.noun is not None and c.kind == PERSON else None
    return Verdict(o, "order") if o else None


def _forces_level(ctx: FigureContext, c: Count) -> Verdict[str] | None:
    if c.kind == PERSON and forces_level(ctx, c.q):
        return Verdict("forces", "forces.level")
    return None


def _weak_noun(ctx: FigureContext, c: Count) -> Verdict[str] | None:
    """ "140 pompiers", "des otages": the noun's category when nothing else says one."""
    if c.noun is not None:
        w = allowed(lookup(c.noun, ctx.lex.weak), c.kind, c.noun, ctx.lex)
        if w:
            return Verdict(w, "noun.weak")
    return None


def _partitive(ctx: FigureContext, c: Count) -> Verdict[str] | None:
    p = partitive(c.anchor.sent, ctx.lex, c.anchor.i)
    return Verdict(p, "partitive") if p and c.kind == PERSON else None


def _crowd(ctx: FigureContext, c: Count) -> Verdict[str] | None:
    """ "ils étaient plus de 5.000 à manifester": a count with no noun, the predicate of
    a pronoun, in a sentence about a gathering."""
    if c.noun is not None:
        # a noun right after the count ("3.000 manifestants") or after "de" is counted;
        # one further ("12.000 selon les chiffres du ministère") is the parse's slip
        between = ctx.low(c.q.end, c.noun.idx).split()
        if c.noun.idx < c.q.end or not between or between[0] in ctx.lex.words.complement:
            return None
    if not ctx.lex.crowd_subject.search(ctx.low(c.q.start - 40, c.q.start)):
        return None
    sent = c.anchor.sent
    words = ctx.low(sent.start_char, sent.end_char)
    return Verdict("participants", "crowd") if any(w in words for w in ctx.lex.crowd_cues) \
        else None


RULES: tuple[Rule, ...] = (_noun, _participle, _noun_unless_governed, _governor, _action,
                           _verb_before, _verb_after, _lost_subject, _order, _forces_level,
                           _weak_noun, _partitive, _crowd)


def place(ctx: FigureContext, q: Quantity, resolved: Mapping[int, str]) -> Count:
    """The count `q` placed in the parse: its noun, anchor and kind."""
    noun, anchor = counted(ctx, q)
    if noun is not None and noun.idx >= q.end and is_in(noun, ctx.lex.time_nouns):
        noun = None       # "et treize autres lundi": the noun is elided
    kind, strong = PERSON, None
    if noun is not None:
        cats, kind = categories_of_noun(noun, ctx.lex)
        strong = allowed(cats, kind, noun, ctx.lex)
    return Count(q, noun, anchor, kind, strong, resolved)


def categorize(ctx: FigureContext, q: Quantity,
               resolved: Mapping[int, str] | None = None) -> tuple[Verdict, Token | None]:
    """(Verdict(category or None, rule id or ""), counted noun) for one count."""
    count = place(ctx, q, resolved if resolved is not None else {})
    for rule in RULES:
        verdict = rule(ctx, count)
        if verdict is not None:
            # the crowd rule counts the pronoun's people, never the noun the parse gave
            return verdict, None if verdict.rule == "crowd" else count.noun
    return Verdict(None, ""), count.noun
