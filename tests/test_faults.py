"""Faults, with real processes: `depeche ingest` killed (kill -9, SIGTERM, Ctrl-C) with one
and two workers, then run again; two ingests on one store at once; read-only commands on
a file that is not a depeche store.

Real OrangeSum articles (read from ../shared at test time, skipped when absent), through
the whole pipeline with the small French model (fr_core_news_sm: what is tested is the
store and the processes, not the analysis; it loads in a second). Every process an
ingest starts carries a marker in its environment: "no process left" is read from /proc
(every process whose environment holds the marker), not from the tree, which a killed
parent no longer links.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import shared_reason
from depeche.cli import main
from depeche.commands.exits import EXIT_ERROR, EXIT_OK, EXIT_USAGE

ROOT = Path(__file__).resolve().parents[1]
ORANGESUM = ROOT.parent / "shared" / "data" / "orangesum-fr" / "orangesum_parsed_all.jsonl.gz"
needs_orangesum = pytest.mark.skipif(not ORANGESUM.exists(), reason=shared_reason(ORANGESUM))
N_ARTICLES = 20
COPIED = 5                  # one article given again under another id: an exact copy
VOLATILE = {"ingested_at", "applied_at"}        # when, not what, was stored
SEED = int(os.environ.get("DEPECHE_FAULT_SEED", "0")) or random.randrange(1, 10**6)


# -- processes, read from /proc (no psutil) ----------------------------------------------
def marked(marker: str) -> set[int]:
    """Live processes whose environment holds `marker` (zombies are not processes left)."""
    needle = f"DEPECHE_FAULT_RUN={marker}".encode()
    found = set()
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/environ", "rb") as fh:
                env = fh.read()
            with open(f"/proc/{d}/stat") as fh:
                state = fh.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in env.split(b"\0") and state not in "ZX":
            found.add(int(d))
    return found


class Ingest:
    """`depeche ingest` as a process of its own, with the marker in its environment."""

    def __init__(self, tmp: Path, db: Path, inputs: list[Path], *, workers: int,
                 batch_size: int = 4):
        self.marker = uuid.uuid4().hex
        config = tmp / "sm.toml"
        config.write_text('[parse]\nmodel = "fr_core_news_sm"\n', encoding="utf-8")
        env = dict(os.environ, DEPECHE_FAULT_RUN=self.marker,
                   PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "depeche.cli", "--config", str(config), "ingest",
             *map(str, inputs), "--db", str(db), "--workers", str(workers),
             "--batch-size", str(batch_size), "--no-progress"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

    def finish(self, timeout: float = 120) -> tuple[int, str]:
        _, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, err.decode()

    def kill(self, sig: int) -> dict:
        """Send `sig` to the ingest; then how long until its pipes closed and every
        process it started was gone, and how many there were before and after."""
        before = marked(self.marker) - {self.proc.pid}
        self.proc.send_signal(sig)
        t0 = time.monotonic()
        _, err = self.proc.communicate(timeout=30)      # EOF: nobody holds its pipes
        closed = time.monotonic() - t0
        left = marked(self.marker)
        while left and time.monotonic() - t0 < 10:
            time.sleep(0.05)
            left = marked(self.marker)
        return {"children_before": len(before), "left": sorted(left), "pipes_closed_s": closed,
                "gone_s": time.monotonic() - t0, "status": self.proc.returncode,
                "stderr": err.decode()}


def summary_counts(stderr: str) -> dict[str, int]:
    """The counts of the ingest's last line ("read 40, new 39, duplicates 1, ...")."""
    line = [ln for ln in stderr.splitlines() if ln.startswith("depeche: read ")][-1]
    out = {}
    for part in line.split(" in ")[0].removeprefix("depeche: ").split(", "):
        words = part.split()
        out[" ".join(words[:-1])] = int(words[-1])
    return out


