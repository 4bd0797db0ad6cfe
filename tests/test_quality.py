"""The quality gate: the dev articles through the whole engine, scored by the team's scorer
(../shared/eval/score.py) against the dev gold; each figure must stay at or above its floor
in tests/quality_baseline.json. Floors may only rise (checked against the file's history);
`python bench/quality.py --raise-floors` raises them after an improvement."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

from conftest import DEV_ARTICLES, GOLD_DEV, ROOT, SHARED

BASELINE = Path(__file__).with_name("quality_baseline.json")
SCORER = SHARED / "eval" / "score.py"

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not present")


def load_scorer():
    spec = importlib.util.spec_from_file_location("depeche_eval_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_hash() -> str:
    h = hashlib.sha256()
    for f in sorted(GOLD_DEV.glob("*.json")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    h.update(DEV_ARTICLES.read_bytes())
    return h.hexdigest()


def flatten(result: dict) -> dict[str, float]:
    """The gated figures, by name: layer F1s and the attribute accuracies."""
    out = {f"{layer}_f1": result[layer]["f1"] for layer in ("places", "figures", "quotes", "events")}
    for key in ("quote_speaker_accuracy", "event_date_accuracy", "event_modality_accuracy",
                "figure_source_accuracy", "mean_f1"):
        out[key] = result[key]
    return out


def score_dev(engine) -> dict:
    """Score the engine's records of the dev articles; returns the scorer's result dict."""
    from depeche.articles import read_inputs
    scorer = load_scorer()
    articles = [it.article for it in read_inputs([str(DEV_ARTICLES)], settings=engine.settings)]
    preds = {r.id: json.loads(r.to_json()) for r in engine.analyze_many(articles)}
    result, _ = scorer.score(scorer.load(GOLD_DEV), preds)
    return result


@pytest.fixture(scope="module")
def dev_result(engine):
    return score_dev(engine)


def test_every_dev_article_gets_a_record(engine, dev_result):
    assert dev_result["articles"] == 23
    assert dev_result["articles_without_prediction"] == []


def test_gold_set_is_the_one_the_floors_were_set_on():
    baseline = json.loads(BASELINE.read_text())
    assert baseline["gold_sha256"] == gold_hash(), (
        "the dev gold changed: re-measure and set new floors with bench/quality.py --raise-floors")


def test_figures_stay_at_or_above_their_floors(dev_result):
    floors = json.loads(BASELINE.read_text())["floors"]
    got = flatten(dev_result)
    below = {k: (got[k], v) for k, v in floors.items() if got[k] + 1e-9 < v}
    assert not below, f"below the floor (got, floor): {below}"


def test_floors_only_rise():
    """Every committed version of the baseline on the same gold has floors <= today's."""
    try:
        revs = subprocess.run(["git", "log", "--format=%H", "--", str(BASELINE.relative_to(ROOT))],
                              cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no git history here")
    now = json.loads(BASELINE.read_text())
    for rev in revs:
        old = json.loads(subprocess.run(
            ["git", "show", f"{rev}:{BASELINE.relative_to(ROOT)}"], cwd=ROOT,
            capture_output=True, text=True, check=True).stdout)
        if old["gold_sha256"] != now["gold_sha256"]:
            continue
        lowered = {k: (now["floors"].get(k), v) for k, v in old["floors"].items()
                   if now["floors"].get(k, -1) < v}
        assert not lowered, f"floors lowered since {rev[:8]} (now, then): {lowered}"
