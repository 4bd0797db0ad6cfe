"""Mentions that tell no one event: a kind of event, a topic, a trend, a charge, a habit,
a subheading, a person named in passing."""
from __future__ import annotations

from spacy.tokens import Span, Token

from ...doctext import text_of
from .context import Sentence
from .lexicon import GenericWords, TriggerLexicon, norm
from .syntax import NOUNS, VERBS, case_words, clause_of, head_of, is_finite

__all__ = ["is_generic", "is_habitual", "is_heading", "agent_counts"]


def is_generic(lex: TriggerLexicon, tokens: list[Token]) -> bool:
    """Topic or generic uses: "contre les violences", "la lutte contre le terrorisme",
    an agent noun in a title ("le négociateur")."""
    words = lex.generic
    head = head_of(tokens)
    if _qualifying(words, head) or (_statistic(words, head)
                                     and norm(head.lemma_) not in lex.agents):
        return True     # "2.322 assassinats" are counted acts; "80 pompiers" are people
    if head.pos_ == "ADJ" and head.dep_ == "amod" and head.head.pos_ == "NOUN":
        head = head.head        # "des attaques meurtrières": the noun says which
    cases = case_words(head)
    if cases & words.topic_cases:
        gov = head.head
        warned = {norm(gov.lemma_)} | {norm(c.lemma_) for c in gov.children if c.i < head.i}
        if not (cases & words.warning_cases and warned & lex.warnings):
            return True     # "mis en garde contre les inondations" is a warning
    if head.pos_ == "NOUN" and _charge(words, head):
        return True
    if norm(head.lemma_) in words.plural_events and "Sing" in head.morph.get("Number") \
            and len(tokens) == 1:
        return True     # "la violence endémique" is a state; "des violences" are acts
    if head.pos_ in NOUNS:
        # "la lutte contre X", "la menace de X", "le risque d'X": about, not an event
        gov = head.head
        if gov is not head and norm(gov.lemma_) in lex.generic_governors:
            return True
        if _indefinite_plural(words, head):
            return True
    return False


def _qualifying(words: GenericWords, head: Token) -> bool:
    """A present participle that sizes a gathering named before it ("une réunion...,
    rassemblant une dizaine de personnes"), not a gerund ("en rassemblant")."""
    return head.pos_ in VERBS and norm(head.lemma_) in words.qualifying_participles \
        and "Part" in head.morph.get("VerbForm") and "Pres" in head.morph.get("Tense") \
        and not any(c.dep_ == "mark" for c in head.children) \
        and any(c.dep_ == "obj" for c in head.children)


def _statistic(words: GenericWords, head: Token) -> bool:
    """A plural event noun counted in figures at or above the floor: "2.322 assassinats",
    a count of events over a period, not one occurrence."""
    if not words.statistic_floor or head.pos_ != "NOUN" or \
            "Plur" not in head.morph.get("Number") or \
            norm(head.lemma_) in words.statistic_exempt:
        return False
    for c in head.children:
        digits = "".join(ch for ch in c.text if not ch.isspace() and ch not in ".,")
        if c.dep_ == "nummod" and digits.isdigit() and int(digits) >= words.statistic_floor:
            return True
    return False


def _charge(words: GenericWords, head: Token) -> bool:
    """A bare noun after "pour" names a charge or a motive, not an occurrence: "mis en
    examen pour séquestration et meurtre", "condamné pour assassinat" ("pour le
    meurtre de sa femme" tells one)."""
    t = head
    while t.dep_ == "conj" and t.head is not t and t.head.pos_ == "NOUN":
        t = t.head
    if not case_words(t) & words.charge_cases:
        return False
    return not any(c.dep_ in ("det", "nummod") or norm(c.lemma_) in words.charge_determiners
                   for c in t.children) and not any(c.dep_ == "det" for c in head.children)


