"""Stories: articles about the same events across outlets and days, clustered by salient
terms (names, places, event types, title words) within a moving window."""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from datetime import date, timedelta

from ..records import content_id
from ..store import Store
from .common import STOPWORDS, WORD, CorpusSettings, fold, parse_day

CAPITALISED = re.compile(r"\b([A-ZÀ-Ý][\w'’-]{2,}(?:[ -][A-ZÀ-Ý][\w'’-]{2,})*)")


def _stem(word: str) -> str:
    """A crude French plural folding, enough to match 'explosions' and 'explosion'."""
    return word[:-1] if len(word) > 4 and word[-1] in "sx" else word


SENTENCE_START = re.compile(r'(^|[.!?:;«"»]\s*|\n\s*)$')


def story_terms(article: dict) -> set[str]:
    """Salient terms of an article: names in its title and lead (a capitalised word
    opening a sentence is not a name), its places, event types, and the content words
    of its title and first sentences."""
    title = article.get("title") or ""
    lead = article.get("lead") or ""
    terms = set()
    for text in (title, lead):
        for m in CAPITALISED.finditer(text):
            name = m.group(1)
            if " " not in name and "-" not in name and SENTENCE_START.search(text[:m.start()]):
                continue
            t = fold(name)
            if t not in STOPWORDS and len(t) > 2:
                terms.add("n:" + t)
    for text, min_len, kind in ((title, 4, "w:"), (lead[:400], 6, "l:")):
        for w in WORD.findall(fold(text)):
            if len(w) >= min_len and w not in STOPWORDS and not w.isdigit():
                terms.add(kind + _stem(w))
    for p in article.get("places", ()):
        terms.add("n:" + fold(p))
    for t in set(article.get("event_types", ())):
        terms.add("e:" + t)
    return terms


class _Union:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_stories(store: Store, settings: CorpusSettings = CorpusSettings()) -> int:
    """Cluster the stored articles into stories; returns the number with 2+ articles.

    Articles are taken oldest first; each is linked to the earlier article (published
    within the window before it) whose salient terms it matches best (IDF-weighted
    cosine), when the match is strong enough; a story is a chain of such links, so it
    follows an event from day to day. Near-duplicates and exact copies always share
    their original's story. A story's id is derived from its earliest article, so it
    stays the same as later articles are added."""
    articles = list(store.articles_for_clustering())
    vectors = _term_vectors(articles, settings)
    links = _Union()
    for a, b, _ in store.near_duplicate_pairs():
        links.union(a, b)
    _link_articles(articles, vectors, links, settings)

    order = {a["id"]: i for i, a in enumerate(articles)}
    story_of: dict[str, str] = {}
    members: dict[str, list[dict]] = defaultdict(list)
    for art in articles:
        members[links.find(art["id"])].append(art)
    for arts in members.values():
        first = min(arts, key=lambda a: order[a["id"]])["id"]
        for a in arts:
            story_of[a["id"]] = first
    # exact copies follow their original
    for copy_id, original in store.exact_duplicate_pairs():
        if original in story_of:
            story_of[copy_id] = story_of[original]
    sizes = Counter(story_of.values())
    rows = [_story_row(arts, story_of[arts[0]["id"]], sizes, order, vectors)
            for arts in members.values()]
    store.replace_stories(rows, [(aid, content_id("st", key)) for aid, key in story_of.items()])
    return sum(1 for r in rows if r["n_articles"] > 1)


def _term_vectors(articles: list[dict], settings: CorpusSettings) -> dict[str, dict[str, float]]:
    """Article id -> its salient terms with their IDF weights (terms of one article only,
    or of too many, weigh nothing and are left out)."""
    terms = {a["id"]: story_terms(a) for a in articles}
    df = Counter(t for ts in terms.values() for t in ts)
    n = max(1, len(articles))
    max_df = max(50, int(settings.story_max_df * n))

    def weight(t: str) -> float:
        # a term of one article only can match nothing: it would only dilute the scores
        c = df[t]
        if c < 2 or c > max_df:
            return 0.0
        return math.log((n + 1) / (c + 0.5)) * (0.5 if t.startswith("l:") else 1.0)

    return {aid: {t: w for t in ts if (w := weight(t)) > 0} for aid, ts in terms.items()}


def _link_articles(articles: list[dict], vectors: dict[str, dict[str, float]], links: _Union,
                   settings: CorpusSettings) -> None:
    """Link each article (oldest first) to the earlier one within the window that it
    matches best, when the cosine of their term vectors reaches the threshold."""
    norms = {aid: math.sqrt(sum(w * w for w in v.values())) or 1.0 for aid, v in vectors.items()}
    window = timedelta(days=settings.story_window_days)
    postings: dict[str, list[tuple[date | None, str]]] = defaultdict(list)
    for art in articles:
        aid, day = art["id"], parse_day(art["published"])
        links.find(aid)
        mine = vectors[aid]
        scores: defaultdict[str, float] = defaultdict(float)
        for t, w in mine.items():
            post = postings[t]
            for other_day, other in reversed(post):
                if day and other_day and day - other_day > window:
                    break
                scores[other] += w * vectors[other][t]
        if scores:
            other, dot = max(scores.items(), key=lambda kv: (kv[1] / norms[kv[0]], kv[0]))
            if dot / (norms[aid] * norms[other]) >= settings.story_threshold:
                links.union(aid, other)
        for t in mine:
            postings[t].append((day, aid))


def _story_row(arts: list[dict], key: str, sizes: Counter, order: dict[str, int],
               vectors: dict[str, dict[str, float]]) -> dict:
    """The stories row of the articles `arts`, whose story is keyed by article `key`."""
    days = sorted(d for d in (parse_day(a["published"]) for a in arts) if d)
    profile: defaultdict[str, float] = defaultdict(float)
    for a in arts:
        for t, w in vectors[a["id"]].items():
            if not t.startswith("l:"):
                profile[t] += w
    # ties broken by the term: the same terms whatever the process's hash seed
    best = sorted(profile.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    top = list(dict.fromkeys(t.split(":", 1)[1] for t, _ in best))[:8]
    first = min(arts, key=lambda a: order[a["id"]])
    return {"id": content_id("st", key), "title": first["title"],
            "first_date": days[0].isoformat() if days else None,
            "last_date": days[-1].isoformat() if days else None,
            "n_articles": sizes[key], "terms": top}
