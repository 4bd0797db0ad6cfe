"""Toll timelines: the figure claims of a story, per category, as reports in time.

A report is one article's count of a category: its largest claim (its total). Its other
claims of that category are parts of that total ("dont 3 enfants", "5 autres", "un
frère": role `part`) or details (an earlier count, a count of another place: role
`detail`), linked to the total by `total_id`, never rivals. A claim read in an ordinal
("une troisième victime") counts as the rank it gives (3).

Per category: the reports in order of publication, the latest and the highest; the
status is `rising` when the count of later days ends at its peak above where it began
(a dip of at most TOLERANCE is a rounding, "plus de 150" after 154), else `conflicting`
when two sources gave different counts the same day, `revised` when it ends lower,
`stable` when every report agrees. A report far above the others (more than OUTLIER
times their median) given by fewer than three reports is an `outlier` (a figure of
another event, recalled in the article): listed, but neither the highest nor part of
the status; so is a report whose count is of a group (kin, one nationality:
`partial`)."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from statistics import median

from ..lexicons import Lexicons, Table
from .common import fold

TOLERANCE = 0.1
OUTLIER = 3
# lang/fr/tolls.toml: the words that make a figure a part of a total (read once: data)
SCHEMA = {"part_before": [str], "part_after": [str], "part_nouns": [str],
          "ordinals": Table(int)}
WORDS = Lexicons().get("tolls", SCHEMA)
_BEFORE = re.compile(r"\b(?:%s)\W*(?:\w+\W+){0,2}$" % "|".join(
    re.escape(w) for w in WORDS["part_before"]))
_WORD = re.compile(r"\w+")
# "six Français", "deux Nigériens": a count of one nationality is a part of a toll
DEMONYMS = frozenset(fold(f) for forms in Lexicons().get("demonyms")["demonyms"].values()
                     for f in forms)


def subgroup(claim: dict) -> bool:
    """Whether a claim counts a group of a toll: kin, colleagues, one nationality."""
    words = _WORD.findall(fold(claim.get("text") or ""))
    nouns = {fold(claim.get("noun") or "")} | set(words[-1:])
    return any(n in WORDS["part_nouns"] or n in DEMONYMS for n in nouns)


def _role(claim: dict, text: str | None) -> str:
    """'part' when the words around a claim make it a part of a total, else 'detail'."""
    words = _WORD.findall(fold(claim.get("text") or ""))
    if any(w in WORDS["part_after"] for w in words[1:3]) or subgroup(claim):
        return "part"
    start = claim.get("start")
    if text and start is not None:
        before = fold(text[max(0, start - 40):start])
        after = _WORD.findall(fold(text[claim["end"]:claim["end"] + 12]))
        if _BEFORE.search(before) or (after[:1] and after[0] in WORDS["part_after"]):
            return "part"
    return "detail"


def ordinal_value(claim: dict) -> float | None:
    """The rank an ordinal claim gives ('une troisième victime' -> 3), else None."""
    for w in _WORD.findall(fold(claim.get("text") or "")):
        if w in WORDS["ordinals"]:
            return float(WORDS["ordinals"][w])
    return None


def reports(claims: list[dict], texts: dict[str, str] | None = None) -> list[dict]:
    """One report per article (its total, with `parts`): the article's largest claim;
    sets `role` and `total_id` on the other claims. `claims` are of one category."""
    by_article: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        by_article[c.get("article_id") or c.get("figure_id") or ""].append(c)
    out = []
    for aid, cs in by_article.items():
        for c in cs:
            c["count"] = ordinal_value(c) or c["value"]
        total = max(cs, key=lambda c: (c["count"], -(c.get("start") or 0)))
        total["role"], total["total_id"] = "total", None
        for c in cs:
            if c is not total:
                c["role"] = _role(c, (texts or {}).get(aid))
                c["total_id"] = total.get("figure_id")
        out.append({"article_id": aid, "published": total.get("published"),
                    "value": total["count"], "approx": total.get("approx", False),
                    "source": total.get("source"), "figure_id": total.get("figure_id"),
                    "text": total.get("text"), "partial": subgroup(total),
                    "parts": [c.get("figure_id") for c in cs if c is not total]})
    out.sort(key=lambda r: (r["published"] or "", r["article_id"]))
    return out


def _mark_outliers(reps: list[dict]) -> None:
    """A report is an outlier when its count is more than OUTLIER times the median
    report and fewer than three reports give it (a figure of another event, recalled)."""
    mid = median(r["value"] for r in reps) if reps else 0
    counts = Counter(r["value"] for r in reps)
    for r in reps:
        r["outlier"] = len(reps) > 2 and counts[r["value"]] < 3 and r["value"] > OUTLIER * mid


def timeline(claims: list[dict], texts: dict[str, str] | None = None) -> dict:
    """The timeline of one category's claims: reports, latest, highest, status and the
    same-day disagreements ({day, values})."""
    reps = reports(claims, texts)
    _mark_outliers(reps)
    # outliers and counts of a part ("six Français") are listed, not weighed
    kept = [r for r in reps if not r["outlier"] and not r["partial"]] or \
        [r for r in reps if not r["outlier"]] or reps
    days: dict[str, list[dict]] = defaultdict(list)
    for r in kept:
        days[(r["published"] or "")[:10]].append(r)
    disagreements = []
    for day, rs in sorted(days.items()):
        values = sorted({r["value"] for r in rs})
        sources = {r["source"] or r["article_id"] for r in rs}
        if len(sources) > 1 and values[0] < (1 - TOLERANCE) * values[-1]:
            disagreements.append({"day": day, "values": values})
    per_day = [median(r["value"] for r in rs) for _, rs in sorted(days.items())]
    status = _status(per_day, bool(disagreements), len({r["value"] for r in kept}))
    latest_day = max(days)
    latest = max(days[latest_day], key=lambda r: r["value"])
    highest = max(kept, key=lambda r: (r["value"], r["published"] or ""))
    return {"reports": reps, "latest": latest, "highest": highest, "status": status,
            "disagreements": disagreements}


def _status(per_day: list[float], disagree: bool, distinct: int) -> str:
    """'rising' when the count ends at its peak above where it began (a dip on the way
    is a rounding or a correction), else 'conflicting' when sources disagreed the same
    day, 'revised' when it ends lower, else 'stable'."""
    if distinct <= 1:
        return "stable"
    first, last, peak = per_day[0], per_day[-1], max(per_day)
    if last > first and last >= (1 - TOLERANCE) * peak:
        return "rising"
    if disagree:
        return "conflicting"
    return "revised" if last < first or last < (1 - TOLERANCE) * peak else "stable"
