"""Dates read from the calendar words: days of a month, months, years, decades,
centuries, seasons, feasts ("le 14 juillet 2020", "fin mai", "les années 1990",
"le XXe siècle", "l'été dernier", "Noël")."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from .anchoring import NEWS_DAYS, date_value, framed, phase_of, pick, with_part, written_year
from .context import Hit, Item
from .intervals import interval_of

ROMAN = {"I": 1, "V": 5, "X": 10}


def roman(s: str) -> int:
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = ROMAN[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _weekday_fit(hit: Hit, anchor: date, day: int, month: int) -> date | None:
    """"le jeudi 12 septembre": the date, in the years around the anchor, on which the
    12th is a Thursday: on or before the anchor for a past verb, on or after it for a
    future one, else the nearest; None if there is none."""
    wd = hit.lex.weekdays[hit.m["wd"].lower()]
    fits = []
    for y in range(anchor.year - 1, anchor.year + 2):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if d.isoweekday() == wd:
            fits.append(d)
    if hit.tense == "past":
        fits = [d for d in fits if d <= anchor]
    elif hit.tense == "future":
        fits = [d for d in fits if d >= anchor]
    if not fits:
        return None
    return min(fits, key=lambda d: abs((d - anchor).days))


def _weekday_slip(hit: Hit, written: date) -> tuple[date, date] | None:
    """"samedi 27 mai" in an article of Sunday 27 May: a day of the news whose weekday
    is a slip (it fits only a year away); the days from the named weekday nearest the
    written day (at most `SLIP_DAYS` off) to the written day, or None."""
    wd = hit.lex.weekdays[hit.m["wd"].lower()]
    diff = (wd - written.isoweekday()) % 7
    named = written + timedelta(days=diff if diff <= 3 else diff - 7)
    if abs((named - written).days) > SLIP_DAYS:
        return None
    return min(named, written), max(named, written)


# a weekday at most this many days off the day written with it is a slip of the pen
SLIP_DAYS = 3


def _weekday_day(hit: Hit, day: int, month: int) -> Item | None:
    """"le jeudi 12 septembre" without a year: the date its weekday fits, unless that is
    a year away while the day written is of the news (a weekday slip) or of the story
    of the past its paragraph tells."""
    anchor = hit.anchor
    if anchor is None:
        return None
    fit = _weekday_fit(hit, anchor, day, month)
    if fit is not None and abs((fit - anchor).days) <= NEWS_DAYS:
        value, type_ = with_part(hit, fit.isoformat(), hit.m["day_part"])
        return hit.item(value, type_)
    plain = date.fromisoformat(date_value(hit, day, month, None, 0))
    if hit.frame is not None and plain.year == hit.frame.year:
        return None     # the day of a story of the past its paragraph tells
    news = abs((plain - anchor).days) <= NEWS_DAYS
    if fit is not None and not news:
        value, type_ = with_part(hit, fit.isoformat(), hit.m["day_part"])
        return hit.item(value, type_)
    span = _weekday_slip(hit, plain) if news else None
    if span is None:
        return None
    value, type_ = with_part(hit, plain.isoformat(), hit.m["day_part"])
    return hit.item(value, type_, span)


def day_month(hit: Hit) -> list[Item]:
    m, lex = hit.m, hit.lex
    day, month = lex.day(m["day"]), lex.month(m["month"])
    if m["rel"]:
        hit = replace(hit, year=None)
    if m["wd"] and not m["year"]:
        found = _weekday_day(hit, day, month)
        if found is not None:
            return [found]
    value = date_value(hit, day, month, m["year"] if m["year"] and not m["yy"] else None,
                       lex.rel(m["rel"]), m["yy"])
    value, type_ = with_part(hit, value, m["day_part"])
    return [hit.item(value, type_)]


def day_pair(hit: Hit) -> list[Item]:
    m, lex = hit.m, hit.lex
    month, rel = lex.month(m["month"]), lex.rel(m["rel"])
    v2 = date_value(hit, lex.day(m["day"]), month, m["year"], rel)
    v1 = v2[:8] + f"{lex.day(m['day1']):02d}"
    return [hit.item(v1, "DATE", end=m.end("day1")),
            hit.item(v2, "DATE", start=m.start("rest"))]


def numeric(hit: Hit) -> list[Item]:
    m = hit.m
    d, mo, y = int(m["day"]), int(m["mon"]), int(m["year"])
    if len(m["year"]) == 2:
        y = 1900 + y if y > 30 else 2000 + y
    try:
        date(y, mo, d)
    except ValueError:
        return []
    return [hit.item(f"{y:04d}-{mo:02d}-{d:02d}", "DATE")]


def _month_alone_is_word(hit: Hit) -> bool:
    """"Mars" capitalised, or "mai" without a preposition before it: rarely the month."""
    m = hit.m
    if m["month"].lower() in hit.lex.capitalised_not_month and m["month"][0].isupper():
        return True
    at_line_start = hit.start == 0 or hit.text[hit.start - 1] == "\n"
    return not hit.cue("month_before", hit.before(12)) and not at_line_start


def _month_rel(hit: Hit) -> str | None:
    """The relative word of the month, or of a month paired with it ("mai ou juin
    derniers")."""
    if hit.m["rel"]:
        return hit.m["rel"]
    follow = hit.lex.cues["month_pair_after"].match(hit.after(40))
    if follow and follow.group(0).split()[-2].lower().rstrip(".") in hit.lex.months:
        return follow.group(1)
    return None


def _month_near_anchor(hit: Hit, a: date, month: int, rel_word: str | None) -> date:
    cands = [date(y, month, 15) for y in (a.year - 1, a.year, a.year + 1)]
    rel = hit.lex.rel(rel_word)
    am = a.replace(day=15)
    if rel < 0:
        return max(c for c in cands if c < am) if month != a.month else am.replace(
            year=a.year - 1)
    if rel > 0:
        return min(c for c in cands if c > am)
    if month == a.month:
        return am
    return pick(cands, am, hit.tense, slack=45)


def month(hit: Hit) -> list[Item]:
    m = hit.m
    number = hit.lex.month(m["month"])
    if not (m["year"] or m["yy"] or m["phase_word"] or m["rel"]) and _month_alone_is_word(hit):
        return []
    rel_word = _month_rel(hit)
    if not m["year"] and not m["yy"] and hit.year is not None and not rel_word:
        value = f"{hit.year:04d}-{number:02d}"
    elif m["year"] or m["yy"]:
        y = int(m["year"]) if m["year"] else int(m["yy"])
        if not m["year"]:
            y = 1900 + y if y > 30 else 2000 + y
        value = f"{y:04d}-{number:02d}"
    elif hit.anchor is None:
        value = f"XXXX-{number:02d}"
    else:
        d = _month_near_anchor(hit, hit.anchor, number, rel_word)
        if not rel_word:
            d = framed(hit, d, hit.anchor) or written_year(hit, d, hit.anchor) or d
        value = f"{d.year:04d}-{number:02d}"
    interval = interval_of(value)
    if interval and m["phase_word"]:
        interval = phase_of(hit, m["phase_word"], interval, "M") or interval
    start = hit.start
    if m["det"] and m["det"].lower() in hit.lex.month_det_outside and not m["phase_word"]:
        start = m.start("month")
    return [hit.item(value, "DATE", interval, start=start)]


def _year_is_count(hit: Hit, year: int) -> bool:
    """"les 2000 manifestants", "n° 1999", a year far after the anchor: not a year."""
    prev = hit.before(25, fold=False)
    if hit.cue("year_count_before", prev) and not hit.cue("year_date_before", prev) and \
            not hit.after(3).startswith(hit.lex.cues["year_after"]):
        return True
    return hit.anchor is not None and year > hit.anchor.year + 30


def year(hit: Hit) -> list[Item]:
    m = hit.m
    number = int(m["year"])
    if not m["det"] and not m["phase_word"] and _year_is_count(hit, number):
        return []
    value = f"{number:04d}"
    interval = interval_of(value)
    if interval and m["phase_word"]:
        interval = phase_of(hit, m["phase_word"], interval, "Y") or interval
    return [hit.item(value, "DATE", interval)]


def year_pair(hit: Hit) -> list[Item]:
    m = hit.m
    y1 = int(m["y1"])
    y2s = m["y2"]
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if y2 <= y1 or y2 - y1 > 100:
        return []
    return [hit.item(f"{y1:04d}", "DATE", end=m.end("y1")),
            hit.item(f"{y2:04d}", "DATE", start=m.start("y2"))]


def short_year(hit: Hit) -> list[Item]:
    return [hit.item(f"{1900 + int(hit.m['yy']):04d}", "DATE")]


def decade(hit: Hit) -> list[Item]:
    d = hit.m["dec"]
    if len(d) == 2:
        d = ("20" if int(d) < 30 and hit.anchor and hit.anchor.year >= 2030 else "19") + d
    return [hit.item(d[:3] + "X", "DATE")]


def century(hit: Hit) -> list[Item]:
    try:
        n = roman(hit.m["numeral"])
    except KeyError:
        return []
    if not 1 <= n <= 22:
        return []
    return [hit.item(f"{n - 1:02d}XX", "DATE")]


def _season_span(year: int, code: str) -> tuple[date, date]:
    span = interval_of(f"{year}-{code}")
    if span is None:    # a season of a year of the calendar always has its days
        raise ValueError(f"no interval for {year}-{code}")
    return span


def _season_year(hit: Hit, a: date, code: str, det: str) -> int | None:
    """The year of a season without one, near the anchor `a`; None: no year ("en hiver"
    with a present verb, out of winter, is any winter)."""
    rel = hit.lex.rel(hit.group("rel"))
    this_y = a.year - (1 if code == "WI" and a.month <= 3 else 0)
    lo, hi = _season_span(this_y, code)
    if not det and hit.tense == "present" and not (lo <= a <= hi):
        return None
    if rel < 0:
        return this_y - 1 if lo > a or lo <= a <= hi else this_y
    if rel > 0:
        return this_y + 1 if lo <= a else this_y
    if lo <= a <= hi or det.startswith(hit.lex.this_dets):
        return this_y

    def dist(yy):
        l2, h2 = _season_span(yy, code)
        return min(abs((l2 - a).days), abs((h2 - a).days))
    return min((this_y - 1, this_y, this_y + 1), key=dist)


def season(hit: Hit) -> list[Item]:
    m = hit.m
    code = hit.lex.seasons[m["season"].lower()]
    det = (hit.group("det") or "").lower().strip()
    if m["year"]:
        y = int(m["year"])
    elif hit.anchor is None:
        return [hit.item(f"XXXX-{code}", "DATE")]
    else:
        near = _season_year(hit, hit.anchor, code, det)
        if near is None:
            return [hit.item(f"XXXX-{code}", "DATE")]
        y = near
    return [hit.item(f"{y:04d}-{code}", "DATE")]


def feast(hit: Hit) -> list[Item]:
    month_, day = hit.lex.feast(hit.m["feast"])
    return [hit.item(date_value(hit, day, month_, hit.m["year"], 0), "DATE")]


HANDLERS = {"dates.day_month": day_month, "dates.day_pair": day_pair,
            "dates.numeric": numeric, "dates.month": month, "dates.year": year,
            "dates.year_pair": year_pair, "dates.short_year": short_year,
            "dates.decade": decade, "dates.century": century, "dates.season": season,
            "dates.feast": feast}
