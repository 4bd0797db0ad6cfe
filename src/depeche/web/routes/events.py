"""/api/events (a page of events), /api/timeline (events per day), /api/map (events
counted in map cells), /api/facets (counts per type, country, modality and source) and
one event by key.

The lists, the timeline, the map and the facets read the same filters in the same
`Scope` (`store.aggregate`): by default the article's date orders and bounds the events
(`by=article`; `by=event`: the event's own date), so their counts agree."""
from __future__ import annotations

from typing import Any, Callable, cast

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ... import queries
from ...errors import NotFoundError, QueryError
from ...query import checked_text, shown, whole_number
from ...store import aggregate
from ...store.common import to_json
from ..api import (DepecheRoute, EventQueryParam, PagingParam, ScopeParam, ServedParam,
                   json_response)
from ..served import Served

router = APIRouter(route_class=DepecheRoute)
MAX_ZOOM = 12


def cached(served: Served, key: Any, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept until the store file changes (the served store's cache)."""
    return served.timelines.get(key, cast(Callable[[], list], compute))


def field_names(fields: str | None) -> list[str] | None:
    """The top-level keys named in `fields` (comma-separated), checked; None: all."""
    if not fields:
        return None
    keep = [f.strip() for f in checked_text(fields, "fields", 500).split(",") if f.strip()]
    unknown = [f for f in keep if not f.replace("_", "").isalnum()]
    if unknown:
        raise QueryError(f"fields: {shown(unknown[0])} is not a field name")
    return keep


def project(items: list[dict], fields: str | None) -> list[dict]:
    """Only the top-level keys named in `fields` (comma-separated) of each item."""
    keep = field_names(fields)
    if keep is None:
        return items
    return [{k: item.get(k) for k in keep} for item in items]


@router.get("/api/events", summary="Events matching the filters, newest first (paginated)")
def list_events(served: ServedParam, query: EventQueryParam, paging: PagingParam,
                scope: ScopeParam,
                fields: str | None = Query(None, description="keep only these keys of each "
                                           "event, e.g. key,type,place,date")):
    # the events' stored JSON, not decoded and encoded again; the count of the filter
    # kept until the store changes
    items, total = aggregate.events_page_json(
        served.store(), query.to_filter(), scope, limit=paging.limit, offset=paging.offset,
        fields=field_names(fields), counts=served.counts, kept=served.projections)
    rest = queries.Page([], total, paging.page, paging.per_page).to_dict()
    del rest["items"]
    rest["by"] = scope.by
    body = '{"items":[' + ",".join(items) + "]," + to_json(rest)[1:]
    return Response(body, media_type="application/json")


@router.get("/api/timeline", summary="Events per day and type, with the filters of /api/events")
def timeline(served: ServedParam, query: EventQueryParam, scope: ScopeParam):
    return json_response(cached(served, (query, scope), lambda: aggregate.event_days(
        served.store(), query.to_filter(), scope)))


@router.get("/api/map", summary="Every located event of the filters, counted in map cells")
def event_map(served: ServedParam, query: EventQueryParam, scope: ScopeParam,
              zoom: str | None = Query(None, description=f"0 (cells of 45°, the whole world) "
                                       f"to {MAX_ZOOM} (cells half as wide at each step)")):
    z = whole_number(checked_text(zoom, "zoom"), "zoom", 0, MAX_ZOOM) if zoom else 0
    return json_response(cached(
        served, ("map", z, query, scope),
        lambda: aggregate.map_cells(served.store(), query.to_filter(), scope, z)))


@router.get("/api/facets", summary="Counts of the events of the filters by type, country, "
                                   "modality and source, each without its own filter")
def event_facets(served: ServedParam, query: EventQueryParam, scope: ScopeParam):
    return json_response(cached(
        served, ("facets", query, scope),
        lambda: aggregate.facets(served.store(), query.to_filter(), scope)))


@router.get("/api/events/{key:path}", summary="One event by its key (article_id/event_id)")
def one_event(served: ServedParam, key: str):
    ev = queries.event_detail(served.store(), key)
    if ev is None:
        raise NotFoundError(f"no event {key!r} in this store")
    return json_response(ev)
