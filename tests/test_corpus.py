"""Corpus passes on real OrangeSum articles: the Beirut explosion of 4 August 2020.

Articles are read from ../shared at test time (skipped when absent). Figures and
events are built by hand at real offsets, so that these tests pin the corpus passes
whatever the extraction stages give; one test runs the whole engine on real articles.
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from conftest import shared_reason
from depeche.articles import Item, make_article
from depeche.corpus import content_hash, ingest, minhash, run_passes
from depeche.errors import InputError
from depeche.queries import format_claims, story_detail
from depeche.records import (Article, DateInterval, Event, Figure, Mention, Place, Provenance,
                             Record)
from depeche.store import Store

ORANGESUM = Path(__file__).resolve().parents[2] / "shared" / "data" / "orangesum-fr" / \
    "orangesum_parsed_all.jsonl.gz"
pytestmark = pytest.mark.skipif(not ORANGESUM.exists(), reason=shared_reason(ORANGESUM))

BEIRUT = ("36113", "36099", "36102", "36104", "36498", "35954")
OTHERS = ("10", "36500")              # bears in the Pyrenees; AZF in Toulouse
COPIES = ("33661", "34612")           # the same dispatch under two ids
LATER = "35342"                       # 25 August: the explosion's aftermath for refugees
PROV = Provenance("test@1", "hand")


def read_orangesum(want: set[str], every: int = 0, most: int = 0) -> tuple[dict, list]:
    """The articles of ids `want`, and (as background) one line in `every`, `most` at most."""
    found, background = {}, []
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            m = re.match(r'\{"id": "(\d+)"', line)
            if m and m.group(1) in want:
                d = json.loads(line)
                found[d["id"]] = d
            elif every and n % every == 0 and len(background) < most:
                background.append(json.loads(line))
    return found, background


@pytest.fixture(scope="module")
def orangesum_and_background():
    return read_orangesum(set(BEIRUT + OTHERS + COPIES + (LATER,)), every=100, most=300)


@pytest.fixture(scope="module")
def orangesum(orangesum_and_background):
    return orangesum_and_background[0]


def article(d: dict) -> Article:
    return make_article(d["article"], id=d["id"], title=d["title"].strip(),
                        published=d["date"], lang="fr", source="OrangeSum")


def killed(text: str, words: str, value: float, source: str | None = None) -> Figure:
    """The figure of `words` (e.g. '78 morts') as it stands in `text`."""
    start = text.index(words)
    src = None
    if source:
        s = text.index(source)
        src = Mention(source, s, s + len(source))
    return Figure(text=words, start=start, end=start + len(words), value=value,
                  category="killed", provenance=PROV, source=src)


BEYROUTH = dict(name="Beyrouth", kind="city", country="LB", lat=33.8886, lon=35.4955,
                geonames_id=276781, precision=1)


def beirut_place(text: str) -> Place:
    s = text.index("Beyrouth")
    return Place(text="Beyrouth", start=s, end=s + 8, provenance=PROV, **BEYROUTH)


def disaster(text: str, trigger: str, day: date | None, figures=()) -> Event:
    s = text.index(trigger)
    return Event(type="disaster", modality="asserted",
                 trigger=Mention(trigger, s, s + len(trigger)),
                 evidence=Mention(text[s:s + 40], s, s + 40), provenance=PROV,
                 place=beirut_place(text), date=DateInterval(day, day) if day else None,
                 figures=tuple(figures))


def hand_records(orangesum) -> list[Record]:
    """The Beirut articles with their death tolls, as the figures stage would give them."""
    recs = []
    explosion = date(2020, 8, 4)
    for aid, words, value, source in (("36102", "78 morts", 78, "ministère de la Santé"),
                                      ("36099", "plus de 100 morts", 100, "Croix Rouge libanaise"),
                                      ("36498", "137 morts", 137, None),
                                      ("35954", "plus de 150 morts", 150, None)):
        a = article(orangesum[aid])
        f = killed(a.text, words, value, source)
        if words.startswith("plus de"):
            f = replace(f, approx=True)
        trigger = "explosion" if "explosion" in a.text else "explosions"
        recs.append(Record(article=a, figures=(f,), places=(beirut_place(a.text),),
                           events=(disaster(a.text, trigger, explosion, (f,)),)))
    for aid in OTHERS + ("36113", "36104"):
        recs.append(Record(article=article(orangesum[aid])))
    return recs


class HandEngine:
    """An engine that returns prepared records (and fails on one article if asked)."""

    def __init__(self, records=(), fail_on=()):
        self.records = {r.article.id: r for r in records}
        self.fail_on = set(fail_on)
        self.analysed: list[str] = []

    def analyze_article(self, a: Article) -> Record:
        if a.id in self.fail_on:
            raise RuntimeError("stage crashed")
        self.analysed.append(a.id)
        return self.records.get(a.id, Record(article=a))

    def analyze_many(self, articles):
        for a in articles:
            yield self.analyze_article(a)


def items_of(articles) -> list[Item]:
    return [Item(f"orangesum:{a.id}", article=a) for a in articles]


@pytest.fixture()
def beirut_store(tmp_path, orangesum_and_background):
    """The Beirut articles among 300 others of OrangeSum (stories need a corpus to tell
    common words from telling ones)."""
    orangesum, background = orangesum_and_background
    recs = hand_records(orangesum)
    store = Store(tmp_path / "beirut.db")
    arts = [r.article for r in recs] + [article(d) for d in background]
    ingest(store, items_of(arts), HandEngine(recs), batch_size=64)
    yield store
    store.close()


def test_the_offsets_of_hand_built_figures_are_real(orangesum):
    for r in hand_records(orangesum):
        for f in r.figures:
            assert r.article.text[f.start:f.end] == f.text
            if f.source:
                assert r.article.text[f.source.start:f.source.end] == f.source.text


def test_exact_copies_share_a_content_hash_and_are_not_analysed_twice(tmp_path, orangesum):
    a, b = (article(orangesum[i]) for i in COPIES)
    assert a.id != b.id and content_hash(a.text) == content_hash(b.text)
    assert content_hash(a.text) != content_hash(article(orangesum["36102"]).text)
    engine = HandEngine()
    with Store(tmp_path / "s.db") as store:
        s = ingest(store, items_of([a, b]), engine)
        assert (s.read, s.new, s.duplicates) == (2, 1, 1)
        assert engine.analysed == [a.id]
        assert store.article(b.id)["duplicate_of"] == a.id
        assert store.story_of(b.id) == store.story_of(a.id) is not None


def test_reingesting_adds_nothing_and_analyses_nothing(tmp_path, orangesum):
    recs = hand_records(orangesum)
    with Store(tmp_path / "s.db") as store:
        first = ingest(store, items_of([r.article for r in recs]), HandEngine(recs))
        counts = store.counts()
        engine = HandEngine(recs)
        again = ingest(store, items_of([r.article for r in recs]), engine)
        assert first.new == len(recs)
        assert (again.new, again.already, again.failed) == (0, len(recs), 0)
        assert engine.analysed == []
        assert store.counts() == counts


def test_an_interrupted_ingest_resumes_after_its_last_committed_batch(tmp_path, orangesum):
    arts = [article(orangesum[i]) for i in BEIRUT + OTHERS]

    def interrupted():
        for n, it in enumerate(items_of(arts)):
            if n == 5:
                raise KeyboardInterrupt
            yield it

    with Store(tmp_path / "s.db") as store:
        with pytest.raises(KeyboardInterrupt):
            ingest(store, interrupted(), HandEngine(), batch_size=2)
        assert store.counts()["articles"] == 4            # two batches of two committed
        engine = HandEngine()
        s = ingest(store, items_of(arts), engine, batch_size=2)
        assert s.new == len(arts) - 4 and s.already == 4
        assert engine.analysed == [a.id for a in arts[4:]]


def test_one_bad_article_is_counted_and_the_batch_goes_on(tmp_path, orangesum):
    arts = [article(orangesum[i]) for i in BEIRUT]
    errors = []
    bad_input = Item("broken.jsonl:3", error=InputError("not a JSON object", source="broken:3"))
    with Store(tmp_path / "s.db") as store:
        s = ingest(store, items_of(arts[:2]) + [bad_input] + items_of(arts[2:]),
                   HandEngine(fail_on={arts[1].id}), batch_size=4,
                   on_error=lambda origin, msg: errors.append((origin, msg)))
        assert (s.read, s.new, s.failed) == (len(arts) + 1, len(arts) - 1, 2)
        assert store.article(arts[1].id) is None and store.article(arts[2].id) is not None
        assert any("stage crashed" in m for _, m in errors)
        assert any(o == "broken.jsonl:3" for o, _ in errors)


def test_a_copy_of_an_article_whose_analysis_fails_is_not_kept(tmp_path, orangesum):
    a, b = (article(orangesum[i]) for i in COPIES)
    with Store(tmp_path / "s.db") as store:
        s = ingest(store, items_of([a, b]), HandEngine(fail_on={a.id}),
                   on_error=lambda origin, msg: None)
        assert (s.new, s.duplicates, s.failed) == (0, 0, 2)
        assert store.article(b.id) is None
        again = ingest(store, items_of([a, b]), HandEngine())
        assert (again.new, again.duplicates) == (1, 1)
        assert store.article(b.id)["duplicate_of"] == a.id


def test_a_wire_copy_with_a_new_title_and_an_edited_ending_is_a_near_duplicate(tmp_path, orangesum):
    a = article(orangesum["36102"])
    text = a.text
    cut = text.rindex(".", 0, len(text) - 200) + 1       # the last sentences rewritten
    copy = make_article(text[:cut] + " Le bilan pourrait encore s'alourdir, selon les autorités.",
                        id="copy-36102", title="Liban : Beyrouth sous le choc", lang="fr",
                        published="2020-08-05")
    assert content_hash(copy.text) != content_hash(a.text)
    assert minhash(a.text).jaccard(minhash(copy.text)) > 0.7
    with Store(tmp_path / "s.db") as store:
        ingest(store, items_of([a, copy, article(orangesum["36104"]), article(orangesum["10"])]),
               HandEngine())
        pairs = store.near_duplicate_pairs()
        assert [(x, y) for x, y, _ in pairs] == [("36102", "copy-36102")]
        assert store.story_of("copy-36102") == store.story_of("36102")


def test_beirut_articles_form_one_story_across_days_and_the_others_stay_apart(beirut_store):
    story = beirut_store.story_of("36102")
    assert story is not None
    together = [a for a in BEIRUT if beirut_store.story_of(a) == story]
    assert len(together) >= 5, together
    assert beirut_store.story_of("10") != story            # bears in the Pyrenees
    detail = story_detail(beirut_store, story)
    days = {a["published"] for a in detail["articles"]}
    assert {"2020-08-04", "2020-08-05", "2020-08-06"} <= days


def test_a_story_shows_every_death_toll_with_its_source_and_date(beirut_store):
    detail = story_detail(beirut_store, beirut_store.story_of("36102"))
    (killed_group,) = [g for g in detail["figures"] if g["category"] == "killed"]
    # 78, then more than 100 the same day, 137 the next, 150 two days later: rising
    assert killed_group["status"] == "rising" and killed_group["conflict"] is False
    assert killed_group["latest"]["value"] == 150 == killed_group["highest"]["value"]
    claims = [(c["value"], c["source"], c["published"]) for c in killed_group["claims"]]
    assert (78, "ministère de la Santé", "2020-08-05") in claims
    assert (137, "OrangeSum", "2020-08-06") in claims
    assert (150, "OrangeSum", "2020-08-08") in claims
    assert [c["published"] for c in killed_group["claims"]] == \
        sorted(c["published"] for c in killed_group["claims"])
    line = format_claims(killed_group)
    assert line.startswith("killed: 78–~100 (2 reports, 5 août 2020) → 137 (OrangeSum, "
                           "6 août 2020) → ~150 (OrangeSum, 8 août 2020), rising")


def test_the_explosion_reported_by_four_articles_is_one_merged_event(beirut_store):
    merged, _ = beirut_store.merged_events()
    assert len(merged) == 1
    m = merged[0]
    assert (m["type"], m["place_name"], m["n_articles"]) == ("disaster", "Beyrouth", 4)
    assert m["date_start"] == "2020-08-04"


def test_merged_event_ids_are_stable_when_passes_run_again(beirut_store):
    before = beirut_store.merged_events()[0][0]["id"], beirut_store.story_of("36102")
    run_passes(beirut_store)
    after = beirut_store.merged_events()[0][0]["id"], beirut_store.story_of("36102")
    assert before == after


def test_events_far_apart_or_of_another_type_or_date_are_not_merged(tmp_path, orangesum):
    azf = article(orangesum["36500"])
    s = azf.text.index("AZF")
    toulouse = Place(text="Toulouse", start=azf.text.index("Toulouse"),
                     end=azf.text.index("Toulouse") + 8, name="Toulouse", kind="city",
                     country="FR", lat=43.6045, lon=1.4440, provenance=PROV)
    azf_event = Event(type="disaster", modality="asserted", trigger=Mention("AZF", s, s + 3),
                      evidence=Mention(azf.text[s:s + 30], s, s + 30), provenance=PROV,
                      place=toulouse, date=DateInterval(date(2020, 8, 4), date(2020, 8, 4)))
    protest_art = article(orangesum["35954"])
    t = protest_art.text.index("manifestants")
    protest = Event(type="protest", modality="asserted",
                    trigger=Mention("manifestants", t, t + 12),
                    evidence=Mention(protest_art.text[t:t + 30], t, t + 30), provenance=PROV,
                    place=beirut_place(protest_art.text),
                    date=DateInterval(date(2020, 8, 8), date(2020, 8, 8)))
    recs = [r for r in hand_records(orangesum) if r.article.id in ("36102", "36099")]
    recs += [Record(article=azf, events=(azf_event,)),
             Record(article=protest_art, events=(protest,))]
    with Store(tmp_path / "s.db") as store:
        ingest(store, items_of([r.article for r in recs]), HandEngine(recs))
        merged, _ = store.merged_events(min_articles=1)
        sizes = sorted((m["type"], m["place_name"], m["n_articles"]) for m in merged)
        assert sizes == [("disaster", "Beyrouth", 2), ("disaster", "Toulouse", 1),
                         ("protest", "Beyrouth", 1)]


def test_the_whole_engine_on_real_beirut_articles_feeds_the_store(tmp_path, orangesum, engine):
    arts = [article(orangesum[i]) for i in ("36099", "36498")]
    with Store(tmp_path / "s.db") as store:
        s = ingest(store, items_of(arts), engine, batch_size=2)
        assert (s.new, s.failed) == (2, 0)
        for a in arts:
            detail = store.article(a.id)
            assert detail["text"] == a.text and detail["engine"].startswith("depeche")
            for name in ("places", "figures", "quotes", "times", "events"):
                for item in store.layer(name, a.id):
                    span = item["trigger"] if name == "events" else item
                    words = a.title if span.get("field") == "title" else a.text
                    assert words[span["start"]:span["end"]] == span["text"]


def test_a_vague_date_is_merged_by_its_article_day_and_groups_do_not_drift(tmp_path, orangesum):
    year = DateInterval(date(2020, 1, 1), date(2020, 12, 31))       # "en 2020"
    recs = []
    for aid, day in (("36102", date(2020, 8, 4)), ("36099", None), ("36498", year),
                     (LATER, year)):
        a = article(orangesum[aid])
        trigger = "explosion" if "explosion" in a.text else "explosions"
        ev = disaster(a.text, trigger, None)
        if day is not None:
            ev = replace(ev, date=day if isinstance(day, DateInterval) else DateInterval(day, day))
        recs.append(Record(article=a, events=(ev,)))
    with Store(tmp_path / "s.db") as store:
        ingest(store, items_of([r.article for r in recs]), HandEngine(recs))
        merged, _ = store.merged_events(min_articles=1)
        by_size = sorted((m["n_articles"], m["date_start"], m["date_end"]) for m in merged)
        # 5 and 6 August reports join the explosion of the 4th; the 25 August one does not
        assert by_size == [(1, None, None), (3, "2020-08-04", "2020-08-04")]


def test_an_explosion_called_an_accident_here_and_a_disaster_there_is_one_event(tmp_path,
                                                                                 orangesum):
    recs = [r for r in hand_records(orangesum) if r.article.id in ("36102", "36099", "36498")]
    (ev,) = recs[0].events
    recs[0] = replace(recs[0], events=(replace(ev, type="accident"),))
    with Store(tmp_path / "s.db") as store:
        ingest(store, items_of([r.article for r in recs]), HandEngine(recs))
        merged, _ = store.merged_events(min_articles=1)
        assert [(m["type"], m["n_articles"], m["date_start"]) for m in merged] == \
            [("disaster", 3, "2020-08-04")]


def test_passes_that_read_the_store_before_an_article_was_stored_do_not_replace_newer_ones(
        tmp_path, engine):
    """Two ingests at once: passes that read the store before the other stored its
    articles must not overwrite the other's passes, which read every article."""
    from test_web_api import ARTICLES
    items = [Item(f"test:{a['id']}", article=engine.prepare(
        a["text"], id=a["id"], title=a["title"], published=a["published"], lang="fr"))
        for a in ARTICLES[:3]]
    with Store(tmp_path / "s.db") as store:
        ingest(store, items[:2], engine)
        read_before = store.corpus_generation()
        stale_stories = [dict(r) for r in store.db.execute("SELECT * FROM stories")]
        stale_members = [tuple(r) for r in store.db.execute("SELECT * FROM story_articles")]
        ingest(store, items[2:], engine)            # its own passes read all three
        members = [tuple(r) for r in store.db.execute("SELECT * FROM story_articles")]
        merged = [tuple(r) for r in store.db.execute("SELECT * FROM event_merges")]
        assert len(members) == 3 and merged
        for s in stale_stories:
            s["terms"] = json.loads(s["terms"])
        # the first ingest's late passes, computed from the two articles they read
        assert not store.replace_stories(stale_stories, stale_members, read_before)
        assert not store.replace_merged_events([], [], read_before)
        assert [tuple(r) for r in store.db.execute("SELECT * FROM story_articles")] == members
        assert [tuple(r) for r in store.db.execute("SELECT * FROM event_merges")] == merged
        # passes that read the store as it is do write
        assert store.replace_stories(stale_stories, stale_members, store.corpus_generation())
        assert len(list(store.db.execute("SELECT * FROM story_articles"))) == 2
