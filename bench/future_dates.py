"""Events dated after their article: on a fixed sample of OrangeSum articles (every
STEP-th article with a text, up to N), the asserted events that have a date, those whose
date starts after the article's publication, and their share (issue 16's figure, target
<= 1 % on the full store); the same count for every modality.

    python bench/future_dates.py [--n 1500] [--step 24] [--dump FILE.jsonl]

`--dump` writes one line per event (article, modality, date, trigger, evidence, rules),
to compare two versions of the engine event by event.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORANGESUM = ROOT.parent / "shared" / "data" / "orangesum-fr" / "orangesum_parsed_all.jsonl.gz"


def sample(n: int, step: int) -> list[dict]:
    """Every `step`-th OrangeSum article that has a text, up to `n`, in file order."""
    out: list[dict] = []
    k = 0
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if not row.get("article", "").strip():
                continue
            if k % step == 0:
                out.append(row)
                if len(out) >= n:
                    break
            k += 1
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1500)
    ap.add_argument("--step", type=int, default=24)
    ap.add_argument("--dump", type=Path)
    args = ap.parse_args(argv)

    from depeche.articles import make_article
    from depeche.pipeline import Engine

    engine = Engine()
    rows = sample(args.n, args.step)
    articles = [make_article(r["article"], id=r["id"], title=(r.get("title") or "").strip(),
                             published=r["date"][:10], settings=engine.settings) for r in rows]
    counts: Counter = Counter()
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    for article, record in zip(articles, engine.analyze_many(articles)):
        published = article.published
        for ev in record.events:
            counts[ev.modality, "all"] += 1
            if ev.date is None:
                continue
            counts[ev.modality, "dated"] += 1
            after = published is not None and ev.date.start > published
            counts[ev.modality, "after"] += after
            if dump is not None:
                dump.write(json.dumps({
                    "article": article.id, "published": str(published),
                    "trigger": [ev.trigger.start, ev.trigger.end, ev.trigger.text],
                    "type": ev.type, "modality": ev.modality,
                    "date": [str(ev.date.start), str(ev.date.end)],
                    "time": ev.time.text if ev.time is not None else None,
                    "after": after, "rules": list(ev.rules),
                    "evidence": ev.evidence.text}, ensure_ascii=False) + "\n")
        if dump is not None:
            for ev in record.events:
                if ev.date is None:
                    dump.write(json.dumps({
                        "article": article.id, "published": str(published),
                        "trigger": [ev.trigger.start, ev.trigger.end, ev.trigger.text],
                        "type": ev.type, "modality": ev.modality, "date": None,
                        "time": ev.time.text if ev.time is not None else None,
                        "after": False, "rules": list(ev.rules),
                        "evidence": ev.evidence.text}, ensure_ascii=False) + "\n")
    if dump is not None:
        dump.close()
    print(f"{len(articles)} OrangeSum articles (every {args.step}th)")
    print(f"{'modality':14}{'events':>8}{'dated':>8}{'after':>7}{'share':>8}")
    for modality in ("asserted", "planned", "proposed", "hypothetical", "negated"):
        dated, after = counts[modality, "dated"], counts[modality, "after"]
        share = after / dated if dated else 0.0
        print(f"{modality:14}{counts[modality, 'all']:8}{dated:8}{after:7}{share:8.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
