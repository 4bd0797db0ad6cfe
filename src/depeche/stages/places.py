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

from spacy.lang.fr.stop_words import STOP_WORDS

from ..gazetteer import Entry, distance_km, normalize
from .base import ArticleState, Option, Stage
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
    article: str | None = None       # the article written before the name ("la Savannah")
    chosen: Entry | None = None
    rule: str = ""
    scores: list = field(default_factory=list)


class PlacesStage(Stage):
    name = "places"
    version = 1
    requires = ("doc",)
    # main_place: the place the article is about (events without a place of their own
    # take it)
    provides = ("places", "main_place")
    options = (
        Option("gazetteer_path", "", "where the GeoNames index is built "
                                     "(empty: the user's cache folder)"),
        Option("min_population", 15000, "minimum population for a city of the gazetteer "
                                        "to be recognised without spaCy's help"),
    )

    def __init__(self, settings, resources):
        super().__init__(settings, resources)
        self.min_population = self.settings["min_population"]

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
        mentions = self._recognise(doc, text, gaz, cues, demonyms,
                                   getattr(state.article, "title", None) or "")
        if not mentions:
            return {"places": (), "main_place": None}
        country_cues = self._country_cues(doc, mentions, demonyms)
        self._resolve(mentions, text, country_cues, gaz)
        sentences = [(x.start_char, x.end_char) for x in doc.sents]
        places = tuple(self._places(mentions, text, gaz, cues, demonyms, country_cues,
                                    sentences))
        title = state.article.title
        return {"places": places,
                "main_place": main_place(places, title, title_countries(title, gaz))}

    # ------------------------------------------------------------ recognition
    def _speech_lemmas(self) -> set[str]:
        try:
            return set(self.resources.lexicons.get("speech_verbs")["verbs"]["lemmas"])
        except Exception:                       # pragma: no cover - lexicon missing
            return set()

    @staticmethod
    def _thing_names(text: str, title: str, cues: dict) -> set[str]:
        """Keys of the names the article gives to storms, ships, operations, shows...
        ("l'ouragan Sandy"): none of their uses is a place."""
        words = "|".join(re.escape(w) for w in cues["context"].get("names_things", ()))
        if not words:
            return set()
        rx = re.compile(rf"(?i:\b(?:{words}))(?:\s+[a-zà-ÿ-]+(?:ier|ière|al|ale|ent|ente|eur|rice|ant|"
                        rf"ante|é|ée|aire|ique|elle|eau))?\s+[«\"“]?\s*"
                        rf"([A-ZÀ-Ý][\w’'-]+(?:\s[A-ZÀ-Ý][\w’'-]+)?)")
        return {normalize(m.group(1)) for src in (text, title or "") for m in rx.finditer(src)}

    @staticmethod
    def _media_spans(text: str, cues: dict) -> list[tuple[int, int]]:
        out = []
        for name in cues["context"].get("media", ()):
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                before = text[:m.start()].rstrip()
                if before and before[-1] not in ".!?\n»\"":
                    out.append((m.start(), m.end()))
        return out

    def _recognise(self, doc, text, gaz, cues, demonyms, title="") -> list[_Mention]:
        heads = {k: {normalize(w) for w in v} for k, v in cues["heads"].items()
                 if k != "adjectives"}
        titles = {normalize(w) for w in cues["person"]["titles"]}
        not_places = {normalize(w) for w in cues["person"]["not_places"]}
        not_after = {normalize(w) for w in cues["context"]["not_after"]}
        direct = {normalize(w) for w in cues["context"].get("not_after_direct", ())}
        direct |= {normalize(w) for w in cues["heads"]["institution"]}
        things = self._thing_names(text, title, cues)
        media = self._media_spans(text, cues)
        speech = self._speech_lemmas()
        out: list[_Mention] = []
        taken: list[tuple[int, int]] = []

        def overlaps(s, e):
            return any(s < b and a < e for a, b in taken)

        def keep(m: _Mention | None) -> None:
            if m is not None and not overlaps(m.start, m.end):
                out.append(m)
                taken.append((m.start, m.end))

        def person_or_title(s: int, e: int) -> bool:
            """Cues from the words around: a quoted short title ("Boom"), the inverted
            subject of a verb of saying ("», ajoute Hassan"), an age ("Salem, 51 ans")."""
            if re.match(r"\s*,\s*(?:âgée?s?\s+de\s+)?\d{1,3}\s+ans\b", text[e:e + 20]):
                return True
            op = re.search(r"[«\"“]\s*((?:[\w’'()-]+\s+){0,2})$", text[max(0, s - 30):s])
            cl = re.match(r"((?:\s+[\w’'()-]+){0,2})\s*[»\"”]", text[e:e + 30])
            if op and cl and len(op.group(1).split()) + len(cl.group(1).split()) <= 2 and not (
                    op.group(1).split()[-1:] and normalize(op.group(1).split()[-1]) in (
                        "de", "du", "d", "a", "au", "aux", "sur", "en", "vers", "pour")):
                return True              # a short quoted title, not "Marche sur Washington"
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or span.start == 0:
                return False
            prev = doc[span.start - 1]
            if prev.pos_ in ("VERB", "AUX") and not prev.is_sent_start:
                if prev.lemma_ in speech and span.start >= 2 and (
                        doc[span.start - 2].is_punct or doc[span.start - 2].pos_ == "AUX"):
                    return True                 # "», ajoute Hassan", "», a dit Maggie"
                k = span.start - 2
                if k >= 1 and doc[k].text == "," and doc[k - 1].text in ("»", '"', "”"):
                    return True                 # "», apprécie Zishan"
            return False

        def vetoed(s: int, e: int) -> bool:
            """A person's name, a media or storm name, an organisation: not a place."""
            key = normalize(text[s:e])
            if key in not_places or key in demonyms or len(key) < 3 or key in things:
                return True
            if any(a <= s and e <= b for a, b in media):
                return True
            if " " not in key and text[s:e].lower() in STOP_WORDS:   # "Quel(le) engagé(e)"
                return True
            if re.match(r"\s+\d", text[e:e + 3]):            # "Europe 1", "France 24"
                return True
            before = re.findall(r"[\w.’'-]+", text[max(0, s - 60):s])
            # adjectives between a head and its name: "la multinationale américaine Monsanto"
            def wkey(w: str) -> str:
                return (normalize(w).split() or [""])[-1]
            while len(before) > 1 and before[-1][:1].islower() and not re.search(
                    r"['’]", before[-1]) and (
                    wkey(before[-1]) in demonyms or before[-1].endswith(
                        ("ienne", "ien", "aise", "ais", "ique", "aine", "ain", "eux", "euse",
                         "aire", "iste", "ale", "al", "elle", "if", "ive", "é", "ée"))) and (
                    wkey(before[-1]) not in not_after | direct):
                before.pop()
            if before and wkey(before[-1]) in direct:
                return True
            before = [w for w in before if normalize(w) not in ("de", "d", "du", "des", "la",
                                                                  "le", "l", "les")][-1:]
            if before and (normalize(before[0]) in titles or before[0] in ("M.", "Mme", "Dr")
                           or normalize(before[0]) in not_after):
                return True
            return person_or_title(s, e)

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
        # 3. names spaCy missed: capitalised runs the gazetteer knows (a run may cross a
        # sentence boundary the parser put inside a name: "à New | York")
        ent_spans = [(e.start_char, e.end_char) for e in doc.ents]
        lower_words = {t.lower_ for t in doc if t.text.islower()}
        starts = {sent.start for sent in doc.sents}
        i = 0
        while i < len(doc):
            t = doc[i]
            if not t.text[:1].isupper() or (i in starts and t.pos_ != "PROPN") or (
                    i > 0 and doc[i - 1].text[:1].isupper() and not doc[i - 1].is_punct
                    and "\n" not in doc[i - 1].whitespace_) or (
                    i > 0 and doc[i - 1].text in ("-", "–") and not doc[i - 1].whitespace_):
                i += 1
                continue
            found = None
            for n in (4, 3, 2, 1):
                if i + n > len(doc):
                    continue
                span = doc[i:i + n]
                if any(x.is_punct or "\n" in x.whitespace_ for x in span[:-1]) or any(
                        x.i in starts and not (x.text[:1].isupper() and doc[x.i - 1].text[:1]
                                                .isupper()) for x in span[1:]):
                    continue
                if not span[-1].text[:1].isupper() or (
                        i + n < len(doc) and doc[i + n].text in ("-", "–")
                        and not span[-1].whitespace_):
                    continue
                if i + n < len(doc) and doc[i + n].text[:1].isupper() and not (
                        doc[i + n].is_punct or "\n" in span[-1].whitespace_):
                    continue            # part of a longer name: "Aung San Suu Kyi"
                s, e = span.start_char, span.end_char
                if overlaps(s, e) or any(s < b and a < e for a, b in ent_spans):
                    continue
                if vetoed(s, e) or (n == 1 and (t.pos_ != "PROPN" or t.lower_ in lower_words
                                                or t.text.isupper())):
                    continue
                cands = self._gazetteer_only(gaz.lookup(span.text), multiword=n > 1)
                if cands:
                    found = _Mention(s, e, span.text, cands=cands, source="gazetteer")
                    break
            if found:
                keep(found)
                i += n
            else:
                i += 1
        out.sort(key=lambda m: m.start)
        for m in out:
            art = re.search(r"(?:^|[^\w’'])(le|la|les|l['’]|du|des|au|aux)\s*$",
                            text[max(0, m.start - 5):m.start], re.I)
            if art and m.hint is None and m.text[:1].isupper():
                a = art.group(1).lower()
                m.article = ARTICLE_OF.get(a, "l" if a.startswith("l'") or a.startswith("l’")
                                           else a)
        return out

    def _gazetteer_only(self, cands: tuple[Entry, ...], multiword=False) -> tuple[Entry, ...]:
        """The entries a name alone may stand for without spaCy's help (and, when
        `multiword`, the other names of big cities: "New York", "attentats de Bruxelles")."""
        return tuple(c for c in cands if (c.form <= 1 and (
            c.kind != "city" or c.population >= self.min_population
            or c.source.startswith("depeche:"))) or (
                c.kind == "city" and c.population >= 500000 and multiword))

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
                r"(?:(?:\s|-)(?:(?:al|el|de|du|des|la|le|sur|et)\s)?[A-ZÀ-ÝŒ][\w’'-]*)*")
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
        if re.search(r"(?:^|\s)(?:La|Le|Les)\s+$", text[max(0, ns - 5):ns]):
            art = re.search(r"(La|Le|Les)\s+$", text[max(0, ns - 5):ns])
            if gaz.lookup(f"{art.group(1)} {inner}"):      # "l'Etat de La Guaira"
                ns -= len(art.group(0))
                inner = text[ns:ne]
        if (vetoed(ns, ne) and kind != "feature") or (inner.isupper() and len(inner) <= 6):
            return None
        head = normalize(text[hs:he])
        if kind == "feature":
            return self._feature(text, gaz, heads, head, hs, he, ns, ne, inner)
        cands = gaz.lookup(inner)
        if kind == "district":
            return _Mention(ns, ne, inner, cands=cands, source="head", hint="district")
        if not cands:
            return None
        if kind == "institution":
            if head in heads.get("named_institution", ()):   # "l'université de Yale"
                cands = self._gazetteer_only(cands)
                if not cands:
                    return None
            return _Mention(ns, ne, inner, cands=cands, source="nested")
        return _Mention(ns, ne, inner, cands=cands, source="head", hint=kind)

    def _feature(self, text, gaz, heads, head, hs, he, ns, ne, inner) -> _Mention | None:
        """A feature '<head> (de) X': a gazetteer feature; a town named with its head
        ("l'île Rousse"); else a feature at the place X names ("le pont Mathilde de Rouen"
        lies in Rouen, "la base de Pensacola en Floride" in Pensacola)."""
        whole = text[hs:ne]
        full = tuple(c for c in gaz.lookup(whole) if c.kind != "country")
        if full:
            feats = tuple(c for c in full if c.kind == "feature")
            if feats:
                return _Mention(hs, ne, whole, cands=feats, source="head", hint="feature")
            return _Mention(hs, ne, whole, cands=full, source="head")
        glued = not re.search(r"\s(?:de|du|des|d['’]|de\s+la|de\s+l['’])\s*$",
                              text[he:ns] + " ", re.I) and text[he:ns].strip() == ""
        if glued and re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ]+(?:ienne|ien|aise|ais|ique|aine|ain|oise|"
                                  r"ois|ale|al|ienne)s?", inner) and not gaz.lookup(inner):
            return None                                 # "la base Finistérienne"
        # the name proper, and the place that holds it: "X en <admin>", "X de <city>"
        name = re.split(r"\s+(?:en|au|aux|à)\s+", inner)[0]
        holder = None
        parts = re.split(r"\s+(?:de\s+la|de\s+l['’]|de|du|des|d['’])\s*", name)
        if len(parts) > 1:
            holder = parts[-1]
        saint = re.match(r"(?:Saint|Sainte|Saints|Notre)[\s-]", name) is not None
        natural = head in heads.get("natural", ())
        if head in heads["street"] or (saint and not natural):
            hit = gaz.lookup(holder) if holder else ()
            return _Mention(hs, ne, whole, cands=tuple(c for c in hit if c.kind != "country"),
                            source="head", hint="feature" if hit else "street")
        target = holder or name
        cands = tuple(c for c in gaz.lookup(target) if c.kind != "country")
        if not cands and holder:
            cands = tuple(c for c in gaz.lookup(name) if c.kind != "country")
        if not cands and natural:
            # an island or a mountain we cannot place: near a town of its sentence ("au mont
            # Maudit, près de Chamonix"), never at the article's main city
            return _Mention(hs, ne, whole, source="head", hint="natural")
        own = tuple(c for c in cands if c.kind == "feature")
        return _Mention(hs, ne, whole, cands=own or cands, source="head", hint="feature")

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
        if raw.endswith(")") and "(" not in raw:            # "Lyon (Rhône)": spaCy took ")"
            raw = raw[:-1].rstrip()
        e = s + len(raw)
        if not raw or (spacy and not raw[:1].isupper()):
            return None
        if raw[:1].isupper() and not vetoed(s, e):
            hit = self._whole_entity(raw, lead, s, e, text, gaz, spacy)
            if hit is not None:
                return hit
        # "Marche sur Washington", "Université de Kaboul", "Sao Joao de Porto": the
        # place after a preposition
        inner = re.search(r"(?:\s(?:de|du|des|sur|à|en)\s|\sd['’]|\sl['’])"
                          r"([A-ZÀ-Ý][\w’'-]*(?:[ -][A-ZÀ-Ý][\w’'-]*)*)$", raw)
        if inner:
            ns, ne = s + inner.start(1), s + inner.end(1)
            cands = self._gazetteer_only(gaz.lookup(inner.group(1)), multiword=True)
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

    def _score(self, m: _Mention, c: Entry, country_cues, container, anchors,
               anchor_at=None) -> tuple[float, str]:
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
        # context bonuses (a named state, places nearby) choose among comparable towns; they
        # weigh half for a small town against a far bigger homonym ("Rome" in an article
        # naming New York is still Rome, Italy), unless a container says so
        top_pop = max((k.population for k in m.cands), default=0)
        damp = 0.5 if (c.kind == "city" and top_pop >= 30 * max(c.population, 1)
                       and rule != "container") else 1.0
        own = {k.id for k in m.cands}
        named_at = [a for a in anchors if a.kind == "admin" and a.country == c.country
                    and a.admin1 == c.admin1 and a.id not in own] \
            if c.kind == "city" and c.admin1 else []
        if named_at:              # a town of a state the article names (the more, the better)
            most = max(sum(1 for a in anchors if a.kind == "admin" and a.id == b.id)
                       for b in anchors if b.kind == "admin")
            bonus = 1.0 + 1.5 * len(named_at) / most
            if anchor_at is not None and not any(
                    abs(p - m.start) < 500 for a in named_at for p in anchor_at.get(a.id, ())):
                bonus *= 0.5      # the state is named far from the town
            score += bonus * damp
            rule = "in-named-admin" if rule in ("prominence", "article-country") else rule
        if anchors and c.kind in ("city", "feature", "admin"):
            near = min((distance_km(c.lat, c.lon, a.lat, a.lon) for a in anchors
                        if a is not c and a.kind != "country" and a.country is not None
                        and a.id not in own), default=1e9)
            if near < 300:
                score += 1.5 * damp
                rule = "nearby" if rule == "prominence" else rule
            elif near < 1000:
                score += 0.5 * damp
        return score, rule

    def _resolve(self, mentions: list[_Mention], text: str, country_cues, gaz=None) -> None:
        containers = self._containers(mentions, text)
        for m in mentions:
            # a town takes no article in French unless its name has one ("le Caire", "La
            # Haye"): "la Savannah" (a house), "la Bacalar" (a car) are no towns, unless the
            # article's country says otherwise ("le Queens", "le Bronx")
            if m.article and gaz is not None and any(c.kind == "city" for c in m.cands):
                with_art = {c.id for c in gaz.lookup(f"{m.article} {m.text}")}
                own = 1 if len({c.country for c in m.cands}) == 1 else 0
                m.cands = tuple(c for c in m.cands if c.kind != "city" or c.id in with_art
                                or c.source.startswith("depeche:")
                                or country_cues.get(c.country or "", 0) > own)
        for m in mentions:          # a name that is some place's own name beats alternates,
            # unless the alternate is a far bigger town ("San Remo": Sanremo, Italy, not the
            # hamlet of Australia; "Douvres": Dover, not Douvres in the Ain)
            if any(c.form <= 1 for c in m.cands) and any(c.form > 1 for c in m.cands):
                own_pop = max((c.population for c in m.cands if c.form <= 1 and
                               c.kind == "city"), default=0)
                own_big = any(c.form <= 1 and c.kind != "city" for c in m.cands)
                m.cands = tuple(c for c in m.cands if c.form <= 1) + tuple(
                    c for c in m.cands if c.form > 1 and (c.population >= 100000 or (
                        not own_big and c.population >= 15000
                        and c.population >= 10 * own_pop)))
        anchors: list[Entry] = []
        anchor_at: dict[int, list[int]] = {}
        for pass_ in (0, 1):
            for i, m in enumerate(mentions):
                if not m.cands:
                    continue
                scored = sorted(((self._score(m, c, country_cues, containers.get(i),
                                              anchors if pass_ else (), anchor_at), c)
                                 for c in m.cands), key=lambda x: -x[0][0])
                (best, rule), entry = scored[0]
                if len(scored) == 1:
                    rule = "only-candidate"
                m.chosen, m.rule, m.scores = entry, rule, scored
            if pass_ == 0:
                sure = [m for m in mentions if m.chosen is not None and (
                    len(m.scores) == 1 or m.scores[0][0][0] - m.scores[1][0][0] > 2.0)]
                anchors = [m.chosen for m in sure]
                for m in sure:
                    anchor_at.setdefault(m.chosen.id, []).append(m.start)
            # a container resolves the mention before it: re-rank with its choice
            for i, nxt in containers.items():
                if nxt.chosen is not None:
                    nxt.cands = (nxt.chosen,) + tuple(c for c in nxt.cands if c is not nxt.chosen)

    # ------------------------------------------------------------ output
    @staticmethod
    def _city_near(m: _Mention, mentions, sentences, towns_only=False) -> Entry | None:
        """The city named closest to `m` in its sentence ("prison de Kober, à Khartoum")."""
        sent = next(((a, b) for a, b in sentences if a <= m.start < b), (m.start, m.end))
        near = [(abs(o.start - m.start), o.chosen) for o in mentions
                if o is not m and o.chosen is not None and o.chosen.kind == "city"
                and o.hint != "district" and sent[0] <= o.start < sent[1]
                and not (towns_only and o.hint is not None)]
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
        natural_at: dict[str, Entry] = {}     # an unknown mountain: the town of one mention
        for m in mentions:
            if m.hint == "natural" and normalize(m.text) not in natural_at:
                city = self._city_near(m, mentions, sentences, towns_only=True)
                if city is not None:
                    natural_at[normalize(m.text)] = city

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
            if m.hint == "natural":
                city = natural_at.get(normalize(m.text))
                if city is not None:
                    add(("natural", normalize(m.text)), m, entry=city, kind="feature",
                        name=m.text, rule="feature-near-named-town", precision=2, n=0)
                continue
            if m.hint == "district" and e is not None and e.kind == "city":
                # a district lies in its city: a homonym far from it is not the one meant
                city = self._city_near(m, mentions, sentences) or main_city
                if city is not None and city.id != e.id and e.population < 50000 and (
                        city.country != e.country
                        or distance_km(e.lat, e.lon, city.lat, city.lon) > 300):
                    e = None      # "le quartier huppé de Lavington" (Nairobi), not Australia
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


