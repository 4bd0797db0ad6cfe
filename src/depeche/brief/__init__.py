"""Situation briefs: what happened where and when, the tolls as each source gives them,
who said what and what is announced next — written in French from the store's records
(no language model), every sentence linked to the words it rests on.

    scope = BriefScope.parse(story_id="st-…")          # or country="LB", near="33.9,35.5"
    brief = build_brief(store, scope)                   # a JSON-able dict
    html = render_html(brief)                           # or render_markdown(brief)

`gather` reads the records of a scope, `compose` writes the sentences (`tolls`,
`sections`; the words are in `lang/fr/brief.toml`, through `french`), `charts` draws
the map and the timeline (SVG, offline) and `render` writes HTML or Markdown."""
from __future__ import annotations

from ..store import Store
from .compose import compose
from .gather import BRIEF_PARAMS, BriefScope, gather
from .render import FORMATS, render, render_html, render_markdown

__all__ = ["BriefScope", "BRIEF_PARAMS", "build_brief", "render", "render_html",
           "render_markdown", "FORMATS"]


def build_brief(store: Store, scope: BriefScope) -> dict:
    """The brief of `scope` in `store` (NotFoundError: an unknown story)."""
    return compose(gather(store, scope))
