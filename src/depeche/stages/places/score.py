"""The score of one candidate of a name, and the reason that decided it.

A candidate starts from its prominence (population, capital, kind); then each reason
of `REASONS`, in order, may raise the score and name itself. A reason names the
provenance rule only over the rules it `overrides` (the head noun outranks the
article's country, a container outranks everything): the rule ids are the provenance
rules of the places layer."""
from __future__ import annotations

import math
from typing import Callable, Mapping, NamedTuple, Sequence

from ...gazetteer import Entry, distance_km
from ..base import Verdict
from .context import Toponym

KIND_BASE = {"country": 8.0, "admin": 6.0, "region": 6.5, "feature": 6.5}
PROMINENCE = "prominence"
HOME_COUNTRY = "FR"


class Question(NamedTuple):
    """What a reason may read: the name, one candidate and the article around."""
    m: Toponym
    c: Entry
    country_cues: Mapping[str, float]     # country -> how strongly the article points at it
    container: Toponym | None             # the name right after that contains this one
    anchors: Sequence[Entry]              # the article's unambiguous places
    anchor_at: Mapping[int, list[int]] | None   # anchor id -> where it is named


def base(c: Entry) -> float:
    """Prominence: population and capital for towns, the kind for the others."""
    if c.kind == "city" and not c.source.startswith("depeche:"):
        score = math.log10(c.population + 10) + (1.5 if c.capital else 0.0)
        score += 0.5 if c.form <= 1 else 0.0
    elif c.kind == "city":                 # curated districts: named on purpose
        score = 7.0 if c.form <= 1 else 5.0
    else:
        score = KIND_BASE.get(c.kind, 5.0) + (0.5 if c.form <= 1 else 0.0)
        if c.kind == "country" and c.form > 1:
            score -= 3.0
    if c.country == HOME_COUNTRY:
        score += 0.6
    return score


def head_noun(q: Question, score: float, rule: str) -> Verdict[float] | None:
    """"province de X" wants a province, "ville de X" a town."""
    if q.m.hint == "admin" and q.c.kind == "admin":
        return Verdict(score + 3.0, "head-noun")
    if q.m.hint in ("city", "district") and q.c.kind == "city":
        return Verdict(score + 2.0, "head-noun")
    return None


def article_country(q: Question, score: float, rule: str) -> Verdict[float] | None:
    """A candidate in a country the article points at."""
    cue = q.country_cues.get(q.c.country or "", 0)
    if cue:     # halved for a small town against a far bigger homonym ("Berne", Indiana)
        return Verdict(score + min(2.5, 0.8 * cue) * damping(q, rule), "article-country")
    return None


def container(q: Question, score: float, rule: str) -> Verdict[float] | None:
    """"Paris, au Texas": a candidate in the place named right after."""
    box, c = q.container, q.c
    if box is None or not box.cands:
        return None
    top = box.cands[0]
    if any(k.country == c.country for k in box.cands[:1]) and c is not top:
        score += 4.0
        if top.kind == "admin" and top.admin1 and top.admin1 == c.admin1:
            score += 2.0
        return Verdict(score, "container")
    return None


def damping(q: Question, rule: str) -> float:
    """Context bonuses (a named state, places nearby) choose among comparable towns;
    they weigh half for a small town against a far bigger homonym, a capital counting
    thrice ("Rome" in an article naming New York is still Rome, Italy; "Berne" in one
    naming the United States still Bern), unless a container says so."""
    c = q.c
    top = max((weight(k) for k in q.m.cands if k.kind == "city"), default=0)
    return 0.5 if (c.kind == "city" and not c.source.startswith("depeche:")
                   and top >= 30 * max(weight(c), 1)
                   and rule != "container") else 1.0


def weight(c: Entry) -> int:
    """A town's weight among its homonyms: its population, thrice for a capital."""
    return c.population * (3 if c.capital else 1)


def in_named_admin(q: Question, score: float, rule: str) -> Verdict[float] | None:
    """A town of a state the article names (the more often, the better)."""
    m, c, anchors = q.m, q.c, q.anchors
    own = {k.id for k in m.cands}
    named_at = [a for a in anchors if a.kind == "admin" and a.country == c.country
                and a.admin1 == c.admin1 and a.id not in own] \
        if c.kind == "city" and c.admin1 else []
    if not named_at:
        return None
    most = max(sum(1 for a in anchors if a.kind == "admin" and a.id == b.id)
               for b in anchors if b.kind == "admin")
    bonus = 1.0 + 1.5 * len(named_at) / most
    if q.anchor_at is not None and not any(
            abs(p - m.start) < 500 for a in named_at for p in q.anchor_at.get(a.id, ())):
        bonus *= 0.5      # the state is named far from the town
    return Verdict(score + bonus * damping(q, rule), "in-named-admin")


def nearby(q: Question, score: float, rule: str) -> Verdict[float] | None:
    """A candidate near the article's unambiguous places (under 300 km names the rule,
    under 1000 km only adds a little)."""
    c, anchors = q.c, q.anchors
    if not anchors or c.kind not in ("city", "feature", "admin"):
        return None
    own = {k.id for k in q.m.cands}
    near = min((distance_km(c.lat, c.lon, a.lat, a.lon) for a in anchors
                if a is not c and a.kind != "country" and a.country is not None
                and a.id not in own), default=1e9)
    if near < 300:
        return Verdict(score + 1.5 * damping(q, rule), "nearby")
    if near < 1000:
        return Verdict(score + 0.5 * damping(q, rule), "")
    return None


ALWAYS = None
Reason = Callable[[Question, float, str], "Verdict[float] | None"]
# (reason, the rules it names itself over: ALWAYS, or a set); an empty rule id names none
REASONS: tuple[tuple[Reason, frozenset[str] | None], ...] = (
    (head_noun, ALWAYS),
    (article_country, frozenset({PROMINENCE})),
    (container, ALWAYS),
    (in_named_admin, frozenset({PROMINENCE, "article-country"})),
    (nearby, frozenset({PROMINENCE})),
)


def score(q: Question) -> Verdict[float]:
    """The candidate's score, and the rule that decided it."""
    value, rule = base(q.c), PROMINENCE
    for reason, overrides in REASONS:
        v = reason(q, value, rule)
        if v is None:
            continue
        value = v.value
        if v.rule and (overrides is ALWAYS or rule in overrides):
            rule = v.rule
    return Verdict(value, rule)
