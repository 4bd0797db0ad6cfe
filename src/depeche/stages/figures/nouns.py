"""What a counted noun says by itself: its strong categories and its kind (a person, a
thing, or neither), and which categories a kind allows."""
from __future__ import annotations

import re

from spacy.tokens import Token

from ...doctext import text_of
from .lexicon import CategoryLexicon
from .syntax import is_in, lookup, low

PERSON, THING, NONE = "person", "thing", "none"


def _needs_next_missing(noun: Token, after: str, lex: CategoryLexicon) -> bool:
    """ "gardes" counts arrests only as "gardes à vue"."""
    need = lex.needs_next.get(low(noun.text)) or lex.needs_next.get(low(noun.lemma_))
    if not need:
        return False
    return not after.lstrip().startswith(need)


def _not_before(noun: Token, after: str, lex: CategoryLexicon) -> bool:
    """ "victimes d'infractions", "un autre corps de la police": not a toll."""
    return any(any(re.match(r"\s*" + re.escape(x) + r"\b", after)
                   for x in lex.not_before.get(key, ()))
               for key in (low(noun.text), low(noun.lemma_)))


def strong_cancelled(noun: Token, lex: CategoryLexicon) -> bool:
    """Whether the words after `noun` take its strong category away ("victimes
    d'infractions", "gardes" without "à vue")."""
    after = low(text_of(noun.doc)[noun.idx + len(noun.text):noun.idx + len(noun.text) + 40])
    return _needs_next_missing(noun, after, lex) or _not_before(noun, after, lex)


def _without_context(noun: Token, lex: CategoryLexicon) -> bool:
    """ "237 cas signalés" counts the sick only where an illness is spoken of (in the
    noun's sentence or the one before)."""
    words = lex.needs_context.get(low(noun.text)) or lex.needs_context.get(low(noun.lemma_))
    if not words:
        return False
    sent = noun.sent
    start = noun.doc[max(0, sent.start - 1)].sent.start_char if sent.start else 0
    context = low(text_of(noun.doc)[start:sent.end_char])
    return not any(w in context for w in words)


def categories_of_noun(noun: Token, lex: CategoryLexicon) -> tuple[tuple[str, ...], str]:
    """Strong categories the noun carries by itself, and its kind (person | thing | none)."""
    cats = () if strong_cancelled(noun, lex) else lookup(noun, lex.strong)
    if cats and _without_context(noun, lex):
        return (), NONE
    kind = THING if is_in(noun, lex.things) else PERSON
    if is_in(noun, lex.not_counted):
        # jobs, animals, machines, recoveries: neither victims nor damaged buildings
        kind = NONE
    return cats, kind


def allowed(cats: tuple[str, ...], kind: str, noun: Token | None,
            lex: CategoryLexicon) -> str | None:
    """The first of `cats` that a noun of this kind can have: things are only damaged (or
    affected, for homes without power), people anything but damaged."""
    if kind == NONE:
        return None
    for c in cats:
        if kind == THING:
            if c == "damaged":
                return c
            if c == "affected" and noun is not None and is_in(noun, lex.affected_ok):
                return c
        elif c != "damaged":
            return c
    return None
