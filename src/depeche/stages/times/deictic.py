"""Days and periods counted from the anchor or from the last date of the text:
"hier", "ce soir", "samedi", "la nuit de jeudi à vendredi", "le lendemain",
"la semaine dernière", and the fixed references ("actuellement", "prochainement")."""
from __future__ import annotations

import re
from datetime import date, timedelta

from .anchoring import date_value, phase_of, weekday_date, with_part
from .context import Hit, Item
from .intervals import add_months, interval_of, week


def named_day(hit: Hit) -> list[Item]:
    """"hier", "aujourd'hui", "demain soir"; a sentence-opening "Aujourd'hui," is the
    present, not the day."""
    m, a = hit.m, hit.anchor
    off = hit.lex.deictic[m["deictic"].lower().replace("’", "'")]
    if a is None:
        return [hit.item("PRESENT_REF" if off == 0 else "XXXX-XX-XX", "DATE")]
    value = (a + timedelta(days=off)).isoformat()
    if off == 0 and not m["day_part"] and not m["wd"]:
        before = hit.text[max(0, hit.start - 3):hit.start]
        opening = (not before.strip() or before.rstrip()[-1:] in ".!?»\",") and \
            hit.after(1) == ","
        if opening:
            return [hit.item("PRESENT_REF", "TIME", (a, a))]
    value, type_ = with_part(hit, value, m["day_part"])
    return [hit.item(value, type_)]


def this_part(hit: Hit) -> list[Item]:
    """"ce soir", "cette nuit" (last night, with a past verb)."""
    if hit.anchor is None:
        return [hit.item("PRESENT_REF", "TIME")]
    d = hit.anchor
    if hit.lex.part(hit.m["day_part"]) == "NI" and hit.tense == "past":
        d = d - timedelta(days=1)
    value, type_ = with_part(hit, d.isoformat(), hit.m["day_part"])
    return [hit.item(value, type_)]


def part_alone(hit: Hit) -> list[Item]:
    """"dans la soirée", "en fin de matinée": the part of the last date's day."""
    m = hit.m
    code = hit.lex.part(m["day_part"])
    if code is None or code == "DT":
        return []
    d = hit.last_day or hit.anchor
    if d is None:
        return [hit.item(f"XXXX-XX-XXT{code}", "TIME", start=m.start("det"))]
    return [hit.item(f"{d.isoformat()}T{code}", "TIME", start=m.start("det"))]


def weekday(hit: Hit) -> list[Item]:
    m = hit.m
    wd = hit.lex.weekdays[m["wd"].lower()]
    det = (m["det"] or "").lower()
    tense = hit.tense
    if hit.cue("weekday_past_before", hit.before(8, fold=False)):
        tense = "past"
    elif hit.cue("weekday_future_before", hit.before(10, fold=False)):
        tense = "future"
    if hit.anchor is None:
        value = f"XXXX-WXX-{wd}"
    else:
        value = weekday_date(wd, hit.anchor, tense, hit.lex.rel(m["rel"]),
                             this=det.startswith(hit.lex.this_dets)).isoformat()
    value, type_ = with_part(hit, value, m["day_part"])
    return [hit.item(value, type_)]


def night_weekdays(hit: Hit) -> list[Item]:
    """"la nuit de jeudi à vendredi": the night starting on Thursday."""
    m, lex, a = hit.m, hit.lex, hit.anchor
    wd1 = lex.weekdays[m["wd1"].lower()]
    if a is None:
        return [hit.item(f"XXXX-WXX-{wd1}TNI", "TIME")]
    if m["wd"]:
        wd2 = lex.weekdays[m["wd"].lower()]
        d2 = weekday_date(wd2, a, hit.tense, lex.rel(m["rel"]))
        d1 = d2 - timedelta(days=(wd2 - wd1) % 7 or 7)
    else:
        d1 = weekday_date(wd1, a, hit.tense, lex.rel(m["rel"]))
        if hit.tense == "past" and d1 == a:
            d1 -= timedelta(days=7)
    return [hit.item(f"{d1.isoformat()}TNI", "TIME", (d1, d1 + timedelta(days=1)))]


def night_days(hit: Hit) -> list[Item]:
    """"la nuit du 3 au 4 mai": the night starting on the 3rd."""
    m, lex = hit.m, hit.lex
    v2 = date_value(hit, lex.day(m["day"]), lex.month(m["month"]), m["year"], 0)
    if v2.startswith("X"):
        return [hit.item(v2 + "TNI", "TIME")]
    d2 = date.fromisoformat(v2)
    d1 = d2 - timedelta(days=1)
    return [hit.item(f"{d1.isoformat()}TNI", "TIME", (d1, d2))]


def _relday_is_noun(hit: Hit, rel: str, det: str) -> bool:
    """"veille" without its article, "même jour" without "au": not a day."""
    words = hit.lex.relday
    if rel in words["need_article"] and det not in words["dets"] and \
            not hit.before(4, fold=False).endswith(words["article_before"]):
        return True
    return rel in words["need_au"] and not det and \
        not hit.before(3, fold=False).endswith(words["au_before"])