# -- stores, table by table --------------------------------------------------------------
def digests(path: Path, *, drop: frozenset[str] = frozenset(),
            skip: frozenset[str] = frozenset()) -> dict[str, tuple[int, str]]:
    """Each table's row count and digest of its sorted rows, without the columns that say
    when (and without the columns `drop`, the tables `skip`), with `PRAGMA
    integrity_check` asserted first."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        out = {}
        for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                               "AND name NOT LIKE '%fts_%' ORDER BY name"):
            if t in skip:
                continue
            cols = [r[1] for r in db.execute(f"PRAGMA table_info({t})")
                    if r[1] not in VOLATILE | drop]
            rows = [] if not cols else sorted(
                repr(r) for r in db.execute(f"SELECT {', '.join(cols)} FROM {t}"))
            out[t] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16])
        return out
    finally:
        db.close()


def story_partition(path: Path) -> list[tuple[str, ...]]:
    """The stories as sets of articles (what clustering found, whatever their ids)."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        groups: dict[str, list[str]] = {}
        for aid, sid in db.execute("SELECT article_id, story_id FROM story_articles"):
            groups.setdefault(sid, []).append(aid)
        return sorted(tuple(sorted(g)) for g in groups.values())
    finally:
        db.close()


def article_ids(path: Path) -> list[str]:
    if not path.exists():               # killed before the store was created
        return []
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in db.execute("SELECT id FROM articles")]
    except sqlite3.OperationalError:    # killed before the store had its tables
        return []
    finally:
        db.close()


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    out = []
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out.append({"id": d["id"], "title": d["title"].strip(), "article": d["article"],
                        "date": d["date"], "source": "OrangeSum"})
            if len(out) == N_ARTICLES:
                break
    copy = dict(out[COPIED], id=f"copie-{out[COPIED]['id']}")
    return out[:COPIED + 3] + [copy] + out[COPIED + 3:]


def write_jsonl(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in items),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def clean(tmp_path_factory, articles):
    """One uninterrupted ingest of every article: the store any other way must equal."""
    tmp = tmp_path_factory.mktemp("clean")
    inputs = write_jsonl(tmp / "a.jsonl", articles)
    run = Ingest(tmp, tmp / "s.db", [inputs], workers=1)
    status, err = run.finish()
    assert status == EXIT_OK, err
    counts = summary_counts(err)
    assert counts == {"read": N_ARTICLES + 1, "new": N_ARTICLES, "duplicates": 1,
                      "already stored": 0, "failed": 0}
    return tmp / "s.db", time.monotonic() - run.started, inputs


# -- kill -9 at random moments, then a rerun ---------------------------------------------
@needs_orangesum
@pytest.mark.parametrize("workers", [1, 2])
def test_kill_9_at_random_moments_then_a_rerun_gives_the_clean_store(
        tmp_path, clean, workers):
    clean_db, clean_seconds, inputs = clean
    rng = random.Random(SEED * 10 + workers)
    db = tmp_path / "s.db"
    kills = []
    # one worker: a kill at a random time of the run, then one once a random number of
    # articles is stored; two workers: a kill at a random moment once they are there
    run = Ingest(tmp_path, db, [inputs], workers=workers)
    if workers == 1:
        time.sleep(rng.uniform(0.3, 0.9 * clean_seconds))
        kills.append(run.kill(signal.SIGKILL))
        stored_before = len(article_ids(db))
        target = rng.randint(min(stored_before + 1, N_ARTICLES), N_ARTICLES)
        run = Ingest(tmp_path, db, [inputs], workers=workers)
        while run.proc.poll() is None and len(article_ids(db)) < target:
            time.sleep(0.02)
        kills.append(run.kill(signal.SIGKILL))
    else:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(marked(run.marker)) < 4:
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 1.5))
        kills.append(run.kill(signal.SIGKILL))
        # killed with its two workers and the resource tracker
        assert kills[0]["children_before"] >= 3, kills[0]
    for k in kills:
        assert k["left"] == [], f"seed {SEED}: processes left {k}"
        assert k["pipes_closed_s"] < 5 and k["gone_s"] < 5, f"seed {SEED}: {k}"
    status, err = Ingest(tmp_path, db, [inputs], workers=workers).finish()
    assert status == EXIT_OK, err
    counts = summary_counts(err)
    assert counts["read"] == counts["new"] + counts["duplicates"] + counts["already stored"] \
        + counts["failed"] == N_ARTICLES + 1
    assert digests(db) == digests(clean_db), f"seed {SEED}"


