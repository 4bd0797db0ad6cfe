"""What the web page counts over the store: events by article date, map cells, facets,
timelines, the quotes without fragments and the most cited speakers.

Every function takes the store and an `EventFilter` (the filters of the list) plus a
`Scope`: which date orders and bounds the events (`by`: "article", the publication of
the article that reports them, or "event", the event's own date) and the page's own
filter of the article's outlet. The list, its total, the map's cells, the timeline and
the facets are all read through `scoped_where`, so that their counts agree.

    items, total = events_page(store, f, Scope(by="article"), limit=50, offset=0)
    cells = map_cells(store, f, scope, zoom=3)      # {"cells": [...], "located": n, ...}
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any, Sequence

from .common import EventFilter, Row
from . import event_json
from .reader import Counts, event_page, event_select, event_where, limited, quote_matches

__all__ = ["Scope", "BY", "scoped_where", "events_page", "events_page_json", "event_days",
           "map_cells", "facets",
           "FACETS", "country_counts", "quotes_page", "top_speakers", "FRAGMENT"]

BY = ("article", "event")
# the day of an event on a timeline, by what dates it
_DAY = {"article": "substr(e.published, 1, 10)", "event": "substr(e.day, 1, 10)"}
_ORDER = {"article": "ORDER BY e.published DESC, e.day DESC, e.key",
          "event": "ORDER BY e.day DESC, e.published DESC, e.key"}
_OUTLET = ("e.article_id IN (SELECT a.id FROM articles a JOIN sources s "
           "ON s.id = a.source_id WHERE s.name = ?)")


@dataclass(frozen=True)
class Scope:
    """How the page reads a filter: `by` which date, and only articles of `outlet`."""
    by: str = "article"
    outlet: str | None = None


def scoped_where(store: Any, f: EventFilter, scope: Scope) -> tuple[str, list]:
    """The WHERE clause (over `events e`) of the filter `f` read in `scope`, in the
    store's dialect."""
    dialect = store.db.dialect
    if scope.by == "event":
        where, args = event_where(f, dialect)
    else:           # the article's day bounds the events, not their own dates
        where, args = event_where(replace(f, date_from=None, date_to=None), dialect)
        # its day (the date's first ten characters) from..to, as a range of the date
        # itself, which an index reads: day >= D when the date >= D; day <= D when the
        # date < D with its last character the next one ("2020-08-32" for 2020-08-31)
        if f.date_from:
            where += " AND e.published >= ?"; args.append(f.date_from.isoformat())
        if f.date_to:
            to = f.date_to.isoformat()
            where += " AND e.published < ?"; args.append(to[:-1] + chr(ord(to[-1]) + 1))
    if scope.outlet:
        where += f" AND {_OUTLET}"; args.append(scope.outlet)
    return where, args


def events_page(store: Any, f: EventFilter, scope: Scope, *, limit: int | None,
                offset: int = 0, counts: Counts | None = None) -> tuple[list[dict], int]:
    """Events of `f` in `scope`, newest first by its date, and how many match in all
    (kept in `counts` when given)."""
    where, args = scoped_where(store, f, scope)
    # the reader's own row maker: the same event dicts as `Store.events`
    return event_page(store.db, where, args, _ORDER[scope.by], limit, offset,
                      store.reader.event_maker(cached=True), counts)


def events_page_json(store: Any, f: EventFilter, scope: Scope, *, limit: int | None,
                     offset: int = 0, fields: Sequence[str] | None = None,
                     counts: Counts | None = None, kept: dict | None = None
                     ) -> tuple[list[str], int]:
    """`events_page` with each event as its JSON text (`event_json`: the stored JSON,
    not decoded and encoded again), only its `fields` when given (those texts kept in
    `kept` when given: `event_json.projector`)."""
    where, args = scoped_where(store, f, scope)
    if fields is None:
        return event_page(store.db, where, args, _ORDER[scope.by], limit, offset,
                          event_json.event_text, counts)
    # the joins of the store fields asked for only (the map asks for no outlet...)
    return event_page(store.db, where, args, _ORDER[scope.by], limit, offset,
                      event_json.projector(fields, kept), counts, event_select(fields))


