"""Queries shared by the CLI, the API and the web page, and the CLI commands on a store."""
from __future__ import annotations

import json
from datetime import date

import pytest

from depeche.articles import Item
from depeche.cli import main
from depeche.corpus import ingest
from depeche.queries import (QueryError, article_detail, event_detail, events, format_claims,
                             merged_event_detail, parse_near, quotes, stories, story_detail)
from depeche.records import (Article, DateInterval, Event, Figure, Mention, Place, Provenance,
                             Quote, Record)
from depeche.store import Store

PROV = Provenance("test@1", "hand")
ARTICLES = [
    ("b1", "2020-08-05", "Explosions à Beyrouth",
     "Deux énormes explosions ont ravagé mardi le port de Beyrouth, faisant au moins 78 morts "
     "selon le ministère de la Santé. « Beyrouth est une ville sinistrée », a déclaré le "
     "Premier ministre Hassan Diab."),
    ("b2", "2020-08-06", "Beyrouth compte ses morts",
     "Les explosions du port de Beyrouth ont fait au moins 137 morts, selon la Croix-Rouge "
     "libanaise. « Nous n'abandonnerons pas le Liban », a dit Emmanuel Macron à Beyrouth."),
    ("t1", "2016-12-16", "Evacuation d'Alep",
     "Des combats ont opposé l'armée syrienne aux rebelles à Alep jeudi, a rapporté l'OSDH. "
     "Des milliers de civils ont été évacués de la ville."),
]
PLACES = {"Beyrouth": ("LB", 33.8886, 35.4955), "Alep": ("SY", 36.2021, 37.1343)}


def make_record(aid: str, day: str, title: str, text: str) -> Record:
    a = Article(text=text, id=aid, title=title, published=date.fromisoformat(day),
                source="Le journal", lang="fr")
    city = "Beyrouth" if "Beyrouth" in text else "Alep"
    s = text.index(city)
    country, lat, lon = PLACES[city]
    place = Place(text=city, start=s, end=s + len(city), name=city, kind="city",
                  country=country, lat=lat, lon=lon, provenance=PROV, precision=1)
    figures, quotes_, events_ = [], [], []
    if "morts" in text:
        words = next(w for w in ("78 morts", "137 morts") if w in text)
        fs = text.index(words)
        src = "ministère de la Santé" if "ministère" in text else "Croix-Rouge libanaise"
        ss = text.index(src)
        figures.append(Figure(text=words, start=fs, end=fs + len(words),
                              value=float(words.split()[0]), category="killed",
                              provenance=PROV, source=Mention(src, ss, ss + len(src))))
    if "«" in text:
        qs, qe = text.index("«") + 2, text.index("»") - 1
        who = "Hassan Diab" if "Diab" in text else "Emmanuel Macron"
        quotes_.append(Quote(text=text[qs:qe], start=qs, end=qe, provenance=PROV, speaker=who))
    trigger = "explosions" if "explosions" in text else "combats"
    ts = text.index(trigger)
    kind = "disaster" if trigger == "explosions" else "armed_clash"
    day0 = date(2020, 8, 4) if kind == "disaster" else date(2016, 12, 15)
    actors = ()
    if kind == "armed_clash":
        x = text.index("l'armée syrienne")
        actors = (Mention("l'armée syrienne", x, x + 16),)
    events_.append(Event(type=kind, modality="asserted",
                         trigger=Mention(trigger, ts, ts + len(trigger)),
                         evidence=Mention(text[:text.index(".") + 1], 0, text.index(".") + 1),
                         provenance=PROV, place=place, date=DateInterval(day0, day0),
                         actors=actors, figures=tuple(figures),
                         acled=("Battles", "Armed clash") if kind == "armed_clash" else None))
    return Record(article=a, places=(place,), figures=tuple(figures), quotes=tuple(quotes_),
                  events=tuple(events_), engine="depeche test")


class HandEngine:
    def __init__(self, records):
        self.records = {r.article.id: r for r in records}

    def analyze_many(self, articles):
        return (self.records[a.id] for a in articles)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "q.db"
    recs = [make_record(*a) for a in ARTICLES]
    with Store(path) as store:
        ingest(store, [Item(r.article.id, article=r.article) for r in recs], HandEngine(recs))
    return path


@pytest.fixture()
def store(db):
    with Store(db) as s:
        yield s


