"""Who a figure comes from: the speaker of the direct quote it stands in, unless its
sentence names that speaker itself, else the source its sentence or paragraph gives
(`depeche.attribution`). A source stated in an earlier sentence is the figure's only
when every sentence from it to the figure's holds a count or a word of figures ("un
bilan"): a sentence of plain narration between them ("C'est un problème d'estimation
du pilote") starts another fact, whose counts are not that source's."""
from __future__ import annotations

import re

from ...attribution import find_source, source_in_sentence
from ...records import Mention
from .context import FigureContext
from .syntax import low


_ENDS = ".!?…»\"”"
_CLOSING = "»\"”"


def source_of(ctx: FigureContext, start: int, end: int) -> Mention | None:
    """The source of the figure at [start, end): a count inside a quote has the quote's
    speaker as its source, and a "selon" or a reporting verb inside a quote gives no
    source to what lies outside it."""
    inside = ctx.speaker_at(start)
    source = find_source(ctx.doc, start, end, ctx.attribution, () if inside else ctx.quoted)
    if inside is None and source is not None and not _carried(ctx, source, start):
        source = None
    if inside is None and source is None:
        source = _in_continuation(ctx, start)
    if inside is not None and not same_person(source, inside):
        source = inside
    elif source is not None:
        source = _cleaned(ctx, source)
    return source


def _cleaned(ctx: FigureContext, source: Mention) -> Mention | None:
    """The source as an author: without the punctuation of a glued subheading after it
    ("le ministère de la Santé.-"), without the time words before its agent ("un bilan
    établi vendredi par l'AFP": "l'AFP"); none when its head is a place, an object or a
    gathering, or when it is the rest of a locution ("par rapport à la saison")."""
    if ctx.text[source.start:source.end] != source.text:
        return source
    start, end = source.start, source.end
    while end > start and ctx.text[end - 1] in ".-–—,;: ":
        end -= 1
    words = list(re.finditer(r"[\w'’-]+", ctx.text[start:end]))
    agents = ctx.attribution.agent_prepositions
    for k, w in enumerate(words[1:], 1):
        if low(w.group()) in agents and all(low(x.group()) in ctx.lex.time_nouns
                                            for x in words[:k]):
            start += words[k + 1].start() if k + 1 < len(words) else 0
            break
    end = _before_time(ctx, start, end)
    text = low(ctx.text[start:end])
    if not text or text.startswith(ctx.lex.not_source_starts):
        return None
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is not None and len(span) and (low(span.root.text) in ctx.lex.not_sources
                                           or low(span.root.text) in ctx.lex.time_nouns):
        return None
    if (start, end) == (source.start, source.end):
        return source
    return Mention(text=ctx.text[start:end], start=start, end=end, field=source.field)


def _carried(ctx: FigureContext, source: Mention, start: int) -> bool:
    """Whether a source found before the figure's sentence reaches it: each sentence
    from the source's to the one before the figure's holds a count (not a date, not a
    bare article "un") or a noun of figures."""
    token = ctx.tokens(start, start + 1)
    if not token:
        return True
    sent = token[0].sent
    if source.start >= sent.start_char:
        return True
    if any(m is not None and m.start == source.start for _, _, m in ctx.quotes) and not any(
            sent.start_char <= a < sent.end_char for a, _ in ctx.quoted):
        # '"Nous avons interpellé 95 personnes", a déclaré un porte-parole': the speaker
        # vouches for the quote, not for the sentences after it (unless they quote on:
        # 'des fenêtres d'un bâtiment "ont été brisées"')
        return False
    doc = ctx.doc
    previous = sent
    while previous.start > 0:
        previous = doc[previous.start - 1].sent
        if not _has_count(ctx, previous.start_char, previous.end_char) \
                and not _split(ctx, previous):
            return False
        if previous.start_char <= source.start:
            return True
    return True


