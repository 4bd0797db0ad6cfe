"""figures: counts of people and of things damaged, with their category and source.

Each number expression of the text (`depeche.numbers`) is placed in the parse: the
noun it counts, the participle on that noun and the verb or action noun governing it
give the category (`lang/fr/figure_categories.toml`): "6.000 civils ont pu être
évacués" -> evacuated; "dont 250 blessés" -> injured; "une école et deux hôpitaux
visés" -> damaged. Years, dates, ages, money, percentages, durations and distances
are `other` (or nothing), never victims. The source comes from `depeche.attribution`.
The same number for the same fact is one figure (the first mention, with the first
source any mention gives).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Mapping, Sequence

from spacy.tokens import Doc, Token

from ..doctext import text_of
from ..attribution import AttributionLexicon, find_source
from ..numbers import NumberGrammar, Quantity, find_quantities
from .base import ArticleState, Option, Stage
from ..records import FIGURE_CATEGORIES, Figure, Mention, Provenance

_APOS = str.maketrans({"’": "'"})
_PATIENT_DEPS = ("obj", "nsubj:pass", "obl:arg", "iobj")
_SUBJECT_DEPS = ("nsubj",)
_MODIFIER_DEPS = ("acl", "amod", "acl:relcl", "xcomp")
_COUNTED_POS = ("NOUN", "PROPN", "ADJ", "PRON")


def _low(text: str) -> str:
    return text.lower().translate(_APOS)


def _table(section: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """{word or phrase: categories} from {category: [words]} (first listed first)."""
    out: dict[str, list[str]] = {}
    for category, words in section.items():
        if category not in FIGURE_CATEGORIES or not isinstance(words, list):
            continue
        for w in words:
            out.setdefault(_low(w), [])
            if category not in out[_low(w)]:
                out[_low(w)].append(category)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class CategoryLexicon:
    strong: dict[str, tuple[str, ...]]
    needs_next: dict[str, str]
    weak: dict[str, tuple[str, ...]]
    things: frozenset[str]
    affected_ok: frozenset[str]
    patient: dict[str, tuple[str, ...]]
    subject: dict[str, tuple[str, ...]]
    action: dict[str, tuple[str, ...]]
    noun_keeps: dict[str, frozenset[str]]
    partitive: frozenset[str]
    participle_first: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    not_counted: frozenset[str] = frozenset()
    rate_prepositions: frozenset[str] = frozenset()
    linking: frozenset[str] = frozenset()
    not_before: dict[str, tuple[str, ...]] | None = None
    needs_context: dict[str, tuple[str, ...]] | None = None
    rate_after: tuple[str, ...] = ()
    time_nouns: frozenset[str] = frozenset()
    orders: dict[str, tuple[str, ...]] | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "CategoryLexicon":
        nouns, verbs = data.get("nouns", {}), data.get("verbs", {})
        things = data.get("things", {})
        return cls(
            strong=_table(nouns.get("strong", {})),
            needs_next={_low(k): _low(v) for k, v in nouns.get("needs_next", {}).items()},
            weak=_table(nouns.get("weak", {})),
            things=frozenset(_low(w) for w in things.get("nouns", ())),
            affected_ok=frozenset(_low(w) for w in things.get("affected_ok", ())),
            patient=_table(verbs.get("patient", {})),
            subject=_table(verbs.get("subject", {})),
            action=_table(data.get("action_nouns", {})),
            noun_keeps={k: frozenset(v) for k, v in data.get("noun_keeps", {}).items()},
            partitive=frozenset(_low(w) for w in data.get("partitive", {}).get(
                "prepositions", ())),
            participle_first=frozenset(nouns.get("participle_first", ())),
            people=frozenset(_low(w) for w in data.get("people", {}).get("nouns", ())),
            not_counted=frozenset(_low(w) for w in data.get("not_counted", {}).get(
                "nouns", ())),
            rate_prepositions=frozenset(_low(w) for w in data.get("not_counted", {}).get(
                "rate_prepositions", ())),
            linking=frozenset(_low(w) for w in verbs.get("linking", ())),
            not_before={_low(k): tuple(_low(x) for x in v)
                        for k, v in nouns.get("not_before", {}).items()},
            needs_context={_low(k): tuple(_low(x) for x in v)
                           for k, v in nouns.get("needs_context", {}).items()},
            rate_after=tuple(_low(x) for x in data.get("not_counted", {}).get(
                "rate_after", ())),
            time_nouns=frozenset(_low(x) for x in data.get("not_counted", {}).get(
                "time_nouns", ())),
            orders=_table(data.get("orders", {})),
        )


def _lookup(token: Token, table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Categories of `token` in `table`, by form or lemma, multi-word entries included
    ("trouver la mort", "gardes à vue", "membres des forces")."""
    text = text_of(token.doc)
    after = _low(text[token.idx + len(token.text):token.idx + len(token.text) + 40])
    found: list[str] = []
    for key in (_low(token.text), _low(token.lemma_)):
        cats = table.get(key)
        if cats:
            found.extend(c for c in cats if c not in found)
    # multi-word entries starting with this word
    for phrase, cats in table.items():
        if " " not in phrase:
            continue
        first, rest = phrase.split(" ", 1)
        if first in (_low(token.text), _low(token.lemma_)) and (
                after.startswith(" " + rest) or re.match(r"\s*(\w+\s+){0,2}" + re.escape(rest),
                                                         after)):
            found.extend(c for c in cats if c not in found)
    return tuple(found)


