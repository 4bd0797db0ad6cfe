"""A brief as one document (the JSON of `depeche brief --format json`; the HTML and
Markdown are written from it): its scope, the headline line, the tolls, the
chronology, what is announced, who said what, the data of its two charts and its
articles. Every sentence carries the evidence of its parts (`sentences`)."""
from __future__ import annotations

from collections import Counter

from .. import __version__
from ..countries import names as country_names
import depeche.brief.french as french
import depeche.brief.sections as sections
from .gather import MAX_EVENTS, Materials
from .tolls import toll_sections

__all__ = ["compose"]


def _title(m: Materials) -> str:
    s = french.words()["sentences"]
    q = m.scope.query
    if m.story is not None:
        scope = s["scope_story"].format(title=(m.story.get("title") or m.story["id"]).strip())
    elif q.country:
        scope = s["scope_country"].format(country=country_names().get(
            q.country, (q.country,))[0])
    else:
        assert q.near is not None           # BriefScope: story, country or near
        scope = s["scope_near"].format(km=french.number(q.within_km),
                                       lat=french.number(round(q.near[0], 4)),
                                       lon=french.number(round(q.near[1], 4)))
    return f"{s['title']} : {scope}"


def _timeline(m: Materials) -> list[dict]:
    """Events per day of their article (the day the filters bound) and type."""
    counts: Counter = Counter()
    for e in m.events:
        day = (e.get("published") or "")[:10]
        if day:
            counts[(day, e["type"])] += 1
    return [{"day": d, "type": t, "count": n} for (d, t), n in sorted(counts.items())]


def _points(m: Materials, gs: list[sections.Group]) -> list[dict]:
    """The placed events of the brief, one point per group, the most reported first."""
    out = []
    for g in gs:
        p = (g.placed or {}).get("place") or {}
        if p.get("lat") is None or p.get("lon") is None:
            continue
        piece = sections.place_piece(m, g.placed)
        out.append({"lat": p["lat"], "lon": p["lon"], "name": piece.text if piece else p["name"],
                    "type": g.type, "modality": g.modality, "articles": len(g.articles)})
    return out[:200]


def compose(m: Materials) -> dict:
    """The brief of the gathered records."""
    gs = sections.event_groups(m)
    notes = []
    if m.total_events > len(m.events):
        notes.append(french.sentence("capped", n=french.number(MAX_EVENTS),
                                     total=french.number(m.total_events)))
    days = sorted((a["published"] or "")[:10] for a in m.articles.values() if a["published"])
    return {
        "title": _title(m),
        "scope": m.scope.to_dict(),
        "story": {k: m.story[k] for k in ("id", "title", "n_articles", "first_date",
                                          "last_date")} if m.story else None,
        "period": {"from": days[0] if days else None, "to": days[-1] if days else None},
        "counts": {"articles": len(m.articles), "events": len(m.events),
                   "events_in_scope": m.total_events, "groups": len(gs),
                   "figures": len(m.figures), "quotes": len(m.quotes)},
        "headline": sections.headline(m, gs).to_dict(),
        "places": sections.places(m, gs),
        "notes": notes,
        "tolls": toll_sections(m),
        "chronology": sections.chronology(m, gs),
        "announced": sections.announced(m, gs),
        "speakers": sections.speakers(m),
        "timeline": _timeline(m),
        "map": _points(m, gs),
        "articles": [{"id": a["id"], "title": (a["title"] or "").strip() or None,
                      "published": a["published"],
                      "outlet": a.get("source"), "url": a.get("url")}
                     for a in sorted(m.articles.values(),
                                     key=lambda a: (a["published"] or "", a["id"]))],
        "engine": f"depeche {__version__}",
    }
