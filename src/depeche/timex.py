"""Recognition and TIMEX3 normalisation of French temporal expressions.

The patterns and words live in `lang/fr/times.toml`; this module compiles them and
holds one normaliser per rule `kind`. `Timex.tag(text, anchor, tense)` returns the
expressions of a text, each with its span, TIMEX3 value and type, its inclusive date
interval (when it has one) and the rule that found it.

`anchor` is the publication date (None: relative expressions are recognised, their
value left unresolved, "XXXX-XX-XX"-like). `tense(start, end)` says whether the verb
governing a span is "past", "future", "present" or None; it picks the Saturday before
or after for a bare "samedi".
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable, Mapping

__all__ = ["Timex", "TimexMatch", "interval_of"]

Tense = Callable[[int, int], "str | None"]

SEASON_MONTHS = {"SP": ((3, 21), (6, 20)), "SU": ((6, 21), (9, 22)),
                 "FA": ((9, 23), (12, 20)), "WI": ((12, 21), (3, 20))}
PHASES = {"début": (1, 10), "fin": (21, 31), "mi": (11, 20), "milieu": (11, 20)}
YEAR_PHASES = {"début": (1, 3), "fin": (10, 12), "mi": (5, 8), "milieu": (5, 8)}
ROMAN = {"I": 1, "V": 5, "X": 10}


@dataclass(frozen=True)
class TimexMatch:
    start: int
    end: int
    text: str
    value: str
    type: str
    rule: str
    interval: tuple[date, date] | None = None


def _alternation(words) -> str:
    words = sorted({w for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]")
                            for w in words) + ")"


def _roman(s: str) -> int:
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = ROMAN[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _shift(d: date, letter: str, n: float) -> date:
    """`d` moved by n units (Y, M, W, D, H...); clock units round to days."""
    if letter == "Y":
        return _add_months(d, int(round(12 * n)))
    if letter == "M":
        return _add_months(d, int(round(n)))
    if letter == "W":
        return d + timedelta(days=int(round(7 * n)))
    if letter == "D":
        return d + timedelta(days=int(round(n)))
    return d + timedelta(days=int(n // 24)) if letter == "H" else d


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def interval_of(value: str) -> tuple[date, date] | None:
    """The inclusive date interval of a TIMEX3 date or time value, if it names one.

    A date that is not in the calendar ("le 31 avril", a week 53 that a year lacks) keeps
    its value as written and has no interval."""
    try:
        return _interval_of(value)
    except ValueError:
        return None


def _interval_of(value: str) -> tuple[date, date] | None:
    m = re.match(r"^(\d{4})-(\d\d)-(\d\d)(?:T(NI))?", value)
    if m:
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return (d, d + timedelta(days=1)) if m[4] else (d, d)
    m = re.match(r"^(\d{4})-W(\d\d)(-WE)?$", value)
    if m:
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return (monday + timedelta(days=5), monday + timedelta(days=6)) if m[3] else (
            monday, monday + timedelta(days=6))
    m = re.match(r"^(\d{4})-(\d\d)$", value)
    if m:
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), _month_end(y, mo)
    m = re.match(r"^(\d{4})-(SP|SU|FA|WI)$", value)
    if m:
        y = int(m[1])
        (m1, d1), (m2, d2) = SEASON_MONTHS[m[2]]
        return date(y, m1, d1), date(y + (m[2] == "WI"), m2, d2)
    m = re.match(r"^(\d{4})-Q([1-4])$", value)
    if m:
        y, q = int(m[1]), int(m[2])
        return date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
    m = re.match(r"^(\d{4})-H([12])$", value)
    if m:
        y, h = int(m[1]), int(m[2])
        return date(y, 6 * h - 5, 1), _month_end(y, 6 * h)
    m = re.match(r"^(\d{4})$", value)
    if m:
        y = int(m[1])
        return date(y, 1, 1), date(y, 12, 31)
    m = re.match(r"^(\d{3})X$", value)
    if m:
        y = int(m[1]) * 10
        return date(y, 1, 1), date(y + 9, 12, 31)
    m = re.match(r"^(\d\d)XX$", value)
    if m:
        y = int(m[1]) * 100
        return date(max(y, 1), 1, 1), date(y + 99, 12, 31)
    return None


class Timex:
    """The compiled patterns of one language's times lexicon (the parsed TOML)."""

    def __init__(self, data: Mapping[str, Any]):
        self.data = data
        self.months = {k.lower(): v for k, v in data["months"].items()}
        self.months.update({k.lower(): v for k, v in data.get("month_abbrevs", {}).items()})
        self.weekdays = dict(data["weekdays"])
        self.parts = {re.sub(r"\s+", " ", k.lower()): v for k, v in data["parts"].items()}
        self.seasons = dict(data["seasons"])
        self.numbers = {k.lower(): v for k, v in data["numbers"].items() if k != "vague"}
        self.vague = set(data["numbers"].get("vague", []))
        self.units = {k: tuple(v) for k, v in data["units"].items()}
        self.words = data["words"]
        self.deictic = {k.lower(): v for k, v in data["deictic"].items()}
        self.refs = {w.lower().replace("’", "'"): ref for ref, ws in data["refs"].items()
                     for w in ws}
        self.feasts = {k.lower(): tuple(v) for k, v in data.get("feasts", {}).items()}
        self.fixed = {k.lower(): tuple(v) for k, v in data.get("fixed", {}).items()}
        self.duration_nouns = {w.lower() for w in data.get("duration_nouns", {}).get("words", [])}
        self.vague_span = {k: tuple(v) for k, v in data.get("vague_span", {}).items()}
        age = data.get("age", {})
        self.age_nouns = {w.lower() for w in age.get("nouns", [])}
        self.age_before = [w.lower() for w in age.get("before", [])]
        month_alt = _alternation(data["months"].keys())
        abbrev_alt = _alternation(data.get("month_abbrevs", {}).keys())
        fragments = {
            "MONTH": f"(?:{month_alt}|{abbrev_alt}\\.)",
            "WD": _alternation(self.weekdays),
            "PART": _alternation(data["parts"].keys()),
            "NUM": _alternation(self.numbers),
            "VAGUE": _alternation(self.vague),
            "UNIT": _alternation(self.units),
            "PAST": _alternation(self.words["rel_past"]),
            "NEXT": _alternation(self.words["rel_next"]),
            "SEASON": _alternation(self.seasons),
            "DEICTIC": _alternation(self.deictic),
            "REF": _alternation(self.refs),
            "FEAST": _alternation(self.feasts),
            "FIXED": _alternation(self.fixed) if self.fixed else "(?!)",
            "PHASE": _alternation(self.words["phase"]),
        }
        for _ in range(3):  # fragments may use fragments
            for name, frag in data.get("fragments", {}).items():
                fragments[name] = self._fill(frag, fragments)
        self.rules = []
        for rule in data["rules"]:
            pattern = self._fill(rule["pattern"], fragments)
            rx = re.compile(r"(?<![\w])" + pattern + r"(?![\w])", re.IGNORECASE)
            self.rules.append((rule["id"], rule["kind"], rx))

    @staticmethod
    def _fill(pattern: str, fragments: Mapping[str, str]) -> str:
        return re.sub(r"\{([A-Z]+)\}", lambda m: fragments.get(m[1], m[0]), pattern)

    # ------------------------------------------------------------------ helpers
    def _num(self, s: str | None) -> float | None:
        if s is None:
            return None
        s = re.sub(r"\s+", " ", s.lower().replace("’", "'"))
        if s in self.vague:
            return None
        if re.fullmatch(r"\d+(?:[,.]\d+)?", s):
            return float(s.replace(",", "."))
        return self.numbers.get(s)

    def _month(self, s: str) -> int:
        return self.months[s.lower().rstrip(".")]

    def _day(self, s: str) -> int:
        s = s.lower()
        return 1 if s in ("1er", "1re", "premier") else int(s)

    def _part(self, s: str | None) -> str | None:
        if not s:
            return None
        return self.parts.get(re.sub(r"\s+", " ", s.lower().replace("’", "'")))

    @staticmethod
    def _rel(s: str | None) -> int:
        if not s:
            return 0
        s = s.lower()
        if s.startswith(("dernier", "dernière", "passé", "précédent")):
            return -1
        return 1

    @staticmethod
    def _pick(cands: list[date], anchor: date, tense: str | None, slack: int = 75) -> date:
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

    def _weekday(self, wd: int, anchor: date, tense: str | None, rel: int = 0,
                 this: bool = False) -> date:
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

    # ------------------------------------------------------------------ tagging
    def tag(self, text: str, anchor: date | None = None,
            tense: Tense | None = None) -> list[TimexMatch]:
        tense = tense or (lambda s, e: None)
        cands = []
        for order, (rid, kind, rx) in enumerate(self.rules):
            for m in rx.finditer(text):
                if m.end() > m.start():
                    cands.append((m.start(), m.end(), order, rid, kind, m))
        cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
        chosen, taken = [], []
        for c in cands:
            if any(c[0] < e and s < c[1] for s, e in taken):
                continue
            chosen.append(c)
            taken.append((c[0], c[1]))
        chosen.sort(key=lambda c: c[0])
        sentences = [(m.start(), m.end()) for m in re.finditer(
            r"[^\n]+?(?:[.!?…]+(?=\s+[«\"A-ZÀÉÈÊÎÔ_-]|\s*$)|$)", text, re.M)]
        out: list[TimexMatch] = []
        last_day: date | None = None
        year_of_sentence: dict[int, int] = {}
        for start, end, _, rid, kind, m in chosen:
            handler = getattr(self, f"_k_{kind}")
            sent = self._sentence_index(sentences, start)
            ctx = _Ctx(text, start, end, anchor, self._cue(text, start) or tense(start, end),
                       last_day, m, year_of_sentence.get(sent))
            for item in handler(ctx) or ():
                s, e, value, type_, interval = item
                span_text = text[s:e]
                # trim outer punctuation and spaces the patterns may have swallowed
                while span_text and span_text[-1] in " ,;:":
                    span_text, e = span_text[:-1], e - 1
                tm = TimexMatch(s, e, span_text, value, type_, rid,
                                interval if interval is not None else interval_of(value))
                out.append(tm)
                if type_ in ("DATE", "TIME") and re.match(r"\d{4}-\d\d-\d\d", value) \
                        and tm.interval is not None:   # no interval: not in the calendar
                    last_day = tm.interval[0]
                if type_ == "DATE" and re.fullmatch(r"\d{4}", value) and rid != "date.year_pair":
                    year_of_sentence[sent] = int(value)
        return self._clock_dates(out, sentences, anchor)

    @staticmethod
    def _cue(text: str, start: int) -> str | None:
        """A preposition that fixes the direction: "depuis" looks back, "d'ici" ahead."""
        before = text[max(0, start - 12):start].lower().replace("’", "'")
        if re.search(r"\bdepuis\s*$", before):
            return "past"
        if re.search(r"(?:\bjusqu'(?:à|au|en)|\bd'ici(?:\s+(?:à|au|le|la))?)\s*$", before):
            return "future"
        return None

    @staticmethod
    def _sentence_index(sentences, pos: int) -> int:
        for i, (s, e) in enumerate(sentences):
            if s <= pos < e:
                return i
        return -1

    def _clock_dates(self, items: list[TimexMatch], sentences, anchor) -> list[TimexMatch]:
        """Give clock times ("22 h") the day of a date of their sentence, or the anchor."""
        def sentence_of(pos):
            for s, e in sentences:
                if s <= pos < e:
                    return s, e
            return pos, pos

        out = []
        for i, t in enumerate(items):
            if not t.value.startswith("XXXX-XX-XXT"):
                out.append(t)
                continue
            s, e = sentence_of(t.start)
            day = None
            for j in list(range(i - 1, -1, -1)) + list(range(i + 1, len(items))):
                o = items[j]
                if not (s <= o.start < e):
                    continue
                if o.type in ("DATE", "TIME") and re.match(r"\d{4}-\d\d-\d\d", o.value):
                    day = o.value[:10]
                    break
            if day is None:
                k = self._sentence_index(sentences, t.start)
                lo = sentences[max(0, k - 4)][0] if k >= 0 else t.start
                for o in reversed(items[:i]):
                    if o.start < lo:
                        break
                    if o.type in ("DATE", "TIME") and re.match(r"\d{4}-\d\d-\d\d", o.value):
                        day = o.value[:10]
                        break
            if day is None and anchor is not None:
                day = anchor.isoformat()
            if day is None:
                out.append(t)
                continue
            value = day + t.value[10:]
            d = date.fromisoformat(day)
            out.append(TimexMatch(t.start, t.end, t.text, value, t.type, t.rule, (d, d)))
        return out

    # ------------------------------------------------------------------ normalisers
    # Each returns a list of (start, end, value, type, interval or None).
    def _span_from(self, ctx, group: str | None) -> int:
        m = ctx.m
        if group and m.group(group) is not None:
            return m.start(group)
        return ctx.start

    def _date_value(self, ctx, day: int, month: int, year: str | None, rel: int,
                    yy: str | None = None) -> str:
        if year:
            return f"{int(year):04d}-{month:02d}-{day:02d}"
        if yy:
            y = int(yy)
            return f"{(1900 + y) if y > 30 else (2000 + y):04d}-{month:02d}-{day:02d}"
        if ctx.year is not None:
            return f"{ctx.year:04d}-{month:02d}-{day:02d}"
        a = ctx.anchor
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
            d = self._pick(cands, a, ctx.tense)
        return d.isoformat()

    def _with_part(self, value: str, part: str | None) -> tuple[str, str]:
        code = self._part(part)
        if not code or not re.match(r"(?:\d{4}-\d\d-\d\d|XXXX-WXX-\d)$", value):
            return value, "DATE"
        if code.startswith("T"):
            return value + code, "TIME"
        return f"{value}T{code}", "TIME"

    def _k_date(self, ctx):
        m = ctx.m
        day, month = self._day(m["day"]), self._month(m["month"])
        if m["rel"]:
            ctx.year = None
        value = None
        if m["wd"] and not m["year"] and ctx.anchor is not None:
            # "le jeudi 12 septembre": the year in which the 12th is a Thursday
            wd = self.weekdays[m["wd"].lower()]
            fits = []
            for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2):
                try:
                    d = date(y, month, day)
                except ValueError:
                    continue
                if d.isoweekday() == wd:
                    fits.append(d)
            if fits:
                value = min(fits, key=lambda d: abs((d - ctx.anchor).days)).isoformat()
        if value is None:
            value = self._date_value(ctx, day, month,
                                     m["year"] if m["year"] and not m["yy"] else None,
                                     self._rel(m["rel"]), m["yy"])
        value, type_ = self._with_part(value, m["part"])
        return [(ctx.start, ctx.end, value, type_, None)]

    def _k_day_pair(self, ctx):
        m = ctx.m
        month, rel = self._month(m["month"]), self._rel(m["rel"])
        v2 = self._date_value(ctx, self._day(m["day"]), month, m["year"], rel)
        v1 = v2[:8] + f"{self._day(m['day1']):02d}"
        d1_end = m.end("day1")
        return [(ctx.start, d1_end, v1, "DATE", None),
                (m.start("rest"), ctx.end, v2, "DATE", None)]

    def _k_numeric(self, ctx):
        m = ctx.m
        d, mo, y = int(m["day"]), int(m["mon"]), int(m["year"])
        if len(m["year"]) == 2:
            y = 1900 + y if y > 30 else 2000 + y
        try:
            date(y, mo, d)
        except ValueError:
            return []
        return [(ctx.start, ctx.end, f"{y:04d}-{mo:02d}-{d:02d}", "DATE", None)]

    def _phase_interval(self, phase: str | None, lo: date, hi: date, unit: str):
        if not phase:
            return None
        p = re.sub(r"^(?:à la|au|la|dans le)\s+", "", phase.lower()).split()[0].rstrip("-")
        if unit == "month" and p in PHASES:
            a, b = PHASES[p]
            return lo.replace(day=a), hi.replace(day=min(b, hi.day))
        if unit == "year" and p in YEAR_PHASES:
            a, b = YEAR_PHASES[p]
            return date(lo.year, a, 1), _month_end(lo.year, b)
        return None

    def _k_month(self, ctx):
        m = ctx.m
        month = self._month(m["month"])
        word = m["month"].lower()
        # "mai"/"mars" capitalised inside a sentence are rarely the month alone
        if not m["year"] and not m["yy"] and not m["phase"] and not m["rel"]:
            prev = ctx.text[max(0, ctx.start - 12):ctx.start].lower()
            if word in ("mars",) and m["month"][0].isupper():
                return []
            if not re.search(r"(?:\ben|\bde|\bd'|\bdu|\bau|\bdepuis|\bfin|\bdébut|\bmi-?|"
                             r"\bjusqu'en|\bet|\bou|-|,|\bce|\bmois)\s*$",
                             prev.replace("’", "'")):
                if not (ctx.start == 0 or ctx.text[ctx.start - 1] == "\n"):
                    return []
        rel_word = m["rel"]
        if not rel_word:
            follow = re.match(r"\s+(?:et|ou|à)\s+(?:en\s+)?\w+\s+(derni\w+|prochain\w*)",
                              ctx.text[ctx.end:ctx.end + 40], re.IGNORECASE)
            if follow and follow.group(0).split()[-2].lower().rstrip(".") in self.months:
                rel_word = follow.group(1)
        if not m["year"] and not m["yy"] and ctx.year is not None and not rel_word:
            value = f"{ctx.year:04d}-{month:02d}"
        elif m["year"] or m["yy"]:
            y = int(m["year"]) if m["year"] else int(m["yy"])
            if not m["year"]:
                y = 1900 + y if y > 30 else 2000 + y
            value = f"{y:04d}-{month:02d}"
        elif ctx.anchor is None:
            value = f"XXXX-{month:02d}"
        else:
            a = ctx.anchor
            cands = [date(y, month, 15) for y in (a.year - 1, a.year, a.year + 1)]
            rel = self._rel(rel_word)
            am = a.replace(day=15)
            if rel < 0:
                d = max(c for c in cands if c < am) if month != a.month else am.replace(
                    year=a.year - 1)
            elif rel > 0:
                d = min(c for c in cands if c > am)
            elif month == a.month:
                d = am
            else:
                d = self._pick(cands, am, ctx.tense, slack=45)
            value = f"{d.year:04d}-{month:02d}"
        interval = interval_of(value)
        if interval and m["phase"]:
            interval = self._phase_interval(m["phase"], *interval, "month") or interval
        start = ctx.start
        if m["det"] and m["det"].lower() == "au" and not m["phase"]:
            start = m.start("month")
        return [(start, ctx.end, value, "DATE", interval)]

    def _k_year(self, ctx):
        m = ctx.m
        year = int(m["year"])
        if not m["det"] and not m["phase"]:
            prev = ctx.text[max(0, ctx.start - 25):ctx.start].lower()
            # numbers of things, not years: "les 2000 manifestants", "n° 1999"
            if re.search(r"(?:\bles|\bdes|\bces|\bn°|\bnuméro|\bà|\bsur|\bpour)\s*$", prev) and \
                    not re.search(r"(?:depuis|entre|\bde|\ben|jusqu'en|fin|début)\s*$", prev):
                nxt = ctx.text[ctx.end:ctx.end + 3]
                if not nxt.startswith((",", ".", ")", " à", " et")):
                    return []
            if ctx.anchor is not None and year > ctx.anchor.year + 30:
                return []
        value = f"{year:04d}"
        interval = interval_of(value)
        if m["phase"]:
            interval = self._phase_interval(m["phase"], *interval, "year") or interval
        return [(ctx.start, ctx.end, value, "DATE", interval)]

    def _k_year_pair(self, ctx):
        m = ctx.m
        y1 = int(m["y1"])
        y2s = m["y2"]
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if y2 <= y1 or y2 - y1 > 100:
            return []
        return [(ctx.start, m.end("y1"), f"{y1:04d}", "DATE", None),
                (m.start("y2"), ctx.end, f"{y2:04d}", "DATE", None)]

    def _k_short_year(self, ctx):
        y = int(ctx.m["yy"])
        return [(ctx.start, ctx.end, f"{1900 + y:04d}", "DATE", None)]

    def _k_decade(self, ctx):
        d = ctx.m["dec"]
        if len(d) == 2:
            d = ("20" if int(d) < 30 and ctx.anchor and ctx.anchor.year >= 2030 else "19") + d
        return [(ctx.start, ctx.end, d[:3] + "X", "DATE", None)]

    def _k_century(self, ctx):
        try:
            n = _roman(ctx.m["roman"])
        except KeyError:
            return []
        if not 1 <= n <= 22:
            return []
        return [(ctx.start, ctx.end, f"{n - 1:02d}XX", "DATE", None)]

    def _k_season(self, ctx):
        m = ctx.m
        code = self.seasons[m["season"].lower()]
        det = (m.groupdict().get("det") or "").lower().strip()
        if m["year"]:
            y = int(m["year"])
        elif ctx.anchor is None:
            return [(ctx.start, ctx.end, f"XXXX-{code}", "DATE", None)]
        else:
            a = ctx.anchor
            rel = self._rel(m.groupdict().get("rel"))
            this_y = a.year - (1 if code == "WI" and a.month <= 3 else 0)
            lo, hi = interval_of(f"{this_y}-{code}")
            if not det and ctx.tense == "present" and not (lo <= a <= hi):
                return [(ctx.start, ctx.end, f"XXXX-{code}", "DATE", None)]
            if rel < 0:
                y = this_y - 1 if lo > a or lo <= a <= hi else this_y
            elif rel > 0:
                y = this_y + 1 if lo <= a else this_y
            elif lo <= a <= hi or det.startswith("ce"):
                y = this_y
            else:
                def dist(yy):
                    l2, h2 = interval_of(f"{yy}-{code}")
                    return min(abs((l2 - a).days), abs((h2 - a).days))
                y = min((this_y - 1, this_y, this_y + 1), key=dist)
        return [(ctx.start, ctx.end, f"{y:04d}-{code}", "DATE", None)]

    def _k_deictic(self, ctx):
        m = ctx.m
        off = self.deictic[m["deictic"].lower().replace("’", "'")]
        if ctx.anchor is None:
            return [(ctx.start, ctx.end, "PRESENT_REF" if off == 0 else "XXXX-XX-XX",
                     "DATE", None)]
        value = (ctx.anchor + timedelta(days=off)).isoformat()
        if off == 0 and not m["part"] and not m["wd"]:
            before = ctx.text[max(0, ctx.start - 3):ctx.start]
            after = ctx.text[ctx.end:ctx.end + 1]
            opening = (not before.strip() or before.rstrip()[-1:] in ".!?»\",") and after == ","
            if opening:
                return [(ctx.start, ctx.end, "PRESENT_REF", "TIME",
                         (ctx.anchor, ctx.anchor))]
        value, type_ = self._with_part(value, m["part"])
        return [(ctx.start, ctx.end, value, type_, None)]

    def _k_this_part(self, ctx):
        m = ctx.m
        if ctx.anchor is None:
            return [(ctx.start, ctx.end, "PRESENT_REF", "TIME", None)]
        code = self._part(m["part"])
        d = ctx.anchor
        if code == "NI" and ctx.tense == "past":
            d = d - timedelta(days=1)
        value, type_ = self._with_part(d.isoformat(), m["part"])
        return [(ctx.start, ctx.end, value, type_, None)]

    def _k_part_alone(self, ctx):
        m = ctx.m
        code = self._part(m["part"])
        if code is None or code == "DT" or m["part"].lower() == "journée":
            return []
        d = ctx.last_day or ctx.anchor
        start = m.start("det")
        if d is None:
            return [(start, ctx.end, f"XXXX-XX-XXT{code}", "TIME", None)]
        return [(start, ctx.end, f"{d.isoformat()}T{code}", "TIME", None)]

    def _k_weekday(self, ctx):
        m = ctx.m
        wd = self.weekdays[m["wd"].lower()]
        det = (m["det"] or "").lower()
        tense = ctx.tense
        if re.search(r"(?:depuis|dès)\s*$", ctx.text[max(0, ctx.start - 8):ctx.start].lower()):
            tense = "past"
        elif re.search(r"(?:jusqu'à|jusqu’à|jusqu'au|jusqu’au|d'ici|d’ici)\s*$",
                       ctx.text[max(0, ctx.start - 10):ctx.start].lower()):
            tense = "future"
        if ctx.anchor is None:
            value = f"XXXX-WXX-{wd}"
        else:
            d = self._weekday(wd, ctx.anchor, tense, self._rel(m["rel"]),
                              this=det.startswith("ce"))
            value = d.isoformat()
        value, type_ = self._with_part(value, m["part"])
        start = ctx.start
        return [(start, ctx.end, value, type_, None)]

    def _k_night_weekdays(self, ctx):
        m = ctx.m
        wd1 = self.weekdays[m["wd1"].lower()]
        if ctx.anchor is None:
            return [(ctx.start, ctx.end, f"XXXX-WXX-{wd1}TNI", "TIME", None)]
        if m["wd"]:
            wd2 = self.weekdays[m["wd"].lower()]
            d2 = self._weekday(wd2, ctx.anchor, ctx.tense, self._rel(m["rel"]))
            d1 = d2 - timedelta(days=(wd2 - wd1) % 7 or 7)
        else:
            d1 = self._weekday(wd1, ctx.anchor, ctx.tense, self._rel(m["rel"]))
            if ctx.tense == "past" and d1 == ctx.anchor:
                d1 -= timedelta(days=7)
        return [(ctx.start, ctx.end, f"{d1.isoformat()}TNI", "TIME",
                 (d1, d1 + timedelta(days=1)))]

    def _k_night_days(self, ctx):
        m = ctx.m
        v2 = self._date_value(ctx, self._day(m["day"]), self._month(m["month"]), m["year"], 0)
        if v2.startswith("X"):
            return [(ctx.start, ctx.end, v2 + "TNI", "TIME", None)]
        d2 = date.fromisoformat(v2)
        d1 = d2 - timedelta(days=1)
        return [(ctx.start, ctx.end, f"{d1.isoformat()}TNI", "TIME", (d1, d2))]

    def _k_relday(self, ctx):
        m = ctx.m
        rel = re.sub(r"\s+", " ", m["rel"].lower())
        det = (m["det"] or "").lower()
        if rel in ("veille", "avant-veille") and det not in ("la", "l'", "l’") and \
                not ctx.text[max(0, ctx.start - 4):ctx.start].lower().endswith(("la ", "de ")):
            return []
        if rel in ("même jour", "jour même") and not det and \
                not ctx.text[max(0, ctx.start - 3):ctx.start].lower().endswith("au "):
            return []
        base = ctx.last_day or ctx.anchor
        if base is None:
            return [(ctx.start, ctx.end, "XXXX-XX-XX", "DATE", None)]
        off = {"lendemain": 1, "surlendemain": 2, "veille": -1, "avant-veille": -2}.get(rel, 0)
        value = (base + timedelta(days=off)).isoformat()
        part = m["part"] if m["part"] and m["part"].lower() != "même" else None
        if rel.endswith(" même") and rel.split()[0] in ("matin", "soir"):
            part, off = rel.split()[0], 0
        value, type_ = self._with_part(value, part)
        return [(ctx.start, ctx.end, value, type_, None)]

    def _k_period(self, ctx):
        m = ctx.m
        period = m["period"].lower()
        det = (m.groupdict().get("det") or "").lower().replace("’", "'")
        phase = m.groupdict().get("phase")
        ci = (m.groupdict().get("ci") or "").lower()
        rel = self._rel(m["rel"])
        this = det in ("cette", "ce", "cet") or phase is not None and not m["rel"]
        if ci == "-là":
            return []
        if not this and not m["rel"]:
            return []
        if m["rel"] and m["rel"].lower().startswith(("suivant", "précédent")):
            return []  # relative to a reference time, not to the anchor: leave out
        a = ctx.anchor
        if a is None:
            return [(ctx.start, ctx.end, "PAST_REF" if rel < 0 else
                     "FUTURE_REF" if rel > 0 else "PRESENT_REF", "DATE", None)]
        if period in ("semaine",):
            d = a + timedelta(days=7 * rel)
            value = _week(d)
        elif period in ("week-end", "weekend"):
            if rel < 0:
                d = a - timedelta(days=(a.isoweekday() + 1) % 7 + 1 if a.isoweekday() < 6
                                  else 7)
            elif rel > 0:
                d = a + timedelta(days=7 if a.isoweekday() >= 6 else 6 - a.isoweekday())
            else:
                d = a if a.isoweekday() >= 6 else a + timedelta(days=6 - a.isoweekday())
                if ctx.tense == "past" and a.isoweekday() < 6:
                    d = a - timedelta(days=a.isoweekday() + 1)
            value = _week(d) + "-WE"
        elif period == "mois":
            d = _add_months(a, rel)
            value = f"{d.year:04d}-{d.month:02d}"
        elif period == "trimestre":
            d = _add_months(a, 3 * rel)
            value = f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        elif period == "semestre":
            d = _add_months(a, 6 * rel)
            value = f"{d.year:04d}-H{(d.month - 1) // 6 + 1}"
        else:
            value = f"{a.year + rel:04d}"
        interval = interval_of(value)
        if phase and interval:
            if period == "mois":
                interval = self._phase_interval(phase, *interval, "month") or interval
            elif period in ("année", "an"):
                interval = self._phase_interval(phase, *interval, "year") or interval
        return [(ctx.start, ctx.end, value, "DATE", interval)]

    def _quantity(self, m) -> tuple[float | None, str, bool, float] | None:
        """(number or None if vague, letter, clock unit?, multiplier)."""
        unit = m["unit"].lower()
        if unit not in self.units:
            return None
        letter, clock, mult = self.units[unit]
        n = self._num(m["qty"])
        if n is not None and m.groupdict().get("half"):
            n += 0.5
        return n, letter, clock, mult

    @staticmethod
    def _duration_value(n: float | None, letter: str, clock: bool, mult: float) -> str:
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

    def _k_ago(self, ctx):
        q = self._quantity(ctx.m)
        if q is None:
            return []
        n, letter, clock, mult = q
        a = ctx.anchor
        if n is None:
            near, far = self.vague_span.get("ago", (2, 9))
            interval = None
            if a is not None and not clock:
                interval = (_shift(a, letter, -far * mult), _shift(a, letter, -near * mult))
            return [(ctx.start, ctx.end, self._duration_value(None, letter, clock, mult),
                     "DURATION", interval)]
        if a is None:
            return [(ctx.start, ctx.end, "PAST_REF", "DATE", None)]
        if clock:
            return [(ctx.start, ctx.end, a.isoformat(), "DATE", None)]
        d = _shift(a, letter, -n * mult)
        value = d.isoformat()
        if letter == "Y" and mult * n >= 1 and n == int(n):
            value = f"{d.year:04d}"
        elif letter == "M" and n == int(n) and mult * n >= 1:
            value = f"{d.year:04d}-{d.month:02d}"
        elif letter == "W":
            value = _week(d) if ctx.m["mod"] else d.isoformat()
        return [(ctx.start, ctx.end, value, "DATE", None)]

    def _k_in(self, ctx):
        q = self._quantity(ctx.m)
        if q is None:
            return []
        n, letter, clock, mult = q
        a = ctx.anchor
        if re.match(r"\s+d(?:e|u|es)\s", ctx.text[ctx.end:ctx.end + 5]):
            return []  # "dans un jour de grande forme"
        if n is None:
            return [(ctx.start, ctx.end, "FUTURE_REF", "DATE", None)]
        if a is None or clock:
            dur = self._duration_value(n, letter, clock, mult)
            return [(ctx.m.start("qty") if not ctx.m["mod"] else ctx.m.start("mod"),
                     ctx.end, dur, "DURATION", None)]
        d = _shift(a, letter, n * mult)
        value = d.isoformat()
        if letter == "Y" and n == int(n):
            value = f"{d.year:04d}"
        elif letter == "M" and n == int(n):
            value = f"{d.year:04d}-{d.month:02d}"
        return [(ctx.start, ctx.end, value, "DATE", None)]

    def _k_recent(self, ctx):
        m = ctx.m
        q = self._quantity(m)
        if q is None:
            return []
        n, letter, clock, mult = q
        start = m.start("det") if m["det"] else m.start("adj") if m.start("adj") < (
            m.start("qty") if m["qty"] else 10**9) else m.start("qty")
        future = m["adj"].lower().startswith("prochain")
        value = self._duration_value(n, letter, clock, mult)
        a = ctx.anchor
        interval = None
        if a is not None and not clock:
            near, far = self.vague_span.get("recent", (0, 6))
            k = n if n is not None else far
            if future:
                interval = (a, _shift(a, letter, k * mult))
            else:
                interval = (_shift(a, letter, -k * mult), a)
        elif a is not None:
            interval = (a - timedelta(days=max(1, int((n or 24) * mult) // 24)), a)
        return [(start, ctx.end, value, "DURATION", interval)]

    def _is_age(self, ctx) -> bool:
        """"un homme de 45 ans", "Pierre, 97 ans,", "les 6-16 ans": ages, not durations."""
        m = ctx.m
        if m["unit"].lower() not in ("ans", "an") or m["qty"] is None:
            return False
        if self._num(m["qty"]) is None:
            return False
        before = ctx.text[max(0, ctx.start - 40):ctx.start].lower().replace("’", "'")
        after = ctx.text[ctx.end:ctx.end + 12]
        if re.search(r"[,(]\s*$", before) and re.match(r"\s*(?:[,);.]|et\b|$)", after):
            return True  # "Pierre Monod, 97 ans," / "(45 ans)"
        if re.search(r"\d\s*-\s*$", before) or re.search(r"\bles\s+(?:moins|plus)\s+de\s*$",
                                                          before) or (
                re.search(r"\bles\s*$", before) and (m.groupdict().get("mod") or "").lower().startswith(
                    ("moins", "plus"))):
            return True  # "les 6-16 ans", "les moins de 17 ans"
        for phrase in self.age_before:
            if phrase not in ("moins de", "plus de") and before.rstrip().endswith(phrase):
                return True
        words = re.findall(r"[\w'-]+", before)
        if words and words[-1] == "à" and not m.groupdict().get("mod") and \
                not re.match(r"\s+(?:de|d'|d’)", after) and \
                not re.search(r"(?:ici|jusqu')\s*à\s*$", before):
            return True  # "partir en retraite à 62 ans", but "condamné à dix ans de prison"
        if words and words[-1] in ("de", "d'") and len(words) >= 2:
            return words[-2] not in self.duration_nouns
        return False

    def _k_duration(self, ctx):
        m = ctx.m
        q = self._quantity(m)
        if q is None:
            return []
        n, letter, clock, mult = q
        unit = m["unit"].lower()
        qty = (m["qty"] or "").lower()
        before = ctx.text[max(0, ctx.start - 30):ctx.start].lower().replace("’", "'")
        if self._is_age(ctx):
            return []
        if qty in ("un", "une") and unit == "seconde" and not m.groupdict().get("mod") and \
                not re.search(r"(?:pendant|durant|en|pour)\s*$", before):
            return []  # "une seconde fois"
        if n is None and qty == "des" and unit not in ("années", "mois", "semaines",
                                                       "décennies", "siècles"):
            return []
        if qty in ("un", "une") and unit in ("jour", "nuit") and not m.groupdict().get("mod") and \
                not re.search(r"(?:pendant|durant|depuis|en|pour|de)\s*$", before):
            return []  # "un jour" is usually "some day"
        if clock and letter == "H" and n is not None and n == int(n) and n <= 24 and \
                not m.groupdict().get("mod") and re.search(
                    r"(?:\bà|\bvers|\bdès|\bjusqu'à|\bentre|\bavant|\baprès|\bet|\bde|\bd')\s*$",
                    before) and not re.search(r"(?:pendant|durant|depuis|en)\s*$", before):
            return []  # "à 10 heures": a clock time, see the clock rule
        value = self._duration_value(n, letter, clock, mult)
        interval = None
        a = ctx.anchor
        if a is not None and re.search(r"depuis\s*$", before) and not clock:
            k = n if n is not None else self.vague_span.get("recent", (0, 6))[1]
            interval = (_shift(a, letter, -k * mult), a)
        return [(ctx.start, ctx.end, value, "DURATION", interval)]

    def _k_clock(self, ctx):
        m = ctx.m
        gd = m.groupdict()
        before = ctx.text[max(0, ctx.start - 30):ctx.start].lower().replace("’", "'")
        if gd.get("word"):
            if not re.search(r"(?:\bà|\bvers|\bdès|\bjusqu'à|\bavant|\baprès|\bhier|\bce|"
                             r"\bdemain|\bentre|\bet|\bde)\s*$", before):
                return []
            hh, mm = (12, 0) if gd["word"].lower() == "midi" else (24, 0)
        else:
            hh, mm = int(m["h"]), int(m["m"] or 0)
            if "heure" in ctx.text[ctx.start:ctx.end].lower():
                if not re.search(r"(?:\bà|\bvers|\bdès|\bjusqu'à|\bentre|\bavant|\baprès|"
                                 r"\bet|\bde|\bd')\s*$", before) or \
                        re.search(r"(?:pendant|durant|depuis|\ben)\s*$", before):
                    return []
            if re.search(r"(?:km|kilomètres?|m)\s*/?\s*$", before):
                return []
        return [(ctx.start, ctx.end, f"XXXX-XX-XXT{hh:02d}:{mm:02d}", "TIME", None)]

    def _k_ref(self, ctx):
        ref = self.refs.get(re.sub(r"\s+", " ", ctx.m["ref"].lower().replace("’", "'")))
        if ref is None:
            return []
        interval = (ctx.anchor, ctx.anchor) if ref == "PRESENT_REF" and ctx.anchor else None
        return [(ctx.start, ctx.end, ref, "TIME", interval)]

    def _k_fixed(self, ctx):
        value, type_ = self.fixed[ctx.m["word"].lower()]
        return [(ctx.start, ctx.end, value, type_, None)]

    def _k_prenominal(self, ctx):
        return [(ctx.m.start("word"), ctx.end, "FUTURE_REF", "TIME", None)]

    def _k_duration_pair(self, ctx):
        m = ctx.m
        q = self._quantity(m)
        n1 = self._num(m["qty1"])
        if q is None or q[0] is None or n1 is None or self._is_age(ctx) or n1 >= q[0]:
            return []
        n, letter, clock, mult = q
        return [(ctx.start, m.end("qty1"), self._duration_value(n1, letter, clock, mult),
                 "DURATION", None),
                (m.start("qty"), ctx.end, self._duration_value(n, letter, clock, mult),
                 "DURATION", None)]

    def _k_set(self, ctx):
        m = ctx.m
        unit = m["unit"].lower()
        n = self._num(m.groupdict().get("qty")) or 1
        wd = self.weekdays.get(unit.rstrip("s"))
        if wd:
            return [(ctx.start, ctx.end, f"XXXX-WXX-{wd}", "SET", None)]
        if unit.startswith(("matin", "soir")):
            code = "MO" if unit.startswith("matin") else "EV"
            return [(ctx.start, ctx.end, f"XXXX-XX-XXT{code}", "SET", None)]
        if unit.startswith("week-end"):
            return [(ctx.start, ctx.end, "XXXX-WXX-WE", "SET", None)]
        if unit not in self.units:
            return []
        letter, clock, mult = self.units[unit]
        return [(ctx.start, ctx.end, self._duration_value(n, letter, clock, mult), "SET", None)]

    def _k_feast(self, ctx):
        m = ctx.m
        month, day = self.feasts[re.sub(r"\s+", " ", m["feast"].lower().replace("’", "'"))]
        value = self._date_value(ctx, day, month, m["year"], 0)
        return [(ctx.start, ctx.end, value, "DATE", None)]


@dataclass
class _Ctx:
    text: str
    start: int
    end: int
    anchor: date | None
    tense: str | None
    last_day: date | None
    m: re.Match
    year: int | None = None
