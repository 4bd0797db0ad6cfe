"""Stories: articles about the same developing event across outlets and days.

Each article is described by weighted terms: the names of its title and lead, its
places, its event types, and the content words of its title and lead (TF-IDF over the
store). Articles are taken oldest first; each joins the active story (one with an
article in the window before it) whose profile it matches best, when the match is
strong enough, else it opens a story. A story's profile is the sum of its articles'
terms, so it follows an event from day to day without drifting to a neighbour on one
shared word; stories of one event that opened apart (two first reports the same
evening) are then merged when their profiles match and their days meet. A story is
labelled by its most central headline, and its terms are words of its articles."""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import repeat
from operator import mul
from typing import Iterable

from ..records import content_id
from ..store import Store
from .common import STOPWORDS, WORD, CorpusSettings, fold, parse_day

CAPITALISED = re.compile(r"\b([A-ZÀ-Ý][\w'’-]{2,}(?:[ -][A-ZÀ-Ý][\w'’-]{2,})*)")
SENTENCE_START = re.compile(r'(^|[.!?:;«"»]\s*|\n\s*)$')
SURFACE = re.compile(r"[\w’'-]+", re.UNICODE)

# weights of the kinds of terms: a name or place says more than a word of the lead
KIND_WEIGHT = {"n": 1.5, "p": 1.5, "w": 1.0, "l": 0.6, "e": 0.5}


def _stem(word: str) -> str:
    """A crude French plural folding, enough to match 'explosions' and 'explosion'."""
    return word[:-1] if len(word) > 4 and word[-1] in "sx" else word


def _names(text: str) -> list[tuple[str, str]]:
    """(folded, surface) names of a text: capitalised words, except one opening a
    sentence (unless it is a compound, 'Notre-Dame', 'Charlie Hebdo')."""
    out = []
    for m in CAPITALISED.finditer(text):
        name = m.group(1)
        if " " not in name and "-" not in name and SENTENCE_START.search(text[:m.start()]):
            continue
        t = fold(name)
        if t not in STOPWORDS and len(t) > 2:
            out.append((t, name))
    return out


def article_terms(article: dict, lead_chars: int = 600) -> dict[str, tuple[int, str]]:
    """Salient terms of an article -> (count, a surface form): names of its title and
    lead (n:), its places (p:), event types (e:), the content words of its title (w:)
    and of its lead (l:). The surface form is a real word of the article, for labels."""
    title = article.get("title") or ""
    lead = (article.get("lead") or "")[:lead_chars]
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}

    def add(term: str, form: str) -> None:
        counts[term] += 1
        surface.setdefault(term, form)

    for text in (title, lead):
        for t, name in _names(text):
            add("n:" + t, name)
    for text, min_len, kind in ((title, 4, "w:"), (lead, 5, "l:")):
        for form in SURFACE.findall(text):
            for w in WORD.findall(fold(form)):
                if len(w) >= min_len and w not in STOPWORDS and not w.isdigit():
                    add(kind + _stem(w), form.strip("-’'"))
    for p in article.get("places", ()):
        add("p:" + fold(p), p)          # a gazetteer's name: matched, never a label
    for t in set(article.get("event_types", ())):
        add("e:" + t, t)
    return {t: (c, surface[t]) for t, c in counts.items()}


def story_terms(article: dict) -> set[str]:
    """The salient terms of an article (see `article_terms`)."""
    return set(article_terms(article))


@dataclass(eq=False)
class _Story:
    members: list[str] = field(default_factory=list)
    profile: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    sumsq: float = 0.0
    first: date | None = None
    last: date | None = None
    version: int = 0           # changes with the profile (a merge pass compares a pair once)

    @property
    def norm(self) -> float:
        return math.sqrt(max(self.sumsq, 0.0)) or 1.0

    def _shift(self, vec: dict[str, float], sign: float) -> None:
        self.version += 1
        for t, w in vec.items():
            old = self.profile.get(t, 0.0)
            new = old + sign * w
            self.sumsq += new * new - old * old
            if abs(new) <= 1e-9:
                self.profile.pop(t, None)
            else:
                self.profile[t] = new

    def add(self, aid: str, vec: dict[str, float], day: date | None) -> None:
        self.members.append(aid)
        self._shift(vec, 1.0)
        if day:
            self.first = min(self.first or day, day)
            self.last = max(self.last or day, day)

    def remove(self, aid: str, vec: dict[str, float], days: dict[str, date | None]) -> None:
        self.members.remove(aid)
        self._shift(vec, -1.0)
        known = [d for d in (days[a] for a in self.members) if d]
        self.first, self.last = (min(known), max(known)) if known else (None, None)

    def absorb(self, other: "_Story") -> None:
        self.members += other.members
        self._shift(other.profile, 1.0)
        dated = [d for d in (self.first, self.last, other.first, other.last) if d]
        self.first, self.last = (min(dated), max(dated)) if dated else (None, None)
        other.members = []

    def near(self, day: date | None, window: timedelta) -> bool:
        """Whether the story's days come within `window` of `day` (undated: always)."""
        return not (day and self.first and self.last) or \
            (self.first - window <= day <= self.last + window)