def event_days(store: Any, f: EventFilter, scope: Scope) -> dict:
    """Events per day and type (oldest day first), and how many have no day."""
    where, args = scoped_where(store, f, scope)
    day = _DAY[scope.by]
    rows = store.db.execute(
        f"SELECT {day} AS d, e.type, count(*) FROM events e {where} "
        f"GROUP BY d, e.type ORDER BY d, e.type", args).fetchall()
    days = [{"day": d, "type": t, "count": n} for d, t, n in rows if d]
    return {"days": days, "undated": sum(n for d, _, n in rows if not d), "by": scope.by}


def _cell_size(zoom: int) -> float:
    """The side of a map cell in degrees at `zoom` (0: the whole world, 45°)."""
    return 45.0 / (2 ** zoom)


def map_cells(store: Any, f: EventFilter, scope: Scope, zoom: int) -> dict:
    """Every located event of `f` counted in square cells of the map at `zoom`: per cell
    its centre of mass, its count per type and its place when it holds one place only;
    and how many events match (`total`), are on the map (`located`) or are not."""
    where, args = scoped_where(store, f, scope)
    int_of = store.db.dialect.int_of
    size = _cell_size(zoom)
    rows = store.db.execute(
        f"SELECT {int_of('(e.lon + 180.0) / ?')} AS cx, "
        f"{int_of('(e.lat + 90.0) / ?')} AS cy, e.type, count(*), sum(e.lat), "
        f"sum(e.lon), min(e.place_name), max(e.place_name), min(upper(e.country)), "
        f"max(upper(e.country)) FROM events e {where} AND e.lat IS NOT NULL "
        f"AND e.lon IS NOT NULL GROUP BY cx, cy, e.type ORDER BY cx, cy, e.type",
        [size, size, *args]).fetchall()
    total = store.db.execute(f"SELECT count(*) FROM events e {where}", args).fetchone()[0]
    cells: dict[tuple[int, int], dict] = {}
    for cx, cy, etype, n, slat, slon, pmin, pmax, cmin, cmax in rows:
        c = cells.setdefault((cx, cy), {"count": 0, "lat": 0.0, "lon": 0.0, "types": {},
                                        "places": set(), "countries": set()})
        c["count"] += n
        c["lat"] += slat
        c["lon"] += slon
        c["types"][etype] = n
        c["places"] |= {pmin, pmax}
        c["countries"] |= {cmin, cmax}
    out = []
    for (cx, cy), c in sorted(cells.items(), key=lambda kv: (-kv[1]["count"], kv[0])):
        places = sorted(p for p in c["places"] if p)
        countries = sorted(x for x in c["countries"] if x)
        out.append({"cell": f"{zoom}/{cx}/{cy}", "count": c["count"],
                    "lat": round(c["lat"] / c["count"], 4),
                    "lon": round(c["lon"] / c["count"], 4),
                    "bbox": [cy * size - 90, cx * size - 180, (cy + 1) * size - 90,
                             (cx + 1) * size - 180],
                    "types": c["types"], "place": places[0] if len(places) == 1 else None,
                    "country": countries[0] if len(countries) == 1 else None})
    located = sum(c["count"] for c in out)
    return {"zoom": zoom, "cell_degrees": size, "cells": out, "total": total,
            "located": located, "unlocated": total - located}


# facet -> (the filter field it sets, or the scope's, and the SQL of its value)
FACETS = {
    "type": ("type", "e.type"),
    "country": ("country", "upper(e.country)"),
    "modality": ("modality", "e.modality"),
    "source": ("outlet", "(SELECT s.name FROM articles a JOIN sources s ON s.id = "
                         "a.source_id WHERE a.id = e.article_id)"),
}


def facets(store: Any, f: EventFilter, scope: Scope, limit: int = 12) -> dict:
    """Per facet, the most frequent values of the events of `f` read with every filter
    but the facet's own (so that another value can be chosen): [{value, count}], and
    how many distinct values there are."""
    out = {}
    for name, (field, expr) in FACETS.items():
        if field == "outlet":
            where, args = scoped_where(store, f, replace(scope, outlet=None))
        else:
            unset: dict[str, Any] = {field: None}
            where, args = scoped_where(store, replace(f, **unset), scope)
        rows = store.db.execute(
            f"SELECT {expr} AS v, count(*) AS n FROM events e {where} GROUP BY v "
            f"ORDER BY n DESC, v", args).fetchall()
        values = [{"value": v, "count": n} for v, n in rows if v]
        out[name] = {"values": values[:limit], "distinct": len(values),
                     "missing": sum(n for v, n in rows if not v)}
    return out


