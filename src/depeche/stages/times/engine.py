"""Recognition and TIMEX3 normalisation of temporal expressions.

The patterns and words live in `lang/<lang>/times.toml` (compiled once by `lexicon.py`);
each rule has a `kind`, the normaliser that turns its match into values: `dates.py`,
`deictic.py`, `durations.py`, `clock.py`. `Timex.tag(text, anchor, tense)` returns the
expressions of a text, each with its span, TIMEX3 value and type, its inclusive date
interval (when it has one) and the id of the rule that found it.

`anchor` is the publication date (None: relative expressions are recognised, their
value left unresolved, "XXXX-XX-XX"-like). `tense(start, end)` says whether the verb
governing a span is "past", "future", "present" or None; it picks the Saturday before
or after for a bare "samedi".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Mapping

from .clock import HANDLERS as CLOCK, clock_dates, sentence_index
from .context import Hit, TextContext
from .intervals import interval_of
from .dates import HANDLERS as DATES
from .deictic import HANDLERS as DEICTIC
from .durations import HANDLERS as DURATIONS
from .lexicon import TimesLexicon

__all__ = ["HANDLERS", "Timex", "TimexMatch"]

Tense = Callable[[int, int], "str | None"]

# kind (of a rule of the lexicon) -> normaliser
HANDLERS = {**DATES, **DEICTIC, **DURATIONS, **CLOCK}

# a sentence ends at a stop before a capital, or glued to one in scraped text ("selon
# l'ONU.Une décision": a year of the one is not the other's)
_SENTENCE = re.compile(r"[^\n]+?(?:[.!?…]+(?=\s+[«\"A-ZÀÉÈÊÎÔ_-]|(?<=[a-zà-ÿA-Z)\]»\"]{2}[.!?])"
                       r"[A-ZÀÉÈÊÎÔ][a-zà-ÿ]|\s*$)|$)", re.M)
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
_YEAR_VALUE = re.compile(r"\d{4}")
_WRITTEN_MONTH = re.compile(r"(\d{4})-(\d\d)(?:-\d\d)?$")
_WRITTEN_YEAR = re.compile(r"\b\d{4}\b")
# the year of this rule's dates does not become the year of its sentence
_NOT_SENTENCE_YEAR = "date.year_pair"


@dataclass(frozen=True)
class TimexMatch:
    start: int
    end: int
    text: str
    value: str
    type: str
    rule: str
    interval: tuple[date, date] | None = None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    order: int
    rule: str
    kind: str
    m: re.Match


class Timex:
    """The compiled patterns of one language's times lexicon (the parsed TOML, or its
    compiled `TimesLexicon`)."""

    def __init__(self, data: Mapping[str, Any] | TimesLexicon):
        self.lex = data if isinstance(data, TimesLexicon) else TimesLexicon.from_data(data)
        self.lex.check_kinds(HANDLERS)

    def candidates(self, text: str) -> list[_Candidate]:
        """The matches of all rules that do not overlap: the longest first, then the
        earlier rule; in text order."""
        cands = []
        for order, rule in enumerate(self.lex.rules):
            for m in rule.rx.finditer(text):
                if m.end() > m.start():
                    cands.append(_Candidate(m.start(), m.end(), order, rule.id, rule.kind, m))
        cands.sort(key=lambda c: (-(c.end - c.start), c.order, c.start))
        chosen: list[_Candidate] = []
        taken: list[tuple[int, int]] = []
        for c in cands:
            if any(c.start < e and s < c.end for s, e in taken):
                continue
            chosen.append(c)
            taken.append((c.start, c.end))
        chosen.sort(key=lambda c: c.start)
        return chosen

    def cue(self, text: str, start: int) -> str | None:
        """A preposition that fixes the direction: "depuis" looks back, "d'ici" ahead."""
        before = text[max(0, start - 12):start].lower().replace("’", "'")
        if self.lex.cues["past_before"].search(before):
            return "past"
        if self.lex.cues["future_before"].search(before):
            return "future"
        return None

    def tag(self, text: str, anchor: date | None = None,
            tense: Tense | None = None) -> list[TimexMatch]:
        tense = tense or (lambda s, e: None)
        doc = TextContext(self.lex, text, anchor)
        sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
        out: list[TimexMatch] = []
        last_day: date | None = None
        year_of_sentence: dict[int, int] = {}
        month_years: dict[int, int] = {}
        # (paragraph start, sentence, the last date written with its year)
        frame: tuple[int, int, date] | None = None
        for c in self.candidates(text):
            sent = sentence_index(sentences, c.start)
            para = text.rfind("\n", 0, c.start) + 1
            hit = Hit(doc, c.start, c.end, c.m, self.cue(text, c.start) or tense(c.start, c.end),
                      last_day, year_of_sentence.get(sent), dict(month_years),
                      _frame(frame, para, sent))
            for item in HANDLERS[c.kind](hit) or ():
                tm = _match(text, item, c.rule)
                out.append(tm)
                written = _WRITTEN_MONTH.match(tm.value)
                if written and _WRITTEN_YEAR.search(tm.text):
                    month_years[int(written[2])] = int(written[1])
                frame = _next_frame(frame, hit, tm, para, sent)
                if tm.type in ("DATE", "TIME") and _DAY_VALUE.match(tm.value) \
                        and tm.interval is not None:   # no interval: not in the calendar
                    last_day = date.fromisoformat(tm.value[:10])    # not a slip's span
                if tm.type == "DATE" and _YEAR_VALUE.fullmatch(tm.value) and \
                        c.rule != _NOT_SENTENCE_YEAR:
                    year_of_sentence[sent] = int(tm.value)
        return clock_dates(out, sentences, anchor)


# a date written with its year frames the days told without one this many sentences on
FRAME_SENTENCES = 2


def _next_frame(frame: tuple[int, int, date] | None, hit: Hit, tm: TimexMatch, para: int,
                sent: int) -> tuple[int, int, date] | None:
    """The frame after `tm`: a day or month told in the present and written with its
    year ("Le 18 mai 1980, des manifestants descendent dans les rues") opens one; a day
    it framed ("Le 21 mai, l'armée tire") carries it on."""
    if hit.tense != "present" or tm.interval is None or tm.type not in ("DATE", "TIME"):
        return frame
    written = _WRITTEN_MONTH.match(tm.value)
    if written and _WRITTEN_YEAR.search(tm.text):
        return para, sent, tm.interval[1]
    if hit.frame is not None and tm.interval[0].year == hit.frame.year:
        return para, sent, hit.frame
    return frame


def _frame(frame: tuple[int, int, date] | None, para: int, sent: int) -> date | None:
    """The date that frames a story told at `sent` in the paragraph at `para`: the last
    one written with its year in that paragraph, at most FRAME_SENTENCES before."""
    if frame is None or frame[0] != para or not 0 <= sent - frame[1] <= FRAME_SENTENCES:
        return None
    return frame[2]


def _match(text: str, item, rule: str) -> TimexMatch:
    """The match of a normaliser's item, trimmed of the outer punctuation and spaces the
    patterns may have swallowed, with its interval."""
    s, e, value, type_, interval = item
    span_text = text[s:e]
    while span_text and span_text[-1] in " ,;:":
        span_text, e = span_text[:-1], e - 1
    return TimexMatch(s, e, span_text, value, type_, rule,
                      interval if interval is not None else interval_of(value))
