"""A store in PostgreSQL: the same articles ingested into SQLite and into PostgreSQL give
the same answer to every query (API, CLI, store), French full-text search, several
writers at once, errors that say what to do, and servers over it.

PostgreSQL is a real server started for the session (tests/pg_cluster.py); on CI it
must be there (.ci/run installs it), elsewhere these tests are skipped without it.
"""
from __future__ import annotations

import gzip
import itertools
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from depeche.articles import Item
from depeche.cli import main
from depeche.commands.exits import EXIT_ERROR, EXIT_OK
from depeche.corpus import ingest
from depeche.store import Store, StoreError
from depeche.web import create_app
from test_faults import (ORANGESUM, Ingest, articles, needs_orangesum,  # noqa: F401
                         summary_counts, write_jsonl)
from test_web_api import ARTICLES, Client

ROOT = Path(__file__).resolve().parents[1]
# OrangeSum articles (CC BY-SA 4.0) beside the web tests' dispatches and the bundled
# Wikinews samples, when ../shared is there: every 40th of the first 2,400
N_ORANGESUM, EVERY = 2400, 40


def _items(engine) -> list[Item]:
    out = [Item(f"test:{a['id']}", article=engine.prepare(
        a["text"], id=a["id"], title=a["title"], published=a["published"], lang="fr",
        source=a["source"])) for a in ARTICLES]
    for line in (ROOT / "samples" / "wikinews-fr-2012.jsonl").read_text().splitlines():
        a = json.loads(line)
        out.append(Item(f"sample:{a['id']}", article=engine.prepare(
            a["text"], id=str(a["id"]), title=a.get("title"), published=a.get("published"),
            lang="fr", source="Wikinews")))
    if ORANGESUM.exists():
        with gzip.open(ORANGESUM, "rt", encoding="utf-8") as fh:
            for line in itertools.islice(fh, 0, N_ORANGESUM, EVERY):
                a = json.loads(line)
                out.append(Item(f"orangesum:{a['id']}", article=engine.prepare(
                    a["article"], id=str(a["id"]), title=a["title"].strip(),
                    published=a["date"][:10], lang="fr", source="OrangeSum")))
    return out


@pytest.fixture(scope="module")
def pair(tmp_path_factory, pg_server, engine):
    """(SQLite file, PostgreSQL URL): the same articles ingested into each."""
    path = tmp_path_factory.mktemp("pair") / "s.db"
    url = pg_server.create_database("same_answers")
    items = _items(engine)
    for target in (str(path), url):
        with Store(target) as store:
            summary = ingest(store, items, engine, batch_size=16)
            assert (summary.new, summary.failed) == (len(items), 0)
    yield str(path), url
    pg_server.drop_database("same_answers")


@pytest.fixture(scope="module")
def clients(pair, engine):
    return tuple(Client(create_app(target, engine=engine, cache_answers=False))
                 for target in pair)


def _ids(pair) -> dict[str, list[str]]:
    with Store(pair[0], readonly=True) as store:
        stories, _ = store.stories(limit=None)
        merged, _ = store.merged_events(limit=None)
        events = [e["key"] for e in store.all_events()]
        articles = [a["id"] for a in store.search_articles("Liban", limit=5)]
    return {"stories": [s["id"] for s in stories], "merged": [m["id"] for m in merged],
            "events": events, "articles": articles + [a["id"] for a in ARTICLES]}


