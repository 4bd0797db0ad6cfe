"""Small reads of the parse shared by the rules: the head of a trigger, the verb of its
clause, the token at a span, the mention of tokens."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ...doctext import text_of
from ...records import Mention
from .lexicon import norm

__all__ = ["head_of", "clause_of", "token_at", "mention_of", "case_words", "is_finite",
           "VERBS", "NOUNS"]

VERBS = ("VERB", "AUX")
NOUNS = ("NOUN", "PROPN")


def head_of(tokens: list[Token]) -> Token:
    """The token of `tokens` whose head is outside them."""
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return tokens[0]


def clause_of(head: Token) -> Token:
    """The verb of the trigger's clause (the trigger itself when it is a verb)."""
    t = head
    for _ in range(4):
        if t.pos_ in VERBS or t.head is t:
            return t
        t = t.head
    return t


def token_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.root


def mention_of(doc: Doc, tokens: list[Token]) -> Mention:
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    return Mention(text=text_of(doc)[start:end], start=start, end=end)


def case_words(token: Token) -> set[str]:
    """The prepositions ("case" dependents) of a token, normalised."""
    return {norm(c.text) for c in token.children if c.dep_ == "case"}


def is_finite(token: Token) -> bool:
    return "Fin" in token.morph.get("VerbForm")
