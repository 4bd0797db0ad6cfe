"""The tolls of a brief: per figure category, each source's claims in date order, the
latest and the highest report, where sources disagree and the trend — the toll
timelines of `depeche.corpus.tolls` (through `queries.figure_claims`) written out, never
one number chosen."""
from __future__ import annotations

from ..queries import figure_claims
from ..records import FIGURE_CATEGORIES
import depeche.brief.french as french
from .gather import Materials
from .sentences import Line, evidence, fill, linked

__all__ = ["toll_sections", "MAX_CLAIMS"]

# the reports a category's sentence lists at most (the first, the latest, the highest
# and those of days when sources disagree always among them); the JSON has them all
MAX_CLAIMS = 8
MAX_DISAGREEMENTS = 3


def toll_sections(m: Materials) -> list[dict]:
    """One section per figure category with claims, in the order of FIGURE_CATEGORIES."""
    texts = {aid: a["text"] or "" for aid, a in m.articles.items()}
    rows = {(r["article_id"], r["id"]): r for r in m.figures}
    out = [_section(g, m, rows) for g in figure_claims(m.figures, texts=texts)]
    out.sort(key=lambda s: FIGURE_CATEGORIES.index(s["category"]))
    return out


class _Writer:
    """Writes one category's reports, each linked to its figure's span."""

    def __init__(self, group: dict, m: Materials, rows: dict):
        self.category = group["category"]
        self.claims = {c["figure_id"]: c for c in group["claims"]}
        self.m, self.rows = m, rows

    def evidence(self, report: dict) -> dict | None:
        row = self.rows.get((report["article_id"], report["figure_id"]))
        return evidence(self.m.articles.get(report["article_id"]), row)

    def count(self, report: dict, *, noun: bool = True) -> str:
        claim = self.claims.get(report["figure_id"], {})
        top = claim.get("value_max") if claim.get("value") == report["value"] else None
        said = report.get("text")
        if noun:
            return french.count(report["value"], self.category, approx=report["approx"],
                                value_max=top, said=said)
        return french.number(report["value"], approx=report["approx"], value_max=top,
                             said=said)

    def claim(self, report: dict) -> Line:
        """"78 morts selon le ministère de la Santé (5 août 2020)"; "(Agence A, 5 août
        2020)" when the article names no source; else "(5 août 2020, sans source
        citée)"."""
        claim = self.claims.get(report["figure_id"], {})
        count = linked(self.count(report), self.evidence(report))
        s = french.words()["sentences"]
        when = french.day(report["published"])
        if claim.get("attributed") and claim.get("source"):
            return fill(s["claim"], count=count, source=claim["source"], date=when)
        if claim.get("outlet"):
            return fill(s["claim_outlet"], count=count, outlet=claim["outlet"], date=when)
        return fill(s["claim_bare"], count=count, date=when)

    def report(self, report: dict) -> dict:
        claim = self.claims.get(report["figure_id"], {})
        return {"value": report["value"], "value_max": claim.get("value_max"),
                "approx": bool(report["approx"]), "source": claim.get("source"),
                "attributed": bool(claim.get("attributed")), "outlet": claim.get("outlet"),
                "published": report["published"], "text": report["text"],
                "figure_id": report["figure_id"], "outlier": bool(report.get("outlier")),
                "partial": bool(report.get("partial")), "evidence": self.evidence(report),
                "stated": self.count(report)}


def _shown(group: dict) -> list[dict]:
    """The reports a sentence lists: all of them, or MAX_CLAIMS: the first, the latest,
    the highest, the lowest and highest of each disagreement day, then the first report
    of each other count."""
    reports = group["reports"]
    if len(reports) <= MAX_CLAIMS:
        return reports
    must = [reports[0], group["latest"], group["highest"]]
    for d in group["disagreements"][:MAX_DISAGREEMENTS]:
        on_day = [r for r in reports if (r["published"] or "")[:10] == d["day"]
                  and not r.get("outlier")]
        must += [min(on_day, key=lambda r: r["value"]), max(on_day, key=lambda r: r["value"])]
    keep = {r["figure_id"] for r in must[:MAX_CLAIMS]}
    values = {r["value"] for r in must[:MAX_CLAIMS]}
    # then each count not said yet, the first report of it (how the count moved), then
    # reports spread over the period
    step = max(1, len(reports) // MAX_CLAIMS)
    for r in [r for r in reports if not r.get("outlier")] + reports[::step]:
        if len(keep) >= MAX_CLAIMS:
            break
        if r["value"] not in values or r in reports[::step]:
            keep.add(r["figure_id"])
            values.add(r["value"])
    return [r for r in reports if r["figure_id"] in keep]


def _join(lines: list[Line]) -> Line:
    w = french.words()["lists"]
    out = Line()
    for i, line in enumerate(lines):
        if i:
            out.add(w["and"] if i == len(lines) - 1 else w["comma"])
        out.add(line)
    return out


def _disagreement(w: _Writer, group: dict, d: dict) -> Line:
    day_reports = [r for r in group["reports"] if (r["published"] or "")[:10] == d["day"]
                   and not r.get("outlier")]
    lo = min(day_reports, key=lambda r: r["value"])
    hi = max(day_reports, key=lambda r: r["value"])
    # a range says the counts only ("de 100 à 135 morts"): each claim's own words
    # ("au moins") are in the list above
    return fill(french.words()["sentences"]["disagree"], day=french.day(d["day"]),
                lo=linked(french.number(lo["value"]), w.evidence(lo)),
                hi=linked(french.count(hi["value"], w.category), w.evidence(hi)))


def _section(group: dict, m: Materials, rows: dict) -> dict:
    w = _Writer(group, m, rows)
    s = french.words()["sentences"]
    shown = _shown(group)
    lines = [fill(s["claims"], category=french.category_title(w.category),
                  claims=_join([w.claim(r) for r in shown]))]
    rest = [r for r in group["reports"] if r not in shown]
    if len(rest) == 1:
        lines.append(fill(s["more_claim"], value=french.count(rest[0]["value"], w.category)))
    elif rest and len({r["value"] for r in rest}) == 1:
        lines.append(fill(s["more_claims_same"], n=len(rest),
                          value=french.count(rest[0]["value"], w.category)))
    elif rest:
        lines.append(fill(s["more_claims"], n=len(rest),
                          lo=french.number(min(r["value"] for r in rest)),
                          hi=french.count(max(r["value"] for r in rest), w.category)))
    if len(group["reports"]) > 1:
        if group["latest"]["figure_id"] == group["highest"]["figure_id"]:
            lines.append(fill(s["latest_highest"], claim=w.claim(group["latest"])))
        else:
            lines.append(fill(s["latest"], claim=w.claim(group["latest"])))
            lines.append(fill(s["highest"], claim=w.claim(group["highest"])))
        lines += [_disagreement(w, group, d)
                  for d in group["disagreements"][:MAX_DISAGREEMENTS]]
        lines.append(fill(s["status"], status=french.status_word(group["status"])))
    return {"category": w.category, "title": french.category_title(w.category),
            "status": group["status"], "conflict": group["conflict"],
            "reports": [w.report(r) for r in group["reports"]],
            "latest": w.report(group["latest"]), "highest": w.report(group["highest"]),
            "disagreements": group["disagreements"],
            "sentences": [line.to_dict() for line in lines]}
