"""One error tree. Each error has a stable `code`, a message that says what to do, and the
HTTP `status` the API answers it with (4xx: the request's to fix, 5xx: the server's)."""
from __future__ import annotations

__all__ = ["DepecheError", "InputError", "SettingsError", "PipelineError", "ModelError",
           "QueryError", "NotFoundError", "RequestError", "TooLargeError", "ForbiddenError",
           "UnavailableError"]


class DepecheError(Exception):
    """Base of every error depeche raises on purpose."""
    code = "E000"
    status = 500
    kind = "internal"       # what the CLI calls it: "store error: ...", never a number


    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        super().__init__(message)

    def __str__(self) -> str:
        msg = super().__str__()
        return f"{self.source}: {msg}" if self.source else msg

    def describe(self) -> str:
        """The message for a person at a terminal: "store error: the store ... is locked"."""
        msg = str(self)
        label = f"{self.kind} error"
        return msg if msg.startswith(label) else f"{label}: {msg}"


class InputError(DepecheError):
    """An input that cannot be read as an article: missing, empty, binary, undecodable."""
    code = "E100"
    kind = "input"
    status = 400


class SettingsError(DepecheError):
    """A settings file or value that is wrong."""
    code = "E200"
    kind = "settings"


class PipelineError(DepecheError):
    """Stages that do not fit together (a requirement nobody provides, an unknown stage)."""
    code = "E300"
    kind = "pipeline"


class ModelError(DepecheError):
    """A spaCy model that is not installed."""
    code = "E400"
    kind = "model"


# E500 is the store's (`depeche.store.StoreError`, status 500).


class QueryError(DepecheError, ValueError):
    """A query argument that cannot be used (unknown type, bad coordinates, bad date,
    unknown parameter or format)."""
    code = "E600"
    kind = "query"
    status = 400


class NotFoundError(DepecheError):
    """An article, event or story the store does not hold."""
    code = "E610"
    kind = "not found"
    status = 404


class RequestError(DepecheError):
    """A request body the API cannot use (not JSON, not UTF-8, unknown fields)."""
    code = "E700"
    kind = "request"
    status = 400


class TooLargeError(RequestError):
    """A request body over the server's limit."""
    code = "E710"
    kind = "request"
    status = 413


class ForbiddenError(RequestError):
    """A request this server is set up to refuse (an endpoint switched off)."""
    code = "E720"
    kind = "request"
    status = 403


class UnavailableError(DepecheError):
    """A request the server cannot take now (too many at once, or over its time limit);
    the same request may succeed later."""
    code = "E730"
    kind = "server busy"
    status = 503
