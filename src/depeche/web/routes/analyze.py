"""POST /api/analyze: one article in (JSON or plain text), its record out; nothing stored.

Switched off by `depeche serve --no-analyze` (the default off loopback): 403. At most
`ANALYZE_SLOTS` analyses at once and `ANALYZE_SECONDS` each (`served.Served`): 503."""
from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request

from ...errors import RequestError, TooLargeError
from ..api import DepecheRoute, ServedParam, json_response

router = APIRouter(route_class=DepecheRoute)

FIELDS = ("text", "title", "published", "lang", "source", "url")
BODY_SCHEMA = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object", "required": ["text"],
                                    "properties": {k: {"type": "string"} for k in FIELDS}}},
    "text/plain": {"schema": {"type": "string"}}}}}


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it is over `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLargeError(f"request body of {int(declared):,} bytes is over the limit of "
                            f"{limit:,} bytes; send a shorter article")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLargeError(f"request body is over the limit of {limit:,} "
                                f"bytes; send a shorter article")
    return bytes(body)


def article_fields(body: bytes, content_type: str) -> dict[str, Any]:
    """The article of a body: text/plain is the text, else a JSON object of FIELDS."""
    try:
        raw = body.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestError("the request body is not UTF-8") from None
    if content_type == "text/plain":
        return {"text": raw}
    try:
        meta = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise RequestError(f"the request body is not JSON ({exc}); send "
                           f'{{"text": "...", "published": "YYYY-MM-DD"}} or text/plain') from None
    if not isinstance(meta, dict) or not isinstance(meta.get("text"), str):
        raise RequestError('send a JSON object with a "text" string (and optionally '
                           '"title", "published", "lang", "source", "url")')
    unknown = set(meta) - {*FIELDS, "id"}
    if unknown:
        raise RequestError(f"unknown field{'s' if len(unknown) > 1 else ''} "
                           f"{', '.join(sorted(unknown))}")
    for k, v in meta.items():
        if v is not None and not isinstance(v, str):
            raise RequestError(f"field {k!r} must be a string")
    return meta


@router.post("/api/analyze", summary="Analyse one article: text (and metadata) in, record out",
             openapi_extra=BODY_SCHEMA)
async def analyze(request: Request, served: ServedParam):
    served.check_analyze()
    body = await read_body(request, served.max_body_bytes)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    record = await served.analyze_limited(article_fields(body, ctype))
    return json_response(record.to_dict())
