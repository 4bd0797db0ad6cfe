"""The quality gate: the gold articles of each set (dev: 23 articles; dev-b: 30 more,
annotated by other hands) through the whole engine, scored by the team's scorer
(../shared/eval/score.py); each figure must stay at or above its floor in the set's
baseline (tests/quality_baseline.json for dev, tests/quality_baseline_dev-b.json).
Floors may only rise (checked against the files' history);
`python bench/quality.py --raise-floors` raises them after an improvement."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, SHARED, shared_reason

SCORER = SHARED / "eval" / "score.py"
# gold set -> (articles, gold folder, baseline file, number of articles)
SETS = {
    "dev": (SHARED / "eval" / "dev" / "articles.jsonl", SHARED / "eval" / "gold" / "dev",
            Path(__file__).with_name("quality_baseline.json"), 23),
    "dev-b": (SHARED / "eval" / "dev-b" / "articles.jsonl", SHARED / "eval" / "gold" / "dev-b",
              Path(__file__).with_name("quality_baseline_dev-b.json"), 30),
}
BASELINE = SETS["dev"][2]

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason=shared_reason(SCORER))


def load_scorer():
    spec = importlib.util.spec_from_file_location("depeche_eval_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_hash(name: str = "dev") -> str:
    articles, gold, _, _ = SETS[name]
    h = hashlib.sha256()
    for f in sorted(gold.glob("*.json")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    h.update(articles.read_bytes())
    return h.hexdigest()


def flatten(result: dict) -> dict[str, float]:
    """The gated figures, by name: layer F1s and the attribute accuracies."""
    out = {f"{layer}_f1": result[layer]["f1"]
           for layer in ("places", "figures", "quotes", "events")}
    for key in ("quote_speaker_accuracy", "event_date_accuracy", "event_modality_accuracy",
                "figure_source_accuracy", "mean_f1"):
        out[key] = result[key]
    return out


def predictions(engine, name: str = "dev") -> dict[str, dict]:
    """The engine's records of a gold set's articles, as JSON dicts by article id."""
    from depeche.articles import read_inputs
    articles_path = SETS[name][0]
    articles = [it.article for it in read_inputs([str(articles_path)], settings=engine.settings)]
    return {r.id: json.loads(r.to_json()) for r in engine.analyze_many(articles)}


def score_set(engine, name: str = "dev", preds: dict[str, dict] | None = None) -> dict:
    """Score the engine's records of a gold set's articles; the scorer's result dict."""
    scorer = load_scorer()
    if preds is None:
        preds = predictions(engine, name)
    result, _ = scorer.score(scorer.load(SETS[name][1]), preds)
    return result


def score_dev(engine) -> dict:
    return score_set(engine, "dev")


@pytest.fixture(scope="module", params=list(SETS))
def gold_set(request, engine):
    """(set name, scorer result) for each gold set."""
    if not SETS[request.param][0].exists():
        pytest.skip(f"{SETS[request.param][0]} is not present")
    return request.param, score_set(engine, request.param)


def test_every_gold_article_gets_a_record(gold_set):
    name, result = gold_set
    assert result["articles"] == SETS[name][3]
    assert result["articles_without_prediction"] == []


@pytest.mark.parametrize("name", list(SETS))
def test_gold_set_is_the_one_the_floors_were_set_on(name):
    baseline = json.loads(SETS[name][2].read_text())
    assert baseline["gold_sha256"] == gold_hash(name), (
        f"the {name} gold changed: re-measure and set new floors with "
        f"bench/quality.py --raise-floors")


def test_figures_stay_at_or_above_their_floors(gold_set):
    name, result = gold_set
    floors = json.loads(SETS[name][2].read_text())["floors"]
    got = flatten(result)
    below = {k: (got[k], v) for k, v in floors.items() if got[k] + 1e-9 < v}
    assert not below, f"{name}: below the floor (got, floor): {below}"


@pytest.mark.parametrize("name", list(SETS))
def test_floors_only_rise(name):
    """Every committed version of a baseline on the same gold has floors <= today's."""
    baseline = SETS[name][2]
    try:
        revs = subprocess.run(["git", "log", "--format=%H", "--", str(baseline.relative_to(ROOT))],
                              cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no git history here")
    now = json.loads(baseline.read_text())
    for rev in revs:
        old = json.loads(subprocess.run(
            ["git", "show", f"{rev}:{baseline.relative_to(ROOT)}"], cwd=ROOT,
            capture_output=True, text=True, check=True).stdout)
        if old["gold_sha256"] != now["gold_sha256"]:
            continue
        lowered = {k: (now["floors"].get(k), v) for k, v in old["floors"].items()
                   if now["floors"].get(k, -1) < v}
        assert not lowered, f"floors lowered since {rev[:8]} (now, then): {lowered}"