def relday(hit: Hit) -> list[Item]:
    """"le lendemain", "la veille au soir", "le jour même": from the last date."""
    m, words = hit.m, hit.lex.relday
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    det = (m["det"] or "").lower()
    if _relday_is_noun(hit, rel, det):
        return []
    base = hit.last_day or hit.anchor
    if base is None:
        return [hit.item("XXXX-XX-XX", "DATE")]
    off = words["offsets"].get(rel, 0)
    value = (base + timedelta(days=off)).isoformat()
    part = m["day_part"] if m["day_part"] and m["day_part"].lower() != words["same"] else None
    if rel.endswith(" " + words["same"]) and rel.split()[0] in words["same_parts"]:
        part, off = rel.split()[0], 0
    value, type_ = with_part(hit, value, part)
    return [hit.item(value, type_)]


def _weekend(hit: Hit, a: date, rel: int) -> str:
    if rel < 0:
        d = a - timedelta(days=(a.isoweekday() + 1) % 7 + 1 if a.isoweekday() < 6 else 7)
    elif rel > 0:
        d = a + timedelta(days=7 if a.isoweekday() >= 6 else 6 - a.isoweekday())
    else:
        d = a if a.isoweekday() >= 6 else a + timedelta(days=6 - a.isoweekday())
        if hit.tense == "past" and a.isoweekday() < 6:
            d = a - timedelta(days=a.isoweekday() + 1)
    return week(d) + "-WE"


def _month(a: date, rel: int) -> str:
    d = add_months(a, rel)
    return f"{d.year:04d}-{d.month:02d}"


def _quarter(a: date, rel: int) -> str:
    d = add_months(a, 3 * rel)
    return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"


def _half(a: date, rel: int) -> str:
    d = add_months(a, 6 * rel)
    return f"{d.year:04d}-H{(d.month - 1) // 6 + 1}"


# the value of a period counted from the anchor, by what its noun counts
_PERIOD_VALUES = {
    "W": lambda hit, a, rel: week(a + timedelta(days=7 * rel)),
    "WE": _weekend,
    "M": lambda hit, a, rel: _month(a, rel),
    "Q": lambda hit, a, rel: _quarter(a, rel),
    "H": lambda hit, a, rel: _half(a, rel),
    "Y": lambda hit, a, rel: f"{a.year + rel:04d}",
}


def period(hit: Hit) -> list[Item]:
    """"cette semaine", "le mois dernier", "fin de l'année"; not "cette semaine-là" nor
    "la semaine suivante" (counted from another time than the anchor)."""
    m, lex = hit.m, hit.lex
    kind = lex.periods.get(m["period"].lower(), "Y")
    det = (hit.group("det") or "").lower().replace("’", "'")
    phase = hit.group("phase_word")
    rel = lex.rel(m["rel"])
    this = det in lex.this_dets or phase is not None and not m["rel"]
    if (hit.group("ci") or "").lower() == lex.that_suffix:
        return []
    if not this and not m["rel"]:
        return []
    if m["rel"] and m["rel"].lower().startswith(lex.rel_reference):
        return []
    if hit.anchor is None:
        return [hit.item("PAST_REF" if rel < 0 else "FUTURE_REF" if rel > 0 else
                         "PRESENT_REF", "DATE")]
    value = _PERIOD_VALUES[kind](hit, hit.anchor, rel)
    interval = interval_of(value)
    if phase and interval and kind in ("M", "Y"):
        interval = phase_of(hit, phase, interval, kind) or interval
    return [hit.item(value, "DATE", interval)]


def ref(hit: Hit) -> list[Item]:
    """"actuellement", "autrefois", "prochainement": PRESENT_REF, PAST_REF, FUTURE_REF."""
    value = hit.lex.ref(hit.m["ref_word"])
    if value is None:
        return []
    interval = (hit.anchor, hit.anchor) if value == "PRESENT_REF" and hit.anchor else None
    return [hit.item(value, "TIME", interval)]


def fixed(hit: Hit) -> list[Item]:
    value, type_ = hit.lex.fixed[hit.m["word"].lower()]
    return [hit.item(value, type_)]


def prenominal(hit: Hit) -> list[Item]:
    """"le prochain sommet", "la future loi": the adjective alone, FUTURE_REF."""
    return [hit.item("FUTURE_REF", "TIME", start=hit.m.start("word"))]


HANDLERS = {"deictic.named_day": named_day, "deictic.this_part": this_part,
            "deictic.part_alone": part_alone, "deictic.weekday": weekday,
            "deictic.night_weekdays": night_weekdays, "deictic.night_days": night_days,
            "deictic.relday": relday, "deictic.period": period, "deictic.ref": ref,
            "deictic.fixed": fixed, "deictic.prenominal": prenominal}