@needs_orangesum
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_or_ctrl_c_of_an_ingest_with_workers_stops_every_process(
        tmp_path, clean, sig):
    _, _, inputs = clean
    db = tmp_path / "s.db"
    run = Ingest(tmp_path, db, [inputs], workers=2)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(marked(run.marker)) < 4:
        time.sleep(0.02)          # the ingest, the resource tracker and the two workers
    time.sleep(random.Random(SEED).uniform(0, 2))
    k = run.kill(sig)
    assert k["children_before"] >= 3          # the two workers and the resource tracker
    assert k["left"] == [] and k["gone_s"] < 5, k
    assert "interrupted" in k["stderr"] and k["status"] == 130, k
    if db.exists():
        digests(db)                           # what was committed is sound


def test_the_process_watch_finds_a_process_and_its_child(tmp_path):
    """The /proc reading the fault tests rely on sees what a process starts."""
    marker = uuid.uuid4().hex
    proc = subprocess.Popen([sys.executable, "-c", "import subprocess, sys, time; "
                             "subprocess.Popen([sys.executable, '-c', 'import time; "
                             "time.sleep(30)']); time.sleep(30)"],
                            env=dict(os.environ, DEPECHE_FAULT_RUN=marker))
    try:
        deadline = time.monotonic() + 10
        while len(marked(marker)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        found = marked(marker)
        assert proc.pid in found and len(found) == 2
    finally:
        for pid in marked(marker):
            os.kill(pid, signal.SIGKILL)
        proc.wait()


# -- two ingests at once -------------------------------------------------------------------
@needs_orangesum
def test_two_ingests_at_once_store_each_article_once_and_their_counts_add_up(
        tmp_path, clean, articles):
    clean_db, _, _ = clean
    # 11 in both, among them an article and its copy (stored under another id)
    first = write_jsonl(tmp_path / "first.jsonl", articles[:15])
    second = write_jsonl(tmp_path / "second.jsonl", articles[4:])
    db = tmp_path / "s.db"
    a = Ingest(tmp_path, db, [first], workers=1, batch_size=2)
    b = Ingest(tmp_path, db, [second], workers=1, batch_size=2)
    (sa, ea), (sb, eb) = a.finish(), b.finish()
    assert (sa, sb) == (EXIT_OK, EXIT_OK), (ea, eb)
    ca, cb = summary_counts(ea), summary_counts(eb)
    for c, n in ((ca, 15), (cb, N_ARTICLES + 1 - 4)):
        assert c["read"] == n == c["new"] + c["duplicates"] + c["already stored"] \
            + c["failed"], (ea, eb)
    assert ca["failed"] == cb["failed"] == 0
    assert ca["new"] + cb["new"] == N_ARTICLES           # each analysed once, by one of them
    assert ca["duplicates"] + cb["duplicates"] == 1
    ids = article_ids(db)
    assert len(ids) == len(set(ids)) == N_ARTICLES + 1   # no duplicate, no lost article
    # the same store as one ingest of them all, but for the order rows were numbered in,
    # the input files named as origins, and the ids of stories (taken from their first
    # article, by date then storage order)
    drop, skip = frozenset({"n", "origin", "story_id"}), frozenset({"stories",
                                                                    "story_articles"})
    assert digests(db, drop=drop, skip=skip) == digests(clean_db, drop=drop, skip=skip)
    assert story_partition(db) == story_partition(clean_db)


# -- read-only commands ------------------------------------------------------------------------
@pytest.fixture
def foreign(tmp_path) -> Path:
    """Someone else's SQLite file: a mailing list."""
    path = tmp_path / "abonnés.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE abonnes (id INTEGER PRIMARY KEY, nom TEXT, courriel TEXT)")
    db.execute("INSERT INTO abonnes(nom, courriel) VALUES ('Jeanne Martin', 'j@exemple.fr')")
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize("command", [["events"], ["quotes"], ["stories"], ["show", "x"],
                                     ["export", "--format", "csv"], ["serve", "--port", "1"],
                                     ["ingest", str(ROOT / "tests")]])
