"""places: every toponym of the article, resolved to a gazetteer entry.

Recognition: spaCy's LOC/GPE mentions (and the places nested in ORG/MISC names such as
"l'université d'Alep"), checked against the gazetteer, plus names the gazetteer knows
that spaCy missed (countries, regions, provinces, towns above `min_population`).
Titles and person cues drop people spaCy calls places ("Bachar al-Assad"); demonyms
("syrien", "turque") are country cues, never places by themselves.

Resolution: each candidate is scored by prominence (population, capital, kind), by the
article's countries (named or given by demonyms), by an immediate container ("Paris, au
Texas", "Homs (Libye)"), by the head noun ("province de", "ville de") and by distance to
the article's unambiguous places. The winning reason is the provenance rule; the number
of candidates is kept. One `Place` per distinct place, every mention kept.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..gazetteer import Entry, distance_km, normalize
from ..pipeline import ArticleState, Stage
from ..records import Mention, Place, Provenance

PRECISION = {"country": 4, "admin": 3, "region": 3, "city": 1, "feature": 1}
KIND_BASE = {"country": 8.0, "admin": 6.0, "region": 6.5, "feature": 6.5}
LEADING = re.compile(r"^(?:(?:à|a|en|dans|vers|depuis|par|pour|sur|de|d['’]|du|des|au|aux|"
                     r"la|le|les|l['’])\s*)+", re.I)
ARTICLE_OF = {"au": "le", "aux": "les", "du": "le", "des": "les"}
CONTAINER_GLUE = {",", "(", "en", "au", "aux", "dans", "le", "la", "l'", "l’", "de", "du", "d'",
                  "d’", "à", "-", "–", "état", "etat", "province", "région"}


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    hint: str | None = None          # admin | city | district | feature | street | border
    feature_text: tuple[int, int] | None = None   # span of the whole feature name
    cands: tuple[Entry, ...] = ()
    source: str = "spacy"
    chosen: Entry | None = None
    rule: str = ""
    scores: list = field(default_factory=list)


class PlacesStage(Stage):
    name = "places"
    version = 1
    requires = ("doc",)
    provides = "places"

    def __init__(self, settings, resources):
        super().__init__(settings, resources)
        self.min_population = int(self.settings.get("min_population", 15000))

    # ------------------------------------------------------------ lexicons
    def _cues(self) -> dict:
        return self.resources.lexicons.get("places_cues")

    def _demonyms(self) -> dict[str, str]:
        data = self.resources.lexicons.get("demonyms")["demonyms"]
        return {normalize(f): cc for cc, forms in data.items() for f in forms}

    # ------------------------------------------------------------ main
    def __call__(self, state: ArticleState):
        doc = state.layers["doc"]
        text = state.text
        gaz = self.resources.gazetteer
        cues = self._cues()
        demonyms = self._demonyms()
        heads = {k: {normalize(w) for w in v} for k, v in cues["heads"].items()}
        titles = {normalize(w) for w in cues["person"]["titles"]}
        not_places = {normalize(w) for w in cues["person"]["not_places"]}

        mentions = self._recognise(doc, text, gaz, heads, titles, not_places, demonyms)
        if not mentions:
            return ()
        country_cues = self._country_cues(doc, mentions, demonyms)
        self._resolve(mentions, text, country_cues)
        return self._places(mentions, text, gaz, cues, demonyms, country_cues)

    # ------------------------------------------------------------ recognition
    def _recognise(self, doc, text, gaz, heads, titles, not_places, demonyms) -> list[_Mention]:
        out: list[_Mention] = []
        taken: list[tuple[int, int]] = []
        person_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PER"]

        def overlaps(s, e):
            return any(s < b and a < e for a, b in taken)

        for ent in doc.ents:
            if ent.label_ not in ("LOC", "GPE", "ORG", "MISC"):
                continue
            for m in self._from_span(ent, text, gaz, heads, titles, not_places, demonyms,
                                     source="spacy" if ent.label_ in ("LOC", "GPE") else "nested"):
                if not overlaps(m.start, m.end):
                    out.append(m)
                    taken.append((m.start, m.end))
        # names spaCy missed: capitalised runs the gazetteer knows
        for sent in doc.sents:
            toks = [t for t in sent]
            i = 0
            while i < len(toks):
                t = toks[i]
                if not t.text[:1].isupper() or t.is_sent_start and t.pos_ != "PROPN":
                    i += 1
                    continue
                found = None
                for n in (4, 3, 2, 1):
                    if i + n > len(toks):
                        continue
                    span = doc[toks[i].i:toks[i + n - 1].i + 1]
                    if not span[-1].text[:1].isupper() and n > 1:
                        continue
                    s, e = span.start_char, span.end_char
                    if overlaps(s, e) or any(s < b and a < e for a, b in person_spans):
                        continue
                    key = normalize(span.text)
                    if key in not_places or key in demonyms or len(key) < 3:
                        continue
                    cands = self._gazetteer_only(gaz.lookup(span.text))
                    if cands and (n > 1 or t.pos_ == "PROPN") and not self._after_title(
                            doc, span.start, titles):
                        found = _Mention(s, e, span.text, cands=cands, source="gazetteer")
                        break
                if found:
                    out.append(found)
                    taken.append((found.start, found.end))
                    i += max(1, len(doc.char_span(found.start, found.end) or [t]))
                else:
                    i += 1
        out.sort(key=lambda m: m.start)
        return out

    def _gazetteer_only(self, cands: tuple[Entry, ...]) -> tuple[Entry, ...]:
        """Entries a name alone may stand for without spaCy's help."""
        keep = tuple(c for c in cands if c.form <= 1 and (
            c.kind != "city" or c.population >= self.min_population or c.source.startswith(
                "depeche:")))
        return cands if keep else ()

    @staticmethod
    def _after_title(doc, i: int, titles: set[str]) -> bool:
        for j in (i - 1, i - 2):
            if j >= 0:
                w = normalize(doc[j].text)
                if w in titles or (doc[j].text in ("M.", "Mme", "Dr")):
                    return True
                if doc[j].is_punct and doc[j].text != "-":
                    return False
        return False

    def _from_span(self, ent, text, gaz, heads, titles, not_places, demonyms, source):
        """The place mentions in a spaCy entity: itself, its nested place, or none."""
        s, e = ent.start_char, ent.end_char
        raw = text[s:e]
        # "l'ONU.Une", "AFP.Le": text glued after a full stop is not part of the name
        cut = re.search(r"[.!?;:»«\"]\s*\S|\n", raw)
        if cut:
            raw = raw[:cut.start()]
            e = s + len(raw)
        m = LEADING.match(raw)
        lead = ""
        if m and m.end() < len(raw):
            lead = raw[:m.end()].strip().lower()
            s += m.end()
            raw = raw[m.end():]
        raw_stripped = raw.rstrip(" ,-'’")
        e = s + len(raw_stripped)
        raw = raw_stripped
        if not raw or not raw[:1].isupper() and not raw[:1].islower():
            return []
        key = normalize(raw)
        if key in not_places or key in demonyms or len(key) < 3:
            return []
        if self._after_title(ent.doc, ent.start, titles):
            return []
        words = raw.split()
        first = normalize(words[0]) if words else ""
        # head noun: "province de Kapisa", "camp militaire d'Ailefoun", "mont Maudit"
        if len(words) > 1 or "-" in raw:
            for kind in ("feature", "admin", "city", "district", "institution"):
                if first in heads[kind]:
                    return self._headed(ent, s, e, raw, first, kind, gaz, heads, source)
        variants = [raw]
        art = ARTICLE_OF.get(lead.split()[-1] if lead else "")
        if art:
            variants.insert(0, f"{art.capitalize()} {raw}")
        if lead.endswith(("la", "le", "les", "l'", "l’")):
            variants.append(f"{lead.split()[-1]} {raw}")
        for v in variants:
            cands = gaz.lookup(v)
            if cands:
                if source != "spacy":
                    cands = self._gazetteer_only(cands)
                    if not cands:
                        continue
                return [_Mention(s, e, text[s:e], cands=cands, source=source)]
        return []

    def _headed(self, ent, s, e, raw, head, kind, gaz, heads, source):
        """'<head> (glue) X': X is the place; a feature head makes a place of its own."""
        text = ent.doc.text
        m = re.match(r"^(\S+)((?:\s+(?:militaire|central|centrale|principal|principale|"
                     r"international|internationale|naturelle|naturel|de réfugiés|"
                     r"de déplacés|insalubre|dévasté|dévastée|historique))*)"
                     r"\s*(?:\s(?:de la|de l['’]|du|des|de)\s*|\sd['’]\s*|\s)", raw)
        if not m:
            return []
        inner_s = s + m.end()
        inner = text[inner_s:e]
        if not inner or not inner[:1].isupper():
            return []
        full = gaz.lookup(raw)
        if kind == "feature":
            feats = tuple(c for c in full if c.kind == "feature")
            if feats:
                return [_Mention(s, e, raw, cands=feats, source=source, hint="feature")]
            hint = "street" if head in heads["street"] else "feature"
            cands = () if hint == "street" else gaz.lookup(inner)
            return [_Mention(s, e, raw, cands=cands, source=source, hint=hint)]
        cands = gaz.lookup(inner)
        if not cands and full:
            cands = full
        if kind == "district":
            return [_Mention(inner_s, e, inner, cands=cands, source=source, hint="district")]
        if not cands:
            return []
        if kind == "institution":
            return [_Mention(inner_s, e, inner, cands=cands, source="nested")]
        return [_Mention(inner_s, e, inner, cands=cands, source=source, hint=kind)]

    # ------------------------------------------------------------ cues
    def _country_cues(self, doc, mentions, demonyms) -> dict[str, float]:
        """How strongly the article points at each country: named countries count 2,
        unambiguous places 1, demonyms ("syrien") 1 each (capped)."""
        cues: dict[str, float] = {}
        for m in mentions:
            kinds = {(c.kind, c.country) for c in m.cands if c.form <= 1}
            countries = {c.country for c in m.cands}
            if any(k == "country" for k, _ in kinds) and len(countries) == 1:
                cc = next(iter(countries))
                cues[cc] = cues.get(cc, 0) + 2
            elif len(countries) == 1 and None not in countries:
                cc = next(iter(countries))
                cues[cc] = cues.get(cc, 0) + 1
        for t in doc:
            cc = demonyms.get(normalize(t.text)) if t.text[:1].islower() else None
            if cc:
                cues[cc] = min(cues.get(cc, 0) + 1, 6)
        return cues

    # ------------------------------------------------------------ resolution
    def _base(self, c: Entry) -> float:
        if c.kind == "city" and not c.source.startswith("depeche:"):
            score = math.log10(c.population + 10) + (1.5 if c.capital else 0.0)
            score += 0.5 if c.form <= 1 else 0.0
        elif c.kind == "city":
            score = 5.0
        else:
            score = KIND_BASE.get(c.kind, 5.0) + (0.5 if c.form <= 1 else 0.0)
            if c.kind == "country" and c.form > 1:
                score -= 3.0
        if c.country == "FR":
            score += 0.6
        return score

    def _containers(self, mentions: list[_Mention], text: str) -> dict[int, _Mention]:
        """m -> the mention right after it that contains it: "Paris, au Texas"."""
        out = {}
        for i, m in enumerate(mentions[:-1]):
            nxt = mentions[i + 1]
            gap = text[m.end:nxt.start]
            words = re.findall(r"[\w'’]+|[,(\-–]", gap.lower())
            if len(gap) < 25 and words and all(w in CONTAINER_GLUE for w in words) and (
                    "," in words or "(" in words or words[0] in ("en", "au", "aux", "dans")):
                out[i] = nxt
        return out

    def _score(self, m: _Mention, c: Entry, country_cues, container, anchors) -> tuple[float, str]:
        score = self._base(c)
        rule = "prominence"
        if m.hint == "admin" and c.kind == "admin":
            score += 3.0
            rule = "head-noun"
        elif m.hint in ("city", "district") and c.kind == "city":
            score += 2.0
            rule = "head-noun"
        cue = country_cues.get(c.country or "", 0)
        if cue:
            score += min(2.5, 0.8 * cue)
            rule = "article-country" if rule == "prominence" else rule
        if container is not None and container.cands:
            top = container.cands[0]
            if any(k.country == c.country for k in container.cands[:1]) and c is not top:
                score += 4.0
                rule = "container"
                if top.kind == "admin" and top.admin1 and top.admin1 == c.admin1:
                    score += 2.0
        if anchors and c.kind in ("city", "feature", "admin"):
            near = min((distance_km(c.lat, c.lon, a.lat, a.lon) for a in anchors
                        if a is not c and a.kind != "country" and a.country is not None),
                       default=1e9)
            if near < 300:
                score += 1.5
                rule = "nearby" if rule == "prominence" else rule
            elif near < 1000:
                score += 0.5
        return score, rule

    def _resolve(self, mentions: list[_Mention], text: str, country_cues) -> None:
        containers = self._containers(mentions, text)
        anchors: list[Entry] = []
        for pass_ in (0, 1):
            for i, m in enumerate(mentions):
                if not m.cands:
                    continue
                scored = sorted(((self._score(m, c, country_cues, containers.get(i),
                                              anchors if pass_ else ()), c)
                                 for c in m.cands), key=lambda x: -x[0][0])
                (best, rule), entry = scored[0]
                if len(scored) == 1:
                    rule = "only-candidate"
                m.chosen, m.rule, m.scores = entry, rule, scored
            if pass_ == 0:
                anchors = [m.chosen for m in mentions if m.chosen is not None and (
                    len(m.scores) == 1 or m.scores[0][0][0] - m.scores[1][0][0] > 2.0)]
            # a container resolves the mention before it: re-rank with its choice
            for i, nxt in containers.items():
                if nxt.chosen is not None:
                    nxt.cands = (nxt.chosen,) + tuple(c for c in nxt.cands if c is not nxt.chosen)

    # ------------------------------------------------------------ output
    def _places(self, mentions, text, gaz, cues, demonyms, country_cues) -> tuple[Place, ...]:
        city_count: dict[int, int] = {}
        for m in mentions:
            if m.chosen is not None and m.chosen.kind == "city" and m.hint != "district":
                city_count[m.chosen.id] = city_count.get(m.chosen.id, 0) + 1
        main_city = None
        if city_count:
            best = max(city_count.values())
            main_city = next(m.chosen for m in mentions
                             if m.chosen is not None and city_count.get(m.chosen.id) == best)
        groups: dict[tuple, dict] = {}
        order: list[tuple] = []

        def add(key, m: _Mention, **fields):
            if key not in groups:
                groups[key] = {"mentions": [], **fields}
                order.append(key)
            groups[key]["mentions"].append(Mention(text=text[m.start:m.end], start=m.start,
                                                   end=m.end))

        for m in mentions:
            e = m.chosen
            if m.hint in ("feature", "street"):
                if e is not None and e.kind == "feature":
                    add(("id", e.id), m, entry=e, kind="feature", rule=m.rule or "curated",
                        precision=1, n=len(m.cands))
                    continue
                anchor = e if (e is not None and m.hint == "feature") else main_city
                if anchor is None:
                    continue
                add(("feature", normalize(text[m.start:m.end])), m, entry=anchor,
                    kind="feature", name=text[m.start:m.end],
                    rule="feature-in-named-place" if anchor is e else "feature-in-main-city",
                    precision=1 if anchor is e else 2, n=len(m.cands))
                continue
            if m.hint == "district" and e is None:
                if main_city is None:
                    continue
                add(("district", normalize(m.text)), m, entry=main_city, kind="city",
                    name=f"{m.text}, {main_city.name}", rule="district-of-main-city",
                    precision=2, n=0)
                continue
            if e is None:
                continue
            kind = e.kind
            if m.hint == "admin" and kind == "city":
                kind = "admin"
            add(("id", e.id, kind), m, entry=e, kind=kind, rule=m.rule,
                precision=PRECISION[kind] if not (m.hint == "district") else 2,
                n=len(m.cands))

        # the border of two countries: "la frontière turque" in an article about Syria
        borders = cues.get("borders", {})
        top_country = max(country_cues, key=country_cues.get) if country_cues else None
        for mt in re.finditer(r"\bfrontières?\s+(?:avec\s+(?:la\s+|le\s+|l['’])?)?"
                              r"([A-Za-zÀ-ÿ\-]+)", text):
            word = mt.group(1)
            cc = demonyms.get(normalize(word))
            if cc is None:
                hit = [c for c in gaz.lookup(word) if c.kind == "country"]
                cc = hit[0].country if hit else None
            if cc is None or top_country is None or cc == top_country:
                continue
            pair = "-".join(sorted((cc, top_country)))
            if pair not in borders:
                continue
            lat, lon = borders[pair]
            fake = _Mention(mt.start(), mt.end(), mt.group(0))
            add(("border", pair), fake, entry=Entry(name=f"border {pair}", kind="feature",
                                                   country=cc, lat=lat, lon=lon),
                kind="feature", name=f"{pair} border", rule="border-of-article-country",
                precision=2, n=1)

        out = []
        for key in sorted(order, key=lambda k: groups[k]["mentions"][0].start):
            g = groups[key]
            e: Entry = g["entry"]
            first = min(g["mentions"], key=lambda x: x.start)
            out.append(Place(
                text=first.text, start=first.start, end=first.end,
                name=g.get("name") or e.name, kind=g["kind"],
                country=e.country, lat=e.lat, lon=e.lon,
                provenance=Provenance(stage=self.label, rule=g["rule"]),
                geonames_id=e.geonames_id if g["kind"] == e.kind else None,
                admin1=e.admin1, precision=g["precision"], candidates=g["n"],
                mentions=tuple(sorted(g["mentions"], key=lambda x: x.start))))
        return tuple(out)

    # ------------------------------------------------------------ explain
    def explain(self, name: str, country: str | None = None) -> list[tuple[float, str, Entry]]:
        """The candidates of `name` with their scores, best first (for `depeche places`)."""
        gaz = self.resources.gazetteer
        m = _Mention(0, len(name), name, cands=gaz.lookup(name))
        cues = {country.upper(): 4.0} if country else {}
        out = []
        for c in m.cands:
            score, rule = self._score(m, c, cues, None, ())
            out.append((score, rule, c))
        out.sort(key=lambda x: -x[0])
        return out
