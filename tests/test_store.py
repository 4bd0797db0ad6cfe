"""The store: named migrations, idempotent upserts, full text search, layers read back."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from depeche.records import (LAYER_FIELDS, Article, DateInterval, Event, Figure, Mention, Place,
                             Provenance, Quote, Record, Time)
from depeche.store import MIGRATIONS, EventFilter, Store, StoredRecord, StoreError, distance_km

PROV = Provenance("test@1", "hand")
TEXT = ("Deux énormes explosions ont ravagé mardi le port de Beyrouth, faisant au moins 78 "
        "morts, selon le ministère de la Santé. « Beyrouth est une ville sinistrée », a "
        "déclaré le Premier ministre Hassan Diab.")


def span(text: str, words: str, after: int = 0) -> tuple[int, int]:
    s = text.index(words, after)
    return s, s + len(words)


def beirut_record(text: str = TEXT, id: str = "art-1", published: str = "2020-08-05",
                  source: str = "AFP") -> Record:
    a = Article(text=text, id=id, title="Explosions à Beyrouth",
                published=date.fromisoformat(published), source=source, lang="fr")
    s, e = span(text, "Beyrouth")
    s2, e2 = span(text, "Beyrouth", e)
    place = Place(text="Beyrouth", start=s, end=e, name="Beyrouth", kind="city", country="LB",
                  lat=33.8886, lon=35.4955, provenance=PROV, admin1="Beyrouth", precision=1,
                  mentions=(Mention("Beyrouth", s, e), Mention("Beyrouth", s2, e2)))
    fs, fe = span(text, "78 morts")
    ss, se = span(text, "ministère de la Santé")
    figure = Figure(text="78 morts", start=fs, end=fe, value=78, category="killed",
                    provenance=PROV, source=Mention("ministère de la Santé", ss, se))
    qs, qe = span(text, "Beyrouth est une ville sinistrée")
    ps, pe = span(text, "Hassan Diab")
    quote = Quote(text="Beyrouth est une ville sinistrée", start=qs, end=qe, provenance=PROV,
                  speaker="Hassan Diab", speaker_mention=Mention("Hassan Diab", ps, pe))
    ts, te = span(text, "mardi")
    when = DateInterval(date(2020, 8, 4), date(2020, 8, 4))
    time = Time(text="mardi", start=ts, end=te, value="2020-08-04", type="DATE",
                provenance=PROV, interval=when)
    xs, xe = span(text, "explosions")
    event = Event(type="disaster", modality="asserted", trigger=Mention("explosions", xs, xe),
                  evidence=Mention(text[:fe], 0, fe), provenance=PROV, place=place, date=when,
                  time=time, figures=(figure,), source=figure.source, acled=None)
    return Record(article=a, places=(place,), figures=(figure,), quotes=(quote,), times=(time,),
                  events=(event,), engine="depeche test")


def stored(record: Record, h: str | None = None) -> StoredRecord:
    return StoredRecord(record, h or f"h-{record.article.id}", b"\x00" * 8, "test")


def test_a_new_store_records_every_migration_in_order(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert store.migrate() == []                       # nothing left to apply
        mode = store.db.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_an_older_store_is_brought_up_to_date_and_keeps_its_articles(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, sql in MIGRATIONS[:2]:                      # a store of an earlier depeche
        db.executescript(sql)
        db.execute("INSERT INTO migrations VALUES (?, '2020-01-01')", (name,))
    db.execute("INSERT INTO articles(id, content_hash, text, ingested_at) "
               "VALUES ('old-1', 'h', 'Un texte ancien.', '2020-01-01')")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert store.article("old-1")["text"] == "Un texte ancien."
        assert store.counts()["stories"] == 0


def test_a_store_from_a_newer_depeche_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO migrations VALUES ('9999_future', '2030-01-01')")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer depeche"):
        Store(path)


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"ceci n'est pas une base SQLite" * 100)
    with pytest.raises(StoreError):
        Store(bad)
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "absent.db", readonly=True)


def test_records_are_stored_once_and_read_back_with_their_offsets(tmp_path):
    rec = beirut_record()
    with Store(tmp_path / "s.db") as store:
        assert store.add_records([stored(rec)]) == 1
        assert store.add_records([stored(rec)]) == 0       # idempotent
        counts = store.counts()
        assert {k: counts[k] for k in ("articles", "places", "figures", "quotes", "times",
                                       "events")} == dict.fromkeys(
            ("articles", "places", "figures", "quotes", "times", "events"), 1)
        a = store.article("art-1")
        assert a["source"] == "AFP" and a["published"] == "2020-08-05"
        for layer in ("places", "figures", "quotes", "times"):
            for item in store.layer(layer, "art-1"):
                assert TEXT[item["start"]:item["end"]] == item["text"]
        (fig,) = store.layer("figures", "art-1")
        assert fig["source"] == "ministère de la Santé" and fig["value"] == 78
        (ev,) = store.layer("events", "art-1")
        assert ev["key"] == "art-1/" + rec.events[0].id
        assert TEXT[ev["trigger"]["start"]:ev["trigger"]["end"]] == "explosions"


def test_the_same_item_ids_in_two_articles_do_not_collide(tmp_path):
    """Item ids hash offsets, so two articles can share them; the store keys per article."""
    first = beirut_record(id="art-1")
    second = beirut_record(id="art-2", published="2020-08-06", source="Reuters")
    assert first.events[0].id == second.events[0].id
    with Store(tmp_path / "s.db") as store:
        assert store.add_records([stored(first), stored(second)]) == 2
        assert store.counts()["events"] == 2 and store.counts()["figures"] == 2


def test_full_text_search_ignores_accents_and_case(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_records([stored(beirut_record())])
        assert [a["id"] for a in store.search_articles("ministere sante")] == ["art-1"]
        assert store.search_articles("Toulouse") == []
        quotes, total = store.quotes(text="ville sinistree")
        assert total == 1 and quotes[0]["speaker"] == "Hassan Diab"
        assert store.quotes(speaker="diab")[1] == 1 and store.quotes(speaker="Macron")[1] == 0
        # words that are FTS5 syntax are searched as words
        assert store.search_articles('Beyrouth AND "OR" NEAR(') == []
        assert store.search_articles('  "" ') == [] and store.quotes(text='"')[1] == 1
        assert store.events(EventFilter(text=" "))[1] == 1


def test_events_near_a_point_use_great_circle_distances(tmp_path):
    assert distance_km(33.8886, 35.4955, 33.8886, 35.4955) == 0
    assert 65 < distance_km(33.8886, 35.4955, 34.4367, 35.8497) < 75   # Beyrouth-Tripoli
    with Store(tmp_path / "s.db") as store:
        store.add_records([stored(beirut_record())])
        assert store.events(EventFilter(near=(33.90, 35.52), within_km=10))[1] == 1
        assert store.events(EventFilter(near=(34.4367, 35.8497), within_km=50))[1] == 0
        assert store.events(EventFilter(near=(34.4367, 35.8497), within_km=80))[1] == 1


def test_exact_copies_are_kept_apart_from_analysed_articles(tmp_path):
    rec = beirut_record()
    copy = Record(article=Article(text=TEXT, id="copy-1", title="Beyrouth", lang="fr"))
    with Store(tmp_path / "s.db") as store:
        store.add_records([stored(rec, "h-same")])
        assert store.add_duplicate(stored(copy, "h-same"), "art-1")
        ids, hashes = store.article_keys()
        assert ids == {"art-1", "copy-1"} and hashes == {"h-same": "art-1"}
        assert store.counts()["articles"] == 1 and store.counts()["exact_duplicates"] == 1
        assert [a["id"] for a in store.search_articles("Beyrouth")] == ["art-1"]


def dated_and_undated(tmp_path_or_store):
    """Three Beirut records: an event dated 4 August (article of the 5th), and two events
    without a date of their own in articles of the 6th and 7th (their day is the article's)."""
    from dataclasses import replace
    dated = beirut_record()
    recs = [dated]
    for n, published in ((2, "2020-08-06"), (3, "2020-08-07")):
        r = beirut_record(id=f"art-{n}", published=published)
        recs.append(replace(r, events=tuple(replace(e, date=None, time=None) for e in r.events)))
    return recs


def test_events_are_ordered_counted_and_grouped_by_their_day(tmp_path):
    from depeche.queries import event_days
    with Store(tmp_path / "s.db") as store:
        store.add_records([stored(r) for r in dated_and_undated(tmp_path)])
        rows, total = store.events(EventFilter())
        assert total == 3
        assert [r["article_id"] for r in rows] == ["art-3", "art-2", "art-1"]
        assert [(d["day"], d["count"]) for d in event_days(store)] == \
            [("2020-08-04", 1), ("2020-08-06", 1), ("2020-08-07", 1)]
        assert event_days(store, date_from="2020-08-05") == \
            [{"day": "2020-08-06", "type": "disaster", "count": 1},
             {"day": "2020-08-07", "type": "disaster", "count": 1}]
        assert store.events(EventFilter(date_to=date(2020, 8, 4)))[1] == 1
        assert store.events(EventFilter(country="lb"))[1] == 3          # any case
        assert store.events(EventFilter(country="FR"))[1] == 0
        assert event_days(store, type="protest") == []


EVENT_PAGES = ("events_published", "events_type_published", "events_country_published",
               "events_country_day")


def undo_event_covers(db):
    """Back to the store before migration 0008_event_covers."""
    with db.write():
        for index in ("events_article_published", "events_lat_lon_published",
                      "articles_n_id"):
            db.execute(f"DROP INDEX {index}")
        db.execute("CREATE INDEX events_article ON events(article_id)")
        db.execute("CREATE INDEX events_lat_lon ON events(lat, lon)")
        db.execute("DELETE FROM migrations WHERE name = '0008_event_covers'")


def undo_event_pages(db):
    """Back to the store before migration 0007_event_pages."""
    undo_event_covers(db)
    with db.write():
        for index in EVENT_PAGES + ("events_lat_lon",):
            db.execute(f"DROP INDEX {index}")
        db.execute("CREATE INDEX events_country_nocase ON events(country COLLATE NOCASE)")
        db.execute("CREATE INDEX events_lat ON events(lat)")
        db.execute("DELETE FROM migrations WHERE name = '0007_event_pages'")


def test_the_event_days_migration_fills_an_older_stores_events(tmp_path):
    recs = dated_and_undated(tmp_path)
    with Store(tmp_path / "new.db") as store:
        store.add_records([stored(r) for r in recs])
        expected = store.events(EventFilter())
        columns = store.db.execute("SELECT key, published, day, day_end FROM events "
                                   "ORDER BY key").fetchall()
    path = tmp_path / "old.db"
    with Store(path) as store:                     # back to the store of migration 0004
        store.add_records([stored(r) for r in recs])
        undo_event_pages(store.db)
        with store.db.write():
            for index in ("events_day", "events_type_day", "events_country_nocase"):
                store.db.execute(f"DROP INDEX {index}")
            for column in ("published", "day", "day_end"):
                store.db.execute(f"ALTER TABLE events DROP COLUMN {column}")
            store.db.execute("DELETE FROM migrations WHERE name = '0005_event_days'")
    with Store(path) as store:
        assert "0005_event_days" in store.applied_migrations()         # applied again
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert store.db.execute("SELECT key, published, day, day_end FROM events "
                                "ORDER BY key").fetchall() == columns
        assert store.events(EventFilter()) == expected
    assert [tuple(c)[1:] for c in columns] == [("2020-08-05", "2020-08-04", "2020-08-04"),
                                               ("2020-08-06", "2020-08-06", "2020-08-06"),
                                               ("2020-08-07", "2020-08-07", "2020-08-07")]


def test_pages_of_events_are_fresh_dicts_whatever_the_decoding_cache(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_records([stored(r) for r in dated_and_undated(tmp_path)])
        store.DECODED_EVENTS = 2
        first, _ = store.events(EventFilter())
        first[0]["type"] = "changed by a caller"
        again, _ = store.events(EventFilter())
        assert again[0]["type"] == "disaster" and again[0] is not first[0]
        assert [e["key"] for e in again] == [e["key"] for e in first]
        assert len(store._decoded) == 2


def test_a_stored_record_reads_back_as_its_own_dict(tmp_path):
    rec = beirut_record()
    copy = Record(article=Article(text=TEXT, id="copy-1", title="Beyrouth", lang="fr"))
    with Store(tmp_path / "s.db") as store:
        store.add_records([stored(rec)])
        store.add_duplicate(stored(copy), "art-1")
        back = store.article_record("art-1")
        assert back == rec.to_dict(with_text=True)
        assert list(back) == list(rec.to_dict(with_text=True))           # the same key order
        assert store.article_record("copy-1") == copy.to_dict(with_text=True)
        assert store.article_record("absent") is None
        (everything,) = store.all_records()                              # copies are not in it
        expected = rec.to_dict(with_text=True)
        assert list(everything) == ["id", "title", "published", "source", "url", "lang",
                                    "engine", "story_id", "places", "figures", "quotes",
                                    "events", "times", "skipped", "warnings", "text"]
        assert everything["events"] == [{**e, "key": "art-1/" + e["id"], "merged_id": None}
                                        for e in expected["events"]]
        assert {k: v for k, v in everything.items() if k not in ("story_id", "events")} == \
            {k: v for k, v in expected.items() if k != "events"}


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sample_items(settings, monkeypatch):
    """The bundled samples, read as `depeche ingest samples/` reads them from the
    repository (their origins, and a page's url, are their paths)."""
    from depeche.feeds import iter_items
    monkeypatch.chdir(ROOT)
    return list(iter_items(["samples"], settings=settings))


def test_analysed_records_are_stored_and_read_back_unchanged(tmp_path, engine, sample_items):
    records = [engine.analyze_article(item.article) for item in sample_items if item.article]
    assert records and any(r.events for r in records) and any(r.quotes for r in records)
    with Store(tmp_path / "s.db") as store:
        store.add_records([stored(r) for r in records])
        for r in records:
            expected = r.to_dict(with_text=True)
            assert Record.from_dict(expected).to_dict(with_text=True) == expected
            # the store keys items by article and item id: of two items with one id (one
            # event at two places, one place found twice), it keeps the first
            for layer in LAYER_FIELDS:
                firsts = {}
                for item in expected[layer]:
                    firsts.setdefault(item["id"], item)
                expected[layer] = list(firsts.values())
            assert store.article_record(r.id) == expected


VOLATILE = {"ingested_at", "applied_at"}      # when, not what, was stored


def table_digests(path) -> dict[str, list]:
    """Each table's row count and a digest of its rows (what was stored, not when)."""
    db = sqlite3.connect(path)
    try:
        out = {}
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                   "ORDER BY name").fetchall():
            if "_fts_" in table:                   # FTS5's own shadow tables
                continue
            if table.endswith("_fts"):
                rows = db.execute(f"SELECT rowid, * FROM {table}").fetchall()
            else:
                cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})")
                        if r[1] not in VOLATILE]
                rows = db.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            text = "\n".join(sorted(map(repr, rows)))
            out[table] = [len(rows), hashlib.sha256(text.encode()).hexdigest()[:16]]
        return out
    finally:
        db.close()