def _indefinite_plural(words: GenericWords, head: Token) -> bool:
    """A plural noun with no article or an indefinite one, in a complement, that
    nothing anchors (no number, name, date or place of its own): a kind of event,
    not one ("impliqués dans des attaques meurtrières", "la recrudescence d'attaques",
    "mêlées à des conflits intercommunautaires")."""
    if "Plur" not in head.morph.get("Number") or head.dep_ not in (
            "nmod", "obl", "obl:mod", "obl:arg"):
        return False
    dets = [c for c in head.children if c.dep_ == "det"]
    cases = case_words(head)
    if dets and not all(norm(d.text) in words.indefinite_determiners for d in dets):
        return False
    if not dets and not cases & words.partitive_cases and not cases & words.inside_cases:
        return False
    if norm(head.head.lemma_) in words.quantity_nouns:
        return False        # "des centaines de manifestants"
    anchors = [c for c in head.subtree if c is not head]
    own = {t.i for t in head.subtree}
    gov = head.head
    for _ in range(3):      # "une vague de protestations aux États-Unis"
        anchors += [c for c in gov.children if c.i not in own
                    and c.dep_ in ("obl", "obl:mod", "nmod", "obl:arg")
                    and any(norm(x.text) in words.anchor_cases
                            for x in c.children if x.dep_ == "case")]
        if gov.pos_ != "NOUN" or gov.head is gov:
            break
        gov = gov.head
    return not any(c.like_num or c.pos_ in ("PROPN", "NUM") or c.ent_type_ for c in anchors)


def is_habitual(lex: TriggerLexicon, tokens: list[Token], sent: Sentence) -> bool:
    """Habitual or generic mentions: "de telles manifestations se déroulent chaque
    année", "des grèves ont lieu régulièrement": kinds of events, not occurrences.
    Only in the present or the imperfect: "a eu lieu chaque année" tells a series
    that ended, a future is planned."""
    head = head_of(tokens)
    if head.pos_ in NOUNS and any(
            c.dep_ in ("det", "amod") and norm(c.lemma_) in lex.habitual_determiners
            for c in head.children):
        return True
    if not lex.habitual:
        return False
    clause = clause_of(head)
    ids = [t.i for t in clause.subtree if sent.start <= t.i < sent.end]
    if not ids:
        return False
    low = norm(head.doc[min(ids):max(ids) + 1].text)
    if not any(p.search(low) for p in lex.habitual_patterns):
        return False
    auxes = [c for c in clause.children if c.dep_.startswith("aux")]
    finite = [t for t in [clause] + auxes if is_finite(t)]
    tenses = {x for t in finite for x in t.morph.get("Tense")}
    compound = any(c.dep_ == "aux:tense" for c in clause.children)
    return bool(tenses & {"Pres", "Imp"}) and not compound


def is_heading(sent: "Sentence | Span") -> bool:
    """A subheading glued to the text ("État d'urgence", "- Horizon lointain -"):
    short and verbless; the body tells what it names."""
    text = text_of(sent.doc)[sent.start_char:sent.end_char].strip()
    after = text_of(sent.doc)[sent.end_char:sent.end_char + 40].lstrip(" ")
    if after[:1].islower():
        return False    # the parser cut a sentence: "Arrêté | en Grèce, il a..."
    if text.startswith("-") and text.endswith("-"):
        return True
    dashed = text.startswith("-") or text.endswith("-")
    if (text[:1].isupper() or dashed) and not text.endswith((".", "!", "?", ",")):
        # the tokens are read only for what may be a heading (most sentences end on ".");
        # one dash of "- Véhicule de la gendarmerie percuté -" may have stayed with the
        # sentence next to it: a short line with the other is a heading, verb or not
        words = [t for t in sent if not t.is_punct and not t.is_space]
        if 0 < len(words) <= 8 and (dashed or not any(t.pos_ in VERBS for t in words)):
            return True
    return False


def agent_counts(lex: TriggerLexicon, token: Token) -> bool:
    """A noun for the people of an event makes one only as a subject or counted."""
    quantities = lex.generic.quantity_nouns
    if token.dep_ in ("nsubj", "nsubj:pass"):
        return True
    if any(norm(c.lemma_) in lex.generic.part_words for c in token.children):
        return False    # "quatre autres personnes dont deux pompiers": among the victims
    if any(c.dep_ == "nummod" or norm(c.lemma_) in quantities for c in token.children):
        # "il a blessé deux pompiers": counted as the ones it was done to
        return token.dep_ not in ("obj", "nsubj:pass")
    return token.dep_ == "nmod" and norm(token.head.lemma_) in quantities
