"""Dev-gold quality of the whole engine: the scorer's table, and optionally raise the floors.

    python bench/quality.py                 print the figures and the floors
    python bench/quality.py --raise-floors  set each floor to today's figure where it is higher
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

from test_quality import BASELINE, flatten, gold_hash, score_dev  # noqa: E402

from depeche.pipeline import Engine  # noqa: E402


def main(argv):
    result = score_dev(Engine())
    got = flatten(result)
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {"floors": {}}
    print(f"{'layer':10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'gold':>5} {'pred':>5}")
    for k in ("places", "figures", "quotes", "events"):
        r = result[k]
        print(f"{k:10} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
              f"{r['tp']:5} {r['gold']:5} {r['pred']:5}")
    print()
    for k, v in got.items():
        print(f"{k:26} {v:.3f}   floor {baseline['floors'].get(k, 0):.3f}")
    if "--raise-floors" in argv:
        same_gold = baseline.get("gold_sha256") == gold_hash()
        floors = dict(baseline["floors"]) if same_gold else {}
        for k, v in got.items():
            floors[k] = round(max(v, floors.get(k, 0.0)), 4)
        BASELINE.write_text(json.dumps({"gold_sha256": gold_hash(), "floors": floors},
                                       indent=1, sort_keys=True) + "\n")
        print(f"\nfloors written to {BASELINE}")


if __name__ == "__main__":
    main(sys.argv[1:])
