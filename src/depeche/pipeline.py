"""Building and running stages.

A stage is a small class with a `name`, a `version`, what it `requires` and what it
`provides` (names of layers of the `ArticleState`). It is built once from its settings
section and the shared `Resources` (model, gazetteer, lexicons, loaded once per
process), then called on one article at a time: `stage(state) -> value`. A stage keeps
no state between articles, so the same `Pipeline.run` works in a loop, in a web
request or on a distributed worker.

    engine = Engine()                  # settings from defaults + user file + env
    record = engine.analyze("Texte…", published="2016-12-16")
    for record in engine.analyze_many(articles): ...
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, ClassVar, Iterable, Iterator, Mapping

from . import __version__
from .errors import ModelError, PipelineError
from .records import Article, Record
from .settings import Settings, load_settings

__all__ = ["Stage", "ArticleState", "Resources", "Pipeline", "Engine"]

log = logging.getLogger("depeche.pipeline")


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
    provides: ClassVar[str] = ""

    def __init__(self, settings: Mapping[str, Any], resources: "Resources"):
        self.settings = dict(settings)
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

    def __init__(self, settings: Settings, *, nlp: Any = None, gazetteer: Any = None,
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
            from .gazetteer import Gazetteer
            self._gazetteer = Gazetteer.open(self.settings["places"].get("gazetteer_path") or None)
        return self._gazetteer

    @property
    def lexicons(self):
        if self._lexicons is None:
            from .lexicons import Lexicons
            self._lexicons = Lexicons("fr")
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


class Pipeline:
    """Stages in order, checked so that each requirement is provided before it is needed."""

    def __init__(self, stages: Iterable[Stage]):
        self.stages = list(stages)
        have = {"article"}
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in have]
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage "
                    f"provides; put the stage that provides it before {stage.name!r} in "
                    f"[pipeline] stages")
            have.add(stage.provides)
        self.provides = have

    @classmethod
    def from_settings(cls, settings: Settings, resources: Resources) -> "Pipeline":
        from .stages import REGISTRY
        stages = []
        for name in settings["pipeline"]["stages"]:
            if name not in REGISTRY:
                raise PipelineError(f"unknown stage {name!r} in [pipeline] stages; known: "
                                    f"{', '.join(REGISTRY)}")
            stages.append(REGISTRY[name](settings.get(name, {}), resources))
        return cls(stages)

    def run(self, article: Article, *, doc: Any = None) -> Record:
        """The pure per-article function: one article in, its record out."""
        state = ArticleState(article)
        if doc is not None:
            state.layers["doc"] = doc
        failed: set[str] = set()
        skipped: list[str] = []
        for stage in self.stages:
            if stage.provides in state.layers:
                continue
            if failed.intersection(stage.requires):
                failed.add(stage.provides)
                skipped.append(stage.name)
                continue
            try:
                state.layers[stage.provides] = stage(state)
            except Exception as exc:  # one article's failure must not stop a batch
                log.exception("stage %s failed on article %s", stage.label, article.id)
                failed.add(stage.provides)
                skipped.append(stage.name)
                state.warnings.append(f"stage {stage.label} failed on this article "
                                      f"({type(exc).__name__}: {exc}); its layer is empty")
        return Record(article=article,
                      places=tuple(state.layers.get("places", ())),
                      figures=tuple(state.layers.get("figures", ())),
                      quotes=tuple(state.layers.get("quotes", ())),
                      times=tuple(state.layers.get("times", ())),
                      events=tuple(state.layers.get("events", ())),
                      skipped=tuple(skipped),
                      warnings=tuple(state.warnings),
                      engine=f"depeche {__version__}")

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]


class Engine:
    """Settings, resources and pipeline together: the object behind `depeche.analyze`."""

    def __init__(self, settings: Settings | None = None, *, resources: Resources | None = None):
        self.settings = settings if settings is not None else load_settings()
        self.resources = resources or Resources(self.settings)
        self.pipeline = Pipeline.from_settings(self.settings, self.resources)
        self.languages = tuple(self.settings["pipeline"]["languages"])

    def prepare(self, text: str, *, id: str | None = None, title: str | None = None,
                published: date | str | None = None, lang: str | None = None,
                source: str | None = None, url: str | None = None) -> Article:
        from .articles import make_article
        return make_article(text, id=id, title=title, published=published, lang=lang,
                            source=source, url=url, settings=self.settings)

    def analyze(self, text: str, **meta) -> Record:
        return self.analyze_article(self.prepare(text, **meta))

    def _skip(self, article: Article) -> Record | None:
        if article.lang in self.languages:
            return None
        return Record(article=article, skipped=tuple(self.pipeline.names),
                      warnings=(f"language {article.lang or 'unknown'!r} is not analysed "
                                f"(analysed: {', '.join(self.languages)}); every layer was "
                                f"skipped",),
                      engine=f"depeche {__version__}")

    def analyze_article(self, article: Article) -> Record:
        return self._skip(article) or self.pipeline.run(article)

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Record]:
        """Records in input order; texts are parsed in batches (nlp.pipe) for speed."""
        batch_size = int(self.settings["parse"]["batch_size"])
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article]) -> Iterator[Record]:
        todo = [a for a in batch if self._skip(a) is None]
        docs = {}
        if todo and "parse" in self.pipeline.names:
            parse = next(s for s in self.pipeline.stages if s.name == "parse")
            for article, doc in zip(todo, parse.pipe([a.text for a in todo])):
                docs[id(article)] = doc
        for article in batch:
            yield self._skip(article) or self.pipeline.run(article, doc=docs.get(id(article)))
