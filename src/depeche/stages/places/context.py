"""What the places rules read about one article (`PlaceContext`, built once per article)
and the working record of one name that may be a place (`Toponym`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import IDX, LENGTH

from ...doctext import text_of
from ...gazetteer import Entry, normalize
from .lexicon import PlaceLexicon


@dataclass
class Toponym:
    """A name of the text that may be a place, its gazetteer candidates and, once
    resolved, the chosen one, the rule that chose it and the scores."""
    start: int
    end: int
    text: str
    hint: str | None = None          # admin | city | district | feature | street | natural
                                     # | building
    cands: tuple[Entry, ...] = ()
    source: str = "spacy"
    article: str | None = None       # the article written before the name ("la Savannah")
    vague: bool = False              # after a head that only says "the area around"
    chosen: Entry | None = None
    rule: str = ""
    scores: list = field(default_factory=list)


@dataclass(frozen=True)
class PlaceContext:
    """One article as the places rules see it."""
    doc: Any
    text: str
    title: str
    gaz: Any
    lex: PlaceLexicon
    min_population: int
    sentences: tuple[tuple[int, int], ...]
    things: frozenset[str]                  # keys of the names of storms, ships, shows...
    media: tuple[tuple[int, int], ...]      # spans of newspaper and channel names
    given_names: frozenset[str] = frozenset()   # first words of people's full names
    words: tuple[str, ...] = ()             # the text of each token of `doc`

    @classmethod
    def build(cls, doc, text: str, title: str | None, gaz, lex: PlaceLexicon,
              min_population: int) -> "PlaceContext":
        title = title or ""
        return cls(doc=doc, text=text, title=title, gaz=gaz, lex=lex,
                   min_population=min_population,
                   sentences=tuple((x.start_char, x.end_char) for x in doc.sents),
                   things=thing_names(text, title, lex), media=media_spans(text, lex),
                   given_names=frozenset(x[0].text for x in doc.ents
                                         if x.label_ == "PER" and len(x) > 1),
                   words=token_texts(doc))

    def gazetteer_only(self, cands: tuple[Entry, ...], multiword=False) -> tuple[Entry, ...]:
        """The entries a name alone may stand for without spaCy's help (and, when
        `multiword`, the other names of big cities: "New York", "attentats de Bruxelles")."""
        return gazetteer_only(cands, self.min_population, multiword)


def token_texts(doc) -> tuple[str, ...]:
    """The text of each token, cut from the doc's text (no Token object made)."""
    if not len(doc):
        return ()
    text = text_of(doc)
    return tuple(text[a:a + n] for a, n in doc.to_array([IDX, LENGTH]).tolist())


def gazetteer_only(cands: tuple[Entry, ...], min_population: int,
                   multiword=False) -> tuple[Entry, ...]:
    return tuple(c for c in cands if (c.form <= 1 and (
        c.kind != "city" or c.population >= min_population
        or c.source.startswith("depeche:"))) or (
            c.kind == "city" and c.population >= 500000 and multiword))


def thing_names(text: str, title: str, lex: PlaceLexicon) -> frozenset[str]:
    """Keys of the names the article gives to storms, ships, operations, shows...
    ("l'ouragan Sandy"): none of their uses is a place."""
    if lex.things_rx is None:
        return frozenset()
    return frozenset(normalize(m.group(1)) for src in (text, title or "")
                     for m in lex.things_rx.finditer(src))


def media_spans(text: str, lex: PlaceLexicon) -> tuple[tuple[int, int], ...]:
    """Newspapers and channels named like places ("a précisé La Provence"), not at the
    start of a sentence."""
    out = []
    for name, rx in lex.media_rx:
        if name not in text:
            continue
        for m in rx.finditer(text):
            i = m.start() - 1
            while i >= 0 and text[i].isspace():
                i -= 1
            if i >= 0 and text[i] not in ".!?\n»\"":
                out.append((m.start(), m.end()))
    return tuple(out)
