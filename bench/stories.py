"""Story clustering against real-world stories labelled by reading (tests/data/stories_*).

    .venv/bin/python bench/stories.py                  every labelled article and distractor
    .venv/bin/python bench/stories.py --db s.db        keep (and reuse) the store
    .venv/bin/python bench/stories.py --stories 3 --per-story 6   a small subset

Builds a store from the labelled OrangeSum articles and the distractors of the same
periods (real ingest through the engine), then prints B-cubed precision (purity),
recall (completeness) and F1 of three clusterings of the same store, side by side:
the store's (`depeche.corpus.cluster_stories`), main's before the story profiles (read
from git at MAIN_COMMIT), and a plain TF-IDF + time-window baseline (each article
linked to its most similar earlier article of the last 7 days when their cosine reaches
0.2, or 0.3; whole texts). Also the
share of stories (of 2+ labelled articles) whose label and terms are real words of
their articles, not stems. Asserts nothing."""
from __future__ import annotations

import argparse
import gzip
import json
import math
import subprocess
import sys
import tempfile
import time
import types
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

from depeche.articles import Item, make_article
from depeche.corpus import CorpusSettings, cluster_stories, ingest
from depeche.corpus.common import STOPWORDS, WORD, fold, parse_day
from depeche.pipeline import Engine
from depeche.settings import load_settings
from depeche.store import Store

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "data" / "stories_labelled.json"
ORANGESUM = ROOT.parent / "shared" / "data" / "orangesum-fr" / "orangesum_parsed_all.jsonl.gz"
MAIN_COMMIT = "5ca4653"          # main's clustering before stories had profiles
TFIDF_THRESHOLDS = (0.2, 0.3)    # the baseline's cosine to link two articles
MAIN_SETTINGS = CorpusSettings(story_window_days=7, story_threshold=0.25, story_max_df=0.02)


def gold_of(labelled: dict, stories: int | None = None, per_story: int | None = None,
            distractors: int | None = None) -> dict[str, str]:
    """Store article id ('os-<id>') -> its gold story: a story's key, a distractor's
    group, or the distractor's own id; optionally the first stories only, and the first
    `per_story` articles of each, and `distractors` distractors."""
    gold = {}
    for s in labelled["stories"][:stories]:
        for a in s["articles"][:per_story]:
            gold["os-" + a["id"]] = s["key"]
    for d in labelled["distractors"][:distractors]:
        gold["os-" + d["id"]] = d["group"] or "os-" + d["id"]
    return gold


def read_articles(path: Path, ids: set[str]) -> list[dict]:
    """The OrangeSum lines of these ids ('os-<id>'), in the file's order."""
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if "os-" + d["id"] in ids:
                out.append(d)
    return out


def build_store(db: str, gold: dict[str, str], data: Path, engine=None) -> float:
    """Ingest the articles of `gold` into the store `db` (those already there are
    skipped); returns the seconds it took."""
    items = [Item(f"orangesum:{d['id']}", article=make_article(
        d["article"], id="os-" + d["id"], title=d["title"].strip(),
        published=d["date"][:10], source="OrangeSum", origin=f"orangesum:{d['id']}"))
        for d in read_articles(data, set(gold))]
    t = time.perf_counter()
    with Store(db) as store:
        ingest(store, items, engine or Engine(load_settings(env={})), passes=True)
    return time.perf_counter() - t


