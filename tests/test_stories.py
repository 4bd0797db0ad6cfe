"""Stories against real-world stories labelled by reading (tests/data/stories_labelled.json),
toll timelines and merged events, on real OrangeSum articles (CC BY-SA 4.0) analysed
by the whole engine."""
from __future__ import annotations

import gzip
import importlib.util
import json
import re
from pathlib import Path

import pytest

from conftest import shared_reason

from depeche.corpus import tolls
from depeche.queries import figure_claims, format_claims, story_detail
from depeche.store import Store

ROOT = Path(__file__).resolve().parents[1]
ORANGESUM = ROOT.parent / "shared" / "data" / "orangesum-fr" / "orangesum_parsed_all.jsonl.gz"
pytestmark = pytest.mark.skipif(not ORANGESUM.exists(), reason=shared_reason(ORANGESUM))

LABELLED = json.loads((ROOT / "tests" / "data" / "stories_labelled.json").read_text("utf-8"))
# a subset that runs in well under a minute: four stories of 2018-2020, six articles
# each spread over their days, and sixteen distractors of the same periods
SUBSET = ("beirut-port-explosion-2020", "strasbourg-attack-2018", "niger-koure-attack-2020",
          "lubrizol-fire-2019")
PER_STORY = 6
DISTRACTORS = 16
NAMED = ("36498", "27954", "27966", "27878")     # read by the tests below
FLOOR_F1 = 0.8           # B-cubed F1 of the store's clustering on the subset