class FiguresStage(Stage):
    name = "figures"
    version = 1
    requires = ("doc", "quote_spans")
    provides = ("figures",)
    options = (
        Option("vague", False, "output vague quantities (\"des dizaines\") as figures"),
        Option("others", True, "output counts of no known category as category \"other\""),
    )

    def __init__(self, settings, resources):
        super().__init__(settings, resources)
        self.vague = self.settings["vague"]
        self.others = self.settings["others"]

    # compiled once per stage object from the shared lexicons (no per-article state)
    @cached_property
    def grammar(self) -> NumberGrammar:
        return NumberGrammar.from_dict(self.resources.lexicons.get("numbers"))

    @cached_property
    def categories(self) -> CategoryLexicon:
        return CategoryLexicon.from_dict(self.resources.lexicons.get("figure_categories"))

    @cached_property
    def attribution(self) -> AttributionLexicon:
        return AttributionLexicon.from_dict(self.resources.lexicons.get("attribution"))

    def __call__(self, state: ArticleState) -> tuple[Figure, ...]:
        doc: Doc = state.layers["doc"]
        # counts inside a direct quote come from the quote's speaker
        quotes = state.layers["quote_spans"]
        return extract_figures(doc, self.grammar, self.categories, self.attribution,
                               stage=self.label, vague=self.vague, others=self.others,
                               quotes=quotes)


# --- placing a number in the parse ---------------------------------------------------------

def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _head_of(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    outside = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    return outside[-1] if outside else tokens[-1]


def _next_noun(doc: Doc, i: int) -> Token | None:
    """The noun at or after token `i`, over adjectives like "autres", "derniers"."""
    for t in doc[i:i + 3]:
        if t.pos_ == "NOUN":
            return t
        if t.pos_ != "ADJ" or t.is_punct:
            return None
    return None


def _counted(doc: Doc, q: Quantity) -> tuple[Token | None, Token]:
    """(the counted noun or None when elided, the token to walk the parse from)."""
    tokens = [t for t in _tokens(doc, q.num_start, q.end)]
    if not tokens:
        return None, doc[0]
    head = _head_of(tokens)
    last = tokens[-1]
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    after = _low(text_of(doc)[q.end:q.end + 30])
    # "estimé à 246 le nombre de manifestants tués"
    m = re.match(r"\s+(le|au) (nombre|total|bilan) (de |des |d')", after)
    if m:
        for t in doc[last.i + 1:last.i + 8]:
            if t.idx >= q.end + m.end() and t.pos_ in ("NOUN", "ADJ"):
                return t, t
    # "sept des seize mausolées", "onze de ces 26 victimes": the noun of the whole
    j = last.i + 1
    if j + 1 < len(doc) and _low(doc[j].text) in ("des", "de", "d'entre", "parmi"):
        det = _low(doc[j + 1].text) in ("ces", "les", "leurs", "nos")
        j += 1 + det
        if j + 1 < len(doc) and doc[j].like_num and doc[j].idx >= q.end and (
                det or _low(doc[j - 1].text) == "des"):      # not "un homme de 30 ans"
            whole = _next_noun(doc, j + 1)
            if whole is not None:
                return whole, (whole if head.head.i == whole.i else head)
    # "les forces de l'ordre, au nombre de 8 000"
    before = _low(text_of(doc)[max(0, q.start - 20):q.start])
    if re.search(r"(au|du) nombre (de |d')$", before):
        nombre = next((t for t in reversed(doc[max(0, tokens[0].i - 4):tokens[0].i])
                       if _low(t.text) == "nombre"), None)
        target = nombre.head if nombre is not None else None
        while target is not None and target.pos_ not in ("NOUN", "PROPN") \
                and target.head.i != target.i:
            target = target.head
        if target is not None and target.pos_ in ("NOUN", "PROPN"):
            return target, target
    if head.dep_ in ("nummod", "det", "amod") and head.head.i > last.i \
            and head.head.pos_ in _COUNTED_POS and not (
                head.head.pos_ == "PROPN" and any(c.dep_ == "case" for c in head.head.children)):
        noun = head.head
        if noun.pos_ == "ADJ":
            noun = _next_noun(doc, noun.i) or noun
        return noun, noun
    # collective or partitive: "une trentaine de personnes", "huit de ces 14 décès"
    for child in head.children:
        if child.i > last.i and child.dep_ in ("nmod", "obl", "obl:arg") and \
                child.pos_ in _COUNTED_POS and any(
                    _low(c.text) in ("de", "d'", "des", "du") for c in child.children
                    if c.dep_ == "case"):
            return child, head
    # the parse attached it elsewhere: trust adjacency ("6.000 civils")
    if nxt is not None and nxt.pos_ in ("NOUN", "ADJ") and not nxt.is_punct:
        noun = _next_noun(doc, nxt.i) or nxt
        return noun, noun
    if nxt is not None and _low(nxt.text) in ("de", "d'") and nxt.i + 1 < len(doc) and \
            doc[nxt.i + 1].pos_ == "NOUN" and (q.approx or q.value >= 1000):
        return doc[nxt.i + 1], head
    return None, head


def _categories_of_noun(noun: Token, lex: CategoryLexicon) -> tuple[tuple[str, ...], str]:
    """Strong categories the noun carries by itself, and its class (person | thing)."""
    cats = _lookup(noun, lex.strong)
    after = _low(text_of(noun.doc)[noun.idx + len(noun.text):noun.idx + len(noun.text) + 40])
    need = lex.needs_next.get(_low(noun.text)) or lex.needs_next.get(_low(noun.lemma_))
    if need and not after.lstrip().startswith(need):
        cats = ()
    # "victimes d'infractions", "un autre corps de la police": not a toll
    for key in (_low(noun.text), _low(noun.lemma_)):
        if any(re.match(r"\s*" + re.escape(x) + r"\b", after)
               for x in (lex.not_before or {}).get(key, ())):
            cats = ()
    # "237 cas signalés" counts the sick only where an illness is spoken of
    words = (lex.needs_context or {}).get(_low(noun.text)) or \
        (lex.needs_context or {}).get(_low(noun.lemma_))
    if words and cats:
        sent = noun.sent
        start = noun.doc[max(0, sent.start - 1)].sent.start_char if sent.start else 0
        context = _low(text_of(noun.doc)[start:sent.end_char])
        if not any(w in context for w in words):
            return (), "none"
    kind = "thing" if (_low(noun.text) in lex.things or _low(noun.lemma_) in lex.things) \
        else "person"
    if _low(noun.text) in lex.not_counted or _low(noun.lemma_) in lex.not_counted:
        # jobs, animals, machines, recoveries: neither victims nor damaged buildings
        kind = "none"
    return cats, kind


def _allowed(cats: tuple[str, ...], kind: str, noun: Token | None,
             lex: CategoryLexicon) -> str | None:
    if kind == "none":
        return None
    for c in cats:
        if kind == "thing":
            if c == "damaged":
                return c
            if c == "affected" and noun is not None and (
                    _low(noun.text) in lex.affected_ok or _low(noun.lemma_) in lex.affected_ok):
                return c
        elif c != "damaged":
            return c
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ == "aux:pass" for c in verb.children)


