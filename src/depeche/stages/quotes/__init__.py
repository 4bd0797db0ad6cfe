"""quotes: direct and reported speech, each with its speaker.

Direct quotes are found on the characters (`marks`: « », “ ”, straight quotes paired
within a paragraph, whatever the spacing of scraped text), then read with the spaCy parse:

1. quotation marks -> quoted pieces; two pieces around an incise (`"…", a-t-il dit,
   "…"` with the second piece going on in lower case) are one quote with two `parts`
   (`marks.split_incises`, `incises.merge_incises`);
2. the speaker (`speakers`): the rules of `speakers.SPEAKER_RULES`, tried in order, then
   the neighbouring quotes (a quote that is a sentence of its own continues the previous
   one; a heading takes the speaker of the body quote it repeats, `headings`);
3. names made canonical by `people.SpeakerIndex` (fullest form, titles linked to the
   person, pronouns resolved to the last compatible person, or to a body or an unnamed
   person the article made a subject or a speaker, `antecedents`; `resolve`);
4. flags (`headings.flag`): "short", "title", "scare", "heading".

Reported speech ("X a déclaré que …", `reported`) gives quotes with `direct=False`.
The words the rules read are in `lang/fr/speech_verbs.toml` and `quote_rules.toml`
(`lexicon`).
"""
from __future__ import annotations

from ...records import Mention, Provenance, Quote
from ..base import ArticleState, Option, Stage
from .context import QuoteContext
from .headings import flag, fold_headings, heading_copies
from .incises import merge_incises
from .lexicon import QuoteLexicon
from .marks import Found, find_pieces
from .reported import reported
from .speakers import attribute, continuations

__all__ = ["QuotesStage", "find_pieces", "fold_headings", "read_quotes"]


class QuotesStage(Stage):
    name = "quotes"
    version = 1
    requires = ("doc",)
    # quote_spans: (start, end, speaker mention) of each direct quote's pieces, for the
    # figures stage (a count inside a quote comes from the quote's speaker)
    provides = ("quotes", "quote_spans")
    options = (
        Option("min_words", 4, "quotes with fewer words are flagged \"short\" "
                               "(scare quotes, single terms)"),
    )

    def __init__(self, settings, resources):
        super().__init__(settings, resources)
        self.min_words = self.settings["min_words"]
        self._lex: QuoteLexicon | None = None

    @property
    def lex(self) -> QuoteLexicon:
        """The lexicons, read once per stage object."""
        if self._lex is None:
            self._lex = QuoteLexicon.read(self.resources.lexicons)
        return self._lex

    def __call__(self, state: ArticleState):
        text = state.text
        ctx = QuoteContext.build(text, state.layers["doc"], self.lex, self.min_words)
        found = read_quotes(ctx)
        out = fold_headings([self._direct(text, f) for f in found])
        out += reported(ctx, found, self.label)
        out.sort(key=lambda q: (q.start, q.end))
        return {"quotes": tuple(out), "quote_spans": tuple(_speaker_spans(ctx, found))}

    def _direct(self, text: str, f: Found) -> Quote:
        parts = tuple(Mention(text[p.start:p.end], p.start, p.end) for p in f.pieces)
        joined = " ".join(p.text for p in parts)
        start, end = f.pieces[0].start, f.pieces[-1].end
        return Quote(text=joined if len(parts) > 1 else parts[0].text, start=start, end=end,
                     provenance=Provenance(stage=self.label, rule=f.rule), direct=True,
                     speaker=f.speaker, speaker_mention=f.mention, verb=f.verb,
                     parts=parts if len(parts) > 1 else (), flags=tuple(f.flags))


def read_quotes(ctx: QuoteContext) -> list[Found]:
    """The direct quotes of the article, each with its speaker, rule and flags."""
    found = merge_incises(ctx, [Found([p]) for p in ctx.pieces])
    last: Found | None = None
    for f in found:
        attribute(ctx, f, last)
        if f.speaker:
            last = f
    heading_copies(ctx, found)
    continuations(ctx, found)
    flag(ctx, found)
    return found


def _speaker_spans(ctx: QuoteContext, found: list[Found]) -> list[tuple[int, int, Mention | None]]:
    """(start, end, speaker as written) of each piece of the direct quotes `found`: for
    the figures stage, whose counts inside a quote come from the quote's speaker. The
    speaker is given where the article writes its canonical name ("a-t-il ajouté" -> the
    last mention of the person it stands for)."""
    text = ctx.text
    out = []
    for f in found:
        mention = f.mention if f.speaker else None
        if f.speaker:
            # the canonical name where the article writes it (nearest before the quote)
            k = text.rfind(f.speaker, 0, f.open)
            k = text.find(f.speaker, f.close) if k < 0 else k
            if k >= 0:
                mention = Mention(f.speaker, k, k + len(f.speaker))
            elif mention is not None and ctx.lex.names.pronouns.is_pronoun(mention.text):
                mention = None
        for p in f.pieces:
            out.append((p.start, p.end, mention))
    return out
