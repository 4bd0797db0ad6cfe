"""When an event happened: the clause's time expression (`times` layer), else, for an
asserted event told in the present or the passé composé, the days of the story or the
day before publication to publication."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable

from spacy.tokens import Token

from ...records import DateInterval, Time
from ..base import Verdict
from .context import ArticleContext, Sentence
from .lexicon import norm
from .syntax import NOUNS, VERBS, is_finite, token_at

__all__ = ["time_of", "date_of", "story_date", "tense"]


def _start(ctx: ArticleContext, sent: Sentence) -> int:
    """A short verbless fragment just before the sentence ("Fin février", cut off by
    the parser) counts as its start."""
    before = ctx.before(sent)
    if before is not None and len(before) <= 4 and not any(
            t.pos_ in VERBS for t in before) and \
            "\n" not in ctx.text[before.end_char - 1:sent.start_char + 1] and \
            not ctx.text[before.start_char:before.end_char].rstrip().endswith((".", "!", "?")):
        return before.start_char
    return sent.start_char


def _rank(ctx: ArticleContext, sent: Sentence, head: Token, clause_ids: set[int],
          own: set[int], relatives: set[int], tok: Token) -> tuple:
    """How good a time at `tok` is for the trigger at `head` (lower is better)."""
    if tok.i < sent.start:
        return (False, True, False, True, 0)
    # "au lendemain de l'explosion", "la veille de l'attaque": a time told
    # from the event, not the event's
    relative = tok.i in relatives
    # "a rapporté Var-Matin lundi": the report's date, taken last
    # (through the name of the source: "a rapporté Var-Matin lundi")
    verb, hops = tok.head, 0
    while verb.pos_ == "PROPN" and verb.head is not verb and hops < 3:
        verb, hops = verb.head, hops + 1
    reported = verb.pos_ in VERBS and verb is not head and \
        tok.dep_ in ("obl:mod", "obl", "nmod") and \
        norm(verb.lemma_) in ctx.lexicon.report_verbs
    return (relative, tok.i not in own, reported, tok.i not in clause_ids, abs(tok.i - head.i))


def time_of(ctx: ArticleContext, sent: Sentence, head: Token,
            clause_ids: set[int]) -> Time | None:
    """The time expression of the trigger's clause: first one inside the trigger
    noun's own phrase ("l'explosion ..., qui a fait 188 morts le 4 août", not "au
    lendemain de l'explosion"), then the clause's, the nearest first."""
    lo = _start(ctx, sent)
    own = {t.i for t in head.subtree} if head.pos_ in NOUNS else set()
    relatives = {t.i for t in head.ancestors if norm(t.lemma_) in ctx.lexicon.relative_times}
    options = []
    for tm in ctx.times:
        if tm.interval is None or tm.type == "SET":
            continue
        if lo <= tm.start and tm.end <= sent.end_char:
            tok = token_at(ctx.doc, tm.start, tm.end)
            if tok is None:
                continue
            options.append((_rank(ctx, sent, head, clause_ids, own, relatives, tok), tm))
    if not options:
        return None
    options.sort(key=lambda o: o[0])
    return options[0][1]


def date_of(ctx: ArticleContext, time: Time | None, modality: str,
            clause: Token, head: Token) -> Verdict[DateInterval] | None:
    """The event's days: its clause's time ("date.clause"); else, for an asserted event
    told in the recent past, the story's days ("date.story") or the day before
    publication to publication ("date.published")."""
    if time is not None and time.interval is not None:
        return Verdict(time.interval, "date.clause")
    if ctx.published is None or modality != "asserted" or tense(clause, head) != "recent":
        return None
    if ctx.story:
        return Verdict(ctx.story, "date.story")
    return Verdict(DateInterval(ctx.published - timedelta(days=ctx.recent_days), ctx.published),
                   "date.published")


def story_date(times: Iterable[Time], published: date | None) -> DateInterval | None:
    """The days of the article's news: from the earliest to the latest short time
    expression of the three days before publication ("hier", "jeudi soir")."""
    if published is None:
        return None
    # durations ("deux jours") are no moments of the news
    recent = [tm.interval for tm in times if tm.interval is not None
              and tm.type not in ("SET", "DURATION")
              and (tm.interval.end - tm.interval.start).days <= 2
              and published - timedelta(days=3) <= tm.interval.start
              and tm.interval.end <= published]
    if not recent:
        return None
    return DateInterval(min(iv.start for iv in recent), max(iv.end for iv in recent))


def tense(verb: Token, head: Token) -> str:
    """"recent" for the present, the passé composé and the imperfect of narration;
    "background" for the pluperfect; "none" when no verb carries a tense."""
    auxes = [c for c in verb.children if c.dep_.startswith("aux")]
    finite = [t for t in [verb] + auxes if is_finite(t)]
    if not finite:
        if verb.pos_ in VERBS and verb is not head:
            return "none"
        return "recent"
    tenses = {x for t in finite for x in t.morph.get("Tense")}
    if "Imp" in tenses and auxes:
        return "background"       # plus-que-parfait
    if tenses & {"Pres", "Imp", "Past"}:
        return "recent"
    return "none"
