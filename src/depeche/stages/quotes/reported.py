"""Reported speech: "X a déclaré que …" as quotes with `direct=False`."""
from __future__ import annotations

from spacy.attrs import POS
from spacy.symbols import VERB

from ...records import Mention, Provenance, Quote
from .context import QuoteContext
from .marks import Found, Piece
from .phrases import subject_of
from .resolve import set_speaker

__all__ = ["reported"]


def reported(ctx: QuoteContext, found: list[Found], label: str) -> list[Quote]:
    """The "que" clauses of reporting verbs, outside the direct quotes `found` (rule
    "reported-que"), with the verb's subject as speaker."""
    out = []
    spans = [(f.open, f.close) for f in found]
    doc = ctx.doc
    verbs = [i for i, p in enumerate(doc.to_array(POS).tolist()) if p == VERB] if len(doc) else []
    for t in (doc[i] for i in verbs):
        if t.lemma_.lower() not in ctx.lex.reporting:
            continue
        for c in t.children:
            span = _clause_span(ctx, t, c)
            if span is None:
                continue
            start, end = span
            if any(a < end and start <= b for a, b in spans) or end - start < 10:
                continue
            tmp = Found([Piece(start - 1, end, start, end)])
            who = subject_of(ctx, t)
            if who:
                set_speaker(ctx, tmp, who)
            out.append(Quote(text=ctx.text[start:end], start=start, end=end,
                             provenance=Provenance(stage=label, rule="reported-que"),
                             direct=False, speaker=tmp.speaker,
                             speaker_mention=tmp.mention,
                             verb=Mention(t.text, t.idx, t.idx + len(t.text))))
    return out


def _clause_span(ctx: QuoteContext, verb, c) -> tuple[int, int] | None:
    """(start, end) of the words of a "que" clause `c` of `verb` (at least three, cut at
    the end of the line), or None."""
    if c.dep_ != "ccomp" or c.i < verb.i:
        return None
    sub = list(c.subtree)
    if not sub or sub[0].lower_ not in ctx.lex.grammar.complementizer:
        return None
    words = sub[1:]
    while words and (words[-1].is_punct or words[-1].is_space):
        words = words[:-1]
    if len(words) < 3:
        return None
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    if "\n" in ctx.text[start:end]:
        end = ctx.text.index("\n", start)
    return start, end
