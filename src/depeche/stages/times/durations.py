"""Quantities of time: durations ("trois jours", "plus de deux ans"), dates counted
back or ahead from the anchor ("il y a deux semaines", "dans trois mois"), recent
periods ("ces derniers mois") and sets ("chaque lundi", "par an"); and the ages that
look like durations ("un homme de 45 ans")."""
from __future__ import annotations

import re
from datetime import timedelta

from .context import Hit, Item
from .intervals import shift, week


def quantity(hit: Hit) -> tuple[float | None, str, bool, float] | None:
    """(number or None if vague, letter, clock unit?, multiplier), None if no unit."""
    m, lex = hit.m, hit.lex
    unit = m["unit"].lower()
    if unit not in lex.units:
        return None
    letter, clock, mult = lex.units[unit]
    n = lex.number(m["qty"])
    if n is not None and hit.group("half"):
        n += 0.5
    return n, letter, clock, mult


def duration_value(n: float | None, letter: str, clock: bool, mult: float) -> str:
    """The TIMEX3 duration ("P3D", "PT2H", "PXY"); fractions go down a unit."""
    if n is None:
        return ("PTX" if clock else "PX") + letter
    n = n * mult
    if n != int(n):
        if letter == "Y":
            n, letter = n * 12, "M"
        elif letter == "D" and not clock:
            n, letter, clock = n * 24, "H", True
        elif letter == "H":
            n, letter = n * 60, "M"
    num = f"{int(n)}" if n == int(n) else f"{n:g}"
    return ("PT" if clock else "P") + num + letter


def ago(hit: Hit) -> list[Item]:
    """"il y a deux ans": the date counted back from the anchor."""
    q = quantity(hit)
    if q is None:
        return []
    n, letter, clock, mult = q
    a = hit.anchor
    if n is None:
        near, far = hit.lex.vague_span["ago"]
        interval = None
        if a is not None and not clock:
            interval = (shift(a, letter, -far * mult), shift(a, letter, -near * mult))
        return [hit.item(duration_value(None, letter, clock, mult), "DURATION", interval)]
    if a is None:
        return [hit.item("PAST_REF", "DATE")]
    if clock:
        return [hit.item(a.isoformat(), "DATE")]
    d = shift(a, letter, -n * mult)
    value = d.isoformat()
    if letter == "Y" and mult * n >= 1 and n == int(n):
        value = f"{d.year:04d}"
    elif letter == "M" and n == int(n) and mult * n >= 1:
        value = f"{d.year:04d}-{d.month:02d}"
    elif letter == "W":
        value = week(d) if hit.m["mod"] else d.isoformat()
    return [hit.item(value, "DATE")]


def in_(hit: Hit) -> list[Item]:
    """"dans trois mois": the date counted ahead from the anchor."""
    q = quantity(hit)
    if q is None:
        return []
    n, letter, clock, mult = q
    a, m = hit.anchor, hit.m
    if hit.lex.cues["in_of_after"].match(hit.after(5)):
        return []  # "dans un jour de grande forme"
    if n is None:
        return [hit.item("FUTURE_REF", "DATE")]
    if a is None or clock:
        dur = duration_value(n, letter, clock, mult)
        return [hit.item(dur, "DURATION", start=m.start("qty") if not m["mod"]
                         else m.start("mod"))]
    d = shift(a, letter, n * mult)
    value = d.isoformat()
    if letter == "Y" and n == int(n):
        value = f"{d.year:04d}"
    elif letter == "M" and n == int(n):
        value = f"{d.year:04d}-{d.month:02d}"
    return [hit.item(value, "DATE")]


