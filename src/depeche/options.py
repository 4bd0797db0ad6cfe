"""`Option`: one declared setting (key, default, help, allowed values).

Stages declare theirs in `Stage.options`, the engine its own in `settings.ENGINE_OPTIONS`;
this module depends on nothing else of depeche, so anything may import it cheaply."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import SettingsError

__all__ = ["Option"]


@dataclass(frozen=True)
class Option:
    """One setting of a stage: its key, default, help text, and allowed values if few."""
    key: str
    default: Any
    help: str
    choices: tuple[Any, ...] | None = None

    @property
    def type(self) -> type:
        return type(self.default)

    def check(self, value: Any, section: str) -> Any:
        """`value` coerced to this option's type, or a SettingsError naming the key."""
        expected = self.type
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise SettingsError(f"{section}.{self.key} must be a {expected.__name__}, "
                                f"not {value!r} ({self.help})")
        if self.choices is not None and value not in self.choices:
            raise SettingsError(f"{section}.{self.key} must be one of "
                                f"{', '.join(map(repr, self.choices))}, not {value!r}")
        return value
