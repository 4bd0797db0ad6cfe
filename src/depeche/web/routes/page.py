"""/: the web page (its script and styles are under /static)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

router = APIRouter()


@lru_cache(maxsize=1)
def index_html() -> str:
    return (TEMPLATES / "index.html").read_text(encoding="utf-8")


@router.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
def index():
    return HTMLResponse(index_html(), headers={"cache-control": "no-cache"})