def keys(page) -> list[str]:
    return [e["article_id"] for e in page.items]


def test_event_filters_combine(store):
    assert events(store).total == 3
    assert keys(events(store, type="disaster")) == ["b2", "b1"]          # newest first
    assert keys(events(store, country="sy")) == ["t1"]
    assert keys(events(store, near="36.2,37.1", within_km=20)) == ["t1"]
    assert keys(events(store, date_from="2020-01-01", date_to="2020-12-31", type="disaster")) \
        == ["b2", "b1"]
    assert events(store, date_to="2019-01-01").total == 1
    assert keys(events(store, actor="armée")) == ["t1"]
    assert keys(events(store, text="croix rouge")) == ["b2"]
    assert events(store, type="disaster", country="SY").total == 0


def test_bad_query_arguments_are_query_errors(store):
    with pytest.raises(QueryError, match="unknown event type"):
        events(store, type="explosion")
    with pytest.raises(QueryError, match="LAT,LON"):
        parse_near("Beyrouth")
    with pytest.raises(QueryError, match="latitude"):
        parse_near("133.9,35.5")
    with pytest.raises(QueryError):
        events(store, date_from="5 août")
    with pytest.raises(QueryError):
        events(store, page=0)


def test_pages_split_results(store):
    first = events(store, per_page=2)
    second = events(store, per_page=2, page=2)
    assert (first.total, first.pages, len(first.items), len(second.items)) == (3, 2, 2, 1)
    assert set(keys(first)) | set(keys(second)) == {"b1", "b2", "t1"}
    assert first.to_dict()["pages"] == 2


def test_quotes_by_speaker(store):
    page = quotes(store, speaker="macron")
    assert [q["text"] for q in page.items] == ["Nous n'abandonnerons pas le Liban"]
    assert page.items[0]["article_id"] == "b2"
    assert quotes(store).total == 2


def test_story_detail_puts_each_figure_claim_side_by_side(store):
    page = stories(store)
    assert page.total == 1
    detail = story_detail(store, page.items[0]["id"])
    assert [a["id"] for a in detail["articles"]] == ["b1", "b2"]
    (group,) = detail["figures"]
    # a count raised by the next day's report is a rising toll, not a conflict
    assert group["status"] == "rising" and group["conflict"] is False
    assert group["values"] == [78, 137]
    assert [(r["value"], r["source"]) for r in group["reports"]] == \
        [(78, "ministère de la Santé"), (137, "Croix-Rouge libanaise")]
    assert (group["latest"]["value"], group["highest"]["value"]) == (137, 137)
    assert format_claims(group) == (
        "killed: 78 (ministère de la Santé, 5 août 2020) → 137 (Croix-Rouge libanaise, "
        "6 août 2020), rising; latest 137 (Croix-Rouge libanaise, 6 août 2020); "
        "highest 137 (Croix-Rouge libanaise, 6 août 2020)")
    (merged,) = [m for m in detail["merged_events"] if m["n_articles"] > 1]
    full = merged_event_detail(store, merged["id"])
    assert sorted(e["article_id"] for e in full["events"]) == ["b1", "b2"]


def test_article_detail_spans_point_into_its_text(store):
    d = article_detail(store, "b1")
    assert d["title"] == "Explosions à Beyrouth" and d["story_id"]
    layers = {s["layer"] for s in d["spans"]}
    assert layers == {"place", "figure", "quote", "event"}
    for s in d["spans"]:
        assert d["text"][s["start"]:s["end"]]
    (ev,) = d["events"]
    assert d["text"][ev["trigger"]["start"]:ev["trigger"]["end"]] == "explosions"
    assert event_detail(store, ev["key"])["article_id"] == "b1"
    assert article_detail(store, "absent") is None


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_events_quotes_stories_as_jsonl(db, capsys):
    code, out, _ = run(capsys, "events", "--db", str(db), "--type", "disaster", "--format", "jsonl")
    assert code == 0 and [json.loads(l)["article_id"] for l in out.splitlines()] == ["b2", "b1"]
    code, out, _ = run(capsys, "quotes", "--db", str(db), "--speaker", "Diab", "--format", "table")
    assert code == 0 and "Beyrouth est une ville sinistrée" in out and "1 in all" in out
    code, out, _ = run(capsys, "stories", "--db", str(db), "--format", "jsonl")
    assert code == 0 and json.loads(out.splitlines()[0])["n_articles"] == 2
    code, _, err = run(capsys, "events", "--db", str(db), "--near", "nulle part")
    assert code == 2 and "LAT,LON" in err


