"""Data functions over a store, shared by the CLI, the HTTP API and the web page.

Each returns plain dicts (or a `Page` of them), never rendered text, so that the views
cannot disagree. Lists are paginated: `page` counts from 1, `per_page` items each.

    page = events(store, type="disaster", near=(33.9, 35.5), within_km=30)
    detail = story_detail(store, story_id)      # figures per source, side by side
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

from .articles import parse_date
from .errors import DepecheError
from .records import EVENT_TYPES
from .store import EventFilter, Store

__all__ = ["Page", "QueryError", "events", "quotes", "stories", "story_detail",
           "article_detail", "event_detail", "merged_event_detail", "parse_near",
           "figure_claims", "format_claims", "MAX_PER_PAGE", "event_filter", "event_days"]

MAX_PER_PAGE = 1000


class QueryError(DepecheError):
    """A query argument that cannot be used (unknown type, bad coordinates, bad date)."""
    code = "E600"


@dataclass
class Page:
    """One page of results: `items`, out of `total`."""
    items: list[dict]
    total: int
    page: int = 1
    per_page: int = 50

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict:
        return {"items": self.items, "total": self.total, "page": self.page,
                "per_page": self.per_page, "pages": self.pages}


def _paging(page: int, per_page: int) -> tuple[int, int]:
    if page < 1:
        raise QueryError(f"page must be 1 or more, not {page}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"per_page must be between 1 and {MAX_PER_PAGE}, not {per_page}")
    return per_page, (page - 1) * per_page


def parse_near(value: str) -> tuple[float, float]:
    """'LAT,LON' as a point; QueryError when it is not one."""
    try:
        lat_s, lon_s = value.split(",")
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        raise QueryError(f"--near {value!r}: give LAT,LON in degrees, e.g. 33.90,35.52") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise QueryError(f"--near {value!r}: latitude must be within ±90, longitude ±180")
    return lat, lon


def _date(value: Any, what: str) -> date | None:
    try:
        return parse_date(value, origin=what)
    except DepecheError as exc:
        raise QueryError(str(exc)) from None


def events(store: Store, *, type: str | None = None, country: str | None = None,
           near: tuple[float, float] | str | None = None, within_km: float = 50.0,
           date_from: Any = None, date_to: Any = None, actor: str | None = None,
           text: str | None = None, modality: str | None = None, story_id: str | None = None,
           merged_id: str | None = None, page: int = 1, per_page: int = 50) -> Page:
    """Events matching every filter given, newest first."""
    f = event_filter(type=type, country=country, near=near, within_km=within_km,
                     date_from=date_from, date_to=date_to, actor=actor, text=text,
                     modality=modality, story_id=story_id, merged_id=merged_id)
    limit, offset = _paging(page, per_page)
    items, total = store.events(f, limit=limit, offset=offset)
    return Page(items, total, page, per_page)


def event_filter(*, type: str | None = None, country: str | None = None,
                 near: tuple[float, float] | str | None = None, within_km: float = 50.0,
                 date_from: Any = None, date_to: Any = None, actor: str | None = None,
                 text: str | None = None, modality: str | None = None,
                 story_id: str | None = None, merged_id: str | None = None) -> EventFilter:
    """The filters of `events`, checked (QueryError), for `events`, `event_days` and exports."""
    if type and type not in EVENT_TYPES:
        raise QueryError(f"unknown event type {type!r}; known: {', '.join(EVENT_TYPES)}")
    if isinstance(near, str):
        near = parse_near(near)
    if within_km <= 0:
        raise QueryError(f"--within must be a positive distance in km, not {within_km}")
    return EventFilter(type=type, country=country, near=near, within_km=within_km,
                       date_from=_date(date_from, "--from"), date_to=_date(date_to, "--to"),
                       actor=actor, text=text, modality=modality, story_id=story_id,
                       merged_id=merged_id)


def event_days(store: Store, **filters) -> list[dict]:
    """Events per day and type (the filters of `events`), oldest day first: a timeline.

    An event's day is its own date's first day, else its article's publication day."""
    return [{"day": d, "type": t, "count": n}
            for d, t, n in store.event_days(event_filter(**filters))]


def quotes(store: Store, *, speaker: str | None = None, text: str | None = None,
           page: int = 1, per_page: int = 50) -> Page:
    """Quotes whose speaker contains `speaker` (any case) and whose words match `text`."""
    limit, offset = _paging(page, per_page)
    items, total = store.quotes(speaker=speaker, text=text, limit=limit, offset=offset)
    return Page(items, total, page, per_page)


def stories(store: Store, *, min_articles: int = 2, text: str | None = None, page: int = 1,
            per_page: int = 50) -> Page:
    """Stories (clusters of articles about the same events), largest first."""
    limit, offset = _paging(page, per_page)
    items, total = store.stories(min_articles=min_articles, text=text, limit=limit,
                                 offset=offset)
    return Page(items, total, page, per_page)


