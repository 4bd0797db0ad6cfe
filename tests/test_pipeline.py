"""Building and running the pipeline: requirements checked, articles processed purely."""
from __future__ import annotations

import json

import pytest

import depeche
from depeche.errors import ModelError, PipelineError
from depeche.pipeline import Engine, Pipeline, Resources, load_model
from depeche.stages import REGISTRY

TEXT = ("Plusieurs milliers d'habitants d'Alep, en Syrie, ont été évacués dans la nuit de "
        "jeudi à vendredi. 6.000 civils ont pu être évacués, dont 250 blessés, selon le "
        "gouvernement russe.")


def test_registry_holds_the_six_stages_with_declared_io():
    assert list(REGISTRY) == ["parse", "places", "times", "quotes", "figures", "events"]
    for name, stage in REGISTRY.items():
        assert stage.name == name and stage.provides and stage.requires
        assert isinstance(stage.provides, tuple) and isinstance(stage.requires, tuple)


def test_declared_dependencies_tell_the_truth(settings):
    """Figures read the quotes stage's speakers, events the places stage's main place:
    a pipeline that puts them first is refused."""
    assert "quote_spans" in REGISTRY["figures"].requires
    assert {"places", "main_place"} <= set(REGISTRY["events"].requires)
    resources = Resources(settings)
    with pytest.raises(PipelineError, match="figures.*requires quote_spans"):
        Pipeline([REGISTRY[n](settings[n], resources) for n in ("parse", "figures", "quotes")])
    with pytest.raises(PipelineError, match="events.*requires places, main_place"):
        Pipeline([REGISTRY[n](settings[n], resources)
                  for n in ("parse", "times", "quotes", "figures", "events", "places")])


def test_defaults_file_says_what_the_stages_declare():
    from depeche.settings import check_defaults, declared_options
    assert check_defaults() == []
    assert {o.key for o in declared_options()["figures"]} == {"vague", "others"}


def test_a_stage_refuses_an_unknown_or_mistyped_option(settings):
    from depeche.errors import SettingsError
    resources = Resources(settings)
    with pytest.raises(SettingsError, match="unknown key quotes.min_word;.*min_words"):
        REGISTRY["quotes"]({"min_word": 3}, resources)
    with pytest.raises(SettingsError, match="figures.vague must be a bool"):
        REGISTRY["figures"]({"vague": "yes"}, resources)
    assert REGISTRY["figures"]({"vague": True}, resources).vague is True


def test_documented_figures_vague_can_be_set():
    from depeche.settings import load_settings
    settings = load_settings(env={"DEPECHE_FIGURES__VAGUE": "true"})
    assert settings["figures"]["vague"] is True
    engine = Engine(settings)
    figures = [f for f in engine.analyze("Des dizaines de civils ont été tués à Alep.",
                                         published="2016-12-16").figures]
    assert any(f.approx and f.category == "killed" for f in figures)


def test_a_stage_before_its_requirement_is_refused(settings):
    resources = Resources(settings)
    with pytest.raises(PipelineError, match="requires doc"):
        Pipeline([REGISTRY["places"]({}, resources), REGISTRY["parse"]({}, resources)])


def test_unknown_stage_in_settings(settings):
    bad = {**settings, "pipeline": {**settings["pipeline"], "stages": ["parse", "sentiment"]}}
    with pytest.raises(PipelineError, match="unknown stage 'sentiment'"):
        Pipeline.from_settings(bad, Resources(settings))


def test_missing_model_says_how_to_install():
    with pytest.raises(ModelError, match="pip install fr-core-news-lg"):
        load_model("fr_core_news_lg")


def test_same_article_same_record_and_batch_equals_single(engine):
    a = engine.analyze(TEXT, id="t1", published="2016-12-16")
    b = engine.analyze(TEXT, id="t1", published="2016-12-16")
    assert a.to_json() == b.to_json()
    articles = [engine.prepare(TEXT, id=f"t{i}", published="2016-12-16") for i in range(3)]
    batch = list(engine.analyze_many(articles))
    assert [r.id for r in batch] == ["t0", "t1", "t2"]
    assert json.loads(batch[1].to_json()) == json.loads(a.to_json())


def test_public_api():
    assert set(depeche.__all__) >= {"analyze", "Record", "Engine", "InputError"}
    for name in depeche.__all__:
        assert getattr(depeche, name) is not None
    record = depeche.analyze(TEXT, published="2016-12-16")
    assert isinstance(record, depeche.Record) and record.article.lang == "fr"
    assert json.loads(record.to_json())["published"] == "2016-12-16"
    with pytest.raises(depeche.InputError):
        depeche.analyze("   ")


def test_other_language_is_skipped_not_analysed(engine):
    r = engine.analyze("The army said on Friday that six soldiers were killed in the attack.")
    assert r.article.lang == "en" and r.skipped == tuple(engine.pipeline.names)
    assert r.places == () and "not analysed" in r.warnings[0]


def test_small_model_through_settings(settings):
    small = {**settings, "parse": {**settings["parse"], "model": "fr_core_news_sm"}}
    engine = Engine(small)
    record = engine.analyze(TEXT, published="2016-12-16")
    assert record.article.lang == "fr"


def test_a_failing_stage_empties_its_layer_and_skips_its_dependents(settings):
    from depeche.pipeline import Stage

    class Broken(Stage):
        name, version, requires, provides = "places", 9, ("doc",), ("places",)

        def __call__(self, state):
            raise RuntimeError("gazetteer exploded")

    class NeedsPlaces(Stage):
        name, version, requires, provides = "events", 9, ("doc", "places"), ("events",)

        def __call__(self, state):
            return ("never",)

    resources = Resources(settings)
    pipeline = Pipeline([REGISTRY["parse"]({}, resources), Broken({}, resources),
                         REGISTRY["times"]({}, resources), NeedsPlaces({}, resources)])
    engine = Engine(settings, resources=resources)
    record = pipeline.run(engine.prepare(TEXT, published="2016-12-16"))
    assert record.places == () and record.events == ()
    assert record.skipped == ("places", "events")
    assert "places@9 failed" in record.warnings[0] and "gazetteer exploded" in record.warnings[0]
