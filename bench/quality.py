"""Gold-set quality of the whole engine: the scorer's table for each set (dev, dev-b),
and optionally raise the floors of the quality gate.

    python bench/quality.py                 print the figures and the floors of both sets
    python bench/quality.py dev-b           one set
    python bench/quality.py --raise-floors  set each floor to today's figure where it is higher

With both sets, a last table scores them together (53 articles as one set) against the
targets of issue #13.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

from test_quality import (  # noqa: E402
    SETS, flatten, gold_hash, load_scorer, predictions, score_set)

from depeche.pipeline import Engine  # noqa: E402


# issue #13's targets for dev and dev-b scored together
TARGETS = {"places_f1": 0.94, "figures_f1": 0.90, "figure_source_accuracy": 0.88,
           "quotes_f1": 0.97, "quote_speaker_accuracy": 0.95, "events_f1": 0.78,
           "event_date_accuracy": 0.85, "event_modality_accuracy": 0.92}


def main(argv):
    names = [a for a in argv if a in SETS] or list(SETS)
    engine = Engine()
    preds = {name: predictions(engine, name) for name in names}
    for name in names:
        report(engine, name, preds[name], "--raise-floors" in argv)
    if set(names) == set(SETS):
        together(preds)


def together(preds: dict[str, dict[str, dict]]) -> None:
    """Every set's gold and records as one set, against the issue's targets."""
    scorer = load_scorer()
    gold: dict[str, dict] = {}
    pred: dict[str, dict] = {}
    for name, records in preds.items():
        gold.update(scorer.load(SETS[name][1]))
        pred.update(records)
    result, _ = scorer.score(gold, pred)
    print(f"== {' + '.join(preds)} together ({result['articles']} articles)")
    table(result)
    for k, v in flatten(result).items():
        target = TARGETS.get(k)
        met = target is not None and v >= target
        mark = "" if target is None else f"   target {target:.2f} {'met' if met else 'NOT met'}"
        print(f"{k:26} {v:.3f}{mark}")
    print()


def table(result: dict) -> None:
    print(f"{'layer':10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'gold':>5} {'pred':>5}")
    for k in ("places", "figures", "quotes", "events"):
        r = result[k]
        print(f"{k:10} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
              f"{r['tp']:5} {r['gold']:5} {r['pred']:5}")
    print()


def report(engine, name: str, preds: dict[str, dict], raise_floors: bool) -> None:
    result = score_set(engine, name, preds)
    got = flatten(result)
    path = SETS[name][2]
    baseline = json.loads(path.read_text()) if path.exists() else {"floors": {}}
    print(f"== {name} ({result['articles']} articles)")
    table(result)
    for k, v in got.items():
        print(f"{k:26} {v:.3f}   floor {baseline['floors'].get(k, 0):.3f}")
    if raise_floors:
        same_gold = baseline.get("gold_sha256") == gold_hash(name)
        floors = dict(baseline["floors"]) if same_gold else {}
        for k, v in got.items():
            floors[k] = round(max(v, floors.get(k, 0.0)), 4)
        path.write_text(json.dumps({"gold_sha256": gold_hash(name), "floors": floors},
                                   indent=1, sort_keys=True) + "\n")
        print(f"\nfloors written to {path}")
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
