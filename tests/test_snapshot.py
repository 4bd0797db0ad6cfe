"""Records byte-identical on a fixed set of articles: the dev and dev-b gold articles and
500 OrangeSum articles (see bench/snapshot.py). A change meant to alter records
regenerates the snapshot (`python bench/snapshot.py --update`) in its own commit."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import snapshot  # noqa: E402

pytestmark = pytest.mark.skipif(
    not snapshot.available(),
    reason="needs ../shared/eval and ../shared/data/orangesum-fr: the team's shared data "
           "(the snapshot's articles), not present beside this checkout")


def test_records_identical_to_snapshot(engine):
    stored = json.loads(snapshot.SNAPSHOT.read_text(encoding="utf-8"))
    now = snapshot.compute(engine)
    diff = snapshot.differences(stored, now)
    assert not diff, (f"{len(diff)} of {len(now)} records changed "
                      f"(python bench/snapshot.py --check):\n" + "\n".join(diff[:40]))