def recent(hit: Hit) -> list[Item]:
    """"ces derniers mois", "les trois prochaines semaines": up to or from the anchor."""
    m = hit.m
    q = quantity(hit)
    if q is None:
        return []
    n, letter, clock, mult = q
    start = m.start("det") if m["det"] else m.start("adj") if m.start("adj") < (
        m.start("qty") if m["qty"] else 10**9) else m.start("qty")
    future = m["adj"].lower() in hit.lex.rel_next
    value = duration_value(n, letter, clock, mult)
    a = hit.anchor
    interval = None
    if a is not None and not clock:
        k = n if n is not None else hit.lex.vague_span["recent"][1]
        if future:
            interval = (a, shift(a, letter, k * mult))
        else:
            interval = (shift(a, letter, -k * mult), a)
    elif a is not None:
        interval = (a - timedelta(days=max(1, int((n or 24) * mult) // 24)), a)
    return [hit.item(value, "DURATION", interval, start=start)]


def _is_group_age(hit: Hit, before: str) -> bool:
    """"les 6-16 ans", "les moins de 17 ans"."""
    cues = hit.lex.cues
    return hit.cue("age_range_before", before) or hit.cue("age_group_before", before) or (
        hit.cue("age_group_det_before", before)
        and (hit.group("mod") or "").lower().startswith(cues["age_group_mods"]))


def _is_age_after_word(hit: Hit, before: str, after: str) -> bool:
    """"âgé de 45 ans", "partir en retraite à 62 ans", "un chauffeur de 38 ans"."""
    lex, cues = hit.lex, hit.lex.cues
    for phrase in lex.age_before:
        if phrase not in cues["age_before_skip"] and before.rstrip().endswith(phrase):
            return True
    words = re.findall(r"[\w'-]+", before)
    if words and words[-1] == cues["age_at"] and not hit.group("mod") and \
            not cues["age_at_of_after"].match(after) and \
            not hit.cue("age_at_not_before", before):
        return True  # but "condamné à dix ans de prison"
    if words and words[-1] in cues["age_of"] and len(words) >= 2:
        return words[-2] not in lex.duration_nouns
    return False


def is_age(hit: Hit) -> bool:
    """"un homme de 45 ans", "Pierre, 97 ans,", "les 6-16 ans": ages, not durations."""
    m, lex = hit.m, hit.lex
    if m["unit"].lower() not in lex.cues["age_units"] or m["qty"] is None:
        return False
    if lex.number(m["qty"]) is None:
        return False
    before, after = hit.before(40), hit.after(12)
    if hit.cue("age_apposition_before", before) and \
            lex.cues["age_apposition_after"].match(after):
        return True  # "Pierre Monod, 97 ans," / "(45 ans)"
    if _is_group_age(hit, before):
        return True
    return _is_age_after_word(hit, before, after)


def _not_a_duration(hit: Hit, n, letter: str, clock: bool) -> bool:
    """"une seconde fois", "des jours", "un jour" (some day), "à 10 heures" (a clock
    time, see the clock rules)."""
    m, words = hit.m, hit.lex.durations
    unit, qty, mod = m["unit"].lower(), (m["qty"] or "").lower(), hit.group("mod")
    before = hit.before(30)
    if qty in words["one"] and unit == words["second_unit"] and not mod and \
            not hit.cue("second_before", before):
        return True
    if n is None and qty == words["vague_qty"] and unit not in words["vague_units"]:
        return True
    if qty in words["one"] and unit in words["day_units"] and not mod and \
            not hit.cue("day_before", before):
        return True
    return clock and letter == "H" and n is not None and n == int(n) and n <= 24 and \
        not mod and hit.cue("clock_hours_before", before) and \
        not hit.cue("duration_hours_before", before)


def duration(hit: Hit) -> list[Item]:
    q = quantity(hit)
    if q is None:
        return []
    n, letter, clock, mult = q
    if is_age(hit) or _not_a_duration(hit, n, letter, clock):
        return []
    interval = None
    a = hit.anchor
    if a is not None and hit.cue("since_before", hit.before(30)) and not clock:
        k = n if n is not None else hit.lex.vague_span["recent"][1]
        interval = (shift(a, letter, -k * mult), a)
    return [hit.item(duration_value(n, letter, clock, mult), "DURATION", interval)]


def duration_pair(hit: Hit) -> list[Item]:
    """"deux à trois jours": two durations."""
    m = hit.m
    q = quantity(hit)
    n1 = hit.lex.number(m["qty1"])
    if q is None or q[0] is None or n1 is None or is_age(hit) or n1 >= q[0]:
        return []
    n, letter, clock, mult = q
    return [hit.item(duration_value(n1, letter, clock, mult), "DURATION", end=m.end("qty1")),
            hit.item(duration_value(n, letter, clock, mult), "DURATION", start=m.start("qty"))]


def set_(hit: Hit) -> list[Item]:
    """"chaque lundi", "tous les soirs", "deux fois par an"."""
    m, lex = hit.m, hit.lex
    unit = m["unit"].lower()
    n = lex.number(hit.group("qty")) or 1
    wd = lex.weekdays.get(unit.rstrip("s"))
    if wd:
        return [hit.item(f"XXXX-WXX-{wd}", "SET")]
    for prefix, value in lex.set_words.items():
        if unit.startswith(prefix):
            return [hit.item(value, "SET")]
    if unit not in lex.units:
        return []
    letter, clock, mult = lex.units[unit]
    return [hit.item(duration_value(n, letter, clock, mult), "SET")]


HANDLERS = {"durations.ago": ago, "durations.in": in_, "durations.recent": recent,
            "durations.duration": duration, "durations.duration_pair": duration_pair,
            "durations.set": set_}
