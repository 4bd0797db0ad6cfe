"""/api/brief: the situation brief of a story or a place, for the page's filters (HTML
by default, a page whose evidence links open the article view; JSON or Markdown)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from ...brief import BRIEF_PARAMS, FORMATS, BriefScope, build_brief, render
from ...errors import QueryError
from ...query import checked_text, shown
from ..api import DepecheRoute, ServedParam, from_query, json_response

router = APIRouter(route_class=DepecheRoute)
BriefScopeParam = Annotated[BriefScope, from_query(BRIEF_PARAMS, BriefScope.parse)]


@router.get("/api/brief", summary="A situation brief, in French, of a story (story) or a "
                                  "place (country, or near and within), with the event "
                                  "filters; every sentence linked to its evidence",
            response_class=HTMLResponse)
def brief(served: ServedParam, scope: BriefScopeParam,
          format: str | None = Query(None, description="html (a page that prints, the "
                                     "default), json (every sentence with the article ids "
                                     "and spans of its evidence) or md")):
    fmt = checked_text(format, "format", 20) if format else "html"
    if fmt not in FORMATS:
        raise QueryError(f"format {shown(fmt)}: give one of {', '.join(FORMATS)}")
    document = build_brief(served.store(), scope)
    if fmt == "json":
        return json_response(document)
    text = render(document, fmt, inline_styles=False)
    if fmt == "md":
        return Response(text, media_type="text/markdown; charset=utf-8")
    return HTMLResponse(text)
