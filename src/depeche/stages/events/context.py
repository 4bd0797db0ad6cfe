"""What the events rules know of one article, built once per article: the parse, its
sentences (cut again where scraped text glued two of them), the layers the stage
requires, the story's date and the lexicons."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from datetime import date
from typing import Any, Iterable, Mapping

from spacy.tokens import Doc, Span

from ...doctext import text_of
from ...records import DateInterval, Figure, Mention, Place, Time
from .lexicon import ModalityCues, TriggerLexicon, norm

__all__ = ["ArticleContext", "Sentence", "split_sentences", "sentence_mention", "quoted_spans"]

# Sentence ends that the parser misses in scraped news: "l'ONU.Une décision",
# "d'urgenceCette région" (a heading glued to the text), '..."" "Six touristes',
# "hélicoptères.- 500 jihadistes neutralisés -En conséquence"
_GLUED_ENDS = re.compile(
    r"(?<=[\w)\]%»\"”]{2}[.!?])(?=[\"«“]?[A-ZÀ-ÖØ-Þ][a-zà-ÿ])"
    r"|(?<=[a-zà-ÿ]{3})(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ]{2})"
    r"|(?<=[\"”»])(?=[\"«“][A-ZÀ-ÖØ-Þ])"
    r"|(?<=\w[.!?])(?=\s?-\s)"
    r"|(?<=\s-)(?=[A-ZÀ-ÖØ-Þ])")
# the closing dash of a subheading that opens a piece ("- Et manifestations - Venus de..."):
# looked for only in a piece that starts with a dash, as "les pays - France, Italie -" is
# an aside inside a sentence
_HEADING_CLOSE = re.compile(r"^\s*-[^-.!?]{2,80}\s-(?=\s[A-ZÀ-ÖØ-Þ])")
_GUILLEMETS = re.compile(r"«[^»]*»|“[^”]*”")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the parse, or a part of one where sentences were glued: the
    tokens that start inside it and its exact character bounds."""
    span: Span
    start_char: int
    end_char: int

    @property
    def doc(self) -> Doc:
        return self.span.doc

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    def __iter__(self):
        return iter(self.span)

    def __len__(self) -> int:
        return len(self.span)

    def __getitem__(self, i):
        return self.span[i]


def split_sentences(doc: Doc) -> list[Sentence]:
    """The sentences of the parse, cut again where scraped text glued two of them."""
    out: list[Sentence] = []
    text = text_of(doc)
    for sent in doc.sents:
        lo, hi = sent.start_char, sent.end_char
        cuts = [lo] + [lo + m.start() for m in _GLUED_ENDS.finditer(text[lo:hi])
                       if m.start() > 0] + [hi]
        cuts = sorted(set(cuts) | {a + m.end() for a, b in zip(cuts, cuts[1:])
                                   for m in _HEADING_CLOSE.finditer(text[a:b])})
        if len(cuts) == 2:      # nothing glued: the parser's sentence as it is
            if text[lo:hi].strip():
                out.append(Sentence(doc[sent.start:sent.end], lo, hi))
            continue
        for a, b in zip(cuts, cuts[1:]):
            toks = [t.i for t in sent if a <= t.idx < b]
            if not toks or not text[a:b].strip():
                continue
            out.append(Sentence(doc[toks[0]:toks[-1] + 1], a, b))
    return out


def sentence_mention(doc: Doc, sent: "Sentence | Span") -> Mention:
    text = text_of(doc)
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Mention(text=text[start:end], start=start, end=end)


def quoted_spans(text: str, quotes: Iterable[Any]) -> tuple[tuple[int, int], ...]:
    """Direct quotes: the quotes layer's, and any text between quotation marks of
    four words or more (the quotes layer may not be there)."""
    spans = [(q.start, q.end) for q in quotes if getattr(q, "direct", True)]
    marked = [(m.start(), m.end()) for m in _GUILLEMETS.finditer(text)]
    offset = 0
    for para in text.split("\n"):
        marks = [m.start() + offset for m in re.finditer('"', para)]
        marked += [(marks[k], marks[k + 1] + 1) for k in range(0, len(marks) - 1, 2)]
        offset += len(para) + 1
    spans += [(a, b) for a, b in marked if len(text[a + 1:b - 1].split()) >= 4]
    return tuple(spans)


@dataclass(frozen=True)
class ArticleContext:
    """One article as the events rules read it."""
    doc: Doc
    text: str
    sentences: tuple[Sentence, ...]
    places: tuple[Place, ...]
    main_place: Place | None
    times: tuple[Time, ...]
    figures: tuple[Figure, ...]
    quoted: tuple[tuple[int, int], ...]     # direct quotes (character spans)
    published: date | None
    story: DateInterval | None              # the days of the article's news
    lexicon: TriggerLexicon
    modality: ModalityCues
    attribution: Any                        # an AttributionLexicon, or False
    recent_days: int
    previous: Mapping[int, Sentence]        # id(sentence) -> the sentence before it

    @cached_property
    def lemmas(self) -> tuple[str, ...]:
        """The normalised lemma of each token of the parse (by token index)."""
        return tuple(norm(t.lemma_) for t in self.doc)

    @cached_property
    def forms(self) -> tuple[str, ...]:
        """The normalised form of each token of the parse (by token index)."""
        return tuple(norm(t.text) for t in self.doc)

    @cached_property
    def present_phrases(self) -> tuple[tuple[str, str, Any], ...]:
        """(type, phrase, pattern) of the trigger phrases found in the article's text, in
        the lexicon's order: a sentence need only look for these."""
        low = norm(text_of(self.doc))
        return tuple((etype, phrase, pattern) for etype in self.lexicon.order
                     for phrase, pattern in self.lexicon.types[etype].phrase_patterns
                     if phrase in low)

    @cached_property
    def present_exclusions(self) -> tuple[tuple[str, Any], ...]:
        """(phrase, pattern) of the set phrases to exclude found in the article's text."""
        low = norm(text_of(self.doc))
        return tuple((p, rx) for p, rx in self.lexicon.exclude_patterns if p in low)

    def before(self, sent: Sentence) -> Sentence | None:
        return self.previous.get(id(sent))
