"""What a normaliser reads: the text being tagged, and one match of one rule in it.

`TextContext` is built once per text (the lexicon, the text, the anchor); `Hit` once per
chosen match (its span, the regex match, the tense of its verb, the last full date seen
before it, the year a date of its sentence gave, the years the text wrote with its
months, the last date its paragraph wrote with a year). Both are frozen: a normaliser that
needs another view makes a new one with `dataclasses.replace`."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Mapping, NamedTuple

from .lexicon import TimesLexicon

__all__ = ["Hit", "Item", "TextContext"]


class Item(NamedTuple):
    """What a normaliser finds: a span, its TIMEX3 value and type, and its inclusive
    date interval (None: the engine derives it from the value)."""
    start: int
    end: int
    value: str
    type: str
    interval: tuple[date, date] | None = None


@dataclass(frozen=True)
class TextContext:
    lex: TimesLexicon
    text: str
    anchor: date | None


@dataclass(frozen=True)
class Hit:
    doc: TextContext
    start: int
    end: int
    m: re.Match
    tense: str | None
    last_day: date | None
    year: int | None = None
    # month -> the year the text last wrote with it ("janvier 2015", "le 7 janvier 2015")
    month_years: Mapping[int, int] = field(default_factory=dict)
    # the last day or month its paragraph told in the present with its year, in its
    # sentence or the two before ("Le 18 mai 1980, ... descendent ... Le 3 juin"): the
    # frame of a story told in that year
    frame: date | None = None

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def anchor(self) -> date | None:
        return self.doc.anchor

    @property
    def lex(self) -> TimesLexicon:
        return self.doc.lex

    def group(self, name: str) -> str | None:
        """A named group of the match, None when the rule has no such group."""
        return self.m.groupdict().get(name)

    def before(self, n: int, fold: bool = True) -> str:
        """The `n` characters before the match, lowercased ("’" made "'" if `fold`)."""
        s = self.text[max(0, self.start - n):self.start].lower()
        return s.replace("’", "'") if fold else s

    def after(self, n: int) -> str:
        """The `n` characters after the match, as written."""
        return self.text[self.end:self.end + n]

    def cue(self, name: str, s: str) -> bool:
        """Whether the cue regex `name` of the lexicon is found in `s` (anywhere; the
        `_before` cues are anchored at the end)."""
        return self.lex.cues[name].search(s) is not None

    def item(self, value: str, type_: str, interval=None, start: int | None = None,
             end: int | None = None) -> Item:
        return Item(self.start if start is None else start, self.end if end is None else end,
                    value, type_, interval)
