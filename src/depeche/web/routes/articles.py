"""/api/articles/{id}: an article with its title, its text, its layers and every span they
point at. Each span says its `field`: "title" (offsets into the article's `title`) or
"text" (offsets into its `text`); the title's spans come first, then the body's, each in
text order (`queries.article_detail`, which `depeche show` prints too)."""
from __future__ import annotations

from fastapi import APIRouter

from ... import queries
from ...errors import NotFoundError
from ..api import DepecheRoute, ServedParam, json_response

router = APIRouter(route_class=DepecheRoute)


@router.get("/api/articles/{article_id}", summary="An article: record, title, text and spans")
def one_article(served: ServedParam, article_id: str):
    a = queries.article_detail(served.store(), article_id)
    if a is None:
        raise NotFoundError(f"no article {article_id!r} in this store")
    return json_response(a)
