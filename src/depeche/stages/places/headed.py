"""Names after a head noun: "province de X", "ville de X", "quartier de X", "camp de X",
"université de X". The head says what kind of place X is; a feature head ("camp",
"pont", "mont") makes a place of its own."""
from __future__ import annotations

from typing import Iterator, NamedTuple

from ...gazetteer import normalize
from .context import PlaceContext, Toponym
from .vetoes import vetoed


class HeadMatch(NamedTuple):
    kind: str
    hs: int          # head start, end
    he: int
    ns: int          # name start, end
    ne: int


def head_matches(ctx: PlaceContext) -> Iterator[HeadMatch]:
    """Every "<head> (adj) de X" of the text."""
    kinds = ctx.lex.heads.kinds
    for m in ctx.lex.heads.rx.finditer(ctx.text):
        kind = kinds.get(m.group(1).lower())
        if kind is None:
            continue
        yield HeadMatch(kind, m.start(1), m.end(1), m.start(3), m.end(3))


def headed(ctx: PlaceContext, h: HeadMatch) -> Toponym | None:
    """'<head> (adj) de X': X is the place; a feature head makes a place of its own."""
    text, gaz = ctx.text, ctx.gaz
    ns, ne = h.ns, h.ne
    inner = text[ns:ne].rstrip("’'-")
    ne = ns + len(inner)
    art = ctx.lex.capital_article_before.search(text[max(0, ns - 5):ns])
    if art and gaz.lookup(f"{art.group(2)} {inner}"):      # "l'Etat de La Guaira"
        ns -= len(art.group(1))
        inner = text[ns:ne]
    # "la ville d'Orange": a town by its head, whatever else the name means
    said = h.kind == "city" and normalize(inner) in ctx.lex.not_places
    if (vetoed(ctx, ns, ne) and h.kind != "feature" and not said) or (
            inner.isupper() and len(inner) <= 6):
        return None
    head = normalize(text[h.hs:h.he])
    if normalize(text[h.hs:ne]) in ctx.lex.not_places:     # "le Quai d'Orsay" (a ministry)
        return None
    if h.kind == "feature":
        return feature(ctx, h._replace(ns=ns, ne=ne), head, inner)
    cands = gaz.lookup(inner)
    if h.kind == "district":
        return Toponym(ns, ne, inner, cands=cands, source="head", hint="district")
    if not cands:
        if h.kind == "institution" and head in ctx.lex.heads.buildings:
            # "l'hôpital de la Pitié-Salpêtrière": the building, in its town
            return Toponym(h.hs, ne, text[h.hs:ne], source="head", hint="building")
        return None
    if h.kind == "institution":
        if head in ctx.lex.heads.named_institution:   # "l'université de Yale"
            cands = ctx.gazetteer_only(cands)
            if not cands:
                return None
        return Toponym(ns, ne, inner, cands=cands, source="nested")
    return Toponym(ns, ne, inner, cands=cands, source="head", hint=h.kind,
                   vague=head in ctx.lex.heads.vague)


def _no_country(entries) -> tuple:
    return tuple(c for c in entries if c.kind != "country")


def feature(ctx: PlaceContext, h: HeadMatch, head: str, inner: str) -> Toponym | None:
    """A feature '<head> (de) X': a gazetteer feature; a town named with its head
    ("l'île Rousse"); else a feature at the place X names ("le pont Mathilde de Rouen"
    lies in Rouen, "la base de Pensacola en Floride" in Pensacola)."""
    text, gaz, lex = ctx.text, ctx.gaz, ctx.lex
    hs, he, ns, ne = h.hs, h.he, h.ns, h.ne
    whole = text[hs:ne]
    full = _no_country(gaz.lookup(whole))
    if full:
        feats = tuple(c for c in full if c.kind == "feature")
        if feats:
            return Toponym(hs, ne, whole, cands=feats, source="head", hint="feature")
        return Toponym(hs, ne, whole, cands=full, source="head")
    glued = not lex.of_tail.search(text[he:ns] + " ") and text[he:ns].strip() == ""
    if glued and lex.demonym_like.fullmatch(inner) and not gaz.lookup(inner):
        return None                                 # "la base Finistérienne"
    # the name proper, and the place that holds it: "X en <admin>", "X de <city>"
    name = lex.holder_in_split.split(inner)[0]
    parts = lex.holder_split.split(name)
    holder = parts[-1] if len(parts) > 1 else None
    saint = lex.saint.match(name) is not None
    natural = head in lex.heads.natural
    if head in lex.heads.street or (saint and not natural):
        hit = gaz.lookup(holder) if holder else ()
        return Toponym(hs, ne, whole, cands=_no_country(hit),
                       source="head", hint="feature" if hit else "street")
    cands = _no_country(gaz.lookup(holder or name))
    if not cands and holder:
        cands = _no_country(gaz.lookup(name))
    if not cands and natural:
        # an island or a mountain we cannot place: near a town of its sentence ("au mont
        # Maudit, près de Chamonix"), never at the article's main city
        return Toponym(hs, ne, whole, source="head", hint="natural")
    own = tuple(c for c in cands if c.kind == "feature")
    return Toponym(hs, ne, whole, cands=own or cands, source="head", hint="feature")
