"""The lexicons the places stage reads, checked against their schemas and compiled once.

- `places_cues.toml`: head nouns ("province de"), person and context cues, media names,
  land borders, and the small words and patterns matched around names (`grammar`,
  `patterns`);
- `demonyms.toml`: country adjectives ("syrien" -> SY), country cues, never places;
- `speech_verbs.toml` (owned by the quotes stage): only `verbs.lemmas`, the verbs of
  saying whose inverted subject is a person ("», ajoute Hassan").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from spacy.lang.fr.stop_words import STOP_WORDS

from ...errors import SettingsError
from ...gazetteer import normalize
from ...lexicons import Table

WORDS = [str]

CUES_SCHEMA = {
    "heads": {"admin": WORDS, "city": WORDS, "district": WORDS, "feature": WORDS,
              "natural": WORDS, "named_institution": WORDS, "street": WORDS,
              "buildings": WORDS,
              "institution": WORDS, "event": WORDS, "area": WORDS, "adjectives": WORDS},
    "context": {"not_after": WORDS, "not_after_direct": WORDS, "names_things": WORDS,
                "media": WORDS},
    "person": {"titles": WORDS, "not_places": WORDS, "directions": WORDS,
               "demonym_people": WORDS},
    "borders": Table([float]),
    "grammar": {"leading": WORDS, "leading_elided": WORDS, "contracted": Table(str),
                "name_articles": WORDS, "articles_before": WORDS, "container_glue": WORDS,
                "container_openers": WORDS, "head_link": WORDS, "head_link_elided": WORDS,
                "holder_link": WORDS, "holder_in": WORDS, "nested_after": WORDS,
                "nested_after_elided": WORDS, "quoted_place_after": WORDS,
                "determiners": WORDS, "name_prefixes": WORDS, "name_particles": WORDS,
                "saint_prefixes": WORDS, "adjective_endings": WORDS,
                "thing_adjective_endings": WORDS, "demonym_endings": WORDS},
    "patterns": {"age_after": str, "border": str, "title_tags": str},
}
DEMONYMS_SCHEMA = {"demonyms": Table(WORDS)}

# the kinds of head noun, in the order a word listed under two of them takes the first
HEAD_KINDS = ("feature", "admin", "city", "district", "institution")
# punctuation that glues a place to its container ("Paris, au Texas", "Homs (Libye)")
CONTAINER_PUNCT = (",", "(", "-", "–")


def alternation(words) -> str:
    """A regex alternation of `words`, in order: a space matches any run of white space,
    an apostrophe either apostrophe."""
    return "|".join(re.escape(w).replace("\\ ", r"\s+").replace("'", "['’]") for w in words)


def _keys(words) -> frozenset[str]:
    return frozenset(normalize(w) for w in words)


@dataclass(frozen=True)
class HeadCues:
    """Head nouns: "<head> (adj) de X" says what X is."""
    kinds: Mapping[str, str]            # head as written, lower case -> kind
    street: frozenset[str]              # normalised heads
    natural: frozenset[str]
    named_institution: frozenset[str]
    buildings: frozenset[str]           # an unknown X after them is the building
    vague: frozenset[str]               # "région de X": the area around X
    rx: re.Pattern                      # groups: head, adjectives, name
    event_before: re.Pattern            # "la tuerie de" right before a name


@dataclass(frozen=True)
class PlaceLexicon:
    heads: HeadCues
    titles: frozenset[str]              # normalised: a person's name follows
    not_places: frozenset[str]
    demonym_people: frozenset[str]      # "un Suisse": a person, "en Suisse": the country
    not_after: frozenset[str]
    not_after_direct: frozenset[str]    # with the institution heads
    things_rx: re.Pattern | None        # group 1: the name of a storm, ship, show...
    media: tuple[str, ...]
    media_rx: tuple[tuple[str, re.Pattern], ...]    # each name and its whole-word pattern
    borders: Mapping[str, tuple[float, float]]
    demonyms: Mapping[str, str]         # normalised form -> country code
    speech_lemmas: frozenset[str]
    stop_words: frozenset[str]          # spaCy's: "Quel" alone is no place
    leading: re.Pattern
    contracted: Mapping[str, str]
    articles: frozenset[str]
    capital_articles: frozenset[str]
    article_before: re.Pattern          # group 1: the article right before a name
    capital_article_before: re.Pattern  # "l'Etat de La Guaira": 1 article + spaces, 2 article
    container_glue: frozenset[str]
    container_openers: frozenset[str]
    of_tail: re.Pattern                 # "de", "d'"... ending the text between head and name
    holder_split: re.Pattern
    holder_in_split: re.Pattern
    nested: re.Pattern                  # group 1: the place ending an organisation's name
    quoted_place_after: frozenset[str]
    determiners: frozenset[str]
    saint: re.Pattern
    adjective_endings: tuple[str, ...]
    demonym_like: re.Pattern
    age_after: re.Pattern
    border: re.Pattern
    title_tags: re.Pattern


def _by_first_letter(words: list[str]) -> str:
    """The alternation of lower-case `words` grouped by first letter ("v(?:ille|illage)"):
    at a position only the words of its letter are tried, in their order (same matches)."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w[1:])
    return "|".join(re.escape(first) + "(?:" + "|".join(re.escape(r) for r in rest) + ")"
                    for first, rest in groups.items())