def _verb_category(verb: Token, dep: str, kind: str, noun: Token | None,
                   lex: CategoryLexicon) -> str | None:
    if verb.pos_ not in ("VERB", "ADJ", "AUX", "NOUN"):
        return None
    if dep in _PATIENT_DEPS or (dep in _SUBJECT_DEPS and _is_passive(verb)) \
            or dep in _MODIFIER_DEPS:
        c = _allowed(_lookup(verb, lex.patient), kind, noun, lex)
        if c:
            return c
    # "271.000 personnes sont décédées": the parse reads the être of an intransitive
    # verb as a passive
    if (dep in _SUBJECT_DEPS and not _is_passive(verb)) or dep in _MODIFIER_DEPS \
            or (dep == "nsubj:pass" and verb.morph.get("VerbForm") == ["Part"]):
        c = _allowed(_lookup(verb, lex.subject), kind, noun, lex)
        if c and (dep != "nsubj:pass" or c in _INTRANSITIVE):
            return c
    if dep in _SUBJECT_DEPS or dep in _MODIFIER_DEPS or dep == "nsubj:pass":
        # an adjective or participle that is itself a strong noun form ("blessés")
        c = _allowed(_lookup(verb, lex.strong), kind, noun, lex)
        if c and (dep in _MODIFIER_DEPS or _with_etre(verb)):
            return c
    return None


# the categories of the subject verbs that are intransitive ("mourir", "disparaître"):
# "44 sont surveillés" is a passive, "271.000 personnes sont décédées" is not
_INTRANSITIVE = ("killed", "missing")


def _with_etre(verb: Token) -> bool:
    """ "100 personnes sont mortes", "trois sont portés disparus": a participle or adjective
    with the auxiliary or copula être, of which the count is the subject."""
    return (verb.pos_ in ("ADJ", "VERB") and verb.morph.get("VerbForm") != ["Fin"]) and any(
        c.dep_ in ("aux", "aux:pass", "aux:tense", "cop") and _low(c.lemma_) == "être"
        for c in verb.children)


def _adjacent_category(noun: Token, kind: str, lex: CategoryLexicon) -> str | None:
    """A participle or adjective right after the noun, whatever the parse made of it:
    "les 13 militaires morts", "dix policiers légèrement blessés", "civils tués"."""
    doc = noun.doc
    for t in doc[noun.i + 1:noun.i + 4]:
        if t.is_punct or t.pos_ in ("ADP", "DET", "AUX", "CCONJ", "SCONJ", "PRON", "NUM"):
            return None
        if t.pos_ == "ADV":
            continue
        if t.morph.get("VerbForm") == ["Fin"]:
            if _low(t.lemma_) in lex.linking:
                continue      # "300 personnes restaient empêchées de regagner"
            return None
        c = _allowed(_lookup(t, lex.strong), kind, noun, lex)
        if c:
            return c
        if t.pos_ in ("VERB", "ADJ") or t.morph.get("VerbForm") == ["Part"]:
            c = _allowed(_lookup(t, lex.patient), kind, noun, lex)
            if c:
                return c
    return None


