"""Mentions of one event (same type and modality, compatible place and date) merged
into one event that keeps every evidence span. In two sentences, two different words
with no places to compare are one event only when the later refers back ("cette
attaque"), and "une autre agression" is always a new one."""
from __future__ import annotations

import math

from ...records import Place
from .drafts import Draft

__all__ = ["merge", "compatible"]


def _km(a: Place, b: Place) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return float("inf")
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def compatible(a: Draft, b: Draft) -> bool:
    same_sentence = a.evidence == b.evidence
    if a.type != b.type or (a.modality != b.modality and not same_sentence):
        return False
    if (a.distinct or b.distinct) and not same_sentence:
        return False
    if not same_sentence and a.word != b.word and not (a.anaphoric or b.anaphoric) \
            and not (a.place_explicit and b.place_explicit):
        # two words in two sentences, one with no place: the same event only when
        # one refers back to it ("l'accord", "cette attaque") or they share a word
        return False
    if a.place is not None and b.place is not None and a.place.id != b.place.id:
        if a.place_explicit and b.place_explicit:
            if "country" in (a.place.kind, b.place.kind) or _km(a.place, b.place) > 50:
                return False
    if a.date_explicit and b.date_explicit and a.date and b.date \
            and not a.date.overlaps(b.date):
        return False
    return True


def _absorb(target: Draft, d: Draft) -> None:
    """`d` told again in `target`: its evidence, rules, and what `target` lacks."""
    if d.evidence not in target.mentions:
        target.mentions.append(d.evidence)
    if target.modality == "asserted" and d.modality != "asserted":
        target.modality = d.modality     # "évacués ... doivent être emmenés"
    target.rules.extend(r for r in d.rules if r not in target.rules)
    if d.place_explicit and not target.place_explicit:
        target.place, target.place_explicit = d.place, True
    if d.date_explicit and not target.date_explicit:
        target.date, target.time, target.date_explicit = d.date, d.time, True
    elif target.date is None and d.date is not None:
        target.date = d.date
    for f in d.figures:
        if f not in target.figures:
            target.figures.append(f)
    for lst, new in ((target.actors, d.actors), (target.targets, d.targets)):
        for m in new:
            if all(m.text != x.text for x in lst):
                lst.append(m)
    if target.source is None:
        target.source = d.source


def merge(drafts: list[Draft]) -> list[Draft]:
    """The drafts merged, each into the first earlier one it is compatible with."""
    out: list[Draft] = []
    for d in drafts:
        target = next((e for e in out if compatible(e, d)), None)
        if target is None:
            out.append(d)
        else:
            _absorb(target, d)
    return out
