"""Clock times: "à 10 h 30", "vers 22 heures", "à midi"; and the day they fall on,
given once the whole text is tagged (a date of their sentence, or the anchor)."""
from __future__ import annotations

import re
from datetime import date

from .context import Hit, Item

_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")


def clock(hit: Hit) -> list[Item]:
    m, lex = hit.m, hit.lex
    before = hit.before(30)
    word = hit.group("word")
    if word:
        if not hit.cue("clock_word_before", before):
            return []
        hh, mm = lex.clock_words.get(word.lower(), (24, 0))
    else:
        hh, mm = int(m["h"]), int(m["m"] or 0)
        if lex.hour_word in hit.text[hit.start:hit.end].lower() and (
                not hit.cue("clock_hours_before", before)
                or hit.cue("clock_hours_not_before", before)):
            return []
        if hit.cue("speed_before", before):
            return []
    return [hit.item(f"XXXX-XX-XXT{hh:02d}:{mm:02d}", "TIME")]


HANDLERS = {"clock.clock": clock}


def sentence_index(sentences, pos: int) -> int:
    for i, (s, e) in enumerate(sentences):
        if s <= pos < e:
            return i
    return -1


def _is_day(item) -> bool:
    return item.type in ("DATE", "TIME") and _DAY_VALUE.match(item.value) is not None


def _day_for(items: list, i: int, sentences) -> str | None:
    """The day of a date in the sentence of items[i] (before it first, then after), else
    of the last date in the four sentences before."""
    t = items[i]
    k = sentence_index(sentences, t.start)
    s, e = sentences[k] if k >= 0 else (t.start, t.start)
    for j in list(range(i - 1, -1, -1)) + list(range(i + 1, len(items))):
        o = items[j]
        if s <= o.start < e and _is_day(o):
            return o.value[:10]
    lo = sentences[max(0, k - 4)][0] if k >= 0 else t.start
    for o in reversed(items[:i]):
        if o.start < lo:
            break
        if _is_day(o):
            return o.value[:10]
    return None


def clock_dates(items: list, sentences, anchor: date | None) -> list:
    """Give clock times ("22 h") the day of a date of their sentence, or the anchor."""
    out = []
    for i, t in enumerate(items):
        if not t.value.startswith("XXXX-XX-XXT"):
            out.append(t)
            continue
        day = _day_for(items, i, sentences)
        if day is None and anchor is not None:
            day = anchor.isoformat()
        if day is None:
            out.append(t)
            continue
        d = date.fromisoformat(day)
        out.append(type(t)(t.start, t.end, t.text, day + t.value[10:], t.type, t.rule, (d, d)))
    return out
