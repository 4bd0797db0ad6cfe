"""Settings: shipped defaults, a user file over them, then the environment."""
from __future__ import annotations

import pytest

from depeche.errors import SettingsError
from depeche.settings import load_settings


def test_defaults_name_the_pipeline_and_model():
    s = load_settings(env={})
    assert s["pipeline"]["stages"] == ["parse", "places", "times", "quotes", "figures", "events"]
    assert s["parse"]["model"] == "fr_core_news_md"


def test_user_file_then_environment_override(tmp_path):
    f = tmp_path / "settings.toml"
    f.write_text('[parse]\nmodel = "fr_core_news_sm"\nbatch_size = 4\n')
    s = load_settings(f, env={})
    assert s["parse"]["model"] == "fr_core_news_sm" and s["parse"]["batch_size"] == 4
    s = load_settings(f, env={"DEPECHE_PARSE__BATCH_SIZE": "32", "DEPECHE_CONFIG": "/nope"})
    assert s["parse"]["batch_size"] == 32
    s = load_settings(env={"DEPECHE_CONFIG": str(f)})
    assert s["parse"]["model"] == "fr_core_news_sm"


@pytest.mark.parametrize("content, message", [
    ('[parse]\nmodle = "x"\n', "unknown key parse.modle"),
    ('[parsing]\nmodel = "x"\n', "unknown section [parsing]"),
    ('[parse]\nbatch_size = "big"\n', "parse.batch_size must be a int"),
    ('[parse\nmodel = "x"\n', "not a valid TOML file"),
])
def test_bad_settings_files_are_named_with_the_problem(tmp_path, content, message):
    f = tmp_path / "bad.toml"
    f.write_text(content)
    with pytest.raises(SettingsError) as err:
        load_settings(f, env={})
    assert message in str(err.value) and str(f) in str(err.value)


def test_missing_settings_file_and_bad_env_value(tmp_path):
    with pytest.raises(SettingsError, match="not found"):
        load_settings(tmp_path / "none.toml", env={})
    with pytest.raises(SettingsError, match="DEPECHE_PARSE__BATCH_SIZE"):
        load_settings(env={"DEPECHE_PARSE__BATCH_SIZE": "many"})
