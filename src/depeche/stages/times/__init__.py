"""times: temporal expressions as TIMEX3 values anchored on the publication date.

Recognition and normalisation are the `Timex` engine (`engine.py`) over the patterns of
`lang/<lang>/times.toml` (`lexicon.py`); this stage gives it the anchor (`published`)
and the tense of the verb that governs each expression, read from the spaCy parse
(`tense.py`), which decides whether a bare "samedi" is the Saturday before or after the
anchor.

    lexicon.py    the schema of times.toml and its compiled form (built once)
    context.py    what a normaliser reads: the text, one match of one rule
    engine.py     Timex: the rules run over a text, overlaps resolved, normalisers called
    dates.py      days of a month, months, years, decades, centuries, seasons, feasts
    deictic.py    "hier", weekdays, nights, "le lendemain", "la semaine dernière"
    durations.py  durations, "il y a", "dans", "ces derniers mois", sets, ages
    clock.py      clock times, and the day they fall on
    anchoring.py  which date a partial date means, given the anchor and the tense
    intervals.py  the date interval of a value, months and weeks moved, phases
    tense.py      the tense of the governing verb
"""
from __future__ import annotations

from typing import Callable

from ..base import ArticleState, Stage
from ...records import DateInterval, Provenance, Time
from .engine import Timex, TimexMatch
from .intervals import interval_of
from .lexicon import SCHEMA, TimesLexicon
from .tense import verb_tense

__all__ = ["Timex", "TimexMatch", "TimesLexicon", "TimesStage", "interval_of", "verb_tense"]


class TimesStage(Stage):
    name = "times"
    version = 1
    requires = ("doc",)
    provides = ("times",)

    def __init__(self, settings, resources):
        super().__init__(settings, resources)
        self._timex: Timex | None = None

    @property
    def timex(self) -> Timex:
        if self._timex is None:
            data = self.resources.lexicons.get("times", SCHEMA)
            self._timex = Timex(TimesLexicon.from_data(data))
        return self._timex

    def _tense_reader(self, doc) -> Callable[[int, int], str | None]:
        words = self.timex.lex.tense

        def tense(start: int, end: int) -> str | None:
            if doc is None:
                return None
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                return None
            try:
                return verb_tense(span.root, words)
            except (ValueError, AttributeError):
                return None
        return tense

    def __call__(self, state: ArticleState):
        text = state.text
        doc = state.layers.get("doc")
        found = self.timex.tag(text, state.article.published, self._tense_reader(doc))
        out = []
        for t in found:
            interval = DateInterval(*t.interval) if t.interval else None
            out.append(Time(text=t.text, start=t.start, end=t.end, value=t.value, type=t.type,
                            provenance=Provenance(stage=self.label, rule=t.rule),
                            interval=interval))
        return tuple(out)
