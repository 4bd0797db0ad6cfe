"""Data functions over a store, shared by the CLI, the HTTP API and the web page.

Each returns plain dicts (or a `Page` of them), never rendered text, so that the views
cannot disagree. Lists are paginated: `page` counts from 1, `per_page` items each. The
event lists take a checked `depeche.query.EventQuery`, or its fields as keywords.

    page = events(store, EventQuery.parse(type="disaster", near="33.9,35.5", within_km="30"))
    page = events(store, type="disaster", near=(33.9, 35.5), within_km=30)     # the same
    detail = story_detail(store, story_id)      # figures per source, side by side
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

from .corpus import tolls
from .errors import QueryError
from .query import (MAX_ID_CHARS, MAX_MIN_ARTICLES, MAX_PER_PAGE, EventQuery, Paging,
                    checked_text, name_words, parse_near, search_words, whole_number)
from .records import LAYERS
from .store import EventFilter, Store

__all__ = ["Page", "QueryError", "events", "quotes", "stories", "story_detail",
           "article_detail", "event_detail", "merged_event_detail", "parse_near",
           "figure_claims", "format_claims", "MAX_PER_PAGE", "event_filter", "event_days",
           "EventQuery", "Paging"]


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


def _query(query: EventQuery | None, filters: dict[str, Any]) -> EventQuery:
    if query is not None and filters:
        raise TypeError("give an EventQuery or filters, not both")
    return query if query is not None else EventQuery.parse(**filters)


def events(store: Store, query: EventQuery | None = None, *, page: Any = 1,
           per_page: Any = 50, **filters: Any) -> Page:
    """Events matching the query (or the filters of `EventQuery.parse`), newest first."""
    where = _query(query, filters).to_filter()
    paging = Paging.parse(page, per_page)
    items, total = store.events(where, limit=paging.limit, offset=paging.offset)
    return Page(items, total, paging.page, paging.per_page)


def event_filter(**filters: Any) -> EventFilter:
    """The store's filter of these filters, checked (QueryError): `EventQuery.parse`."""
    return EventQuery.parse(**filters).to_filter()


def event_days(store: Store, query: EventQuery | None = None, **filters: Any) -> list[dict]:
    """Events per day and type (the filters of `events`), oldest day first: a timeline.

    An event's day is its own date's first day, else its article's publication day."""
    return [{"day": d, "type": t, "count": n}
            for d, t, n in store.event_days(_query(query, filters).to_filter())]


def quotes(store: Store, *, speaker: str | None = None, text: str | None = None,
           page: Any = 1, per_page: Any = 50) -> Page:
    """Quotes whose speaker's name has the words of `speaker` (or words they begin; any
    case or accent) and whose words match `text` (full text)."""
    paging = Paging.parse(page, per_page)
    speaker = name_words(speaker, "speaker") if speaker else None
    text = search_words(text) if text else None
    items, total = store.quotes(speaker=speaker, text=text, limit=paging.limit,
                                offset=paging.offset)
    return Page(items, total, paging.page, paging.per_page)


def stories(store: Store, *, min_articles: Any = 2, text: str | None = None, page: Any = 1,
            per_page: Any = 50) -> Page:
    """Stories (clusters of articles about the same events), largest first."""
    paging = Paging.parse(page, per_page)
    text = search_words(text) if text else None
    items, total = store.stories(min_articles=min_articles_of(min_articles), text=text,
                                 limit=paging.limit, offset=paging.offset)
    return Page(items, total, paging.page, paging.per_page)


def min_articles_of(value: Any) -> int:
    """The `min_articles` of a story list, checked: 1 to MAX_MIN_ARTICLES (default 2)."""
    if value is None or value == "":
        return 2
    return whole_number(value, "min_articles", 1, MAX_MIN_ARTICLES)