def _heads(heads: dict, grammar: dict) -> HeadCues:
    kinds: dict[str, str] = {}
    for kind in HEAD_KINDS:
        for w in heads[kind]:
            kinds.setdefault(w.lower(), kind)
    words = _by_first_letter(sorted(kinds, key=len, reverse=True))
    adjs = "|".join(re.escape(a) for a in heads["adjectives"])
    prefixes, particles = (alternation(grammar[k]) for k in ("name_prefixes", "name_particles"))
    name = (rf"(?:(?:{prefixes})[\s-])?[A-ZÀ-ÝŒ][\w’'-]*"
            rf"(?:(?:\s|-)(?:(?:{particles})\s)?[A-ZÀ-ÝŒ][\w’'-]*)*")
    # the class of first letters lets the search skip a position in one test instead
    # of trying every head there (the matches are the same)
    firsts = "".join(sorted({re.escape(w[0]) for w in kinds}))
    rx = re.compile(rf"(?i:(?=[{firsts}])\b({words}))((?:\s+(?i:{adjs}))*)"
                    rf"(?:\s+(?i:{alternation(grammar['head_link'])})\s*"
                    rf"|\s+(?i:{alternation(grammar['head_link_elided'])})|\s+)"
                    rf"({name})")
    return HeadCues(kinds=kinds, street=_keys(heads["street"]), natural=_keys(heads["natural"]),
                    named_institution=_keys(heads["named_institution"]), rx=rx,
                    buildings=_keys(heads["buildings"]),
                    vague=_keys(heads["area"]),
                    event_before=re.compile(
                        rf"(?i:\b(?:{alternation(heads['event'])}))(?:\s+[a-zà-ÿ]+)?"
                        rf"\s+(?:{alternation(grammar['head_link'])}\s+"
                        rf"|{alternation(grammar['head_link_elided'])}\s*)$"))


def _things_rx(words, endings) -> re.Pattern | None:
    if not words:
        return None
    firsts = "".join(sorted({re.escape(w[0]) for w in words}))
    words = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?i:(?=[{firsts}])\b(?:{words}))"
                      rf"(?:\s+[a-zà-ÿ-]+(?:{alternation(endings)}))?\s+[«\"“]?\s*([A-ZÀ-Ý][\w’'-]+(?:\s[A-ZÀ-Ý][\w’'-]+)?)")


def _grammar(g: dict, patterns: dict) -> dict:
    """The fields of `PlaceLexicon` made from the `grammar` and `patterns` tables."""
    articles = tuple(g["name_articles"])
    capitals = "|".join(re.escape(a.capitalize()) for a in articles)
    return dict(
        leading=re.compile(rf"^(?:(?:{alternation(g['leading'])})\s+"
                           rf"|(?:{alternation(g['leading_elided'])})\s*)+", re.I),
        contracted=dict(g["contracted"]), articles=frozenset(articles),
        capital_articles=frozenset(a.capitalize() for a in articles),
        article_before=re.compile(rf"(?:^|[^\w’'])({alternation(g['articles_before'])})\s*$",
                                  re.I),
        capital_article_before=re.compile(rf"(?:^|\s)(({capitals})\s+)$"),
        container_glue=frozenset(g["container_glue"]) | frozenset(CONTAINER_PUNCT),
        container_openers=frozenset(g["container_openers"]),
        of_tail=re.compile(rf"\s(?:{alternation(g['head_link'] + g['head_link_elided'])})\s*$",
                           re.I),
        holder_split=re.compile(rf"\s+(?:{alternation(g['holder_link'])})\s*"),
        holder_in_split=re.compile(rf"\s+(?:{alternation(g['holder_in'])})\s+"),
        nested=re.compile(rf"(?:\s(?:{alternation(g['nested_after'])})\s"
                          rf"|\s(?:{alternation(g['nested_after_elided'])}))"
                          rf"([A-ZÀ-Ý][\w’'-]*(?:[ -][A-ZÀ-Ý][\w’'-]*)*)$"),
        quoted_place_after=_keys(g["quoted_place_after"]),
        determiners=_keys(g["determiners"]),
        saint=re.compile(rf"(?:{alternation(g['saint_prefixes'])})[\s-]"),
        adjective_endings=tuple(g["adjective_endings"]),
        demonym_like=re.compile(rf"[A-ZÀ-Ý][a-zà-ÿ]+(?:{alternation(g['demonym_endings'])})s?"),
        age_after=re.compile(patterns["age_after"]),
        border=re.compile(patterns["border"]),
        title_tags=re.compile(patterns["title_tags"], re.I),
    )


def speech_lemmas(lexicons) -> frozenset[str]:
    """The verbs of saying (the quotes stage's lexicon, read for this one key only)."""
    try:
        return frozenset(lexicons.get("speech_verbs")["verbs"]["lemmas"])
    except (SettingsError, KeyError, TypeError):    # pragma: no cover - lexicon missing
        return frozenset()


def load(lexicons) -> PlaceLexicon:
    """The places lexicon, built from `lexicons` (a `Lexicons`)."""
    cues = lexicons.get("places_cues", CUES_SCHEMA)
    data = lexicons.get("demonyms", DEMONYMS_SCHEMA)["demonyms"]
    heads, context, person = cues["heads"], cues["context"], cues["person"]
    return PlaceLexicon(
        heads=_heads(heads, cues["grammar"]),
        titles=_keys(person["titles"]), not_places=_keys(person["not_places"]),
        demonym_people=_keys(person["demonym_people"]),
        not_after=_keys(context["not_after"]),
        not_after_direct=_keys(context["not_after_direct"]) | _keys(heads["institution"]),
        things_rx=_things_rx(context["names_things"],
                             cues["grammar"]["thing_adjective_endings"]),
        media=tuple(context["media"]),
        media_rx=tuple((name, re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"))
                       for name in context["media"]),
        borders={k: (v[0], v[1]) for k, v in cues["borders"].items()},
        demonyms={normalize(f): cc for cc, forms in data.items() for f in forms},
        speech_lemmas=speech_lemmas(lexicons), stop_words=frozenset(STOP_WORDS),
        **_grammar(cues["grammar"], cues["patterns"]))