def _modifier_category(noun: Token, kind: str, lex: CategoryLexicon) -> str | None:
    """ "personnes interpellées", "policiers légèrement blessés", "qui sont sans-abri" """
    c = _adjacent_category(noun, kind, lex)
    if c:
        return c
    for child in noun.children:
        if child.dep_ not in _MODIFIER_DEPS or child.i < noun.i:
            continue
        if child.pos_ == "NOUN" and any(c.dep_ == "nummod" for c in child.children):
            continue      # "9.758 cas, dont 107 décès": a sub-count, not a modifier
        if child.dep_ == "acl:relcl" and not _is_passive(child) and any(
                c.dep_ == "nsubj" and _low(c.text) == "qui" for c in child.children):
            # "un homme armé qui a poignardé plusieurs personnes": the noun is the agent
            c = _verb_category(child, "nsubj", kind, noun, lex)
            if c:
                return c
            continue
        c = _verb_category(child, "acl", kind, noun, lex)
        if c:
            return c
        if child.dep_ == "acl:relcl":
            c = _allowed(_lookup(child, lex.strong), kind, noun, lex)
            if c:
                return c
            # "qui ont été tuées": the relative's verb with the counted noun as subject
            c = _verb_category(child, "nsubj:pass" if _is_passive(child) else "nsubj",
                               kind, noun, lex)
            if c:
                return c
    return None


def _walk(start: Token, kind: str, noun: Token | None, lex: CategoryLexicon,
          resolved: dict[int, str]) -> str | None:
    """Up the parse from the counted noun to the verb or action noun that governs it."""
    x = start
    for _ in range(5):
        dep, head = x.dep_, x.head
        if head.i == x.i:
            return None
        if head.i in resolved and dep in ("conj", "appos", "nmod") and kind != "none" \
                and not any(c.dep_ == "case" and _low(c.text) in lex.rate_prepositions
                            for c in x.children):
            # "84 décès pour 100.000 habitants": a rate's base is not a toll; people are
            # not damaged with the vehicle they are attached to
            if _allowed((resolved[head.i],), kind, noun, lex):
                return resolved[head.i]
            if dep == "nmod":
                return None
        if dep in ("conj", "appos") and head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            x = head
            continue
        if head.pos_ in ("NOUN", "PROPN") and dep in ("nmod", "obl", "obl:arg") and not any(
                c.dep_ == "case" and _low(c.text) not in ("de", "d'", "des", "du")
                for c in x.children):
            # only "de" complements: "la mort de 13 militaires", "les vitres d'un poste";
            # not "dans une attaque", "en Louisiane", nor "34.610 morts (238.275 cas)"
            cats = _lookup(head, lex.action) if any(c.dep_ == "case" for c in x.children) \
                or x.dep_ == "nummod" else ()
            if any(d.dep_ == "det" and _low(d.lemma_) in _GENERIC_DETS for d in head.children):
                cats = ()         # "tout rassemblement de plus de dix personnes": a rule
            c = _allowed(cats, kind, noun, lex)
            if c:
                return c
            x = head
            continue
        if head.pos_ in ("VERB", "ADJ", "AUX"):
            if dep in ("obl:mod", "obl") and x.i < head.i and not any(
                    c.dep_.startswith("nsubj") for c in head.children):
                dep = "nsubj"     # "Au moins six touristes, dont ..., ont péri": a lost subject
            c = _verb_category(head, dep, kind, noun, lex)
            if c:
                return c
            # "ont pu être évacués": the passive complement of a modal
            for comp in head.children:
                if comp.dep_ == "conj" and any(c.dep_.startswith("nsubj")
                                               for c in comp.children):
                    continue      # "100 personnes sont mortes et une centaine blessées"
                if comp.dep_ in ("xcomp", "conj") and comp.pos_ in ("VERB", "ADJ") \
                        and comp.i > head.i and dep in _SUBJECT_DEPS:
                    role = "nsubj:pass" if _is_passive(comp) else "nsubj"
                    if comp.dep_ == "xcomp" and (comp.pos_ == "ADJ" or comp.morph.get(
                            "VerbForm") == ["Part"]):
                        role = "acl"      # "restaient privés", "sont portés disparus"
                    c = _verb_category(comp, role, kind, noun, lex)
                    if c:
                        return c
                # "a fait irruption et a retenu, selon X, six personnes": the parse put
                # the object on the first verb of a coordination
                if comp.dep_ == "conj" and comp.pos_ == "VERB" and head.i < comp.i < x.i \
                        and dep in _PATIENT_DEPS:
                    c = _verb_category(comp, dep, kind, noun, lex)
                    if c:
                        return c
            # "a fait irruption dans la banque et a retenu, selon X, six personnes": the
            # coordinated verb hangs on the first verb's object
            bare = dep in ("obl:mod", "obl") and x.i > head.i and not any(
                c.dep_ == "case" for c in x.children)     # an object the parse lost
            if dep in _PATIENT_DEPS or bare:
                for comp in head.doc[head.i + 1:x.i]:
                    if comp.dep_ == "conj" and comp.pos_ == "VERB" and \
                            comp.head.head.i == head.i and not any(
                                c.dep_ in _PATIENT_DEPS for c in comp.children):
                        c = _verb_category(comp, "obj" if bare else dep, kind, noun, lex)
                        if c:
                            return c
            # "ils ont décidé de tuer 3 otages": one more step only through xcomp/conj
            if head.dep_ in ("xcomp", "ccomp") and dep in _PATIENT_DEPS:
                return None
            return None
        return None
    return None


