#!/usr/bin/env python3
"""The times layer on the French TimeBank: full `timebank.py score` output and docs/s.

    .venv/bin/python bench/timebank.py [DATA_DIR] [--out PRED.jsonl]

Runs the parse and times stages only (the times layer needs nothing else) over the
articles that `../shared/eval/timebank.py articles` writes, then scores them.
Needs ../shared (the benchmark and the data are not shipped with depeche)."""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data" / "french-timebank" / "Data"


def load_benchmark():
    spec = importlib.util.spec_from_file_location("timebank", SHARED / "eval" / "timebank.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(articles: list[dict], engine=None) -> tuple[dict, float]:
    """{id: {"times": [...]}} for the articles, and the seconds it took (parse + times)."""
    from depeche.pipeline import ArticleState, Engine
    from depeche.records import Article
    from depeche.settings import load_settings
    from depeche.stages.parse import ParseStage
    from depeche.stages.times import TimesStage
    from datetime import date

    if engine is None:
        engine = Engine(load_settings(env={}))
    res = engine.resources
    parse = ParseStage(engine.settings.get("parse", {}), res)
    times = TimesStage(engine.settings.get("times", {}), res)
    parse.nlp  # noqa: B018 -- load the model before the clock starts
    t0 = time.perf_counter()
    preds = {}
    texts = [a["text"] for a in articles]
    for a, doc in zip(articles, parse.pipe(texts)):
        art = Article(text=a["text"], id=a["id"],
                      published=date.fromisoformat(a["published"]) if a["published"] else None,
                      lang="fr")
        state = ArticleState(art, layers={"doc": doc})
        preds[a["id"]] = {"id": a["id"], "times": [t.to_dict() for t in times(state)]}
    return preds, time.perf_counter() - t0


def run(data_dir: Path = DATA, engine=None) -> tuple[dict, dict, float, int]:
    tb = load_benchmark()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        tb.main(["articles", str(data_dir), str(path)])
        articles = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l]
    preds, seconds = predict(articles, engine)
    scores = tb.score(tb.load_gold(str(data_dir)), preds)
    return scores, preds, seconds, len(articles)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", nargs="?", default=str(DATA))
    ap.add_argument("--out", help="write the predictions (JSONL) here")
    args = ap.parse_args(argv)
    if not Path(args.data_dir).exists():
        sys.exit(f"{args.data_dir} not found (the benchmark needs ../shared)")
    scores, preds, seconds, n = run(Path(args.data_dir))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            for p in preds.values():
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
    print(json.dumps(scores, indent=1))
    print(f"{n} documents in {seconds:.2f} s (parse + times): {n / seconds:.1f} docs/s")


if __name__ == "__main__":
    main()
