"""When an event happened: the clause's time expression (`times` layer), else, for an
asserted event told in the present or the passé composé, the days of the story or the
day before publication to publication.

A time of the clause is the event's date only if it can be: not wider than an event
(a century, "plus d'un siècle et demi"), not a target for an asserted event ("d'ici fin
2021"), not after the publication for an event reported as past (a bare weekday is
then the one of the week before, a day of a month takes the year the article last
wrote, else the year before if far enough). The words are `lang/<lang>/event_dates.toml`."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Iterable, Mapping

from spacy.tokens import Token

from ...lexicons import Lexicons, Table
from ...records import DateInterval, Time
from ..base import Verdict
from ..times.lexicon import SCHEMA as TIMES_SCHEMA
from ..times.tense import verb_tense
from .context import ArticleContext, Sentence
from .lexicon import norm
from .syntax import NOUNS, VERBS, is_finite, token_at

__all__ = ["time_of", "date_of", "story_date", "tense", "SCHEMA", "DateWords"]

SCHEMA: dict[str, Any] = {
    "since_before": str, "since_days": int, "target_before": str, "widest_days": int,
    "relative_offsets": Table(int), "past_week": {"rules": [str], "not_words": [str]},
    "context_year": {"rules": [str]}, "recalled_types": [str],
    "frame_sentences": Table(int), "shift_after": Table(int), "vague_shift_days": int,
    "shift_not_before": str, "lasting_types": [str], "historic_days": int,
    "year_before_days": int, "report_before": str,
}
_YEAR = re.compile(r"\b\d{4}\b")
_MONTH_VALUE = re.compile(r"(\d{4})-(\d\d)(?:-\d\d)?\b")


@dataclass(frozen=True)
class DateWords:
    """The compiled `event_dates` lexicon."""
    since: re.Pattern
    since_days: int
    target: re.Pattern
    widest_days: int
    offsets: Mapping[str, int]
    past_week: frozenset[str]
    not_past_week: frozenset[str]
    context_year: frozenset[str]
    recalled_types: frozenset[str]
    frame_sentences: Mapping[str, int]
    shifts: Mapping[str, int]
    vague_shift: int
    shift_not_before: re.Pattern
    lasting: frozenset[str]
    historic_days: int
    year_before_days: int
    report: re.Pattern
    tense: Mapping[str, Any]        # the `[tense]` table of the times lexicon

    @classmethod
    def from_data(cls, data: Mapping[str, Any], tense: Mapping[str, Any]) -> "DateWords":
        return cls(since=re.compile(data["since_before"]), since_days=data["since_days"],
                   target=re.compile(data["target_before"]), widest_days=data["widest_days"],
                   offsets={k: int(v) for k, v in data["relative_offsets"].items()},
                   past_week=frozenset(data["past_week"]["rules"]),
                   not_past_week=frozenset(data["past_week"]["not_words"]),
                   context_year=frozenset(data["context_year"]["rules"]),
                   recalled_types=frozenset(data["recalled_types"]),
                   frame_sentences={k: int(v) for k, v in data["frame_sentences"].items()},
                   shifts={k: int(v) for k, v in data["shift_after"].items()},
                   vague_shift=data["vague_shift_days"],
                   shift_not_before=re.compile(data["shift_not_before"]),
                   lasting=frozenset(data["lasting_types"]),
                   historic_days=data["historic_days"],
                   year_before_days=data["year_before_days"],
                   report=re.compile(data["report_before"]),
                   tense={k: tuple(v) if isinstance(v, list) else v for k, v in tense.items()})


@functools.lru_cache(maxsize=1)
def date_words() -> DateWords:
    """The event-dating words of the default language (read once)."""
    lexicons = Lexicons()
    return DateWords.from_data(lexicons.get("event_dates", SCHEMA),
                               lexicons.get("times", TIMES_SCHEMA)["tense"])


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
        if tm.interval is None or tm.type == "SET" or not _may_date(ctx, tm):
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


def _before(ctx: ArticleContext, tm: Time, n: int = 16) -> str:
    return ctx.text[max(0, tm.start - n):tm.start].lower().replace("\u2019", "'")


def _may_date(ctx: ArticleContext, tm: Time) -> bool:
    """Whether a time can be an event's date: not wider than an event ("du XVe
    siècle", "plus d'un siècle et demi"), not the old start of a state ("depuis 1895")."""
    words, iv = date_words(), tm.interval
    if iv is None or (iv.end - iv.start).days > words.widest_days:
        return False
    return ctx.published is None or not words.since.search(_before(ctx, tm)) or \
        (ctx.published - iv.start).days <= words.since_days


