"""The figures of one article: each number expression is placed in the parse, given a
category (`category.py`), adjusted by the counts before it (`sentence.py`), and kept
once per fact (the first mention, with the first source any mention gives)."""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from spacy.tokens import Doc

from ...attribution import AttributionLexicon
from ...numbers import NumberGrammar, Quantity
from ...records import Figure, Mention
from ..base import Verdict
from .build import make_figure
from .category import categorize
from .context import FigureContext, FigureOptions
from .lexicon import CategoryLexicon
from .one import one_counts
from .sentence import VERB_RULES, Reading, Tally, adjust
from .source import source_of
from .syntax import low

__all__ = ["extract_figures", "figures_of"]


def extract_figures(doc: Doc, grammar: NumberGrammar, lex: CategoryLexicon,
                    attribution: AttributionLexicon, *, stage: str = "figures@1",
                    vague: bool = False, others: bool = True,
                    quotes: Sequence[tuple[int, int, Mention | None]] = ()
                    ) -> tuple[Figure, ...]:
    """The figures of `doc`; `quotes` are the direct quotes' spans and speakers (a count
    inside a quote has the quote's speaker as its source)."""
    options = FigureOptions(stage=stage, vague=vague, others=others)
    return figures_of(FigureContext.of(doc, grammar, lex, attribution, quotes, options))


def figures_of(ctx: FigureContext) -> tuple[Figure, ...]:
    tally = Tally()
    for n, q in enumerate(ctx.quantities):
        _read(ctx, tally, n, q)
    return tuple(tally.figures)


def _read(ctx: FigureContext, tally: Tally, n: int, q: Quantity) -> None:
    """Read the n-th quantity of the article into `tally`."""
    options = ctx.options
    if q.is_time:
        return
    if q.is_measure:
        if options.others and not q.article and not q.vague:
            tally.figures.append(make_figure(ctx, q, "other", None, None,
                                             f"other.{q.unit or q.kind}"))
        return
    verdict, noun = categorize(ctx, q, tally.resolved)
    tail = noun.idx + len(noun.text) if noun is not None and noun.idx >= q.end else q.end
    tokens = ctx.tokens(q.num_start, q.end)
    reading = Reading(n, q, noun, tail, tokens, tokens[0].sent.start if tokens else 0)
    verdict = adjust(ctx, tally, reading, verdict)
    if verdict.value is None:
        _uncounted(ctx, tally, reading)
        return
    if q.vague and not options.vague:
        return
    if q.article and not one_counts(ctx, verdict, noun, q):
        return
    _counted(ctx, tally, reading, verdict)


def _uncounted(ctx: FigureContext, tally: Tally, r: Reading) -> None:
    """A count of no category: a mention of a figure already made (which can give it its
    source), or a figure of category `other`."""
    q, noun = r.q, r.noun
    if noun is not None and not q.article and (q.value, low(noun.lemma_)) in tally.seen_noun:
        # "Six touristes ont été tués", a quote repeating "au moins six touristes
        # ont péri" that the parse failed to read: a mention, which can give the source
        i = tally.seen_noun[(q.value, low(noun.lemma_))]
        if tally.figures[i].source is None:
            source = source_of(ctx, q.start, noun.idx + len(noun.text))
            if source is not None:
                tally.figures[i] = replace(tally.figures[i], source=source)
    if ctx.options.others and not q.article and not q.vague:
        tally.figures.append(make_figure(ctx, q, "other", noun, None, "other.uncounted"))


def _counted(ctx: FigureContext, tally: Tally, r: Reading, verdict: Verdict) -> None:
    """A count of a category: a new figure, or a source for the same fact made before."""
    q, noun, category = r.q, r.noun, verdict.value
    for t in r.tokens:
        tally.resolved[t.i] = category
    if noun is not None:
        tally.resolved[noun.i] = category
    tally.last_in_sentence[r.sent_start] = category
    tally.last_n = r.n
    tally.last_verb_count = (r.sent_start, r.tail, category) if verdict.rule in VERB_RULES \
        and category != "damaged" else None
    end = (noun.idx + len(noun.text)) if noun is not None and noun.idx >= q.start else q.end
    source = source_of(ctx, q.start, end)
    key = (q.value, category)
    if key in tally.seen and noun is not None and not _listed(ctx, tally.figures[tally.seen[key]],
                                                              noun):
        i = tally.seen[key]
        if tally.figures[i].source is None and source is not None:
            tally.figures[i] = replace(tally.figures[i], source=source)
        return
    if noun is not None and _restated(ctx, tally, r, category, source):
        return
    if noun is not None:
        tally.seen[key] = len(tally.figures)
        tally.seen_noun.setdefault((q.value, low(noun.lemma_)), len(tally.figures))
    tally.figures.append(make_figure(ctx, q, category, noun, source,
                                     f"{'vague.' if q.vague else ''}{verdict.rule}"))


def _restated(ctx: FigureContext, tally: Tally, r: Reading, category: str,
              source: Mention | None) -> bool:
    """Whether the count restates, rounded or exact, a figure of the same category made
    just before ("- Plus de 364.000 morts -" as a subheading, then "au moins 364.362
    morts" in the next sentence): the figure keeps the exact value, with the first source
    either mention gives."""
    q = r.q
    for i, f in enumerate(tally.figures):
        if f.category != category or f.noun is None or f.value_max or q.value_max \
                or f.field != "text" or not 0 <= q.start - f.end <= 300:
            continue
        if _rounds(f.value, f.approx, q.value):
            # the exact count comes after the rounded one: it is the figure
            exact = make_figure(ctx, q, category, r.noun, source or f.source,
                                f"{'vague.' if q.vague else ''}{f.provenance.rule}")
            tally.figures[i] = replace(exact, provenance=f.provenance)
            tally.seen[(q.value, category)] = i
            return True
        if _rounds(q.value, q.approx, f.value):
            if f.source is None and source is not None:
                tally.figures[i] = replace(f, source=source)
            return True
    return False


def _rounds(rounded: float, approx: bool, exact: float) -> bool:
    """Whether `rounded` ("plus de 364.000", approximate, two zeros or more and two
    significant digits or more: not "plus de 100.000") is `exact` (364.362: fewer zeros,
    within the rounding step and 5% of it) to its precision."""
    if not approx or rounded < 100 or exact == rounded or rounded != int(rounded):
        return False
    step = 10 ** (len(str(int(rounded))) - len(str(int(rounded)).rstrip("0")))
    exact_zeros = len(str(int(exact))) - len(str(int(exact)).rstrip("0"))
    gap = abs(exact - rounded)
    return step >= 100 and rounded >= 10 * step and 10 ** (exact_zeros + 1) < step \
        and gap < step and gap <= rounded * 0.05


def _listed(ctx: FigureContext, figure: Figure, noun) -> bool:
    """Whether `noun` is another item of a list with the noun of `figure` ("six
    officiers, six sous-officiers"): the same number of other people, not a restatement."""
    if figure.noun is None:
        return False
    first = next((t for t in ctx.tokens(figure.noun.start, figure.noun.end)
                  if t.idx == figure.noun.start), None)
    return first is not None and first.i != noun.i and low(first.lemma_) != low(noun.lemma_) \
        and noun.dep_ == "conj" and noun.head.i == first.i
