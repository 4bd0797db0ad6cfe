"""Who a figure comes from: the speaker of the direct quote it stands in, unless its
sentence names that speaker itself, else the source its sentence or paragraph gives
(`depeche.attribution`)."""
from __future__ import annotations

import re

from ...attribution import find_source
from ...records import Mention
from .context import FigureContext
from .syntax import low


def source_of(ctx: FigureContext, start: int, end: int) -> Mention | None:
    """The source of the figure at [start, end): a count inside a quote has the quote's
    speaker as its source, and a "selon" or a reporting verb inside a quote gives no
    source to what lies outside it."""
    inside = ctx.speaker_at(start)
    source = find_source(ctx.doc, start, end, ctx.attribution, () if inside else ctx.quoted)
    if inside is not None and not same_person(source, inside):
        source = inside
    return source


def same_person(source: Mention | None, speaker: Mention) -> bool:
    """Whether a source found on the sentence names the quote's speaker ("a précisé la
    police" for the speaker "la police dans son dernier bilan")."""
    if source is None:
        return False
    words = {w for w in re.findall(r"\w+", low(speaker.text)) if len(w) > 2}
    return any(w in words for w in re.findall(r"\w+", low(source.text)) if len(w) > 2)
