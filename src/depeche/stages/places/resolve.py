"""Resolution: each name's candidates are narrowed (a town takes no article, a place's
own name beats alternates) and scored (see `score`), twice: the second pass scores
against the places the first pass found unambiguous. The winning reason is the rule."""
from __future__ import annotations

import re
from collections import Counter

from ...gazetteer import Entry, normalize
from .context import PlaceContext, Toponym
from .score import Question, score

ONLY_CANDIDATE = "only-candidate"
SURE_MARGIN = 2.0


def country_cues(ctx: PlaceContext, mentions: list[Toponym]) -> dict[str, float]:
    """How strongly the article points at each country: named countries count 2,
    unambiguous places 1, demonyms ("syrien") 1 each (capped)."""
    cues: dict[str, float] = {}
    for m in mentions:
        kinds = {(c.kind, c.country) for c in m.cands if c.form <= 1}
        countries = {c.country for c in m.cands}
        cc = next(iter(countries)) if len(countries) == 1 else None
        if cc is not None:      # all its candidates in one country (a country has its code)
            cues[cc] = cues.get(cc, 0) + (2 if any(k == "country" for k, _ in kinds) else 1)
    demonyms = ctx.lex.demonyms
    # each word once, with its count: adding 1 per use up to 6 is adding them all, capped
    for w, k in Counter(w for w in ctx.words if w[:1].islower()).items():
        cc = demonyms.get(normalize(w))
        if cc:
            cues[cc] = min(cues.get(cc, 0) + k, 6)
    return cues


def containers(ctx: PlaceContext, mentions: list[Toponym]) -> dict[int, Toponym]:
    """m -> the mention right after it that contains it: "Paris, au Texas" (never across
    a sentence's end: "à Berne. Aux Etats-Unis")."""
    glue, openers = ctx.lex.container_glue, ctx.lex.container_openers
    out = {}
    for i, m in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        gap = ctx.text[m.end:nxt.start]
        words = re.findall(r"[\w'’]+|[,(\-–]", gap.lower())
        if len(gap) < 25 and not re.search(r"[.!?;:]", gap) and words and all(
                w in glue for w in words) and (
                "," in words or "(" in words or words[0] in openers):
            out[i] = nxt
    return out


def drop_articled_towns(ctx: PlaceContext, m: Toponym, cues: dict[str, float]) -> None:
    """A town takes no article in French unless its name has one ("le Caire", "La
    Haye"): "la Savannah" (a house), "la Bacalar" (a car) are no towns, unless the
    article's country says otherwise ("le Queens", "le Bronx")."""
    if m.article and ctx.gaz is not None and any(c.kind == "city" for c in m.cands):
        with_art = {c.id for c in ctx.gaz.lookup(f"{m.article} {m.text}")}
        own = 1 if len({c.country for c in m.cands}) == 1 else 0
        m.cands = tuple(c for c in m.cands if c.kind != "city" or c.id in with_art
                        or c.source.startswith("depeche:")
                        or cues.get(c.country or "", 0) > own)


def prefer_own_names(m: Toponym) -> None:
    """A name that is some place's own name beats alternates, unless the alternate is a
    far bigger town ("San Remo": Sanremo, Italy, not the hamlet of Australia;
    "Douvres": Dover, not Douvres in the Ain)."""
    if any(c.form <= 1 for c in m.cands) and any(c.form > 1 for c in m.cands):
        own_pop = max((c.population for c in m.cands if c.form <= 1 and
                       c.kind == "city"), default=0)
        own_big = any(c.form <= 1 and c.kind != "city" for c in m.cands)
        m.cands = tuple(c for c in m.cands if c.form <= 1) + tuple(
            c for c in m.cands if c.form > 1 and (c.population >= 100000 or (
                not own_big and c.population >= 15000
                and c.population >= 10 * own_pop)))


def choose(m: Toponym, q: Question) -> None:
    """Score every candidate of `m` (`q` asked of each in turn) and keep the best."""
    scored = sorted(((score(q._replace(c=c)), c) for c in m.cands), key=lambda x: -x[0][0])
    (best, rule), entry = scored[0]
    if len(scored) == 1:
        rule = ONLY_CANDIDATE
    m.chosen, m.rule, m.scores = entry, rule, scored


def resolve(ctx: PlaceContext, mentions: list[Toponym], cues: dict[str, float]) -> None:
    """Choose each mention's place (`chosen`, `rule`, `scores`)."""
    boxes = containers(ctx, mentions)
    for m in mentions:
        drop_articled_towns(ctx, m, cues)
    for m in mentions:
        prefer_own_names(m)
    anchors: list[Entry] = []
    anchor_at: dict[int, list[int]] = {}
    for pass_ in (0, 1):
        for i, m in enumerate(mentions):
            if m.cands:
                choose(m, Question(m, m.cands[0], cues, boxes.get(i), anchors if pass_ else (),
                                   anchor_at))
        if pass_ == 0:
            for m in mentions:
                if m.chosen is None:
                    continue
                if len(m.scores) == 1 or m.scores[0][0][0] - m.scores[1][0][0] > SURE_MARGIN:
                    anchors.append(m.chosen)
                    anchor_at.setdefault(m.chosen.id, []).append(m.start)
        # a container resolves the mention before it: re-rank with its choice
        for nxt in boxes.values():
            if nxt.chosen is not None:
                nxt.cands = (nxt.chosen,) + tuple(c for c in nxt.cands if c is not nxt.chosen)
