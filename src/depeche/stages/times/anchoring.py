"""Which date a partial date means, given the anchor (the publication date) and the
tense of its verb: "le 12 mars" the nearest 12 March, unless the verb points the other
way; "samedi" the Saturday before a past verb, after a future one."""
from __future__ import annotations

import re
from datetime import date, timedelta

from .context import Hit
from .intervals import phase_interval

__all__ = ["NEWS_DAYS", "date_value", "framed", "phase_of", "pick", "weekday_date", "with_part",
           "written_year"]


def pick(cands: list[date], anchor: date, tense: str | None, slack: int = 75) -> date:
    """The candidate nearest the anchor, unless the tense points to the other side."""
    cands = sorted(cands, key=lambda d: abs((d - anchor).days))
    best = cands[0]
    if tense == "past" and (best - anchor).days > slack:
        past = [d for d in cands if d <= anchor]
        best = past[0] if past else best
    elif tense == "future" and (anchor - best).days > slack:
        fut = [d for d in cands if d >= anchor]
        best = fut[0] if fut else best
    return best


def weekday_date(wd: int, anchor: date, tense: str | None, rel: int = 0,
                 this: bool = False) -> date:
    """The day `wd` (1 = Monday) meant next to `anchor`: before it for `rel` < 0 or a
    past tense, after it for `rel` > 0 or a future or present one, else the nearest."""
    diff = wd - anchor.isoweekday()
    past = anchor + timedelta(days=diff if diff <= 0 else diff - 7)
    future = anchor + timedelta(days=diff if diff >= 0 else diff + 7)
    if rel < 0:
        return past if past < anchor else past - timedelta(days=7)
    if rel > 0:
        return future if future > anchor else future + timedelta(days=7)
    if past == anchor:
        return anchor
    if this:
        return min((past, future), key=lambda d: (abs((d - anchor).days), d > anchor))
    if tense == "past":
        return past
    if tense in ("future", "present"):
        return future
    return min((past, future), key=lambda d: abs((d - anchor).days))


def date_value(hit: Hit, day: int, month: int, year: str | None, rel: int,
               yy: str | None = None) -> str:
    """The TIMEX3 value of a day of a month: of the year written (or its two digits),
    else of the year of the sentence, else the year that puts it nearest the anchor
    (before it for `rel` < 0, after it for `rel` > 0, as the tense says for 0) unless
    that is not of the news and the text wrote a year with this month."""
    if year:
        return f"{int(year):04d}-{month:02d}-{day:02d}"
    if yy:
        y = int(yy)
        return f"{(1900 + y) if y > 30 else (2000 + y):04d}-{month:02d}-{day:02d}"
    if hit.year is not None:
        return f"{hit.year:04d}-{month:02d}-{day:02d}"
    a = hit.anchor
    if a is None:
        return f"XXXX-{month:02d}-{day:02d}"
    cands = []
    for y in (a.year - 1, a.year, a.year + 1):
        try:
            cands.append(date(y, month, day))
        except ValueError:
            pass
    if not cands:
        return f"XXXX-{month:02d}-{day:02d}"
    if rel < 0:
        past = [d for d in cands if d <= a]
        d = max(past) if past else cands[0]
    elif rel > 0:
        fut = [d for d in cands if d >= a]
        d = min(fut) if fut else cands[-1]
    else:
        d = pick(cands, a, hit.tense)
        d = framed(hit, d, a) or written_year(hit, d, a) or d
    return d.isoformat()


# a date written with its year at least this many days before the anchor frames a
# story of the past: the days and months its paragraph tells next without a year are
# of its year
FRAME_DAYS = 366


def framed(hit: Hit, d: date, anchor: date) -> date | None:
    """"Le 18 mai 1980, des manifestants descendent dans les rues ... Le 3 juin, l'armée
    reprend la ville": a date that is not of the news (farther than NEWS_DAYS from the
    anchor) told in the historic present takes the year of the story of the past its
    paragraph tells (the last date written there with its year, told in the present,
    `FRAME_DAYS` or more before the anchor); None if there is none."""
    frame = hit.frame
    if frame is None or hit.tense != "present" or (anchor - frame).days < FRAME_DAYS or \
            abs((d - anchor).days) <= NEWS_DAYS or d.year == frame.year:
        return None
    try:
        return d.replace(year=frame.year)
    except ValueError:
        return None


# a day or month farther than this from the anchor is not of the news: it takes the
# year the text wrote with its month
NEWS_DAYS = 31


def written_year(hit: Hit, d: date, anchor: date) -> date | None:
    """"les attentats de janvier 2015 ... le 9 janvier": the year the text wrote with
    this month, for a date that is not of the news (farther than NEWS_DAYS from the
    anchor, and not ahead of it unless told in the past); None if there is none."""
    year = hit.month_years.get(d.month)
    if year is None or year == d.year or abs((d - anchor).days) <= NEWS_DAYS:
        return None
    if d > anchor and hit.tense != "past":
        return None     # "un décret devrait être présenté en juin": ahead, as said
    try:
        return d.replace(year=year)
    except ValueError:
        return None


def with_part(hit: Hit, value: str, part: str | None) -> tuple[str, str]:
    """A day's value with its part of day ("samedi soir": ...TEV), and its type."""
    code = hit.lex.part(part)
    if not code or not re.match(r"(?:\d{4}-\d\d-\d\d|XXXX-WXX-\d)$", value):
        return value, "DATE"
    if code.startswith("T"):
        return value + code, "TIME"
    return f"{value}T{code}", "TIME"


def phase_of(hit: Hit, phase: str | None, interval: tuple[date, date], unit: str):
    """The part of a month's ("M") or a year's ("Y") interval that `phase` names, or
    None."""
    lex = hit.lex
    return phase_interval(lex.phases, lex.phase_lead, phase, *interval, unit)