def _partitive(sentence, lex: CategoryLexicon, before: int) -> str | None:
    """ "Parmi les blessés, cinq enfants": the category of a strong noun under "parmi"."""
    for t in sentence:
        if t.i >= before:
            break
        if t.pos_ in ("NOUN", "ADJ") and any(_low(c.text) in lex.partitive for c in t.children
                                              if c.dep_ == "case"):
            cats, kind = _categories_of_noun(t, lex)
            c = _allowed(cats, kind, t, lex)
            if c:
                return c
    return None


_GENERIC_DETS = ("tout", "aucun", "chaque", "nul")
_INSERT_POS = ("ADP", "DET", "NOUN", "PROPN", "ADV", "ADJ", "PUNCT")


def _action_before(doc: Doc, q: Quantity, kind: str, noun: Token | None,
                   lex: CategoryLexicon) -> str | None:
    """ "la mort en décembre de 13 militaires", "l'exécution, jeudi, par les rebelles, de 28
    soldats": the action noun whose "de" complement the count is, past a short insert of
    time, place or agent the parse attached the count to instead."""
    tokens = _tokens(doc, q.start, q.end)
    if not tokens or tokens[0].i < 2:
        return None
    de = doc[tokens[0].i - 1]
    if _low(de.text) not in ("de", "d'"):
        return None
    for t in reversed(doc[max(tokens[0].sent.start, de.i - 9):de.i]):
        if t.pos_ == "NOUN":
            c = _allowed(_lookup(t, lex.action), kind, noun, lex)
            if c and any(d.dep_ == "det" and _low(d.lemma_) in _GENERIC_DETS
                         for d in t.children):
                return None       # "tout rassemblement de plus de dix personnes": a rule
            if c:
                # the action noun is followed by its insert, never by its own "de"
                nxt = doc[t.i + 1]
                if _low(nxt.text) in ("de", "d'", "des", "du") and nxt.i != de.i:
                    return None
                return c
        if t.pos_ not in _INSERT_POS or (t.is_punct and t.text != ","):
            return None
        if _low(t.text) in ("de", "d'", "des", "du"):
            return None
    return None


def _verb_before(doc: Doc, q: Quantity, kind: str, noun: Token | None,
                 lex: CategoryLexicon) -> str | None:
    """ "blessant trois civils", "tuant 12 personnes": a participle or verb right before
    the count, which the parse failed to make its governor."""
    tokens = _tokens(doc, q.start, q.end)
    if not tokens or tokens[0].i < 1:
        return None
    verb = doc[tokens[0].i - 1]
    if verb.morph.get("VerbForm") not in (["Part"], ["Inf"], ["Fin"]) or \
            verb.pos_ not in ("VERB", "ADP", "ADJ") or verb.morph.get("Voice") == ["Pass"]:
        return None
    return _allowed(_lookup(verb, lex.patient), kind, noun, lex)


def _verb_after(doc: Doc, q: Quantity, lex: CategoryLexicon) -> str | None:
    """ "Autour de 37 sont morts", "deux souffraient de contusions": a count with no noun,
    subject of the verb right after it, which the parse failed to read."""
    tokens = _tokens(doc, q.start, q.end)
    if not tokens:
        return None
    etre = aux = False
    for t in doc[tokens[-1].i + 1:tokens[-1].i + 6]:
        if t.pos_ == "AUX" or (t.pos_ == "PRON" and _low(t.text) == "en"):
            aux = aux or t.pos_ == "AUX"
            etre = etre or (_low(t.lemma_) == "être")
            continue
        if t.pos_ == "ADV" and aux:
            continue
        if t.pos_ not in ("VERB", "ADJ", "NOUN"):
            return None
        if etre:
            c = _allowed(_lookup(t, lex.strong), "person", None, lex) or (
                _allowed(_lookup(t, lex.patient), "person", None, lex)
                if t.morph.get("VerbForm") == ["Part"] else None)
            if c:
                return c
        if t.pos_ == "VERB":
            c = _allowed(_lookup(t, lex.subject), "person", None, lex)
            # "44 sont surveillés" is a passive, "37 sont morts" is not
            return c if c and (not etre or c in _INTRANSITIVE) else None
        return None
    return None