# What ingesting the bundled samples (and a copy of the first) stored when the store was
# one module: splitting it into parts changed no row. A change of the records (see
# bench/snapshot.py) changes these digests too: update them in the same commit. (The
# headlines analysed with the bodies: 5 figures and 3 events more, every span with its
# field, a `field` column on each span table. Then the rules of #13 and the stories of #16:
# 28 events, one story per sample, the copy with its original. Then the firemen who put
# out the Pont Mathilde fire counted as a deployment, not aid.)
SAMPLES_STORED = {
    "counts": {"articles": 7, "exact_duplicates": 1, "near_duplicate_pairs": 0, "places": 23,
               "figures": 48, "quotes": 6, "times": 42, "events": 28, "stories": 1,
               "merged_events": 0},
    "tables": {
        "articles": [8, "e560df81379bc3ca"],
        "articles_fts": [8, "d678ecef1fceea00"],
        "event_merges": [28, "b91871ef94399b28"],
        "events": [28, "d3c41b3d4baabafc"],
        "figures": [48, "32e8211518169bd4"],
        "merged_events": [28, "a623a27be59c58dc"],
        "meta": [1, "42fcac4a83e20723"],
        "migrations": [8, "c7cce9307264a4cd"],    # names only: 0001..0008
        "near_duplicates": [0, "e3b0c44298fc1c14"],
        "places": [23, "a618ff995339f986"],
        "quotes": [6, "f33dcb454746a666"],
        "quotes_fts": [6, "c1d3b4d173fdca61"],
        "signatures": [7, "ce20ad16c36b76ac"],
        "sources": [1, "551b9ad9e80a90fb"],
        "stories": [7, "d49e8afb6ce457c1"],
        "story_articles": [8, "4e40519acf74accc"],
        "times": [42, "538560b6c7b5c9c4"],
    },
    "all_records": "12162c905ed253ad",
}