def bcubed(gold: dict[str, str], found: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of clustering `found` against `gold` (both
    article -> cluster), over the articles of `gold` (an article missing from `found`
    stands alone)."""
    ids = list(gold)
    found = {a: found.get(a) or "alone:" + a for a in ids}
    by_gold, by_found = defaultdict(set), defaultdict(set)
    for a in ids:
        by_gold[gold[a]].add(a)
        by_found[found[a]].add(a)
    p = r = 0.0
    for a in ids:
        same = by_gold[gold[a]] & by_found[found[a]]
        p += len(same) / len(by_found[found[a]])
        r += len(same) / len(by_gold[gold[a]])
    p, r = p / len(ids), r / len(ids)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def store_clustering(store: Store, ids) -> dict[str, str]:
    return {a: s for a in ids if (s := store.story_of(a))}


def main_clustering(store: Store, ids) -> dict[str, str] | None:
    """Main's clustering (its stories.py read from git at MAIN_COMMIT), run on the
    store; None when git cannot give it."""
    try:
        src = subprocess.run(["git", "show", f"{MAIN_COMMIT}:src/depeche/corpus/stories.py"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("depeche.corpus._stories_main")
    module.__package__ = "depeche.corpus"
    exec(compile(src, "stories_main.py", "exec"), module.__dict__)
    module.cluster_stories(store, MAIN_SETTINGS)
    return store_clustering(store, ids)


def tfidf_clustering(store: Store, ids, threshold: float = 0.3,
                     window_days: int = 7) -> dict[str, str]:
    """Plain TF-IDF over whole texts (title included), each article linked to its most
    similar earlier article of the window when the cosine reaches `threshold`."""
    arts = [store.article(a) for a in ids]
    arts = sorted((a for a in arts if a), key=lambda a: (a["published"] or "", a["id"]))
    tf = {a["id"]: Counter(w for w in WORD.findall(fold((a["title"] or "") + " " + a["text"]))
                           if len(w) > 2 and w not in STOPWORDS and not w.isdigit())
          for a in arts}
    df = Counter(w for c in tf.values() for w in c)
    n = len(arts)
    vec = {}
    for aid, c in tf.items():
        v = {w: (1 + math.log(k)) * math.log((n + 1) / (df[w] + 0.5)) for w, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vec[aid] = {w: x / norm for w, x in v.items()}
    parent = {a["id"]: a["id"] for a in arts}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x
    seen: list[tuple] = []
    for a in arts:
        day, v = parse_day(a["published"]), vec[a["id"]]
        best, score = None, 0.0
        for other_day, other in seen:
            if day and other_day and day - other_day > timedelta(days=window_days):
                continue
            s = sum(x * vec[other].get(w, 0.0) for w, x in v.items())
            if s > score:
                best, score = other, s
        if best is not None and score >= threshold:
            parent[find(a["id"])] = find(best)
        seen.append((day, a["id"]))
    return {a["id"]: find(a["id"]) for a in arts}


def real_word_labels(store: Store, gold: dict[str, str]) -> tuple[int, int]:
    """(stories whose label and terms are words of their articles, stories) over the
    store's stories of 2+ labelled articles."""
    members = defaultdict(list)
    for a in gold:
        if (s := store.story_of(a)):
            members[s].append(a)
    good = total = 0
    for sid, arts in members.items():
        if len(arts) < 2:
            continue
        story = store.story(sid)
        words = set()
        for a in arts:
            d = store.article(a)
            words |= set(WORD.findall(fold((d["title"] or "") + " " + d["text"])))
        label = (story["title"] or "") + " " + " ".join(story["terms"])
        total += 1
        good += all(w in words for w in WORD.findall(fold(label)))
    return good, total


def run(db: str, gold: dict[str, str], data: Path) -> dict:
    seconds = build_store(db, gold, data)
    out: dict = {"articles": len(gold), "ingest_s": seconds}
    with Store(db) as store:
        ids = [a for a in gold if store.article(a)]
        out["stored"] = len(ids)
        gold = {a: gold[a] for a in ids}
        old = main_clustering(store, ids)
        if old is not None:
            out["main"] = bcubed(gold, old)
            out["main_labels"] = real_word_labels(store, gold)
        t = time.perf_counter()
        cluster_stories(store)
        out["cluster_s"] = time.perf_counter() - t
        out["store"] = bcubed(gold, store_clustering(store, ids))
        out["store_labels"] = real_word_labels(store, gold)
        out["tfidf"] = {t: bcubed(gold, tfidf_clustering(store, ids, threshold=t))
                        for t in TFIDF_THRESHOLDS}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="the store (kept; reused if it has the articles)")
    ap.add_argument("--data", default=str(ORANGESUM), help="OrangeSum .jsonl.gz")
    ap.add_argument("--stories", type=int, help="only the first N labelled stories")
    ap.add_argument("--per-story", type=int, help="only the first N articles of each")
    ap.add_argument("--distractors", type=int, help="only the first N distractors")
    args = ap.parse_args()
    if not Path(args.data).exists():
        print(f"bench: {args.data} not found", file=sys.stderr)
        return 2
    labelled = json.loads(LABELLED.read_text(encoding="utf-8"))
    gold = gold_of(labelled, args.stories, args.per_story, args.distractors)
    with tempfile.TemporaryDirectory() as tmp:
        out = run(args.db or str(Path(tmp) / "stories.db"), gold, Path(args.data))
    print(f"{out['stored']} articles stored of {out['articles']} labelled "
          f"({len(set(gold.values()))} gold stories); ingest {out['ingest_s']:.0f} s, "
          f"clustering {out['cluster_s']:.1f} s")
    print(f"{'clustering':<38}{'B3 precision':>13}{'B3 recall':>11}{'B3 F1':>8}")
    rows = [("store (profiles, merged)", out["store"]),
            (f"main {MAIN_COMMIT} (best-article links)", out.get("main"))]
    rows += [(f"TF-IDF + 7-day window, cos >= {t}", v) for t, v in out["tfidf"].items()]
    for name, v in rows:
        if v is None:
            print(f"{name:<38}{'(git not available)':>32}")
        else:
            print(f"{name:<38}{v[0]:>13.3f}{v[1]:>11.3f}{v[2]:>8.3f}")
    for name, key in (("store", "store_labels"), (f"main {MAIN_COMMIT}", "main_labels")):
        if key in out:
            good, total = out[key]
            print(f"labels of real words, {name}: {good}/{total} stories "
                  f"({good / max(1, total):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