def _forces_level(doc: Doc, q: Quantity, lex: CategoryLexicon) -> bool:
    """ "porter les effectifs de l'opération Barkhane à 5.100 hommes": the level a force
    is brought to."""
    tokens = _tokens(doc, q.start, q.end)
    if not tokens or tokens[0].i < 2 or _low(doc[tokens[0].i - 1].text) != "à":
        return False
    for t in reversed(doc[max(tokens[0].sent.start, tokens[0].i - 9):tokens[0].i - 1]):
        if t.pos_ in ("VERB", "AUX", "PUNCT", "NUM", "CCONJ", "SCONJ", "PRON"):
            return False
        if t.pos_ == "NOUN" and "forces" in _lookup(t, lex.weak):
            return True
    return False


def _order_after(noun: Token, lex: CategoryLexicon) -> str | None:
    """ "1,5 million de personnes se trouvaient sous le coup d'ordres d'évacuation": an order
    in the rest of the clause after the counted noun."""
    text = text_of(noun.doc)
    start = noun.idx + len(noun.text)
    clause = re.split(r"[.;:!?]|,\s", _low(text[start:start + 90]), maxsplit=1)[0]
    for phrase, cats in (lex.orders or {}).items():
        if phrase in clause:
            return cats[0]
    return None


def categorize(doc: Doc, q: Quantity, lex: CategoryLexicon,
               resolved: dict[int, str] | None = None) -> tuple[str | None, Token | None, str]:
    """(category or None, counted noun, rule) for one count."""
    resolved = resolved if resolved is not None else {}
    noun, anchor = _counted(doc, q)
    if noun is not None and noun.idx >= q.end and (
            _low(noun.text) in lex.time_nouns or _low(noun.lemma_) in lex.time_nouns):
        noun = None       # "et treize autres lundi": the noun is elided
    kind = "person"
    if noun is not None:
        cats, kind = _categories_of_noun(noun, lex)
        c = _allowed(cats, kind, noun, lex)
        if c and c not in lex.participle_first:
            return c, noun, "noun"
        m = _modifier_category(noun, kind, lex)
        if m:
            return m, noun, "participle"
        if c:
            # "trois militants ont été inculpés": the verb says what happened to them
            w = _walk(anchor, kind, noun, lex, {})
            return (w, noun, "governor") if w else (c, noun, "noun")
    c = _walk(anchor, kind, noun, lex, resolved)
    if c:
        return c, noun, "governor"
    c = _action_before(doc, q, kind, noun, lex)
    if c:
        return c, noun, "action"
    c = _verb_before(doc, q, kind, noun, lex)
    if c:
        return c, noun, "verb.before"
    if noun is None:
        c = _verb_after(doc, q, lex)
        if c:
            return c, noun, "verb.after"
    if noun is not None and kind == "person":
        c = _order_after(noun, lex)
        if c:
            return c, noun, "order"
    if kind == "person" and _forces_level(doc, q, lex):
        return "forces", noun, "forces.level"
    if noun is not None:
        c = _allowed(_lookup(noun, lex.weak), kind, noun, lex)
        if c:
            return c, noun, "noun.weak"
    c = _partitive(anchor.sent, lex, anchor.i)
    if c and kind == "person":
        return c, noun, "partitive"
    return None, noun, ""


def _weak_keeps(category: str, noun: Token | None, lex: CategoryLexicon) -> str:
    """ "140 pompiers participent": a forces noun keeps `forces` against some verbs."""
    if noun is None:
        return category
    for weak in _lookup(noun, lex.weak):
        if category in lex.noun_keeps.get(weak, ()):
            return weak
    return category


# A bare "un"/"une" is a count only for what is plainly counted: a victim, an arrest,
# a thing destroyed — not "un policier", "une manifestante", "un des Etats".
_ARTICLE_CATEGORIES = ("killed", "injured", "missing", "kidnapped", "released", "arrested",
                       "damaged", "evacuated")
_ARTICLE_RULES = ("noun", "participle", "governor")


def _article_counts(category: str, rule: str, noun: Token | None, q: Quantity,
                    text: str, lex: CategoryLexicon) -> bool:
    if category not in _ARTICLE_CATEGORIES or rule not in _ARTICLE_RULES:
        return False
    # "une visite de sa compagne, tuée", "un angle mort": a participle makes a count of
    # one only on a noun that names a person or a thing
    if rule == "participle" and noun is not None and not (
            _low(noun.text) in lex.people or _low(noun.lemma_) in lex.people
            or _low(noun.text) in lex.things or _low(noun.lemma_) in lex.things
            or noun.text[:1].isupper()):
        return False
    # "une des deux victimes", "un groupe de 80 détenus": the count is elsewhere
    if re.match(r"\s*(\w+\s+)?(des|de ces|d'entre|de \d|d'\d)",
                _low(text[q.end:q.end + 30])):
        return False
    # a person found only through the verb ("a tué un Russe et son fils") is too often
    # one of several, or no count at all; things and plain tolls are counted
    if rule == "governor" and category != "damaged" and noun is not None:
        # "un pêcheur est porté disparu", "un manifestant a été interpellé": a person who
        # is the subject of a passive or of être with a participle is a count of one
        if noun.dep_ in ("nsubj", "nsubj:pass") and noun.i < noun.head.i and (
                _is_passive(noun.head) or _with_etre(noun.head)) and (
                _low(noun.text) in lex.people or _low(noun.lemma_) in lex.people):
            return True
        # "après avoir libéré un dernier otage": a victim noun the verb acts on
        victim = set(_lookup(noun, lex.strong)) | (
            set(_lookup(noun, lex.weak)) - {"forces", "participants"})
        if victim and noun.dep_ in _PATIENT_DEPS:
            return True
        # except in a list of counts: "a libéré deux femmes puis un employé"
        return noun.dep_ == "conj" and any(c.dep_ == "nummod" for c in noun.head.children) \
            and (_low(noun.text) in lex.people or _low(noun.lemma_) in lex.people)
    return True


