"""The `Place` records: one per distinct place, every mention kept, in order of first
mention. Features and districts the gazetteer does not know are put at the town that
holds them; "la frontière turque" becomes the border of two countries."""
from __future__ import annotations

from ...gazetteer import Entry, distance_km, normalize
from ...records import Mention, Place, Provenance
from .context import PlaceContext, Toponym

PRECISION = {"country": 4, "admin": 3, "region": 3, "city": 1, "feature": 1}
# a district lies within this distance of its city (a homonym farther off is not it)
DISTRICT_KM = 60.0


class Groups:
    """The places found so far, by key, each with its mentions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.groups: dict[tuple, dict] = {}
        self.order: list[tuple] = []

    def add(self, key: tuple, m: Toponym, **fields) -> None:
        if key not in self.groups:
            self.groups[key] = {"mentions": [], **fields}
            self.order.append(key)
        self.groups[key]["mentions"].append(Mention(text=self.text[m.start:m.end],
                                                    start=m.start, end=m.end))

    def places(self, label: str) -> tuple[Place, ...]:
        out = []
        for key in sorted(self.order, key=lambda k: self.groups[k]["mentions"][0].start):
            g = self.groups[key]
            e: Entry = g["entry"]
            first = min(g["mentions"], key=lambda x: x.start)
            out.append(Place(
                text=first.text, start=first.start, end=first.end,
                name=g.get("name") or e.name, kind=g["kind"],
                country=e.country, lat=e.lat, lon=e.lon,
                provenance=Provenance(stage=label, rule=g["rule"]),
                geonames_id=e.geonames_id if g["kind"] == e.kind else None,
                admin1=e.admin1, precision=g["precision"], candidates=g["n"],
                mentions=tuple(sorted(g["mentions"], key=lambda x: x.start))))
        return tuple(out)


class Built:
    """What the places of one article are built from."""

    def __init__(self, ctx: PlaceContext, mentions: list[Toponym],
                 country_cues: dict[str, float]) -> None:
        self.ctx, self.mentions, self.country_cues = ctx, mentions, country_cues
        self.groups = Groups(ctx.text)
        self.main_city = main_city(mentions)
        self.plain_cities = {m.chosen.id for m in mentions if m.chosen is not None
                             and m.chosen.kind == "city" and m.hint is None}
        self.natural_at: dict[str, Entry] = {}  # an unknown mountain: the town of one mention
        for m in mentions:
            if m.hint == "natural" and normalize(m.text) not in self.natural_at:
                city = self.city_near(m, towns_only=True)
                if city is not None:
                    self.natural_at[normalize(m.text)] = city

    def city_near(self, m: Toponym, towns_only=False) -> Entry | None:
        """The city named closest to `m` in its sentence ("prison de Kober, à Khartoum");
        a city before it in another country than the article's main city is another
        scene ("de retour de Bruxelles, il s'est rendu place Kléber" in Strasbourg)."""
        sent = next(((a, b) for a, b in self.ctx.sentences if a <= m.start < b),
                    (m.start, m.end))
        home = self.main_city.country if self.main_city is not None else None
        near = [(abs(o.start - m.start), o.chosen) for o in self.mentions
                if o is not m and o.chosen is not None and o.chosen.kind == "city"
                and o.hint != "district" and sent[0] <= o.start < sent[1]
                and not (towns_only and o.hint is not None)
                and not (o.start < m.start and home and o.chosen.country != home)]
        return min(near, key=lambda x: x[0])[1] if near else None

    def holder(self, m: Toponym) -> Entry | None:
        """The town a feature or district lies in: the nearest named, else the main one."""
        return self.city_near(m) or self.main_city


def main_city(mentions: list[Toponym]) -> Entry | None:
    """The city the article names most (the first of them on a tie)."""
    city_count: dict[int, int] = {}
    for m in mentions:
        if m.chosen is not None and m.chosen.kind == "city" and m.hint != "district":
            city_count[m.chosen.id] = city_count.get(m.chosen.id, 0) + 1
    if not city_count:
        return None
    best = max(city_count.values())
    return next(m.chosen for m in mentions
                if m.chosen is not None and city_count.get(m.chosen.id) == best)


def add_feature(b: Built, m: Toponym) -> None:
    """A feature or street: the gazetteer's own, else a feature at the place it names
    or at the town that holds it."""
    e = m.chosen
    if e is not None and e.kind == "feature":
        b.groups.add(("id", e.id), m, entry=e, kind="feature", rule=m.rule or "curated",
                     precision=1, n=len(m.cands))
        return
    anchor = e if (e is not None and m.hint == "feature") else b.holder(m)
    if anchor is None:
        return
    text = b.ctx.text
    head = normalize(text[m.start:m.end]).split()[0]
    b.groups.add(("feature", head, anchor.id), m, entry=anchor,
                 kind="feature", name=text[m.start:m.end],
                 rule="feature-in-named-place" if anchor is e else "feature-in-main-city",
                 precision=1 if anchor is e else 2, n=len(m.cands))


def add_natural(b: Built, m: Toponym) -> None:
    """An island or a mountain the gazetteer lacks: at a town of its sentence."""
    city = b.natural_at.get(normalize(m.text))
    if city is not None:
        b.groups.add(("natural", normalize(m.text)), m, entry=city, kind="feature",
                     name=m.text, rule="feature-near-named-town", precision=2, n=0)


def district_entry(b: Built, m: Toponym) -> Entry | None:
    """A district lies in its city: a homonym far from it is not the one meant ("le
    quartier huppé de Lavington" is in Nairobi, not in Australia)."""
    e = m.chosen
    if e is not None and e.kind == "city":
        city = b.holder(m)
        if city is not None and city.id != e.id and e.population < 50000 and (
                city.country != e.country
                or distance_km(e.lat, e.lon, city.lat, city.lon) > DISTRICT_KM):
            return None
    return e


def add_building(b: Built, m: Toponym) -> None:
    """A named building the gazetteer lacks ("l'hôpital de la Pitié-Salpêtrière à
    Paris"): in the town of its sentence, else nowhere (the article's main town is too
    often not its town)."""
    city = b.city_near(m)
    if city is not None:
        b.groups.add(("feature", normalize(m.text), city.id), m, entry=city, kind="feature",
                     name=m.text, rule="feature-in-town-of-sentence", precision=2, n=0)


def add_mention(b: Built, m: Toponym) -> None:
    if m.hint in ("feature", "street"):
        return add_feature(b, m)
    if m.hint == "building":
        return add_building(b, m)
    if m.hint == "natural":
        return add_natural(b, m)
    e = m.chosen
    if m.hint == "district":
        e = district_entry(b, m)
        if e is None:
            city = b.holder(m)
            if city is not None:
                b.groups.add(("district", normalize(m.text)), m, entry=city, kind="city",
                             name=f"{m.text}, {city.name}", rule="district-of-named-city",
                             precision=2, n=0)
            return
    if e is None:
        return
    # "la province de Hama": the province by the town's name; "la région d'Angers" in an
    # article naming the town Angers is the town itself
    kind = "admin" if (m.hint == "admin" and e.kind == "city"
                       and not (m.vague and e.id in b.plain_cities)) else e.kind
    b.groups.add(("id", e.id, kind), m, entry=e, kind=kind, rule=m.rule,
                 precision=PRECISION[kind] if not (m.hint == "district") else 2,
                 n=len(m.cands))


def add_borders(b: Built) -> None:
    """The border of two countries: "la frontière turque" in an article about Syria."""
    ctx, cues = b.ctx, b.country_cues
    top_country = max(cues, key=lambda cc: cues[cc]) if cues else None
    for mt in ctx.lex.border.finditer(ctx.text):
        word = mt.group(1)
        cc = ctx.lex.demonyms.get(normalize(word))
        if cc is None:
            hit = [c for c in ctx.gaz.lookup(word) if c.kind == "country"]
            cc = hit[0].country if hit else None
        if cc is None or top_country is None or cc == top_country:
            continue
        pair = "-".join(sorted((cc, top_country)))
        if pair not in ctx.lex.borders:
            continue
        lat, lon = ctx.lex.borders[pair]
        fake = Toponym(mt.start(), mt.end(), mt.group(0))
        b.groups.add(("border", pair), fake, entry=Entry(name=f"border {pair}", kind="feature",
                                                         country=cc, lat=lat, lon=lon),
                     kind="feature", name=f"{pair} border", rule="border-of-article-country",
                     precision=2, n=1)


def build_places(ctx: PlaceContext, mentions: list[Toponym], country_cues: dict[str, float],
                 label: str) -> tuple[Place, ...]:
    """The article's places from its resolved mentions; `label` is the stage's."""
    b = Built(ctx, mentions, country_cues)
    for m in mentions:
        add_mention(b, m)
    add_borders(b)
    return b.groups.places(label)
