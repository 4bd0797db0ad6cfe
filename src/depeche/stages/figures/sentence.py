"""How a count's category changes with the counts before it in the article: a part of a
whole, a rate, a sub-count ("dont trois graves"), the head of a "dont" insert, a count
coordinated with a count of victims, a forces noun keeping its category. Each rule takes
the verdict so far and returns it, changed or not, in this order (`ADJUSTMENTS`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from spacy.tokens import Token

from ...numbers import Quantity
from ...records import Figure
from ..base import Verdict
from .category import categorize
from .context import FigureContext
from .counted import counted
from .governor import verb_category
from .nouns import PERSON
from .syntax import is_in, is_passive, lookup, low

# the rules whose category does not come from the words around the count
_OWN_WORDS = ("noun", "participle")
# the rules through which a count shares its verb with a count coordinated after it
VERB_RULES = ("governor", "verb.before", "action", "coordination")


@dataclass
class Tally:
    """What the counts of the article so far gave (mutable, one per article)."""
    figures: list[Figure] = field(default_factory=list)
    resolved: dict[int, str] = field(default_factory=dict)            # token -> category
    last_in_sentence: dict[int, str] = field(default_factory=dict)    # sentence -> category
    seen: dict[tuple[float, str], int] = field(default_factory=dict)  # (value, category)
    seen_noun: dict[tuple[float, str], int] = field(default_factory=dict)  # (value, lemma)
    last_verb_count: tuple[int, int, str] | None = None   # (sentence, end, category)
    last_n: int = -1       # the index of the last quantity given a category


@dataclass(frozen=True)
class Reading:
    """One count being read: its index among the quantities, its noun, where it ends."""
    n: int
    q: Quantity
    noun: Token | None
    tail: int              # the end of the count, or of its noun when after it
    tokens: list[Token]
    sent_start: int


Adjustment = Callable[[FigureContext, Tally, Reading, Verdict], Verdict]


def _part_of_whole(ctx: FigureContext, tally: Tally, r: Reading, v: Verdict) -> Verdict:
    """ "la destruction de sept des seize mausolées": the whole is not what was destroyed
    (but "l'un des deux militaires tués" were both killed)."""
    if r.n and v.rule not in _OWN_WORDS and ctx.lex.sentence.whole_between.fullmatch(
            ctx.low(ctx.quantities[r.n - 1].end, r.q.start)):
        return Verdict(None, v.rule)
    return v


def _rate(ctx: FigureContext, tally: Tally, r: Reading, v: Verdict) -> Verdict:
    """ "environ 220 morts par million d'habitants": a rate, not a toll."""
    if v.value is not None and ctx.lex.rate_after is not None and ctx.lex.rate_after.match(
            low(ctx.text[r.tail:])):
        return Verdict(None, v.rule)
    return v


def _subcount(ctx: FigureContext, tally: Tally, r: Reading, v: Verdict) -> Verdict:
    """ "dont trois graves", "et quatre au Texas": the sub-count of the figure before; "le
    Royaume-Uni avec 31.587 morts, l'Italie (30.395)": a list of tolls."""
    words, q, noun = ctx.lex.sentence, r.q, r.noun
    if r.sent_start not in tally.last_in_sentence:
        return _listed_after(ctx, tally, r, v) if v.value is None else v
    before = ctx.low(q.start - 20, q.start).rstrip()
    before = words.of_which_adverb.sub(words.of_which, before)
    of_which = before.endswith(words.of_which)
    # "blessé quatre personnes, dont deux pompiers": the insert says what happened to
    # them, over a forces noun's own category
    if v.value is not None and not (of_which and v.rule == "noun.weak"):
        return v
    listed = (of_which or before.endswith(" " + words.conjunction) or before.endswith(",")
              or (noun is None and any(before.endswith(" " + w) for w in words.comparison))
              or (before.endswith(":") and noun is None)
              or (before.endswith("(") and noun is None and tally.last_n == r.n - 1
                  and re.search(r"\b[A-ZÉ][\w'-]+\s*\($", ctx.text[max(0, q.start - 30):q.start])))
    if noun is not None and is_in(noun, ctx.lex.not_counted):
        return v          # "dont 12 guéris": recoveries are no toll
    if listed and (noun is None or noun.pos_ != "NOUN" or of_which):
        return Verdict(tally.last_in_sentence[r.sent_start], "subcount")
    return v


def _listed_after(ctx: FigureContext, tally: Tally, r: Reading, v: Verdict) -> Verdict:
    """ "... avec 102.836 décès. Suivent le Royaume-Uni (38.161), l'Italie (33.229)": a
    bare number in brackets after a name, in the sentence after a toll, continues it."""
    q = r.q
    if r.noun is not None or r.sent_start == 0 or not re.search(
            r"\b[A-ZÉ][\w'-]+\s*\($", ctx.text[max(0, q.start - 30):q.start]) \
            or not ctx.text[q.end:q.end + 2].startswith(")"):
        return v
    sent_char = ctx.doc[r.sent_start].idx
    if r.n and ctx.quantities[r.n - 1].start >= sent_char:
        return v          # "(816 morts par million), devant l'Espagne (580)": a rate's list
    previous = ctx.doc[r.sent_start - 1].sent.start
    if previous in tally.last_in_sentence:
        tally.last_in_sentence[r.sent_start] = tally.last_in_sentence[previous]
        return Verdict(tally.last_in_sentence[previous], "subcount")
    return v


