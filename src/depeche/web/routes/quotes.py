"""/api/quotes: quotes by speaker and words."""
from __future__ import annotations

from fastapi import APIRouter, Query

from ... import queries
from ..api import DepecheRoute, PagingParam, ServedParam, json_response

router = APIRouter(route_class=DepecheRoute)


@router.get("/api/quotes", summary="Quotes by speaker and words (paginated)")
def list_quotes(served: ServedParam, paging: PagingParam,
                speaker: str | None = Query(None, description="words of the speaker's name, "
                                            "or their beginnings (at most 200 characters)"),
                q: str | None = Query(None, description="full-text words of the quote (at "
                                      "most 32 words, 500 characters)")):
    return json_response(queries.quotes(served.store(), speaker=speaker or None, text=q or None,
                                        page=paging.page, per_page=paging.per_page).to_dict())
