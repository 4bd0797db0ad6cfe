"""Recognition: the names of the article that may be places, each with its gazetteer
candidates. Three sources, in this order (a name taken once is not taken again):

1. names after a head noun ("province de X", see `headed`);
2. spaCy's LOC/GPE entities, and the places nested in ORG/MISC names ("l'université
   d'Alep");
3. capitalised runs spaCy missed that the gazetteer knows (countries, regions, towns
   above `min_population`);
4. the curated names written in lower case ("mer Rouge", "tour Eiffel", "région
   parisienne"), which spaCy misses or which its entities drop for their case;
   names glued to the next sentence ("de Washington.Elu"); towns spaCy takes for
   people after an event noun ("la tuerie de Chevaline");
5. towns of any size named with their container in brackets ("Générac (Gard)",
   `contained`).
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.attrs import IDX, IS_PUNCT, POS, SPACY
from spacy.symbols import PROPN

from ...gazetteer import curated_lowercase_names, normalize
from .contained import contained_towns
from .context import PlaceContext, Toponym
from .headed import head_matches, headed
from .vetoes import vetoed

ENTITY_LABELS = ("LOC", "GPE", "ORG", "MISC")
PLACE_LABELS = ("LOC", "GPE")
DASHES = ("-", "–")
GLUED_MIN = 100000
COMMON_MIN = 100000      # a town named by a common word must be big to be meant
GLUED = re.compile(r"(?<![\w.’'-])([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)*)\.(?=[A-ZÀ-Ý][a-zà-ÿ])")


class Taken:
    """The names kept so far; a name overlapping one of them is not kept."""

    def __init__(self) -> None:
        self.out: list[Toponym] = []
        self.spans: list[tuple[int, int]] = []

    def overlaps(self, s: int, e: int) -> bool:
        return any(s < b and a < e for a, b in self.spans)

    def keep(self, m: Toponym | None) -> None:
        if m is not None and not self.overlaps(m.start, m.end):
            self.out.append(m)
            self.spans.append((m.start, m.end))


def recognise(ctx: PlaceContext) -> list[Toponym]:
    """The names of the article that may be places, in text order."""
    taken = Taken()
    for h in head_matches(ctx):
        taken.keep(headed(ctx, h))
    for ent in ctx.doc.ents:
        if ent.label_ in ENTITY_LABELS:
            taken.keep(from_entity(ctx, ent, spacy=ent.label_ in PLACE_LABELS))
        elif ent.label_ == "PER":
            taken.keep(event_place(ctx, ent))
    gazetteer_runs(ctx, taken)
    contained_towns(ctx, taken)
    glued_names(ctx, taken)
    lowercase_names(ctx, taken)
    out = sorted(taken.out, key=lambda m: m.start)
    for m in out:
        m.article = article_before(ctx, m)
    return out


def article_before(ctx: PlaceContext, m: Toponym) -> str | None:
    """The article written right before a name ("la Savannah", "au Queens" -> "le")."""
    a = _written_article(ctx, m.start)
    if not (a and m.hint is None and m.text[:1].isupper()):
        return m.article
    return ctx.lex.contracted.get(a, a.rstrip("'’"))


def _written_article(ctx: PlaceContext, s: int) -> str | None:
    """The article (or contraction) written right before offset `s`, lower-cased."""
    art = ctx.lex.article_before.search(ctx.text[max(0, s - 5):s])
    return art.group(1).lower() if art else None


# ---------------------------------------------------------------- spaCy's entities
def from_entity(ctx: PlaceContext, ent, spacy: bool) -> Toponym | None:
    """The place an entity names: itself (LOC), or a known place nested in an ORG."""
    text = ctx.text
    s, e = ent.start_char, ent.end_char
    raw = text[s:e]
    cut = re.search(r"[.!?;:»«\"(]\s*\S|\n", raw)   # "l'ONU.Une": glued sentences
    if cut:
        raw = raw[:cut.start()]
    m = ctx.lex.leading.match(raw)
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
    if raw[:1].isupper() and not vetoed(ctx, s, e):
        hit = whole_entity(ctx, raw, lead, s, e, spacy)
        if hit is not None:
            return hit
    if normalize(raw) in ctx.lex.not_places:          # "le Quai d'Orsay": no Orsay
        return None
    return nested_place(ctx, raw, s)


def nested_place(ctx: PlaceContext, raw: str, s: int) -> Toponym | None:
    """"Marche sur Washington", "Université de Kaboul", "Sao Joao de Porto": the place
    after a preposition."""
    inner = ctx.lex.nested.search(raw)
    if inner:
        ns, ne = s + inner.start(1), s + inner.end(1)
        cands = ctx.gazetteer_only(with_article(ctx, inner.group(1), ns), multiword=True)
        if cands and not vetoed(ctx, ns, ne):
            return Toponym(ns, ne, ctx.text[ns:ne], cands=cands, source="nested")
    return None


def whole_entity(ctx: PlaceContext, raw: str, lead: str, s: int, e: int,
                 spacy: bool) -> Toponym | None:
    """The entity's text itself as a place name (with its article when it has one)."""
    text, gaz, lex = ctx.text, ctx.gaz, ctx.lex
    source = "spacy" if spacy else "nested"
    if lead in lex.articles and text[s - len(lead) - 1:s - 1] in lex.capital_articles:
        whole = gaz.lookup(text[s - len(lead) - 1:e])     # "La Haye", "Le Havre"
        if whole:
            return Toponym(s - len(lead) - 1, e, text[s - len(lead) - 1:e], cands=whole,
                           source=source)
    nxt = re.match(r"[ -]([A-ZÀ-Ýa-zéèêëàâîïôûüç][\w’'-]*)", text[e:e + 40])
    if nxt:                       # "Alpes françaises", "Nea Plagia" (spaCy cut short)
        longer = gaz.lookup(raw + " " + nxt.group(1))
        if longer:
            return Toponym(s, e + nxt.end(), text[s:e + nxt.end()], cands=longer, source=source)
    variants = [raw]
    last = lead.split()[-1:]
    art = lex.contracted.get(last[0] if last else "")
    if art:
        variants.insert(0, f"{art} {raw}")
    elif not lead and (outside := outside_article(ctx, s)):   # "au Mans" (spaCy: "Mans")
        variants.append(f"{outside} {raw}")
    elif last and last[0] in lex.articles:
        variants.append(f"{last[0]} {raw}")
    if not lead and "-" in raw and not any(gaz.lookup(v) for v in variants):
        # a town whose name has an article, written without it: "Blanc-Mesnil"
        variants += [f"{art} {raw}" for art in sorted(lex.articles)]
    common = _common_word(ctx, s, e)
    for v in variants:
        cands = tuple(c for c in gaz.lookup(v) if c.form <= 1 or c.population >= 1000)
        if raw.isupper() or not spacy:       # acronyms, names inside organisations
            cands = ctx.gazetteer_only(cands)
            if raw.isupper():
                cands = tuple(c for c in cands if c.kind != "city")
        if common:
            cands = tuple(c for c in cands if c.kind != "city" or c.population >= COMMON_MIN)
        if cands:
            return Toponym(s, e, text[s:e], cands=cands, source=source)
    return None


