"""Lexicons and patterns kept as data files: `lang/<lang>/<name>.toml`.

Each file says where its entries came from (a `[meta]` table with `source`). Files are
read once per `Lexicons` object, on first use; a test can build a `Lexicons` over its
own folder."""
from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import SettingsError

__all__ = ["Lexicons"]


class Lexicons:
    def __init__(self, lang: str = "fr", folder: str | Path | None = None):
        self.lang = lang
        self._folder = Path(folder) if folder else None
        self._cache: dict[str, dict[str, Any]] = {}

    def _read(self, name: str) -> str:
        if self._folder is not None:
            return (self._folder / f"{name}.toml").read_text(encoding="utf-8")
        return resources.files("depeche").joinpath(f"lang/{self.lang}/{name}.toml").read_text(
            encoding="utf-8")

    def get(self, name: str) -> dict[str, Any]:
        """The parsed TOML file `name` (without `.toml`)."""
        if name not in self._cache:
            try:
                self._cache[name] = tomllib.loads(self._read(name))
            except FileNotFoundError:
                raise SettingsError(f"no lexicon {name!r} for language {self.lang!r}") from None
            except tomllib.TOMLDecodeError as exc:
                raise SettingsError(f"lexicon {name!r} is not valid TOML: {exc}") from None
        return self._cache[name]

    def __getitem__(self, name: str) -> dict[str, Any]:
        return self.get(name)