def _relative_offset(ctx: ArticleContext, tm: Time, head: Token) -> int:
    """"au lendemain de l'explosion": the days from the time to the event (-1)."""
    tok = token_at(ctx.doc, tm.start, tm.end)
    if tok is None or tok not in list(head.ancestors):
        return 0
    return date_words().offsets.get(norm(tok.lemma_), 0)


def _shift(iv: DateInterval, days: int) -> DateInterval:
    return DateInterval(iv.start + timedelta(days=days), iv.end + timedelta(days=days))


def _context_year(ctx: ArticleContext, tm: Time, month: int) -> int | None:
    """The year the article wrote last with this month before `tm` ("les attentats de
    janvier 2015 ... le 9 janvier"), not after the publication."""
    assert ctx.published is not None
    for other in reversed(ctx.times):
        written = _MONTH_VALUE.match(other.value)
        if other.start < tm.start and written and int(written[2]) == month and \
                _YEAR.search(other.text) and int(written[1]) <= ctx.published.year:
            return int(written[1])
    return None


def _in_year(iv: DateInterval, year: int) -> DateInterval | None:
    delta = year - iv.start.year
    try:
        return DateInterval(iv.start.replace(year=year), iv.end.replace(year=iv.end.year + delta))
    except ValueError:        # 29 February
        return None


def _time_tense(ctx: ArticleContext, tm: Time, head: Token) -> str | None:
    """The tense of the verb that governs a time outside the trigger's own phrase."""
    tok = token_at(ctx.doc, tm.start, tm.end)
    if tok is None or head.is_ancestor(tok):
        return None
    try:
        return verb_tense(tok, date_words().tense)
    except (ValueError, AttributeError):
        return None


def _past_date(ctx: ArticleContext, tm: Time, iv: DateInterval, head: Token,
               etype: str) -> Verdict[DateInterval] | None:
    """The date of an asserted event whose time fell after the publication: a bare
    weekday is the one of the week before ("Samedi, c'est X qui est mort"). Told in
    the past, a day of a month takes the year the article last wrote with that month,
    else, `year_before_days` or more ahead, the year before, else it has no date.
    Told otherwise ("le sommet programmé début juillet"), the time stands (the event
    is announced: see `modality.announced`) unless it is another clause's, told in the
    future, or the event is of a kind nobody announces ("Attentats du 13 novembre",
    "Le 15 avril, un incendie se déclare"): a recalled one, whose year is the
    article's, as when told in the past (but never the year before)."""
    assert ctx.published is not None
    words = date_words()
    try:
        told = verb_tense(head, words.tense)     # the verb that governs the trigger
    except (ValueError, AttributeError):
        told = None
    moved: DateInterval | None = None
    rule = "date.past_week"
    if tm.provenance.rule in words.past_week:
        if words.not_past_week & set(tm.text.lower().split()):
            return None     # "la mobilisation de ce samedi": ahead, not past
        moved = _shift(iv, -7)
    elif told != "past" and etype not in words.recalled_types:
        # "les sorties auront lieu le 28 mai ... juste avant le confinement": the time
        # of another clause, told in the future; else the event is announced
        return None if _time_tense(ctx, tm, head) == "future" else Verdict(iv, "date.clause")
    elif tm.provenance.rule in words.context_year and not _YEAR.search(tm.text):
        # else, for an event told in the past, far enough ahead (not "convoquée au
        # tribunal le 9 juillet") and not told in the future, the last of those days
        # before the article ("la décision prise le 11 octobre", in June)
        year = _context_year(ctx, tm, iv.start.month)
        rule = "date.context_year" if year else "date.year_before"
        if year or (told == "past" and
                    (iv.start - ctx.published).days > words.year_before_days and
                    _time_tense(ctx, tm, head) != "future"):
            moved = _in_year(iv, year or iv.start.year - 1)
    if moved is None or moved.start > ctx.published:
        # "placée en garde à vue et, à l'issue, convoquée au tribunal le 9 juillet": a
        # time ahead is not the past event's; its tense dates it
        return _TENSE if told == "past" else None
    return Verdict(moved, rule)


