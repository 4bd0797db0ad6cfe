"""Quality gate of the times layer on the French TimeBank (../shared, not shipped).

The 108 documents are written as articles by `timebank.py articles`, run through the
parse and times stages, and scored by `timebank.py score`. The floors in
tests/timebank_baseline.json may only be raised; the hash there pins the data they
were measured on."""
from __future__ import annotations

import hashlib
import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from conftest import SHARED, needs_shared

BENCH = SHARED / "eval" / "timebank.py"
DATA = SHARED / "data" / "french-timebank" / "Data"
BASELINE = Path(__file__).with_name("timebank_baseline.json")

pytestmark = needs_shared(DATA)


def data_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.glob("*.tml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def timebank():
    spec = importlib.util.spec_from_file_location("timebank_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores(timebank, engine, tmp_path_factory):
    from depeche.pipeline import ArticleState
    from depeche.records import Article
    from depeche.stages.parse import ParseStage
    from depeche.stages.times import TimesStage

    tmp = tmp_path_factory.mktemp("timebank")
    articles_path, preds_path = tmp / "articles.jsonl", tmp / "pred.jsonl"
    timebank.main(["articles", str(DATA), str(articles_path)])
    articles = [json.loads(line) for line in articles_path.read_text("utf-8").splitlines()
                if line.strip()]
    parse = ParseStage(engine.settings.get("parse", {}), engine.resources)
    times = TimesStage(engine.settings.get("times", {}), engine.resources)
    with preds_path.open("w", encoding="utf-8") as out:
        for a, doc in zip(articles, parse.pipe([a["text"] for a in articles])):
            art = Article(text=a["text"], id=a["id"], lang="fr",
                          published=date.fromisoformat(a["published"]) if a["published"] else None)
            found = times(ArticleState(art, layers={"doc": doc}))
            for t in found:
                assert a["text"][t.start:t.end] == t.text
            out.write(json.dumps({"id": a["id"], "times": [t.to_dict() for t in found]},
                                 ensure_ascii=False) + "\n")
    preds = {json.loads(l)["id"]: json.loads(l) for l in preds_path.read_text("utf-8").splitlines()}
    return timebank.score(timebank.load_gold(str(DATA)), preds)


def test_data_is_the_one_measured():
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert data_hash(DATA) == baseline["data_sha256"], \
        "the TimeBank data changed: re-measure and update tests/timebank_baseline.json"


def test_scores_keep_their_floors(scores):
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    for measure, floor in baseline["floors"].items():
        assert scores[measure]["f1"] >= floor, (measure, scores[measure], floor)


def test_issue_targets_reached(scores):
    assert scores["relaxed"]["f1"] >= 0.90
    assert scores["value"]["f1"] >= 0.80
