"""Country names in French and English by ISO 3166-1 alpha-2 code (CLDR, through
`babel`, the data the gazetteer's country names come from), and a name typed by a
person ("Liban", "lebanon", "Côte d'Ivoire", "LB") back to its code.

    names()["LB"]          # ("Liban", "Lebanon")
    code_of("liban")       # "LB"
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["names", "code_of", "fold", "suggest"]


def fold(name: str) -> str:
    """A name's key: lower case, accents, hyphens and apostrophes folded."""
    s = unicodedata.normalize("NFKD", name.lower())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    for ch in "-'’.,()":
        s = s.replace(ch, " ")
    return " ".join(s.split())


@lru_cache(maxsize=1)
def names() -> dict[str, tuple[str, str]]:
    """ISO code -> (French name, English name), for every country CLDR names."""
    from babel import Locale
    fr, en = Locale("fr").territories, Locale("en").territories
    return {code: (fr[code], en.get(code, fr[code])) for code in sorted(fr)
            if len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "QO")}


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    out: dict[str, str] = {}
    for code, (fr, en) in names().items():
        for n in (fr, en):
            out.setdefault(fold(n), code)
    return out


def code_of(text: str) -> str | None:
    """The ISO code of a country named `text` (French or English name, any case or
    accent) or given by its code; None when no country has that name."""
    t = text.strip()
    if len(t) == 2 and t.isascii() and t.upper() in names():
        return t.upper()
    return _index().get(fold(t))


def suggest(text: str) -> str | None:
    """What a person who typed `text` for a country may have meant: "Liban (LB)", by its
    name or the nearest one (a misspelling); None when nothing is near."""
    import difflib
    code = code_of(text)
    if code is None:
        near = difflib.get_close_matches(fold(text), list(_index()), n=1, cutoff=0.8)
        code = _index()[near[0]] if near else None
    return f"{names()[code][0]} ({code})" if code else None
