"""Calendar arithmetic of TIMEX3 values: the date interval a value names, months and
weeks moved by n units, the phase ("début", "mi-", "fin") of a month or a year."""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Mapping

__all__ = ["add_months", "interval_of", "month_end", "phase_interval", "shift", "week"]

SEASON_MONTHS = {"SP": ((3, 21), (6, 20)), "SU": ((6, 21), (9, 22)),
                 "FA": ((9, 23), (12, 20)), "WI": ((12, 21), (3, 20))}


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def shift(d: date, letter: str, n: float) -> date:
    """`d` moved by n units (Y, M, W, D, H...); clock units round to days."""
    if letter == "Y":
        return add_months(d, int(round(12 * n)))
    if letter == "M":
        return add_months(d, int(round(n)))
    if letter == "W":
        return d + timedelta(days=int(round(7 * n)))
    if letter == "D":
        return d + timedelta(days=int(round(n)))
    return d + timedelta(days=int(n // 24)) if letter == "H" else d


def week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def interval_of(value: str) -> tuple[date, date] | None:
    """The inclusive date interval of a TIMEX3 date or time value, if it names one.

    A date that is not in the calendar ("le 31 avril", a week 53 that a year lacks) keeps
    its value as written and has no interval."""
    try:
        for rx, reader in _READERS:
            m = rx.match(value)
            if m:
                return reader(m)
        return None
    except ValueError:
        return None


def _day(m) -> tuple[date, date]:
    d = date(int(m[1]), int(m[2]), int(m[3]))
    return (d, d + timedelta(days=1)) if m[4] else (d, d)


def _week(m) -> tuple[date, date]:
    monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
    return (monday + timedelta(days=5), monday + timedelta(days=6)) if m[3] else (
        monday, monday + timedelta(days=6))


def _month(m) -> tuple[date, date]:
    y, mo = int(m[1]), int(m[2])
    return date(y, mo, 1), month_end(y, mo)


def _season(m) -> tuple[date, date]:
    y = int(m[1])
    (m1, d1), (m2, d2) = SEASON_MONTHS[m[2]]
    return date(y, m1, d1), date(y + (m[2] == "WI"), m2, d2)


def _quarter(m) -> tuple[date, date]:
    y, q = int(m[1]), int(m[2])
    return date(y, 3 * q - 2, 1), month_end(y, 3 * q)


def _half(m) -> tuple[date, date]:
    y, h = int(m[1]), int(m[2])
    return date(y, 6 * h - 5, 1), month_end(y, 6 * h)


def _year(m) -> tuple[date, date]:
    y = int(m[1])
    return date(y, 1, 1), date(y, 12, 31)


def _decade(m) -> tuple[date, date]:
    y = int(m[1]) * 10
    return date(y, 1, 1), date(y + 9, 12, 31)


def _century(m) -> tuple[date, date]:
    y = int(m[1]) * 100
    return date(max(y, 1), 1, 1), date(y + 99, 12, 31)


# value shapes, tried in this order
_READERS = tuple((re.compile(p), f) for p, f in (
    (r"^(\d{4})-(\d\d)-(\d\d)(?:T(NI))?", _day),
    (r"^(\d{4})-W(\d\d)(-WE)?$", _week),
    (r"^(\d{4})-(\d\d)$", _month),
    (r"^(\d{4})-(SP|SU|FA|WI)$", _season),
    (r"^(\d{4})-Q([1-4])$", _quarter),
    (r"^(\d{4})-H([12])$", _half),
    (r"^(\d{4})$", _year),
    (r"^(\d{3})X$", _decade),
    (r"^(\d\d)XX$", _century),
))


def phase_interval(phases: Mapping[str, Mapping[str, tuple]], lead, phase: str | None,
                   lo: date, hi: date, unit: str) -> tuple[date, date] | None:
    """The part of [lo, hi] (a month "M" or a year "Y") that `phase` names ("début mai": the
    1st to the 10th), None if it names none. `lead`: the article dropped before it."""
    if not phase:
        return None
    p = lead.sub("", phase.lower()).split()[0].rstrip("-")
    if unit == "M" and p in phases["M"]:
        a, b = phases["M"][p]
        return lo.replace(day=a), hi.replace(day=min(b, hi.day))
    if unit == "Y" and p in phases["Y"]:
        a, b = phases["Y"][p]
        return date(lo.year, a, 1), month_end(lo.year, b)
    return None
