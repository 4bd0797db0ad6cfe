"""What a query asks, checked once: the event filters, and the paging of every list.

    q = EventQuery.parse(type="disaster", near="33.9,35.5", within_km="20")
    items, total = store.events(q.to_filter(), limit=Paging().limit)

`EventQuery.parse` takes what people type (strings, from a command line or a URL) or
values already typed; anything that cannot be used is a `QueryError` whose message says
what to give. Every value is bounded before any SQL runs: its length (`Param.limit`), no
control character, whole numbers and distances within ranges, full-text searches of at
most `MAX_TERMS` words; the other lists (quotes, stories) check theirs with
`search_words`, `name_words` and `whole_number`, so that no door of the store (command
line, API, exports) can send SQLite a query that takes seconds or gigabytes. An
`EventQuery` is valid once built (frozen, checked in `__post_init__`) and hashable (a
cache key). `EVENT_PARAMS` and `PAGING_PARAMS` name each field once for the
command line (`depeche events`, `depeche export`) and for the URL (/api/events,
/api/timeline, /api/export): both build their arguments from these tables. The functions
that run queries are in `depeche.queries`.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from .articles import parse_date
from .countries import code_of, suggestions
from .errors import DepecheError, QueryError
from .records import EVENT_TYPES, MODALITIES
from .store import EventFilter
from .store.aggregate import BY, Scope

__all__ = ["Param", "EventQuery", "Paging", "EVENT_PARAMS", "PAGING_PARAMS", "MAX_PER_PAGE",
           "SCOPE_PARAMS", "parse_scope", "Scope",
           "QueryError", "parse_near", "whole_number", "checked_text", "search_words",
           "name_words", "shown", "MAX_TEXT_CHARS", "MAX_NAME_CHARS", "MAX_ID_CHARS",
           "MAX_VALUE_CHARS", "MAX_TERMS", "MAX_PAGE", "MAX_MIN_ARTICLES", "MAX_WITHIN_KM"]

# The bounds of a query. A full-text search of thousands of words makes SQLite build
# thousands of phrase cursors (seconds, gigabytes): every door refuses it first.
MAX_TEXT_CHARS = 500        # full-text words (q, --text)
MAX_TERMS = 32              # words of a full-text search
MAX_NAME_CHARS = 200        # a name: an actor, a speaker
MAX_ID_CHARS = 300          # an id: article, story, merged event, event key
MAX_VALUE_CHARS = 100       # any other value: a type, a country, a date, a point...
MAX_PAGE = 100_000
MAX_PER_PAGE = 1000
MAX_MIN_ARTICLES = 10_000
MAX_WITHIN_KM = 20_000      # half the Earth's circumference: every point is nearer


@dataclass(frozen=True)
class Param:
    """One query field as people give it: on the command line and in a URL."""
    field: str                  # the EventQuery (or Paging) field
    api: str                    # the URL query parameter
    cli: str                    # the command-line option
    help: str
    metavar: str | None = None
    limit: int = MAX_VALUE_CHARS    # the longest value accepted, in characters

    @property
    def name(self) -> str:
        """How messages name it, for both doors: `q (--text)`, `type`."""
        return self.api if self.cli == "--" + self.api else f"{self.api} ({self.cli})"


EVENT_PARAMS: tuple[Param, ...] = (
    Param("type", "type", "--type", "event type, e.g. disaster, bombing, protest"),
    Param("country", "country", "--country",
          "country of the event's place: a name in French or English, or its ISO code, "
          "e.g. Liban, Lebanon, LB", "COUNTRY"),
    Param("near", "near", "--near", "events placed near this point", "LAT,LON"),
    Param("within_km", "within", "--within", "distance around --near, in km (50)", "KM"),
    Param("date_from", "from", "--from", "events on or after this day", "YYYY-MM-DD"),
    Param("date_to", "to", "--to", "events on or before this day", "YYYY-MM-DD"),
    Param("actor", "actor", "--actor", "words of an actor (or source) of the event "
          f"(at most {MAX_NAME_CHARS} characters)", limit=MAX_NAME_CHARS),
    Param("text", "q", "--text", "words of the article (full-text search, all required; at "
          f"most {MAX_TERMS} words, {MAX_TEXT_CHARS} characters)", limit=MAX_TEXT_CHARS),
    Param("modality", "modality", "--modality", ", ".join(MODALITIES)),
    Param("story_id", "story", "--story", "events of this story (a story id)", "ID",
          limit=MAX_ID_CHARS),
    Param("merged_id", "merged", "--merged", "events of this merged event (its id)", "ID",
          limit=MAX_ID_CHARS),
)
PAGING_PARAMS: tuple[Param, ...] = (
    Param("page", "page", "--page", f"page number, 1 to {MAX_PAGE} (1)", "N"),
    Param("per_page", "per_page", "--limit", f"items per page, 1 to {MAX_PER_PAGE} (50)", "N"),
)
# How the web page reads the event filters (`store.aggregate.Scope`): by which date, and
# the outlet facet. Only the page's endpoints take them.
SCOPE_PARAMS: tuple[Param, ...] = (
    Param("by", "by", "--by", "which date orders and bounds the events: article (the "
          "publication of the article that reports them, the default) or event (the "
          "event's own date)", "article|event"),
    Param("outlet", "outlet", "--outlet", "events of articles of this outlet (its exact "
          f"name, at most {MAX_NAME_CHARS} characters)", "NAME", limit=MAX_NAME_CHARS),
)
_FLAG = {p.field: p.cli for p in EVENT_PARAMS + PAGING_PARAMS}
_PARAM = {p.field: p for p in EVENT_PARAMS + PAGING_PARAMS}
# C0 and C1 controls (NUL included) and lone surrogates: nobody types them in a search
_UNUSABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def shown(value: Any, width: int = 60) -> str:
    """`repr(value)`, cut to `width` characters: what a message may quote of a value."""
    text = repr(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def checked_text(value: Any, name: str, limit: int = MAX_VALUE_CHARS) -> str:
    """`value` if it is a string of at most `limit` characters without control
    characters; QueryError naming `name` otherwise."""
    if not isinstance(value, str):
        raise QueryError(f"{name} {shown(value)}: give a text")
    if len(value) > limit:
        raise QueryError(f"{name} is {len(value)} characters long; give at most {limit}")
    bad = _UNUSABLE.search(value)
    if bad:
        raise QueryError(f"{name} holds a control character (U+{ord(bad.group()):04X}); "
                         f"give words only")
    return value


def search_words(value: Any, name: str = "q (--text)") -> str:
    """Full-text words, checked: at most MAX_TEXT_CHARS characters and MAX_TERMS words."""
    text = checked_text(value, name, MAX_TEXT_CHARS)
    n = len(text.split())
    if n > MAX_TERMS:
        raise QueryError(f"{name} has {n} words; give at most {MAX_TERMS}")
    return text


def name_words(value: Any, name: str) -> str:
    """A name (actor, speaker), checked: at most MAX_NAME_CHARS characters."""
    return checked_text(value, name, MAX_NAME_CHARS)


def _check_point(lat: float, lon: float, shown: str) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise QueryError(f"--near {shown!r}: latitude must be within ±90, longitude ±180")


def parse_near(value: str) -> tuple[float, float]:
    """'LAT,LON' as a point; QueryError when it is not one."""
    try:
        lat_s, lon_s = value.split(",")
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        raise QueryError(f"--near {value!r}: give LAT,LON in degrees, e.g. 33.90,35.52") from None
    _check_point(lat, lon, value)
    return lat, lon


def _point(value: Any) -> tuple[float, float]:
    if isinstance(value, str):
        return parse_near(value)
    try:
        lat, lon = value
        return float(lat), float(lon)
    except (TypeError, ValueError):
        raise QueryError(f"--near {value!r}: give LAT,LON in degrees, e.g. 33.90,35.52") from None


def _km(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise QueryError(f"--within {shown(value)}: give a distance in km, e.g. 20") from None


def _day(field: str):
    def parse(value: Any) -> date | None:
        try:
            return parse_date(value, origin=_FLAG[field])
        except DepecheError:
            raise QueryError(f"{_FLAG[field]} {shown(value)}: give a day as YYYY-MM-DD, "
                             f"e.g. 2020-08-04") from None
    return parse


_DIGITS = re.compile(r"[+-]?[0-9]{1,100}")


def _number(n: int) -> str:
    digits = len(str(abs(n)))
    return str(n) if digits <= 15 else f"a number of {digits} digits"


def whole_number(value: Any, name: str, lo: int | None = None, hi: int | None = None) -> int:
    """An integer from what people type, within [lo, hi] when given; QueryError naming
    `name` otherwise (a number too large for SQLite never reaches it)."""
    if isinstance(value, int) and not isinstance(value, bool):
        n = value
    else:
        text = str(value).strip()
        if not _DIGITS.fullmatch(text):
            raise QueryError(f"{name} {shown(value)}: give a whole number, e.g. 2")
        n = int(text)
    if lo is not None and n < lo:
        raise QueryError(f"{name} must be {lo} or more, not {_number(n)}")
    if hi is not None and n > hi:
        raise QueryError(f"{name} must be at most {hi}, not {_number(n)}")
    return n


def _country(value: Any) -> str | None:
    """A country by its code or its French or English name ("LB", "Liban", "Lebanon")."""
    if value is None:
        return None
    text = str(value).strip()
    if len(text) == 2 and text.isascii() and text.isalpha():
        return text.upper()
    if len(text) > MAX_VALUE_CHARS or not text:
        return text                     # refused, with the reason, by checked_text
    code = code_of(text)
    if code is not None:
        return code
    close = suggestions(text)
    raise QueryError(f"country {shown(text)}: no country by that name or code"
                     + (f"; did you mean {' or '.join(close)}?" if close else
                        "; give a name (Liban, Lebanon) or an ISO 3166-1 alpha-2 code (LB)"))


_PARSERS = {"near": _point, "within_km": _km, "date_from": _day("date_from"),
            "date_to": _day("date_to"), "country": _country}


@dataclass(frozen=True)
class EventQuery(EventFilter):
    """The filters of an event list, combined with AND; every field is optional. The
    fields are the store's `EventFilter`'s (declared there once); a query is a filter
    that is checked when built, and people cannot set `article_id`."""

    def __post_init__(self):
        for p in EVENT_PARAMS:
            value = getattr(self, p.field)
            if p.field in _TEXTS and value is not None:
                checked_text(value, p.name, p.limit)
        if self.text is not None:
            search_words(self.text, _PARAM["text"].name)
        if self.type is not None and self.type not in EVENT_TYPES:
            raise QueryError(f"unknown event type {shown(self.type)}; known: "
                             f"{', '.join(EVENT_TYPES)}")
        if self.modality is not None and self.modality not in MODALITIES:
            raise QueryError(f"unknown modality {shown(self.modality)}; known: "
                             f"{', '.join(MODALITIES)}")
        c = self.country
        if c is not None and not (len(c) == 2 and c.isascii() and c.isalpha()):
            raise QueryError(f"country {shown(c)}: give a name (Liban, Lebanon) or an ISO "
                             f"3166-1 alpha-2 code (LB)")
        if self.near is not None:
            _check_point(*self.near, f"{self.near[0]},{self.near[1]}")
        if not (math.isfinite(self.within_km) and self.within_km > 0):
            raise QueryError(f"--within must be a positive distance in km, not "
                             f"{shown(self.within_km)}")
        if self.within_km > MAX_WITHIN_KM:
            raise QueryError(f"--within must be at most {MAX_WITHIN_KM} km (every point "
                             f"is nearer), not {shown(self.within_km)}")

    @classmethod
    def parse(cls, **raw: Any) -> "EventQuery":
        """The query of these values, as typed by people (strings) or already typed.
        None and '' mean "not given"."""
        # article_id is the store's own filter, not a query's (None: not given)
        unknown = {k for k in set(raw) - _FIELDS if k != "article_id" or raw[k] is not None}
        if unknown:
            raise TypeError(f"EventQuery has no field {', '.join(sorted(unknown))}")
        given = {k: v for k, v in raw.items() if v is not None and v != "" and k in _FIELDS}
        for k, v in given.items():      # bounded before any conversion
            if isinstance(v, str):
                checked_text(v, _PARAM[k].name, _PARAM[k].limit)
        return cls(**{k: _PARSERS.get(k, str)(v) for k, v in given.items()})

    def to_filter(self) -> EventFilter:
        """The store's filter of this query (a plain `EventFilter`)."""
        return EventFilter(**{f.name: getattr(self, f.name) for f in fields(EventFilter)})