def _dont_head(ctx: FigureContext, tally: Tally, r: Reading, v: Verdict) -> Verdict:
    if (v.value is None or v.rule == "noun.weak") and not r.q.vague:
        category = head_of_insert(ctx, r.n, r.tail)
        if category:
            return Verdict(category, "dont.head")
    return v


def _coordination(ctx: FigureContext, tally: Tally, r: Reading, v: Verdict) -> Verdict:
    """ "blessant trois civils et deux policiers", "détenir 12.000 étrangers, 4.000
    femmes et 8.000 enfants", "six pompiers et un homme de 72 ans ont été blessés": the
    parse hung the next count of people elsewhere, or nowhere; it shares the verb of the
    count it is coordinated with."""
    last = tally.last_verb_count
    people = v.value is None and r.noun is not None and is_in(r.noun, ctx.lex.people)
    if (v.rule == "noun.weak" or people) and last is not None and last[0] == r.sent_start \
            and not has_own_verb(r.noun) and re.fullmatch(
                r"\s*(,|" + re.escape(ctx.lex.sentence.conjunction) + r"|,\s*"
                + re.escape(ctx.lex.sentence.conjunction) + r")\s*", ctx.text[last[1]:r.q.start]):
        return Verdict(last[2], "coordination")
    return v


def _weak_keeps(ctx: FigureContext, tally: Tally, r: Reading, v: Verdict) -> Verdict:
    """ "140 pompiers participent": a forces noun keeps `forces` against some verbs."""
    if v.value is None or r.noun is None:
        return v
    for weak in lookup(r.noun, ctx.lex.weak):
        if v.value in ctx.lex.noun_keeps.get(weak, ()):
            return Verdict(weak, v.rule)
    return v


ADJUSTMENTS: tuple[Adjustment, ...] = (_part_of_whole, _rate, _subcount, _dont_head,
                                       _coordination, _weak_keeps)


def adjust(ctx: FigureContext, tally: Tally, r: Reading, verdict: Verdict) -> Verdict:
    for rule in ADJUSTMENTS:
        verdict = rule(ctx, tally, r, verdict)
    return verdict


def has_own_verb(noun: Token | None) -> bool:
    """ "et 50 pompiers restent sur place": the noun is the subject of its own clause."""
    if noun is None or noun.dep_.startswith("nsubj"):
        return True
    for t in noun.doc[noun.i + 1:noun.i + 4]:
        if t.pos_ in ("ADJ", "ADV"):
            continue
        return t.pos_ in ("AUX", "VERB") and t.morph.get("VerbForm") == ["Fin"]
    return False


def head_of_insert(ctx: FigureContext, n: int, tail: int) -> str | None:
    """ "Au moins six touristes, dont deux enfants, ont péri", "six otages, parmi lesquels
    deux Français, ont été libérés": the parse made the sub-count the verb's subject; the
    count it belongs to shares the verb's category."""
    text, quantities = ctx.text, ctx.quantities
    m = ctx.lex.sentence.insert.match(text[tail:tail + 60])
    if not m:
        return _head_of_bare_insert(ctx, n, tail)
    sub = quantities[n + 1] if n + 1 < len(quantities) else None
    if sub is not None and sub.start == tail + m.end() and sub.kind == "count":
        verdict, _ = categorize(ctx, sub, {})
        return verdict.value if verdict.rule == "governor" else None
    # "Plus de 400 civils, dont des enfants, ont été tués": the verb after the insert
    close = text.find(",", tail + m.end(), tail + m.end() + 80)
    if close < 0 or (sub is not None and sub.start < close):
        return None
    after = ctx.doc.char_span(close + 1, min(len(text), close + 40), alignment_mode="expand")
    first = next((t for t in after or () if not t.is_space), None)
    if first is None or first.pos_ not in ("AUX", "VERB"):
        return None
    verb = first.head if first.pos_ == "AUX" else first
    role = "nsubj:pass" if is_passive(verb) else "nsubj"
    noun = counted(ctx, quantities[n]).noun
    return verb_category(verb, role, PERSON, noun, ctx.lex)


def _head_of_bare_insert(ctx: FigureContext, n: int, tail: int) -> str | None:
    """ "quatre personnes dont un surveillant mises en examen" (a headline, no comma): the
    participle after the one person of the insert is plural, so it is the whole count's,
    which shares its category."""
    m = ctx.lex.sentence.bare_insert.match(ctx.text[tail:tail + 20])
    sub = ctx.quantities[n + 1] if n + 1 < len(ctx.quantities) else None
    if not m or sub is None or sub.start != tail + m.end() or not sub.article:
        return None
    verdict, noun = categorize(ctx, sub, {})
    if noun is None or verdict.value is None or noun.i + 1 >= len(ctx.doc):
        return None
    after = ctx.doc[noun.i + 1]
    if after.pos_ in ("VERB", "ADJ") and after.morph.get("Number") == ["Plur"]:
        return verdict.value
    return None