# --- the place an article is about -----------------------------------------------------

_APOS = str.maketrans({"’": "'", "‘": "'"})


def _norm(text: str) -> str:
    return text.lower().translate(_APOS)


def title_countries(title: str | None, gaz) -> set[str]:
    """Countries the title names in its lead ("Grèce : ...", "Afghanistan: ..."):
    the topic of the story even when the body names only its towns."""
    if not title or ":" not in title:
        return set()
    lead = title.split(":", 1)[0]
    lead = re.sub(r"^\s*(?:VIDÉO|VIDEO|PHOTOS?|DIRECT|INFO\b[^.]*|EXCLUSIF)\.?\s*", "",
                  lead, flags=re.I).strip(" .«»\"")
    if not lead or len(lead.split()) > 4:
        return set()
    return {e.country for e in gaz.lookup(lead) if e.kind == "country" and e.country}


def main_place(places: tuple[Place, ...], title: str | None,
               countries: set[str]) -> Place | None:
    """The place the article is about: one its title names, else one of the country
    its title leads with (`countries`), else the most named place of the most named
    country."""
    if not places:
        return None
    t = _norm(title or "")
    weight: dict[str | None, int] = {}
    for p in places:
        if p.country:
            weight[p.country] = weight.get(p.country, 0) + len(p.mentions or (p,))

    def rank(p: Place):
        in_title = bool(t) and any(
            re.search(r"(?<!\w)" + re.escape(_norm(m.text)) + r"(?!\w)", t)
            for m in (p.mentions or (p,)))
        return (not in_title, p.country not in countries, -weight.get(p.country, 0),
                -len(p.mentions or (p,)), p.start)
    return min(places, key=rank)