QUERIES = [
    "/api/meta", "/api/countries", "/api/speakers", "/api/stories",
    "/api/stories?per_page=2&page=2",
    "/api/events?per_page=1000", "/api/events?per_page=7&page=3", "/api/events?type=attack",
    "/api/events?type=protest&modality=asserted", "/api/events?country=fr",
    "/api/events?country=LB", "/api/events?near=48.85,2.35&within=300",
    "/api/events?near=33.9,35.5&within=30", "/api/events?near=0,179.99&within=20000",
    "/api/events?actor=police", "/api/events?actor=manifestants", "/api/events?by=event",
    "/api/events?by=event&from=2020-01-01&to=2020-12-31",
    "/api/events?from=2019-12-05&to=2019-12-05",
    "/api/events?fields=key,type,place,date", "/api/events?fields=lat,lon,type,outlet,story_id",
    "/api/timeline", "/api/timeline?by=event", "/api/timeline?type=disaster",
    "/api/map?zoom=1", "/api/map?zoom=3", "/api/map?zoom=6&country=FR", "/api/facets",
    "/api/facets?type=attack", "/api/facets?outlet=OrangeSum", "/api/quotes?per_page=500",
    "/api/quotes?per_page=500&fragments=1", "/api/quotes?unknown=1&per_page=500",
    "/api/quotes?group=speaker&per_page=500", "/api/quotes?speaker=mac",
    "/api/quotes?speaker=hamad%20hassan", "/api/quotes?speaker=ministre",
    "/api/export?format=csv", "/api/export?format=geojson", "/api/export?format=jsonl",
    "/api/export?format=csv&type=attack&country=FR",
]
# words of the texts whose French forms are the words themselves (no other form occurs):
# the same matches with and without stemming
SAME_WORDS = ["Beyrouth", "Macron", "Izmir", "Liban port", "Hamad Hassan", "guerre"]


def _same(ca: Client, cb: Client, url: str) -> None:
    a, b = ca.get(url), cb.get(url)
    assert a.status_code == b.status_code == 200, (url, a.text[:300], b.text[:300])
    assert a.content == b.content, url


def test_every_api_answer_is_the_same_on_sqlite_and_postgresql(pair, clients):
    ids = _ids(pair)
    urls = list(QUERIES)
    urls += [f"/api/stories/{i}" for i in ids["stories"]]
    urls += [f"/api/events?story={i}&per_page=500" for i in ids["stories"][:5]]
    urls += [f"/api/events?merged={i}" for i in ids["merged"][:5]]
    urls += [f"/api/articles/{i}" for i in ids["articles"]]
    urls += [f"/api/events/{k}" for k in ids["events"][::7]]
    urls += [f"/api/events?q={w}&per_page=500" for w in SAME_WORDS]
    urls += [f"/api/quotes?q={w}&per_page=500" for w in SAME_WORDS]
    urls += [f"/api/stories?q={w}" for w in SAME_WORDS]
    urls += [f"/api/brief?story={i}&format={f}" for i in ids["stories"][:3]
             for f in ("html", "json", "md")]
    urls += ["/api/brief?country=FR&format=json", "/api/brief?near=48.85,2.35&within=300"]
    assert len(ids["events"]) > 50 and ids["stories"]
    for url in urls:
        _same(*clients, url)


def test_the_store_gives_the_same_records_and_corpus_on_both(pair):
    with Store(pair[0], readonly=True) as a, Store(pair[1], readonly=True) as b:
        assert a.counts() == b.counts() and a.counts()["events"] > 50
        assert list(a.all_records()) == list(b.all_records())
        assert a.near_duplicate_pairs() == b.near_duplicate_pairs()
        stories, _ = a.stories(limit=None, min_articles=1)
        for s in stories:
            assert a.story_figures(s["id"]) == b.story_figures(s["id"])
            assert a.story_articles(s["id"]) == b.story_articles(s["id"])
        for aid in [x["id"] for x in ARTICLES]:
            assert a.near_duplicates_of(aid) == b.near_duplicates_of(aid)
            assert a.find_kind(aid) == b.find_kind(aid) == "article"
        assert a.event_places() == b.event_places()
        assert a.event_days() == b.event_days()
        assert a.article_keys() == b.article_keys()


