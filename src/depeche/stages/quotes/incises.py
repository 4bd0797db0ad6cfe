"""Incises: the speech verb and its subject right after a quote ("« … », a-t-il dit",
"« … », assure Monther", "« … », juge le ministère"), or later in its sentence; and two
quotes around an incise read as one ("« … », a-t-il dit, « … »")."""
from __future__ import annotations

import re

from .context import QuoteContext
from .marks import Found
from .phrases import clitic_near, gerund, np_after, subject_of
from .resolve import can_speak

__all__ = ["from_incise", "merge_incises"]

_INCISE_GAP = re.compile(r"^\s*,[^.!?;:]{2,80},\s*$")


def merge_incises(ctx: QuoteContext, found: list[Found]) -> list[Found]:
    """A quote going on in lower case after an incise between commas is the same quote:
    its pieces join the previous one."""
    out: list[Found] = []
    text = ctx.text
    for f in found:
        if out:
            prev = out[-1]
            gap = text[prev.close + 1:f.open]
            nxt = text[f.pieces[0].start:f.pieces[0].start + 1]
            last = text[prev.pieces[-1].end - 1]
            if ("\n" not in gap and _INCISE_GAP.match(gap)
                    and nxt.islower() and last not in ".!?…"
                    and any(ctx.lex.is_speech(t) for t in ctx.tokens_in(prev.close + 1, f.open))):
                prev.pieces.extend(f.pieces)
                continue
        out.append(f)
    return out


def from_incise(ctx: QuoteContext, after, *, immediate: bool):
    """(speaker words, verb) of a speech verb after a quote: `immediate`, within the
    first words after it (an incise); otherwise anywhere in the rest of the sentence."""
    toks = list(after)
    if not toks:
        return None
    k = 0
    if immediate:
        while k < len(toks) and toks[k].text in (",", "-", "–", ")", "(") and k < 2:
            k += 1
        window = range(k, min(len(toks), k + 5))
    else:
        window = range(0, len(toks))
    for v in window:
        t = toks[v]
        if immediate and (t.text in (".", ";", "!", "?") or t.pos_ == "CCONJ"):
            # "« … » et a appelé les manifestants à …": a clause of its own, no incise
            return None
        first = immediate and (v == k or v == k + 1 and toks[k].lower_ in ctx.lex.grammar.reflexive)
        if first and t.pos_ in ("NOUN", "ADJ", "PROPN", "X") and ctx.lex.verb_form(t):
            got = _mistagged_verb(ctx, toks, k, v)
            if got is not None:
                return got
        if not ctx.lex.is_speech(t) or t.pos_ == "NOUN" or _does_not_say(t):
            continue
        if gerund(t):
            if immediate:
                return None
            continue
        got = _verb_subject(ctx, toks, k, v)
        if got is not None:
            return got
    if immediate:
        return _unknown_verb(ctx, toks, k)
    return None


def _does_not_say(t) -> bool:
    """A verb of saying with an infinitive right after it, which it does not quote: "les
    sanctions qu'ils menaçaient de prendre", "qu'il avait promis de lever"."""
    return any(
        c.pos_ == "VERB" and c.i == t.i + 2 and any(m.dep_ == "mark" and m.i == t.i + 1
                                                    for m in c.children)
        for c in t.children)


def _mistagged_verb(ctx: QuoteContext, toks, k: int, v: int):
    """A speech verb the tagger took for a noun, first after the quote, with an inverted
    clitic ("», regrette-t-elle") or a subject after it ("», juge le ministère",
    "», s'inquiète Mark Olsky")."""
    t = toks[v]
    clitic = clitic_near(ctx, toks, k, v)
    if clitic is not None:
        return [clitic], t
    if v + 1 < len(toks) and toks[v + 1].pos_ in ("DET", "PROPN"):
        np = np_after(ctx, toks[v + 1:])
        if np:
            return np, t
    return None


def _verb_subject(ctx: QuoteContext, toks, k: int, v: int):
    """The subject of speech verb toks[v]: an inverted clitic next to it ("a-t-il
    affirmé", "dit-elle"), the noun phrase after it, or its subject before it ("…",
    comme il l'a proclamé)."""
    t = toks[v]
    clitic = clitic_near(ctx, toks, k, v)
    if clitic is not None:
        return [clitic], t
    who = subject_of(ctx, t) if _subject_before(ctx, t) else None
    if who and can_speak(ctx, who):
        # "les manifestants ont réclamé « … » devant la résidence de X": the subject is
        # before the verb, the words after it are its object or an adjunct
        return who, t
    # after the verb's last word: "a fait savoir la préfecture"
    np = np_after(ctx, toks[v + ctx.lex.verb_words(t):])
    if np:
        if np[0].pos_ == "PRON" and not ctx.lex.pron_token.match(np[0].text):
            return None
        return np, t
    who = subject_of(ctx, t)
    if who:
        return who, t
    return None


def _subject_before(ctx: QuoteContext, t) -> bool:
    """Whether the parse gives verb `t` a subject written before it, outside quotes."""
    return any(c.dep_ in ("nsubj", "nsubj:pass") and c.i < t.i and not ctx.in_quote(c.idx)
               and c.pos_ in ("NOUN", "PROPN") for c in t.children)


def _unknown_verb(ctx: QuoteContext, toks, k: int):
    """A verb outside the lexicon right after the quote, with a person after it."""
    if k < len(toks) and toks[k].pos_ == "VERB" and toks[k].morph.get("Mood") == ["Ind"]:
        np = np_after(ctx, toks[k + 1:])
        if np and any(x.ent_type_ == "PER" for x in np):
            return np, toks[k]
    return None