def extract_figures(doc: Doc, grammar: NumberGrammar, lex: CategoryLexicon,
                    attribution: AttributionLexicon, *, stage: str = "figures@1",
                    vague: bool = False, others: bool = True,
                    quotes: Sequence[tuple[int, int, Mention | None]] = ()
                    ) -> tuple[Figure, ...]:
    """The figures of `doc`; `quotes` are the direct quotes' spans and speakers (a count
    inside a quote has the quote's speaker as its source)."""
    text = text_of(doc)
    quoted = [(a, b) for a, b, _ in quotes]
    figures: list[Figure] = []
    resolved: dict[int, str] = {}
    last_in_sentence: dict[int, str] = {}
    seen: dict[tuple[float, str], int] = {}
    seen_noun: dict[tuple[float, str], int] = {}
    last_verb_count: tuple[int, int, str] | None = None
    quantities = find_quantities(text, grammar)
    for n, q in enumerate(quantities):
        if q.kind in ("year", "date"):
            continue
        if q.kind in ("measure", "label"):
            if others and not q.article and not q.vague:
                figures.append(_figure(doc, q, "other", None, None, stage,
                                       f"other.{q.unit or q.kind}"))
            continue
        category, noun, rule = categorize(doc, q, lex, resolved)
        if n and rule not in ("noun", "participle") and re.fullmatch(
                r"\s+(des|de ces|d'entre les|parmi les|de leurs)\s+",
                _low(text[quantities[n - 1].end:q.start])):
            # "la destruction de sept des seize mausolées": the whole is not what was
            # destroyed (but "l'un des deux militaires tués" were both killed)
            category = None
        tail = noun.idx + len(noun.text) if noun is not None and noun.idx >= q.end else q.end
        if category is not None and lex.rate_after and re.match(
                r"\s+(" + "|".join(map(re.escape, lex.rate_after)) + r")(?![\w.,]|[\s.,]\d)",
                _low(text[tail:])):
            category = None       # "environ 220 morts par million d'habitants": a rate
        tokens = _tokens(doc, q.num_start, q.end)
        sent_start = tokens[0].sent.start if tokens else 0
        if category is None:
            # "dont trois graves", "et quatre au Texas": the sub-count of the figure before
            before = _low(text[max(0, q.start - 20):q.start]).rstrip()
            before = re.sub(r"\bdont (encore|notamment|seulement)$", "dont", before)
            # "le Royaume-Uni avec 31.587 morts, l'Italie (30.395)": a list of tolls
            if (before.endswith("dont") or before.endswith(" et") or before.endswith(",")
                    or (before.endswith(":") and noun is None)
                    or (before.endswith("(") and noun is None
                        and re.search(r"\b[A-ZÉ][\w'-]+\s*\($",
                                      text[max(0, q.start - 30):q.start]))) \
                    and sent_start in last_in_sentence and (noun is None or noun.pos_ != "NOUN"
                                                            or before.endswith("dont")):
                category, rule = last_in_sentence[sent_start], "subcount"
        if (category is None or rule == "noun.weak") and not q.vague:
            head_category = _head_of_dont(doc, quantities, n, tail, lex)
            if head_category:
                category, rule = head_category, "dont.head"
        if rule == "noun.weak" and last_verb_count is not None \
                and last_verb_count[0] == sent_start and not _has_own_verb(noun) \
                and re.fullmatch(r"\s*(,|et|,\s*et)\s*", text[last_verb_count[1]:q.start]):
            # "blessant trois civils et deux policiers": the parse hung the second count
            # elsewhere; it shares the verb of the count it is coordinated with
            category, rule = last_verb_count[2], "coordination"
        if category is not None:
            category = _weak_keeps(category, noun, lex)
        if category is None and noun is not None and not q.article \
                and (q.value, _low(noun.lemma_)) in seen_noun:
            # "Six touristes ont été tués", a quote repeating "au moins six touristes
            # ont péri" that the parse failed to read: a mention, which can give the source
            i = seen_noun[(q.value, _low(noun.lemma_))]
            if figures[i].source is None:
                inside = next((m for a, b, m in quotes if a <= q.start < b), None)
                source = find_source(doc, q.start, noun.idx + len(noun.text), attribution,
                                     () if inside else quoted)
                if inside is not None and not _same_person(source, inside):
                    source = inside
                if source is not None:
                    figures[i] = replace(figures[i], source=source)
        if category is None:
            if others and not q.article and not q.vague:
                figures.append(_figure(doc, q, "other", noun, None, stage, "other.uncounted"))
            continue
        if q.vague and not vague:
            continue
        if q.article and not _article_counts(category, rule, noun, q, text, lex):
            continue
        for t in tokens:
            resolved[t.i] = category
        if noun is not None:
            resolved[noun.i] = category
        last_in_sentence[sent_start] = category
        last_verb_count = (sent_start, tail, category) if rule in (
            "governor", "verb.before", "action") and category != "damaged" else None
        end = (noun.idx + len(noun.text)) if noun is not None and noun.idx >= q.start \
            else q.end
        inside = next((m for a, b, m in quotes if a <= q.start < b), None)
        source = find_source(doc, q.start, end, attribution, () if inside else quoted)
        if inside is not None and not _same_person(source, inside):
            source = inside
        key = (q.value, category)
        if key in seen and noun is not None:
            i = seen[key]
            if figures[i].source is None and source is not None:
                old = figures[i]
                figures[i] = Figure(text=old.text, start=old.start, end=old.end,
                                    value=old.value, category=old.category,
                                    provenance=old.provenance, approx=old.approx,
                                    value_max=old.value_max, unit=old.unit, noun=old.noun,
                                    source=source)
            continue
        if noun is not None:
            seen[key] = len(figures)
            seen_noun.setdefault((q.value, _low(noun.lemma_)), len(figures))
        figures.append(_figure(doc, q, category, noun, source, stage,
                               f"{'vague.' if q.vague else ''}{rule}"))
    return tuple(figures)


