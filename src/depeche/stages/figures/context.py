"""`FigureContext`: what the figure rules know of one article, built once per article
(the parse, its text, the lexicons, the direct quotes, the stage's options, the number
expressions of the text)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from spacy.tokens import Doc, Token

from ...attribution import AttributionLexicon
from ...doctext import text_of
from ...numbers import NumberGrammar, Quantity, find_quantities
from ...records import Mention
from .lexicon import CategoryLexicon
from .syntax import low, tokens_of

__all__ = ["FigureOptions", "FigureContext"]


@dataclass(frozen=True)
class FigureOptions:
    """The stage's settings and the label its provenances carry."""
    stage: str = "figures@1"
    vague: bool = False      # vague quantities ("des dizaines") are figures
    others: bool = True      # counts of no known category are figures of category `other`


@dataclass(frozen=True)
class FigureContext:
    doc: Doc
    text: str
    grammar: NumberGrammar
    lex: CategoryLexicon
    attribution: AttributionLexicon
    quotes: tuple[tuple[int, int, Mention | None], ...]   # direct quotes and speakers
    quoted: tuple[tuple[int, int], ...]                   # their character spans
    options: FigureOptions
    quantities: tuple[Quantity, ...]

    @classmethod
    def of(cls, doc: Doc, grammar: NumberGrammar, lex: CategoryLexicon,
           attribution: AttributionLexicon,
           quotes: Sequence[tuple[int, int, Mention | None]] = (),
           options: FigureOptions = FigureOptions()) -> "FigureContext":
        text = text_of(doc)
        quotes = tuple(quotes)
        return cls(doc=doc, text=text, grammar=grammar, lex=lex, attribution=attribution,
                   quotes=quotes, quoted=tuple((a, b) for a, b, _ in quotes), options=options,
                   quantities=tuple(find_quantities(text, grammar)))

    def tokens(self, start: int, end: int) -> list[Token]:
        """The tokens over characters [start, end)."""
        return tokens_of(self.doc, start, end)

    def low(self, start: int, end: int) -> str:
        """The text of [start, end), normalised (clipped to the text)."""
        return low(self.text[max(0, start):end])

    def speaker_at(self, pos: int) -> Mention | None:
        """The speaker of the direct quote holding character `pos`, if any."""
        return next((m for a, b, m in self.quotes if a <= pos < b), None)