def _foreign(ctx: ArticleContext, tm: Time, head: Token) -> bool:
    """Whether a time is another phrase's: it hangs on a word that neither is the
    trigger nor governs it, and is not in the trigger's own phrase ("protestent contre
    la suppression prévue à partir du 1er juillet", "un spectacle sur le confinement,
    en streaming le 20 juin")."""
    tok = token_at(ctx.doc, tm.start, tm.end)
    if tok is None or tok.i == head.i or tok.is_ancestor(head):
        return False
    if head.is_ancestor(tok):
        # inside the trigger's phrase, unless another verb, not the trigger's own
        # participle ("la rencontre prévue ce mercredi"), holds it
        return any(t.pos_ in VERBS and t.head.i != head.i
                   for t in list(tok.ancestors)[:12] if head.is_ancestor(t))
    anchor = tok.head
    return not (anchor.i == head.i or anchor.is_ancestor(head))


_TENSE = Verdict(DateInterval(date.min, date.min), "date.tense")   # no date of its own


def _clause_date(ctx: ArticleContext, tm: Time, modality: str, etype: str,
                 head: Token) -> Verdict[DateInterval] | None:
    """The date the clause's time gives the event, None (no date) or `_TENSE` (the
    time is not the event's: its tense decides)."""
    words, iv, rule = date_words(), tm.interval, "date.clause"
    assert iv is not None
    before = _before(ctx, tm)
    offset = _relative_offset(ctx, tm, head)
    if offset:
        iv, rule = _shift(iv, offset), "date.relative"
    if modality != "asserted" or ctx.published is None:
        return Verdict(iv, rule)
    if words.target.search(before) or words.report.search(_before(ctx, tm, 80)):
        return _TENSE       # "d'ici fin 2021"; "selon le dernier bilan, communiqué vendredi"
    if words.since.search(before) and etype in words.lasting and iv.start <= ctx.published:
        # "des manifestations ont lieu depuis le 26 mai": from that day to the article
        return Verdict(DateInterval(iv.start, max(iv.end, ctx.published)), "date.since")
    if iv.start > ctx.published:
        if tm.provenance.rule not in words.past_week and _foreign(ctx, tm, head):
            # another phrase's time after the article ("placée en garde à vue et
            # convoquée au tribunal le 9 juillet"): not the event's, its tense decides
            return _TENSE
        return _past_date(ctx, tm, iv, head, etype)
    return Verdict(iv, rule)


def date_of(ctx: ArticleContext, time: Time | None, modality: str, etype: str,
            clause: Token, head: Token) -> Verdict[DateInterval] | None:
    """The event's days: its clause's time ("date.clause", and see `_clause_date`);
    else, for an asserted event told in the recent past, the story's days
    ("date.story") or the day before publication to publication ("date.published")."""
    if time is not None and time.interval is not None:
        found = _clause_date(ctx, time, modality, etype, head)
        if found is not _TENSE:
            return found
    if ctx.published is None or modality != "asserted":
        return None
    told = tense(clause, head)
    shifted = _shifted(ctx, head)
    if shifted is not None:
        return shifted
    framed = _frame(ctx, head, told) or _historic(ctx, clause, head, told)
    if framed is not None:
        return framed
    if told != "recent":
        return None
    if ctx.story:
        return Verdict(ctx.story, "date.story")
    return Verdict(DateInterval(ctx.published - timedelta(days=ctx.recent_days), ctx.published),
                   "date.published")