def test_ingesting_the_samples_stores_what_it_always_stored(tmp_path, engine, sample_items,
                                                              settings):
    from depeche.articles import Item
    from depeche.corpus import ingest
    first = next(item.article for item in sample_items if item.article)
    items = sample_items + [Item("copy", article=replace(first, id="copy-1"))]
    with Store(tmp_path / "s.db") as store:
        summary = ingest(store, items, engine, on_error=lambda origin, msg: None)
        assert (summary.new, summary.duplicates, summary.failed) == (7, 1, 0)
        assert store.counts() == SAMPLES_STORED["counts"]
        records = "\n".join(json.dumps(r, sort_keys=True, ensure_ascii=False)
                            for r in store.all_records())
    assert table_digests(tmp_path / "s.db") == SAMPLES_STORED["tables"]
    assert hashlib.sha256(records.encode()).hexdigest()[:16] == SAMPLES_STORED["all_records"]


# -- full text through FTS5: user words as phrases, never syntax, never a LIKE scan ------------
FTS_SYNTAX = ['"', '""', "AND", "OR NOT", "NEAR(a b, 2)", "text:port", "title : port", "-port",
              "port*", "^port", "(port", "port)", "{text title}: port", "'", "l'armée",
              "a\x00b", "\x00", "port\x1b[0m", "*", "+", ":", "NEAR", "🔥", "\ud800"]


