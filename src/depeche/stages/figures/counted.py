"""Which noun a number counts, and the token from which to walk up the parse to its
governor. The places are tried in order; the first that finds a noun wins."""
from __future__ import annotations

from typing import Callable, NamedTuple

from spacy.tokens import Token

from ...numbers import Quantity
from .context import FigureContext
from .syntax import COUNTED_POS, head_of, low, next_noun


_OPENING_QUOTES = ('"', "«", "“")


class Counted(NamedTuple):
    """The counted noun (None when elided) and the token to walk the parse from."""
    noun: Token | None
    anchor: Token


class _At(NamedTuple):
    """Where the number stands in the parse."""
    q: Quantity
    first: Token             # its first token
    head: Token              # its head token
    last: Token              # its last token
    next: Token | None       # the token after it


def _total(ctx: FigureContext, at: _At) -> Counted | None:
    """ "estimé à 246 le nombre de manifestants tués": the noun after "le nombre de"."""
    m = ctx.lex.counted.total.match(ctx.low(at.q.end, at.q.end + 30))
    if m:
        for t in ctx.doc[at.last.i + 1:at.last.i + 8]:
            if t.idx >= at.q.end + m.end() and t.pos_ in ("NOUN", "ADJ"):
                return Counted(t, t)
    return None


def _whole(ctx: FigureContext, at: _At) -> Counted | None:
    """ "sept des seize mausolées", "onze de ces 26 victimes": the noun of the whole."""
    doc, words = ctx.doc, ctx.lex.counted
    j = at.last.i + 1
    if j + 1 < len(doc) and low(doc[j].text) in words.part_of:
        det = low(doc[j + 1].text) in words.whole_determiners
        j += 1 + det
        if j + 1 < len(doc) and doc[j].like_num and doc[j].idx >= at.q.end and (
                det or low(doc[j - 1].text) == words.part_of_bare):  # not "un homme de 30 ans"
            whole = next_noun(doc, j + 1)
            if whole is not None:
                return Counted(whole, whole if at.head.head.i == whole.i else at.head)
    return None


def _number_of(ctx: FigureContext, at: _At) -> Counted | None:
    """ "les forces de l'ordre, au nombre de 8 000": the noun the phrase hangs on."""
    q, doc, words = at.q, ctx.doc, ctx.lex.counted
    if not words.number_of.search(ctx.low(q.start - 20, q.start)):
        return None
    first = at.first
    nombre = next((t for t in reversed(doc[max(0, first.i - 4):first.i])
                   if low(t.text) == words.number_noun), None)
    target = nombre.head if nombre is not None else None
    while target is not None and target.pos_ not in ("NOUN", "PROPN") \
            and target.head.i != target.i:
        target = target.head
    if target is not None and target.pos_ in ("NOUN", "PROPN"):
        return Counted(target, target)
    return None


def _parsed(ctx: FigureContext, at: _At) -> Counted | None:
    """The noun the parse made the number a modifier of ("six touristes")."""
    head = at.head
    if head.dep_ in ("nummod", "det", "amod") and head.head.i > at.last.i \
            and head.head.pos_ in COUNTED_POS and not (
                head.head.pos_ == "PROPN" and any(c.dep_ == "case" for c in head.head.children)):
        noun = head.head
        if noun.pos_ == "ADJ":
            noun = next_noun(ctx.doc, noun.i) or noun
        return Counted(noun, noun)
    return None


def _collective(ctx: FigureContext, at: _At) -> Counted | None:
    """Collective or partitive: "une trentaine de personnes", "huit de ces 14 décès"."""
    for child in at.head.children:
        if child.i > at.last.i and child.dep_ in ("nmod", "obl", "obl:arg") and \
                child.pos_ in COUNTED_POS and any(
                    low(c.text) in ctx.lex.words.complement_article for c in child.children
                    if c.dep_ == "case"):
            return Counted(child, at.head)
    return None


def _adjacent(ctx: FigureContext, at: _At) -> Counted | None:
    """The parse attached it elsewhere: trust adjacency ("6.000 civils"), also across an
    opening quote ('6.825 "contrôles préventifs"')."""
    nxt = at.next
    if nxt is not None and nxt.text in _OPENING_QUOTES and nxt.i + 1 < len(ctx.doc):
        nxt = ctx.doc[nxt.i + 1]
    if nxt is not None and nxt.pos_ in ("NOUN", "ADJ") and not nxt.is_punct:
        noun = next_noun(ctx.doc, nxt.i) or nxt
        return Counted(noun, noun)
    return None


def _large_of(ctx: FigureContext, at: _At) -> Counted | None:
    """A noun after "de" for a large or approximate number, which the parse did not
    attach to it."""
    nxt, doc, q = at.next, ctx.doc, at.q
    if nxt is not None and low(nxt.text) in ctx.lex.words.complement \
            and nxt.i + 1 < len(doc) and doc[nxt.i + 1].pos_ == "NOUN" \
            and (q.approx or q.value >= 1000):
        return Counted(doc[nxt.i + 1], at.head)
    return None


PLACES: tuple[Callable[[FigureContext, _At], Counted | None], ...] = (
    _total, _whole, _number_of, _parsed, _collective, _adjacent, _large_of)


def counted(ctx: FigureContext, q: Quantity) -> Counted:
    """The counted noun of `q` (None when elided) and the token to walk the parse from."""
    tokens = ctx.tokens(q.num_start, q.end)
    if not tokens:
        return Counted(None, ctx.doc[0])
    last = tokens[-1]
    at = _At(q, tokens[0], head_of(tokens), last,
             ctx.doc[last.i + 1] if last.i + 1 < len(ctx.doc) else None)
    for place in PLACES:
        found = place(ctx, at)
        if found is not None:
            return found
    return Counted(None, at.head)
