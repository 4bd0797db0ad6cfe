"""Situation briefs against the journalists' own abstracts, and their speed.

    .venv/bin/python bench/brief.py                        20 stories of /work/osbench.db
    .venv/bin/python bench/brief.py --db news.db --stories 5

For 20 stories of 3 articles or more of a store of OrangeSum (opened read-only): the
Beirut explosion, the attack linked to the Charlie Hebdo trial and the gilets jaunes,
then stories spread over the sizes of those whose articles speak of deaths ("morts").
The facts of the journalists' abstracts (OrangeSum's `heading` of each analysed article
of the story) are read by the engine: tolls (a figure of a toll category: value and
category) and places (gazetteer names). Printed: the share of them that the brief
states — a toll in the sentences of its category (with its source or "sans source
citée"), a place in its line of places or as the place of an event of its chronology
or of what is announced —
side by side with the simplest alternative, the lead sentence of the story's first
article, read by the same engine (a toll of the same value and category, a place of
the same name). And the time to build (and write as HTML) the brief of the story of
about 50 articles. Asserts nothing."""
from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from pathlib import Path

from depeche.brief import BriefScope, build_brief, render
from depeche.pipeline import Engine
from depeche.store import Store

ROOT = Path(__file__).resolve().parents[1]
ORANGESUM = ROOT.parent / "shared" / "data" / "orangesum-fr" / "orangesum_parsed_all.jsonl.gz"
DEFAULT_DB = Path("/work/osbench.db")
# the stories the issue names: the Beirut explosion (August 2020), the attack of the
# Charlie Hebdo trial's days (September 2020), the gilets jaunes
NAMED = ("st-edb105ace257f021", "st-e430408266343610", "st-0d83ad24b3e421aa")
MAX_SPREAD_ARTICLES = 150
_LEAD_END = re.compile(r"(?<=[.!?»])\s*(?=[A-ZÀ-ÝÉ«\"])")


def headings(ids: set[str]) -> dict[str, dict]:
    out = {}
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["id"] in ids:
                out[d["id"]] = d
    return out


def pick_stories(store: Store, n: int) -> list[dict]:
    """The named stories, then stories of 3 to MAX_SPREAD_ARTICLES articles speaking of
    deaths, spread evenly over their sizes."""
    chosen = [s for s in (store.story(i) for i in NAMED) if s][:n]
    items, _ = store.stories(min_articles=3, text="morts", limit=None)
    pool = [s for s in items if s["n_articles"] <= MAX_SPREAD_ARTICLES
            and s["id"] not in NAMED]
    k = n - len(chosen)
    if k > 0 and pool:
        step = len(pool) / k
        chosen += [pool[int(i * step)] for i in range(k)]
    return chosen


def facts(engine: Engine, text: str, published: str | None) -> tuple[set, set]:
    """(tolls {(value, category)}, places {name}) the engine reads in `text`."""
    r = engine.analyze(text, published=published)
    tolls = {(float(f.value), f.category) for f in r.figures if f.category != "other"}
    return tolls, {p.name for p in r.places}


def lead_sentence(text: str) -> str:
    first = _LEAD_END.split(text.strip(), maxsplit=1)[0]
    return first if len(first) >= 40 else text.strip()[:300]


def brief_facts(brief: dict) -> tuple[set, set]:
    """(tolls {(value, category)} its sentences state, places {name} of its events)."""
    tolls = set()
    for t in brief["tolls"]:
        cited = {(e["article_id"], e["start"]) for s in t["sentences"] for p in s["parts"]
                 for e in p["evidence"]}
        tolls |= {(float(r["value"]), t["category"]) for r in t["reports"]
                  if r["evidence"] and (r["evidence"]["article_id"],
                                        r["evidence"]["start"]) in cited}
    places = {(x.get("place") or {}).get("name") for k in ("chronology", "announced")
              for x in brief[k]} | {p["name"] for p in brief["places"]["items"]}
    return tolls, places - {None}


def measure(store: Store, engine: Engine, stories: list[dict]) -> list[dict]:
    rows = []
    for s in stories:
        arts = [a for a in store.story_articles(s["id"]) if not a["duplicate_of"]]
        heads = headings({a["id"] for a in arts})
        tolls, places = set(), set()
        for a in arts:
            h = heads.get(a["id"])
            if h and h.get("heading"):
                t, p = facts(engine, h["heading"], a["published"])
                tolls |= t
                places |= p
        brief = build_brief(store, BriefScope.parse(story_id=s["id"]))
        b_tolls, b_places = brief_facts(brief)
        first = store.article(arts[0]["id"]) if arts else None
        lead = lead_sentence(first["text"]) if first else ""
        l_tolls, l_places = facts(engine, lead, arts[0]["published"]) if lead else (set(), set())
        rows.append({"id": s["id"], "n": s["n_articles"], "title": s["title"],
                     "tolls": len(tolls), "brief_tolls": len(tolls & b_tolls),
                     "lead_tolls": len(tolls & l_tolls), "places": len(places),
                     "brief_places": len(places & b_places),
                     "lead_places": len(places & l_places)})
    return rows


def timing(store: Store, target: int = 50, runs: int = 5) -> tuple[dict, list[float]]:
    """The story nearest `target` articles and the seconds of each build + HTML."""
    items, _ = store.stories(min_articles=target // 2, limit=None)
    story = min(items, key=lambda s: (abs(s["n_articles"] - target), s["id"]))
    scope = BriefScope.parse(story_id=story["id"])
    seconds = []
    for _ in range(runs):
        t0 = time.perf_counter()
        render(build_brief(store, scope), "html")
        seconds.append(time.perf_counter() - t0)
    return story, seconds


def share(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.0%}" if b else "0/0"


def report(rows: list[dict]) -> None:
    print(f"{'story':22} {'art':>4}  {'tolls':>5} {'brief':>5} {'lead':>5}   "
          f"{'places':>6} {'brief':>5} {'lead':>5}  title")
    for r in rows:
        print(f"{r['id']:22} {r['n']:>4}  {r['tolls']:>5} {r['brief_tolls']:>5} "
              f"{r['lead_tolls']:>5}   {r['places']:>6} {r['brief_places']:>5} "
              f"{r['lead_places']:>5}  {r['title'][:50]}")
    t = {k: sum(r[k] for r in rows) for k in rows[0] if k not in ("id", "title")}
    print()
    print(f"abstract tolls stated:  brief {share(t['brief_tolls'], t['tolls'])}   "
          f"lead sentence {share(t['lead_tolls'], t['tolls'])}")
    print(f"abstract places stated: brief {share(t['brief_places'], t['places'])}   "
          f"lead sentence {share(t['lead_places'], t['places'])}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=str(DEFAULT_DB), help="an OrangeSum store (read-only)")
    ap.add_argument("--stories", type=int, default=20, help="stories measured (20)")
    args = ap.parse_args(argv)
    store = Store(args.db, readonly=True)
    stories = pick_stories(store, args.stories)
    story, seconds = timing(store)          # first: the store's pages not yet read
    t0 = time.perf_counter()
    engine = Engine()
    rows = measure(store, engine, stories)
    print(f"{len(rows)} stories of {args.db} ({time.perf_counter() - t0:.0f} s with the "
          f"engine's reading of the abstracts)\n")
    report(rows)
    print(f"\nbrief of {story['id']} ({story['n_articles']} articles), built and written as "
          f"HTML: first {seconds[0] * 1000:.0f} ms, median {statistics.median(seconds) * 1000:.0f}"
          f" ms, max {max(seconds) * 1000:.0f} ms over {len(seconds)} runs")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
