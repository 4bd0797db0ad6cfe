"""/api/export: the events of the filters as ACLED-style CSV, GeoJSON or JSONL (a file)."""
from __future__ import annotations

import os
import tempfile

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from ...exporters import MEDIA_TYPES, check_format, export
from ...query import checked_text
from ..api import DepecheRoute, EventQueryParam, ServedParam

router = APIRouter(route_class=DepecheRoute)


@router.get("/api/export", summary="The events as ACLED-style CSV, GeoJSON or JSONL",
            response_class=FileResponse)
def export_events(served: ServedParam, query: EventQueryParam,
                  format: str | None = Query(None, description=", ".join(MEDIA_TYPES))):
    fmt = check_format(checked_text(format, "format", 20) if format else format)
    fd, tmp = tempfile.mkstemp(prefix="depeche-export-", suffix="." + fmt)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            export(served.store(), fmt, out, query=query)
    except BaseException:
        os.unlink(tmp)
        raise
    return FileResponse(tmp, media_type=MEDIA_TYPES[fmt], filename=f"depeche-events.{fmt}",
                        background=BackgroundTask(os.unlink, tmp))