def country_counts(store: Any) -> dict[str, int]:
    """How many events each country (ISO code, upper case) has."""
    return {c: n for c, n in store.db.execute(
        "SELECT upper(country), count(*) FROM events WHERE country IS NOT NULL "
        "AND country != '' GROUP BY 1")}


# A fragment: fewer than four words, a scare quote (an expression quoted in passing) or
# the name of a work, event or operation (the quotes stage's "scare" and "title" flags)
FRAGMENT = ("(q.flags LIKE '%\"scare\"%' OR q.flags LIKE '%\"title\"%' OR "
            "length(trim(q.text)) - length(replace(trim(q.text), ' ', '')) < 3)")
_UNKNOWN = "(q.speaker IS NULL OR trim(q.speaker) IN ('', '?'))"


def _quotes_where(store: Any, speaker: str | None, text: str | None, unknown: bool,
                  fragments: bool) -> tuple[str, list]:
    where, args = quote_matches(speaker, text, store.db.dialect)
    if unknown:
        where.append(_UNKNOWN)
    if not fragments:
        where.append("NOT " + FRAGMENT)
    return " AND ".join(where), args


def quotes_page(store: Any, *, speaker: str | None = None, text: str | None = None,
                unknown: bool = False, fragments: bool = False, grouped: bool = False,
                limit: int | None = 50, offset: int = 0) -> tuple[list[dict], int, int]:
    """Quotes of `speaker` (words of the name; `unknown`: those with no speaker) holding
    `text`, without fragments unless `fragments`; newest first, or (`grouped`) by
    speaker, the most cited first. Also how many fragments the filter hides."""
    w, args = _quotes_where(store, speaker, text, unknown, True)
    hidden = 0 if fragments else store.db.execute(
        f"SELECT count(*) FROM quotes q WHERE {w} AND {FRAGMENT}", args).fetchone()[0]
    if not fragments:
        w += " AND NOT " + FRAGMENT
    order = "ORDER BY a.published DESC, q.article_id, q.start"
    join = ""
    if grouped:
        join = (f"JOIN (SELECT coalesce(q.speaker, '') AS who, count(*) AS cited FROM "
                f"quotes q WHERE {w} GROUP BY who) c ON c.who = coalesce(q.speaker, '') ")
        order = "ORDER BY (c.who = '') , c.cited DESC, c.who, a.published DESC, q.start"
    total = store.db.execute(f"SELECT count(*) FROM quotes q WHERE {w}", args).fetchone()[0]
    sql, all_args = limited(
        f"SELECT q.data, q.article_id, a.published, a.title"
        f"{', c.cited' if grouped else ''} FROM quotes q "
        f"JOIN articles a ON a.id = q.article_id {join}WHERE {w} {order}",
        args * 2 if grouped else args, limit, offset)
    items = [_quote_row(r) for r in store.db.execute(sql, all_args)]
    return items, total, hidden


def _quote_row(r: Row) -> dict:
    out = {**json.loads(r[0]), "article_id": r[1], "published": r[2], "title": r[3]}
    if len(r) > 4:
        out["speaker_quotes"] = r[4]
    return out


def top_speakers(store: Any, limit: int = 40) -> dict:
    """The most cited speakers ([{speaker, count}], fragments left out) and how many
    quotes have no known speaker."""
    rows = store.db.execute(
        f"SELECT q.speaker, count(*) AS n FROM quotes q WHERE NOT {_UNKNOWN} AND NOT "
        f"{FRAGMENT} GROUP BY q.speaker ORDER BY n DESC, q.speaker LIMIT ?",
        (limit,)).fetchall()
    unknown = store.db.execute(
        f"SELECT count(*) FROM quotes q WHERE {_UNKNOWN} AND NOT {FRAGMENT}").fetchone()[0]
    return {"speakers": [{"speaker": s, "count": n} for s, n in rows], "unknown": unknown}
