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
LEADING = re.compile(r"^(?:(?:à|en|dans|vers|depuis|par|pour|sur|de|du|des|au|aux|la|le|les)\s+"
                     r"|(?:d|l)['’]\s*)+", re.I)
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
        mentions = self._recognise(doc, text, gaz, cues, demonyms)
        if not mentions:
            return ()
        country_cues = self._country_cues(doc, mentions, demonyms)
        self._resolve(mentions, text, country_cues)
        sentences = [(x.start_char, x.end_char) for x in doc.sents]
        return self._places(mentions, text, gaz, cues, demonyms, country_cues, sentences)

    # ------------------------------------------------------------ recognition
    def _recognise(self, doc, text, gaz, cues, demonyms) -> list[_Mention]:
        heads = {k: {normalize(w) for w in v} for k, v in cues["heads"].items()
                 if k != "adjectives"}
        titles = {normalize(w) for w in cues["person"]["titles"]}
        not_places = {normalize(w) for w in cues["person"]["not_places"]}
        not_after = {normalize(w) for w in cues["context"]["not_after"]}
        out: list[_Mention] = []
        taken: list[tuple[int, int]] = []

        def overlaps(s, e):
            return any(s < b and a < e for a, b in taken)

        def keep(m: _Mention | None) -> None:
            if m is not None and not overlaps(m.start, m.end):
                out.append(m)
                taken.append((m.start, m.end))

        def vetoed(s: int, e: int) -> bool:
            """A person's name, a media or storm name, an organisation: not a place."""
            key = normalize(text[s:e])
            if key in not_places or key in demonyms or len(key) < 3:
                return True
            if re.match(r"\s+\d", text[e:e + 3]):            # "Europe 1", "France 24"
                return True
            before = re.findall(r"[\w.’'-]+", text[max(0, s - 40):s])
            before = [w for w in before if normalize(w) not in ("de", "d", "du", "des", "la",
                                                                  "le", "l", "les")][-1:]
            if before and (normalize(before[0]) in titles or before[0] in ("M.", "Mme", "Dr")
                           or normalize(before[0]) in not_after):
                return True
            return False

        # 1. "<head> de X": provinces, towns, districts, features, institutions
        for m in self._head_matches(text, cues, heads):
            kind, hs, he, ns, ne = m
            keep(self._headed(text, gaz, heads, kind, hs, he, ns, ne, vetoed))
        # 2. spaCy's places, and places nested in organisation names
        for ent in doc.ents:
            if ent.label_ not in ("LOC", "GPE", "ORG", "MISC"):
                continue
            keep(self._from_entity(ent, text, gaz, vetoed,
                                   spacy=ent.label_ in ("LOC", "GPE")))
        # 3. names spaCy missed: capitalised runs the gazetteer knows
        ent_spans = [(e.start_char, e.end_char) for e in doc.ents]
        lower_words = {t.lower_ for t in doc if t.text.islower()}
        for sent in doc.sents:
            i = sent.start
            while i < sent.end:
                t = doc[i]
                if not t.text[:1].isupper() or (t.is_sent_start and t.pos_ != "PROPN") or (
                        i > sent.start and doc[i - 1].text[:1].isupper()
                        and not doc[i - 1].is_punct) or (
                        i > 0 and doc[i - 1].text in ("-", "–") and not doc[i - 1].whitespace_):
                    i += 1
                    continue
                found = None
                for n in (4, 3, 2, 1):
                    if i + n > sent.end:
                        continue
                    span = doc[i:i + n]
                    if not span[-1].text[:1].isupper() or (
                            i + n < len(doc) and doc[i + n].text in ("-", "–")
                            and not span[-1].whitespace_):
                        continue
                    s, e = span.start_char, span.end_char
                    if overlaps(s, e) or any(s < b and a < e for a, b in ent_spans):
                        continue
                    if vetoed(s, e) or (n == 1 and (t.pos_ != "PROPN" or t.lower_ in lower_words
                                                    or t.text.isupper())):
                        continue
                    cands = self._gazetteer_only(gaz.lookup(span.text))
                    if cands:
                        found = _Mention(s, e, span.text, cands=cands, source="gazetteer")
                        break
                if found:
                    keep(found)
                    i += n
                else:
                    i += 1
        out.sort(key=lambda m: m.start)
        return out

    def _gazetteer_only(self, cands: tuple[Entry, ...]) -> tuple[Entry, ...]:
        """The entries a name alone may stand for without spaCy's help."""
        return tuple(c for c in cands if c.form <= 1 and (
            c.kind != "city" or c.population >= self.min_population
            or c.source.startswith("depeche:")))

    @staticmethod
    def _head_matches(text: str, cues: dict, heads: dict):
        """(kind, head start, head end, name start, name end) for "<head> (adj) de X"."""
        kinds = {}
        for kind in ("feature", "admin", "city", "district", "institution"):
            for w in cues["heads"][kind]:
                kinds.setdefault(w.lower(), kind)
        words = "|".join(re.escape(w) for w in sorted(kinds, key=len, reverse=True))
        adjs = "|".join(re.escape(a) for a in cues["heads"]["adjectives"])
        name = (r"(?:(?:al|el|an|as|ad|ar)[\s-])?[A-ZÀ-ÝŒ][\w’'-]*"
                r"(?:(?:\s|-)(?:(?:al|el|de|du|des|la|le|sur|en|et)\s)?[A-ZÀ-ÝŒ][\w’'-]*)*")
        rx = re.compile(rf"(?i:\b({words}))((?:\s+(?i:{adjs}))*)"
                        rf"(?:\s+(?i:de\s+la|de\s+l['’]|du|des|de)\s*|\s+(?i:d['’])|\s+)"
                        rf"({name})")
        for m in rx.finditer(text):
            head = m.group(1).lower()
            kind = kinds.get(head)
            if kind is None:
                continue
            yield kind, m.start(1), m.end(1), m.start(3), m.end(3)

    def _headed(self, text, gaz, heads, kind, hs, he, ns, ne, vetoed):
        """'<head> (adj) de X': X is the place; a feature head makes a place of its own."""
        inner = text[ns:ne].rstrip("’'-")
        ne = ns + len(inner)
        if (vetoed(ns, ne) and kind != "feature") or (inner.isupper() and len(inner) <= 6):
            return None
        head = normalize(text[hs:he])
        if kind == "feature":
            full = tuple(c for c in gaz.lookup(text[hs:ne]) if c.kind == "feature")
            if full:
                return _Mention(hs, ne, text[hs:ne], cands=full, source="head", hint="feature")
            if head in heads["street"]:
                return _Mention(hs, ne, text[hs:ne], source="head", hint="street")
            cands = tuple(c for c in gaz.lookup(inner) if c.kind != "country")
            own = tuple(c for c in cands if c.kind == "feature")
            return _Mention(hs, ne, text[hs:ne], cands=own or cands, source="head",
                            hint="feature")
        cands = gaz.lookup(inner)
        if kind == "district":
            return _Mention(ns, ne, inner, cands=cands, source="head", hint="district")
        if not cands:
            return None
        if kind == "institution":
            return _Mention(ns, ne, inner, cands=cands, source="nested")
        return _Mention(ns, ne, inner, cands=cands, source="head", hint=kind)

    def _whole_entity(self, raw, lead, s, e, text, gaz, spacy) -> _Mention | None:
        """The entity's text itself as a place name (with its article when it has one)."""
        if lead in ("la", "le", "les") and text[s - len(lead) - 1:s - 1] in ("La", "Le", "Les"):
            whole = gaz.lookup(text[s - len(lead) - 1:e])     # "La Haye", "Le Havre"
            if whole:
                return _Mention(s - len(lead) - 1, e, text[s - len(lead) - 1:e], cands=whole,
                                source="spacy" if spacy else "nested")
        nxt = re.match(r"[ -]([A-ZÀ-Ýa-zéèêëàâîïôûüç][\w’'-]*)", text[e:e + 40])
        if nxt:                       # "Alpes françaises", "Nea Plagia" (spaCy cut short)
            longer = gaz.lookup(raw + " " + nxt.group(1))
            if longer:
                return _Mention(s, e + nxt.end(), text[s:e + nxt.end()], cands=longer,
                                source="spacy" if spacy else "nested")
        variants = [raw]
        art = ARTICLE_OF.get(lead.split()[-1] if lead else "")
        if art:
            variants.insert(0, f"{art} {raw}")
        elif lead.split()[-1:] and lead.split()[-1] in ("la", "le", "les"):
            variants.append(f"{lead.split()[-1]} {raw}")
        for v in variants:
            cands = tuple(c for c in gaz.lookup(v) if c.form <= 1 or c.population >= 1000)
            if raw.isupper() or not spacy:       # acronyms, names inside organisations
                cands = self._gazetteer_only(cands)
                if raw.isupper():
                    cands = tuple(c for c in cands if c.kind != "city")
            if cands:
                return _Mention(s, e, text[s:e], cands=cands,
                                source="spacy" if spacy else "nested")
        return None

    def _from_entity(self, ent, text, gaz, vetoed, spacy: bool) -> _Mention | None:
        """The place an entity names: itself (LOC), or a known place nested in an ORG."""
        s, e = ent.start_char, ent.end_char
        raw = text[s:e]
        cut = re.search(r"[.!?;:»«\"(]\s*\S|\n", raw)   # "l'ONU.Une": glued sentences
        if cut:
            raw = raw[:cut.start()]
        m = LEADING.match(raw)
        lead = ""
        if m and m.end() < len(raw):
            lead = raw[:m.end()].strip().lower()
            s += m.end()
            raw = raw[m.end():]
        raw = raw.rstrip(" ,-'’")
        e = s + len(raw)
        if not raw or (spacy and not raw[:1].isupper()):
            return None
        if raw[:1].isupper() and not vetoed(s, e):
            hit = self._whole_entity(raw, lead, s, e, text, gaz, spacy)
            if hit is not None:
                return hit
        if not spacy:
            # "Marche sur Washington", "Université de Kaboul": the place after a preposition
            inner = re.search(r"(?:\s(?:de|du|des|sur|à|en)\s|\sd['’]|\sl['’])"
                              r"([A-ZÀ-Ý][\w’'-]*(?:[ -][A-ZÀ-Ý][\w’'-]*)*)$", raw)
            if inner:
                ns, ne = s + inner.start(1), s + inner.end(1)
                cands = self._gazetteer_only(gaz.lookup(inner.group(1)))
                if cands and not vetoed(ns, ne):
                    return _Mention(ns, ne, text[ns:ne], cands=cands, source="nested")
        return None

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
        elif c.kind == "city":                 # curated districts: named on purpose
            score = 7.0 if c.form <= 1 else 5.0
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
        named = sum(1 for a in anchors if a.kind == "admin" and a.country == c.country
                    and a.admin1 == c.admin1) if c.kind == "city" and c.admin1 else 0
        if named:                 # a town of a state the article names (the more, the better)
            most = max(sum(1 for a in anchors if a.kind == "admin" and a.id == b.id)
                       for b in anchors if b.kind == "admin")
            score += 1.0 + 1.5 * named / most
            rule = "in-named-admin" if rule in ("prominence", "article-country") else rule
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
        for m in mentions:          # a name that is some place's own name beats alternates
            if any(c.form <= 1 for c in m.cands) and any(c.form > 1 for c in m.cands):
                m.cands = tuple(c for c in m.cands if c.form <= 1) + tuple(
                    c for c in m.cands if c.form > 1 and c.population >= 100000)
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
    @staticmethod
    def _city_near(m: _Mention, mentions, sentences) -> Entry | None:
        """The city named closest to `m` in its sentence ("prison de Kober, à Khartoum")."""
        sent = next(((a, b) for a, b in sentences if a <= m.start < b), (m.start, m.end))
        near = [(abs(o.start - m.start), o.chosen) for o in mentions
                if o is not m and o.chosen is not None and o.chosen.kind == "city"
                and o.hint != "district" and sent[0] <= o.start < sent[1]]
        return min(near, key=lambda x: x[0])[1] if near else None

    def _places(self, mentions, text, gaz, cues, demonyms, country_cues,
                sentences) -> tuple[Place, ...]:
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
                anchor = e if (e is not None and m.hint == "feature") else (
                    self._city_near(m, mentions, sentences) or main_city)
                if anchor is None:
                    continue
                head = normalize(text[m.start:m.end]).split()[0]
                add(("feature", head, anchor.id), m, entry=anchor,
                    kind="feature", name=text[m.start:m.end],
                    rule="feature-in-named-place" if anchor is e else "feature-in-main-city",
                    precision=1 if anchor is e else 2, n=len(m.cands))
                continue
            if m.hint == "district" and e is None:
                city = self._city_near(m, mentions, sentences) or main_city
                if city is None:
                    continue
                add(("district", normalize(m.text)), m, entry=city, kind="city",
                    name=f"{m.text}, {city.name}", rule="district-of-named-city",
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
