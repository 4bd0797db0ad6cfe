"""The text of a spaCy Doc, kept once per Doc.

spaCy's `Doc.text` joins every token on each call; the stages look at the text thousands
of times per article, so they read it through `text_of`, which the parse stage fills."""
from __future__ import annotations

TEXT_KEY = "depeche_text"


def text_of(doc) -> str:
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
