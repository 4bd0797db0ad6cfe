"""The routers of the app, one per resource, in the order the app includes them."""
from __future__ import annotations

from . import analyze, articles, brief, events, export, meta, page, quotes, stories

ROUTERS = [page.router, events.router, articles.router, quotes.router, stories.router,
           export.router, brief.router, analyze.router, meta.router]

__all__ = ["ROUTERS"]
