"""What a query asks, checked once: the event filters, and the paging of every list.

    q = EventQuery.parse(type="disaster", near="33.9,35.5", within_km="20")
    items, total = store.events(q.to_filter(), limit=Paging().limit)

`EventQuery.parse` takes what people type (strings, from a command line or a URL) or
values already typed; anything that cannot be used is a `QueryError` whose message says
what to give. An `EventQuery` is valid once built (frozen, checked in `__post_init__`) and
hashable (a cache key). `EVENT_PARAMS` and `PAGING_PARAMS` name each field once for the
command line (`depeche events`, `depeche export`) and for the URL (/api/events,
/api/timeline, /api/export): both build their arguments from these tables. The functions
that run queries are in `depeche.queries`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from .articles import parse_date
from .errors import DepecheError, QueryError
from .records import EVENT_TYPES, MODALITIES
from .store import EventFilter

__all__ = ["Param", "EventQuery", "Paging", "EVENT_PARAMS", "PAGING_PARAMS", "MAX_PER_PAGE",
           "QueryError", "parse_near", "whole_number"]

MAX_PER_PAGE = 1000


@dataclass(frozen=True)
class Param:
    """One query field as people give it: on the command line and in a URL."""
    field: str                  # the EventQuery (or Paging) field
    api: str                    # the URL query parameter
    cli: str                    # the command-line option
    help: str
    metavar: str | None = None


EVENT_PARAMS: tuple[Param, ...] = (
    Param("type", "type", "--type", "event type, e.g. disaster, bombing, protest"),
    Param("country", "country", "--country",
          "ISO 3166-1 alpha-2 code of the event's place, e.g. LB", "CODE"),
    Param("near", "near", "--near", "events placed near this point", "LAT,LON"),
    Param("within_km", "within", "--within", "distance around --near, in km (50)", "KM"),
    Param("date_from", "from", "--from", "events on or after this day", "YYYY-MM-DD"),
    Param("date_to", "to", "--to", "events on or before this day", "YYYY-MM-DD"),
    Param("actor", "actor", "--actor", "words of an actor (or source) of the event"),
    Param("text", "q", "--text", "words of the article (full-text search, all required)"),
    Param("modality", "modality", "--modality", ", ".join(MODALITIES)),
    Param("story_id", "story", "--story", "events of this story (a story id)", "ID"),
    Param("merged_id", "merged", "--merged", "events of this merged event (its id)", "ID"),
)
PAGING_PARAMS: tuple[Param, ...] = (
    Param("page", "page", "--page", "page number (1)", "N"),
    Param("per_page", "per_page", "--limit", f"items per page, 1 to {MAX_PER_PAGE} (50)", "N"),
)
_FLAG = {p.field: p.cli for p in EVENT_PARAMS + PAGING_PARAMS}


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
        raise QueryError(f"--within {value!r}: give a distance in km, e.g. 20") from None


def _day(field: str):
    def parse(value: Any) -> date | None:
        try:
            return parse_date(value, origin=_FLAG[field])
        except DepecheError:
            raise QueryError(f"{_FLAG[field]} {value!r}: give a day as YYYY-MM-DD, "
                             f"e.g. 2020-08-04") from None
    return parse


def whole_number(value: Any, name: str) -> int:
    """An integer from what people type; QueryError naming `name` otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise QueryError(f"{name} {value!r}: give a whole number, e.g. 2") from None


_PARSERS = {"near": _point, "within_km": _km, "date_from": _day("date_from"),
            "date_to": _day("date_to")}


@dataclass(frozen=True)
class EventQuery:
    """The filters of an event list, combined with AND; every field is optional."""
    type: str | None = None
    country: str | None = None
    near: tuple[float, float] | None = None
    within_km: float = 50.0
    date_from: date | None = None
    date_to: date | None = None
    actor: str | None = None
    text: str | None = None
    modality: str | None = None
    story_id: str | None = None
    merged_id: str | None = None

    def __post_init__(self):
        if self.type is not None and self.type not in EVENT_TYPES:
            raise QueryError(f"unknown event type {self.type!r}; known: {', '.join(EVENT_TYPES)}")
        if self.modality is not None and self.modality not in MODALITIES:
            raise QueryError(f"unknown modality {self.modality!r}; known: "
                             f"{', '.join(MODALITIES)}")
        c = self.country
        if c is not None and not (len(c) == 2 and c.isascii() and c.isalpha()):
            raise QueryError(f"country {c!r}: give an ISO 3166-1 alpha-2 code, e.g. LB or FR")
        if self.near is not None:
            _check_point(*self.near, f"{self.near[0]},{self.near[1]}")
        if not (math.isfinite(self.within_km) and self.within_km > 0):
            raise QueryError(f"--within must be a positive distance in km, not {self.within_km}")

    @classmethod
    def parse(cls, **raw: Any) -> "EventQuery":
        """The query of these values, as typed by people (strings) or already typed.
        None and '' mean "not given"."""
        unknown = set(raw) - _FIELDS
        if unknown:
            raise TypeError(f"EventQuery has no field {', '.join(sorted(unknown))}")
        return cls(**{k: _PARSERS.get(k, str)(v) for k, v in raw.items()
                      if v is not None and v != ""})

    def to_filter(self) -> EventFilter:
        """The store's filter of this query."""
        return EventFilter(**{f: getattr(self, f) for f in _FIELDS})


_FIELDS = frozenset(f.name for f in fields(EventQuery))


@dataclass(frozen=True)
class Paging:
    """A page of a list: `page` counts from 1, `per_page` items each."""
    page: int = 1
    per_page: int = 50

    def __post_init__(self):
        if self.page < 1:
            raise QueryError(f"page must be 1 or more, not {self.page}")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise QueryError(f"per_page must be between 1 and {MAX_PER_PAGE}, not {self.per_page}")

    @classmethod
    def parse(cls, page: Any = None, per_page: Any = None) -> "Paging":
        given = {k: whole_number(v, k) for k, v in (("page", page), ("per_page", per_page))
                 if v is not None and v != ""}
        return cls(**given)

    @property
    def limit(self) -> int:
        return self.per_page

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page