def test_cli_show_highlights_spans_and_lists_story_claims(db, capsys):
    code, out, _ = run(capsys, "show", "b1", "--db", str(db), "--format", "table",
                       "--color", "never")
    assert code == 0 and "[[explosions]]{event}" in out and "[[78 morts]]{figure}" in out
    code, out, _ = run(capsys, "stories", "--db", str(db), "--format", "jsonl")
    story = json.loads(out.splitlines()[0])["id"]
    code, out, _ = run(capsys, "show", story, "--db", str(db), "--format", "table")
    assert code == 0 and "killed: 78 (ministère de la Santé, 5 août 2020) → 137" in out
    assert ", rising; latest 137" in out and "conflicting" not in out
    code, out, _ = run(capsys, "show", "b2", "--db", str(db))
    assert json.loads(out)["kind"] == "article"
    key = json.loads(run(capsys, "events", "--db", str(db), "--type", "armed_clash",
                         "--format", "jsonl")[1])["key"]
    code, out, _ = run(capsys, "show", key, "--db", str(db), "--format", "table",
                       "--color", "never")
    assert code == 0 and "[[combats]]{event}" in out and "actors: l'armée syrienne" in out
    code, _, err = run(capsys, "show", "nothing", "--db", str(db))
    assert code == 1 and "no article" in err


def test_cli_on_a_missing_store_says_so(tmp_path, capsys):
    code, _, err = run(capsys, "events", "--db", str(tmp_path / "absent.db"))
    assert code == 3 and "no such store" in err
    assert not (tmp_path / "absent.db").exists()


def test_cli_ingest_twice_adds_nothing_the_second_time(tmp_path, capsys, engine):
    src = tmp_path / "articles.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": t, "title": ti, "date": d},
                                        ensure_ascii=False) for i, d, ti, t in ARTICLES[:2])
                   + "\n{cassé\n", encoding="utf-8")
    db = tmp_path / "c.db"
    code, _, err = run(capsys, "ingest", str(src), "--db", str(db), "--no-progress")
    assert code == 1 and "read 3, new 2, duplicates 0, already stored 0, failed 1" in err
    code, _, err = run(capsys, "ingest", str(src), "--db", str(db), "--no-progress")
    assert "new 0" in err and "already stored 2" in err
    code, out, _ = run(capsys, "export", "--db", str(db), "--format", "jsonl", "--records")
    assert [json.loads(l)["id"] for l in out.splitlines()] == ["b1", "b2"]


# -- the query model: checked once, for the CLI, the API and the exports ------------------
def test_an_event_query_is_parsed_from_what_people_type():
    from depeche.query import EventQuery
    q = EventQuery.parse(type="disaster", country="lb", near="33.9,35.5", within_km="20",
                         date_from="2020-08-01", date_to="2020-08-31T12:00:00", actor="",
                         text=None, modality="asserted")
    assert q == EventQuery(type="disaster", country="LB", near=(33.9, 35.5), within_km=20.0,
                           date_from=date(2020, 8, 1), date_to=date(2020, 8, 31),
                           modality="asserted")
    assert hash(q) == hash(EventQuery.parse(**{**q.__dict__}))        # a cache key
    f = q.to_filter()
    assert (f.type, f.near, f.within_km, f.date_to) == ("disaster", (33.9, 35.5), 20.0,
                                                        date(2020, 8, 31))
    assert EventQuery.parse() == EventQuery() and EventQuery().within_km == 50.0
    with pytest.raises(TypeError):
        EventQuery.parse(colour="red")