def _has_own_verb(noun: Token | None) -> bool:
    """ "et 50 pompiers restent sur place": the noun is the subject of its own clause."""
    if noun is None or noun.dep_.startswith("nsubj"):
        return True
    for t in noun.doc[noun.i + 1:noun.i + 4]:
        if t.pos_ in ("ADJ", "ADV"):
            continue
        return t.pos_ in ("AUX", "VERB") and t.morph.get("VerbForm") == ["Fin"]
    return False


def _head_of_dont(doc: Doc, quantities: Sequence[Quantity], n: int, tail: int,
                  lex: CategoryLexicon) -> str | None:
    """ "Au moins six touristes, dont deux enfants, ont péri", "six otages, parmi lesquels
    deux Français, ont été libérés": the parse made the sub-count the verb's subject; the
    count it belongs to shares the verb's category."""
    text = text_of(doc)
    m = re.match(r"(?:\s+[^\W\d][\w-]*){0,2}\s*[,(]\s*"
                 r"(?:dont|parmi (?:lesquel(?:le)?s|eux|elles))\s", text[tail:tail + 60])
    if not m:
        return None
    sub = quantities[n + 1] if n + 1 < len(quantities) else None
    if sub is not None and sub.start == tail + m.end() and sub.kind == "count":
        category, _, rule = categorize(doc, sub, lex, {})
        return category if rule == "governor" else None
    # "Plus de 400 civils, dont des enfants, ont été tués": the verb after the insert
    close = text.find(",", tail + m.end(), tail + m.end() + 80)
    if close < 0 or (sub is not None and sub.start < close):
        return None
    after = doc.char_span(close + 1, min(len(text), close + 40), alignment_mode="expand")
    first = next((t for t in after or () if not t.is_space), None)
    if first is None or first.pos_ not in ("AUX", "VERB"):
        return None
    verb = first.head if first.pos_ == "AUX" else first
    role = "nsubj:pass" if _is_passive(verb) else "nsubj"
    noun = _counted(doc, quantities[n])[0]
    return _verb_category(verb, role, "person", noun, lex)


def _same_person(source: Mention | None, speaker: Mention) -> bool:
    """Whether a source found on the sentence names the quote's speaker ("a précisé la
    police" for the speaker "la police dans son dernier bilan")."""
    if source is None:
        return False
    words = {w for w in re.findall(r"\w+", _low(speaker.text)) if len(w) > 2}
    return any(w in words for w in re.findall(r"\w+", _low(source.text)) if len(w) > 2)


def _figure(doc: Doc, q: Quantity, category: str, noun: Token | None,
            source: Mention | None, stage: str, rule: str) -> Figure:
    text = text_of(doc)
    start, end = q.start, q.end
    noun_mention = None
    if noun is not None:
        noun_mention = Mention(text=noun.text, start=noun.idx, end=noun.idx + len(noun.text))
        if noun.idx >= q.end and noun.idx - q.end <= 40 and "\n" not in text[q.end:noun.idx]:
            end = noun.idx + len(noun.text)
    return Figure(text=text[start:end], start=start, end=end, value=q.value,
                  category=category, provenance=Provenance(stage=stage, rule=rule),
                  approx=q.approx, value_max=q.value_max, unit=q.unit, noun=noun_mention,
                  source=source)
