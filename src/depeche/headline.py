"""The headline is part of the article: the title and the body are analysed as one text.

Annotators read the title and the body together (a fact stated in both counts once), so
the engine does too. `join(article)` gives the article the stages read: its text is the
title, `SEPARATOR` (a blank line: the parse makes every line its own sentence), then the
body, so that every stage sees the title as the article's first sentence, with no change
to any stage. `Joined.restore(record)` is the last step of the pipeline: it gives the
record its own article back and maps every span to the field it lies in:

- a span inside the title gets `field: "title"` and offsets into `Article.title`;
- a span inside the body gets `field: "text"` and offsets into `Article.text` (what the
  offsets always meant);
- a span that would straddle the separator is **dropped**: an item whose own words
  straddle it (a figure, a quote, a time; an event's trigger or evidence) is left out,
  a place loses that mention (and is left out if it has no other), and a part of an item
  (a figure's noun or source, a quote's speaker, verb or part, an event's actor, target,
  source, time, figure or other mention) is removed from the item.

One kind of item is not kept from the title: a quote the quotes stage flags "short"
(fewer words than a statement). In a headline such quoted words are a label — a
nickname, a movement, an operation, a scare quote ("Gilets jaunes", "le Lion") — or a
fragment of a statement the body reports whole; annotators do not count them as quotes.
A title quote whose words the body quotes again (the same words, or a part of a longer
quote: "« Aucune victime française n'a été identifiée », affirme X" as the title, then
the full sentence in the body) is one statement: the title's words become one of the
`mentions` of the first body quote holding them, as a quoted subheading does.

An article without a title is analysed as it always was: `restore` gives its record back
unchanged (every span has the default field, "text").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Iterable, TypeVar

from .records import Article, Event, Figure, Mention, Place, Quote, Record, Time

__all__ = ["SEPARATOR", "Joined", "join"]

SEPARATOR = "\n\n"
# a title quote is looked for in the body quotes when it has this many letters at least
MIN_REPEATED_CHARS = 12

_WORDS = re.compile(r"\w+")

T = TypeVar("T")


def join(article: Article) -> "Joined":
    """The article the stages read: its title (if it has words) joined to its body."""
    title = article.title
    if not title or not title.strip():
        return Joined(article, article, 0, 0)
    joined = replace(article, text=title + SEPARATOR + article.text)
    return Joined(article, joined, len(title), len(title) + len(SEPARATOR))


@dataclass(frozen=True)
class Joined:
    """An article (`original`) and the joined article its stages read (`article`):
    the title is `article.text[:title_end]`, the body starts at `body_start`."""
    original: Article
    article: Article
    title_end: int
    body_start: int

    @property
    def has_title(self) -> bool:
        return self.body_start > 0

    def locate(self, start: int, end: int) -> tuple[str, int, int] | None:
        """(field, start, end) of a span of the joined text; None when it straddles the
        separator (or lies in it)."""
        if not self.has_title:
            return "text", start, end
        if end <= self.title_end:
            return "title", start, end
        if start >= self.body_start:
            return "text", start - self.body_start, end - self.body_start
        return None

    def restore(self, record: Record) -> Record:
        """The record of the original article, every span mapped to its field."""
        if not self.has_title:
            return record.replace(article=self.original)
        return record.replace(
            article=self.original,
            places=self._all(record.places, self.place),
            figures=self._all(record.figures, self.figure),
            quotes=fold_title_quotes(self._all(
                (q for q in record.quotes if not self._title_label(q)), self.quote)),
            times=self._all(record.times, self.time),
            events=self._all(record.events, self.event))

    def _title_label(self, q: Quote) -> bool:
        """A short quote of the title: a label, not a statement (see above)."""
        return "short" in q.flags and q.end <= self.title_end

    @staticmethod
    def _all(items: Iterable[T], one: Callable[[T], T | None]) -> tuple[T, ...]:
        return tuple(x for x in (one(item) for item in items) if x is not None)

    # -- one item of each kind ----------------------------------------------------------
    def mention(self, m: Mention | None) -> Mention | None:
        where = None if m is None else self.locate(m.start, m.end)
        if m is None or where is None:
            return None
        field, start, end = where
        return Mention(m.text, start, end, field)     # replace() without its generic walk

    def mentions(self, ms: Iterable[Mention]) -> tuple[Mention, ...]:
        return self._all(ms, self.mention)

    def _own(self, item, **parts):
        """`item` with its own span mapped (and a new id, from its new offsets and
        field) and its `parts` replaced; None when its own span straddles."""
        where = self.locate(item.start, item.end)
        if where is None:
            return None
        field, start, end = where
        return replace(item, field=field, start=start, end=end, id="", **parts)

    def place(self, p: Place) -> Place | None:
        mentions = self.mentions(p.mentions)
        own = self._own(p, mentions=mentions)
        if own is not None or not mentions:
            return own
        first = mentions[0]            # its first mention straddled: the next one leads
        return replace(p, text=first.text, start=first.start, end=first.end,
                       field=first.field, mentions=mentions)

    def figure(self, f: Figure) -> Figure | None:
        return self._own(f, noun=self.mention(f.noun), source=self.mention(f.source))

    def quote(self, q: Quote) -> Quote | None:
        return self._own(q, speaker_mention=self.mention(q.speaker_mention),
                         verb=self.mention(q.verb), parts=self.mentions(q.parts),
                         mentions=self.mentions(q.mentions))

    def time(self, t: Time | None) -> Time | None:
        return None if t is None else self._own(t)

    def event(self, e: Event) -> Event | None:
        trigger, evidence = self.mention(e.trigger), self.mention(e.evidence)
        if trigger is None or evidence is None:
            return None
        return replace(e, trigger=trigger, evidence=evidence, id="",
                       place=self.place(e.place) if e.place is not None else None,
                       time=self.time(e.time), actors=self.mentions(e.actors),
                       targets=self.mentions(e.targets),
                       figures=self._all(e.figures, self.figure),
                       source=self.mention(e.source), mentions=self.mentions(e.mentions))


def _words(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def fold_title_quotes(quotes: tuple[Quote, ...]) -> tuple[Quote, ...]:
    """Each title quote that a body quote repeats (its words, or a part of them) becomes
    one of the `mentions` of the first such body quote; the others stay as they are."""
    body = [i for i, q in enumerate(quotes) if q.field == "text"]
    folded: dict[int, list[Mention]] = {}
    keep: list[int] = []
    for i, q in enumerate(quotes):
        words = _words(q.text)
        if q.field == "title" and len(words) >= MIN_REPEATED_CHARS:
            j = next((j for j in body if _words(quotes[j].text) == words), None)
            if j is None:
                j = next((j for j in body if words in _words(quotes[j].text)), None)
            if j is not None:
                folded.setdefault(j, []).extend(   # a quote cut by an incise: its parts
                    q.parts or (Mention(q.text, q.start, q.end, q.field),))
                continue
        keep.append(i)
    return tuple(replace(quotes[i], mentions=quotes[i].mentions + tuple(folded[i]))
                 if i in folded else quotes[i] for i in keep)
