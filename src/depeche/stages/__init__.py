"""The stages, registered explicitly here (no import-time magic elsewhere).

A stage's module holds its class; `REGISTRY` maps the names used in `[pipeline] stages`
of the settings to those classes."""
from __future__ import annotations

from .parse import ParseStage
from .places import PlacesStage
from .times import TimesStage
from .quotes import QuotesStage
from .figures import FiguresStage
from .events import EventsStage

REGISTRY = {stage.name: stage for stage in
            (ParseStage, PlacesStage, TimesStage, QuotesStage, FiguresStage, EventsStage)}

__all__ = ["REGISTRY"]
