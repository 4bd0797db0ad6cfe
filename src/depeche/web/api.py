"""What every API route shares: its route class, its dependencies and its JSON responses.

    router = APIRouter(route_class=DepecheRoute)

    @router.get("/api/events")
    def events(served: ServedParam, query: EventQueryParam, paging: PagingParam): ...

`EventQueryParam` and `PagingParam` build a checked `depeche.query.EventQuery` and
`Paging` from the URL parameters that `EVENT_PARAMS` and `PAGING_PARAMS` declare (the
command line reads the same tables). Every failure is a `DepecheError` carrying its HTTP
status, which the app's one exception handler answers.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Annotated, Any, Callable

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute

from ..errors import DepecheError, QueryError
from ..query import (EVENT_PARAMS, PAGING_PARAMS, SCOPE_PARAMS, EventQuery, Paging, Param,
                     parse_scope, shown)
from ..store.aggregate import Scope
from ..store import StoreError
from .served import Served

__all__ = ["DepecheRoute", "ServedParam", "EventQueryParam", "PagingParam", "ScopeParam",
           "from_query",
           "json_response"]


def _read_params(dependant) -> list[Param]:
    """The query parameters that the route's `from_query` dependencies read themselves."""
    out = list(getattr(dependant.call, "query_params", ()))
    for sub in dependant.dependencies:
        out += _read_params(sub)
    return out


def _query_names(dependant) -> set[str]:
    """The query parameters a route reads, its dependencies' included."""
    names = {f.alias for f in dependant.query_params}
    names |= {p.api for p in getattr(dependant.call, "query_params", ())}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
        got = err.get("input")
        parts.append(f"{where}: {err.get('msg', 'invalid')}"
                     + (f" (got {shown(got)})" if isinstance(got, (str, int, float)) else ""))
    return "; ".join(parts) or "invalid request"


def _store_failure(exc: sqlite3.OperationalError) -> DepecheError:
    msg = str(exc)
    if "fts5" in msg or "syntax error" in msg or "MATCH" in msg:
        return QueryError(f"full-text search: {msg}")
    return StoreError(f"store error: {msg}")


class DepecheRoute(APIRoute):
    """An API route: it refuses query parameters it does not read (a misspelt filter
    must not silently match everything), and its failures are depeche errors. The
    parameters its `from_query` dependencies read are documented in its OpenAPI schema."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        read = _read_params(self.dependant)
        if read:
            extra = dict(self.openapi_extra or {})
            extra["parameters"] = [*extra.get("parameters", ()), *(
                {"name": p.api, "in": "query", "required": False, "description": p.help,
                 "schema": {"type": "string", "title": p.api.title()}} for p in read)]
            self.openapi_extra = extra

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()
        known = frozenset(_query_names(self.dependant))

        async def route(request: Request) -> Response:
            unknown = sorted(set(request.query_params) - known)
            if unknown:
                named = [u if len(u) <= 40 and u.isprintable() else shown(u, 40)
                         for u in unknown[:5]] + (["…"] if len(unknown) > 5 else [])
                raise QueryError(f"unknown query parameter{'s' if len(unknown) > 1 else ''} "
                                 f"{', '.join(named)}; known: "
                                 f"{', '.join(sorted(known)) or 'none'}")
            try:
                return await handler(request)
            except RequestValidationError as exc:
                raise QueryError(_validation_message(exc)) from None
            except sqlite3.OperationalError as exc:
                raise _store_failure(exc) from exc
        return route


def from_query(params: tuple[Param, ...], build: Callable[..., Any]) -> Any:
    """A dependency: `build(**values)` of the URL parameters `params`, given as strings
    (`build` checks and converts them), None when absent; of a repeated parameter, its
    last value. They are read from the query string as they are: FastAPI's own reading
    (a validation per declared parameter) cost more than a page of events.
    `DepecheRoute` documents them in the OpenAPI schema and accepts them."""
    names = tuple((p.field, p.api) for p in params)

    async def dependency(request: Request) -> Any:
        query = request.query_params
        return build(**{field: query.get(api) for field, api in names})
    dependency.query_params = params  # type: ignore[attr-defined]
    return Depends(dependency)


async def _served(request: Request) -> Served:
    return request.app.state.served


ServedParam = Annotated[Served, Depends(_served)]
EventQueryParam = Annotated[EventQuery, from_query(EVENT_PARAMS, EventQuery.parse)]
PagingParam = Annotated[Paging, from_query(PAGING_PARAMS, Paging.parse)]
ScopeParam = Annotated[Scope, from_query(SCOPE_PARAMS, parse_scope)]


def json_response(data: Any, status: int = 200) -> Response:
    """A JSON response written by the standard library encoder (FastAPI's own encoder
    walks every value first, ten times slower on a page of events)."""
    return Response(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                    status_code=status, media_type="application/json")
