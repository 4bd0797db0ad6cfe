"""The figures lexicon (`lang/fr/figure_categories.toml`): its schema, and the frozen
`CategoryLexicon` built once from it.

Every word is lower-cased with straight apostrophes when the lexicon is built; the rules
compare tokens through `syntax.low`. A category key must be one of the figure
categories: a misspelt one is an error naming the file and the key.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from ...lexicons import Table, validate
from ...records import FIGURE_CATEGORIES
from .syntax import WordTable, low

__all__ = ["SCHEMA", "CategoryLexicon", "FunctionWords", "CountedWords", "SentenceWords"]

_WORDS = [str]
_CATEGORIES = {f"{c}?": _WORDS for c in FIGURE_CATEGORIES}

SCHEMA: dict[str, Any] = {
    "nouns": {
        "participle_first": _WORDS,
        "acts": _WORDS,
        "strong": _CATEGORIES,
        "not_before": Table(_WORDS),
        "needs_context": Table(_WORDS),
        "needs_next": Table(str),
        "weak": _CATEGORIES,
    },
    "things": {"nouns": _WORDS, "affected_ok": _WORDS},
    "verbs": {"object": _CATEGORIES, "subject": _CATEGORIES, "linking": _WORDS},
    "action_nouns": _CATEGORIES,
    "noun_keeps": _CATEGORIES,
    "partitive": {"prepositions": _WORDS},
    "people": {"nouns": _WORDS, "elided": _WORDS, "elided_not_before": _WORDS},
    "not_counted": {"nouns": _WORDS, "time_nouns": _WORDS, "rate_after": _WORDS,
                    "rate_prepositions": _WORDS, "durations": _WORDS},
    "orders": _CATEGORIES,
    "states": _CATEGORIES,
    "function_words": {"complement": _WORDS, "complement_article": _WORDS, "copula": str,
                       "relative_subject": str, "partitive_pronoun": str,
                       "generic_determiners": _WORDS, "level": str, "comitative": _WORDS},
    "counted": {"total_determiners": _WORDS, "total_nouns": _WORDS,
                "total_prepositions": _WORDS, "number_of_determiners": _WORDS,
                "number_noun": str, "part_of": _WORDS, "whole_determiners": _WORDS,
                "part_of_bare": str},
    "crowd": {"subjects": _WORDS, "copulas": _WORDS, "cues": _WORDS},
    "no_author": {"not_heads": _WORDS, "not_starts": _WORDS},
    "sentence": {"whole_between": _WORDS, "of_which": str, "of_which_adverbs": _WORDS,
                 "conjunction": str, "inserts": _WORDS, "one_of": _WORDS, "age_units": _WORDS,
                 "comparison": _WORDS},
}


def _table(section: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """{word or phrase: categories} from {category: [words]} (first listed first)."""
    out: dict[str, list[str]] = {}
    for category, words in section.items():
        for w in words:
            out.setdefault(low(w), [])
            if category not in out[low(w)]:
                out[low(w)].append(category)
    return WordTable((k, tuple(v)) for k, v in out.items())


def _set(words) -> frozenset[str]:
    return frozenset(low(w) for w in words)


def alternation(words, glued: bool = False) -> str:
    """A regex group of `words` in their order (escaped); `glued`: each word is followed by
    a space unless it ends in an apostrophe ("de ", "d'")."""
    return "(" + "|".join(re.escape(w) + ("" if not glued or w.endswith("'") else " ")
                          for w in words) + ")"


@dataclass(frozen=True)
class FunctionWords:
    """The small words read around a count (see `[function_words]`)."""
    complement: frozenset[str]
    complement_article: frozenset[str]
    copula: str
    relative_subject: str
    partitive_pronoun: str
    generic_determiners: frozenset[str]
    level: str
    comitative: frozenset[str]


@dataclass(frozen=True)
class CountedWords:
    """Where the counted noun is when it does not follow the number (see `[counted]`)."""
    total: re.Pattern            # "le nombre de", right after the number
    number_of: re.Pattern        # "au nombre de", right before the number
    number_noun: str
    part_of: frozenset[str]
    whole_determiners: frozenset[str]
    part_of_bare: str


@dataclass(frozen=True)
class SentenceWords:
    """How a count stands to the counts before it (see `[sentence]`)."""
    whole_between: re.Pattern    # the gap between a part and its whole
    of_which: str
    of_which_adverb: re.Pattern  # "dont encore" at the end of the text before a count
    conjunction: str
    comparison: tuple[str, ...]  # "contre 2.805 en 2019": the same count at another time
    insert: re.Pattern           # ", dont", "(parmi lesquels" after the counted noun
    bare_insert: re.Pattern      # " dont " with no comma (a headline's "dont un ...")
    one_of: re.Pattern           # after a bare "un"/"une"


def _function_words(f: Mapping[str, Any]) -> FunctionWords:
    return FunctionWords(complement=_set(f["complement"]),
                         complement_article=_set(f["complement_article"]),
                         copula=low(f["copula"]),
                         relative_subject=low(f["relative_subject"]),
                         partitive_pronoun=low(f["partitive_pronoun"]),
                         generic_determiners=_set(f["generic_determiners"]), level=low(f["level"]),
                         comitative=_set(f["comitative"]))


def _counted_words(c: Mapping[str, Any], f: Mapping[str, Any]) -> CountedWords:
    total = (r"\s+" + alternation(c["total_determiners"]) + " " + alternation(c["total_nouns"])
             + " " + alternation(c["total_prepositions"], glued=True))
    number_of = (alternation(c["number_of_determiners"]) + " " + re.escape(c["number_noun"])
                 + " " + alternation(f["complement"], glued=True) + "$")
    return CountedWords(total=re.compile(total), number_of=re.compile(number_of),
                        number_noun=low(c["number_noun"]), part_of=_set(c["part_of"]),
                        whole_determiners=_set(c["whole_determiners"]),
                        part_of_bare=low(c["part_of_bare"]))


def _sentence_words(s: Mapping[str, Any], f: Mapping[str, Any]) -> SentenceWords:
    # "de 80" after the noun, but not an age: "un homme de 72 ans" is one man
    age = "|".join(map(re.escape, s["age_units"]))
    of_digit = "|".join(re.escape(w) + ("" if w.endswith("'") else " ")
                        + r"\d[\d.,\s]*(?!\d)(?!\s*(?:" + age + r")\b)"
                        for w in f["complement"])
    one_of = alternation(s["one_of"])[:-1] + "|" + of_digit + ")"
    return SentenceWords(
        whole_between=re.compile(r"\s+" + alternation(s["whole_between"]) + r"\s+"),
        of_which=s["of_which"],
        of_which_adverb=re.compile(r"\b" + re.escape(s["of_which"]) + " "
                                   + alternation(s["of_which_adverbs"]) + "$"),
        conjunction=s["conjunction"],
        comparison=tuple(low(w) for w in s["comparison"]),
        insert=re.compile(r"(?:\s+[^\W\d][\w-]*){0,2}\s*[,(]\s*(?:"
                          + "|".join(map(re.escape, s["inserts"])) + r")\s"),
        one_of=re.compile(r"\s*(\w+\s+)?" + one_of),
        bare_insert=re.compile(r"\s+" + re.escape(s["of_which"]) + r"\s"))


@dataclass(frozen=True)
class CategoryLexicon:
    """What the words around a count say of its category, ready for lookups."""
    strong: dict[str, tuple[str, ...]]
    needs_next: dict[str, str]
    weak: dict[str, tuple[str, ...]]
    things: frozenset[str]
    affected_ok: frozenset[str]
    object: dict[str, tuple[str, ...]]
    subject: dict[str, tuple[str, ...]]
    action: dict[str, tuple[str, ...]]
    noun_keeps: dict[str, frozenset[str]]
    partitive: frozenset[str]
    participle_first: frozenset[str]
    acts: frozenset[str]                 # "un meurtre", "un enlèvement": no count of one
    people: frozenset[str]
    elided: frozenset[str]               # "un quatrième a été blessé": a person left out
    elided_not_before: tuple[str, ...]   # "un cinquième des assurés": a fraction
    not_counted: frozenset[str]
    rate_prepositions: frozenset[str]
    linking: frozenset[str]
    not_before: dict[str, tuple[str, ...]]
    needs_context: dict[str, tuple[str, ...]]
    rate_after: re.Pattern | None        # "par million", after the count or its noun
    time_nouns: frozenset[str]
    durations: frozenset[str]            # "trois jours après": a lapse of time, no count
    orders: dict[str, tuple[str, ...]]
    states: dict[str, tuple[str, ...]]   # "en garde à vue", "sans abri"
    words: FunctionWords
    counted: CountedWords
    sentence: SentenceWords
    crowd_subject: re.Pattern            # "ils étaient" right before a count
    crowd_cues: tuple[str, ...]          # stems of a gathering in its sentence
    not_sources: frozenset[str] = frozenset()   # heads of phrases that report nothing
    not_source_starts: tuple[str, ...] = ()     # "rapport à": the rest of a locution

    @classmethod
    def load(cls, lexicons: Any) -> "CategoryLexicon":
        """Read and check `figure_categories` from a `Lexicons`."""
        return cls.from_dict(lexicons.get("figure_categories", SCHEMA))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "CategoryLexicon":
        validate(data, SCHEMA)
        nouns, verbs, things = data["nouns"], data["verbs"], data["things"]
        nc, f = data["not_counted"], data["function_words"]
        rate_after = tuple(low(x) for x in nc["rate_after"])
        return cls(
            strong=_table(nouns["strong"]),
            needs_next={low(k): low(v) for k, v in nouns["needs_next"].items()},
            weak=_table(nouns["weak"]),
            things=_set(things["nouns"]),
            affected_ok=_set(things["affected_ok"]),
            object=_table(verbs["object"]),
            subject=_table(verbs["subject"]),
            action=_table(data["action_nouns"]),
            noun_keeps={k: frozenset(v) for k, v in data["noun_keeps"].items()},
            partitive=_set(data["partitive"]["prepositions"]),
            participle_first=frozenset(nouns["participle_first"]),
            acts=_set(nouns["acts"]),
            people=_set(data["people"]["nouns"]) | _set(data["people"]["elided"]),
            elided=_set(data["people"]["elided"]),
            elided_not_before=tuple(data["people"]["elided_not_before"]),
            not_counted=_set(nc["nouns"]),
            rate_prepositions=_set(nc["rate_prepositions"]),
            linking=_set(verbs["linking"]),
            not_before={low(k): tuple(low(x) for x in v) for k, v in nouns["not_before"].items()},
            needs_context={low(k): tuple(low(x) for x in v)
                           for k, v in nouns["needs_context"].items()},
            rate_after=re.compile(r"\s+" + alternation(rate_after) + r"(?!\w|[\s.,]\d)")
            if rate_after else None,
            time_nouns=_set(nc["time_nouns"]),
            durations=_set(nc["durations"]),
            orders=_table(data["orders"]),
            states=_table(data["states"]),
            words=_function_words(f),
            counted=_counted_words(data["counted"], f),
            sentence=_sentence_words(data["sentence"], f),
            crowd_subject=re.compile(r"(?:^|\W)" + alternation(data["crowd"]["subjects"])
                                     + r"\s+" + alternation(data["crowd"]["copulas"])
                                     + r"\s*$"),
            crowd_cues=tuple(low(w) for w in data["crowd"]["cues"]),
            not_sources=_set(data["no_author"]["not_heads"]),
            not_source_starts=tuple(low(w) for w in data["no_author"]["not_starts"]),
        )
