"""Gold-set quality of the whole engine: the scorer's table for each set (dev, dev-b),
and optionally raise the floors of the quality gate.

    python bench/quality.py                 print the figures and the floors of both sets
    python bench/quality.py dev-b           one set
    python bench/quality.py --raise-floors  set each floor to today's figure where it is higher
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

from test_quality import SETS, flatten, gold_hash, score_set  # noqa: E402

from depeche.pipeline import Engine  # noqa: E402


def main(argv):
    names = [a for a in argv if a in SETS] or list(SETS)
    engine = Engine()
    for name in names:
        report(engine, name, "--raise-floors" in argv)


def report(engine, name: str, raise_floors: bool) -> None:
    result = score_set(engine, name)
    got = flatten(result)
    path = SETS[name][2]
    baseline = json.loads(path.read_text()) if path.exists() else {"floors": {}}
    print(f"== {name} ({result['articles']} articles)")
    print(f"{'layer':10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'gold':>5} {'pred':>5}")
    for k in ("places", "figures", "quotes", "events"):
        r = result[k]
        print(f"{k:10} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
              f"{r['tp']:5} {r['gold']:5} {r['pred']:5}")
    print()
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
