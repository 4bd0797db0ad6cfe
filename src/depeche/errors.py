"""One error tree. Each error has a stable `code` and a message that says what to do."""
from __future__ import annotations

__all__ = ["DepecheError", "InputError", "SettingsError", "PipelineError", "ModelError"]


class DepecheError(Exception):
    """Base of every error depeche raises on purpose."""
    code = "E000"

    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        super().__init__(message)

    def __str__(self) -> str:
        msg = super().__str__()
        return f"{self.source}: {msg}" if self.source else msg


class InputError(DepecheError):
    """An input that cannot be read as an article: missing, empty, binary, undecodable."""
    code = "E100"


class SettingsError(DepecheError):
    """A settings file or value that is wrong."""
    code = "E200"


class PipelineError(DepecheError):
    """Stages that do not fit together (a requirement nobody provides, an unknown stage)."""
    code = "E300"


class ModelError(DepecheError):
    """A spaCy model that is not installed."""
    code = "E400"