def _in_continuation(ctx: FigureContext, start: int) -> Mention | None:
    """The source of the rest of the sentence when the parse cut it after a closing
    quote ('6.825 "contrôles préventifs"' | "et 49 verbalisations ..., selon la
    préfecture"): the next "sentence" starts with a lower-case word."""
    token = ctx.tokens(start, start + 1)
    if not token:
        return None
    sent = token[0].sent
    last = ctx.text[sent.start_char:sent.end_char].rstrip()
    if sent.end >= len(ctx.doc) or not last or last[-1] not in _CLOSING:
        return None
    rest = ctx.doc[sent.end].sent
    first = next((t for t in rest if not t.is_space), None)
    if first is None or not first.text[:1].islower():
        return None
    return source_in_sentence(rest, ctx.attribution, None, ctx.quoted)


def _before_time(ctx: FigureContext, start: int, end: int) -> int:
    """Where the source ends before a time after it ("un porte-parole de la police de la
    ville deux heures après la prestation de serment", "la préfecture dimanche soir")."""
    words = list(re.finditer(r"[\w'’-]+", ctx.text[start:end]))
    for k in range(2, len(words)):
        word = words[k].group()
        if word != word.lower():
            continue
        number = words[k - 1].group()
        if low(word) in ctx.lex.durations and (number.isdigit()
                                               or low(number) in ctx.grammar.numerals):
            return start + len(ctx.text[start:start + words[k - 1].start()].rstrip(" ,"))
        if low(word) in ctx.lex.time_nouns:
            return start + len(ctx.text[start:start + words[k].start()].rstrip(" ,"))
    return end


def _split(ctx: FigureContext, sent) -> bool:
    """Whether the parse ended `sent` inside a sentence (no final punctuation: "a fait
    état de l'exécution, jeudi, par les rebelles," | "de 28 soldats")."""
    last = ctx.text[sent.start_char:sent.end_char].rstrip()
    return not last or last[-1] not in _ENDS


def _has_count(ctx: FigureContext, start: int, end: int) -> bool:
    """Whether [start, end) holds a count: a number (not a date), "un"/"une" before a
    person or a thing outside a quote ("les vitres d'un poste de police", not a charge
    quoted: "en relation avec une entreprise terroriste"), or a noun of figures ("un
    bilan", "une hausse du nombre d'agressions")."""
    for q in ctx.quantities:
        if not start <= q.num_start < end or q.is_time:
            continue
        if _next_word(ctx, q.end) in ctx.lex.durations:
            continue
        if not q.article or (_counts_one(ctx, q.num_end)
                             and ctx.speaker_at(q.num_start) is None
                             and not any(a <= q.num_start < b for a, b in ctx.quoted)):
            return True
    nouns = ctx.attribution.generic_nouns | {ctx.lex.counted.number_noun}
    return any(t.pos_ == "NOUN" and low(t.lemma_) in nouns for t in ctx.tokens(start, end))


def _next_word(ctx: FigureContext, pos: int) -> str:
    found = re.match(r"\W*(\w+)", ctx.text[pos:pos + 40])
    return low(found.group(1)) if found else ""


def _counts_one(ctx: FigureContext, pos: int) -> bool:
    """Whether the word after an article at `pos` is a person or a thing counted."""
    after = [t for t in ctx.tokens(pos, pos + 40) if t.idx >= pos and t.is_alpha]
    if not after:
        return False
    words = (low(after[0].text), low(after[0].lemma_))
    return any(w in ctx.lex.people or w in ctx.lex.things for w in words)


def same_person(source: Mention | None, speaker: Mention) -> bool:
    """Whether a source found on the sentence names the quote's speaker ("a précisé la
    police" for the speaker "la police dans son dernier bilan")."""
    if source is None:
        return False
    words = {w for w in re.findall(r"\w+", low(speaker.text)) if len(w) > 2}
    return any(w in words for w in re.findall(r"\w+", low(source.text)) if len(w) > 2)
