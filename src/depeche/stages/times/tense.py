"""The tense of the verb that governs a time expression, read from the spaCy parse:
"past", "future", "present" or None. It decides whether a bare "samedi" is the Saturday
before or after the anchor. The French verb forms it needs (conditional endings,
irregular future stems, auxiliaries, modals) are the `[tense]` table of times.toml."""
from __future__ import annotations

from typing import Any, Mapping

__all__ = ["is_conditional", "verb_tense"]

PAST_TENSES = {"Past", "Imp"}
_VERBS = ("VERB", "AUX")
_AUX_DEPS = ("aux", "aux:tense", "aux:pass", "cop")


def is_conditional(token, words: Mapping[str, Any]) -> bool:
    """"rendrait", "serait": a conditional, even when the model says imperfect."""
    if "Cnd" in token.morph.get("Mood"):
        return True
    if "Imp" not in token.morph.get("Tense"):
        return False
    form, lemma = token.text.lower(), token.lemma_.lower()
    for ending in words["conditional_endings"]:
        if form.endswith(ending):
            stem = form[: -len(ending)]
            return stem.endswith("r") and (stem in (lemma, lemma[:-1])
                                           or stem in words["irregular_future_stems"])
    return False


def _governing_verb(token):
    """The verb (not an auxiliary) above `token`, or the root verb of its sentence for
    a noun phrase; None if there is none."""
    verb = token
    for _ in range(6):
        if verb.pos_ in _VERBS and verb.dep_ not in _AUX_DEPS:
            break
        if verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX", "ADJ"):
        # a noun phrase: take the root verb of the sentence
        root = verb.sent.root if verb.doc.has_annotation("DEP") else verb
        if root.pos_ not in _VERBS:
            return None
        verb = root
    return verb


def _aux_tense(verb, aux, reflexive: bool, words: Mapping[str, Any]) -> str | None:
    """What one auxiliary of `verb` says of its tense, None if it says nothing."""
    lemma = aux.lemma_.lower()
    tense = aux.morph.get("Tense")
    if is_conditional(aux, words):
        return "future"
    if lemma == words["passive_aux"] and aux.dep_ == "aux:pass" and reflexive and \
            "Pres" in tense:
        return "past"  # "s'est renforcée": a reflexive passé composé
    if lemma in words["perfect_aux"] and verb.morph.get("VerbForm") == ["Part"] and \
            aux.dep_ != "aux:pass":
        if "Fut" in tense:
            return "future"
        return "past"
    if lemma == words["near_future"] and "Pres" in tense:
        return "future"
    if "Fut" in tense:
        return "future"
    if PAST_TENSES & set(tense):
        return "past"
    if "Pres" in tense and aux.dep_ == "aux:pass":
        return "present"
    return None


def _infinitive_tense(verb, words: Mapping[str, Any]) -> str | None:
    """An infinitive takes its direction from the verb it depends on."""
    head = verb.head
    htense = set(head.morph.get("Tense"))
    hlemma = head.lemma_.lower()
    if hlemma == words["near_past"]:
        return "past"
    if "Fut" in htense or is_conditional(head, words) or hlemma == words["near_future"]:
        return "future"
    if hlemma in words["modals"] and "Pres" in htense:
        return "present"
    return None  # "a promis de revenir en décembre": no direction


def verb_tense(token, words: Mapping[str, Any]) -> str | None:
    """"past", "future", "present" or None for the verb governing `token`; `words` is
    the `[tense]` table of the times lexicon."""
    verb = _governing_verb(token)
    if verb is None:
        return None
    auxes = [c for c in verb.children if c.dep_ in _AUX_DEPS]
    reflexive = any(c.dep_.startswith("expl") and c.lower_ in words["reflexive"]
                    for c in verb.children)
    for aux in auxes:
        found = _aux_tense(verb, aux, reflexive, words)
        if found is not None:
            return found
    tense = set(verb.morph.get("Tense"))
    if is_conditional(verb, words):
        return "future"
    if "Fut" in tense:
        return "future"
    if tense & PAST_TENSES:
        return "past"
    if verb.morph.get("VerbForm") == ["Part"]:
        return "past"
    if verb.morph.get("VerbForm") == ["Inf"] and verb.head is not verb:
        return _infinitive_tense(verb, words)
    if "Pres" in tense:
        return "present"
    return None