def _common_word(ctx: PlaceContext, s: int, e: int) -> bool:
    """A one-word "place" opening a sentence or a title, that the parse reads as a common
    noun or adjective: "Grève à la RATP", "Feria dans le Gard", "- Lieux de culte -"
    (a town inside a sentence may be tagged so too: "à Aubagne")."""
    span = ctx.doc.char_span(s, e, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    t = span[0]
    opening = t.i == t.sent.start or (t.i > 0 and t.nbor(-1).is_punct and not t.nbor(-1).is_quote)
    return opening and t.pos_ in ("NOUN", "ADJ") and t.lemma_.islower() and "-" not in t.text


def with_article(ctx: PlaceContext, name: str, s: int):
    """The gazetteer's candidates for `name`; for a name it does not know alone, read
    with the article a contraction before it holds ("du Mans": Le Mans, "aux Lilas": Les
    Lilas; but "des Landes" stays the département)."""
    cands = ctx.gaz.lookup(name)
    art = outside_article(ctx, s)
    if art and not any(c.form == 0 for c in cands):
        return ctx.gaz.lookup(f"{art} {name}") or cands
    return cands


def outside_article(ctx: PlaceContext, s: int) -> str | None:
    """The article a contraction right before offset `s` holds ("du" -> "le")."""
    return ctx.lex.contracted.get(_written_article(ctx, s) or "")


def event_place(ctx: PlaceContext, ent) -> Toponym | None:
    """A one-word "person" after an event noun, that the gazetteer knows as a town:
    "la tuerie de Chevaline", "les violences policières de Ferguson"."""
    s, e = ent.start_char, ent.end_char
    if " " in ent.text or not ctx.lex.heads.event_before.search(ctx.text[max(0, s - 60):s]):
        return None
    cands = tuple(c for c in ctx.gaz.lookup(ent.text) if c.form == 0 and c.kind == "city")
    if not cands or vetoed(ctx, s, e) or any(         # "Trayvon Martin" elsewhere
            x.label_ == "PER" and len(x) > 1 and x[-1].text == ent.text for x in ctx.doc.ents):
        return None
    return Toponym(s, e, ent.text, cands=cands, source="spacy")


def glued_names(ctx: PlaceContext, taken: Taken) -> None:
    """A name glued to the next sentence ("sur intervention de Washington.Elu
    président..."), which the tokenizer keeps in one word: after a lower-case word, a
    country, a region or a big town only."""
    for mt in GLUED.finditer(ctx.text):
        s, e = mt.span(1)
        if taken.overlaps(s, e) or vetoed(ctx, s, e):
            continue
        before = ctx.text[max(0, s - 30):s].split()[-1:]
        if not before or not before[0][:1].islower():      # "Anne Hidalgo.La maire"
            continue
        cands = tuple(c for c in ctx.gazetteer_only(ctx.gaz.lookup(mt.group(1)))
                      if c.kind != "city" or c.capital or c.population >= GLUED_MIN)
        if cands:
            taken.keep(Toponym(s, e, mt.group(1), cands=cands, source="gazetteer"))


# ---------------------------------------------------------------- names spaCy missed
def gazetteer_runs(ctx: PlaceContext, taken: Taken) -> None:
    """Names spaCy missed: capitalised runs the gazetteer knows (a run may cross a
    sentence boundary the parser put inside a name: "à New | York")."""
    runs = Runs(ctx, taken)
    i, size = 0, len(ctx.words)
    while i < size:
        if not runs.may_start(i):
            i += 1
            continue
        found = None
        for n in (4, 3, 2, 1):
            found = runs.name_at(i, n)
            if found is not None:
                break
        if found:
            taken.keep(found)
            i += n
        else:
            i += 1


class Runs:
    """Capitalised runs of tokens of one article, as names the gazetteer may know. The
    tokens' attributes are read once into lists: the rules below ask them many times."""

    def __init__(self, ctx: PlaceContext, taken: Taken) -> None:
        doc = ctx.doc
        self.ctx, self.doc, self.taken = ctx, doc, taken
        self.ent_spans = [(x.start_char, x.end_char) for x in doc.ents]
        self.words = words = ctx.words
        self.upper = [w[:1].isupper() for w in words]
        # spaCy's trailing whitespace is one space or none: no line break inside it
        self.idx, self.punct, pos, self.space = (
            list(col) for col in zip(*doc.to_array([IDX, IS_PUNCT, POS, SPACY]).tolist())
        ) if words else ([], [], [], [])
        self.proper = [p == PROPN for p in pos]
        self.lower_words = {w.lower() for w in words if w.islower()}
        self.starts = {sent.start for sent in doc.sents}

    def may_start(self, i: int) -> bool:
        """Token `i` may start a name (capitalised, not inside a longer one)."""
        up = self.upper
        return not (not up[i] or (i in self.starts and not self.proper[i]) or (
            i > 0 and up[i - 1] and not self.punct[i - 1]) or (
            i > 0 and self.words[i - 1] in DASHES and not self.space[i - 1]))

    def whole(self, i: int, n: int) -> bool:
        """The `n` tokens from `i` make a whole capitalised run: no punctuation or line
        break inside, not part of a longer name ("Aung San Suu Kyi")."""
        up, punct, starts = self.upper, self.punct, self.starts
        last, nxt = i + n - 1, i + n
        if any(punct[j] for j in range(i, last)) or any(
                j in starts and not (up[j] and up[j - 1]) for j in range(i + 1, nxt)):
            return False
        more = nxt < len(up)
        if not up[last] or (more and self.words[nxt] in DASHES and not self.space[last]):
            return False
        return not (more and up[nxt] and not punct[nxt])

    def name_at(self, i: int, n: int) -> Toponym | None:
        """The `n` tokens from `i` as a name the gazetteer knows, if they make one."""
        ctx = self.ctx
        if i + n > len(self.upper) or not self.whole(i, n):
            return None
        last = i + n - 1
        s, e = self.idx[i], self.idx[last] + len(self.words[last])
        if self.taken.overlaps(s, e) or any(s < b and a < e for a, b in self.ent_spans):
            return None
        if vetoed(ctx, s, e) or (n == 1 and (not self.proper[i]
                                             or self.words[i].lower() in self.lower_words
                                             or self.words[i].isupper())):
            return None
        text = self.doc[i:i + n].text
        cands = ctx.gazetteer_only(with_article(ctx, text, s), multiword=n > 1)
        if cands:
            return Toponym(s, e, text, cands=cands, source="gazetteer")
        return None


# ---------------------------------------------------------------- lower-case names
@lru_cache(maxsize=1)
def _lowercase_rx() -> re.Pattern | None:
    names = curated_lowercase_names()
    if not names:
        return None
    alts = "|".join(f"[{re.escape(n[0])}{re.escape(n[0].upper())}]"
                    + re.escape(n[1:]).replace("\\ ", r"\s+").replace("'", "['’]")
                    for n in names)
    firsts = "".join(sorted({re.escape(c) for n in names for c in (n[0], n[0].upper())}))
    return re.compile(rf"(?=[{firsts}])(?<![\w’'-])(?:{alts})(?![\w’'-])")


def lowercase_names(ctx: PlaceContext, taken: Taken) -> None:
    """The curated names written in lower case, where no other name was taken."""
    rx = _lowercase_rx()
    if rx is None or ctx.gaz is None:
        return
    for mt in rx.finditer(ctx.text):
        s, e = mt.start(), mt.end()
        if taken.overlaps(s, e) or any(a <= s and e <= b for a, b in ctx.media):
            continue
        cands = tuple(c for c in ctx.gaz.lookup(mt.group(0)) if c.form <= 1)
        if cands:
            taken.keep(Toponym(s, e, mt.group(0), cands=cands, source="gazetteer"))
