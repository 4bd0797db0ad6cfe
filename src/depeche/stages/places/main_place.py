"""The place an article is about (the `main_place` layer): events without a place of
their own take it."""
from __future__ import annotations

import functools
import re

from ...records import Place
from .lexicon import PlaceLexicon, load

_APOS = str.maketrans({"’": "'", "‘": "'"})


def _norm(text: str) -> str:
    return text.replace("\u0130", "I").lower().translate(_APOS)   # same length


@functools.lru_cache(maxsize=1)
def _default_lexicon() -> PlaceLexicon:
    from ...lexicons import Lexicons
    return load(Lexicons())


def title_countries(title: str | None, gaz, lex: PlaceLexicon | None = None) -> set[str]:
    """Countries the title names in its lead ("Grèce : ...", "Afghanistan: ..."):
    the topic of the story even when the body names only its towns. `lex`: the places
    lexicon (the French one when not given)."""
    if not title or ":" not in title:
        return set()
    lex = lex or _default_lexicon()
    lead = title.split(":", 1)[0]
    lead = lex.title_tags.sub("", lead, count=1).strip(" .«»\"")
    if not lead or len(lead.split()) > 4:
        return set()
    return {e.country for e in gaz.lookup(lead) if e.kind == "country" and e.country}


def main_place(places: tuple[Place, ...], title: str | None,
               countries: set[str]) -> Place | None:
    """The place the article is about: one its title names, else one of the country
    its title leads with (`countries`), else the most named place of the most named
    country."""
    if not places:
        return None
    t = _norm(title or "")
    weight: dict[str | None, int] = {}
    for p in places:
        if p.country:
            weight[p.country] = weight.get(p.country, 0) + len(p.mentions or (p,))

    def rank(p: Place):
        in_title = bool(t) and any(
            re.search(r"(?<!\w)" + re.escape(_norm(m.text)) + r"(?!\w)", t)
            for m in (p.mentions or (p,)))
        return (not in_title, p.country not in countries, -weight.get(p.country, 0),
                -len(p.mentions or (p,)), p.start)
    return min(places, key=rank)
