"""Quotation marks: the quoted pieces of a text, found on the characters.

« », “ ”, „ “ are paired as written (an unclosed one runs to the end of its paragraph);
straight quotes are paired within a paragraph, whatever the spacing of scraped text
(`crise."Vengeance`). A `Found` is one quote being read: its pieces (two around an
incise), and what the rules decide about it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ...records import Mention

__all__ = ["Piece", "Found", "find_pieces", "mask", "split_incises"]

OPENERS = {"«": "»", "“": "”", "„": "“"}
STRAIGHT = '"'
_MARKS = re.compile("[" + re.escape("".join(OPENERS) + STRAIGHT) + "]")


@dataclass
class Piece:
    """One quoted stretch: marks at `open`/`close`, words at `start`/`end`."""
    open: int
    close: int          # index of the closing mark (== end of paragraph when unclosed)
    start: int
    end: int


@dataclass
class Found:
    """A direct quote being read: its pieces, its speaker and the rule that found it."""
    pieces: list[Piece]
    speaker: str | None = None
    mention: Mention | None = None
    verb: Mention | None = None
    rule: str = "marks"
    flags: list[str] = field(default_factory=list)
    gender: str | None = None

    @property
    def open(self) -> int:
        return self.pieces[0].open

    @property
    def close(self) -> int:
        return self.pieces[-1].close


def _is_opening(text: str, i: int) -> bool:
    """Whether a straight quote at i looks like an opening mark."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if nxt.isspace() or nxt in ",.;:!?)]»":
        return False
    return prev.isspace() or prev in "([{-–—:'’/.!?,;»\"" or not prev.isalnum() \
        or nxt.isupper()


def _is_closing(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isspace() and not (nxt.isspace() or nxt in ",.;:!?"):
        return False
    return True


def find_pieces(text: str) -> list[Piece]:
    """Quoted stretches of `text`, in order, paired paragraph by paragraph."""
    pieces: list[Piece] = []
    pos = 0
    for line in text.split("\n"):
        base = pos
        pos += len(line) + 1
        i, n = 0, len(line)
        straight: list[int] = []
        while i < n:
            mark = _MARKS.search(line, i)      # the next mark: the letters between are skipped
            if mark is None:
                break
            i = mark.start()
            ch = line[i]
            if ch in OPENERS:
                closer = OPENERS[ch]
                j = line.find(closer, i + 1)
                if ch == "„":
                    ends = (line.find("“", i + 1), line.find("”", i + 1))
                    j = min([k for k in ends if k >= 0], default=-1)
                if j < 0:
                    # unclosed: a quote running to the end of the paragraph
                    j = n
                pieces.append(Piece(base + i, base + j, base + i + 1, base + j))
                i = j + 1
                continue
            if ch == STRAIGHT:
                straight.append(i)
            i += 1
        if straight:
            pieces.extend(_pair_straight(line, base, straight, pieces))
    pieces.sort(key=lambda p: p.open)
    out = []
    for p in pieces:
        s, e = p.start, p.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and any(ch.isalnum() for ch in text[s:e]):
            out.append(Piece(p.open, p.close, s, e))
    return out


def _pair_straight(line: str, base: int, marks: list[int], taken: list[Piece]) -> list[Piece]:
    """Pair straight quotes of one paragraph, skipping those inside « » or “ ” quotes."""
    inside = [(p.open - base, p.close - base) for p in taken if base <= p.open < base + len(line)]
    marks = [m for m in marks if not any(a < m < b for a, b in inside)]
    out = []
    if len(marks) % 2 == 0 and all(_is_opening(line, marks[k]) or not _is_closing(line, marks[k])
                                   or True for k in range(0, len(marks), 2)):
        pairs = [(marks[k], marks[k + 1]) for k in range(0, len(marks), 2)]
        # an even count can still be out of step: check the first mark opens
        if all(_is_opening(line, a) for a, _ in pairs) or not marks:
            return [Piece(base + a, base + b, base + a + 1, base + b) for a, b in pairs]
    # odd count or out of step: walk with a state
    opened = None
    for m in marks:
        if opened is None:
            if _is_opening(line, m):
                opened = m
        else:
            if _is_closing(line, m):
                out.append(Piece(base + opened, base + m, base + opened + 1, base + m))
                opened = None
            elif _is_opening(line, m):
                opened = m
    return out



def mask(text: str, pieces: list[Piece]) -> str:
    """`text` with every quote, marks included, written as "Q" (line breaks kept): the
    rules read the words around quotes on it."""
    chars = list(text)
    for p in pieces:
        for k in range(p.open, min(p.close + 1, len(text))):
            if chars[k] != "\n":
                chars[k] = "Q"
    return "".join(chars)


# -- an incise inside the marks -------------------------------------------------------------

def split_incises(text: str, doc, starts: list[int], lex, pieces: list[Piece]) -> list[Piece]:
    """An incise written inside the marks ("« Nous resterons, a-t-il affirmé, tant
    que … »"): the quote is cut around it into two pieces, the incise left outside
    (then read as the speaker, and the pieces merged again as one quote)."""
    out: list[Piece] = []
    for p in pieces:
        i = bisect.bisect_left(starts, p.start)
        toks = []
        while i < len(starts) and starts[i] < p.end:
            toks.append(doc[i])
            i += 1
        cut = _incise_cut(text, lex, p, toks)
        if cut is None:
            out.append(p)
            continue
        a, b = cut
        end_a = a
        while end_a > p.start and text[end_a - 1].isspace():
            end_a -= 1
        start_b = b + 1
        while start_b < p.end and text[start_b].isspace():
            start_b += 1
        out.append(Piece(p.open, a - 1, p.start, end_a))
        out.append(Piece(b + 1 if start_b > b + 1 else b, p.close, start_b, p.end))
    return out


def _incise_cut(text: str, lex, p: Piece, toks) -> tuple[int, int] | None:
    """The commas around an incise inside piece `p`, if the quote goes on in lower case
    after it."""
    for k, t in enumerate(toks):
        if t.text != "," or k == 0:
            continue
        m = next((j for j in range(k + 2, min(len(toks) - 1, k + 10))
                  if toks[j].text == ","), None)
        if m is None or not _is_inner_incise(text, lex, toks[k + 1:m]):
            continue
        rest = text[toks[m].idx + 1:p.end].lstrip()
        if not rest[:1].islower():
            continue
        return toks[k].idx, toks[m].idx
    return None


def _is_inner_incise(text: str, lex, toks) -> bool:
    """ "a-t-il affirmé", "explique-t-elle", "estime le ministre": a speech verb first,
    then a subject clitic or an inverted subject, nothing else."""
    if not toks or len(toks) > 8 or any(t.lower_ in lex.grammar.complementizer for t in toks):
        return False
    verb = next((t for t in toks[:4] if lex.is_speech(t) and t.pos_ in ("VERB", "AUX")),
                None)
    if verb is None or toks[0].pos_ not in ("VERB", "AUX"):
        return False
    span = text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]
    if lex.clitic.search(span):
        return True
    after = [t for t in toks if t.i > verb.i]
    nouns = lex.person_nouns
    return bool(after) and after[0].pos_ in ("DET", "PROPN", "NOUN") and any(
        t.ent_type_ in ("PER", "ORG") or t.lower_ in nouns or t.lemma_.lower() in nouns
        for t in after)
