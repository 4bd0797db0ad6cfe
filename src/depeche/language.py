"""Which language an article is in, from the share of its words that are frequent
function words of each language (`lang/stopwords.toml`). Small, offline, and good
enough to tell French news from other languages; undecided texts return None."""
from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources

__all__ = ["detect_language"]

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


@functools.lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    raw = resources.files("depeche").joinpath("lang/stopwords.toml").read_text(encoding="utf-8")
    return {lang: frozenset(v["words"]) for lang, v in tomllib.loads(raw).items()}


def detect_language(text: str, *, sample: int = 5000) -> str | None:
    """ISO 639-1 code of the most likely language, or None when no list fits.

    Needs at least a few function words; letters-free text (numbers, symbols) is None."""
    words = [w.lower() for w in WORD.findall(text[:sample])]
    # French elisions: "l'armée" counts "l"
    tokens = []
    for w in words:
        head, sep, tail = w.replace("’", "'").partition("'")
        tokens.append(head)
        if sep and tail:
            tokens.append(tail)
    if len(tokens) < 3:
        return None
    scores = {lang: sum(1 for t in tokens if t in lst) / len(tokens)
              for lang, lst in _lists().items()}
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] < 0.08:
        return None
    return best
