"""Analysis on a real Dask LocalCluster of 2 worker processes (no mock): the store and
the partition files it gives are those of the analysis in this process.

Articles: the bundled Wikinews sample (CC BY 2.5) and the seed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="Dask is the optional extra depeche[cluster]")

from conftest import SEED  # noqa: E402

from depeche.articles import read_inputs  # noqa: E402
from depeche.cli import main  # noqa: E402
from depeche.corpus import ingest  # noqa: E402
from depeche.corpus.cluster import (ClusterError, ClusterSpec, connect,  # noqa: E402
                                    records_as_json, records_on_worker)
from depeche.corpus.partitions import Done, partition_path, write_partitions  # noqa: E402
from depeche.feeds import iter_items  # noqa: E402
from depeche.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
INPUTS = [str(ROOT / "samples" / "wikinews-fr-2012.jsonl"), str(SEED)]


@pytest.fixture(scope="module")
def client(settings):
    with connect(ClusterSpec(local=2), settings, say=False) as c:
        yield c


def stored(path: Path) -> dict[str, dict]:
    """Every record of a store by article id (what `export --records` writes)."""
    with Store(path, readonly=True) as store:
        return {r["id"]: r for r in store.all_records()}


def test_cluster_spec():
    assert ClusterSpec.parse("local:3") == ClusterSpec(local=3)
    assert ClusterSpec.parse("local") == ClusterSpec(local=2)
    assert ClusterSpec.parse("tcp://10.0.0.5:8786").address == "tcp://10.0.0.5:8786"
    for bad in ("local:0", "10.0.0.5", "http://x:8786", "local:two"):
        with pytest.raises(ClusterError, match="local:N"):
            ClusterSpec.parse(bad)


def test_ingest_on_the_cluster_stores_what_one_process_stores(client, engine, settings,
                                                              tmp_path):
    assert len(client.scheduler_info()["workers"]) == 2
    here, there = tmp_path / "here.db", tmp_path / "there.db"
    with Store(here) as store:
        ingest(store, iter_items(INPUTS, settings=settings), engine, batch_size=2)
    with Store(there) as store:
        summary = ingest(store, iter_items(INPUTS, settings=settings), None, batch_size=2,
                         client=client)
    assert summary.new == 7 and summary.failed == 0
    assert stored(there) == stored(here) and len(stored(here)) == 7
    # a rerun has nothing left to do
    with Store(there) as store:
        again = ingest(store, iter_items(INPUTS, settings=settings), None, batch_size=2,
                       client=client)
    assert again.new == 0 and again.already == 7


def test_into_postgresql_the_cluster_workers_write_the_same_records(
        client, engine, settings, tmp_path, pg_url):
    """Into PostgreSQL each worker writes its own batches: the same records as one
    process writing SQLite (rows numbered in the order batches were done, so story ids,
    taken from a story's first stored article, are compared as groups)."""
    here = tmp_path / "here.db"
    with Store(here) as store:
        ingest(store, iter_items(INPUTS, settings=settings), engine, batch_size=2)
    with Store(pg_url) as store:
        summary = ingest(store, iter_items(INPUTS, settings=settings), None, batch_size=2,
                         client=client)
        assert (summary.new, summary.failed, summary.already) == (7, 0, 0)
        from depeche.corpus.cluster import write_on_worker
        from depeche.corpus.ingest import CorpusSettings, _Analyser
        with _Analyser(None, 1, None, CorpusSettings(), client, store.path) as analyser:
            assert analyser.batch_fn is write_on_worker         # the workers wrote

    def without_story(records: dict) -> dict:
        return {k: {f: v for f, v in r.items() if f != "story_id"} for k, r in records.items()}
    there = stored(pg_url)      # type: ignore[arg-type]
    assert without_story(there) == without_story(stored(here)) and len(there) == 7

    def groups(records: dict) -> set:
        by: dict = {}
        for aid, r in records.items():
            by.setdefault(r["story_id"], set()).add(aid)
        return {frozenset(g) for g in by.values()}
    assert groups(there) == groups(stored(here))
    with Store(pg_url) as store:                        # a rerun has nothing left to do
        again = ingest(store, iter_items(INPUTS, settings=settings), None, batch_size=2,
                       client=client)
    assert again.new == 0 and again.already == 7


def test_partitions_resume_with_what_is_left(client, engine, settings, tmp_path):
    local = [json.loads(r.to_json()) for r in engine.analyze_many(
        it.article for it in read_inputs(INPUTS, settings=settings))]
    out = tmp_path / "records"

    def submit(articles):
        return client.submit(records_on_worker, articles, pure=False)
    first = write_partitions(read_inputs(INPUTS, settings=settings), out, submit, size=3)
    assert (first.partitions, first.written, first.records, first.failed) == (3, 3, 7, 0)
    parts = [partition_path(out, k) for k in range(3)]
    lines = [json.loads(line) for p in parts for line in p.read_text().splitlines()]
    assert lines == local                       # in input order, the same records
    parts[1].unlink()                           # as if the run had died there
    again = write_partitions(read_inputs(INPUTS, settings=settings), out, submit, size=3)
    assert (again.skipped, again.written, again.records) == (2, 1, 3)
    assert [json.loads(line) for p in parts for line in p.read_text().splitlines()] == local
    # the same, analysed here without a cluster
    here = write_partitions(read_inputs(INPUTS, settings=settings), tmp_path / "here",
                            lambda a: Done(records_as_json(engine, a)), size=3)
    assert here.records == 7
    assert partition_path(tmp_path / "here", 2).read_text() == parts[2].read_text()


def test_analyze_out_on_a_local_cluster_from_the_command_line(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    code = main(["analyze", *INPUTS, str(bad), "--out", str(tmp_path / "out"),
                 "--cluster", "local:1", "--batch-size", "4", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1 and "empty.txt" in err and "2 partitions" in err and "7 records" in err
    errors = (tmp_path / "out" / "_errors.jsonl").read_text().splitlines()
    assert len(errors) == 1 and "empty.txt" in json.loads(errors[0])["input"]


def test_cluster_usage_errors(tmp_path, capsys):
    assert main(["analyze", *INPUTS, "--cluster", "local:2"]) == 2
    assert "--cluster goes with --out DIR" in capsys.readouterr().err
    assert main(["ingest", *INPUTS, "--db", str(tmp_path / "x.db"), "--cluster", "nowhere"]) == 2
    assert "local:N" in capsys.readouterr().err and not (tmp_path / "x.db").exists()
    assert main(["ingest", *INPUTS, "--db", str(tmp_path / "x.db"), "--cluster", "local:2",
                 "--workers", "2"]) == 2
    assert main(["ingest", *INPUTS, "--db", str(tmp_path / "x.db"), "--no-progress",
                 "--cluster", "tcp://127.0.0.1:9"]) == 3
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