def test_postgresql_full_text_search_is_french_finds_what_sqlite_finds_and_more(pair):
    """PostgreSQL's French configuration stems words and drops accents: "explosion" also
    finds "explosions"; every article SQLite's FTS5 finds, it finds too."""
    with Store(pair[0], readonly=True) as a, Store(pair[1], readonly=True) as b:
        for words in ("explosion", "attentat", "blessés", "evacues", "manifestation Paris",
                      "séisme", "Croix-Rouge", "l'armée"):
            found_a = {r["id"] for r in a.search_articles(words, limit=1000)}
            found_b = {r["id"] for r in b.search_articles(words, limit=1000)}
            assert found_a <= found_b, words
        stemmed = 0
        for singular in ("attentat", "explosion", "victime", "manifestant", "soldat"):
            plural = {r["id"] for r in a.search_articles(singular + "s", limit=1000)}
            singular_a = {r["id"] for r in a.search_articles(singular, limit=1000)}
            singular_b = {r["id"] for r in b.search_articles(singular, limit=1000)}
            assert plural <= singular_b                  # the plural's articles too
            stemmed += bool(plural - singular_a)         # which FTS5 does not find
        assert stemmed >= 2
        assert {r["id"] for r in b.search_articles("évacués")} == \
            {r["id"] for r in b.search_articles("EVACUES")}
        quotes, _ = b.quotes(speaker="hassan")                   # a word a name begins
        assert {q["speaker"] for q in quotes} >= {"Hamad Hassan"}


def _cli(argv: list[str], capsys) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["events", "--format", "json", "--limit", "500"],
    ["events", "--format", "jsonl", "--type", "disaster", "--by", "event"],
    ["quotes", "--format", "json", "--speaker", "macron"],
    ["stories", "--format", "jsonl"],
    ["show", "web-beyrouth-2", "--format", "json"],
    ["export", "--format", "csv"],
    ["export", "--format", "jsonl", "--records"],
])
def test_the_commands_answer_the_same_over_postgresql(pair, argv, capsys):
    code_a, out_a = _cli([*argv, "--db", pair[0]], capsys)
    code_b, out_b = _cli([*argv, "--db", pair[1]], capsys)
    assert code_a == code_b == EXIT_OK
    assert out_a == out_b and len(out_a) > 100


def test_depeche_db_names_the_store_of_every_command(pair, capsys, monkeypatch):
    monkeypatch.setenv("DEPECHE_DB", pair[1])
    code, out = _cli(["events", "--format", "json", "--limit", "3"], capsys)
    assert code == EXIT_OK and json.loads(out)["total"] > 50


def test_the_served_answers_follow_an_ingest_into_postgresql(pg_url, engine):
    """A server keeps its answers while the store is unchanged: PostgreSQL's count of
    writes says when it changed (read again at most every second)."""
    from depeche.web.served import VERSION_SECONDS
    first = [Item(f"test:{a['id']}", article=engine.prepare(
        a["text"], id=a["id"], title=a["title"], published=a["published"], lang="fr"))
        for a in ARTICLES[:2]]
    with Store(pg_url) as store:
        ingest(store, first, engine)
    c = Client(create_app(pg_url, engine=engine))
    before = c.get("/api/meta").json()["counts"]["articles"]
    text = ("Des inondations ont frappé dimanche la ville de Nice. Deux personnes ont été "
            "tuées et des centaines d'habitants ont été évacués.")
    with Store(pg_url) as store:
        item = Item("test:nice", article=engine.prepare(text, id="web-nice", lang="fr",
                                                         published="2020-10-04"))
        assert ingest(store, [item], engine).new == 1
    time.sleep(VERSION_SECONDS + 0.1)
    assert c.get("/api/meta").json()["counts"]["articles"] == before + 1 == 3


# -- errors ------------------------------------------------------------------------------
def test_an_unreachable_server_is_a_clear_error_without_the_password(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]                     # nobody listens there
    url = f"postgresql://depeche:s3cret@127.0.0.1:{port}/news"
    code = main(["events", "--db", url])
    err = capsys.readouterr().err
    assert code == EXIT_ERROR
    assert "cannot connect to PostgreSQL" in err and str(port) in err
    assert "s3cret" not in err and "depeche:***@" in err


