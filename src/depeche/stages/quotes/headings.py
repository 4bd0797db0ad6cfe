"""Headings and flags.

A heading that repeats a quote of the body takes its speaker ("heading-copy") and, in
the records, becomes one of the `mentions` of the body quote (`fold_headings`). Flags:
"short" (fewer than `min_words` words), "title" (name of a work, event or operation),
"scare" (a short expression quoted inside a sentence, with no speaker), "heading" (a
line that is a quote, or repeats a body quote).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ...records import Mention, Quote
from .context import QuoteContext
from .marks import Found

__all__ = ["fold_headings", "heading_copies", "flag"]

_WORDS = re.compile(r"\w+")
_WORDS_APOSTROPHE = re.compile(r"[\w'’-]+")
_LETTER = re.compile(r"[^\W\d_]")


def _norm(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def fold_headings(quotes: list[Quote]) -> list[Quote]:
    """A heading that repeats a quote of the body ("Ils nous emmènent…" as a subheading,
    then in full with its speaker) is one statement, not two: its words become one of
    the `mentions` of the body quote it repeats (the same words, or the start of them)."""
    norm = [_norm(q.text) for q in quotes]
    extra: dict[int, list[Mention]] = {}
    keep: list[int] = []
    for i, q in enumerate(quotes):
        if "heading" in q.flags and norm[i]:
            j = next((j for j, other in enumerate(quotes)
                      if j != i and "heading" not in other.flags
                      and (norm[j] == norm[i]
                           or (len(norm[i]) > 12 and norm[j].startswith(norm[i])))), None)
            if j is not None:
                extra.setdefault(j, []).append(Mention(q.text, q.start, q.end))
                continue
        keep.append(i)
    return [replace(quotes[i], mentions=quotes[i].mentions + tuple(extra[i])) if i in extra
            else quotes[i] for i in keep]


def heading_copies(ctx: QuoteContext, found: list[Found]) -> None:
    """A quote repeated elsewhere takes the speaker of its attributed copy
    ("heading-copy"); at the head of a line and before its copy, it is a heading."""
    norm = [_norm(ctx.qtext(f)) for f in found]
    for a, fa in enumerate(found):
        for b, fb in enumerate(found):
            if a == b or not norm[a] or not norm[b]:
                continue
            if norm[a] == norm[b] or (norm[a] in norm[b] and len(norm[a]) > 12):
                line_start = ctx.text.rfind("\n", 0, fa.open) + 1
                at_head = not ctx.masked[line_start:fa.open].strip(" -–—•*")
                if fa.speaker is None and fb.speaker is not None:
                    fa.speaker, fa.rule = fb.speaker, "heading-copy"
                if at_head and (fa.rule in ("marks", "heading-copy")) and a < b:
                    if "heading" not in fa.flags:
                        fa.flags.append("heading")


def _after_work_cue(ctx: QuoteContext, f: Found) -> bool:
    """One of the two words before the quote announces a title ("l'opération", "album")."""
    lex = ctx.lex
    before = ctx.masked[max(0, f.open - 40):f.open].lower()
    prev_words = _WORDS_APOSTROPHE.findall(before)[-3:]
    return any(w.lstrip(lex.elision_letters) in lex.works or w in lex.works
               for w in prev_words[-2:])


def _line_is_quote(ctx: QuoteContext, f: Found) -> bool:
    """Nothing but the quote (and punctuation) on its line."""
    text = ctx.text
    line_start = text.rfind("\n", 0, f.open) + 1
    line_end = text.find("\n", f.close)
    line_end = len(text) if line_end < 0 else line_end
    around = (ctx.masked[line_start:f.open] + ctx.masked[f.close + 1:line_end])
    return not _LETTER.search(around.replace("Q", ""))


def flag(ctx: QuoteContext, found: list[Found]) -> None:
    """The flags of each quote, in this order: short, title, heading, scare."""
    for f in found:
        words = _WORDS.findall(ctx.qtext(f))
        short = len(words) < ctx.min_words
        if short:
            f.flags.append("short")
        if _after_work_cue(ctx, f) and f.rule not in ("incise",):
            f.flags.append("title")
        if "heading" not in f.flags and _line_is_quote(ctx, f) \
                and f.rule == "marks" and len(words) < 15:
            f.flags.append("heading")
        if short and not ctx.alone(f) and (f.rule in ("marks", "clause-subject")
                                           or "title" in f.flags):
            f.flags.append("scare")
