"""/api/stories (the largest first) and /api/stories/{id} (its toll timelines per category:
every figure claim in report order, the latest, the highest, rising or conflicting)."""
from __future__ import annotations

from fastapi import APIRouter, Query

from ... import queries
from ...errors import NotFoundError
from ..api import DepecheRoute, PagingParam, ServedParam, json_response

router = APIRouter(route_class=DepecheRoute)


@router.get("/api/stories", summary="Stories, largest first (paginated)")
def list_stories(served: ServedParam, paging: PagingParam,
                 q: str | None = Query(None, description="full-text words of its articles "
                                       "(at most 32 words, 500 characters)"),
                 min_articles: str | None = Query(None, description="only stories of at "
                                                  "least N articles, 1 to 10000 (2)")):
    return json_response(queries.stories(served.store(), min_articles=min_articles,
                                         text=q or None, page=paging.page,
                                         per_page=paging.per_page).to_dict())


@router.get("/api/stories/{story_id}",
            summary="A story: its articles, merged events and toll timelines per category")
def one_story(served: ServedParam, story_id: str,
              other: bool = Query(False, description="also the figures of category other "
                                  "(ages, street numbers, heights: not tolls)")):
    s = queries.story_detail(served.store(), story_id, other=other)
    if s is None:
        raise NotFoundError(f"no story {story_id!r} in this store")
    for group in s["figures"]:
        group["summary"] = queries.format_claims(group)
    return json_response(s)