def _bench():
    spec = importlib.util.spec_from_file_location("bench_stories", ROOT / "bench" / "stories.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def subset_gold() -> dict[str, str]:
    gold = {}
    for s in LABELLED["stories"]:
        if s["key"] in SUBSET:
            arts = s["articles"]
            step = max(1, len(arts) // PER_STORY)
            for a in arts[::step][:PER_STORY]:
                gold["os-" + a["id"]] = s["key"]
            for a in arts:
                if a["id"] in NAMED:
                    gold["os-" + a["id"]] = s["key"]
    periods = {("2020-08-01", "2020-08-31"), ("2018-12-01", "2018-12-31"),
               ("2019-09-20", "2019-10-31")}
    near = [d for d in LABELLED["distractors"] if any(lo <= d["date"] <= hi for lo, hi in periods)]
    for d in near[:DISTRACTORS]:
        gold["os-" + d["id"]] = d["group"] or "os-" + d["id"]
    return gold


@pytest.fixture(scope="module")
def subset_store(tmp_path_factory, engine):
    bench = _bench()
    gold = subset_gold()
    db = str(tmp_path_factory.mktemp("stories") / "subset.db")
    bench.build_store(db, gold, ORANGESUM, engine)
    store = Store(db)
    yield store, gold, bench
    store.close()


def test_the_labelled_set_lists_real_articles_once(tmp_path):
    ids = [a["id"] for s in LABELLED["stories"] for a in s["articles"]] + \
        [d["id"] for d in LABELLED["distractors"]]
    assert len(ids) == len(set(ids)) and len(LABELLED["stories"]) >= 8
    titles = {}
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as fh:
        for line in fh:
            m = re.match(r'\{"id": "(\d+)"', line)
            if m and m.group(1) in set(ids):
                d = json.loads(line)
                titles[d["id"]] = d["title"].strip()
    for s in LABELLED["stories"]:
        for a in s["articles"]:
            assert titles[a["id"]] == a["title"], a


def test_stories_match_the_labelled_stories_above_the_floor(subset_store):
    store, gold, bench = subset_store
    p, r, f1 = bench.bcubed(gold, bench.store_clustering(store, gold))
    assert f1 >= FLOOR_F1, (p, r, f1)
    tfidf = bench.bcubed(gold, bench.tfidf_clustering(store, list(gold)))
    assert f1 > tfidf[2], (f1, tfidf)
    # one story per developing event: the Beirut reports of 4 to 14 August are one story
    beirut = {store.story_of(a) for a, g in gold.items() if g == SUBSET[0]}
    assert len(beirut) == 1


def test_story_labels_are_headlines_and_words_of_their_articles(subset_store):
    store, gold, bench = subset_store
    good, total = bench.real_word_labels(store, gold)
    assert total >= 4 and good == total
    story = store.story(store.story_of("os-27954"))           # Strasbourg
    titles = {a["title"] for a in store.story_articles(story["id"])}
    assert story["title"] in titles
    assert "Strasbourg" in story["terms"]


def test_the_beirut_story_s_main_event_is_the_explosion(subset_store):
    store, gold, _ = subset_store
    detail = story_detail(store, store.story_of("os-36498"))
    main = detail["merged_events"][0]
    assert detail["main_event_id"] == main["id"]
    assert main["type"] in ("accident", "disaster") and main["place_name"] in ("Beirut",
                                                                                "Beyrouth")
    assert main["date_start"] == "2020-08-04"
    assert main["mentions"] >= main["n_events"] >= main["n_articles"] >= 4
    assert main["first_report"] <= main["latest_report"] and "OrangeSum" in main["sources"]


def test_the_strasbourg_death_toll_rises_and_other_figures_are_hidden(subset_store):
    store, _, _ = subset_store
    detail = story_detail(store, store.story_of("os-27954"))
    cats = {g["category"]: g for g in detail["figures"]}
    assert "other" not in cats
    assert "other" in {g["category"] for g in
                       story_detail(store, detail["id"], other=True)["figures"]}
    killed = cats["killed"]
    assert killed["status"] == "rising" and not killed["conflict"]
    assert killed["latest"]["value"] >= 3
    assert format_claims(killed).startswith("killed: ")


def _claim(text: str, words: str, value: float, category: str, article_id: str,
           published: str, source: str | None = None, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return {"id": f"fg-{article_id}-{start}", "article_id": article_id, "text": words,
            "start": start, "end": start + len(words), "value": value, "value_max": None,
            "approx": False, "category": category, "source": source, "outlet": "OrangeSum",
            "published": published}


def _texts(*ids: str) -> dict[str, str]:
    out = {}
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as fh:
        for line in fh:
            m = re.match(r'\{"id": "(\d+)"', line)
            if m and m.group(1) in ids:
                out[m.group(1)] = json.loads(line)["article"]
    return out


def test_a_count_given_with_dont_is_a_part_of_its_total_not_a_rival():
    # OrangeSum 27975: "douze personnes sont blessées dont six en état d'urgence absolue"
    text = _texts("27975")["27975"]
    rows = [_claim(text, "douze personnes", 12, "injured", "27975", "2018-12-12", "le magistrat"),
            _claim(text, "six", 6, "injured", "27975", "2018-12-12", "le magistrat")]
    (group,) = figure_claims(rows, texts={"27975": text})
    assert [r["value"] for r in group["reports"]] == [12]
    six = next(c for c in group["claims"] if c["value"] == 6)
    assert six["role"] == "part" and six["total_id"] == group["reports"][0]["figure_id"]
    assert group["status"] == "stable" and not group["conflict"] and group["parts"] == 1


def test_a_third_victim_counts_three_and_the_toll_rises():
    # OrangeSum 27975 (12 Dec: "deux personnes sont décédées") and 27966 (13 Dec: "une
    # troisième victime a succombé à ses blessures")
    texts = _texts("27975", "27966")
    rows = [_claim(texts["27975"], "deux personnes", 2, "killed", "27975", "2018-12-12"),
            _claim(texts["27966"], "une troisième victime", 1, "killed", "27966", "2018-12-13")]
    (group,) = figure_claims(rows, texts=texts)
    assert [r["value"] for r in group["reports"]] == [2, 3]
    assert group["status"] == "rising" and group["latest"]["value"] == 3


def test_sources_that_disagree_the_same_day_conflict():
    claims = [{"value": 78, "published": "2020-08-05", "article_id": "a", "figure_id": "f1",
               "source": "ministère de la Santé", "text": "78 morts"},
              {"value": 135, "published": "2020-08-05", "article_id": "b", "figure_id": "f2",
               "source": "Croix-Rouge libanaise", "text": "135 morts"}]
    t = tolls.timeline(claims)
    assert t["status"] == "conflicting"
    assert t["disagreements"] == [{"day": "2020-08-05", "values": [78, 135]}]
    same = [dict(c, source="ministère de la Santé") for c in claims]
    same[1]["published"] = "2020-08-06"
    assert tolls.timeline(same)["status"] == "rising"


def test_a_count_of_another_event_recalled_is_an_outlier():
    claims = [{"value": v, "published": d, "article_id": a, "figure_id": a, "source": None}
              for v, d, a in ((73, "2020-08-04", "a"), (100, "2020-08-05", "b"),
                              (2500, "2020-08-05", "c"), (137, "2020-08-06", "d"))]
    t = tolls.timeline(claims)
    assert [r["outlier"] for r in t["reports"]] == [False, False, True, False]
    assert t["highest"]["value"] == 137 and t["status"] == "rising"


def test_the_bundled_samples_are_seven_stories(tmp_path, engine):
    # Wikinews 2012 samples: a plane crash in Lagos, a hotel attack in Kabul, soldiers
    # killed in French Guiana, hurricane Sandy, a stampede in Madrid, a protest in
    # Tehran, a bridge fire in Rouen: seven events, none shares a story with another
    from depeche.articles import read_inputs
    from depeche.corpus import ingest

    with Store(tmp_path / "samples.db") as store:
        ingest(store, read_inputs([str(ROOT / "samples")]), engine)
        ids = [r[0] for r in store.db.execute("SELECT id FROM articles")]
        assert len(ids) == 7
        assert len({store.story_of(a) for a in ids}) == 7


def test_counts_of_one_nationality_are_parts_of_the_toll():
    # OrangeSum 35924: "Huit personnes dont six Français et deux Nigériens ont été tuées"
    text = _texts("35924")["35924"]
    rows = [_claim(text, "Huit personnes", 8, "killed", "35924", "2020-08-09"),
            _claim(text, "six Français", 6, "killed", "35924", "2020-08-09"),
            _claim(text, "deux Nigériens", 2, "killed", "35924", "2020-08-09")]
    for r, noun in zip(rows, ("personnes", "Français", "Nigériens")):
        r["noun"] = noun
    (group,) = figure_claims(rows, texts={"35924": text})
    assert [r["value"] for r in group["reports"]] == [8]
    assert [c["role"] for c in group["claims"]] == ["total", "part", "part"]
    # a later report that only counts the French victims does not contradict the total
    later = dict(_claim(text, "six Français", 6, "killed", "later", "2020-08-12"),
                 noun="Français")
    (group,) = figure_claims(rows + [later], texts={"35924": text})
    assert group["status"] == "stable" and group["latest"]["value"] == 8
