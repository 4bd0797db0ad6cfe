"""Towns named with their container in brackets: "l'incendie de Générac (Gard)", "un
attentat à Karachi (Pakistan)". The bracket says the name before it is a place and where
it lies, so a town of any size is taken when the gazetteer has one of that name inside
the container (a département, a region, a country); the candidates are those inside,
also for a name taken already ("Vienne (Isère)" is the town, not the département)."""
from __future__ import annotations

import re

from ...gazetteer import Entry, distance_km
from .context import PlaceContext, Toponym
from .vetoes import vetoed

# a capitalised container in brackets, right after a word
BRACKET = re.compile(r"(?<=[\w’'])\s?\(([A-ZÀ-Ý][^()\n]{1,40})\)")
# a capitalised word (hyphens and apostrophes inside), or a short lower-case link word
WORD = re.compile(r"[A-ZÀ-Ý][\w’'-]*|[a-zà-ÿ]{1,3}")
MAX_WORDS = 5
ADMIN_KM = 120.0     # a town inside a département or a region, from its given point


def contained_towns(ctx: PlaceContext, taken) -> None:
    """Keep in `taken` each town named before a bracketed container that holds it."""
    text = ctx.text
    for mt in BRACKET.finditer(text):
        holders = tuple(c for c in ctx.gaz.lookup(mt.group(1).strip())
                        if c.kind in ("admin", "country") and c.form <= 1)
        if not holders:
            continue
        town = next((m for m in taken.out if m.end == mt.start()), None)
        if town is not None:
            # "Vienne (Isère)": a name taken already keeps the candidates inside
            inside = tuple(c for c in town.cands if c.kind != "country" and _inside(c, holders))
            if not inside:
                continue
            town.cands = inside
        else:
            town = _town_before(ctx, mt.start(), holders)
            if town is None or taken.overlaps(town.start, town.end):
                continue
            taken.keep(town)
        # "Lyon (Rhône)": the container is the unit holding the town, not the river
        container = next((m for m in taken.out if m.start == mt.start(1)), None)
        if container is not None:
            held = tuple(h for h in holders if any(_inside(c, (h,)) for c in town.cands))
            container.cands = held or container.cands


def _town_before(ctx: PlaceContext, end: int, holders: tuple[Entry, ...]) -> Toponym | None:
    """The longest run of words ending at `end`, starting with a capital, that names a
    town inside one of `holders`."""
    text = ctx.text
    words = list(WORD.finditer(text, max(0, end - 80), end))
    if not words or words[-1].end() != end or not words[-1].group(0)[:1].isupper():
        return None
    for k in range(min(MAX_WORDS, len(words)), 0, -1):
        first = words[-k]
        s = first.start()
        name = text[s:end]
        apostrophe = re.match(r"[dlDL]['’]", name)
        if apostrophe:                                   # "d'Aubagne", "l'Isle-Adam"
            s += 2
            name = name[2:]
        if not name[:1].isupper() or any(c in name for c in ".,;:!?"):
            continue
        inside = tuple(c for c in ctx.gaz.lookup(name)
                       if c.kind == "city" and c.form <= 1 and _inside(c, holders))
        if inside and not vetoed(ctx, s, end):
            return Toponym(s, end, name, cands=inside, source="gazetteer")
    return None


def _inside(town: Entry, holders: tuple[Entry, ...]) -> bool:
    return any(town.country == h.country if h.kind == "country"
               else town.country == h.country
               and distance_km(town.lat, town.lon, h.lat, h.lon) <= ADMIN_KM
               for h in holders)
