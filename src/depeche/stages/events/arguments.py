"""Who did what to whom, and who says so: actors (subject, passive agent, "par X"),
targets (object, passive subject, "de X" of a noun) and the source ("selon l'Unicef")."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ...records import Mention
from .context import ArticleContext
from .lexicon import ArgumentWords, norm
from .syntax import NOUNS, case_words, mention_of

__all__ = ["arguments_of", "source_of", "phrase_tokens"]

_ACTOR_DEPS = ("nsubj", "obl:agent")
_TARGET_DEPS = ("obj", "nsubj:pass")
_CUT_DEPS = ("acl:relcl", "acl", "parataxis", "punct", "appos", "advcl", "conj", "cc", "dep")


def _role(words: ArgumentWords, head: Token, c: Token) -> str | None:
    if c.pos_ not in NOUNS:
        return None
    if c.dep_ in _ACTOR_DEPS:
        return "actor"
    if c.dep_ in _TARGET_DEPS:
        return "target"
    if c.dep_ in ("nmod", "obl", "obl:arg", "obl:mod"):
        cases = case_words(c)
        if cases & words.agent_cases:
            return "actor"
        if cases & words.target_cases and head.pos_ == "NOUN":
            return "target"
    return None


def arguments_of(words: ArgumentWords, head: Token) -> tuple[list[Mention], list[Mention]]:
    """The actors and the targets of the trigger (three of each at most)."""
    doc = head.doc
    actors: list[Mention] = []
    targets: list[Mention] = []
    for c in head.children:
        role = _role(words, head, c)
        if role is None or c.ent_type_ in ("LOC",) or c.like_num:
            continue
        toks = phrase_tokens(c)
        if not toks:
            continue
        (actors if role == "actor" else targets).append(mention_of(doc, toks))
    return actors[:3], targets[:3]


def source_of(ctx: ArticleContext, sent, head: Token) -> Mention | None:
    """Who reports the event ("selon l'Unicef", "a affirmé une source"), or None."""
    if ctx.attribution:
        from ...attribution import source_in_sentence
        try:
            return source_in_sentence(getattr(sent, "span", sent), ctx.attribution, head)
        except Exception:  # a parse the attribution rules do not expect
            return None
    return _source_case(ctx.lexicon.arguments, ctx.doc, sent)


def _source_case(words: ArgumentWords, doc: Doc, sent: Span) -> Mention | None:
    """ "selon X" in the sentence, when the attribution rules are not there."""
    for t in sent:
        if norm(t.text) in words.source_cases and t.head.i > t.i:
            toks = phrase_tokens(t.head)
            if toks:
                return mention_of(doc, toks)
    return None


def phrase_tokens(head: Token, limit: int = 12) -> list[Token] | None:
    """The noun phrase of `head` without relative clauses and incidents, contiguous."""
    keep = {head.i}
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
            if (c.dep_ in _CUT_DEPS and c.i > head.i) or "\n" in c.text:
                continue
            keep.add(c.i)
            stack.append(c)
    idx = sorted(keep)
    run = [head.i]
    for i in range(head.i - 1, idx[0] - 1, -1):
        if i not in keep:
            break
        run.insert(0, i)
    for i in range(head.i + 1, idx[-1] + 1):
        if i not in keep:
            break
        run.append(i)
    doc = head.doc
    toks = [doc[i] for i in run]
    while toks and (toks[0].is_punct or toks[0].pos_ in ("ADP", "CCONJ") or toks[0].dep_ == "case"):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].pos_ in ("ADP", "CCONJ", "DET")):
        toks.pop()
    if not toks or len(toks) > limit:
        return [head] if head.pos_ in NOUNS else None
    return toks
