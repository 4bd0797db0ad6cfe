"""/api/quotes (by speaker and words, fragments left out unless asked, newest first or
grouped by speaker) and /api/speakers (the most cited speakers, for the page's picker)."""
from __future__ import annotations

from fastapi import APIRouter, Query

from ...errors import QueryError
from ...query import name_words, search_words, shown, whole_number
from ...store import aggregate
from ..api import DepecheRoute, PagingParam, ServedParam, json_response

router = APIRouter(route_class=DepecheRoute)


def flag(value: str | None, name: str) -> bool:
    """A yes/no parameter: 1/true/yes or 0/false/no (absent: no)."""
    if value is None or value == "":
        return False
    v = value.strip().lower()
    if v in ("1", "true", "yes"):
        return True
    if v in ("0", "false", "no"):
        return False
    raise QueryError(f"{name} {shown(value)}: give 1 (yes) or 0 (no)")


@router.get("/api/quotes", summary="Quotes by speaker and words (paginated)")
def list_quotes(served: ServedParam, paging: PagingParam,
                speaker: str | None = Query(None, description="words of the speaker's name, "
                                            "or their beginnings (at most 200 characters)"),
                q: str | None = Query(None, description="full-text words of the quote (at "
                                      "most 32 words, 500 characters)"),
                unknown: str | None = Query(None, description="1: only the quotes whose "
                                            "speaker is unknown"),
                fragments: str | None = Query(None, description="1: keep the fragments "
                                              "(fewer than four words, scare quotes, names "
                                              "of works), left out by default"),
                group: str | None = Query(None, description="speaker: the quotes grouped "
                                          "by speaker, the most cited first")):
    if group not in (None, "", "speaker"):
        raise QueryError(f"group {shown(group)}: give speaker, or nothing")
    items, total, hidden = aggregate.quotes_page(
        served.store(), speaker=name_words(speaker, "speaker") if speaker else None,
        text=search_words(q) if q else None, unknown=flag(unknown, "unknown"),
        fragments=flag(fragments, "fragments"), grouped=group == "speaker",
        limit=paging.limit, offset=paging.offset)
    pages = max(1, -(-total // paging.per_page))
    return json_response({"items": items, "total": total, "page": paging.page,
                          "per_page": paging.per_page, "pages": pages,
                          "fragments_hidden": hidden})


@router.get("/api/speakers", summary="The most cited speakers, and the quotes of no known "
                                     "speaker")
def speakers(served: ServedParam,
             limit: str | None = Query(None, description="how many speakers, 1 to 200 (40)")):
    n = whole_number(limit, "limit", 1, 200) if limit else 40
    return json_response(aggregate.top_speakers(served.store(), n))
