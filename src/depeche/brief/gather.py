"""What a brief is written from: the records of a scope read from the store.

A scope is a story (`--story`) or a filter of events (`--country`, `--near`/`--within`),
with the other event filters of `depeche.query` (dates, type, modality...), checked
once by `BriefScope.parse`. `gather` reads, for it, the events, their articles, the
figure claims (a story's: every claim of its articles; a filter's: the figures its
events hold), the quotes of the articles and the merged events, each item with the
article id and span it rests on."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..errors import NotFoundError, QueryError
from ..query import EVENT_PARAMS, EventQuery
from ..store import Store
from ..store.aggregate import Scope, events_page

__all__ = ["BriefScope", "Materials", "gather", "BRIEF_PARAMS", "MAX_EVENTS"]

# The events a brief reads at most (the newest first): a brief of a whole country over
# years is a brief of its latest events, and says so.
MAX_EVENTS = 2000
# the URL parameters and options of a brief: the event filters (a scope is required)
BRIEF_PARAMS = EVENT_PARAMS
SCOPE_FIELDS = ("story_id", "country", "near")


@dataclass(frozen=True)
class BriefScope:
    """What a brief covers: a story or a place (a country, a point and a distance), with
    the other event filters; at least one of story, country or near."""
    query: EventQuery

    @classmethod
    def parse(cls, **raw: Any) -> "BriefScope":
        query = EventQuery.parse(**raw)
        if not any(getattr(query, f) is not None for f in SCOPE_FIELDS):
            raise QueryError("a brief covers a story or a place: give --story ID, "
                             "--country CC or --near LAT,LON (with --within KM); "
                             "in a URL: story, country or near (with within)")
        return cls(query)

    def to_dict(self) -> dict:
        q = self.query
        out = {"story": q.story_id, "country": q.country,
               "near": list(q.near) if q.near else None,
               "within_km": q.within_km if q.near else None,
               "from": q.date_from.isoformat() if q.date_from else None,
               "to": q.date_to.isoformat() if q.date_to else None,
               "type": q.type, "modality": q.modality, "actor": q.actor, "q": q.text}
        return {k: v for k, v in out.items() if v is not None}


@dataclass
class Materials:
    """The records of a scope: `articles` by id (with their text and title), `events`
    (newest first), figure rows (as `queries.figure_claims` reads them, with their
    spans), quotes and places of the articles, merged event rows by id."""
    scope: BriefScope
    story: dict | None
    articles: dict[str, dict]
    events: list[dict]
    total_events: int
    figures: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    places: dict[tuple[str, str], dict] = field(default_factory=dict)
    # a gazetteer name -> the articles' place item of that name most often written
    place_names: dict[str, dict] = field(default_factory=dict)
    merged: dict[str, dict] = field(default_factory=dict)


def _in_period(published: str | None, q: EventQuery) -> bool:
    day = (published or "")[:10]
    if q.date_from and (not day or day < q.date_from.isoformat()):
        return False
    return not (q.date_to and (not day or day > q.date_to.isoformat()))


def _article_ids(store: Store, story: dict | None, events: list[dict], q: EventQuery
                 ) -> list[str]:
    """The analysed articles of the scope, oldest first: a story's (in the period), or
    those of the events."""
    if story is not None:
        return [a["id"] for a in store.story_articles(story["id"])
                if not a["duplicate_of"] and _in_period(a["published"], q)]
    seen: dict[str, str] = {}
    for e in events:
        seen.setdefault(e["article_id"], e.get("published") or "")
    return sorted(seen, key=lambda a: (seen[a], a))


def gather(store: Store, scope: BriefScope) -> Materials:
    """The records of `scope` (NotFoundError for an unknown story)."""
    q = scope.query
    story = None
    if q.story_id is not None:
        story = store.story(q.story_id)
        if story is None:
            raise NotFoundError(f"no story {q.story_id!r} in this store")
    # bounded by the date of the article that reports them, as the page's default
    events, total = events_page(store, q.to_filter(), Scope(by="article"), limit=MAX_EVENTS)
    ids = _article_ids(store, story, events, q)
    articles: dict[str, dict] = {}
    for aid in ids:
        a = store.article(aid)
        if a is not None:
            articles[aid] = a
    m = Materials(scope, story, articles, events, total)
    layers = {aid: {name: store.layer(name, aid) for name in ("figures", "quotes", "places")}
              for aid in articles}
    m.figures = _figure_rows(store, m, layers)
    m.quotes = [{**qt, "article_id": aid, "published": articles[aid]["published"]}
                for aid in articles for qt in layers[aid]["quotes"]]
    m.places = {(aid, p["id"]): {**p, "article_id": aid}
                for aid in articles for p in layers[aid]["places"]}
    m.place_names = _place_names(m.places.values())
    m.merged = _merged_rows(store, m)
    return m


def _place_names(items) -> dict[str, dict]:
    """Each gazetteer name's item whose words are the most often written (the French
    "Beyrouth" of "Beirut")."""
    written: dict[str, Counter] = defaultdict(Counter)
    first: dict[tuple[str, str], dict] = {}
    for p in items:
        written[p["name"]][p["text"]] += len(p.get("mentions") or ()) or 1
        first.setdefault((p["name"], p["text"]), p)
    return {name: first[(name, c.most_common(1)[0][0])] for name, c in written.items()}


def _row(a: dict, f: dict) -> dict:
    """A figure row as `queries.figure_claims` reads it, with its span and field."""
    return {"article_id": a["id"], "id": f["id"], "text": f["text"], "value": f["value"],
            "value_max": f.get("value_max"), "approx": f.get("approx"),
            "category": f["category"], "source": f.get("source"),
            "published": a["published"], "outlet": a.get("source"), "start": f["start"],
            "end": f["end"], "field": f.get("field") or "text",
            "noun": (f.get("noun") or {}).get("text")}


def _figure_rows(store: Store, m: Materials, layers: dict[str, dict]) -> list[dict]:
    """A story's figure claims (of its articles in the period); else the figures the
    scope's events hold. Categories other than tolls (`other`) are left out."""
    by_id = {(aid, f["id"]): f for aid in layers for f in layers[aid]["figures"]}
    wanted: list[tuple[str, str]] = []
    if m.story is not None:
        wanted = [(aid, f["id"]) for aid in m.articles for f in layers[aid]["figures"]]
    else:
        for e in m.events:
            wanted += [(e["article_id"], f["figure_id"]) for f in e.get("figures") or ()
                       if f.get("figure_id")]
    rows, seen = [], set()
    for key in wanted:
        f = by_id.get(key)
        if f is None or key in seen or f["category"] == "other":
            continue
        seen.add(key)
        rows.append(_row(m.articles[key[0]], f))
    rows.sort(key=lambda r: (r["category"], r["published"] or "", r["article_id"], r["start"]))
    return rows


def _merged_rows(store: Store, m: Materials) -> dict[str, dict]:
    """The merged event rows of the scope's events (a story's in one read)."""
    if m.story is not None:
        rows, _ = store.merged_events(story_id=m.story["id"], min_articles=1, limit=None)
        return {r["id"]: r for r in rows}
    out = {}
    for mid in sorted({e["merged_id"] for e in m.events if e.get("merged_id")}):
        row = store.merged_event(mid)
        if row is not None:
            out[mid] = row
    return out


def groups(m: Materials) -> list[list[dict]]:
    """The scope's events gathered by merged event (an unmerged event alone)."""
    out: dict[str, list[dict]] = defaultdict(list)
    for e in m.events:
        out[e.get("merged_id") or e["key"]].append(e)
    return list(out.values())
