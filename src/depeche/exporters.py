"""Exports of a store, one exporter per format, each writing to a text stream.

    export(store, "csv", out)       ACLED-style CSV, one event a row
    export(store, "geojson", out)   a FeatureCollection of the located events
    export(store, "jsonl", out)     one event a line (or one record a line: records=True)
    export(store, "csv", out, query=EventQuery.parse(type="disaster", date_from="2020-08-01"))

Each event says where its words are (`field`: "title" when the headline tells it, else
"text"): a CSV column, a GeoJSON property; JSONL events carry every span's field.

Exporters stream: events are read from the store one by one and written at once. The
events exported are those of a `depeche.query.EventQuery`, checked as the lists of the
CLI and the API check it.
"""
from __future__ import annotations

import csv
import json
from datetime import date
from typing import Callable, TextIO

from .errors import QueryError
from .query import EventQuery
from .records import FIGURE_CATEGORIES
from .store import EventFilter, Store

__all__ = ["EXPORTERS", "MEDIA_TYPES", "export", "export_jsonl", "export_geojson",
           "export_csv", "ACLED_COLUMNS", "COUNT_COLUMNS", "acled_row", "check_format"]

ACLED_COLUMNS = ["event_id", "event_date", "time_precision", "event_type", "sub_event_type",
                 "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude",
                 "geo_precision", "source", "notes", "fatalities"]
# Our other counts (the largest claim of each category among the event's figures).
COUNT_COLUMNS = [c for c in FIGURE_CATEGORIES if c not in ("killed", "other")]
EXTRA_COLUMNS = ["depeche_type", "modality", "article_id", "merged_event_id", "story_id",
                 "published", "title", "field"]


def _country_name(code: str | None) -> str:
    if not code:
        return ""
    if len(code) in (2, 3) and code.isalpha():
        try:
            import pycountry
            c = (pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2
                 else pycountry.countries.get(alpha_3=code.upper()))
            if c is not None:
                return c.name
        except (ImportError, LookupError, KeyError):
            pass
    return code


def _time_precision(ev: dict) -> int:
    """ACLED: 1 the day is known, 2 the week, 3 only the month (or less)."""
    d = ev.get("date")
    if not d:
        return 3
    span = (date.fromisoformat(d["end"]) - date.fromisoformat(d["start"])).days
    return 1 if span == 0 else 2 if span <= 7 else 3


def event_field(ev: dict) -> str:
    """Where an event is told: its trigger's field ("title" or "text"; an event stored
    before spans had fields is in the text)."""
    return (ev.get("trigger") or {}).get("field") or "text"


def _counts(ev: dict) -> dict[str, float]:
    out: dict[str, float] = {}
    for f in ev.get("figures") or ():
        v = f.get("value")
        if v is not None:
            out[f["category"]] = max(out.get(f["category"], 0), v)
    return out


def acled_row(ev: dict) -> dict:
    """An event (as `Store.events` gives it) as an ACLED-style row."""
    place = ev.get("place") or {}
    acled = ev.get("acled") or [None, None]
    actors = ev.get("actors") or []
    targets = ev.get("targets") or []
    counts = _counts(ev)
    day = (ev.get("date") or {}).get("start") or ev.get("published") or ""
    outlet = ev.get("outlet") or ""
    source = "; ".join(s for s in (outlet, ev.get("source") or "") if s)
    row = {
        "event_id": ev["key"], "event_date": day, "time_precision": _time_precision(ev),
        "event_type": acled[0] or ev["type"], "sub_event_type": acled[1] or "",
        "actor1": actors[0] if actors else "",
        "actor2": (actors[1] if len(actors) > 1 else targets[0] if targets else ""),
        "country": _country_name(place.get("country")), "admin1": "",
        "location": place.get("name") or "", "latitude": place.get("lat", ""),
        "longitude": place.get("lon", ""), "geo_precision": "", "source": source,
        "notes": ev.get("evidence") or "", "fatalities": int(counts.get("killed", 0)),
    }
    row.update({c: (int(counts[c]) if float(counts[c]).is_integer() else counts[c])
                if c in counts else "" for c in COUNT_COLUMNS})
    row.update({"depeche_type": ev["type"], "modality": ev.get("modality", ""),
                "article_id": ev.get("article_id", ""),
                "merged_event_id": ev.get("merged_id") or "", "story_id": ev.get("story_id") or "",
                "published": ev.get("published") or "", "title": ev.get("title") or "",
                "field": event_field(ev)})
    return row


def export_csv(store: Store, out: TextIO, *, where: EventFilter = EventFilter()) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS + COUNT_COLUMNS + EXTRA_COLUMNS,
                            lineterminator="\n")
    writer.writeheader()
    n = 0
    extras = store.event_places()
    for ev in store.all_events(where):
        row = acled_row(ev)
        admin1, precision = extras.get(ev["key"], (None, None))
        row["admin1"] = admin1 or ""
        row["geo_precision"] = precision if precision is not None else ""
        writer.writerow(row)
        n += 1
    return n


def export_geojson(store: Store, out: TextIO, *, where: EventFilter = EventFilter()) -> int:
    """A FeatureCollection of the events that have coordinates (lon, lat order)."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for ev in store.all_events(where):
        place = ev.get("place") or {}
        if place.get("lat") is None or place.get("lon") is None:
            continue
        props = {k: ev.get(k) for k in ("key", "type", "modality", "date", "actors", "targets",
                                        "figures", "source", "evidence", "article_id",
                                        "merged_id", "story_id", "published", "title")}
        props["field"] = event_field(ev)
        props["place"] = place.get("name")
        props["country"] = place.get("country")
        feature = {"type": "Feature", "id": ev["key"],
                   "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                   "properties": props}
        out.write((",\n" if n else "") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def export_jsonl(store: Store, out: TextIO, *, where: EventFilter = EventFilter(),
                 records: bool = False) -> int:
    """One event a line; with `records`, one article record (with its text) a line."""
    n = 0
    rows = store.all_records() if records else store.all_events(where)
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


EXPORTERS: dict[str, Callable[..., int]] = {
    "jsonl": export_jsonl, "geojson": export_geojson, "csv": export_csv}
# The media type of each format, in the order the API lists them.
MEDIA_TYPES: dict[str, str] = {"csv": "text/csv; charset=utf-8",
                               "geojson": "application/geo+json",
                               "jsonl": "application/x-ndjson; charset=utf-8"}


def check_format(fmt: str | None) -> str:
    """`fmt` if it is an export format, else a QueryError (a ValueError) naming them."""
    if not fmt:
        raise QueryError(f"give an export format: {', '.join(MEDIA_TYPES)}")
    if fmt not in EXPORTERS:
        raise QueryError(f"unknown export format {fmt!r}; known: {', '.join(MEDIA_TYPES)}")
    return fmt


def export(store: Store, fmt: str, out: TextIO, *, query: EventQuery | None = None,
           **options) -> int:
    """Write the store in `fmt` to `out`: the events of `query` (all without one), or
    as the exporter's options say. Returns how many rows (features, lines) were written."""
    check_format(fmt)
    if query is not None:
        options["where"] = query.to_filter()
    return EXPORTERS[fmt](store, out, **options)