def figure_claims(rows: list[dict], *, texts: dict[str, str] | None = None,
                  other: bool = False) -> list[dict]:
    """Figure rows grouped by category, each category a toll timeline
    (`depeche.corpus.tolls`): every claim kept, with its source and date, in report
    order; per article one report (its total), its other claims linked to it as parts
    or details (`role`, `total_id`), never rivals; the `latest` and `highest` report and
    a `status`: rising, conflicting (sources disagree the same day), revised or stable.
    `conflict` is true only when conflicting. `other` (ages, numbers, heights) is left
    out unless asked for. `texts` (article id -> text) lets the words around a claim
    say it is a part ("dont", "autres"). Nothing is reconciled into one number."""
    groups: OrderedDict[str, list[dict]] = OrderedDict()
    for r in rows:
        if r["category"] == "other" and not other:
            continue
        v = r["value"]
        claim = {"value": _number(v), "value_max": r.get("value_max"),
                 "approx": bool(r.get("approx")),
                 "text": r.get("text"), "source": r.get("source") or r.get("outlet"),
                 "attributed": bool(r.get("source")), "outlet": r.get("outlet"),
                 "published": r.get("published"), "article_id": r.get("article_id"),
                 "figure_id": r.get("id"), "start": r.get("start"), "end": r.get("end"),
                 "noun": r.get("noun")}
        groups.setdefault(r["category"], []).append(claim)
    out = []
    for category, claims in groups.items():
        claims.sort(key=lambda c: (c["published"] or "", c["article_id"] or "",
                                   c["start"] if c["start"] is not None else 0))
        t = tolls.timeline(claims, texts)
        for c in claims:
            c["count"] = _number(c["count"])
        reports = [{**r, "value": _number(r["value"])} for r in t["reports"]]
        by_figure = {r["figure_id"]: r for r in reports}
        out.append({"category": category, "claims": claims, "reports": reports,
                    "values": sorted({r["value"] for r in reports if not r["outlier"]}),
                    "status": t["status"], "conflict": t["status"] == "conflicting",
                    "latest": by_figure[t["latest"]["figure_id"]],
                    "highest": by_figure[t["highest"]["figure_id"]],
                    "disagreements": t["disagreements"],
                    "parts": sum(1 for c in claims if c["role"] == "part"),
                    "details": sum(1 for c in claims if c["role"] == "detail")})
    return out


def _number(v: Any) -> Any:
    return int(v) if isinstance(v, (int, float)) and float(v).is_integer() else v


def _short_date(iso: str | None) -> str:
    if not iso:
        return "date inconnue"
    d = date.fromisoformat(iso[:10])
    months = ("janv.", "févr.", "mars", "avril", "mai", "juin", "juil.", "août", "sept.",
              "oct.", "nov.", "déc.")
    return f"{d.day} {months[d.month - 1]} {d.year}"


def _count(r: dict) -> str:
    return ("~" if r.get("approx") else "") + f"{r['value']:,}".replace(",", " ")


def format_claims(group: dict) -> str:
    """'killed: 78 (ministère, 5 août 2020) → 137 (Croix-Rouge, 6 août 2020), rising;
    latest 137 (...); highest 137 (...)': one step per report day (its report with its
    source, or the range of that day's reports), the status, the latest and the highest
    report, and what is not counted (parts and details of a total, outliers)."""
    steps = []
    days: OrderedDict[str, list[dict]] = OrderedDict()
    for r in group["reports"]:
        if not r.get("outlier"):
            days.setdefault((r["published"] or "")[:10], []).append(r)
    for day, rs in days.items():
        lo, hi = min(rs, key=lambda r: r["value"]), max(rs, key=lambda r: r["value"])
        if len(rs) == 1:
            steps.append(f"{_count(lo)} ({lo['source'] or 'source inconnue'}, "
                         f"{_short_date(day)})")
        else:
            v = _count(lo) if lo["value"] == hi["value"] else f"{_count(lo)}–{_count(hi)}"
            steps.append(f"{v} ({len(rs)} reports, {_short_date(day)})")
    line = f"{group['category']}: " + " → ".join(steps) + f", {group['status']}"
    if len(group["reports"]) > 1:
        for name in ("latest", "highest"):
            r = group[name]
            line += (f"; {name} {_count(r)} ({r['source'] or 'source inconnue'}, "
                     f"{_short_date(r['published'])})")
    aside = [f"{group[k]} {k}" for k in ("parts", "details") if group.get(k)]
    outliers = [_count(r) for r in group["reports"] if r.get("outlier")]
    if outliers:
        aside.append("outliers " + ", ".join(outliers))
    return line + (f" [not counted: {', '.join(aside)}]" if aside else "")


def story_detail(store: Store, story_id: str, *, other: bool = False) -> dict | None:
    """A story: its articles, its figure claims as toll timelines per category
    (`figure_claims`; `other` only when asked), its merged events (the story's main
    event first)."""
    story = store.story(checked_text(story_id, "story id", MAX_ID_CHARS))
    if story is None:
        return None
    merged, _ = store.merged_events(story_id=story_id, min_articles=1, limit=None)
    rows = store.story_figures(story_id)
    texts, placed = {}, {}
    for aid in sorted({r["article_id"] for r in rows}):
        a = store.article(aid)
        texts[aid] = a["text"] if a else ""
        for f in store.layer("figures", aid):
            placed[(aid, f["id"])] = f
    rows = [{**r, **_position(placed.get((r["article_id"], r["id"])))} for r in rows]
    members, _ = store.events(EventFilter(story_id=story_id), limit=None)
    merged = _with_reports(merged, members)
    return {**story, "articles": store.story_articles(story_id),
            "figures": figure_claims(rows, texts=texts, other=other),
            "merged_events": merged,
            "main_event_id": merged[0]["id"] if merged and merged[0]["n_articles"] > 1
            else None}


