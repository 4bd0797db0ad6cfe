"""The lexicons of the events stage, read once per stage with their schemas:
`event_triggers.toml` (trigger words per type, and the words the rules test) and
`modality.toml` (cues of modality). A misspelt or unknown key is an error naming it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable, Mapping

from ...lexicons import Table, validate

__all__ = ["TRIGGERS_SCHEMA", "MODALITY_SCHEMA", "TypeTriggers", "TriggerLexicon",
           "ModalityCues", "norm", "phrase_regex", "words_of"]

_WORDS = [str]
_WORD_TABLE = Table([str])


def norm(text: str) -> str:
    """Lower case, typographic apostrophes made straight: how every word is compared."""
    # same length; str.replace is several times faster than str.translate on words
    return text.replace("\u0130", "I").lower().replace("’", "'").replace("‘", "'")


def words_of(words: Iterable[str]) -> frozenset[str]:
    return frozenset(norm(w) for w in words)


def phrase_regex(phrase: str) -> re.Pattern:
    """`phrase` as a whole-word search in lower-cased text."""
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")


# --- event_triggers.toml -----------------------------------------------------------------

TYPE_SCHEMA = {
    "verbs": _WORDS, "nouns": _WORDS, "phrases?": _WORDS, "weak?": _WORDS,
    "needs?": _WORD_TABLE, "needs_context?": _WORDS, "context_exempt?": _WORDS,
    "arguments?": _WORD_TABLE, "not_with?": _WORD_TABLE, "not_about?": _WORD_TABLE,
    "only_about?": _WORD_TABLE,
    "not_in_sentence?": _WORD_TABLE, "not_under?": _WORD_TABLE, "alone?": _WORDS,
}

TRIGGERS_SCHEMA = {
    "types": Table(TYPE_SCHEMA),
    "resolve": {"order": _WORDS},
    "exclude": {"phrases": _WORDS},
    "themes": _WORD_TABLE,
    "blocks": _WORD_TABLE,
    "quotes": {"keep_types": _WORDS},
    "weak": {"blocked_by_article_types": _WORDS, "blocked_by_sentence_types": _WORDS,
             "strong_agents?": _WORDS},
    "event_people": {"nouns": _WORDS, "quantity_nouns": _WORDS, "part_words": _WORDS},
    "generic": {"governors": _WORDS, "warnings": _WORDS, "habitual": _WORDS,
                "violent_types": _WORDS, "habitual_determiners": _WORDS,
                "story_cues": _WORD_TABLE, "topic_cases": _WORDS, "warning_cases": _WORDS,
                "charge_cases": _WORDS, "charge_determiners": _WORDS,
                "indefinite_determiners": _WORDS, "partitive_cases": _WORDS,
                "inside_cases": _WORDS, "anchor_cases": _WORDS, "plural_events?": _WORDS,
                "qualifying_participles?": _WORDS, "statistic_floor?": int,
                "statistic_exempt?": _WORDS},
    "words": {"reflexive_prefixes": _WORDS, "reflexive_pronouns": _WORDS,
              "reflexive_objects": _WORDS, "causatives": _WORDS, "of_cases": _WORDS,
              "collectives": _WORDS},
    "merge": {"distinct_modifiers": _WORDS, "recalls": _WORD_TABLE},
    "dates": {"relative": _WORDS, "report_verbs": _WORDS, "ahead_endings": _WORDS},
    "places": {"not_where": _WORDS, "place_nouns": _WORDS, "source_cases": _WORDS,
               "source_verbs?": _WORDS, "scene_nouns?": _WORDS,
               "recipient_cases?": _WORDS,
               "away_cases": _WORDS},
    "roles": {"agent_cases": _WORDS, "target_cases": _WORDS, "source_cases": _WORDS},
}


@dataclass(frozen=True)
class TypeTriggers:
    """The trigger words of one event type."""
    name: str
    verbs: frozenset[str]                   # one-token verb lemmas
    nouns: frozenset[str]                   # one-token noun lemmas or forms
    multi: tuple[tuple[str, ...], ...]      # lemma sequences ("tremblement de terre")
    phrases: tuple[str, ...]                # lower-cased surface strings
    weak: frozenset[str]
    needs: Mapping[str, frozenset[str]]
    needs_context: frozenset[str]
    context_exempt: frozenset[str]
    arguments: Mapping[str, frozenset[str]]
    not_with: Mapping[str, frozenset[str]]
    acled: tuple[str, str] | None
    plover: str | None
    # trigger -> lemmas its theme (object, passive or reflexive subject, the noun a
    # participle qualifies, "de X" of a noun) may not be: "arrêter un réacteur"
    not_about: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # trigger -> lemmas its theme must be, when it has one: "des personnes ont été sauvées",
    # not "des reliques ont pu être sauvées"
    about: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # trigger -> lemmas that, anywhere in its sentence, say it is about something else
    not_in_sentence: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # trigger -> lemmas of the word it depends on that say it is no occurrence: weapons
    # "achetés", "découverts", a state under "les mesures de", "la levée du"
    not_under: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # triggers of a movement of many: no event when the one who moves is one person
    # ("le tireur a pris la fuite")
    alone: frozenset[str] = frozenset()
    # the phrases, compiled for a whole-word search
    phrase_patterns: tuple[tuple[str, re.Pattern], ...] = ()


@dataclass(frozen=True)
class Words:
    """Function words the trigger rules test on the parse."""
    reflexive_prefixes: tuple[str, ...] = ()   # stripped from lexicon verbs ("s'emparer")
    reflexive_pronouns: frozenset[str] = frozenset()  # dropped after a causative
    reflexive_objects: frozenset[str] = frozenset()   # an object that makes a verb reflexive
    causatives: frozenset[str] = frozenset()   # "il s'est fait arrêter"
    of_cases: frozenset[str] = frozenset()     # the "de X" of a noun
    collectives: frozenset[str] = frozenset()  # one word for many people ("la population")


@dataclass(frozen=True)
class GenericWords:
    """Words of the rules that tell a kind of event, a topic or a charge from one event."""
    topic_cases: frozenset[str] = frozenset()          # "la lutte contre les violences"
    warning_cases: frozenset[str] = frozenset()        # "mis en garde contre X"
    charge_cases: frozenset[str] = frozenset()         # "condamné pour assassinat"
    charge_determiners: frozenset[str] = frozenset()   # "pour son meurtre" is one
    indefinite_determiners: frozenset[str] = frozenset()
    partitive_cases: frozenset[str] = frozenset()      # "la recrudescence d'attaques"
    inside_cases: frozenset[str] = frozenset()         # "impliqués dans des attaques"
    anchor_cases: frozenset[str] = frozenset()         # "une vague ... aux États-Unis"
    quantity_nouns: frozenset[str] = frozenset()       # "des centaines de manifestants"
    part_words: frozenset[str] = frozenset()           # "quatre blessés dont deux pompiers"
    plural_events: frozenset[str] = frozenset()        # "des violences", not "la violence"
    qualifying_participles: frozenset[str] = frozenset()  # "une réunion ..., rassemblant"
    statistic_floor: int = 0       # "1.909 assassinats" in seven months: a statistic
    statistic_exempt: frozenset[str] = frozenset()  # "6.000 arrestations" count people


@dataclass(frozen=True)
class PlaceWords:
    not_where: frozenset[str] = frozenset()     # "l'ambassadeur de France"
    place_nouns: frozenset[str] = frozenset()   # "vers la ville d'Idleb" is where they go
    source_cases: frozenset[str] = frozenset()  # "selon le parquet de Paris"
    away_cases: frozenset[str] = frozenset()    # "évacuée vers un hôpital de Milwaukee"
    source_verbs: frozenset[str] = frozenset()  # "..., a précisé le parquet de Niort"
    scene_nouns: frozenset[str] = frozenset()   # "sur le lieu de la fusillade"
    recipient_cases: frozenset[str] = frozenset()  # "a attribué à la France"


@dataclass(frozen=True)
class ArgumentWords:
    agent_cases: frozenset[str] = frozenset()   # "par X" is an actor
    target_cases: frozenset[str] = frozenset()  # "de X" of a noun is a target
    source_cases: frozenset[str] = frozenset()  # "selon X", without attribution rules


def _single(words: Iterable[str], prefixes: tuple[str, ...]) -> frozenset[str]:
    out = set()
    for w in words:
        w = norm(w)
        for prefix in prefixes:
            w = w.removeprefix(prefix)
        if " " not in w:
            out.add(w)
    return frozenset(out)


def _longest_first(phrases: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({norm(p) for p in phrases}, key=len, reverse=True))


class _Expander:
    """Word lists where "@name" stands for the words of `[themes] name`."""

    def __init__(self, themes: Mapping[str, Any]):
        self.themes = {k: [norm(w) for w in v] for k, v in themes.items() if isinstance(v, list)}

    def words(self, words: Iterable[str]) -> frozenset[str]:
        out: set[str] = set()
        for w in words:
            if w.startswith("@") and w[1:] in self.themes:
                out.update(self.themes[w[1:]])
            else:
                out.add(norm(w))
        return frozenset(out)

    def table(self, data: Mapping[str, Any], key: str) -> dict[str, frozenset[str]]:
        return {norm(k): self.words(v) for k, v in data.get(key, {}).items()}


def _type_triggers(name: str, data: Mapping[str, Any], meta: Mapping[str, Any],
                   expand: _Expander, prefixes: tuple[str, ...]) -> TypeTriggers:
    weak = list(data.get("weak", ()))
    verbs = list(data.get("verbs", ()))
    nouns = list(data.get("nouns", ()))
    spaced = tuple(p for p in prefixes if p.endswith(" "))
    words = [norm(w) for w in verbs + nouns + weak]
    multi = tuple(tuple(w.replace("'", "' ").split()) for w in words if " " in w
                  and not w.startswith(spaced))
    phrases = _longest_first(data.get("phrases", ()))
    return TypeTriggers(
        name=name, verbs=_single(verbs + weak, prefixes), nouns=_single(nouns + weak, prefixes),
        multi=multi, phrases=phrases, weak=words_of(weak),
        needs=expand.table(data, "needs"),
        needs_context=words_of(data.get("needs_context", ())),
        context_exempt=words_of(data.get("context_exempt", ())),
        arguments=expand.table(data, "arguments"), not_with=expand.table(data, "not_with"),
        not_about=expand.table(data, "not_about"), about=expand.table(data, "only_about"),
        not_in_sentence=expand.table(data, "not_in_sentence"),
        not_under=expand.table(data, "not_under"), alone=words_of(data.get("alone", ())),
        acled=tuple(meta["acled"]) if meta.get("acled") else None, plover=meta.get("plover"),
        phrase_patterns=tuple((p, phrase_regex(p)) for p in phrases))


@dataclass(frozen=True)
class TriggerLexicon:
    """All event types with their triggers, ready for lookups."""
    types: Mapping[str, TypeTriggers]
    order: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    quote_types: frozenset[str] = frozenset()
    weak_article_blockers: frozenset[str] = frozenset()
    weak_sentence_blockers: frozenset[str] = frozenset()
    strong_agents: frozenset[str] = frozenset()   # "tué par un gendarme": no toll
    agents: frozenset[str] = frozenset()
    blocks: Mapping[str, frozenset[str]] = field(default_factory=dict)
    generic_governors: frozenset[str] = frozenset()
    warnings: frozenset[str] = frozenset()
    relative_times: frozenset[str] = frozenset()
    report_verbs: frozenset[str] = frozenset()
    ahead_endings: tuple[str, ...] = ()     # endings of the future and the conditional
    distinct_modifiers: frozenset[str] = frozenset()
    recalls: Mapping[str, frozenset[str]] = field(default_factory=dict)
    habitual: tuple[str, ...] = ()
    violent_types: frozenset[str] = frozenset()
    story_cues: Mapping[str, frozenset[str]] = field(default_factory=dict)
    habitual_determiners: frozenset[str] = frozenset()
    words: Words = Words()
    generic: GenericWords = GenericWords()
    places: PlaceWords = PlaceWords()
    arguments: ArgumentWords = ArgumentWords()
    exclude_patterns: tuple[tuple[str, re.Pattern], ...] = ()
    habitual_patterns: tuple[re.Pattern, ...] = ()

    @cached_property
    def word_types(self) -> dict[str, dict[str, frozenset[str]]]:
        """{"verbs"|"nouns"|"both": {word: the types (of `order`) whose pool holds it}}:
        one look-up per token instead of a test of each type."""
        out: dict[str, dict[str, set[str]]] = {"verbs": {}, "nouns": {}, "both": {}}
        for etype in self.order:
            tt = self.types[etype]
            for kind, pool in (("verbs", tt.verbs), ("nouns", tt.nouns),
                               ("both", tt.verbs | tt.nouns)):
                for w in pool:
                    out[kind].setdefault(w, set()).add(etype)
        return {k: {w: frozenset(v) for w, v in d.items()} for k, d in out.items()}

    @classmethod
    def from_data(cls, triggers: Mapping[str, Any],
                  types: Mapping[str, Any] | None = None) -> "TriggerLexicon":
        """The lexicon from the data of `event_triggers.toml` (checked against
        `TRIGGERS_SCHEMA`) and the language-neutral table of event types."""
        validate(triggers, TRIGGERS_SCHEMA)
        info = (types or {}).get("types", {})
        expand = _Expander(triggers["themes"])
        words = _words(triggers["words"])
        out = {name: _type_triggers(name, data, info.get(name, {}), expand,
                                    words.reflexive_prefixes)
               for name, data in triggers["types"].items()}
        order = tuple(triggers["resolve"]["order"]) or tuple(out)
        order = tuple(t for t in order if t in out) + tuple(t for t in out if t not in order)
        generic = triggers["generic"]
        habitual = _longest_first(generic["habitual"])
        exclude = tuple(norm(p) for p in triggers["exclude"]["phrases"])
        return cls(
            types=out, order=order, violent_types=frozenset(generic["violent_types"]),
            story_cues={k: words_of(v) for k, v in generic["story_cues"].items()},
            habitual=habitual, habitual_determiners=words_of(generic["habitual_determiners"]),
            exclude=exclude, quote_types=frozenset(triggers["quotes"]["keep_types"]),
            weak_article_blockers=frozenset(triggers["weak"]["blocked_by_article_types"]),
            weak_sentence_blockers=frozenset(triggers["weak"]["blocked_by_sentence_types"]),
            strong_agents=words_of(triggers["weak"].get("strong_agents", ())),
            agents=words_of(triggers["event_people"]["nouns"]),
            blocks={k: frozenset(v) for k, v in triggers["blocks"].items()},
            distinct_modifiers=words_of(triggers["merge"]["distinct_modifiers"]),
            recalls={norm(k): frozenset(v) for k, v in triggers["merge"]["recalls"].items()},
            generic_governors=words_of(generic["governors"]),
            relative_times=words_of(triggers["dates"]["relative"]),
            report_verbs=words_of(triggers["dates"]["report_verbs"]),
            ahead_endings=tuple(norm(w) for w in triggers["dates"]["ahead_endings"]),
            warnings=words_of(generic["warnings"]), words=words,
            generic=_generic_words(generic, triggers["event_people"]),
            places=PlaceWords(**{k: words_of(v) for k, v in triggers["places"].items()}),
            arguments=ArgumentWords(**{k: words_of(v) for k, v in triggers["roles"].items()}),
            exclude_patterns=tuple((p, phrase_regex(p)) for p in exclude),
            habitual_patterns=tuple(phrase_regex(p) for p in habitual))


def _words(data: Mapping[str, Any]) -> Words:
    return Words(reflexive_prefixes=tuple(norm(w) for w in data["reflexive_prefixes"]),
                 reflexive_pronouns=words_of(data["reflexive_pronouns"]),
                 reflexive_objects=words_of(data["reflexive_objects"]),
                 causatives=words_of(data["causatives"]), of_cases=words_of(data["of_cases"]),
                 collectives=words_of(data["collectives"]))


def _generic_words(generic: Mapping[str, Any], people: Mapping[str, Any]) -> GenericWords:
    own = ("quantity_nouns", "part_words", "statistic_floor")
    keys = [k for k in GenericWords.__dataclass_fields__ if k not in own]
    return GenericWords(quantity_nouns=words_of(people["quantity_nouns"]),
                        part_words=words_of(people["part_words"]),
                        statistic_floor=int(generic.get("statistic_floor", 0)),
                        **{k: words_of(generic.get(k, ())) for k in keys})


# --- modality.toml -----------------------------------------------------------------------

_CUES = {"governors": _WORDS, "modifiers?": _WORDS, "phrases": _WORDS}

MODALITY_SCHEMA = {
    "max_hops": int,
    "past_is_fact": _WORDS, "subject_governors": _WORDS, "narrow": _WORDS,
    "support_verbs": _WORDS, "occurrence_verbs": _WORDS, "fact_anchors": _WORDS,
    "fact_nouns": _WORDS, "unintended_types": _WORDS,
    "reported?": {"governors": _WORDS, "types": _WORDS, "recalled_governors?": _WORDS,
                  "recalled_types?": _WORDS},
    "announced": {"past_anchors": _WORDS, "promises": _WORDS},
    "negated": dict(_CUES, adverbs=_WORDS),
    "hypothetical": dict(_CUES, conditional_only=_WORDS),
    "proposed": _CUES,
    "planned": dict(_CUES, participles=_WORDS),
    "grammar": {"negation_particles": _WORDS, "restrictive_marks": _WORDS,
                "of_cases": _WORDS, "infinitive_marks": _WORDS, "purpose_marks": _WORDS,
                "copulas": _WORDS, "to_marks": _WORDS, "relative_subjects": _WORDS,
                "due_forms": _WORDS, "due_cases": _WORDS},
}

MODALITIES = ("negated", "hypothetical", "proposed", "planned")


@dataclass(frozen=True)
class Grammar:
    """Function words the modality rules test on the parse."""
    negation_particles: frozenset[str] = frozenset()   # "ne", "n'"
    restrictive_marks: frozenset[str] = frozenset()    # "ne ... que", "a dit que"
    of_cases: frozenset[str] = frozenset()             # a "de X" complement
    infinitive_marks: frozenset[str] = frozenset()     # "empêché X de se rejoindre"
    purpose_marks: frozenset[str] = frozenset()        # "pour capturer X"
    copulas: frozenset[str] = frozenset()              # "sont à prévoir"
    to_marks: frozenset[str] = frozenset()
    relative_subjects: frozenset[str] = frozenset()    # "une réunion qui doit..."
    due_forms: frozenset[str] = frozenset()            # "dû à" (due to)
    due_cases: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ModalityCues:
    max_hops: int
    neg_adverbs: frozenset[str]
    cues: Mapping[str, Mapping[str, frozenset[str]]]
    past_is_fact: frozenset[str] = frozenset()
    subject_governors: frozenset[str] = frozenset()
    narrow: frozenset[str] = frozenset()
    support_verbs: frozenset[str] = frozenset()
    fact_anchors: frozenset[str] = frozenset()
    occurrence_verbs: frozenset[str] = frozenset()
    fact_nouns: frozenset[str] = frozenset()
    unintended_types: frozenset[str] = frozenset()
    reported_governors: frozenset[str] = frozenset()    # "a annoncé l'arrestation de"
    reported_types: frozenset[str] = frozenset()
    recalled_governors: frozenset[str] = frozenset()    # "la préparation de l'attentat"
    recalled_types: frozenset[str] = frozenset()
    participles: frozenset[str] = frozenset()
    conditional_only: frozenset[str] = frozenset()
    past_anchors: frozenset[str] = frozenset()     # "depuis l'interdiction du marché de Noël"
    promises: frozenset[str] = frozenset()         # "se sont engagés à", "promet"
    grammar: Grammar = Grammar()
    # modality -> its phrases, compiled for a whole-word search
    phrase_patterns: Mapping[str, tuple[re.Pattern, ...]] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "ModalityCues":
        validate(data, MODALITY_SCHEMA)
        cues = {m: {k: words_of(data[m].get(k, ())) for k in ("governors", "modifiers", "phrases")}
                for m in MODALITIES}
        top = {k: words_of(data[k]) for k in ("past_is_fact", "subject_governors", "narrow",
                                                "support_verbs", "fact_anchors",
                                                "occurrence_verbs", "fact_nouns")}
        return cls(max_hops=int(data["max_hops"]), neg_adverbs=words_of(data["negated"]["adverbs"]),
                   cues=cues, unintended_types=frozenset(data["unintended_types"]),
                   reported_governors=words_of(data.get("reported", {}).get("governors", ())),
                   reported_types=frozenset(data.get("reported", {}).get("types", ())),
                   recalled_governors=words_of(
                       data.get("reported", {}).get("recalled_governors", ())),
                   recalled_types=frozenset(data.get("reported", {}).get("recalled_types", ())),
                   participles=words_of(data["planned"]["participles"]),
                   conditional_only=words_of(data["hypothetical"]["conditional_only"]),
                   past_anchors=words_of(data["announced"]["past_anchors"]),
                   promises=words_of(data["announced"]["promises"]),
                   grammar=Grammar(**{k: words_of(v) for k, v in data["grammar"].items()}),
                   phrase_patterns={m: tuple(phrase_regex(p) for p in cues[m]["phrases"])
                                    for m in MODALITIES},
                   **top)