def test_a_database_of_something_else_is_refused_and_left_as_it_was(pg_url, capsys):
    import psycopg
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE abonnes (id serial PRIMARY KEY, nom text)")
        conn.execute("INSERT INTO abonnes(nom) VALUES ('Jeanne Martin')")
    code = main(["ingest", str(ROOT / "samples"), "--db", pg_url, "--no-progress"])
    err = capsys.readouterr().err
    assert code == EXIT_ERROR and "not a depeche store" in err and "abonnes" in err
    with psycopg.connect(pg_url) as conn:
        tables = {r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
    assert tables == {"abonnes"}


def test_read_only_a_new_database_is_refused_and_nothing_is_written(pg_url):
    with pytest.raises(StoreError, match="not a depeche store: an empty PostgreSQL"):
        Store(pg_url, readonly=True)
    with Store(pg_url) as store:                        # made by a writer
        assert store.counts()["articles"] == 0
    with Store(pg_url, readonly=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.set_meta("x", "y")


# -- several writers ---------------------------------------------------------------------
@needs_orangesum
def test_two_ingests_at_once_into_postgresql_store_each_article_once(
        tmp_path, pg_url, articles):  # noqa: F811
    first = write_jsonl(tmp_path / "first.jsonl", articles[:15])
    second = write_jsonl(tmp_path / "second.jsonl", articles[4:])
    a = Ingest(tmp_path, pg_url, [first], workers=1, batch_size=2)   # type: ignore[arg-type]
    b = Ingest(tmp_path, pg_url, [second], workers=1, batch_size=2)  # type: ignore[arg-type]
    (sa, ea), (sb, eb) = a.finish(), b.finish()
    assert (sa, sb) == (EXIT_OK, EXIT_OK), (ea, eb)
    ca, cb = summary_counts(ea), summary_counts(eb)
    n = len(articles) - 1                                  # one is a copy of another
    for c, read in ((ca, 15), (cb, len(articles) - 4)):
        assert c["read"] == read == c["new"] + c["duplicates"] + c["already stored"] \
            + c["failed"], (ea, eb)
    assert ca["new"] + cb["new"] == n and ca["duplicates"] + cb["duplicates"] == 1
    with Store(pg_url, readonly=True) as store:
        ids, hashes = store.article_keys()
        counts = store.counts()
        assert len(ids) == len(articles) and len(hashes) == n
        assert counts["articles"] == n and counts["exact_duplicates"] == 1
        # every layer row once: as many as one ingest of them all into SQLite
        db = tmp_path / "one.db"
        run = Ingest(tmp_path, db, [write_jsonl(tmp_path / "all.jsonl", articles)], workers=1)
        assert run.finish()[0] == EXIT_OK
        with Store(str(db), readonly=True) as one:
            assert one.counts() == counts
            assert [{k: v for k, v in r.items() if k != "story_id"} for r in one.all_records()] \
                == [{k: v for k, v in r.items() if k != "story_id"}
                    for r in sorted(store.all_records(), key=_order_of(one))]


def _order_of(store):
    order = {r["id"]: i for i, r in enumerate(store.all_records())}
    return lambda r: order[r["id"]]


# -- servers ------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_server_processes_answer_from_postgresql_as_from_sqlite(pair, clients):
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    proc = subprocess.Popen([sys.executable, "-m", "depeche.cli", "serve", "--db", pair[1],
                             "--workers", "2", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/meta", timeout=5):
                    break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        for url in ("/api/events?per_page=100", "/api/map?zoom=3", "/api/quotes?speaker=mac"):
            answers = set()
            for _ in range(6):              # spread over both processes
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=10) as r:
                    answers.add(r.read())
            assert answers == {clients[0].get(url).content}, url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
