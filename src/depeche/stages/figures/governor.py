"""What the words that govern or modify a counted noun say of its category: the verb
of which it is the object or the subject, the participle on it, the action noun of which
it is the complement ("la mort de 13 militaires"), found by walking up the parse."""
from __future__ import annotations

from typing import Mapping

from spacy.tokens import Token

from ...doctext import text_of
from .lexicon import CategoryLexicon
from .nouns import NONE, allowed, strong_cancelled
from .syntax import MODIFIER_DEPS, PATIENT_DEPS, SUBJECT_DEPS, is_passive, lookup, low, with_be

# the categories of the subject verbs that are intransitive ("mourir", "disparaître"):
# "44 sont surveillés" is a passive, "271.000 personnes sont décédées" is not
INTRANSITIVE = ("killed", "missing")


def verb_category(verb: Token, dep: str, kind: str, noun: Token | None,
                  lex: CategoryLexicon) -> str | None:
    """The category `verb` gives to what fills its role `dep` (object, subject, modified)."""
    if verb.pos_ not in ("VERB", "ADJ", "AUX", "NOUN"):
        return None
    if dep in PATIENT_DEPS or (dep in SUBJECT_DEPS and is_passive(verb)) \
            or dep in MODIFIER_DEPS:
        c = allowed(lookup(verb, lex.object), kind, noun, lex)
        if c:
            return c
    # "271.000 personnes sont décédées": the parse reads the être of an intransitive
    # verb as a passive
    if (dep in SUBJECT_DEPS and not is_passive(verb)) or dep in MODIFIER_DEPS \
            or (dep == "nsubj:pass" and verb.morph.get("VerbForm") == ["Part"]):
        c = allowed(lookup(verb, lex.subject), kind, noun, lex)
        if c and (dep != "nsubj:pass" or c in INTRANSITIVE):
            return c
    if dep in SUBJECT_DEPS or dep in MODIFIER_DEPS or dep == "nsubj:pass":
        # an adjective or participle that is itself a strong noun form ("blessés")
        strong = () if strong_cancelled(verb, lex) else lookup(verb, lex.strong)
        c = allowed(strong, kind, noun, lex)
        if c and (dep in MODIFIER_DEPS or with_be(verb, lex.words.copula)):
            return c
    return None


_STATE_DEPS = ("obl", "obl:mod", "obl:arg", "nmod", "advmod", "xcomp", "amod", "obj")


def _phrase_start(token: Token) -> int:
    """Where the phrase of `token` starts: its first preposition ("en garde à vue")."""
    cases = [c.idx for c in token.children if c.dep_ == "case" and c.i < token.i]
    return min(cases + [token.idx])


def state_category(head: Token, kind: str, noun: Token | None, lex: CategoryLexicon,
                   itself: bool = False) -> str | None:
    """A state the counted people are put or left in, on the verb, participle or copula
    `head` ("placées en garde à vue", "a laissé 300 personnes sans abri"); `itself`: the
    head is the state ("étaient en garde à vue")."""
    text = text_of(head.doc)
    heads = [head] if itself else [c for c in head.children
                                   if c.dep_ in _STATE_DEPS and c.i > head.i]
    for h in heads:
        start = _phrase_start(h)
        after = low(text[start:start + 40])
        for phrase, cats in lex.states.items():
            if after.startswith(phrase) and not after[len(phrase):len(phrase) + 1].isalpha():
                c = allowed(cats, kind, noun, lex)
                if c:
                    return c
    return None


def predicate_category(head: Token, kind: str, noun: Token | None,
                       lex: CategoryLexicon) -> str | None:
    """A noun or adjective with a copula of which the count is the subject: "trois
    participants sont morts", "deux autres étaient toujours en garde à vue"."""
    # "deux policiers sont morts": the parse may read the copula as a passive auxiliary
    if not any(c.dep_ == "cop" or c.dep_.startswith("aux") and low(c.lemma_) == lex.words.copula
               for c in head.children):
        return None
    return allowed(lookup(head, lex.strong), kind, noun, lex) or \
        state_category(head, kind, noun, lex, itself=True)


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
            if low(t.lemma_) in lex.linking:
                continue      # "300 personnes restaient empêchées de regagner"
            return None
        # "un policier victime d'un malaise": the word says nothing of a toll here
        strong = () if strong_cancelled(t, lex) else lookup(t, lex.strong)
        c = allowed(strong, kind, noun, lex)
        if c:
            return c
        if t.pos_ in ("VERB", "ADJ") or t.morph.get("VerbForm") == ["Part"]:
            c = allowed(lookup(t, lex.object), kind, noun, lex)
            if c:
                return c
    return None


