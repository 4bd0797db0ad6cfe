"""Derive the web page's world outlines from Natural Earth (public domain).

    python bench/worldmap.py [SOURCE.geojson] [OUT.json]

Reads ne_110m_admin_0_countries.geojson (default: ../shared/data/natural-earth/), keeps
each country's ISO 3166-1 alpha-2 code, its French and English names and its rings,
simplifies every ring (Douglas-Peucker, tolerance TOLERANCE degrees), drops rings that
become smaller than a triangle, rounds coordinates to 0.01 degree and writes SVG path
data in the equirectangular projection the page uses (x = lon + 180, y = 90 - lat, in a
360 x 180 box) to src/depeche/web/static/world.json. The output is committed: the page
never reads ../shared and needs no tile server.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "natural-earth" / "ne_110m_admin_0_countries.geojson"
OUT = ROOT / "src" / "depeche" / "web" / "static" / "world.json"
TOLERANCE = 0.08   # degrees; the 1:110m data is already coarse


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on one ring or line (iterative, keeps both ends)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, None
        for i in range(a + 1, b):
            x, y = points[i]
            if norm == 0:
                d = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            else:
                d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            if d > best:
                best, index = d, i
        if index is not None and best > tol:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep) if k]


def iso2(props: dict) -> str | None:
    code = props.get("ISO_A2")
    if code and code != "-99":
        return code
    import pycountry     # France and Norway carry -99 in ISO_A2 at 1:110m
    for key in ("ISO_A3", "ADM0_A3", "SOV_A3"):
        a3 = props.get(key)
        if a3 and a3 != "-99":
            c = pycountry.countries.get(alpha_3=a3)
            if c is not None:
                return c.alpha_2
    return None


def ring_path(ring: list[list[float]]) -> str:
    pts = simplify([(float(x), float(y)) for x, y in ring], TOLERANCE)
    if len(pts) < 4:
        return ""
    coords = [f"{round(lon + 180, 2):g} {round(90 - lat, 2):g}" for lon, lat in pts]
    return "M" + "L".join(coords) + "Z"


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else SOURCE
    out = Path(argv[1]) if len(argv) > 1 else OUT
    data = json.loads(source.read_text(encoding="utf-8"))
    countries = []
    for feature in data["features"]:
        props, geom = feature["properties"], feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        d = "".join(ring_path(ring) for poly in polygons for ring in poly)
        if not d:
            continue
        countries.append({"iso": iso2(props), "name": props.get("NAME_FR") or props["NAME"],
                          "name_en": props["NAME"], "d": d})
    countries.sort(key=lambda c: c["name_en"])
    doc = {"source": "Natural Earth 1:110m admin 0 countries (public domain), simplified by "
                     "bench/worldmap.py", "projection": "equirectangular: x = lon + 180, "
                     "y = 90 - lat", "width": 360, "height": 180, "countries": countries}
    out.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{len(countries)} countries, {out.stat().st_size:,} bytes -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