_ADVERBIAL = ("obl:mod", "obl", "advmod", "obl:arg")


def _sentence_index(ctx: ArticleContext, head: Token) -> int | None:
    return next((i for i, s in enumerate(ctx.sentences) if s.start <= head.i < s.end), None)


def _frame_times(ctx: ArticleContext, sent: Sentence, told: str) -> list[Time]:
    """The times of a sentence that may set the days of the story told after it: a day,
    a month or a year of the past, not a target ("jusqu'au 15 avril"); for a story in
    the present or the passé composé, only one that dates its own verb ("Le 18 mai
    1980, des manifestants descendent dans les rues"), not a noun ("les attentats de
    2015")."""
    assert ctx.published is not None
    words, out = date_words(), []
    for tm in ctx.times:
        if not (sent.start_char <= tm.start and tm.end <= sent.end_char) or \
                tm.interval is None or tm.type not in ("DATE", "TIME") or \
                not _may_date(ctx, tm) or tm.interval.start > ctx.published or \
                words.target.search(_before(ctx, tm)) or words.since.search(_before(ctx, tm)):
            continue
        tok = token_at(ctx.doc, tm.start, tm.end)
        if tok is not None and (norm(tok.head.lemma_) in ctx.lexicon.report_verbs
                                or _told_ahead(tok)):
            continue        # "a-t-on appris dimanche": the day of the report;
            # "serait utilisée dès samedi": a day ahead, no story told
        if told != "background" and (
                tok is None or tok.dep_ not in _ADVERBIAL or tok.head.pos_ not in VERBS):
            continue
        out.append(tm)
    return out


def _told_ahead(tok: Token) -> bool:
    try:
        return verb_tense(tok, date_words().tense) == "future"
    except (ValueError, AttributeError):
        return False


def _frame(ctx: ArticleContext, head: Token, told: str) -> Verdict[DateInterval] | None:
    """The days of the story an undated event continues: the last time of the
    sentences just before it in its paragraph, not the day of a report ("Samedi 13 juin,
    21 personnes ont été placées en garde à vue, a-t-on appris dimanche. Au total, 39
    personnes avaient été interpellées"). How far back it looks depends on the tense
    (`[frame_sentences]`)."""
    reach = date_words().frame_sentences.get(told, 0)
    idx = _sentence_index(ctx, head)
    if not reach or idx is None:
        return None
    after = ctx.sentences[idx].start_char
    for sent in reversed(ctx.sentences[max(0, idx - reach):idx]):
        if "\n" in ctx.text[sent.end_char:after].strip(" "):
            return None     # another paragraph
        times = _frame_times(ctx, sent, told)
        interval = times[-1].interval if times else None
        if interval is not None:
            return Verdict(interval, "date.frame")
        after = sent.start_char
    return None


def _narrated(verb: Token) -> bool:
    """Whether a verb tells a story as it unfolds: in the present or the passé simple
    (active or passive: "une fusillade éclate", "la journée ne fut pas vécue"), not in
    a compound past, the future, the conditional or the subjunctive ("pour que ces
    dernières soient déployées")."""
    if verb.pos_ not in VERBS:
        return False
    auxes = [c for c in verb.children if c.dep_.startswith("aux")]
    if any(c.dep_ != "aux:pass" for c in auxes):
        return False
    finite = auxes[0] if auxes else verb
    return is_finite(finite) and not {"Cnd", "Sub"} & set(finite.morph.get("Mood")) and \
        bool({"Pres", "Past"} & set(finite.morph.get("Tense")))