@pytest.mark.parametrize("raw, words", [
    ({"type": "explosion"}, "unknown event type 'explosion'; known: armed_clash"),
    ({"modality": "certain"}, "unknown modality 'certain'; known: asserted"),
    ({"country": "Lbanon"}, "country 'Lbanon': no country by that name or code; did you "
                            "mean Liban (LB)?"),
    ({"country": "L1"}, "ISO 3166-1 alpha-2"),
    ({"near": "Beyrouth"}, "--near 'Beyrouth': give LAT,LON"),
    ({"near": "95,10"}, "latitude must be within ±90"),
    ({"near": (33.9, 190.0)}, "longitude ±180"),
    ({"within_km": "far"}, "--within 'far': give a distance in km"),
    ({"within_km": "-3"}, "--within must be a positive distance in km, not -3.0"),
    ({"within_km": "nan"}, "--within must be a positive distance"),
    ({"date_from": "5 août"}, "--from '5 août': give a day as YYYY-MM-DD"),
    ({"date_to": "2020-13-45"}, "--to '2020-13-45': give a day as YYYY-MM-DD"),
])
def test_a_bad_event_query_is_one_query_error_that_says_what_to_give(raw, words):
    from depeche.query import EventQuery
    with pytest.raises(QueryError) as err:
        EventQuery.parse(**raw)
    assert words in str(err.value) and err.value.status == 400


def test_paging_is_checked_once():
    from depeche.query import Paging
    p = Paging.parse("3", "20")
    assert (p.page, p.per_page, p.limit, p.offset) == (3, 20, 20, 40)
    assert Paging.parse(None, "") == Paging(1, 50)
    for page, per_page, words in (("abc", None, "page 'abc': give a whole number"),
                                  ("0", None, "page must be 1 or more, not 0"),
                                  (None, "100000", "per_page must be between 1 and 1000"),
                                  (None, "1.5", "per_page '1.5': give a whole number")):
        with pytest.raises(QueryError, match=words):
            Paging.parse(page, per_page)


def test_the_queries_take_an_event_query_or_its_filters(store):
    from depeche.query import EventQuery
    from depeche.queries import event_days
    q = EventQuery.parse(type="disaster")
    assert keys(events(store, q)) == keys(events(store, type="disaster")) == ["b2", "b1"]
    assert sum(d["count"] for d in event_days(store, q)) == 2
    with pytest.raises(TypeError):
        events(store, q, type="disaster")
    with pytest.raises(QueryError, match="min_articles must be 1 or more"):
        stories(store, min_articles=0)


def test_every_layer_has_its_spans_and_colours(store):
    from depeche.commands.corpus import ANSI_COLOURS
    from depeche.queries import _SPANS
    from depeche.records import LAYERS
    items = {layer.item for layer in LAYERS}
    assert set(_SPANS) == items and set(ANSI_COLOURS) == items
    d = article_detail(store, "b1")
    assert [k for k in d if k in {layer.name for layer in LAYERS}] == [l.name for l in LAYERS]


def test_cli_lists_refuse_what_the_api_refuses(db, capsys):
    code, _, err = run(capsys, "events", "--db", str(db), "--country", "Lbanon")
    assert code == 2 and "no country by that name or code; did you mean Liban (LB)?" in err
    code, _, err = run(capsys, "events", "--db", str(db), "--modality", "certain")
    assert code == 2 and "unknown modality 'certain'" in err
    code, _, err = run(capsys, "quotes", "--db", str(db), "--limit", "0")
    assert code == 2 and "per_page must be between 1 and 1000, not 0" in err
    code, _, err = run(capsys, "stories", "--db", str(db), "--min-articles", "0")
    assert code == 2 and "min_articles must be 1 or more" in err


def test_cli_export_takes_the_event_filters_of_the_lists(db, capsys, tmp_path):
    code, out, err = run(capsys, "export", "--db", str(db), "--format", "jsonl",
                         "--type", "disaster")
    assert code == 0 and sorted(json.loads(l)["article_id"] for l in out.splitlines()) == \
        ["b1", "b2"]
    assert "2 events exported (jsonl)" in err
    code, out, _ = run(capsys, "export", "--db", str(db), "--near", "36.2,37.1",
                       "--within", "20", "--actor", "armée")
    assert code == 0 and [json.loads(l)["article_id"] for l in out.splitlines()] == ["t1"]
    for argv, words in ((["--type", "explosion"], "unknown event type 'explosion'"),
                        (["--from", "5 août"], "--from '5 août': give a day as YYYY-MM-DD"),
                        (["--near", "95,10"], "latitude"),
                        (["--country", "Syrii"], "no country by that name or code; did "
                                                    "you mean Syrie (SY)?")):
        code, out, err = run(capsys, "export", "--db", str(db), *argv)
        assert (code, out) == (2, "") and words in err, argv
    # a country by its name is its code
    by_name = run(capsys, "export", "--db", str(db), "--country", "Syrie")[1]
    assert by_name and by_name == run(capsys, "export", "--db", str(db), "--country", "SY")[1]


