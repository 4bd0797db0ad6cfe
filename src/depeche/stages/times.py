"""times: French temporal expressions as TIMEX3 values anchored on the publication date.

Recognition and normalisation are the `Timex` engine (depeche/timex.py) over the
patterns of `lang/fr/times.toml`; this stage gives it the anchor (`published`) and the
tense of the verb that governs each expression, read from the spaCy parse, which
decides whether a bare "samedi" is the Saturday before or after the anchor."""
from __future__ import annotations

from typing import Callable

from .base import ArticleState, Stage
from ..records import DateInterval, Provenance, Time
from ..timex import Timex

PAST_TENSES = {"Past", "Imp"}
# Future stems of irregular verbs: "serait", "pourrait"... are conditionals, which the
# French models tag as imperfects.
IRREGULAR_FUTURE_STEMS = {"ser", "aur", "fer", "pourr", "devr", "ir", "viendr", "voudr",
                          "faudr", "saur", "verr", "enverr", "tiendr", "mourr", "courr",
                          "vaudr", "pleuvr", "obtiendr", "deviendr", "reviendr", "parviendr",
                          "maintiendr", "prévaudr", "recevr", "apercevr", "vaincr"}
CONDITIONAL_ENDINGS = ("aient", "ait", "ais", "ions", "iez")


def is_conditional(token) -> bool:
    """"rendrait", "serait": a conditional, even when the model says imperfect."""
    if "Cnd" in token.morph.get("Mood"):
        return True
    if "Imp" not in token.morph.get("Tense"):
        return False
    form, lemma = token.text.lower(), token.lemma_.lower()
    for ending in CONDITIONAL_ENDINGS:
        if form.endswith(ending):
            stem = form[: -len(ending)]
            return stem.endswith("r") and (stem in (lemma, lemma[:-1])
                                           or stem in IRREGULAR_FUTURE_STEMS)
    return False


def verb_tense(token) -> str | None:
    """"past", "future", "present" or None for the verb governing `token`."""
    verb = token
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") and verb.dep_ not in ("aux", "aux:tense", "aux:pass",
                                                                "cop"):
            break
        if verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX", "ADJ"):
        # a noun phrase: take the root verb of the sentence
        root = verb.sent.root if verb.doc.has_annotation("DEP") else verb
        if root.pos_ not in ("VERB", "AUX"):
            return None
        verb = root
    auxes = [c for c in verb.children if c.dep_ in ("aux", "aux:tense", "aux:pass", "cop")]
    reflexive = any(c.dep_.startswith("expl") and c.lower_ in ("se", "s'", "s’")
                    for c in verb.children)
    for aux in auxes:
        lemma = aux.lemma_.lower()
        tense = aux.morph.get("Tense")
        if is_conditional(aux):
            return "future"
        if lemma == "être" and aux.dep_ == "aux:pass" and reflexive and "Pres" in tense:
            return "past"  # "s'est renforcée": a reflexive passé composé
        if lemma in ("avoir", "être") and verb.morph.get("VerbForm") == ["Part"] and \
                aux.dep_ != "aux:pass":
            if "Fut" in tense:
                return "future"
            return "past"
        if lemma == "aller" and "Pres" in tense:
            return "future"
        if "Fut" in tense:
            return "future"
        if PAST_TENSES & set(tense):
            return "past"
        if "Pres" in tense and aux.dep_ == "aux:pass":
            return "present"
    tense = set(verb.morph.get("Tense"))
    if is_conditional(verb):
        return "future"
    if "Fut" in tense:
        return "future"
    if tense & PAST_TENSES:
        return "past"
    if verb.morph.get("VerbForm") == ["Part"]:
        return "past"
    if verb.morph.get("VerbForm") == ["Inf"] and verb.head is not verb:
        head = verb.head
        htense = set(head.morph.get("Tense"))
        hlemma = head.lemma_.lower()
        if hlemma == "venir":
            return "past"
        if "Fut" in htense or is_conditional(head) or hlemma == "aller":
            return "future"
        if hlemma in ("pouvoir", "devoir", "vouloir", "falloir", "aller") and "Pres" in htense:
            return "present"
        return None  # "a promis de revenir en décembre": no direction
    if "Pres" in tense:
        return "present"
    return None


class TimesStage(Stage):
    name = "times"
    version = 1
    requires = ("doc",)
    provides = ("times",)

    def __init__(self, settings, resources):
        super().__init__(settings, resources)
        self._timex: Timex | None = None

    @property
    def timex(self) -> Timex:
        if self._timex is None:
            self._timex = Timex(self.resources.lexicons.get("times"))
        return self._timex

    @staticmethod
    def _tense_reader(doc) -> Callable[[int, int], str | None]:
        def tense(start: int, end: int) -> str | None:
            if doc is None:
                return None
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                return None
            try:
                return verb_tense(span.root)
            except (ValueError, AttributeError):
                return None
        return tense

    def __call__(self, state: ArticleState):
        text = state.text
        doc = state.layers.get("doc")
        found = self.timex.tag(text, state.article.published, self._tense_reader(doc))
        out = []
        for t in found:
            interval = DateInterval(*t.interval) if t.interval else None
            out.append(Time(text=t.text, start=t.start, end=t.end, value=t.value, type=t.type,
                            provenance=Provenance(stage=self.label, rule=t.rule),
                            interval=interval))
        return tuple(out)