def _relative_category(child: Token, kind: str, noun: Token, lex: CategoryLexicon) -> str | None:
    """A relative clause on the noun: "qui ont été tuées", "qui sont sans-abri"."""
    c = allowed(lookup(child, lex.strong), kind, noun, lex)
    if c:
        return c
    # "qui ont été tuées": the relative's verb with the counted noun as subject
    return verb_category(child, "nsubj:pass" if is_passive(child) else "nsubj", kind, noun, lex)


def modifier_category(noun: Token, kind: str, lex: CategoryLexicon) -> str | None:
    """ "personnes interpellées", "policiers légèrement blessés", "qui sont sans-abri" """
    c = _adjacent_category(noun, kind, lex)
    if c:
        return c
    for child in noun.children:
        if child.dep_ not in MODIFIER_DEPS or child.i < noun.i:
            continue
        if child.pos_ == "NOUN" and any(c.dep_ == "nummod" for c in child.children):
            continue      # "9.758 cas, dont 107 décès": a sub-count, not a modifier
        if child.dep_ == "acl:relcl" and not is_passive(child) and any(
                c.dep_ == "nsubj" and low(c.text) == lex.words.relative_subject
                for c in child.children):
            # "un homme armé qui a poignardé plusieurs personnes": the noun is the agent
            c = verb_category(child, "nsubj", kind, noun, lex)
            if c:
                return c
            continue
        c = verb_category(child, "acl", kind, noun, lex) or (
            state_category(child, kind, noun, lex) if child.pos_ == "VERB" else None)
        if c:
            return c
        if child.dep_ == "acl:relcl":
            c = _relative_category(child, kind, noun, lex)
            if c:
                return c
    return _past_complement(noun, kind, lex)


def _past_complement(noun: Token, kind: str, lex: CategoryLexicon) -> str | None:
    """ "Cinq membres d'une même famille tués", "Trois gardiens de la prison d'Arles
    blessés": a plural participle the parse hung on a singular complement of the noun
    agrees with the noun only."""
    if noun.morph.get("Number") != ["Plur"]:
        return None
    todo, depth = [noun], 0
    while todo and depth < 3:
        depth += 1
        todo = [c for t in todo for c in t.children if c.dep_ == "nmod" and c.i > t.i
                and c.morph.get("Number") == ["Sing"]]
        for comp in todo:
            for part in comp.children:
                if part.dep_ in ("acl", "amod") and part.i > comp.i \
                        and part.morph.get("Number") == ["Plur"]:
                    c = verb_category(part, "acl", kind, noun, lex)
                    if c:
                        return c
    return None


def walk(start: Token, kind: str, noun: Token | None, lex: CategoryLexicon,
         resolved: Mapping[int, str]) -> str | None:
    """Up the parse from the counted noun to the verb or action noun that governs it
    (`resolved`: the categories already given to tokens of the article)."""
    x = start
    for _ in range(5):
        category, up = _step(x, kind, noun, lex, resolved)
        if up is None:
            return category
        x = up
    return None


def _step(x: Token, kind: str, noun: Token | None, lex: CategoryLexicon,
          resolved: Mapping[int, str]) -> tuple[str | None, Token | None]:
    """One step up: (the category found, None) to stop, or (None, the next token)."""
    dep, head = x.dep_, x.head
    if head.i == x.i:
        return None, None
    if head.i in resolved and dep in ("conj", "appos", "nmod") and kind != NONE \
            and not any(c.dep_ == "case" and low(c.text) in lex.rate_prepositions
                        for c in x.children):
        # "84 décès pour 100.000 habitants": a rate's base is not a toll; people are
        # not damaged with the vehicle they are attached to
        if allowed((resolved[head.i],), kind, noun, lex):
            return resolved[head.i], None
        if dep == "nmod":
            return None, None
    if dep in ("conj", "appos") and head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        return None, head
    of = lex.words.complement_article
    if head.pos_ in ("NOUN", "PROPN") and dep in ("nmod", "obl", "obl:arg") and not any(
            c.dep_ == "case" and low(c.text) not in of for c in x.children):
        c = _action_category(x, head, kind, noun, lex)
        return (c, None) if c else (None, head)
    if head.pos_ in ("VERB", "ADJ", "AUX"):
        return _verb_governor(x, dep, head, kind, noun, lex), None
    if dep in SUBJECT_DEPS or dep == "nsubj:pass":
        return predicate_category(head, kind, noun, lex), None
    return None, None