_FIELDS = frozenset(f.name for f in fields(EventQuery)) - {"article_id"}
_TEXTS = frozenset(("type", "country", "actor", "text", "modality", "story_id", "merged_id"))


@dataclass(frozen=True)
class Paging:
    """A page of a list: `page` counts from 1, `per_page` items each."""
    page: int = 1
    per_page: int = 50

    def __post_init__(self):
        whole_number(self.page, "page", 1, MAX_PAGE)
        n = whole_number(self.per_page, "per_page")
        if not 1 <= n <= MAX_PER_PAGE:
            raise QueryError(f"per_page must be between 1 and {MAX_PER_PAGE}, not {_number(n)}")

    @classmethod
    def parse(cls, page: Any = None, per_page: Any = None) -> "Paging":
        given = {k: whole_number(checked_text(v, k) if isinstance(v, str) else v, k)
                 for k, v in (("page", page), ("per_page", per_page))
                 if v is not None and v != ""}
        return cls(**given)

    @property
    def limit(self) -> int:
        return self.per_page

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def parse_scope(by: Any = None, outlet: Any = None) -> Scope:
    """The `Scope` of the page's parameters, checked (QueryError)."""
    by = checked_text(by, "by") if by not in (None, "") else "article"
    if by not in BY:
        raise QueryError(f"by {shown(by)}: give one of {', '.join(BY)}")
    outlet = checked_text(outlet, "outlet", MAX_NAME_CHARS) if outlet else None
    return Scope(by=by, outlet=outlet)
