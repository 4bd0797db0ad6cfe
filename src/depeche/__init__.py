"""depeche: structured, geolocated, source-attributed records from French crisis news.

    >>> import depeche
    >>> record = depeche.analyze(text, published="2016-12-16")
    >>> print(record.to_json(indent=1))
"""
from __future__ import annotations

__version__ = "0.1.0"

import functools
from datetime import date

from .errors import DepecheError, InputError, ModelError, PipelineError, SettingsError
from .records import (Article, DateInterval, Event, Figure, Mention, Place, Provenance, Quote,
                      Record, Time)

__all__ = ["analyze", "Engine", "Record", "Article", "Place", "Figure", "Quote", "Time",
           "Event", "Mention", "Provenance", "DateInterval", "DepecheError", "InputError",
           "SettingsError", "PipelineError", "ModelError", "load_settings", "__version__"]


def load_settings(*args, **kwargs):
    from .settings import load_settings as _load
    return _load(*args, **kwargs)


def __getattr__(name):
    if name == "Engine":
        from .pipeline import Engine
        return Engine
    raise AttributeError(name)


@functools.lru_cache(maxsize=1)
def _default_engine():
    from .pipeline import Engine
    return Engine()


def analyze(text: str, *, title: str | None = None, published: date | str | None = None,
            lang: str | None = None) -> Record:
    """The record of one article text (French), its relative dates anchored on `published`.

    Loads the spaCy model and gazetteer once per process. Raises InputError for an empty
    text; a text in another language gives a record whose `skipped` lists every layer."""
    return _default_engine().analyze(text, title=title, published=published, lang=lang)
