"""figures: counts of people and of things damaged, with their category and source.

Each number expression of the text (`depeche.numbers`) is placed in the parse: the
noun it counts (`counted.py`), the participle on that noun and the verb or action noun
governing it (`governor.py`, `nearby.py`) give the category through an ordered table of
rules (`category.py`), from the words of `lang/fr/figure_categories.toml` (`lexicon.py`):
"6.000 civils ont pu être évacués" -> evacuated; "dont 250 blessés" -> injured; "une
école et deux hôpitaux visés" -> damaged. The counts before it in the sentence may change
it (`sentence.py`). Years, dates, ages, money, percentages, durations and distances are
`other` (or nothing), never victims. The source comes from `depeche.attribution`
(`source.py`). The same number for the same fact is one figure (the first mention, with
the first source any mention gives; `extract.py`).
"""
from __future__ import annotations

from functools import cached_property

from ...attribution import AttributionLexicon
from ...numbers import NumberGrammar
from ...records import Figure
from ..base import ArticleState, Option, Stage
from .context import FigureContext, FigureOptions
from .extract import extract_figures, figures_of
from .lexicon import CategoryLexicon

__all__ = ["FiguresStage", "CategoryLexicon", "extract_figures"]


class FiguresStage(Stage):
    name = "figures"
    version = 1
    requires = ("doc", "quote_spans")
    provides = ("figures",)
    options = (
        Option("vague", False, "output vague quantities (\"des dizaines\") as figures"),
        Option("others", True, "output counts of no known category as category \"other\""),
    )

    def __init__(self, settings, resources):
        super().__init__(settings, resources)
        self.vague, self.others = (self.settings[o.key] for o in self.options)

    # compiled once per stage object from the shared lexicons (no per-article state)
    @cached_property
    def grammar(self) -> NumberGrammar:
        return NumberGrammar.load(self.resources.lexicons)

    @cached_property
    def categories(self) -> CategoryLexicon:
        return CategoryLexicon.load(self.resources.lexicons)

    @cached_property
    def attribution(self) -> AttributionLexicon:
        return AttributionLexicon.load(self.resources.lexicons)

    @cached_property
    def figure_options(self) -> FigureOptions:
        return FigureOptions(stage=self.label, vague=self.vague, others=self.others)

    def __call__(self, state: ArticleState) -> tuple[Figure, ...]:
        # counts inside a direct quote come from the quote's speaker
        ctx = FigureContext.of(state.layers["doc"], self.grammar, self.categories,
                               self.attribution, state.layers["quote_spans"],
                               self.figure_options)
        return figures_of(ctx)