def _action_category(x: Token, head: Token, kind: str, noun: Token | None,
                     lex: CategoryLexicon) -> str | None:
    """Only "de" complements: "la mort de 13 militaires", "les vitres d'un poste"; not
    "dans une attaque", "en Louisiane", nor "34.610 morts (238.275 cas)"."""
    cats = lookup(head, lex.action) if any(c.dep_ == "case" for c in x.children) \
        or x.dep_ == "nummod" else ()
    if any(d.dep_ == "det" and low(d.lemma_) in lex.words.generic_determiners
           for d in head.children):
        cats = ()         # "tout rassemblement de plus de dix personnes": a rule
    return allowed(cats, kind, noun, lex)


def _verb_governor(x: Token, dep: str, head: Token, kind: str, noun: Token | None,
                   lex: CategoryLexicon) -> str | None:
    """The verb (or adjective) `head` governing `x` in the role `dep`, or a verb next to it
    the parse should have hung `x` on."""
    if dep in ("obl:mod", "obl") and x.i < head.i and not any(
            c.dep_.startswith("nsubj") for c in head.children):
        dep = "nsubj"     # "Au moins six touristes, dont ..., ont péri": a lost subject
    if dep in ("obl:mod", "obl") and any(c.dep_ == "case" and low(c.text) in
                                         lex.words.comitative for c in x.children):
        return _comitative(head, kind, noun, lex)
    c = verb_category(head, dep, kind, noun, lex)
    if c:
        return c
    if dep in SUBJECT_DEPS or dep in PATIENT_DEPS:
        c = state_category(head, kind, noun, lex)
        if c:
            return c
    for comp in head.children:
        c = _complement_category(comp, x, dep, head, kind, noun, lex)
        if c:
            return c
    # "a fait irruption dans la banque et a retenu, selon X, six personnes": the
    # coordinated verb hangs on the first verb's object
    bare = dep in ("obl:mod", "obl") and x.i > head.i and not any(
        c.dep_ == "case" for c in x.children)     # an object the parse lost
    if dep in PATIENT_DEPS or bare:
        for comp in head.doc[head.i + 1:x.i]:
            if comp.dep_ == "conj" and comp.pos_ == "VERB" and \
                    comp.head.head.i == head.i and not any(
                        c.dep_ in PATIENT_DEPS for c in comp.children):
                c = verb_category(comp, "obj" if bare else dep, kind, noun, lex)
                if c:
                    return c
    # "ils ont décidé de tuer 3 otages": no step further up
    return None


def _comitative(verb: Token, kind: str, noun: Token | None,
                lex: CategoryLexicon) -> str | None:
    """ "le commandant a été arrêté avec 51 soldats", "mort avec trois autres": what
    happened to the subject of a passive or an intransitive verb happened to them too
    (not to the companions of an agent: "a tué deux personnes avec un complice")."""
    if is_passive(verb):
        return verb_category(verb, "nsubj:pass", kind, noun, lex)
    c = verb_category(verb, "nsubj", kind, noun, lex)
    return c if c in INTRANSITIVE else None


def _complement_category(comp: Token, x: Token, dep: str, head: Token, kind: str,
                         noun: Token | None, lex: CategoryLexicon) -> str | None:
    """A verb complementing or coordinated with the governor: "ont pu être évacués"."""
    if comp.dep_ == "conj" and any(c.dep_.startswith("nsubj") for c in comp.children):
        return None      # "100 personnes sont mortes et une centaine blessées"
    if comp.dep_ in ("xcomp", "conj") and comp.pos_ in ("VERB", "ADJ") \
            and comp.i > head.i and dep in SUBJECT_DEPS:
        role = "nsubj:pass" if is_passive(comp) else "nsubj"
        if comp.dep_ == "xcomp" and (comp.pos_ == "ADJ" or comp.morph.get(
                "VerbForm") == ["Part"]):
            role = "acl"      # "restaient privés", "sont portés disparus"
        c = verb_category(comp, role, kind, noun, lex)
        if c:
            return c
    # "a fait irruption et a retenu, selon X, six personnes": the parse put the object
    # on the first verb of a coordination
    if comp.dep_ == "conj" and comp.pos_ == "VERB" and head.i < comp.i < x.i \
            and dep in PATIENT_DEPS:
        return verb_category(comp, dep, kind, noun, lex)
    return None
