"""Making `Figure` records: the text of a count runs to its noun when the noun follows
it closely on the same line."""
from __future__ import annotations

from spacy.tokens import Token

from ...numbers import Quantity
from ...records import Figure, Mention, Provenance
from .context import FigureContext


def make_figure(ctx: FigureContext, q: Quantity, category: str, noun: Token | None,
                source: Mention | None, rule: str) -> Figure:
    text = ctx.text
    start, end = q.start, q.end
    noun_mention = None
    if noun is not None:
        noun_mention = Mention(text=noun.text, start=noun.idx, end=noun.idx + len(noun.text))
        if noun.idx >= q.end and noun.idx - q.end <= 40 and "\n" not in text[q.end:noun.idx]:
            end = noun.idx + len(noun.text)
    return Figure(text=text[start:end], start=start, end=end, value=q.value,
                  category=category, provenance=Provenance(stage=ctx.options.stage, rule=rule),
                  approx=q.approx, value_max=q.value_max, unit=q.unit, noun=noun_mention,
                  source=source)
