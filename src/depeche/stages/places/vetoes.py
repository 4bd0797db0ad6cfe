"""Names that are no place whatever the gazetteer says: people, media, storms, ships,
organisations and titles of works. `vetoed(ctx, start, end)` is asked of every name."""
from __future__ import annotations

import re

from ...gazetteer import normalize
from .context import PlaceContext

QUOTE_OPEN = re.compile(r"[«\"“]\s*((?:[\w’'()-]+\s+){0,2})$")
QUOTE_CLOSE = re.compile(r"((?:\s+[\w’'()-]+){0,2})\s*[»\"”]")
CLOSING_QUOTES = ("»", '"', "”")


def vetoed(ctx: PlaceContext, s: int, e: int) -> bool:
    """A person's name, a media or storm name, an organisation: not a place."""
    return named_thing(ctx, s, e) or after_a_cue(ctx, s, e) or person_or_title(ctx, s, e)


def named_thing(ctx: PlaceContext, s: int, e: int) -> bool:
    """The name itself says it is no place: a listed non-place, a demonym, a storm's or a
    ship's name, a newspaper, a stop word ("Quel"), a channel ("Europe 1", "France 24")."""
    text, lex = ctx.text, ctx.lex
    key = normalize(text[s:e])
    if key in lex.demonyms and not demonym_as_place(ctx, s, e):
        return True
    if key in lex.not_places or len(key) < 3 or key in ctx.things:
        return True
    if any(a <= s and e <= b for a, b in ctx.media):
        return True
    if " " not in key and text[s:e].lower() in lex.stop_words:   # "Quel(le) engagé(e)"
        return True
    return re.match(r"\s+\d", text[e:e + 3]) is not None


def demonym_as_place(ctx: PlaceContext, s: int, e: int) -> bool:
    """A capitalised word that is both a country adjective and a country's name ("en
    Suisse", "l'Argentine") names the country, unless a person's determiner goes
    before it ("un Suisse", "une Argentine")."""
    text = ctx.text
    if not text[s:s + 1].isupper() or ctx.gaz is None or not any(
            c.kind in ("country", "admin", "region") and c.form <= 1
            for c in ctx.gaz.lookup(text[s:e])):
        return False
    before = re.findall(r"[\w’']+", text[max(0, s - 20):s])[-1:]
    return not (before and normalize(before[0]) in ctx.lex.demonym_people)


def prominent(ctx: PlaceContext, s: int, e: int) -> bool:
    """A country, a region or a big town: "Jura Enchères" leaves the Jura a place."""
    return ctx.gaz is not None and any(
        c.form <= 1 and (c.kind != "city" or c.population >= 100000)
        for c in ctx.gaz.lookup(ctx.text[s:e]))


def _wkey(w: str) -> str:
    return (normalize(w).split() or [""])[-1]


def after_a_cue(ctx: PlaceContext, s: int, e: int) -> bool:
    """The words before say a person, a thing or an institution follows: "la
    multinationale américaine Monsanto", "le président Assad", "la tempête Gloria"."""
    lex = ctx.lex
    before = re.findall(r"[\w.’'-]+", ctx.text[max(0, s - 60):s])
    # adjectives between a head and its name: "la multinationale américaine Monsanto"
    while len(before) > 1 and before[-1][:1].islower() and not re.search(
            r"['’]", before[-1]) and (
            _wkey(before[-1]) in lex.demonyms or before[-1].endswith(lex.adjective_endings)) and (
            _wkey(before[-1]) not in lex.not_after | lex.not_after_direct):
        before.pop()
    if before and _wkey(before[-1]) in lex.not_after_direct:
        return True
    before = [w for w in before if normalize(w) not in lex.determiners][-1:]
    return bool(before) and (normalize(before[0]) in lex.titles
                             or normalize(before[0]) in lex.not_after)


def person_or_title(ctx: PlaceContext, s: int, e: int) -> bool:
    """Cues from the words around: a quoted short title ("Boom"), the inverted
    subject of a verb of saying ("», ajoute Hassan"), an age ("Salem, 51 ans"), a word
    the article gives as someone's first name ("Gloria Trevisan")."""
    if ctx.lex.age_after.match(ctx.text[e:e + 20]):
        return True
    if ctx.text[s:e] in ctx.given_names and not prominent(ctx, s, e):
        return True                 # "Gloria Trevisan ... Gloria a ouvert la porte"
    return quoted_title(ctx, s, e) or inverted_speaker(ctx, s, e)


def quoted_title(ctx: PlaceContext, s: int, e: int) -> bool:
    """A short quoted title ("Boom"), not « Marche sur Washington »."""
    text = ctx.text
    op = QUOTE_OPEN.search(text[max(0, s - 30):s])
    cl = QUOTE_CLOSE.match(text[e:e + 30])
    if not (op and cl and len(op.group(1).split()) + len(cl.group(1).split()) <= 2):
        return False
    last = op.group(1).split()[-1:]
    return not (last and normalize(last[0]) in ctx.lex.quoted_place_after)


def inverted_speaker(ctx: PlaceContext, s: int, e: int) -> bool:
    """The subject after a verb of saying: "», ajoute Hassan", "», a dit Maggie"."""
    doc = ctx.doc
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    prev = doc[span.start - 1]
    if prev.pos_ in ("VERB", "AUX") and not prev.is_sent_start:
        if prev.lemma_ in ctx.lex.speech_lemmas and span.start >= 2 and (
                doc[span.start - 2].is_punct or doc[span.start - 2].pos_ == "AUX"):
            return True                 # "», ajoute Hassan", "», a dit Maggie"
        k = span.start - 2
        if k >= 1 and doc[k].text == "," and doc[k - 1].text in CLOSING_QUOTES:
            return True                 # "», apprécie Zishan"
    return False
