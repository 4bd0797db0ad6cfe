"""What the quotes stage knows of one article, built once and read by every rule."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import IDX, IS_SPACE, LENGTH

from .antecedents import add_subject_phrases
from .lexicon import QuoteLexicon
from .marks import Found, Piece, find_pieces, mask, split_incises
from .people import SpeakerIndex

__all__ = ["QuoteContext"]

_SENT_END = re.compile(r"[.!?…]+")
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class QuoteContext:
    """One article: its text and parse, the lexicon, the people it names (an index the
    rules add speakers to), its quoted pieces and the text with them masked out."""
    text: str
    doc: Any
    lex: QuoteLexicon
    index: SpeakerIndex
    min_words: int
    starts: list[int]          # token start offsets, for bisect
    pieces: list[Piece]
    masked: str                # the text with every quote written as "Q"
    bounds: list[int]          # sentence starts
    ends: list[int] = field(default_factory=list)      # token end offsets
    outside: list[bool] = field(default_factory=list)  # a token of words outside quotes
    persons: tuple = ()        # the PER entities of `doc` (spaCy builds `ents` anew per call)

    @classmethod
    def build(cls, text: str, doc, lex: QuoteLexicon, min_words: int) -> "QuoteContext":
        cols = doc.to_array([IDX, LENGTH, IS_SPACE]).tolist() if len(doc) else []
        starts = [c[0] for c in cols]
        pieces = split_incises(text, doc, starts, lex, find_pieces(text))
        masked = mask(text, pieces)
        index = SpeakerIndex(doc, lex.names)
        add_subject_phrases(doc, lex, index,
                            lambda pos: masked[pos] == "Q" and text[pos] != "Q")
        return cls(text=text, doc=doc, lex=lex, index=index,
                   min_words=min_words, starts=starts, pieces=pieces, masked=masked,
                   bounds=sorted(set(_boundaries(text, masked, pieces, lex.abbreviation))
                                 | _glued_starts(doc)),
                   ends=[c[0] + c[1] for c in cols],
                   outside=[not c[2] and not (masked[c[0]] == "Q" and text[c[0]] != "Q")
                            for c in cols],
                   persons=tuple(x for x in doc.ents if x.label_ == "PER"))

    # -- positions ------------------------------------------------------------------------
    def tokens_in(self, start: int, end: int):
        """Tokens entirely inside [start, end), outside quotes."""
        starts, ends, outside, doc = self.starts, self.ends, self.outside, self.doc
        first = bisect.bisect_left(starts, start)
        return [doc[i] for i in range(first, bisect.bisect_left(starts, end, first))
                if ends[i] <= end and outside[i]]

    def in_quote(self, pos: int) -> bool:
        return self.masked[pos] == "Q" and self.text[pos] != "Q"

    def sentence_bounds(self, open_: int, close: int) -> tuple[int, int]:
        """Start and end of the sentence holding a quote (quotes masked out)."""
        b = self.bounds
        k = bisect.bisect_right(b, open_) - 1
        s = b[k] if k >= 0 else 0
        j = bisect.bisect_right(b, close)
        e = b[j] if j < len(b) else len(self.text)
        # the end: before the final punctuation or line break
        while e > close + 1 and (self.text[e - 1].isspace() or self.text[e - 1] in ".!?…"):
            e -= 1
        return s, max(e, close + 1)

    # -- quotes ---------------------------------------------------------------------------
    def qtext(self, f: Found) -> str:
        return " ".join(self.text[p.start:p.end] for p in f.pieces)

    def alone(self, f: Found) -> bool:
        """A quote that is a sentence of its own (only marks and punctuation around it,
        and no source cue word: "selon", "pour")."""
        s, e = self.sentence_bounds(f.open, f.close)
        rest = (self.masked[s:f.open] + " " + self.masked[f.close + 1:e]).replace("Q", " ")
        words = _LETTERS.findall(rest)
        cues = self.lex.source_cues + self.lex.opinion_cues
        return len(words) <= 1 and not any(w.lower() in cues for w in words)


def _glued_starts(doc) -> set[int]:
    """Where the parse starts a sentence inside a glued word, at a heading's end
    ("dimancheVianney Ouraghi, …, a reconnu")."""
    return {t.idx for t in doc[1:] if t.is_sent_start and t.is_alpha and t.is_title
            and not doc[t.i - 1].whitespace_ and doc[t.i - 1].is_alpha
            and doc[t.i - 1].is_lower}


def _boundaries(text: str, masked: str, pieces: list[Piece], abbreviation) -> list[int]:
    """Sentence starts: after final punctuation (quotes masked out), after a quote that
    ends a sentence and runs into the next one (`tuer."Le préfet`), at line starts."""
    m, t = masked, text
    out = {0}
    for match in _SENT_END.finditer(m):
        if abbreviation.search(m[max(0, match.start() - 5):match.start()]):
            continue
        out.add(match.end())
    for p in pieces:
        c = p.close
        if c + 1 < len(t) and t[c] in '»”"' and t[c + 1].isupper() and t[c + 1].isalpha():
            out.add(c + 1)      # a heading glued to the next sentence: `cher"De son côté`
        elif c < len(t) and t[c] in '»”"' and t[c - 1:c] in (".", "!", "?", "…"):
            k = c + 1
            while k < len(t) and t[k] == " ":
                k += 1
            if k < len(t) and (t[k].isupper() or t[k] in '«"“'):
                out.add(c + 1)
    k = t.find("\n")
    while k >= 0:
        out.add(k + 1)
        k = t.find("\n", k + 1)
    return sorted(out)
