"""The times layer: French temporal expressions, their TIMEX3 values and date intervals."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import depeche
from depeche.errors import SettingsError
from depeche.lexicons import Lexicons
from depeche.stages.times import Timex, interval_of


@pytest.fixture(scope="module")
def times(analyze):
    """times(text, published) -> {surface text: Time} through the whole pipeline."""
    def run(text, published="2016-12-16"):
        record = analyze(text, published=published)
        for t in record.times:
            assert text[t.start:t.end] == t.text
            assert t.provenance.stage.startswith("times@") and t.provenance.rule
        return {t.text: t for t in record.times}
    return run


@pytest.fixture(scope="module")
def timex():
    return Timex(Lexicons("fr").get("times"))


def iv(t):
    return (t.interval.start.isoformat(), t.interval.end.isoformat()) if t.interval else None


def test_night_of_thursday_to_friday(times):
    found = times("6.000 civils ont pu être évacués dans la nuit de jeudi à vendredi, "
                  "dont 250 blessés, selon le gouvernement russe.")
    t = found["dans la nuit de jeudi à vendredi"]
    assert (t.value, t.type) == ("2016-12-15TNI", "TIME")
    assert iv(t) == ("2016-12-15", "2016-12-16")


def test_vague_past_intervals(times):
    found = times("Des barils d'explosifs largués il y a plusieurs semaines par les hélicoptères. "
                  "Aussi, depuis plusieurs jours, les forces progressent. "
                  "Ces dernières semaines les combats se sont intensifiés.")
    ago = found["il y a plusieurs semaines"]
    assert ago.value == "PXW"
    assert ago.interval.end < date(2016, 12, 16) and \
        (ago.interval.end - ago.interval.start).days >= 28
    since = found["plusieurs jours"]
    assert since.value == "PXD" and since.interval.end == date(2016, 12, 16)
    assert since.interval.start < date(2016, 12, 14)
    recent = found["Ces dernières semaines"]
    assert recent.type == "DURATION" and recent.interval.end == date(2016, 12, 16)


def test_weekday_follows_the_tense(times):
    past = times("Samedi, des milliers de manifestants ont défilé à Paris.")["Samedi"]
    future = times("Les syndicats manifesteront samedi à Paris.")["samedi"]
    assert past.value == "2016-12-10" and future.value == "2016-12-17"
    assert times("Le ministre est arrivé jeudi dernier.")["jeudi dernier"].value == "2016-12-15"
    same_day = times("Le gouvernement a déclaré vendredi que l'évacuation continuait.")
    assert same_day["vendredi"].value == "2016-12-16"


def test_deictics_and_parts_of_day(times):
    found = times("La police a interpellé douze personnes hier soir vers 22 h à Lyon.")
    assert found["hier soir"].value == "2016-12-15TEV"
    assert found["22 h"].value == "2016-12-15T22:00"
    assert "vers" not in found["22 h"].text
    found = times("Dimanche soir, des tirs ont été entendus.", published="2016-12-13")
    assert found["Dimanche soir"].value == "2016-12-11TEV"
    assert times("Le ministre se rendra demain à Alep.")["demain"].value == "2016-12-17"


def test_absolute_dates(times):
    found = times("L'accord signé le 15 décembre 2015 prévoit des élections fin 2019.")
    assert found["le 15 décembre 2015"].value == "2015-12-15"
    fin = found["fin 2019"]
    assert fin.value == "2019" and iv(fin) == ("2019-10-01", "2019-12-31")
    assert times("La trêve a été signée le 15/12/2016.")["15/12/2016"].value == "2016-12-15"
    mid = times("Les combats ont repris mi-décembre.")["mi-décembre"]
    assert mid.value == "2016-12" and iv(mid) == ("2016-12-11", "2016-12-20")
    assert times("Le conflit dure depuis 2011.")["2011"].value == "2011"


def test_year_of_day_without_year(times):
    # an article of early January speaks of the 21 December just past
    found = times("Elles ont été mises en examen le 21 décembre.", published="2002-01-03")
    assert found["le 21 décembre"].value == "2001-12-21"
    found = times("Il sera jugé le 7 novembre.", published="2002-09-07")
    assert found["le 7 novembre"].value == "2002-11-07"
    assert times("Le couvre-feu est en vigueur depuis le 3 juin.",
                 published="2020-06-08")["le 3 juin"].value == "2020-06-03"


def test_relative_periods(times):
    found = times("La semaine dernière, le ministre s'est rendu à Alep.")
    t = found["La semaine dernière"]
    assert t.value == "2016-W49" and iv(t) == ("2016-12-05", "2016-12-11")
    assert times("L'an dernier, la ville comptait 300 000 habitants.")["L'an dernier"].value \
        == "2015"
    ago = times("Il y a deux semaines, l'armée est entrée dans la ville.")["Il y a deux semaines"]
    assert (ago.value, ago.type) == ("2016-12-02", "DATE")
    assert times("Les secours arriveront dans trois jours.")["dans trois jours"].value \
        == "2016-12-19"


def test_durations_sets_and_ages(times):
    found = times("Les combats ont duré pendant trois jours.")
    assert ("trois jours" in found and found["trois jours"].value == "P3D"
            and found["trois jours"].interval is None)
    assert times("Le marché a lieu chaque lundi.")["chaque lundi"].value == "XXXX-WXX-1"
    assert times("Il a été condamné à dix ans de prison.")["dix ans"].value == "P10Y"
    assert times("Un homme de 45 ans a été tué.") == {}
    assert times("Pierre Monod, 97 ans, a entrepris une grève.") == {}
    assert times("Les cheminots partiront en retraite à 62 ans.") == {}
    night = times("Le vol a eu lieu dans la nuit du mercredi 14 au jeudi 15 décembre.")
    assert night["dans la nuit du mercredi 14 au jeudi 15 décembre"].value == "2016-12-14TNI"
    assert times("La circulation reprendra dans une demi-heure.")  # recognised at all
    assert times("Les Blazers reçoivent une seconde fois Portland.") == {}


def test_no_false_weekdays_or_summer(times):
    assert times("La maison a été détruite et la famille a été relogée.") == {}
    assert times("Ses proches me disent que je suis innocent.") == {}
    assert times("L'accord du Vendredi saint serait caduc.") == {}


def test_unanchored_article_still_recognises(times):
    found = times("Hier, l'armée a bombardé la ville pendant trois heures.", published=None)
    assert set(found) == {"Hier", "trois heures"}
    assert found["trois heures"].value == "PT3H"


def test_present_ref_and_today(times):
    # set apart by commas, "aujourd'hui" is the present of the story, not a day
    assert times("Aujourd'hui, la ville a changé de visage.")["Aujourd'hui"].value \
        == "PRESENT_REF"
    assert times("Le président effectuera aujourd'hui une visite à Toulouse.")[
        "aujourd'hui"].value == "2016-12-16"


def test_engine_without_parse(timex):
    items = timex.tag("Le 14 juillet 2020, à 10 h 30, le défilé a commencé.",
                      date(2020, 7, 15))
    values = [(t.text, t.value) for t in items]
    assert ("Le 14 juillet 2020", "2020-07-14") in values
    assert ("10 h 30", "2020-07-14T10:30") in values


def test_interval_of_values():
    assert interval_of("2016-W50-WE") == (date(2016, 12, 17), date(2016, 12, 18))
    assert interval_of("196X") == (date(1960, 1, 1), date(1969, 12, 31))
    assert interval_of("2016-12-15TNI") == (date(2016, 12, 15), date(2016, 12, 16))
    assert interval_of("P3D") is None


def test_seed_times_have_offsets_and_intervals(seed_record, seed_text):
    values = {t.text: t for t in seed_record.times}
    assert values["dans la nuit de jeudi à vendredi"].value == "2016-12-15TNI"
    for t in seed_record.times:
        assert seed_text[t.start:t.end] == t.text
    dated = [t for t in seed_record.times if t.type in ("DATE", "TIME")
             and t.value[:1].isdigit()]
    assert dated and all(t.interval is not None for t in dated)


def test_ages_and_durations_in_ranges_of_numbers_do_not_break_the_layer(analyze):
    """A range pattern ("67 ou 68 ans") has no modifier group: it must not crash the stage."""
    text = ("Le système donne une retraite prise en moyenne à 67 ou 68 ans. Les tortues "
            "n'atteignent leur maturité que vers 20 ou 30 ans et pondent tous les deux "
            "ou trois ans.")
    record = analyze(text, published="2019-12-05")
    assert record.skipped == () and not record.warnings
    for t in record.times:
        assert text[t.start:t.end] == t.text


def test_a_date_that_is_not_in_the_calendar_keeps_its_value_without_interval(analyze):
    """Typos such as "31 avril" happen in news copy: no interval, and no failed layer."""
    text = "L'attaque a eu lieu le 31 avril, selon la police. Les secours sont arrivés le 2 mai."
    record = analyze(text, published="2019-05-03")
    assert record.skipped == () and not record.warnings
    by_text = {t.text: t for t in record.times}
    april_31 = by_text["le 31 avril"]
    assert april_31.value.endswith("-04-31") and april_31.interval is None
    assert str(by_text["le 2 mai"].interval.start) == "2019-05-02"


def test_a_29_february_resolved_to_a_common_year_does_not_break_the_layer(analyze):
    """The year of "le 29 février" is inferred (here from the sentence's "2001"); when it is
    not a leap year the date has no interval, and the expressions after it are still tagged."""
    text = ("Le régime taliban, de 1996 à 2001, reste attaché à l'accord signé le 29 février "
            "à Doha avec Washington. Les négociations reprendront le 5 mars.")
    record = analyze(text, published="2020-06-28")
    assert record.skipped == () and not record.warnings
    assert any(t.text == "le 5 mars" and t.interval is not None for t in record.times)


def _lexicon_copy(tmp_path, edit):
    """A Lexicons over a copy of times.toml changed by `edit(text) -> text`."""
    text = (Path(depeche.__file__).parent / "lang" / "fr" / "times.toml").read_text("utf-8")
    (tmp_path / "times.toml").write_text(edit(text), encoding="utf-8")
    return Lexicons("fr", folder=tmp_path)


def test_a_misspelt_key_of_the_times_lexicon_is_an_error_naming_it(tmp_path):
    from depeche.stages.times import SCHEMA
    lexicons = _lexicon_copy(tmp_path, lambda t: t.replace("\nsame_parts =", "\nsame_part ="))
    with pytest.raises(SettingsError, match="relday.same_part"):
        lexicons.get("times", SCHEMA)


def test_a_rule_of_an_unknown_kind_is_an_error_naming_the_rule(tmp_path):
    lexicons = _lexicon_copy(tmp_path, lambda t: t.replace('kind = "clock.clock"',
                                                           'kind = "clock.clocks"', 1))
    with pytest.raises(SettingsError, match="time.clock.*clock.clocks"):
        Timex(lexicons.get("times"))


def test_every_rule_kind_has_its_normaliser_and_every_normaliser_a_rule(timex):
    from depeche.stages.times.engine import HANDLERS
    assert {rule.kind for rule in timex.lex.rules} == set(HANDLERS)


def test_the_tense_reader_reads_the_verb_forms_of_the_lexicon(analyze):
    """"serait", "pourrait" are conditionals (the model may say imperfect): "samedi" is
    the next one, though the last one is nearer the anchor (a Monday)."""
    for text in ("Le sommet serait reporté à samedi.",
                 "Le sommet pourrait avoir lieu samedi."):
        record = analyze(text, published="2016-12-19")
        assert [t.value for t in record.times] == ["2016-12-24"], text
    record = analyze("Le sommet avait eu lieu samedi.", published="2016-12-19")
    assert [t.value for t in record.times] == ["2016-12-17"]


def test_a_day_far_from_the_news_takes_the_year_written_with_its_month(times):
    # OrangeSum 29727 (2018-06-14): "le 8 janvier" after "janvier 2015" is of 2015
    found = times("Un homme a été interpellé mardi dans le cadre d'une commission rogatoire "
                  "du juge qui enquête sur les attentats parisiens de janvier 2015. Celui-ci "
                  "avait tué une policière municipale à Montrouge, le 8 janvier, au lendemain "
                  "de l'attentat de Charlie Hebdo perpétré par les frères Kouachi, puis abattu "
                  "quatre personnes à l'épicerie juive Hyper Cacher de la porte de Vincennes, "
                  "le 9 janvier.", published="2018-06-14")
    assert found["mardi"].value == "2018-06-12"
    assert found["le 8 janvier"].value == "2015-01-08"
    assert found["lendemain"].value == "2015-01-09"
    assert found["le 9 janvier"].value == "2015-01-09"


def test_a_day_of_the_news_keeps_the_year_of_the_news(times):
    # OrangeSum 27472 (2019-01-07): "le 8 janvier" is one day from the anchor, so the
    # times layer keeps 2019 even after "janvier 2015" (the event layer re-dates a
    # killing told in the past)
    found = times("Plusieurs cérémonies se sont tenues lundi pour leur rendre hommage ainsi "
                  "qu'aux cinq morts des attaques survenues début janvier 2015. Deux "
                  "cérémonies sont également prévues mardi en hommage à Clarissa "
                  "Jean-Philippe, policière municipale tuée à Montrouge le 8 janvier par "
                  "Amédy Coulibaly.", published="2019-01-07")
    assert found["début janvier 2015"].value == "2015-01"
    assert found["le 8 janvier"].value == "2019-01-08"
