"""The modality of an event (asserted, planned, proposed, hypothetical, negated).

The cues of `modality.toml` are looked up on the trigger and on the words governing it
(the "chain", up to `max_hops` heads up the parse). The rules are tried in the order of
`RULES`; the first that decides gives the modality and the rule id of the provenance."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable, Iterable

from spacy.tokens import Span, Token

from ...doctext import text_of
from ..base import Verdict
from .context import Sentence
from .lexicon import ModalityCues, norm
from .syntax import NOUNS, VERBS, clause_of, is_finite

__all__ = ["modality_of", "unintended", "announced", "told_past", "RULES", "Focus"]

_CLIMB_DEPS = ("obj", "xcomp", "nmod", "obl:arg", "nsubj", "nsubj:pass", "ccomp", "csubj")
_STOP = Verdict("", "")     # a rule that found its cue does not apply: look no further


@dataclass(frozen=True)
class Focus:
    """A trigger as the modality rules see it."""
    head: Token
    sent: "Sentence | Span"
    own: frozenset[int]                     # the trigger's own tokens
    chain: tuple[Token, ...]                # the trigger and the words governing it
    governors: tuple[tuple[int, Token], ...]  # (hops, word) of the governors
    cues: ModalityCues


def modality_of(cues: ModalityCues, head: Token, sent: "Sentence | Span",
                tokens: Iterable[Token] = ()) -> Verdict[str]:
    chain = _chain(cues, head)
    focus = Focus(head, sent, frozenset(t.i for t in tokens), tuple(chain),
                  _governors(cues, chain), cues)
    for _name, rule in RULES:
        verdict = rule(focus)
        if verdict is not None:
            return verdict
    return Verdict("asserted", "modality.default")


def unintended(cues: ModalityCues, etype: str, modality: str) -> Verdict[str] | None:
    """Nobody plans a storm or a crash: a forecast one may happen."""
    if modality in ("planned", "proposed") and etype in cues.unintended_types:
        return Verdict("hypothetical", "modality.unintended")
    return None


def reported(cues: ModalityCues, etype: str, modality: str, rule: str,
             definite: bool) -> Verdict[str] | None:
    """An arrest, a killing or a crash is announced once done: "le gouvernement avait
    annoncé samedi l'arrestation de près de 3.000 soldats" reports it (OrangeSum 19288),
    where "a annoncé une manifestation" plans one; "la préparation de l'attentat" is of
    the attack told (OrangeSum 2523), "la préparation d'un attentat" of a plot."""
    if modality != "planned" or etype not in cues.reported_types:
        return None
    word = rule.rsplit(":", 1)[-1]
    if word in cues.reported_governors or (definite and word in cues.recalled_governors
                                           and etype in cues.recalled_types):
        return Verdict("asserted", "modality.reported")
    return None


def announced(cues: ModalityCues, head: Token) -> Verdict[str]:
    """The modality of an asserted event dated after its article, by its own phrase or
    its verb's, and not told in the past (see `told_past`): announced, not done ("nouvelle
    journée de grèves et manifestations le 16 janvier" in an article of 12 January, "une
    consultation démarre le 18 janvier"): planned, or proposed when a promise governs it
    in its own sentence ("ils se sont engagés à cesser d'attaquer en échange d'un retrait
    avant le printemps 2021")."""
    t = head
    for _ in range(8):
        if t.head.i == t.i or t.dep_ in ("ccomp", "conj", "parataxis", "advcl"):
            break
        t = t.head
        if norm(t.lemma_) in cues.promises:
            return Verdict("proposed", f"modality.announced:{norm(t.lemma_)}")
    return Verdict("planned", "modality.announced")


def told_past(cues: ModalityCues, head: Token, endings: tuple[str, ...]) -> bool:
    """Whether the trigger, or a verb between it and its clause's, is told in the past
    (passé simple, passé composé, plus-que-parfait, the imperfect; not a conditional the
    tagger took for an imperfect, by its `endings`), or the trigger noun is under a
    preposition of a past fact ("depuis l'interdiction du marché de Noël")."""
    if head.pos_ in NOUNS and any(c.dep_ == "case" and norm(c.text) in cues.past_anchors
                                  for c in head.children):
        return True
    if "Inf" in head.morph.get("VerbForm"):
        return True     # an infinitive has no tense of its own: its governor's cues decide
    verb = clause_of(head)
    t = head
    for _ in range(6):
        if t.pos_ in VERBS and (past(cues, t) or any(
                "Imp" in v.morph.get("Tense") and is_finite(v)
                and not norm(v.text).endswith(endings)
                for v in [t] + [c for c in t.children if c.dep_.startswith("aux")])):
            return True
        if t.i == verb.i or t.head.i == t.i:
            break
        t = t.head
    return False


# --- the chain of governors ----------------------------------------------------------------

def _climbs(cues: ModalityCues, t: Token) -> bool:
    """Whether the modality of `t`'s head reaches `t`."""
    # "doit entamer mercredi les consultations": an object the parser missed
    bare = t.dep_ in ("obl:mod", "obl") and t.pos_ == "NOUN" and not any(
        c.dep_ == "case" for c in t.children) and any(c.dep_ == "det" for c in t.children)
    # "appelle à des discussions et à un cessez-le-feu": a conjoined noun shares the
    # first one's governor; "menacé d'envahir l'ambassade pour capturer X": a
    # purpose is as real as what it is the purpose of
    shared = t.dep_ == "conj" and t.pos_ == "NOUN" and t.head.pos_ == "NOUN"
    purpose = t.dep_ == "advcl" and "Inf" in t.morph.get("VerbForm") and any(
        norm(c.text) in cues.grammar.purpose_marks for c in t.children if c.dep_ == "mark")
    if t.head is t or (t.dep_ not in _CLIMB_DEPS and not bare and not shared and not purpose):
        return False
    if t.pos_ in NOUNS and any(c.dep_ == "case" and norm(c.text) in cues.fact_anchors
                               for c in t.children):
        return False    # "depuis l'attentat de décembre", "après l'accord": a fact told
    if t.pos_ in NOUNS and t.dep_ == "nmod" and norm(t.head.lemma_) in cues.fact_nouns:
        return False    # "commémorer le centenaire du naufrage": it happened
    return True


def _chain(cues: ModalityCues, head: Token) -> list[Token]:
    chain = [head]
    t = head
    for _ in range(cues.max_hops):
        if not _climbs(cues, t):
            break
        finite = t.pos_ in VERBS and (is_finite(t) or any(
            is_finite(c) for c in t.children if c.dep_.startswith("aux")))
        if finite and t.dep_ in ("ccomp", "advcl", "parataxis", "conj", "acl"):
            # "ont peur que ce projet conduise à l'interdiction", "exigent que le
            # siège soit levé": a completive of fear or demand is no fact
            if t.dep_ == "ccomp" and any(norm(c.text) in cues.grammar.restrictive_marks
                                         for c in t.children if c.dep_ == "mark"):
                cue = _completive_cue(cues, t.head)
                if cue is not None:
                    chain.append(cue)
            break
        t = t.head
        chain.append(t)
    return chain


def _completive_cue(cues: ModalityCues, verb: Token) -> Token | None:
    """The word of fear, wish or demand that governs a "que" clause: the verb
    ("craignent que", "demande que") or its object noun ("ont peur que")."""
    words = cues.cues["hypothetical"]["governors"] | cues.cues["proposed"]["governors"]
    for t in [verb] + [c for c in verb.children if c.dep_ == "obj" and c.pos_ == "NOUN"]:
        if norm(t.lemma_) in words:
            return t
    return None


def _governors(cues: ModalityCues, chain: list[Token]) -> tuple[tuple[int, Token], ...]:
    """The chain above the trigger, and the infinitive of "être à" ("des orages sont à
    prévoir", "des violences sont à craindre")."""
    grammar = cues.grammar
    govs = list(enumerate(chain[1:], 1))
    for k, t in list(govs):
        if norm(t.lemma_) in grammar.copulas:
            govs += [(k, x) for x in t.children if x.dep_ == "xcomp" and any(
                norm(m.text) in grammar.to_marks for m in x.children if m.dep_ == "mark")]
    return tuple(govs)


# --- negation ----------------------------------------------------------------------------

def _negative_particle(f: Focus, k: int, t: Token) -> Verdict[str] | None:
    """ "ne ... pas" on the trigger or a verb above it ("ne ... que" restricts, a "que"
    before the verb is the mark of its clause: "a déclaré que le gouvernement
    n'acceptait pas le plan")."""
    cues, grammar = f.cues, f.cues.grammar
    kids = {norm(c.text) for c in t.children}
    # "n'ayant pas ratifié": the "ne" may hang on the auxiliary
    kids |= {norm(g.text) for c in t.children if c.dep_.startswith("aux")
             for g in c.children if g.dep_ == "advmod"}
    only = any(norm(c.text) in grammar.restrictive_marks and c.i > t.i for c in t.children)
    if not (kids & grammar.negation_particles) or only or not kids & cues.neg_adverbs:
        return None
    chain = f.chain
    if k > 0 and chain[k - 1].dep_.startswith("nsubj") and \
            norm(t.lemma_) not in cues.occurrence_verbs:
        return _STOP    # "les combats ne sont pas terminés", "la manifestation
        #                 n'était pas autorisée": said of it, it still happened
    if any(x.dep_ == "nmod" and any(c.dep_ == "case" and norm(c.text) not in grammar.of_cases
                                    for c in x.children) for x in chain[:k]):
        return _STOP    # "n'a pas confirmé le lien entre ces arrestations"
    return Verdict("negated", "modality.negation")


def _negating_governor(f: Focus, k: int, t: Token) -> Verdict[str] | None:
    """ "ont démenti l'attaque", "a reporté le sommet"."""
    lemma = norm(t.lemma_)
    if lemma not in f.cues.cues["negated"]["governors"] or t is f.head:
        return None
    obj = f.chain[k - 1] if k > 0 and f.chain[k - 1].dep_ == "obj" else None
    marks = f.cues.grammar.infinitive_marks
    if obj is not None and any(
            c is not obj and "Inf" in c.morph.get("VerbForm") and any(
                norm(m.text) in marks for m in c.children if m.dep_ == "mark")
            for c in list(t.children) + list(obj.subtree)):
        return _STOP    # "ont empêché plusieurs cortèges de se rejoindre": the
        #                 marches took place, their joining did not
    return Verdict("negated", f"modality.negated:{lemma}")


def negation(f: Focus) -> Verdict[str] | None:
    for k, t in enumerate(f.chain):
        if any(c.i in f.own and norm(c.text) in f.cues.neg_adverbs for c in t.children):
            continue    # the negation is the trigger's own: "n'était pas autorisée"
        verdict = _negative_particle(f, k, t) or _negating_governor(f, k, t)
        if verdict is _STOP:
            return None
        if verdict is not None:
            return verdict
    return None


# --- governors, modifiers, phrases, tense ---------------------------------------------------

def _governor_applies(f: Focus, modality: str, k: int, t: Token, lem: str) -> bool:
    cues = f.cues
    if modality == "hypothetical" and lem in cues.conditional_only and \
            "Cnd" not in t.morph.get("Mood") and not (
            "Part" in t.morph.get("VerbForm") and "Pres" in t.morph.get("Tense")):
        return False    # "pourrait", "pouvant engendrer", not "peut"
    if lem in cues.past_is_fact and past(cues, t):
        return False    # "ont dû être évacués", "a organisé un sommet"
    if f.chain[k - 1].dep_ == "nsubj" and lem not in cues.subject_governors \
            and t in f.chain and not any(c.dep_ == "aux:pass" for c in t.children):
        return False    # "un accord ... prévoit des négociations": the accord is what
        #                 plans, not what is planned
    if lem in cues.narrow and any(x.pos_ == "VERB" and x is not f.head and
                                  norm(x.lemma_) not in cues.support_verbs
                                  for x in f.chain[1:k]):
        return False    # "permettant de comparer les naufrages"
    return True


def governor(modality: str, f: Focus) -> Verdict[str] | None:
    """A governor of the modality above the trigger: "ont prévu de se rassembler",
    "appellent à une manifestation", "pourrait frapper"."""
    words = f.cues.cues[modality]["governors"]
    for k, t in f.governors:
        lem = norm(t.lemma_)
        if lem in words and _governor_applies(f, modality, k, t, lem):
            return Verdict(modality, f"modality.{modality}:{lem}")
    return None


def modifier(modality: str, f: Focus) -> Verdict[str] | None:
    """An adjective or adverb of the modality on the chain: "un éventuel accord"."""
    words = f.cues.cues[modality]["modifiers"]
    for t in f.chain:
        for ch in t.children:
            if ch.dep_ in ("amod", "advmod") and norm(ch.lemma_) in words:
                return Verdict(modality, f"modality.{modality}:{norm(ch.text)}")
    return None


def scheduled(f: Focus) -> Verdict[str] | None:
    """A participle of scheduling right after the trigger noun ("le sommet de
    Nouakchott programmé début juillet", "la réunion, prévue jeudi"), however the
    parser attached it."""
    head = f.head
    if head.pos_ != "NOUN":
        return None
    doc = head.doc
    for i in range(head.i + 1, min(len(doc), head.i + 5)):
        t = doc[i]
        if (t.is_punct and t.text != ",") or is_finite(t):
            return None
        if t.pos_ in ("VERB", "ADJ") and "Part" in t.morph.get("VerbForm") and (
                norm(t.text) in f.cues.participles or norm(t.lemma_) in f.cues.participles):
            if any(c.dep_.startswith("aux") for c in t.children):
                return None
            return Verdict("planned", f"modality.planned:{norm(t.text)}")
    return None


def subject_relative(f: Focus) -> Verdict[str] | None:
    """A subject relative on the trigger noun: "une discussion qui doit être engagée",
    "une réunion qui pourrait se tenir", "un sommet qui se tiendra"."""
    if f.head.pos_ != "NOUN":
        return None
    cues = f.cues
    for rel in f.head.children:
        if rel.dep_ != "acl:relcl" or not any(
                c.dep_.startswith("nsubj") and norm(c.text) in cues.grammar.relative_subjects
                for c in rel.children):
            continue
        lem = norm(rel.lemma_)
        if lem in cues.conditional_only and "Cnd" in rel.morph.get("Mood"):
            return Verdict("hypothetical", "modality.hypothetical:relative")
        if lem in cues.cues["planned"]["governors"] and not past(cues, rel) and \
                "Imp" not in rel.morph.get("Tense"):
            return Verdict("planned", f"modality.planned:relative:{lem}")
        if "Fut" in rel.morph.get("Tense") or any(
                "Fut" in c.morph.get("Tense") for c in rel.children if c.dep_.startswith("aux")):
            return Verdict("planned", "modality.future:relative")
    return None


def phrase(modality: str, f: Focus) -> Verdict[str] | None:
    """A phrase of the modality just before the trigger, inside its sentence."""
    head, sent = f.head, f.sent
    window = norm(text_of(sent.doc)[max(sent.start_char, head.idx - 60):head.idx])
    if any(p.search(window) for p in f.cues.phrase_patterns[modality]):
        return Verdict(modality, f"modality.{modality}:phrase")
    return None


def future(f: Focus) -> Verdict[str] | None:
    """The clause verb in the future: "des manifestations auront lieu"."""
    verb = clause_of(f.head)
    for t in [verb] + [c for c in verb.children if c.dep_.startswith("aux")]:
        if "Fut" in t.morph.get("Tense") and is_finite(t):
            return Verdict("planned", "modality.future")
    return None


def question(f: Focus) -> Verdict[str] | None:
    """A question about what is to come is not a report of it: "Une nouvelle mobilisation
    samedi ?", "Le mouvement marquera-t-il le pas ?". A question told in the past ("Qui a
    tiré ?") still reports that it happened."""
    words = [t for t in f.sent if not t.is_space]
    if not words or words[-1].text != "?":
        return None
    verbs = [t for t in f.sent if t.pos_ in VERBS or t.pos_ == "AUX"]
    if any(past(f.cues, v) or "Imp" in v.morph.get("Tense") for v in verbs):
        return None
    return Verdict("planned", "modality.planned:question")


def past(cues: ModalityCues, verb: Token) -> bool:
    """A governor told in the past, so that what it governs happened ("ont dû être
    évacués", "a organisé un sommet", "durent fuir"), or "dû à" (due to: "le crash
    serait dû à une défaillance")."""
    form = verb.morph.get("VerbForm")
    if "Fin" in form and "Past" in verb.morph.get("Tense"):
        return True     # passé simple
    if "Part" in form and "Past" in verb.morph.get("Tense") and any(
            c.dep_ == "aux:tense" for c in verb.children):
        return True     # passé composé, plus-que-parfait
    grammar = cues.grammar
    return norm(verb.text) in grammar.due_forms and any(
        norm(x.text) in grammar.due_cases for c in verb.children
        for x in c.children if x.dep_ == "case")


Rule = Callable[[Focus], "Verdict[str] | None"]

# The rules in the order they are tried: the first that decides gives the modality.
RULES: tuple[tuple[str, Rule], ...] = (
    ("negation", negation),
    ("hypothetical governor", partial(governor, "hypothetical")),
    ("hypothetical modifier", partial(modifier, "hypothetical")),
    ("proposed governor", partial(governor, "proposed")),
    ("proposed modifier", partial(modifier, "proposed")),
    ("planned governor", partial(governor, "planned")),
    ("planned modifier", partial(modifier, "planned")),
    ("scheduled participle", scheduled),
    ("subject relative", subject_relative),
    ("hypothetical phrase", partial(phrase, "hypothetical")),
    ("proposed phrase", partial(phrase, "proposed")),
    ("planned phrase", partial(phrase, "planned")),
    ("future tense", future),
    ("interrogative", question),
)
