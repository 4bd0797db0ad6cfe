"""The records snapshot: what the engine says, layer by layer, on a fixed set of articles.

A change meant to keep behaviour (a refactor, a speed-up) must leave every record
byte-identical; `tests/test_snapshot.py` checks that against `tests/data/records_snapshot.json`.
A change meant to alter records (a new rule) regenerates the snapshot in its own commit,
after its effect was read and measured:

    python bench/snapshot.py --check          # which articles and layers differ, and how
    python bench/snapshot.py --update         # write the snapshot anew
    python bench/snapshot.py --dump FILE      # the full records as JSONL, to diff by eye
    python bench/snapshot.py --check --quick  # the 53 gold articles only (seconds, not a minute)

The articles: the dev and dev-b gold articles of ../shared/eval and 500 OrangeSum
articles spread evenly over the corpus (every 72nd non-empty one).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SNAPSHOT = ROOT / "tests" / "data" / "records_snapshot.json"
ORANGESUM = SHARED / "data" / "orangesum-fr" / "orangesum_parsed_all.jsonl.gz"
GOLD_SETS = ("dev", "dev-b")
ORANGESUM_COUNT = 500
ORANGESUM_STEP = 72
LAYERS = ("places", "figures", "quotes", "times", "events")


def snapshot_articles(quick: bool = False) -> list[dict]:
    """The fixed articles, as `{"id", "title", "text", "published"}` dicts, in order
    (`quick`: the gold articles only)."""
    out: list[dict] = []
    for name in GOLD_SETS:
        path = SHARED / "eval" / name / "articles.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append({"id": f"{name}:{row['id']}", "title": row.get("title"),
                            "text": row["text"], "published": row.get("published")})
    if quick:
        return out
    n = taken = 0
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if not row.get("article", "").strip():
                continue
            if n % ORANGESUM_STEP == 0:
                out.append({"id": f"orangesum:{row['id']}", "title": row.get("title"),
                            "text": row["article"], "published": row.get("date")})
                taken += 1
                if taken == ORANGESUM_COUNT:
                    break
            n += 1
    return out


def available() -> bool:
    return ORANGESUM.exists() and all((SHARED / "eval" / s / "articles.jsonl").exists()
                                      for s in GOLD_SETS)


def _digest(value) -> str:
    raw = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:20]


def record_digests(record_dict: dict) -> dict[str, str]:
    """One digest per layer, and one for the rest of the record (the engine's version
    string left out: it changes with every release, not with behaviour)."""
    rest = {k: v for k, v in record_dict.items() if k not in LAYERS and k != "engine"}
    out = {layer: _digest(record_dict.get(layer)) for layer in LAYERS}
    out["record"] = _digest(rest)
    return out


def compute(engine=None, *, dump: Path | None = None,
            quick: bool = False) -> dict[str, dict[str, str]]:
    from depeche.pipeline import Engine
    from depeche.settings import load_settings
    engine = engine or Engine(load_settings(env={}))
    rows = snapshot_articles(quick)
    articles = [engine.prepare(r["text"], id=r["id"], title=r["title"],
                               published=r["published"]) for r in rows]
    out: dict[str, dict[str, str]] = {}
    fh = dump.open("w", encoding="utf-8") if dump else None
    try:
        for record in engine.analyze_many(articles):
            d = record.to_dict()
            out[record.article.id] = record_digests(d)
            if fh:
                fh.write(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n")
    finally:
        if fh:
            fh.close()
    return out


def differences(stored: dict, now: dict) -> list[str]:
    lines = []
    for aid in sorted(set(stored) | set(now)):
        if aid not in now:
            lines.append(f"{aid}: missing now")
        elif aid not in stored:
            lines.append(f"{aid}: not in the snapshot")
        else:
            bad = [k for k in stored[aid] if stored[aid][k] != now[aid].get(k)]
            if bad:
                lines.append(f"{aid}: {', '.join(bad)} differ")
    return lines


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--check", action="store_true", help="compare with the stored snapshot")
    g.add_argument("--update", action="store_true", help="write the snapshot anew")
    g.add_argument("--dump", type=Path, metavar="FILE", help="write the full records as JSONL")
    ap.add_argument("--quick", action="store_true",
                    help="with --check or --dump: the 53 gold articles only")
    args = ap.parse_args(argv)
    if args.quick and args.update:
        ap.error("--update writes the whole snapshot: drop --quick")
    if not available():
        print(f"the snapshot articles are read from {SHARED}, which is not here", file=sys.stderr)
        return 2
    now = compute(dump=args.dump, quick=args.quick)
    if args.update:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(json.dumps(now, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(now)} records written to {SNAPSHOT.relative_to(ROOT)}")
        return 0
    if args.check:
        stored = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
        if args.quick:
            stored = {k: v for k, v in stored.items() if k in now}
        diff = differences(stored, now)
        print("\n".join(diff) if diff else f"all {len(now)} records identical")
        return 1 if diff else 0
    print(f"{len(now)} records dumped to {args.dump}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
