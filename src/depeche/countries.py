"""Countries by name: what a person types ("Liban", "Lebanon", "lb", "LBN", "Etats-Unis",
"RDC") to the ISO 3166-1 alpha-2 code the store keeps, and back.

Names come from CLDR (through `babel`: French and English, the data the gazetteer's
country names come from), ISO 3166 (`pycountry`: alpha-3 codes, official and common
names) and the press names of `lang/fr/places_countries.toml` ("RDC", "Birmanie").
Matching ignores case, accents, hyphens and apostrophes.

    names()["LB"]          # ("Liban", "Lebanon")
    code_of("liban")       # "LB"
    suggest("Lbanon")      # "Liban (LB)"
"""
from __future__ import annotations

import difflib
import unicodedata
from functools import lru_cache

__all__ = ["names", "code_of", "fold", "suggest", "suggestions"]


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
    """Folded name -> code: CLDR names first, then ISO 3166's, then the press names."""
    import pycountry

    from .lexicons import Lexicons
    known = names()
    out: dict[str, str] = {}
    for code, (fr, en) in known.items():
        for n in (fr, en):
            out.setdefault(fold(n), code)
    for c in pycountry.countries:
        if c.alpha_2 in known:
            for other in (c.alpha_3, c.name, getattr(c, "common_name", None),
                          getattr(c, "official_name", None)):
                if other:
                    out.setdefault(fold(other), c.alpha_2)
    press = Lexicons().get("places_countries").get("countries", {})
    for code, entry in press.items():
        if code in known:
            for n in entry.get("names", ()):
                out.setdefault(fold(n), code)
    return out


def code_of(text: str) -> str | None:
    """The ISO code of a country named `text` (French or English name, any case or
    accent) or given by its code; None when no country has that name."""
    t = text.strip()
    if len(t) == 2 and t.isascii() and t.upper() in names():
        return t.upper()
    return _index().get(fold(t))


def suggestions(text: str, n: int = 3) -> list[str]:
    """What a person who typed `text` may have meant, nearest first: "Liban (LB)"..."""
    code = code_of(text)
    if code is not None:
        return [f"{names()[code][0]} ({code})"]
    index = _index()
    out: list[str] = []
    for key in difflib.get_close_matches(fold(text), [k for k in index if len(k) > 3],
                                         n=3 * n, cutoff=0.8):
        label = f"{names()[index[key]][0]} ({index[key]})"
        if label not in out:
            out.append(label)
    return out[:n]


def suggest(text: str) -> str | None:
    """The nearest of `suggestions`, or None when nothing is near."""
    near = suggestions(text, 1)
    return near[0] if near else None
