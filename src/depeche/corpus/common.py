"""What the corpus passes share: their settings and the folding of words."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class CorpusSettings:
    """Thresholds of the corpus passes."""
    num_perm: int = 64
    shingle: int = 5
    near_duplicate: float = 0.7       # estimated Jaccard of shingles for a wire copy
    story_window_days: int = 7        # an article joins a story active within this window
    story_threshold: float = 0.11     # cosine of an article's terms with a story's profile
    story_merge: float = 0.4          # cosine of two stories' profiles to merge them
    story_max_df: float = 0.02        # (the clustering before stories had profiles)
    merge_km: float = 50.0            # event places at most this far apart
    merge_slack_days: int = 1         # date intervals widened by this before overlapping


def fold(text: str) -> str:
    """Lower case without accents: how the passes compare words."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


# Words that say nothing of what an article is about: not story terms, not actor words.
STOPWORDS = set("""
le la les un une des du de d l au aux et ou mais donc or ni car ce cet cette ces son sa ses
leur leurs mon ma mes ton ta tes notre nos votre vos il elle ils elles on nous vous je tu
qui que quoi dont où y en ne pas plus moins très tout tous toute toutes est sont été être
a ont avait avoir fait faire sur sous dans par pour avec sans entre vers chez après avant
selon depuis contre lors alors aussi encore déjà comme si se s c qu n m t lundi mardi
mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août
septembre octobre novembre décembre hier aujourd demain ans an jour jours selon cette
mme monsieur madame afp france ces premier première deux trois quatre cinq dix cent mille
""".split())


def parse_day(value: str | None) -> date | None:
    """The day of an ISO date or datetime; None when absent or not a date."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
