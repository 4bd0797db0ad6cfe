"""The events stage: triggers of each sentence -> drafts -> merged events."""
from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from ...doctext import text_of
from ...errors import SettingsError
from ...headline import SEPARATOR
from ...records import EVENT_TYPE_TABLE, Event
from ..base import ArticleState, Option, Stage
from .context import ArticleContext, quoted_spans, split_sentences
from .dates import story_date
from .drafts import Draft, drafts_of, event_of
from .lexicon import MODALITY_SCHEMA, TRIGGERS_SCHEMA, ModalityCues, TriggerLexicon
from .merge import merge
from .places import on_scene
from .triggers import article_triggers

__all__ = ["EventsStage"]


class EventsStage(Stage):
    name = "events"
    version = 1
    requires = ("doc", "places", "main_place", "times", "figures", "quotes")
    provides = ("events",)
    options = (
        Option("recent_days", 1, "an asserted event told in the recent past with no date "
                                 "of its own is dated to this many days before publication "
                                 "(when the story gives no date)"),
    )

    def __init__(self, settings, resources):
        super().__init__(settings, resources)
        self._lexicon: TriggerLexicon | None = None
        self._modality: ModalityCues | None = None
        self._attribution: Any = None
        self.recent_days = self.settings["recent_days"]

    # resources, read once per stage object
    @property
    def lexicon(self) -> TriggerLexicon:
        if self._lexicon is None:
            data = self.resources.lexicons.get("event_triggers", TRIGGERS_SCHEMA)
            self._lexicon = TriggerLexicon.from_data(data, {"types": EVENT_TYPE_TABLE})
        return self._lexicon

    @property
    def modality_cues(self) -> ModalityCues:
        if self._modality is None:
            data = self.resources.lexicons.get("modality", MODALITY_SCHEMA)
            self._modality = ModalityCues.from_data(data)
        return self._modality

    @property
    def attribution(self) -> Any:
        """The attribution lexicon (for the source of an event), or False without it."""
        if self._attribution is None:
            try:
                from ...attribution import AttributionLexicon
                self._attribution = AttributionLexicon.from_dict(
                    self.resources.lexicons.get("attribution"))
            except (ImportError, SettingsError):
                self._attribution = False
        return self._attribution

    def context(self, state: ArticleState) -> ArticleContext:
        """What the rules read of one article, built once."""
        doc: Doc = state.layers["doc"]
        times = tuple(state.layers.get("times") or ())
        sentences = tuple(split_sentences(doc))
        return ArticleContext(
            doc=doc, text=text_of(doc), sentences=sentences,
            places=tuple(state.layers.get("places") or ()),
            main_place=state.layers["main_place"], times=times,
            figures=tuple(state.layers.get("figures") or ()),
            quoted=quoted_spans(text_of(doc), state.layers.get("quotes") or ()),
            published=state.article.published,
            story=story_date(times, state.article.published),
            lexicon=self.lexicon, modality=self.modality_cues, attribution=self.attribution,
            recent_days=self.recent_days,
            previous={id(b): a for a, b in zip(sentences, sentences[1:])})

    def __call__(self, state: ArticleState) -> tuple[Event, ...]:
        ctx = self.context(state)
        drafts: list[Draft] = []
        title_end = _title_end(state)
        for sent, candidates in article_triggers(ctx):
            for cand in candidates:
                drafts.extend(drafts_of(ctx, sent, cand))
        for d in drafts:
            d.headline = d.evidence.start < title_end
        on_scene(drafts)
        return tuple(event_of(ctx, d, self.label) for d in merge(drafts, ctx.lexicon.recalls))


def _title_end(state: ArticleState) -> int:
    """Where the title ends in the text the stages read (0 without one): the headline
    is joined before the body (see `headline.join`)."""
    title, text = state.article.title, state.article.text
    if title and title.strip() and text.startswith(title + SEPARATOR):
        return len(title)
    return 0