def test_no_search_words_reach_sqlite_as_fts5_syntax(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_records([stored(beirut_record())])
        for words in FTS_SYNTAX:
            store.search_articles(words)
            store.quotes(text=words, speaker=words)
            store.events(EventFilter(text=words, actor=words))
            store.stories(text=words)
        # a word of several tokens is one phrase: in this order, side by side
        assert [a["id"] for a in store.search_articles("Premier-ministre")] == ["art-1"]
        assert store.search_articles("ministre-Premier") == []
        # NUL and other control characters split words, as spaces do
        assert [a["id"] for a in store.search_articles("port\x00Beyrouth")] == ["art-1"]


def test_the_speaker_search_is_full_text_words_or_their_beginnings(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_records([stored(beirut_record())])
        for found in ("diab", "Hassan Diab", "DIAB hassan", "Has", "hass di"):
            assert store.quotes(speaker=found)[1] == 1, found
        for missing in ("Macron", "iab", "Hassan Macron", "Beyrouth"):   # not in the name
            assert store.quotes(speaker=missing)[1] == 0, missing
        assert store.quotes(speaker="diab", text="sinistree")[1] == 1
        assert store.quotes(speaker="diab", text="Toulouse")[1] == 0


def test_the_events_text_filter_reads_the_full_text_index(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_records([stored(beirut_record())])
        assert store.events(EventFilter(text="ministere SANTE"))[1] == 1
        assert store.events(EventFilter(text="explosions Toulouse"))[1] == 0
        assert store.events(EventFilter(actor="100%"))[1] == 0       # % is a character
        assert store.events(EventFilter(actor="_"))[1] == 0
        assert store.events(EventFilter(actor="Santé"))[1] == 1
        plan = " ".join(r[3] for r in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM events e WHERE e.article_id IN "
            "(SELECT a.id FROM articles a WHERE a.n IN (SELECT rowid FROM articles_fts "
            "WHERE articles_fts MATCH ?))", ('"port"',)))
        assert "VIRTUAL TABLE INDEX" in plan


def test_a_search_of_thousands_of_words_is_refused_before_sqlite(tmp_path):
    from depeche.errors import QueryError
    from depeche.store.common import MAX_FTS_TERMS, fts_query
    assert fts_query(" ".join(["port"] * MAX_FTS_TERMS)).count('"port"') == MAX_FTS_TERMS
    with Store(tmp_path / "s.db") as store:
        store.add_records([stored(beirut_record())])
        for call in (lambda w: store.search_articles(w), lambda w: store.quotes(text=w),
                     lambda w: store.quotes(speaker=w),
                     lambda w: store.events(EventFilter(text=w)),
                     lambda w: store.stories(text=w)):
            with pytest.raises(QueryError, match="25,000 words; give at most 64"):
                call(" ".join(["a"] * 25_000))


# -- spans of the headline ----------------------------------------------------------------------
TITLE = "Liban : une double explosion dévaste mardi le port de Beyrouth"


def titled_record() -> Record:
    """The Beirut record with its headline analysed: Beyrouth named in the title and the
    body, the explosion told first in the title."""
    rec = beirut_record()
    s = TITLE.index("Beyrouth")
    place = replace(rec.places[0], text="Beyrouth", start=s, end=s + 8, field="title",
                    mentions=(Mention("Beyrouth", s, s + 8, "title"), *rec.places[0].mentions))
    x = TITLE.index("explosion")
    event = replace(rec.events[0], trigger=Mention("explosion", x, x + 9, "title"),
                    evidence=Mention(TITLE, 0, len(TITLE), "title"), place=place, id="")
    t = TITLE.index("mardi")
    tuesday = replace(rec.times[0], start=t, end=t + 5, field="title", id="")
    return rec.replace(article=replace(rec.article, title=TITLE), places=(place,),
                       events=(event,), times=(tuesday, *rec.times))


def test_title_spans_are_stored_with_their_field_and_read_title_first(tmp_path):
    rec = titled_record()
    with Store(tmp_path / "s.db") as store:
        store.add_records([stored(rec)])
        assert store.article_record("art-1") == rec.to_dict(with_text=True)
        rows = {table: store.db.execute(f"SELECT field, start FROM {table} ORDER BY rowid")
                .fetchall() for table in ("places", "figures", "quotes", "times")}
        rows["events"] = store.db.execute("SELECT field, 0 FROM events").fetchall()
        assert {t: [tuple(r) for r in v] for t, v in rows.items()} == {
            "places": [("title", TITLE.index("Beyrouth"))],
            "figures": [("text", TEXT.index("78 morts"))],
            "quotes": [("text", TEXT.index("Beyrouth est"))],
            "times": [("title", TITLE.index("mardi")), ("text", TEXT.index("mardi"))],
            "events": [("title", 0)]}
        # the title's items come first when a layer is read back, whatever their offsets
        assert TITLE.index("mardi") > TEXT.index("mardi")
        times = store.layer("times", "art-1")
        assert [(t["field"], t["start"]) for t in times] == [
            ("title", TITLE.index("mardi")), ("text", TEXT.index("mardi"))]
        (event,) = store.layer("events", "art-1")
        assert event["trigger"] == {"text": "explosion", "start": TITLE.index("explosion"),
                                    "end": TITLE.index("explosion") + 9, "field": "title"}


def test_the_span_fields_migration_puts_older_items_in_the_body(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, sql in MIGRATIONS:                          # a store of the depeche before
        if name == "0006_span_fields":
            continue
        db.executescript(sql)
        db.execute("INSERT INTO migrations VALUES (?, '2020-01-01')", (name,))
    db.execute("INSERT INTO articles (id, content_hash, text, ingested_at) "
               "VALUES ('a', 'h', ?, '2020-01-01')", (TEXT,))
    s, e = span(TEXT, "mardi")
    old = {"id": "tm-1", "text": "mardi", "start": s, "end": e, "value": "2020-08-04",
           "type": "DATE", "interval": None, "provenance": {"stage": "times@1", "rule": "x"}}
    db.execute("INSERT INTO times (article_id, id, text, start, \"end\", value, type, data) "
               "VALUES ('a', 'tm-1', 'mardi', ?, ?, '2020-08-04', 'DATE', ?)",
               (s, e, json.dumps(old)))
    db.commit()
    db.close()
    with Store(path) as store:
        assert "0006_span_fields" in store.applied_migrations()
        assert store.db.execute("SELECT field FROM times").fetchall()[0][0] == "text"
        (t,) = store.article_record("a")["times"]
        assert t["field"] == "text" and TEXT[t["start"]:t["end"]] == "mardi"
