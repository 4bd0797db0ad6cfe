"""The lexicons of the quotes stage, checked against their schemas and built once.

- `speech_verbs.toml`: the verbs of saying (lemmas, irregular forms, verbs that say only
  as an incise, verbs that report a "que" clause) and the cue words of a source without
  a verb ("selon X", "Pour X, « … »"). The places stage reads its `verbs.lemmas` too.
- `quote_rules.toml`: names and titles (honorifics, particles, roles, person nouns), the
  words that make a quotation a title, the pronouns, and the grammar words the rules read.

`QuoteLexicon.read(lexicons)` gives the frozen lexicon the rules use: frozensets of
lower-cased words, cue lists in their order, and the regular expressions built from the
word lists (subject clitics, abbreviations).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any, Mapping

from ...lexicons import Table

__all__ = ["SPEECH_VERBS_SCHEMA", "QUOTE_RULES_SCHEMA", "QuoteLexicon", "NameLexicon",
           "Grammar", "Pronouns", "norm"]

SPEECH_VERBS_SCHEMA = {
    "verbs": {"lemmas": [str], "forms": [str], "incise_only": [str], "reporting": [str]},
    "cues": {"according_to": [str], "opinion_of": [str]},
    "nouns": {"saying": [str], "links": [str]},
}



@dataclass(frozen=True)
class Grammar:
    """The grammar words of `quote_rules.toml` [grammar], one frozenset per list (what
    each is for is said in the file)."""
    clitics: frozenset[str]
    impersonal: frozenset[str]
    complementizer: frozenset[str]
    determiners: frozenset[str]
    feminine_determiners: frozenset[str]
    masculine_determiners: frozenset[str]
    indefinite_articles: frozenset[str]
    definite_articles: frozenset[str]
    elided_articles: frozenset[str]
    demonstratives: frozenset[str]
    short_honorifics: frozenset[str]
    name_blockers: frozenset[str]
    topic_heads: frozenset[str]
    same_source: frozenset[str]
    age_units: frozenset[str]
    anaphor_skip: frozenset[str]
    reflexive: frozenset[str]
    relatives: frozenset[str]
    relatives_after_verb: frozenset[str]
    subject_relatives: frozenset[str]
    never_speech: frozenset[str]
    lead_adverbs: frozenset[str]
    months: frozenset[str]
    phrase_stops: frozenset[str]
    inversion_cues: frozenset[str]
    then_words: frozenset[str]
    infinitive_prepositions: frozenset[str]
    perfect_auxiliaries: frozenset[str]
    and_or: frozenset[str]

    @classmethod
    def build(cls, table: Mapping[str, list[str]]) -> "Grammar":
        return cls(**{f.name: frozenset(table[f.name]) for f in fields(cls)})


_GRAMMAR = tuple(f.name for f in fields(Grammar))

QUOTE_RULES_SCHEMA = {
    "names": {"honorifics": [str], "particles": [str], "unnamed_sources": [str],
              "feminine_honorifics": [str], "masculine_honorifics": [str], "roles": [str],
              "person_nouns": [str], "body_nouns": [str], "speaker_nouns": [str],
              "human_endings": [str],
              "role_prefixes": [str], "anaphoric_nouns": [str],
              "feminine_anaphoric_nouns": [str]},
    "role_synonyms": Table([str]),
    "works": {"cues": [str], "elision_letters": str},
    "pronouns": Table({"gender": str, "plural": bool}),
    "grammar": {key: [str] for key in _GRAMMAR},
    "present_forms": {"ending": str, "lemmas": [str], "respell": [[str]]},
    "sentences": {"abbreviations": [str]},
}


def norm(text: str) -> str:
    """Lower case, one apostrophe, e for é/è/ê, single spaces: how names and roles are
    compared."""
    text = text.lower().replace("’", "'").replace("é", "e").replace("è", "e").replace("ê", "e")
    return re.sub(r"\s+", " ", text).strip()


def _role_patterns(synonyms: Mapping[str, str], roles: tuple[str, ...]
                   ) -> tuple[tuple[str, str, re.Pattern, int], ...]:
    def rx(phrase: str) -> re.Pattern:
        return re.compile(r"(^|\W)" + re.escape(phrase) + r"(\W|$)")
    return tuple((syn, synonyms[syn], rx(syn), -1)
                 for syn in sorted(synonyms, key=len, reverse=True)) + tuple(
        (role, role, rx(role), 1) for role in roles)


def _lower(words) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


@dataclass(frozen=True)
class Pronouns:
    """The pronouns that stand for a person: (gender or None, plural) by form."""
    table: Mapping[str, tuple[str | None, bool]]

    @staticmethod
    def _bare(text: str) -> str:
        p = text.strip().lstrip("-").lower()
        return p[2:] if p.startswith("t-") else p

    def is_pronoun(self, text: str) -> bool:
        return text.strip().lstrip("-").lower().replace("t-", "", 1) in self.table

    def gender(self, text: str) -> tuple[str | None, bool]:
        """("m"|"f"|None, plural) of a subject pronoun as written ("-t-il", "elle")."""
        return self.table.get(self._bare(text), (None, False))


@dataclass(frozen=True)
class NameLexicon:
    """What `people.SpeakerIndex` reads: honorifics, roles, person nouns, grammar words."""
    honorifics: frozenset[str]
    feminine_honorifics: frozenset[str]
    masculine_honorifics: frozenset[str]
    roles: tuple[str, ...]                 # normalised, longest first
    synonyms: Mapping[str, str]            # normalised phrase -> normalised role
    person_nouns: frozenset[str]
    anaphoric: frozenset[str]
    feminine_anaphoric: tuple[str, ...]
    particles: frozenset[str]
    unnamed: frozenset[str]
    pronouns: Pronouns
    determiners: frozenset[str]
    feminine: frozenset[str]               # determiners giving a woman
    masculine: frozenset[str]
    indefinite: frozenset[str]
    definite: frozenset[str]
    elided: tuple[str, ...]
    demonstratives: frozenset[str]
    short_honorifics: frozenset[str]
    name_blockers: frozenset[str]
    topic_heads: frozenset[str]
    age_units: frozenset[str]
    anaphor_skip: frozenset[str]
    # (phrase, role it names, whole-word pattern, replace count): the synonyms longest
    # first, then the roles; the first that matches names the role (`SpeakerIndex`)
    role_patterns: tuple[tuple[str, str, re.Pattern, int], ...] = ()

    @classmethod
    def build(cls, rules: Mapping[str, Any]) -> "NameLexicon":
        names, g = rules["names"], rules["grammar"]
        honorifics = _lower(names["honorifics"])
        synonyms: dict[str, str] = {}
        for key, phrases in rules["role_synonyms"].items():
            for p in phrases:
                synonyms[norm(p)] = norm(key)
        pronouns = {w: (v["gender"] or None, v["plural"]) for w, v in rules["pronouns"].items()}
        roles = tuple(sorted({norm(r) for r in names["roles"]}, key=len, reverse=True))
        return cls(
            honorifics=honorifics | {h.rstrip(".") for h in honorifics},
            feminine_honorifics=_lower(names["feminine_honorifics"]),
            masculine_honorifics=_lower(names["masculine_honorifics"]),
            roles=roles, role_patterns=_role_patterns(synonyms, roles),
            synonyms=synonyms, person_nouns=_lower(names["person_nouns"]),
            anaphoric=frozenset(norm(n) for n in names["anaphoric_nouns"]),
            feminine_anaphoric=tuple(names["feminine_anaphoric_nouns"]),
            particles=_lower(names["particles"]),
            unnamed=frozenset(norm(n) for n in names["unnamed_sources"]),
            pronouns=Pronouns(pronouns), determiners=frozenset(g["determiners"]),
            feminine=frozenset(g["feminine_determiners"]),
            masculine=frozenset(g["masculine_determiners"]),
            indefinite=frozenset(g["indefinite_articles"]),
            definite=frozenset(g["definite_articles"]), elided=tuple(g["elided_articles"]),
            demonstratives=frozenset(g["demonstratives"]),
            short_honorifics=frozenset(g["short_honorifics"]),
            name_blockers=frozenset(g["name_blockers"]),
            topic_heads=frozenset(g["topic_heads"]), age_units=frozenset(g["age_units"]),
            anaphor_skip=frozenset(g["anaphor_skip"]))

    @classmethod
    def read(cls, lexicons) -> "NameLexicon":
        return cls.build(lexicons.get("quote_rules", QUOTE_RULES_SCHEMA))

    def determiner_gender(self, word: str) -> str | None:
        """"f" or "m" for a determiner that gives a gender ("la", "un"), else None."""
        return "f" if word in self.feminine else "m" if word in self.masculine else None


def _speaker_heads(names: Mapping[str, Any]) -> frozenset[str]:
    """Every noun that can head a speaker phrase: person nouns, roles, bodies, sources."""
    words: set[str] = set()
    for key in ("person_nouns", "roles", "body_nouns", "speaker_nouns", "unnamed_sources",
                "anaphoric_nouns"):
        words |= {w.lower() for w in names[key]}
    return frozenset(words)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in words)


@dataclass(frozen=True)
class QuoteLexicon:
    """Speech verbs, cues and grammar words, ready for lookups (built once per stage)."""
    lemmas: frozenset[str]
    forms: frozenset[str]
    reporting: frozenset[str]
    incise_only: frozenset[str]
    multi: Mapping[str, tuple[tuple[str, ...], ...]]   # first word -> the words after it
    source_cues: tuple[str, ...]
    opinion_cues: tuple[str, ...]
    reply_head: re.Pattern                 # "Réponse de X :" at the head of a sentence
    works: frozenset[str]
    elision_letters: str
    person_nouns: frozenset[str]           # person nouns and roles
    speaker_heads: frozenset[str]          # the head nouns a speaker phrase may have
    body_nouns: frozenset[str]             # bodies that speak ("la police", "le parquet")
    human_endings: tuple[str, ...]         # endings of agent nouns ("-teur", "-iste")
    role_prefixes: tuple[str, ...]         # "ex-", "vice-": left out before a lookup
    names: NameLexicon
    grammar: Grammar
    present_ending: str
    present_lemmas: tuple[str, ...]
    respell: tuple[tuple[str, str], ...]
    pron_token: re.Pattern                 # a subject pronoun token ("-t-il", "elle")
    clitic: re.Pattern                     # an inverted clitic in the text ("-t-il")
    clitic_end: re.Pattern                 # one kept at the end of a verb's token
    abbreviation: re.Pattern               # an abbreviation before a full stop

    @classmethod
    def read(cls, lexicons) -> "QuoteLexicon":
        verbs = lexicons.get("speech_verbs", SPEECH_VERBS_SCHEMA)
        rules = lexicons.get("quote_rules", QUOTE_RULES_SCHEMA)
        v, cues, g = verbs["verbs"], verbs["cues"], rules["grammar"]
        multi: dict[str, list[tuple[str, ...]]] = {}
        for lemma in v["lemmas"]:
            words = lemma.lower().split()
            if len(words) > 1:
                multi.setdefault(words[0], []).append(tuple(words[1:]))
        clitics = _alternation(g["clitics"])
        forms = rules["present_forms"]
        return cls(
            lemmas=_lower(v["lemmas"]), forms=_lower(v["forms"]),
            reporting=_lower(v["reporting"]), incise_only=_lower(v["incise_only"]),
            multi={k: tuple(x) for k, x in multi.items()},
            source_cues=tuple(c.lower().replace("’", "'") for c in cues["according_to"]),
            opinion_cues=tuple(c.lower() for c in cues["opinion_of"]),
            reply_head=re.compile(
                r"\W*(?:" + _alternation(verbs["nouns"]["saying"]) + r")\s+(?:"
                + _alternation(verbs["nouns"]["links"]) + r")\s*([^,:;Q]{2,80}?)\s*:\s*$",
                re.I),
            works=_lower(rules["works"]["cues"]),
            elision_letters=rules["works"]["elision_letters"],
            person_nouns=_lower(rules["names"]["person_nouns"]) | _lower(rules["names"]["roles"]),
            speaker_heads=_speaker_heads(rules["names"]),
            body_nouns=_lower(rules["names"]["body_nouns"]),
            human_endings=tuple(rules["names"]["human_endings"]),
            role_prefixes=tuple(rules["names"]["role_prefixes"]),
            names=NameLexicon.build(rules),
            grammar=Grammar.build(g),
            present_ending=forms["ending"], present_lemmas=tuple(forms["lemmas"]),
            respell=tuple((a, b) for a, b in forms["respell"]),
            pron_token=re.compile(r"^-?(?:t-)?(" + clitics + r")$", re.I),
            clitic=re.compile(r"(?:-t)?-(" + clitics + r")\b", re.I),
            clitic_end=re.compile(r"(?:-t)?-(" + clitics + r")$", re.I),
            abbreviation=re.compile(r"(?:^|[\s(])(?:" + _alternation(
                rules["sentences"]["abbreviations"]) + r"|[A-Z])$"))

    # -- verbs ------------------------------------------------------------------------------
    def is_speech(self, t) -> bool:
        """Whether token `t` is a verb of saying (by lemma, by form, or a multiword verb)."""
        if t.pos_ not in ("VERB", "AUX", "NOUN", "ADJ", "PROPN", "X") or len(t.text) < 2:
            return False
        low = t.lower_.replace("’", "'")
        if self.verb_words(t) > 1:
            return True         # "mettre en garde", "faire valoir", "a fait savoir"
        if low in self.grammar.never_speech:
            return False
        return t.lemma_.lower() in self.lemmas or low in self.forms \
            or (t.pos_ in ("VERB", "AUX") and low.rstrip("s") in self.forms)

    def verb_words(self, t) -> int:
        """How many words the verb of saying at token `t` has ("fait savoir": 2)."""
        for rest in self.multi.get(t.lemma_.lower(), ()):
            if tuple(x.lower_ for x in t.doc[t.i + 1:t.i + 1 + len(rest)]) == rest:
                return 1 + len(rest)
        return 1

    def subject_pronoun(self, text: str) -> bool:
        """Whether a word is a pronoun that stands for a person: a subject clitic ("il",
        "-t-elle") or another personal pronoun of the names lexicon ("lui", "celle-ci")."""
        return self.pron_token.match(text) is not None or self.names.pronouns.is_pronoun(text)

    def verb_form(self, t) -> bool:
        """Whether a word the tagger took for a noun is a present form of a speech verb
        ("juge", "estime", "note")."""
        low = t.lower_
        if low in self.forms:
            return True
        if not low.endswith(self.present_ending):
            return False
        stem = low[:-1]
        for a, b in self.respell:
            stem = stem.replace(a, b)
        return any(p.format(form=low, stem=stem) in self.lemmas for p in self.present_lemmas)
