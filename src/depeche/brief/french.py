"""Writing French: dates ("5 août 2020", "du 3 au 12 août 2020"), numbers ("4 000",
"2,5"), counts that agree with their noun ("1 mort", "78 morts"), event types and the
modality words that agree with them ("manifestation prévue"), lists ("A, B et C").

Every word comes from `lang/fr/brief.toml` (read once, checked against SCHEMA)."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from ..lexicons import Lexicons, Table

__all__ = ["words", "qualifier", "number", "count", "day", "period", "type_label", "modality_word",
           "join", "category_title", "status_word", "sentence", "heading"]

_GENDERED = {"m": str, "f": str}
SCHEMA = {
    "numbers": {"thousands": str, "decimal": str, "approx": str, "qualifiers": [str],
                "range": str, "first_day": str},
    "dates": {"months": [str], "day": str, "on": str, "span_month": str, "span_year": str,
              "span": str, "unknown": str},
    "lists": {"and": str, "comma": str},
    "categories": Table({"one": str, "many": str, "title": str}),
    "types": Table({"one": str, "many": str, "gender": str}),
    "modalities": Table(_GENDERED),
    "status": Table(str),
    "sentences": Table(str),
    "headings": Table(str),
}


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    """The brief's words (lang/fr/brief.toml), checked."""
    return Lexicons().get("brief", SCHEMA)


def sentence(name: str, **values: Any) -> str:
    """The sentence pattern `name` of the lexicon, filled with `values`."""
    return words()["sentences"][name].format(**values)


def heading(name: str, **values: Any) -> str:
    return words()["headings"][name].format(**values)


def _digits(value: float) -> str:
    n = words()["numbers"]
    if float(value).is_integer():
        text = f"{int(value):,}".replace(",", n["thousands"])
        return text
    whole, _, frac = f"{value:,.2f}".rstrip("0").partition(".")
    return whole.replace(",", n["thousands"]) + n["decimal"] + frac


def qualifier(words_said: str | None) -> str | None:
    """The words that open an approximate figure in its article ("au moins", "plus
    de"), as the lexicon lists them; None when it opens with none of them."""
    said = " ".join((words_said or "").lower().replace("’", "'").split())
    for q in sorted(words()["numbers"]["qualifiers"], key=len, reverse=True):
        if said.startswith(q + " "):
            return q
    return None


def number(value: float, *, approx: bool = False, value_max: float | None = None,
           said: str | None = None) -> str:
    """A number as French writes it: "4 000", "2,5", "environ 300", "de 10 à 20";
    approximate, with the article's own qualifier when `said` (the figure's words)
    opens with one ("au moins 78")."""
    n = words()["numbers"]
    text = _digits(value)
    if value_max is not None and value_max != value:
        return n["range"].format(lo=text, hi=_digits(value_max))
    if not approx:
        return text
    q = qualifier(said)
    return (q + " " if q else n["approx"]) + text


def count(value: float, category: str, *, approx: bool = False,
          value_max: float | None = None, said: str | None = None) -> str:
    """A count with its noun, agreeing: "1 mort", "78 morts", "environ 4 000 blessés".
    French takes the singular below 2 ("1,5 million" aside: tolls are whole)."""
    c = words()["categories"].get(category)
    top = value_max if value_max is not None else value
    noun = "" if c is None else " " + (c["one"] if abs(top) < 2 else c["many"])
    return number(value, approx=approx, value_max=value_max, said=said) + noun


def category_title(category: str) -> str:
    c = words()["categories"].get(category)
    return c["title"] if c else category


def status_word(status: str) -> str:
    return words()["status"].get(status, status)


def _day_number(d: date) -> str:
    return words()["numbers"]["first_day"] if d.day == 1 else str(d.day)


def _month(d: date) -> str:
    return words()["dates"]["months"][d.month - 1]


def day(value: str | date | None) -> str:
    """A day as French writes it: "5 août 2020", "1er janvier 2021"."""
    if not value:
        return words()["dates"]["unknown"]
    d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return words()["dates"]["day"].format(day=_day_number(d), month=_month(d), year=d.year)


def period(start: str | date | None, end: str | date | None) -> str:
    """"le 5 août 2020", "du 3 au 12 août 2020", "du 30 juillet au 2 août 2020",
    "du 30 décembre 2019 au 2 janvier 2020"."""
    w = words()["dates"]
    if not start:
        return w["unknown"]
    a = start if isinstance(start, date) else date.fromisoformat(str(start)[:10])
    b = a if not end else end if isinstance(end, date) else date.fromisoformat(str(end)[:10])
    if b <= a:
        return w["on"].format(date=day(a))
    if (a.year, a.month) == (b.year, b.month):
        return w["span_month"].format(d1=_day_number(a), d2=_day_number(b), month=_month(a),
                                      year=a.year)
    if a.year == b.year:
        return w["span_year"].format(d1=_day_number(a), m1=_month(a), d2=_day_number(b),
                                     m2=_month(b), year=a.year)
    return w["span"].format(a=day(a), b=day(b))


def type_label(event_type: str, n: int = 1) -> str:
    """An event type's French name: "manifestation", "manifestations" (n > 1)."""
    t = words()["types"].get(event_type)
    if t is None:
        return event_type.replace("_", " ")
    return t["one"] if n < 2 else t["many"]


def modality_word(event_type: str, modality: str) -> str | None:
    """The word that says an event is not a fact, agreeing with its type ("prévue" for a
    manifestation); None for an asserted event."""
    m = words()["modalities"].get(modality)
    if m is None:
        return None
    gender = words()["types"].get(event_type, {}).get("gender", "m")
    return m[gender] if gender in m else m["m"]


def join(items: list[str]) -> str:
    """"A", "A et B", "A, B et C"."""
    w = words()["lists"]
    if len(items) < 2:
        return "".join(items)
    return w["comma"].join(items[:-1]) + w["and"] + items[-1]
