"""Settings: the shipped `defaults.toml`, then a user file, then the environment.

    settings = load_settings()                      # defaults + user file + env
    settings = load_settings("my.toml", env={})     # a given file, no environment
    settings["parse"]["model"]

Every key is declared once, with its default, type and help: the engine's own sections
in `ENGINE_OPTIONS` here, each stage's in its `options` (`stages/base.py`).
`defaults.toml` must say the same (`check_defaults`, run by the tests), and
`depeche settings` prints them all.
"""
from __future__ import annotations

import copy
import json
import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from .errors import SettingsError
from .options import Option

__all__ = ["load_settings", "user_settings_path", "Settings", "ENGINE_OPTIONS",
           "declared_options", "check_defaults"]

Settings = dict[str, dict[str, Any]]
ENV_PREFIX = "DEPECHE_"


# The sections that belong to no stage.
ENGINE_OPTIONS: dict[str, tuple[Option, ...]] = {
    "pipeline": (
        Option("stages", ["parse", "places", "times", "quotes", "figures", "events"],
               "the stages run, in this order; each must come after those it requires"),
        Option("languages", ["fr"], "languages analysed; an article in another gets a "
                                    "record that says which layers were skipped"),
    ),
    "input": (
        Option("max_chars", 200000, "longer texts are cut at this many characters, with a "
                                    "warning in the record"),
        Option("min_chars", 1, "shorter texts (after stripping) are refused as empty"),
    ),
}


def declared_options() -> dict[str, tuple[Option, ...]]:
    """Every section's declared options: the engine's, then each registered stage's."""
    from .stages import REGISTRY
    out = dict(ENGINE_OPTIONS)
    for name, stage in REGISTRY.items():
        out[name] = stage.options
    return out


def check_defaults() -> list[str]:
    """Where `defaults.toml` and the declared options disagree (empty: they agree)."""
    shipped, declared = _defaults(), declared_options()
    problems = [f"[{s}] is in defaults.toml but nothing declares it"
                for s in shipped if s not in declared]
    for section, options in declared.items():
        values = shipped.get(section)
        if values is None:
            problems.append(f"[{section}] is declared but missing from defaults.toml")
            continue
        keys = {o.key for o in options}
        problems += [f"{section}.{k} is in defaults.toml but not declared"
                     for k in values if k not in keys]
        for o in options:
            if o.key not in values:
                problems.append(f"{section}.{o.key} is declared but missing from defaults.toml")
            elif values[o.key] != o.default:
                problems.append(f"{section}.{o.key}: defaults.toml says {values[o.key]!r}, "
                                f"the declaration {o.default!r}")
    return problems


def user_settings_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "depeche" / "settings.toml"


def _defaults() -> Settings:
    text = resources.files("depeche").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _merge(base: Settings, override: Mapping[str, Any], origin: str) -> None:
    for section, values in override.items():
        if section not in base:
            raise SettingsError(f"unknown section [{section}]; known: "
                                f"{', '.join(sorted(base))}", source=origin)
        if not isinstance(values, Mapping):
            raise SettingsError(f"[{section}] must be a table of keys", source=origin)
        for key, value in values.items():
            if key not in base[section]:
                known = ", ".join(sorted(base[section])) or "(none)"
                raise SettingsError(f"unknown key {section}.{key}; known: {known}",
                                    source=origin)
            expected = type(base[section][key])
            if expected is float and isinstance(value, int):
                value = float(value)
            if not isinstance(value, expected):
                raise SettingsError(f"{section}.{key} must be a {expected.__name__}, "
                                    f"not {value!r}", source=origin)
            base[section][key] = value


def _from_env(base: Settings, env: Mapping[str, str]) -> dict:
    out: dict[str, dict[str, Any]] = {}
    for name, raw in env.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        section, _, key = name[len(ENV_PREFIX):].lower().partition("__")
        if section not in base or key not in base[section]:
            continue
        expected = type(base[section][key])
        if expected is str:
            value: Any = raw
        else:
            try:
                value = json.loads(raw)
            except json.JSONDecodeError:
                raise SettingsError(f"{name}={raw!r} is not a valid {expected.__name__}",
                                    source="environment") from None
        out.setdefault(section, {})[key] = value
    return out


def load_settings(path: str | Path | None = None, *, env: Mapping[str, str] | None = None,
                  overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Settings:
    """Shipped defaults, then `path` (or $DEPECHE_CONFIG, or the user file if it exists),
    then `DEPECHE_SECTION__KEY` variables of `env` (os.environ by default), then `overrides`."""
    settings = copy.deepcopy(_defaults())
    env = os.environ if env is None else env
    if path is None:
        path = env.get("DEPECHE_CONFIG") or None
        if path is None and user_settings_path().is_file():
            path = user_settings_path()
    if path is not None:
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SettingsError("settings file not found", source=str(p)) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"not a valid TOML file: {exc}", source=str(p)) from None
        _merge(settings, data, str(p))
    _merge(settings, _from_env(settings, env), "environment")
    if overrides:
        _merge(settings, overrides, "overrides")
    return settings
