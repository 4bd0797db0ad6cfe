"""Mentions of one event (same type and modality, compatible place and date) merged
into one event that keeps every evidence span. In two sentences, two different words
with no places to compare are one event only when the later refers back ("cette
attaque") or tells its toll ("cinq personnes ont été blessées"), and "une autre
agression" is always a new one. A recall's date is its clause's ("interpellés samedi
à la suite de l'attaque"): it does not keep it from its event."""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Mapping

from ...records import DateInterval, Place
from .drafts import Draft

__all__ = ["merge", "compatible", "fresh", "recall"]


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
            and not (a.weak or b.weak) and not (a.place_explicit and b.place_explicit) \
            and not (_headline(a) or _headline(b)) and not _unmarked(b):
        # two words in two sentences, one with no place: the same event only when
        # one refers back to it ("l'accord", "cette attaque") or they share a word;
        # the headline names the story's event, which the body tells again in its own
        # words ("6.000 arrestations" in the title, "placés en garde à vue" in the lede)
        return False
    if a.place is not None and b.place is not None and a.place.id != b.place.id:
        if a.place_explicit and b.place_explicit and not (b.place_source and b.weak):
            # a toll whose only place is in its source ("blessées ..., selon le procureur
            # de Paris") is the toll of the event told before
            if "country" in (a.place.kind, b.place.kind) or \
                    _km(a.place, b.place) > _reach(a.place, b):
                return False
    if _dated(a) and _dated(b) and a.date and b.date and not a.date.overlaps(b.date) \
            and not b.weak:
        # a toll told later ("cinq personnes ont été blessées, dont trois étaient mercredi
        # toujours hospitalisées") dates the news of the victims, not another event
        return False
    if _far(a, b) or _far(b, a):
        return False
    return True


FAR_DAYS = 365


def _far(a: Draft, b: Draft) -> bool:
    """Whether `a`, dated by its own words, lies more than a year from `b`, dated only
    by the story or the publication: a recall of long ago ("le 22 mai 1848, ... au
    terme de violentes émeutes") is not the news the headline tells
    ("des manifestants brisent les statues").
    OrangeSum 10254."""
    if not _dated(a) or _dated(b) or a.date is None or b.date is None \
            or b.weak or b.anaphoric or (b.headline and not b.verbal):
        # "cette attaque" recalls whatever it follows; a toll word with no date ("des
        # victimes du violeur de Sénart témoignent") counts the victims of the old event;
        # a headline's noun names the story's event, however old ("Violences sexuelles
        # dans le patinage : la justice lance de nouvelles investigations")
        return False
    return _gap(a.date, b.date) > FAR_DAYS


def _gap(a: DateInterval, b: DateInterval) -> int:
    """The days between two intervals (0 or less when they overlap)."""
    return max((b.start - a.end).days, (a.start - b.end).days)


def _reach(a: Place, b: Draft) -> float:
    """How far apart two places of one event may be (km): the toll of an event told with
    its province ("trois participants sont morts, ... dans le nord du département des
    Deux-Sèvres" after the town's name) may be far from the province's centre."""
    assert b.place is not None
    wide = b.weak and {a.kind, b.place.kind} & {"admin", "region"}
    return 150.0 if wide else 50.0


def _unmarked(d: Draft) -> bool:
    """A later mention with nothing of its own to tell it apart (no place, no date, no
    figure, no person named in its sentence, no one new in its arguments): the event told
    before goes on ("des échauffourées ont troublé le calme ... La police a fait usage de
    gaz lacrymogènes")."""
    return not (d.place_explicit or d.date_explicit or d.figures or d.named or d.newcomers)


def _headline(d: Draft) -> bool:
    """A headline event the body has not told again yet: its first body mention of the
    type is its restatement, whatever the word; later ones follow the general rules."""
    return d.headline and not d.restated


def _finer(a: Place | None, b: Place | None) -> bool:
    """Whether `a` is a town or a site and `b` a country, a region or a province."""
    return a is not None and b is not None and a.kind in ("city", "feature") \
        and b.kind in ("country", "region", "admin")


def _dated(d: Draft) -> bool:
    """Whether a draft's date is its own: a recall ("à la suite de l'attaque") takes
    the date of the verb it completes, which says nothing of the event's."""
    return d.date_explicit and (d.date_own or not d.anaphoric)


def _absorb(target: Draft, d: Draft) -> None:
    """`d` told again in `target`: its evidence, rules, and what `target` lacks."""
    if d.evidence not in target.mentions:
        target.mentions.append(d.evidence)
    if target.headline and not d.headline:
        target.restated = True
    if target.modality == "asserted" and d.modality != "asserted":
        target.modality = d.modality     # "évacués ... doivent être emmenés"
    target.rules.extend(r for r in d.rules if r not in target.rules)
    if d.place_explicit and (not target.place_explicit
                             or (not d.place_source and _finer(d.place, target.place))):
        # "une avalanche dans les Alpes" then "cet accident au mont Maudit"
        target.place, target.place_explicit = d.place, True
    if _dated(d) and not _dated(target):
        target.date, target.time, target.date_explicit = d.date, d.time, True
        target.date_own = True
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


def fresh(earlier: Draft, d: Draft) -> bool:
    """Whether `d` names a new event with an indefinite article ("un meurtre à Hambourg,
    un attentat à la bombe et une attaque à la hache"): never a recall of an event told
    in another sentence, nor of another one named so in its own."""
    return d.indefinite and (earlier.evidence != d.evidence or earlier.indefinite)


def recall(out: list[Draft], d: Draft,
           recalls: Mapping[str, frozenset[str]]) -> tuple[Draft, Draft] | None:
    """"cet accident" after an avalanche, "cette attaque" after a bombing: a general
    word with a definite or demonstrative article names the last event told of a type
    it covers (where the places agree); the event keeps its type and modality."""
    if not d.anaphoric or d.word not in recalls:
        return None
    for e in reversed(out):
        if e.type in recalls[d.word]:
            same = replace(d, type=e.type, modality=e.modality, mentions=list(d.mentions))
            return (e, same) if compatible(e, same) else None
    return None


def retyped(out: list[Draft], d: Draft) -> Draft | None:
    """The headline event that `d` tells again with the same word and another type: the
    body's sentence tells what the label did not ("Après l'incendie de Lubrizol", then
    "L'incendie, survenu le 26 septembre sur le site Seveso": an industrial accident, not
    a disaster). The event takes the body's type. OrangeSum 1241."""
    if d.headline:
        return None
    for e in out:
        if _headline(e) and e.word == d.word and e.type != d.type and \
                compatible(e, replace(d, type=e.type, modality=e.modality,
                                      mentions=list(d.mentions))):
            e.type = d.type
            return e
    return None


def merge(drafts: list[Draft],
          recalls: Mapping[str, frozenset[str]] | None = None) -> list[Draft]:
    """The drafts merged, each into the first earlier one it is compatible with, or
    into the event it recalls."""
    out: list[Draft] = []
    for d in drafts:
        target = next((e for e in out if compatible(e, d) and not fresh(e, d)), None)
        if target is None and recalls:
            found = recall(out, d, recalls)
            if found is not None:
                target, d = found
        if target is None:
            target = retyped(out, d)
        if target is None:
            out.append(d)
        else:
            _absorb(target, d)
    return out