def figure_claims(rows: list[dict]) -> list[dict]:
    """Figure rows grouped by category: every claim kept, with its source and date.

    Within a category, claims are in date order; `conflict` is true when the claims do
    not all give the same value. Nothing is reconciled into one number."""
    groups: OrderedDict[str, list[dict]] = OrderedDict()
    for r in rows:
        v = r["value"]
        claim = {"value": int(v) if float(v).is_integer() else v,
                 "value_max": r.get("value_max"), "approx": bool(r.get("approx")),
                 "text": r.get("text"), "source": r.get("source") or r.get("outlet"),
                 "attributed": bool(r.get("source")), "outlet": r.get("outlet"),
                 "published": r.get("published"), "article_id": r.get("article_id"),
                 "figure_id": r.get("id")}
        groups.setdefault(r["category"], []).append(claim)
    out = []
    for category, claims in groups.items():
        claims.sort(key=lambda c: (c["published"] or "", c["article_id"] or ""))
        values = sorted({(c["value"], c["value_max"]) for c in claims}, key=lambda v: v[0])
        out.append({"category": category, "claims": claims,
                    "values": [v for v, _ in values], "conflict": len(values) > 1})
    return out


def _short_date(iso: str | None) -> str:
    if not iso:
        return "date inconnue"
    d = date.fromisoformat(iso[:10])
    months = ("janv.", "févr.", "mars", "avril", "mai", "juin", "juil.", "août", "sept.",
              "oct.", "nov.", "déc.")
    return f"{d.day} {months[d.month - 1]} {d.year}"


def format_claims(group: dict) -> str:
    """'killed: 78 (ministère, 5 août 2020), 135 (OrangeSum, 6 août 2020)'."""
    parts = []
    for c in group["claims"]:
        v = f"{c['value']:,}".replace(",", " ")
        if c["value_max"] is not None and c["value_max"] != c["value"]:
            mx = c["value_max"]
            v += f"–{int(mx) if float(mx).is_integer() else mx:,}".replace(",", " ")
        if c["approx"]:
            v = "~" + v
        parts.append(f"{v} ({c['source'] or 'source inconnue'}, {_short_date(c['published'])})")
    return f"{group['category']}: " + ", ".join(parts)


def story_detail(store: Store, story_id: str) -> dict | None:
    """A story: its articles, every figure claim by category side by side, merged events."""
    story = store.story(story_id)
    if story is None:
        return None
    merged, _ = store.merged_events(story_id=story_id, min_articles=1, limit=None)
    return {**story, "articles": store.story_articles(story_id),
            "figures": figure_claims(store.story_figures(story_id)),
            "merged_events": merged}


def article_detail(store: Store, article_id: str) -> dict | None:
    """An article with its text, its layers and every span they point at."""
    a = store.article(article_id)
    if a is None:
        return None
    source_id = a["duplicate_of"] or a["id"]
    layers = {name: store.layer(name, source_id)
              for name in ("places", "figures", "quotes", "times", "events")}
    spans = []
    for p in layers["places"]:
        for m in p.get("mentions") or [p]:
            spans.append({"layer": "place", "start": m["start"], "end": m["end"],
                          "label": p["name"], "id": p["id"]})
    for f in layers["figures"]:
        spans.append({"layer": "figure", "start": f["start"], "end": f["end"],
                      "label": f"{f['category']} {f['value']}", "id": f["id"]})
    for q in layers["quotes"]:
        spans.append({"layer": "quote", "start": q["start"], "end": q["end"],
                      "label": q.get("speaker") or "?", "id": q["id"]})
    for t in layers["times"]:
        spans.append({"layer": "time", "start": t["start"], "end": t["end"],
                      "label": t["value"], "id": t["id"]})
    for e in layers["events"]:
        tr = e["trigger"]
        spans.append({"layer": "event", "start": tr["start"], "end": tr["end"],
                      "label": e["type"], "id": e["key"]})
    spans.sort(key=lambda s: (s["start"], -s["end"]))
    return {"id": a["id"], "title": a["title"], "published": a["published"],
            "source": a["source"], "url": a["url"], "lang": a["lang"], "text": a["text"],
            "engine": a["engine"], "warnings": a["warnings"], "skipped": a["skipped"],
            "duplicate_of": a["duplicate_of"], "story_id": a["story_id"],
            "near_duplicates": store.near_duplicates_of(a["id"]), **layers, "spans": spans}


def event_detail(store: Store, key: str) -> dict | None:
    """One event (by its store key `article_id/event_id`, or an event id if unique)."""
    if "/" not in key:
        keys = store.events_by_id(key)
        if len(keys) != 1:
            return None
        key = keys[0]
    return store.event_row(key)


def merged_event_detail(store: Store, merged_id: str) -> dict | None:
    """A merged event with every event it gathers (each with its article)."""
    m = store.merged_event(merged_id)
    if m is None:
        return None
    members, _ = store.events(EventFilter(merged_id=merged_id), limit=None)
    return {**m, "events": members}