def _governor(tok: Token) -> Token:
    verb = tok
    for _ in range(6):
        if verb.pos_ in VERBS and not verb.dep_.startswith("aux") and verb.dep_ != "cop":
            break
        if verb.head.i == verb.i:
            break
        verb = verb.head
    return verb


def _old_times(ctx: ArticleContext, sent: Sentence) -> list[Time]:
    """The times of a sentence that date a story of the past told as it unfolds ("Le 18
    mai 1980, des manifestants descendent dans les rues", "la journée du 5 juillet
    1962 ne fut pas vécue..."): `historic_days` or more before the article."""
    assert ctx.published is not None
    words, out = date_words(), []
    for tm in ctx.times:
        iv = tm.interval
        if not (sent.start_char <= tm.start and tm.end <= sent.end_char) or iv is None or \
                tm.type not in ("DATE", "TIME") or not _may_date(ctx, tm) or \
                (ctx.published - iv.end).days < words.historic_days or \
                words.target.search(_before(ctx, tm)) or words.since.search(_before(ctx, tm)):
            continue
        tok = token_at(ctx.doc, tm.start, tm.end)
        if tok is None:
            continue
        verb = _governor(tok)
        if not _narrated(verb):
            continue
        # the present dates a story only through a time of its verb ("Le 18 mai 1980,
        # des manifestants descendent"), not of a noun ("Depuis les attentats de
        # novembre 2015, la France vit sous la menace"); the passé simple always does
        if (tok.dep_ in _ADVERBIAL and tok.head.i == verb.i) or _simple_past(verb):
            out.append(tm)
    return out


def _simple_past(verb: Token) -> bool:
    finite = next((c for c in verb.children if c.dep_ == "aux:pass"), verb)
    return "Past" in finite.morph.get("Tense") and is_finite(finite)


def _news_told(ctx: ArticleContext, sent: Sentence) -> bool:
    """Whether a sentence has a time of the news (less than `historic_days` before the
    article, or after it)."""
    assert ctx.published is not None
    days = date_words().historic_days
    return any(sent.start_char <= tm.start and tm.end <= sent.end_char and
               tm.interval is not None and tm.type in ("DATE", "TIME") and
               (ctx.published - tm.interval.end).days < days for tm in ctx.times)


def _historic(ctx: ArticleContext, verb: Token, head: Token,
              told: str) -> Verdict[DateInterval] | None:
    """"Le 5 juillet 1962, ... À Oran, une fusillade éclate dans le défilé": an event
    told as it unfolds, with no time of its own, after a sentence of its paragraph that
    dates a story of the past the same way, takes that story's time (looking back
    `[frame_sentences] historic` sentences)."""
    reach = date_words().frame_sentences.get("historic", 0)
    idx = _sentence_index(ctx, head)
    if told != "recent" or not reach or idx is None or not _narrated(_told_by(verb)):
        return None
    after = ctx.sentences[idx].start_char
    for sent in reversed(ctx.sentences[max(0, idx - reach):idx]):
        if "\n" in ctx.text[sent.end_char:after].strip(" "):
            return None     # another paragraph
        if _news_told(ctx, sent):
            return None     # "En septembre dernier, un pompier est mort": back to the news
        times = _old_times(ctx, sent)
        if times and times[-1].interval is not None:
            return Verdict(times[-1].interval, "date.historic")
        after = sent.start_char
    return None


_SPAN = re.compile(r"P(\d+|X)([DW])$")


