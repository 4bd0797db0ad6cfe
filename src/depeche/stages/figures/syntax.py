"""Reading the spaCy parse around a count: normalised words, token spans, dependency
roles, and lookups of a token (by form or lemma) in a lexicon table."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ...doctext import text_of

# the dependency roles a count (or its noun) can have on its governor
PATIENT_DEPS = ("obj", "nsubj:pass", "obl:arg", "iobj")
SUBJECT_DEPS = ("nsubj",)
MODIFIER_DEPS = ("acl", "amod", "acl:relcl", "xcomp")
COUNTED_POS = ("NOUN", "PROPN", "ADJ", "PRON")


def low(text: str) -> str:
    # same length; str.replace is several times faster than str.translate on words
    return text.replace("\u0130", "I").lower().replace("’", "'")


def is_in(token: Token, words) -> bool:
    """Whether the token's form or lemma (normalised) is one of `words`."""
    return low(token.text) in words or low(token.lemma_) in words


def tokens_of(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def head_of(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    outside = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    return outside[-1] if outside else tokens[-1]


def next_noun(doc: Doc, i: int) -> Token | None:
    """The noun at or after token `i`, over adjectives like "autres", "derniers"."""
    for t in doc[i:i + 3]:
        if t.pos_ == "NOUN":
            return t
        if t.pos_ != "ADJ" or t.is_punct:
            return None
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ == "aux:pass" for c in verb.children)


def with_be(verb: Token, be: str) -> bool:
    """ "100 personnes sont mortes", "trois sont portés disparus": a participle or adjective
    with the auxiliary or copula `be`, of which the count is the subject."""
    return (verb.pos_ in ("ADJ", "VERB") and verb.morph.get("VerbForm") != ["Fin"]) and any(
        c.dep_ in ("aux", "aux:pass", "aux:tense", "cop") and low(c.lemma_) == be
        for c in verb.children)


class WordTable(dict):
    """{word or phrase: categories}, with its multi-word entries indexed by their first
    word when the table is built: {first word: [(position, rest, pattern, categories)]},
    the pattern finding `rest` up to two words after the token."""

    def __init__(self, items=()):
        super().__init__(items)
        self.phrases: dict[str, list[tuple[int, str, re.Pattern, tuple[str, ...]]]] = {}
        for k, (phrase, cats) in enumerate(self.items()):
            if " " in phrase:
                first, rest = phrase.split(" ", 1)
                rx = re.compile(r"\s*(\w+\s+){0,2}" + re.escape(rest))
                self.phrases.setdefault(first, []).append((k, rest, rx, cats))


def lookup(token: Token, table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Categories of `token` in `table`, by form or lemma, multi-word entries included
    ("trouver la mort", "gardes à vue", "membres des forces")."""
    if not isinstance(table, WordTable):
        table = WordTable(table)
    form, lemma = low(token.text), low(token.lemma_)
    found: list[str] = []
    for key in (form, lemma):
        cats = table.get(key)
        if cats:
            found.extend(c for c in cats if c not in found)
    # multi-word entries starting with this word, in the table's order
    entries = table.phrases.get(form, [])
    if lemma != form:
        entries = sorted(entries + table.phrases.get(lemma, []), key=lambda e: e[0])
    if not entries:
        return tuple(found)
    text = text_of(token.doc)
    after = low(text[token.idx + len(token.text):token.idx + len(token.text) + 40])
    for _, rest, rx, cats in entries:
        if after.startswith(" " + rest) or rx.match(after):
            found.extend(c for c in cats if c not in found)
    return tuple(found)
