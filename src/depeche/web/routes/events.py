"""/api/events (a page of events), /api/timeline (events per day) and one event by key."""
from __future__ import annotations

from fastapi import APIRouter, Query

from ... import queries
from ...errors import NotFoundError, QueryError
from ...query import checked_text, shown
from ..api import DepecheRoute, EventQueryParam, PagingParam, ServedParam, json_response

router = APIRouter(route_class=DepecheRoute)


def project(items: list[dict], fields: str | None) -> list[dict]:
    """Only the top-level keys named in `fields` (comma-separated) of each item."""
    if not fields:
        return items
    keep = [f.strip() for f in checked_text(fields, "fields", 500).split(",") if f.strip()]
    unknown = [f for f in keep if not f.replace("_", "").isalnum()]
    if unknown:
        raise QueryError(f"fields: {shown(unknown[0])} is not a field name")
    return [{k: item.get(k) for k in keep} for item in items]


@router.get("/api/events", summary="Events matching the filters, newest first (paginated)")
def list_events(served: ServedParam, query: EventQueryParam, paging: PagingParam,
                fields: str | None = Query(None, description="keep only these keys of each "
                                           "event, e.g. key,type,place,date")):
    result = queries.events(served.store(), query, page=paging.page,
                            per_page=paging.per_page).to_dict()
    result["items"] = project(result["items"], fields)
    return json_response(result)


@router.get("/api/timeline", summary="Events per day and type, with the filters of /api/events")
def timeline(served: ServedParam, query: EventQueryParam):
    days = served.timelines.get(query, lambda: queries.event_days(served.store(), query))
    return json_response({"days": days})


@router.get("/api/events/{key:path}", summary="One event by its key (article_id/event_id)")
def one_event(served: ServedParam, key: str):
    ev = queries.event_detail(served.store(), key)
    if ev is None:
        raise NotFoundError(f"no event {key!r} in this store")
    return json_response(ev)
