"""`ingest(..., workers=N)`: analysis in N spawned processes, the store the same as with one.

Real OrangeSum articles (read from ../shared at test time, skipped when absent) through
the whole engine: the Beirut explosion of August 2020, and one dispatch stored under two
ids (an exact copy) that lands in another worker's batch than its original.
"""
from __future__ import annotations

import gzip
import json
import re
import sqlite3
from pathlib import Path

import pytest

from conftest import shared_reason
from depeche.articles import Item, make_article
from depeche.corpus import ingest
from depeche.store import Store

ORANGESUM = Path(__file__).resolve().parents[2] / "shared" / "data" / "orangesum-fr" / \
    "orangesum_parsed_all.jsonl.gz"
pytestmark = pytest.mark.skipif(not ORANGESUM.exists(), reason=shared_reason(ORANGESUM))

# two Beirut reports, the first of a dispatch stored twice, AZF, its copy, one more
IDS = ("36099", "33661", "36500", "34612", "36498", "10")
COPY, ORIGINAL = "34612", "33661"
VOLATILE = {"ingested_at", "applied_at"}      # when, not what, was stored


@pytest.fixture(scope="module")
def items() -> list[Item]:
    found = {}
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as fh:
        for line in fh:
            m = re.match(r'\{"id": "(\d+)"', line)
            if m and m.group(1) in IDS:
                d = json.loads(line)
                found[d["id"]] = make_article(d["article"], id=d["id"], title=d["title"].strip(),
                                              published=d["date"], lang="fr", source="OrangeSum")
    return [Item(f"orangesum:{i}", article=found[i]) for i in IDS]


def content(path) -> dict[str, list]:
    """Every row of every table (what was stored, not when), sorted."""
    db = sqlite3.connect(path)
    try:
        out = {}
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'")]
        for t in tables:
            cols = [r[1] for r in db.execute(f"PRAGMA table_info({t})") if r[1] not in VOLATILE]
            out[t] = sorted(map(repr, db.execute(f"SELECT {', '.join(cols)} FROM {t}")))
        for fts in ("articles_fts", "quotes_fts"):
            if fts in tables or db.execute("SELECT 1 FROM sqlite_master WHERE name = ?",
                                           (fts,)).fetchone():
                out[fts] = sorted(map(repr, db.execute(f"SELECT rowid, * FROM {fts}")))
        return out
    finally:
        db.close()


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory, items, engine):
    path = tmp_path_factory.mktemp("w1") / "s.db"
    with Store(path) as store:
        summary = ingest(store, items, engine, batch_size=2)
    return path, summary


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory, items, settings):
    path = tmp_path_factory.mktemp("w2") / "s.db"
    with Store(path) as store:
        summary = ingest(store, items, None, batch_size=2, workers=2, engine_settings=settings)
    return path, summary


def test_two_workers_store_the_same_as_one(one_worker, two_workers):
    (p1, s1), (p2, s2) = one_worker, two_workers
    assert (s2.read, s2.new, s2.duplicates, s2.failed) == (s1.read, s1.new, s1.duplicates,
                                                            s1.failed) == (6, 5, 1, 0)
    c1, c2 = content(p1), content(p2)
    assert c1.keys() == c2.keys()
    for table in c1:
        assert c1[table] == c2[table], table
    # the real pipeline ran: the explosion is placed in Beirut, with its figures
    assert any("Beyrouth" in row for row in c2["places"])
    assert c2["figures"]


def test_an_exact_copy_in_another_workers_batch_is_found(two_workers):
    path, _ = two_workers
    with Store(path, readonly=True) as store:
        assert store.article(COPY)["duplicate_of"] == ORIGINAL
        assert store.article(ORIGINAL)["duplicate_of"] is None
        assert store.layer("figures", COPY) == []     # not analysed a second time


def test_reingesting_with_workers_adds_nothing(two_workers, items, settings):
    path, _ = two_workers
    before = content(path)
    with Store(path) as store:
        again = ingest(store, items, None, batch_size=2, workers=2, engine_settings=settings)
    assert (again.read, again.new, again.already, again.duplicates) == (6, 0, 6, 0)
    assert content(path) == before


def test_an_interrupted_ingest_with_workers_stops_and_resumes(tmp_path, items, settings,
                                                              one_worker):
    def interrupted():
        for n, it in enumerate(items):
            if n == 5:
                raise KeyboardInterrupt
            yield it

    path = tmp_path / "s.db"
    with Store(path) as store:
        with pytest.raises(KeyboardInterrupt):
            ingest(store, interrupted(), None, batch_size=2, workers=2,
                   engine_settings=settings)
        done = store.counts()["articles"]
        assert done < 5                   # batches in flight were dropped, not half-written
        s = ingest(store, items, None, batch_size=2, workers=2, engine_settings=settings)
        assert s.already == done and s.new + s.duplicates == 6 - done
    assert content(path) == content(one_worker[0])


def test_workers_that_cannot_load_their_model_stop_the_ingest_with_its_error(
        tmp_path, items, settings):
    import copy

    from depeche.errors import ModelError
    broken = copy.deepcopy(settings)
    broken["parse"]["model"] = "fr_no_such_model"
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(ModelError, match="fr_no_such_model"):
            ingest(store, items, None, batch_size=2, workers=2, engine_settings=broken)
        assert store.counts()["articles"] == 0


def test_the_cli_refuses_zero_workers(tmp_path, capsys):
    from depeche.cli import main
    from depeche.commands.exits import EXIT_USAGE
    assert main(["ingest", str(ORANGESUM), "--db", str(tmp_path / "s.db"),
                 "--workers", "0"]) == EXIT_USAGE
    assert "--workers must be 1 or more" in capsys.readouterr().err


def test_without_a_terminal_progress_is_a_line_every_few_seconds():
    import io

    from depeche.commands.corpus import _progress_lines
    err = io.StringIO()
    now = [0.0]
    update = _progress_lines(err, every_s=5.0, clock=lambda: now[0])
    # batches as ingest reports them (31 articles in all), at these seconds
    for second, n in ((2, 4), (4, 4), (6, 4), (7, 1), (12, 16), (13, 2)):
        now[0] = float(second)
        update(n)
    lines = err.getvalue().splitlines()
    assert [line.split(" articles")[0] for line in lines] == \
        ["depeche: ingest: 12", "depeche: ingest: 29"]


def test_sigterm_during_an_ingest_stops_it_as_ctrl_c_does():
    import os
    import signal
    import time

    from depeche.commands.corpus import _terminate_as_interrupt
    before = signal.getsignal(signal.SIGTERM)
    restore = _terminate_as_interrupt()
    try:
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(2)                   # the handler runs at once; never reached
    finally:
        restore()
    assert signal.getsignal(signal.SIGTERM) == before
