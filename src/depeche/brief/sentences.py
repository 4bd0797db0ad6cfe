"""A brief's sentences, each piece with its evidence.

A sentence is `{"text": ..., "parts": [{"text": ..., "evidence": [...]}, ...]}`: the
parts' texts make the sentence's text, and a part that states something read in an
article carries its evidence, `{"article_id", "field", "start", "end", "words"}` —
`words` are the article's own words at that span (`field` "text": the body, "title":
the headline). `fill` writes a pattern of the lexicon whose values are plain text or
pieces with their evidence."""
from __future__ import annotations

import string
from typing import Any, Iterable

__all__ = ["Piece", "Line", "fill", "evidence", "linked"]


class Piece:
    """Text and the evidence it rests on (possibly none)."""
    __slots__ = ("text", "evidence")

    def __init__(self, text: str, evidence: Iterable[dict] = ()):
        self.text, self.evidence = text, [e for e in evidence if e]


class Line:
    """A sentence being written: pieces one after the other."""

    def __init__(self, *pieces: Any):
        self.pieces: list[Piece] = []
        for p in pieces:
            self.add(p)

    def add(self, value: Any) -> "Line":
        if isinstance(value, Line):
            self.pieces += value.pieces
        elif isinstance(value, Piece):
            self.pieces.append(value)
        elif value not in (None, ""):
            self.pieces.append(Piece(str(value)))
        return self

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    def evidence(self) -> list[dict]:
        return [e for p in self.pieces for e in p.evidence]

    def to_dict(self) -> dict:
        parts: list[dict] = []
        for p in self.pieces:
            if not p.text:
                continue
            if parts and not p.evidence and not parts[-1]["evidence"]:
                parts[-1]["text"] += p.text         # plain text runs are one part
            else:
                parts.append({"text": p.text, "evidence": list(p.evidence)})
        return {"text": self.text, "parts": parts}


_FORMATTER = string.Formatter()


def fill(pattern: str, **values: Any) -> Line:
    """The pattern with its {names} replaced by `values` (text, a Piece or a Line)."""
    line = Line()
    for literal, name, spec, _conversion in _FORMATTER.parse(pattern):
        line.add(literal)
        if name is None:
            continue
        value = values[name]
        if isinstance(value, (Piece, Line)):
            line.add(value)
        else:
            line.add(_FORMATTER.format_field(value, spec or ""))
    return line


def evidence(article: dict | None, span: dict | None) -> dict | None:
    """The evidence of a span of an article (an item with start, end and field), with the
    article's words at that span; None when either is missing."""
    if article is None or not span or span.get("start") is None:
        return None
    fld = span.get("field") or "text"
    source = (article.get("title") if fld == "title" else article.get("text")) or ""
    return {"article_id": article["id"], "field": fld, "start": span["start"],
            "end": span["end"], "words": source[span["start"]:span["end"]]}


def linked(text: str, *spans: dict | None) -> Piece:
    """A piece of text with the evidence given (already built by `evidence`)."""
    return Piece(text, [s for s in spans if s])
