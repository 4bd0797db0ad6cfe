"""The two small charts of a brief, as SVG written here (no script, no CDN, no tile
server): a map of its events on the page's offline base map (`web/static/world.json`,
Natural Earth outlines in an equirectangular projection, x = lon + 180, y = 90 - lat),
framed on the events, and a timeline of its events per day, by type."""
from __future__ import annotations

import json
import math
import re
from datetime import date, timedelta
from functools import lru_cache
from html import escape
from importlib import resources

from ..records import EVENT_TYPE_TABLE
import depeche.brief.french as french

__all__ = ["map_svg", "timeline_svg"]

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
MIN_SPAN = 12.0         # degrees of longitude the map shows at least
TIMELINE_W, TIMELINE_H = 600, 110
MAX_BARS = 120          # more days than this are counted by week


@lru_cache(maxsize=1)
def _world() -> list[tuple[str, str, tuple[float, float, float, float]]]:
    """(name, path, bounding box) of each country of the base map."""
    data = json.loads(resources.files("depeche").joinpath("web/static/world.json")
                      .read_text(encoding="utf-8"))
    out = []
    for c in data["countries"]:
        nums = [float(x) for x in _NUMBER.findall(c["d"])]
        xs, ys = nums[0::2], nums[1::2]
        out.append((c.get("name") or "", c["d"], (min(xs), min(ys), max(xs), max(ys))))
    return out


def _frame(points: list[dict]) -> tuple[float, float, float, float]:
    """x, y, width, height (2:1) around the main points (those of at least a fifth of
    the articles of the most reported: a far event told once does not zoom the map out
    to the world), with a margin."""
    top = max(p["articles"] for p in points)
    points = [p for p in points if p["articles"] * 5 >= top]
    xs = [p["lon"] + 180 for p in points]
    ys = [90 - p["lat"] for p in points]
    w = max(MIN_SPAN, (max(xs) - min(xs)) * 1.3, (max(ys) - min(ys)) * 2.6)
    w = min(w, 360.0)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return cx - w / 2, cy - w / 4, w, w / 2


def _colour(event_type: str) -> str:
    return EVENT_TYPE_TABLE.get(event_type, {}).get("colour", "#555555")


def map_svg(points: list[dict], title: str) -> str:
    """The events' places on the base map (a circle per event, as large as its number
    of articles; hollow when not a fact), or '' without a placed event."""
    if not points:
        return ""
    x, y, w, h = _frame(points)
    unit = w / 360.0
    parts = [f'<svg class="brief-map" viewBox="{x:.2f} {y:.2f} {w:.2f} {h:.2f}" '
             f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
             f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="#dde8f0"/>']
    for name, d, (x0, y0, x1, y1) in _world():
        if x1 < x or x0 > x + w or y1 < y or y0 > y + h:
            continue
        parts.append(f'<path d="{d}" fill="#f4f1ea" stroke="#9a9a9a" '
                     f'stroke-width="{0.3 * unit:.3f}"><title>{escape(name)}</title></path>')
    top = max(p["articles"] for p in points)
    for p in sorted(points, key=lambda p: -p["articles"]):
        r = (1.2 + 3.0 * math.sqrt(p["articles"] / top)) * unit * 2
        fill = _colour(p["type"]) if p["modality"] == "asserted" else "none"
        parts.append(f'<circle cx="{p["lon"] + 180:.3f}" cy="{90 - p["lat"]:.3f}" r="{r:.3f}" '
                     f'fill="{fill}" fill-opacity="0.8" stroke="{_colour(p["type"])}" '
                     f'stroke-width="{0.6 * unit:.3f}"><title>{escape(p["name"])} — '
                     f'{escape(french.type_label(p["type"]))}</title></circle>')
    labelled: list[tuple[float, float]] = []
    for p in points:
        px, py = p["lon"] + 180, 90 - p["lat"]
        if len(labelled) >= 5 or not (x <= px <= x + w and y <= py <= y + h) or any(
                abs(px - lx) < 30 * unit and abs(py - ly) < 6 * unit for lx, ly in labelled):
            continue                # one label where names would overlap
        labelled.append((px, py))
        parts.append(f'<text x="{p["lon"] + 180 + 4 * unit:.3f}" y="{90 - p["lat"]:.3f}" '
                     f'font-size="{9 * unit:.3f}" fill="#222">{escape(p["name"])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bins(days: list[date]) -> tuple[date, int, int]:
    """The first day, the days per bar and the number of bars."""
    first, last = min(days), max(days)
    n = (last - first).days + 1
    step = 1 if n <= MAX_BARS else 7 if n <= MAX_BARS * 7 else 30
    return first, step, n // step + 1


def timeline_svg(timeline: list[dict], title: str) -> str:
    """Events per day (or week, or month), stacked by type, with the first and last
    day written in French; '' without a dated event."""
    if not timeline:
        return ""
    days = [date.fromisoformat(t["day"]) for t in timeline]
    first, step, bars = _bins(days)
    stacks: list[dict[str, int]] = [{} for _ in range(bars)]
    for t, d in zip(timeline, days):
        s = stacks[(d - first).days // step]
        s[t["type"]] = s.get(t["type"], 0) + t["count"]
    top = max(sum(s.values()) for s in stacks)
    plot_h, bar_w = TIMELINE_H - 24, TIMELINE_W / bars
    parts = [f'<svg class="brief-timeline" viewBox="0 0 {TIMELINE_W} {TIMELINE_H}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">']
    for i, stack in enumerate(stacks):
        y = float(plot_h)
        day = first + timedelta(days=i * step)
        for kind, n in sorted(stack.items()):
            h = plot_h * n / top
            y -= h
            parts.append(f'<rect x="{i * bar_w + 0.5:.2f}" y="{y:.2f}" '
                         f'width="{max(1.0, bar_w - 1):.2f}" height="{h:.2f}" '
                         f'fill="{_colour(kind)}"><title>{escape(french.day(day))} : {n} '
                         f'{escape(french.type_label(kind, n))}</title></rect>')
    parts.append(f'<line x1="0" y1="{plot_h}" x2="{TIMELINE_W}" y2="{plot_h}" stroke="#666"/>')
    last = first + timedelta(days=(bars - 1) * step)
    parts.append(f'<text x="0" y="{TIMELINE_H - 6}" font-size="11" fill="#333">'
                 f'{escape(french.day(first))}</text>')
    if last != first:
        parts.append(f'<text x="{TIMELINE_W}" y="{TIMELINE_H - 6}" font-size="11" fill="#333" '
                     f'text-anchor="end">{escape(french.day(last))}</text>')
    parts.append(f'<text x="{TIMELINE_W}" y="10" font-size="10" fill="#333" '
                 f'text-anchor="end">max. {top}</text></svg>')
    return "".join(parts)