def _shifted(ctx: ArticleContext, head: Token) -> Verdict[DateInterval] | None:
    """"Trois jours auparavant, cinq corps avaient été relevés", "Quelques jours plus
    tard, une marche blanche avait rassemblé...": a span of days or weeks before a word
    of `[shift_after]` counts from the last time told before it (in its sentence or
    the one before); a vague number ("quelques") from one to `vague_shift_days`."""
    assert ctx.published is not None
    words, idx = date_words(), _sentence_index(ctx, head)
    if idx is None:
        return None
    sent = ctx.sentences[idx]
    for tm in ctx.times:
        span = _SPAN.match(tm.value) if tm.type == "DURATION" else None
        if span is None or not sent.start_char <= tm.start < sent.end_char:
            continue
        sign = _shift_sign(ctx.text[tm.end:tm.end + 30])
        if not sign:
            continue
        base = _time_before(ctx, idx, tm.start)
        if base is None:
            return None
        unit = 7 if span[2] == "W" else 1
        lo, hi = (1, words.vague_shift) if span[1] == "X" else (int(span[1]), int(span[1]))
        if sign > 0:
            iv = DateInterval(base.start + timedelta(days=lo * unit),
                              base.end + timedelta(days=hi * unit))
        else:
            iv = DateInterval(base.start - timedelta(days=hi * unit),
                              base.end - timedelta(days=lo * unit))
        if iv.start > ctx.published:
            return None
        return Verdict(iv, "date.shifted")
    return None


def _shift_sign(after: str) -> int:
    """1 or -1 when a span is followed by a word of `[shift_after]` ("plus tard",
    "auparavant") that no event follows ("après l'attaque"), else 0."""
    words = date_words()
    low = after.lower()
    for phrase, sign in words.shifts.items():
        found = re.match(r"\s*" + re.escape(phrase) + r"\b", low)
        if found and not words.shift_not_before.match(low[found.end():]):
            return sign
    return 0


def _time_before(ctx: ArticleContext, idx: int, start: int) -> DateInterval | None:
    """The last time of a day, a night or a month told before `start`, in its sentence
    or the one before (with a fragment cut off before it: "Début juillet, ...")."""
    before = ctx.sentences[max(0, idx - 1)]
    lo = _start(ctx, before) if idx else before.start_char
    found = [tm.interval for tm in ctx.times if lo <= tm.start and tm.end <= start and
             tm.interval is not None and tm.type in ("DATE", "TIME") and
             (tm.interval.end - tm.interval.start).days <= 31]
    return found[-1] if found else None


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


def _told_by(verb: Token, hops: int = 4) -> Token:
    """The finite verb that tells a present participle's clause ("des manifestations
    tournant à l'émeute ont éclaté": "ont éclaté"), or the verb itself. A past
    participle ("les personnes tuées par l'explosion") tells a state, not when."""
    found = verb
    while hops and found.pos_ in VERBS and "Part" in found.morph.get("VerbForm") and \
            "Pres" in found.morph.get("Tense") and \
            not any(c.dep_.startswith("aux") for c in found.children) and \
            found.dep_ in ("acl", "advcl", "amod") and found.head is not found:
        found, hops = found.head, hops - 1
        while found.pos_ not in VERBS and found.head is not found and hops:
            found, hops = found.head, hops - 1
    return found if found.pos_ in VERBS and found is not verb else verb


def tense(verb: Token, head: Token) -> str:
    """"recent" for the present, the passé composé and the imperfect of narration
    (active or passive); "background" for the pluperfect; "none" when no verb carries a tense."""
    verb = _told_by(verb)
    auxes = [c for c in verb.children if c.dep_.startswith("aux")]
    finite = [t for t in [verb] + auxes if is_finite(t)]
    if not finite:
        if verb.pos_ in VERBS and verb is not head:
            return "none"
        return "recent"
    tenses = {x for t in finite for x in t.morph.get("Tense")}
    # plus-que-parfait ("avait ravagé", "s'étaient déployées"), not an imperfect passive
    # ("la gare était évacuée": an imperfect of narration)
    reflexive = any("Yes" in c.morph.get("Reflex") for c in verb.children)
    if any("Imp" in a.morph.get("Tense") and (a.dep_ != "aux:pass" or reflexive)
           for a in auxes):
        return "background"
    if tenses & {"Pres", "Imp", "Past"}:
        return "recent"
    return "none"
