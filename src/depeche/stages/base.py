"""What every stage is made of: `Stage`, its `Option`s, the `ArticleState` it reads and
writes, the `Resources` it shares, and the `Verdict` its rules return.

A stage is a small class with a `name`, a `version`, the layers it `requires` and the
layers it `provides` (names in the `ArticleState`), and the `options` it reads from its
settings section (each with a default, a type and a help text: `defaults.toml` is checked
against them and `depeche settings` prints them). It is built once from its settings
section and the shared `Resources` (model, gazetteer, lexicons, loaded once per
process), then called on one article at a time: `stage(state)` returns its layer (or,
for a stage that provides several, a dict of them by name). A stage keeps no state
between articles, so the same pipeline runs in a loop, in a web request or on a
distributed worker.

This module imports nothing of the stages nor of the pipeline: the pipeline and every
stage import it, never the other way round.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Mapping, NamedTuple, TypeVar

from ..errors import ModelError, SettingsError
from ..options import Option
from ..records import Article

__all__ = ["Stage", "Option", "ArticleState", "Resources", "Verdict", "load_model"]

T = TypeVar("T")


class Verdict(NamedTuple, Generic[T]):
    """What a rule decides, and the id of the rule that decided it (the provenance rule)."""
    value: T
    rule: str


@dataclass
class ArticleState:
    """What the stages know about one article so far: `layers[name]` is a stage's output.

    The spaCy `Doc` lives in `layers["doc"]` and never leaves the pipeline."""
    article: Article
    layers: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> Any:
        return self.layers[name]

    @property
    def text(self) -> str:
        return self.article.text


class Stage:
    """Base of the stages. Subclasses set the class attributes and `__call__`."""
    name: ClassVar[str] = ""
    version: ClassVar[int] = 1
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ()
    options: ClassVar[tuple[Option, ...]] = ()

    def __init__(self, settings: Mapping[str, Any], resources: "Resources"):
        declared = {o.key: o for o in self.options}
        unknown = sorted(set(settings) - set(declared))
        if unknown:
            raise SettingsError(f"unknown key {self.name}.{unknown[0]}; the {self.name} stage "
                                f"reads: {', '.join(declared) or '(no settings)'}")
        self.settings = {key: o.check(settings[key], self.name) if key in settings else o.default
                         for key, o in declared.items()}
        self.resources = resources

    @property
    def label(self) -> str:
        """`name@version`, as written in every provenance this stage gives."""
        return f"{self.name}@{self.version}"

    def __call__(self, state: ArticleState) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<stage {self.label} {self.requires} -> {self.provides}>"


class Resources:
    """Heavy things loaded once per process and handed to the stages.

    Each is loaded on first use; tests may pass their own (a small gazetteer, say)."""

    def __init__(self, settings: Mapping[str, Any], *, nlp: Any = None, gazetteer: Any = None,
                 lexicons: Any = None):
        self.settings = settings
        self._nlp = nlp
        self._gazetteer = gazetteer
        self._lexicons = lexicons

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_model(self.settings["parse"]["model"])
        return self._nlp

    @property
    def gazetteer(self):
        if self._gazetteer is None:
            from ..gazetteer import Gazetteer
            self._gazetteer = Gazetteer.open(self.settings["places"].get("gazetteer_path") or None)
        return self._gazetteer

    @property
    def lexicons(self):
        if self._lexicons is None:
            from ..lexicons import Lexicons
            # one language per engine: the first analysed language's lexicons
            self._lexicons = Lexicons(self.settings["pipeline"]["languages"][0])
        return self._lexicons


@functools.lru_cache(maxsize=4)
def load_model(name: str):
    """Load an installed spaCy model once per process (never downloads)."""
    import spacy
    try:
        return spacy.load(name)
    except OSError:
        raise ModelError(f"the spaCy model {name!r} is not installed; install it with "
                         f"`pip install {name.replace('_', '-')}` (depeche never downloads "
                         f"models at run time)") from None