def test_a_file_that_is_not_a_depeche_store_is_refused_and_left_byte_identical(
        foreign, command, capsys):
    before = foreign.read_bytes()
    code = main([*command, "--db", str(foreign)])
    err = capsys.readouterr().err
    assert code == EXIT_ERROR
    assert f"{foreign}: not a depeche store" in err and "abonnes" in err
    assert foreign.read_bytes() == before
    assert sorted(p.name for p in foreign.parent.iterdir()) == [foreign.name]   # no -wal


def test_read_only_commands_leave_a_store_file_as_it_was(tmp_path, capsys):
    path = tmp_path / "s.db"
    from depeche.store import Store
    Store(path).close()
    before = path.read_bytes()
    for command in (["events"], ["quotes"], ["stories"], ["export"]):
        assert main([*command, "--db", str(path)]) == EXIT_OK
    assert path.read_bytes() == before


def test_a_store_an_older_depeche_wrote_is_not_migrated_by_a_read(tmp_path, capsys):
    from depeche.store import MIGRATIONS, Store, StoreError
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, sql in MIGRATIONS[:4]:                      # a store of an earlier depeche
        db.executescript(sql)
        db.execute("INSERT INTO migrations VALUES (?, '2020-01-01')", (name,))
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="older depeche.*0005_event_days"):
        Store(path, readonly=True)
    assert main(["events", "--db", str(path)]) == EXIT_ERROR
    assert path.read_bytes() == before
    with Store(path) as store:                   # opened for writing, it is brought up to date
        assert store.applied_migrations()[-1] == MIGRATIONS[-1][0]