def _with_reports(merged: list[dict], events: list[dict]) -> list[dict]:
    """Merged events with what their events say of them: the sum of their mentions,
    their first and latest report (article dates) and their sources (the attributed
    sources and outlets), the most reported first (the story's main event)."""
    by_merged: dict[str, list[dict]] = {}
    for e in events:
        if e.get("merged_id"):
            by_merged.setdefault(e["merged_id"], []).append(e)
    out = []
    for m in merged:
        evs = by_merged.get(m["id"], [])
        days = sorted(e["published"] for e in evs if e.get("published"))
        sources = {x for e in evs for x in (e.get("source"), e.get("outlet")) if x}
        out.append({**m, "mentions": sum(max(1, len(e.get("mentions") or ())) for e in evs)
                    or m["n_events"],
                    "first_report": days[0] if days else None,
                    "latest_report": days[-1] if days else None,
                    "sources": sorted(sources)})
    out.sort(key=lambda m: (-m["n_articles"], -m["mentions"], m["date_start"] or "9999", m["id"]))
    return out


def _position(f: dict | None) -> dict:
    if not f:
        return {}
    return {"start": f["start"], "end": f["end"], "noun": (f.get("noun") or {}).get("text")}


# The spans of a stored item of each layer (by the item names of `records.LAYERS`): the
# pieces of text it points at (as `Layer.spans` does for records), its label and its id.
_SPANS = {
    "place": (lambda p: p.get("mentions") or [p], lambda p: p["name"], lambda p: p["id"]),
    "figure": (lambda f: [f], lambda f: f"{f['category']} {f['value']}", lambda f: f["id"]),
    "quote": (lambda q: [q], lambda q: q.get("speaker") or "?", lambda q: q["id"]),
    "time": (lambda t: [t], lambda t: t["value"], lambda t: t["id"]),
    "event": (lambda e: [e["trigger"]], lambda e: e["type"], lambda e: e["key"]),
}


def _spans(item_name: str, items: list[dict]) -> list[dict]:
    pieces, label, ident = _SPANS[item_name]
    return [{"layer": item_name, "field": m.get("field") or "text", "start": m["start"],
             "end": m["end"], "label": label(x), "id": ident(x)}
            for x in items for m in pieces(x)]


def article_detail(store: Store, article_id: str) -> dict | None:
    """An article with its text, its layers and every span they point at."""
    a = store.article(checked_text(article_id, "article id", MAX_ID_CHARS))
    if a is None:
        return None
    source_id = a["duplicate_of"] or a["id"]
    layers = {layer.name: store.layer(layer.table, source_id) for layer in LAYERS}
    spans = [s for layer in LAYERS for s in _spans(layer.item, layers[layer.name])]
    spans.sort(key=lambda s: (s["field"] != "title", s["start"], -s["end"]))
    return {"id": a["id"], "title": a["title"], "published": a["published"],
            "source": a["source"], "url": a["url"], "lang": a["lang"], "text": a["text"],
            "engine": a["engine"], "warnings": a["warnings"], "skipped": a["skipped"],
            "duplicate_of": a["duplicate_of"], "story_id": a["story_id"],
            "near_duplicates": store.near_duplicates_of(a["id"]), **layers, "spans": spans}


def event_detail(store: Store, key: str) -> dict | None:
    """One event (by its store key `article_id/event_id`, or an event id if unique)."""
    checked_text(key, "event key", MAX_ID_CHARS)
    if "/" not in key:
        keys = store.events_by_id(key)
        if len(keys) != 1:
            return None
        key = keys[0]
    return store.event_row(key)


def merged_event_detail(store: Store, merged_id: str) -> dict | None:
    """A merged event with every event it gathers (each with its article)."""
    m = store.merged_event(checked_text(merged_id, "merged event id", MAX_ID_CHARS))
    if m is None:
        return None
    members, _ = store.events(EventFilter(merged_id=merged_id), limit=None)
    return {**_with_reports([m], members)[0], "events": members}