class _DayIndex:
    """The stories whose days come within the window of each day: the candidates of an
    article (or a story) are looked up, not scanned for, in a store of any size."""

    def __init__(self, stories: list[_Story], window: timedelta):
        self.window = window
        self.by_day: dict[date, list[_Story]] = defaultdict(list)
        self.undated: list[_Story] = []
        for s in stories:
            if s.first is None or s.last is None:
                self.undated.append(s)
                continue
            d, end = s.first - window, s.last + window
            while d <= end:
                self.by_day[d].append(s)
                d += timedelta(days=1)

    def around(self, first: date | None, last: date | None) -> list[_Story]:
        if first is None or last is None:
            return list(dict.fromkeys(s for ss in self.by_day.values() for s in ss)) + \
                self.undated
        out: dict[int, _Story] = {}
        d = first
        while d <= last:
            out.update((id(s), s) for s in self.by_day.get(d, ()))
            d += timedelta(days=1)
        return list(out.values()) + self.undated


def cluster_stories(store: Store, settings: CorpusSettings = CorpusSettings(),
                    generation: tuple[int, int] | None = None) -> int:
    """Cluster the stored articles into stories; returns the number with 2+ articles.

    Near-duplicates and exact copies always share their original's story. A story's id
    is derived from its earliest article, so it stays the same as later articles are
    added. With `generation` (what the passes read), nothing is written if articles
    were stored since (`Store.replace_stories`)."""
    articles = list(store.articles_for_clustering())
    terms = {a["id"]: article_terms(a) for a in articles}
    vectors = term_vectors(terms)
    stories = assign_stories(articles, vectors, settings, store.near_duplicate_pairs())
    order = {a["id"]: i for i, a in enumerate(articles)}
    by_id = {a["id"]: a for a in articles}
    story_of: dict[str, str] = {}
    for s in stories:
        first = min(s.members, key=order.__getitem__)
        for aid in s.members:
            story_of[aid] = first
    for copy_id, original in store.exact_duplicate_pairs():
        if original in story_of:
            story_of[copy_id] = story_of[original]
    sizes = Counter(story_of.values())
    rows = [_story_row(s, story_of[s.members[0]], sizes[story_of[s.members[0]]], by_id,
                       vectors, terms) for s in stories]
    store.replace_stories(rows, [(aid, content_id("st", key)) for aid, key in story_of.items()],
                          generation)
    return sum(1 for r in rows if r["n_articles"] > 1)


def term_vectors(terms: dict[str, dict[str, tuple[int, str]]]) -> dict[str, dict[str, float]]:
    """Article id -> its terms weighted by kind, (sublinear) count and IDF over the
    articles, unit length; a term of more than a third of the articles (of a store of
    30 or more) is left out. A term of one article only matches nothing but counts in
    its length: two articles that share one name among forty words are not alike."""
    df = Counter(t for ts in terms.values() for t in ts)
    n = max(1, len(terms))
    too_common = n / 3 if n >= 30 else n + 1

    def weight(t: str, count: int) -> float:
        c = df[t]
        if c > too_common:
            return 0.0
        return KIND_WEIGHT[t[0]] * (1 + math.log(count)) * math.log((n + 1) / (c + 0.5))

    out = {}
    for aid, ts in terms.items():
        vec = {t: w for t, (c, _) in ts.items() if (w := weight(t, c)) > 0}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        out[aid] = {t: w / norm for t, w in vec.items()}
    return out


def _dot(x: dict[str, float], y: dict[str, float]) -> float:
    """The dot product of two sparse vectors, summed in the order of `x`'s terms (the
    loop in C: the stories pass computes millions of these on a large store)."""
    return sum(map(mul, x.values(), map(y.get, x.keys(), repeat(0.0))))


def _cosine(vec: dict[str, float], story: _Story) -> float:
    return _dot(vec, story.profile) / story.norm


def _anchored(vec: dict[str, float], story: _Story) -> bool:
    """Whether an article shares with a story a name or place (a name in one, the same
    place in the other counts) and another term: one common word ('blessés') does not
    make two events one."""
    shared = sum(1 for t in vec if t in story.profile)
    return shared >= 2 and any(
        t[0] in "np" and ("n:" + t[2:] in story.profile or "p:" + t[2:] in story.profile)
        for t in vec)