def test_ingest_of_a_missing_path_creates_no_store(tmp_path, capsys):
    db = tmp_path / "s.db"
    code = main(["ingest", str(tmp_path / "absent.jsonl"), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert "absent.jsonl: no such file or folder" in err
    assert not db.exists() and list(tmp_path.iterdir()) == []


# -- another ingest writing meanwhile, in one process (the order made certain) --------------
@needs_orangesum
def test_an_ingest_counts_what_another_stored_meanwhile(tmp_path, articles, engine):
    from depeche.articles import Item, make_article
    from depeche.corpus import ingest
    from depeche.store import Store

    def item(d: dict, id: str | None = None) -> Item:
        return Item(f"orangesum:{d['id']}", article=make_article(
            d["article"], id=id or d["id"], title=d["title"], published=d["date"],
            source="OrangeSum", lang="fr"))

    a0, a1, a2, a3, a4, a5 = articles[:6]
    path = tmp_path / "s.db"
    other: dict = {}

    def first_run():
        yield item(a0)
        yield item(a1)
        # the other ingest stores 2, 3, 4, 5 while this one has read 0, 1 only
        with Store(path) as store:
            other["summary"] = ingest(store, [item(a) for a in (a2, a3, a4, a5)], engine)
        for it in (item(a2), item(a3), item(a4, id=f"copie-{a4['id']}"), item(a5)):
            yield it

    with Store(path) as store:
        mine = ingest(store, first_run(), engine, batch_size=2)
        ids = {r[0]: r[1] for r in store.db.execute("SELECT id, duplicate_of FROM articles")}
        assert store.get_meta("corpus_dirty") == "0"
        # the passes ran over every article, those the other ingest stored too
        assert store.db.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 7
    theirs = other["summary"]
    assert (theirs.read, theirs.new) == (4, 4)
    # the copy of 4 was analysed here (4 was not stored when this ingest began), then
    # found stored by the other: kept as its exact copy, counted so
    assert (mine.read, mine.new, mine.duplicates, mine.already, mine.failed) == (6, 2, 1, 3, 0)
    assert ids == {a0["id"]: None, a1["id"]: None, a2["id"]: None, a3["id"]: None,
                   a4["id"]: None, a5["id"]: None, f"copie-{a4['id']}": a4["id"]}


def test_corpus_passes_leave_the_store_dirty_when_articles_were_stored_meanwhile(tmp_path):
    from test_store import beirut_record, stored

    from depeche.store import Store
    path = tmp_path / "s.db"
    with Store(path) as store, Store(path) as other:
        store.add_records([stored(beirut_record())])
        generation = store.corpus_generation()
        other.add_records([stored(beirut_record(id="art-2", text=beirut_record().article.text
                                                + " Encore."))])
        assert not store.passes_done(generation)             # to run again
        assert store.get_meta("corpus_dirty") == "1"
        assert store.passes_done(store.corpus_generation())
        assert store.get_meta("corpus_dirty") == "0"


# -- the server under 50 clients while an ingest writes the same store -------------------
@needs_orangesum
def test_serve_under_50_clients_during_an_ingest_answers_every_request(
        tmp_path, clean, articles):
    """A `depeche serve` on a store that another process is ingesting into: 50 clients at
    once, for as long as the ingest runs, get no error; afterwards the server sees every
    article the ingest stored."""
    import http.client
    import threading

    from test_web_api import Served

    db = tmp_path / "s.db"
    first = Ingest(tmp_path, db, [write_jsonl(tmp_path / "a.jsonl", articles[:6])], workers=1)
    assert first.finish()[0] == EXIT_OK
    server = Served(db, log=tmp_path / "serve.log")
    paths = ["/api/events?per_page=20", "/api/timeline", "/api/quotes", "/api/stories",
             "/api/meta", "/api/events?q=morts", "/api/events?page=2&per_page=5"]
    errors: list[str] = []
    done = threading.Event()
    answered = [0] * 50

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        i = k
        try:
            while not done.is_set():
                try:
                    status, _, body = server.request("GET", paths[i % len(paths)], conn=conn)
                except (OSError, http.client.HTTPException) as exc:
                    errors.append(f"{paths[i % len(paths)]}: {type(exc).__name__}: {exc}")
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
                else:
                    if status != 200:
                        errors.append(f"{paths[i % len(paths)]}: {status} {body[:200]!r}")
                    answered[k] += 1
                i += 1
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(50)]
    try:
        for t in threads:
            t.start()
        second = Ingest(tmp_path, db, [write_jsonl(tmp_path / "b.jsonl", articles)], workers=1)
        status, err = second.finish(timeout=300)
        during = sum(answered)
        done.set()
        for t in threads:
            t.join(timeout=60)
        assert status == EXIT_OK, err
        ro = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        stored = ro.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NULL"
                            ).fetchone()[0]
        ro.close()
        _, _, body = server.request("GET", "/api/meta")
        assert json.loads(body)["counts"]["articles"] == stored
    finally:
        done.set()
        server.stop()
    print(f"{sum(answered)} requests by 50 clients, {during} while the ingest ran, "
          f"{len(errors)} errors")
    assert not errors, f"{len(errors)} errors of {sum(answered)} requests: {errors[:5]}"
    assert during >= 50, f"only {during} requests were answered while the ingest ran"
    assert summary_counts(err)["already stored"] == 6
