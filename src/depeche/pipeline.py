"""Building and running stages (what a stage is: `stages/base.py`).

The pipeline is the stages named in `[pipeline] stages`, in that order, checked so that
each requirement is provided by an earlier stage. `Pipeline.run` is the pure per-article
function; `Engine` holds settings, resources and pipeline together.

The stages read the title and the body as one text, the title first (`headline.join`);
the last step maps every span back to the field it lies in, "title" or "text"
(`headline.Joined.restore`), so that a record's offsets point into its own article.

    engine = Engine()                  # settings from defaults + user file + env
    record = engine.analyze("Texte…", published="2016-12-16")
    for record in engine.analyze_many(articles): ...
"""
from __future__ import annotations

import logging
from datetime import date
from typing import Any, Iterable, Iterator

from . import __version__
from .errors import PipelineError
from .headline import join
from .records import LAYER_FIELDS, Article, Record
from .settings import Settings, load_settings
from .stages import REGISTRY
from .stages.base import ArticleState, Resources, Stage, load_model
from .stages.parse import ParseStage

__all__ = ["Stage", "ArticleState", "Resources", "Pipeline", "Engine", "load_model"]

log = logging.getLogger("depeche.pipeline")


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
            have.update(stage.provides)
        self.provides = have

    @classmethod
    def from_settings(cls, settings: Settings, resources: Resources) -> "Pipeline":
        stages = []
        for name in settings["pipeline"]["stages"]:
            if name not in REGISTRY:
                raise PipelineError(f"unknown stage {name!r} in [pipeline] stages; known: "
                                    f"{', '.join(REGISTRY)}")
            stages.append(REGISTRY[name](settings.get(name, {}), resources))
        return cls(stages)

    def run(self, article: Article, *, doc: Any = None) -> Record:
        """The pure per-article function: one article in, its record out. The stages read
        the article with its title joined to its body (`doc`, when given, is the parse of
        that joined text: `joined_text`)."""
        joined = join(article)
        state = ArticleState(joined.article)
        if doc is not None:
            state.layers["doc"] = doc
        failed: set[str] = set()
        skipped: list[str] = []
        for stage in self.stages:
            if all(p in state.layers for p in stage.provides):
                continue
            if failed.intersection(stage.requires):
                failed.update(stage.provides)
                skipped.append(stage.name)
                continue
            try:
                state.layers.update(_provided(stage, stage(state)))
            except Exception as exc:  # one article's failure must not stop a batch
                log.exception("stage %s failed on article %s", stage.label, article.id)
                failed.update(stage.provides)
                skipped.append(stage.name)
                state.warnings.append(f"stage {stage.label} failed on this article "
                                      f"({type(exc).__name__}: {exc}); its layer is empty")
        layers = {name: tuple(state.layers.get(name, ())) for name in LAYER_FIELDS}
        return joined.restore(Record(article=joined.article, **layers,
                                     skipped=tuple(skipped),
                                     warnings=tuple(state.warnings),
                                     engine=f"depeche {__version__}"))

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]


def joined_text(article: Article) -> str:
    """The text the stages read for `article`: its title, a blank line, its body."""
    return join(article).article.text


def _provided(stage: Stage, value: Any) -> dict[str, Any]:
    """A stage's return value as {layer: value}: the value itself when it provides one
    layer, else the dict of the layers it provides (all of them, no other)."""
    if len(stage.provides) == 1:
        return {stage.provides[0]: value}
    if not isinstance(value, dict) or set(value) != set(stage.provides):
        raise PipelineError(f"stage {stage.name!r} must return a dict of "
                            f"{', '.join(stage.provides)}")
    return value


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
        parse = next((s for s in self.pipeline.stages if isinstance(s, ParseStage)), None)
        if todo and parse is not None:
            for article, doc in zip(todo, parse.pipe([joined_text(a) for a in todo])):
                docs[id(article)] = doc
        for article in batch:
            yield self._skip(article) or self.pipeline.run(article, doc=docs.get(id(article)))