def assign_stories(articles: list[dict], vectors: dict[str, dict[str, float]],
                   settings: CorpusSettings,
                   near_pairs: Iterable[tuple[str, str, float]] = ()) -> list[_Story]:
    """The articles (oldest first) in stories: each joins the active story it matches
    best (cosine with the story's profile) when it reaches `story_threshold` and they
    share a name or place (or the cosine is twice the threshold), or the story of a
    near-duplicate it has; then stories whose profiles match are merged."""
    window = timedelta(days=settings.story_window_days)
    twins: dict[str, set[str]] = defaultdict(set)
    for a, b, _ in near_pairs:
        twins[a].add(b)
        twins[b].add(a)
    stories: list[_Story] = []
    active: list[_Story] = []          # stories with an article in the window (by date)
    home: dict[str, _Story] = {}
    for art in articles:
        aid, day = art["id"], parse_day(art["published"])
        vec = vectors[aid]
        if day:
            active = [s for s in active if not (s.last and day - s.last > window)]
        target = next((home[t] for t in sorted(twins[aid]) if t in home), None)
        if target is None:
            target = _best_story(vec, active, settings)
        if target is None:
            target = _Story()
            stories.append(target)
            active.append(target)
        target.add(aid, vec, day)
        home[aid] = target
    stories = _merge_stories(stories, settings)
    days = {a["id"]: parse_day(a["published"]) for a in articles}
    _second_look(articles, vectors, days, stories, settings, twins)
    return _merge_stories([s for s in stories if s.members], settings)


def _best_story(vec: dict[str, float], candidates: Iterable[_Story],
                settings: CorpusSettings, floor: float = 0.0) -> _Story | None:
    """The candidate story an article matches best, above `floor` and the threshold,
    sharing a name or place with it (or matching twice the threshold); else None."""
    best, score = None, max(floor, settings.story_threshold - 1e-12)
    for s in candidates:
        if not s.members:
            continue
        c = _cosine(vec, s)
        if c > score and (c >= 2 * settings.story_threshold or _anchored(vec, s)):
            best, score = s, c
    return best


def _second_look(articles: list[dict], vectors: dict[str, dict[str, float]],
                 days: dict[str, date | None], stories: list[_Story],
                 settings: CorpusSettings, twins: dict[str, set[str]]) -> None:
    """Move each article (but near-duplicates) to the story whose profile, without it,
    it matches best, if better than its own: an early report that joined a story on a
    weak match before its own story had begun goes where it belongs."""
    window = timedelta(days=settings.story_window_days)
    index = _DayIndex(stories, window)
    home = {aid: s for s in stories for aid in s.members}
    for art in articles:
        aid, day = art["id"], days[art["id"]]
        own, vec = home[aid], vectors[aid]
        if twins[aid] or not vec:
            continue
        own.remove(aid, vec, days)
        here = [s for s in index.around(day, day) if s is not own and s.near(day, window)]
        best = _best_story(vec, here, settings, _cosine(vec, own) if own.members else 0.0)
        target = best or own
        target.add(aid, vec, day)
        home[aid] = target


def _merge_stories(stories: list[_Story], settings: CorpusSettings) -> list[_Story]:
    """Merge stories whose days meet (within the window) and whose profiles match
    (cosine of the profiles at least `story_merge`), largest first, until none does."""
    window = timedelta(days=settings.story_window_days)
    unmatched: set[tuple[int, int, int, int]] = set()   # pairs compared, profiles unchanged
    merged = True
    while merged:
        merged = False
        stories = sorted((s for s in stories if s.members), key=lambda s: -len(s.members))
        index = _DayIndex(stories, window)
        for a in stories:
            if not a.members:
                continue
            for b in index.around(a.first, a.last):
                if b is a or not b.members or len(b.members) > len(a.members) or \
                        (a.first and b.first and a.last and b.last and
                         (b.first - a.last > window or a.first - b.last > window)):
                    continue
                pair = (id(a), a.version, id(b), b.version)
                if pair in unmatched:         # the same two profiles did not match before
                    continue
                if _dot(a.profile, b.profile) / (a.norm * b.norm) >= settings.story_merge:
                    a.absorb(b)
                    merged = True
                else:
                    unmatched.add(pair)
    return [s for s in stories if s.members]


def _story_row(s: _Story, key: str, size: int, by_id: dict[str, dict],
               vectors: dict[str, dict[str, float]],
               terms: dict[str, dict[str, tuple[int, str]]]) -> dict:
    """The stories row of a story keyed by article `key`: its label is the headline of
    its most central article (closest to the story's profile), its terms the surface
    forms of its heaviest names and words."""
    days = sorted(d for d in (parse_day(by_id[a]["published"]) for a in s.members) if d)
    central = max(s.members, key=lambda a: (round(_cosine(vectors[a], s), 6),
                                            bool(by_id[a]["title"]), -s.members.index(a)))
    best = sorted(((t, w) for t, w in s.profile.items() if t[0] in "nw"),
                  key=lambda kv: (-kv[1], kv[0]))
    forms: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for a in s.members:
        for t, (c, form) in terms[a].items():
            forms[t][form] += c
    top: list[str] = []
    for t, _ in best:
        form = max(forms[t], key=lambda f: (forms[t][f], f))
        if fold(form) not in {fold(x) for x in top}:
            top.append(form)
        if len(top) == 8:
            break
    return {"id": content_id("st", key), "title": by_id[central]["title"],
            "first_date": days[0].isoformat() if days else None,
            "last_date": days[-1].isoformat() if days else None,
            "n_articles": size, "terms": top}
