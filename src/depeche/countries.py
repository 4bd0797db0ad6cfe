"""Countries by name: what a person types ("Liban", "Lebanon", "lb", "Etats-Unis") to the
ISO 3166-1 alpha-2 code the store keeps.

Names come from CLDR (babel: French and English), ISO 3166 (pycountry: official and
common names) and the press names of `lang/fr/places_countries.toml` ("RDC", "Birmanie").
Matching ignores case, accents, hyphens and apostrophes (`gazetteer.normalize`).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .gazetteer import normalize


@dataclass(frozen=True)
class Country:
    code: str
    name_fr: str
    name_en: str

    def to_dict(self) -> dict:
        return {"code": self.code, "fr": self.name_fr, "en": self.name_en}


class Countries:
    """Every country with a two-letter code, and the names that lead to it."""

    @cached_property
    def _tables(self) -> tuple[dict[str, Country], dict[str, str]]:
        import babel
        import pycountry

        from .lexicons import Lexicons
        fr = babel.Locale("fr").territories
        en = babel.Locale("en").territories
        by_code: dict[str, Country] = {}
        keys: dict[str, str] = {}
        for c in pycountry.countries:
            code = c.alpha_2
            by_code[code] = Country(code, fr.get(code, c.name), en.get(code, c.name))
            names = [fr.get(code), en.get(code), c.name, getattr(c, "common_name", None),
                     getattr(c, "official_name", None), c.alpha_3, code]
            for name in names:
                if name:
                    keys.setdefault(normalize(name), code)
        press = Lexicons().get("places_countries")
        for code, entry in press["countries"].items():
            if code in by_code:
                for name in entry.get("names", ()):
                    keys.setdefault(normalize(name), code)
        return by_code, keys

    def all(self) -> list[Country]:
        """Every country, by French name."""
        return sorted(self._tables[0].values(), key=lambda c: normalize(c.name_fr))

    def get(self, code: str) -> Country | None:
        return self._tables[0].get(code.upper())

    def code_of(self, name: str) -> str | None:
        """The code a name or code stands for, or None."""
        return self._tables[1].get(normalize(name))

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Names close to an unknown one, for a "did you mean"."""
        by_code, keys = self._tables
        close = difflib.get_close_matches(normalize(name), [k for k in keys if len(k) > 3],
                                          n=n * 3, cutoff=0.75)
        out: list[str] = []
        for key in close:
            c = by_code[keys[key]]
            label = f"{c.name_fr} ({c.code})"
            if label not in out:
                out.append(label)
        return out[:n]


@lru_cache(maxsize=1)
def countries() -> Countries:
    """The one table of countries (read-only, built on first use)."""
    return Countries()