# -- every value bounded before any SQL, whatever the door ------------------------------------
@pytest.mark.parametrize("raw, words", [
    ({"text": "\x00"}, "q (--text) holds a control character (U+0000)"),
    ({"text": "a" * 501}, "q (--text) is 501 characters long; give at most 500"),
    ({"text": " ".join(["mot"] * 33)}, "q (--text) has 33 words; give at most 32"),
    ({"actor": "a" * 201}, "actor is 201 characters long; give at most 200"),
    ({"actor": "Hassan\x85Diab"}, "control character (U+0085)"),
    ({"type": "x" * 10_000}, "type is 10000 characters long"),
    ({"near": "1" * 10_000}, "near is 10000 characters long"),
    ({"within_km": "20000.5", "near": "0,0"}, "--within must be at most 20000 km"),
    ({"within_km": "inf", "near": "0,0"}, "--within must be a positive distance"),
    ({"story_id": "s" * 301}, "story is 301 characters long; give at most 300"),
    ({"date_from": "2020-08-05\x00"}, "from holds a control character (U+0000)"),
])
def test_every_event_filter_is_bounded(raw, words):
    from depeche.query import EventQuery
    with pytest.raises(QueryError) as err:
        EventQuery.parse(**raw)
    assert words in str(err.value) and err.value.status == 400 and len(str(err.value)) < 300


def test_typed_queries_and_pages_are_bounded_too():
    from depeche.query import EventQuery, Paging
    with pytest.raises(QueryError, match="has 40 words"):
        EventQuery(text=" ".join(["a"] * 40))
    with pytest.raises(QueryError, match="control character"):
        EventQuery(actor="\x00")
    assert EventQuery(text=" ".join(["mot"] * 32), actor="a" * 200).text
    with pytest.raises(QueryError, match="page must be at most 100000, not a number of 31 "
                                         "digits"):
        Paging(page=10 ** 30)
    with pytest.raises(QueryError, match="page must be at most 100000, not a number of 23"):
        Paging.parse("99999999999999999999999")
    with pytest.raises(QueryError, match="per_page must be between 1 and 1000"):
        Paging.parse(None, "9" * 40)
    with pytest.raises(QueryError, match="page is 101 characters long; give at most 100"):
        Paging.parse("1" * 101)
    with pytest.raises(QueryError, match="give a whole number"):
        Paging.parse("١٢")                  # digits of another script are not a page
    assert Paging.parse("100000", "1000").offset == 99_999_000


def test_the_other_lists_are_bounded(store):
    with pytest.raises(QueryError, match="speaker is 201 characters long"):
        quotes(store, speaker="a" * 201)
    with pytest.raises(QueryError, match="control character"):
        quotes(store, text="guerre\x00")
    with pytest.raises(QueryError, match="has 33 words"):
        stories(store, text=" ".join(["mot"] * 33))
    with pytest.raises(QueryError, match="min_articles must be at most 10000"):
        stories(store, min_articles=10 ** 23)
    with pytest.raises(QueryError, match="article id is 301 characters long"):
        article_detail(store, "a" * 301)
    # the speaker is searched by its words (or their beginnings), any case or accent
    assert [q["speaker"] for q in quotes(store, speaker="emmanuel mac").items] == \
        ["Emmanuel Macron"]
    assert quotes(store, speaker="Diab").total == 1 and quotes(store, speaker="iab").total == 0


def test_the_command_line_refuses_what_the_api_refuses(db, capsys):
    code, out, err = run(capsys, "events", "--db", str(db), "--text", "mot " * 40)
    assert code == 2 and out == "" and "q (--text) has 40 words; give at most 32" in err
    code, _, err = run(capsys, "quotes", "--db", str(db), "--speaker", "a" * 300)
    assert code == 2 and "speaker is 300 characters long; give at most 200" in err
    code, _, err = run(capsys, "stories", "--db", str(db), "--min-articles",
                       "99999999999999999999999")
    assert code == 2 and "min_articles must be at most 10000" in err
    code, _, err = run(capsys, "events", "--db", str(db), "--page", "99999999999999999999999")
    assert code == 2 and "page must be at most 100000" in err and "Traceback" not in err
