"""The `depeche` command, run in-process."""
from __future__ import annotations

import json

import pytest

from conftest import SEED
from depeche.cli import main

FR = ("Six personnes ont été blessées vendredi lors d'une attaque au couteau dans la gare de "
      "Düsseldorf, a annoncé la police allemande.")
EN = ("Six people were injured on Friday in a knife attack at Düsseldorf station, the German "
      "police said.")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_teaches(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "depeche analyze" in out and "examples:" in out
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    out = capsys.readouterr().out
    assert "FILE.jsonl" in out and "exit status" in out


def test_no_command_prints_help(capsys):
    code, out, _ = run(capsys)
    assert code == 2 and "COMMAND" in out


def test_analyze_seed_as_jsonl(capsys):
    code, out, err = run(capsys, "analyze", str(SEED), "--published", "2016-12-16", "-f", "jsonl")
    assert code == 0
    [line] = out.splitlines()
    rec = json.loads(line)
    assert rec["published"] == "2016-12-16" and rec["lang"] == "fr"
    assert set(rec) >= {"places", "figures", "quotes", "events", "times"}


def test_batch_goes_on_after_bad_inputs_and_exit_says_so(capsys, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(FR, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    english = tmp_path / "english.txt"
    english.write_text(EN, encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(tmp_path / "missing.txt"), str(empty), str(good),
                         str(english), "-f", "jsonl", "--no-progress")
    assert code == 1
    assert "missing.txt: no such file" in err and "empty.txt: empty" in err
    assert "2 of 4 inputs failed" in err
    records = [json.loads(l) for l in out.splitlines()]
    assert [r["url"].rsplit("/", 1)[-1] for r in records] == ["good.txt", "english.txt"]
    assert records[0]["skipped"] == []
    assert records[1]["lang"] == "en" and "places" in records[1]["skipped"]
    assert "not analysed" in records[1]["warnings"][0]
    assert "english.txt" not in err or "note" in err


def test_text_fiche_and_json(capsys, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(FR, encoding="utf-8")
    code, out, _ = run(capsys, "analyze", str(good), "-f", "text", "--published", "2017-03-10")
    assert code == 0 and "Places (" in out and "Figures (" in out and "published 2017-03-10" in out
    code, out, _ = run(capsys, "analyze", str(good), "-f", "json")
    assert code == 0 and json.loads(out)["lang"] == "fr"


def test_bad_published_date_is_a_usage_error(capsys, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(FR, encoding="utf-8")
    code, _, err = run(capsys, "analyze", str(good), "--published", "10/03/2017")
    assert code == 2 and "--published" in err and "YYYY-MM-DD" in err


def test_bad_settings_file_is_reported(capsys, tmp_path):
    conf = tmp_path / "s.toml"
    conf.write_text("[parse]\nmodle = 1\n")
    good = tmp_path / "good.txt"
    good.write_text(FR, encoding="utf-8")
    code, _, err = run(capsys, "--config", str(conf), "analyze", str(good))
    assert code == 3 and "unknown key parse.modle" in err and "settings error" in err


def test_output_file(capsys, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(FR, encoding="utf-8")
    target = tmp_path / "out.jsonl"
    code, out, _ = run(capsys, "analyze", str(good), "-f", "jsonl", "-o", str(target))
    assert code == 0 and out == "" and json.loads(target.read_text())["lang"] == "fr"


def test_events_and_export_take_the_same_filters(capsys):
    from depeche.query import EVENT_PARAMS
    helps = {}
    for command in ("events", "export"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        helps[command] = capsys.readouterr().out
    for param in EVENT_PARAMS:
        assert param.cli in helps["events"] and param.cli in helps["export"], param.cli
