"""Who said it: the speaker rules, tried in order on each direct quote.

Each rule reads the quote's clause (the words before and after it in its sentence, cut
at semicolons) and returns a `Verdict((speaker words, verb), rule id)` or None; the first
whose words resolve to a speaker wins, and its id goes into the quote's provenance:

- `incise`: an incise inside two pieces or right after the quote ("a-t-il affirmé",
  "assure Monther");
- `listed`: right after the last quote, with only a comma or "et" between them;
- `verb-before`: a speech verb before the quote ("X a déclaré :", "comme le rappelle X");
- `selon`: "selon X", "d'après X" in the sentence;
- `pour`: "Pour X, « … »" at the head of the sentence;
- `reply-of`: "Réponse de X : « … »", a noun of saying at the head of the sentence;
- `verb-after`: a speech verb later in the sentence;
- `clause-subject`: the subject of the clause the quote is part of;
- `colon-head`: a name alone before a colon at the head of the clause ("X : « … »");
- `marks`: none of them (the neighbouring quotes may still give one, see `neighbours`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ...records import Mention
from ..base import Verdict
from .context import QuoteContext
from .incises import from_incise
from .marks import Found
from .phrases import clitic_near, gerund, leading_subject, noun_phrase, np_after, subject_of
from .resolve import SameAs, can_speak, set_speaker

__all__ = ["Clause", "SPEAKER_RULES", "attribute"]


@dataclass(frozen=True)
class Clause:
    """A quote and the words around it in its clause (its sentence cut at semicolons)."""
    f: Found
    start: int                 # where the clause starts
    before: list               # its tokens before the quote, outside quotes
    after: list                # its tokens after the quote
    inner: list                # the tokens between the quote's two pieces, if two
    last: Found | None         # the last quote given a speaker

    @classmethod
    def of(cls, ctx: QuoteContext, f: Found, last: Found | None) -> "Clause":
        s, e = ctx.sentence_bounds(f.open, f.close)
        # a semicolon ends the clause a speaker is looked for in
        semi = ctx.masked.rfind(";", s, f.open)
        s = semi + 1 if semi >= 0 else s
        semi = ctx.masked.find(";", f.close + 1, e)
        e = semi if semi >= 0 else e
        inner = ctx.tokens_in(f.pieces[0].close + 1, f.pieces[1].open) \
            if len(f.pieces) > 1 else []
        return cls(f=f, start=s, before=ctx.tokens_in(s, f.open),
                   after=ctx.tokens_in(f.close + 1, e), inner=inner, last=last)


# how far after the last attributed quote an unattributed one still goes on with its words
CONTINUE_CHARS = 400

Rule = Callable[[QuoteContext, Clause], "Verdict | None"]


def _verdict(got, rule: str) -> Verdict | None:
    return Verdict(got, rule) if got is not None else None


def incise_inside(ctx: QuoteContext, c: Clause) -> Verdict | None:
    """ "« … », a-t-il dit, « … »": the incise between two pieces."""
    return _verdict(from_incise(ctx, c.inner, immediate=True) if c.inner else None, "incise")


def incise_after(ctx: QuoteContext, c: Clause) -> Verdict | None:
    """ "« … », assure Monther": a speech verb and its subject right after the quote."""
    return _verdict(from_incise(ctx, c.after, immediate=True), "incise")


def listed(ctx: QuoteContext, c: Clause) -> Verdict | None:
    """ "des tests ADN « magouillés », « une instruction à charge »": a quote listed right
    after the last one, with nothing but a comma or a conjunction between them."""
    last = c.last
    if last is None or last.close >= c.f.open or c.f.open - last.close > 12:
        return None
    between = ctx.text[last.close + 1:c.f.open].replace("\xa0", " ")
    words = between.replace(",", " ").split()
    if "\n" in between or len(words) > 1 or words and words[0] not in ctx.lex.grammar.and_or \
            or not words and "," not in between:
        return None         # only a comma or a conjunction, in the same sentence
    return Verdict((SameAs(last), None), "listed")


def verb_before(ctx: QuoteContext, c: Clause) -> Verdict | None:
    """ "X a déclaré : « … »", "comme le rappelle X, « … »"."""
    return _verdict(from_verb_before(ctx, c.before, c.last), "verb-before")


def according_to(ctx: QuoteContext, c: Clause) -> Verdict | None:
    """ "selon X", "d'après X" before or after the quote."""
    return _verdict(from_cue(ctx, c.before + c.after), "selon")


def opinion_of(ctx: QuoteContext, c: Clause) -> Verdict | None:
    """ "Pour X, « … »" at the head of the clause."""
    return _verdict(from_opinion(ctx, c.start, c.f.open), "pour")


def reply_of(ctx: QuoteContext, c: Clause) -> Verdict | None:
    """ "Réponse de Manuel Valls : « … »": a noun of saying and its speaker, then a colon."""
    m = ctx.lex.reply_head.match(ctx.masked[c.start:c.f.open])
    if m is None:
        return None
    np = np_after(ctx, ctx.tokens_in(c.start + m.start(1), c.start + m.end(1)))
    return _verdict((np, None) if np else None, "reply-of")


def verb_after(ctx: QuoteContext, c: Clause) -> Verdict | None:
    """A speech verb later in the clause, and its subject."""
    return _verdict(from_incise(ctx, c.after, immediate=False), "verb-after")


def clause_subject(ctx: QuoteContext, c: Clause) -> Verdict | None:
    """ "Le préfet redoute « … »": the subject of the clause, if a person or body."""
    return _verdict(from_clause(ctx, c.before), "clause-subject")


def colon_head(ctx: QuoteContext, c: Clause) -> Verdict | None:
    """ "Emmanuel Macron : « … »" (a headline's shape): a name alone before a colon at
    the head of the clause, nothing else before the quote."""
    if any(t.pos_ in ("VERB", "AUX") for t in c.after):
        return None             # "Héritage de X : « Mamie Rock » brise le silence"
    return _verdict(from_colon_head(c.before), "colon-head")


SPEAKER_RULES: tuple[Rule, ...] = (incise_inside, incise_after, listed, verb_before,
                                   according_to, opinion_of, reply_of, verb_after,
                                   clause_subject, colon_head)


def attribute(ctx: QuoteContext, f: Found, last: Found | None) -> None:
    """Give `f` the speaker of the first rule whose words resolve to one, and that rule's
    id and verb; "marks" if none does."""
    clause = Clause.of(ctx, f, last)
    for rule in SPEAKER_RULES:
        verdict = rule(ctx, clause)
        if verdict is None:
            continue
        who, verb = verdict.value
        if clause.last is not None and _names_same_source(ctx, who):
            who = SameAs(clause.last)
        if set_speaker(ctx, f, who):
            f.rule = verdict.rule
            f.verb = Mention(verb.text, verb.idx, verb.idx + len(verb.text)) \
                if verb is not None else None
            return
    f.rule = "marks"


def _names_same_source(ctx: QuoteContext, who) -> bool:
    """"ajoute la même source": the phrase names again the last quote's source."""
    if not isinstance(who, list) or not who or not hasattr(who[0], "idx") \
            or not hasattr(who[-1], "idx"):
        return False
    phrase = ctx.text[who[0].idx:who[-1].idx + len(who[-1].text)].lower()
    return phrase.strip(" ,;:") in ctx.lex.grammar.same_source


# -- the rules' readings --------------------------------------------------------------------

def _word_back(words: list[str], n: int) -> str | None:
    return words[-n] if len(words) >= n else None


def from_verb_before(ctx: QuoteContext, before, last: Found | None):
    """A speech verb before the quote in its sentence, and its subject: the parse's
    subject, an inverted subject after it, the sentence's leading noun phrase, or (for
    a subject left out: "Et se dit prête à …") the last person spoken of."""
    lex = ctx.lex
    toks = list(before)
    # "Interrogé par X, le ministre a confirmé « … »": X asked, the passive's agent
    verbs = [k for k, t in enumerate(toks) if lex.is_speech(t) and (
        t.pos_ in ("VERB", "AUX") or k and toks[k - 1].lemma_ in lex.grammar.perfect_auxiliaries)
        and not _not_saying(ctx, t) and not _agent_passive(t)]     # "a tweeté" as a name
    for k in reversed(verbs):
        got = _verb_at(ctx, toks, k, last)
        if got is not None:
            return got
    if verbs:
        t = toks[verbs[-1]]
        lead = leading_subject(toks[:verbs[-1]], lex.grammar.lead_adverbs)
        if lead:
            return lead, t
        if last is not None and last.speaker and 0 <= t.idx - last.close < 600 \
                and t.morph.get("VerbForm") == ["Fin"]:
            return SameAs(last), t
    return None


def _verb_at(ctx: QuoteContext, toks, k: int, last: Found | None):
    """The subject of speech verb toks[k] before a quote, or None."""
    g = ctx.lex.grammar
    t = toks[k]
    lead = [x.lower_ for x in toks[max(0, k - 3):k] if x.pos_ != "AUX"]
    if _word_back(lead, 2) in g.inversion_cues or _word_back(lead, 3) in g.inversion_cues:
        # "comme le rappelle HRW, « … »": the subject comes after the verb
        np = np_after(ctx, toks[k + ctx.lex.verb_words(t):])
        if np:
            return np, t
    if t.morph.get("VerbForm") == ["Inf"] and k >= 1 and (
            toks[k - 1].lower_ in g.infinitive_prepositions and k >= 2
            and toks[k - 2].lower_ in g.then_words
            or toks[k - 1].lower_ in g.perfect_auxiliaries):
        # "…, lui avait dit X, avant de poursuivre « … »": X again
        if last is not None and last.speaker and 0 <= t.idx - last.close < 300:
            return SameAs(last), t
    prev = ctx.doc[t.i - 1]
    if gerund(t) and t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN") and (
            prev.i == t.head.i or prev.head.i == t.head.i and not prev.is_punct
            and prev.pos_ != "PRON"):
        # "une femme hurlant « … »", "par un homme criant « … »": the noun it qualifies,
        # written right before it (not "…, lançant à son interlocuteur")
        who = [x for x in noun_phrase(ctx, t.head) or () if x.i < t.i]
        return (who, t) if who and _speakable(ctx, who) else None
    who = subject_of(ctx, t)
    if who and _speakable(ctx, who):
        return who, t
    for aux in (c for c in t.children if c.dep_.startswith("aux") and c.i < t.i):
        # "le tueur en série a une nouvelle fois affirmé": the parse hangs the subject on
        # the auxiliary, and makes "une nouvelle fois" the verb's
        who = subject_of(ctx, aux)
        if who and _speakable(ctx, who):
            return who, t
    clitic = clitic_near(ctx, toks, 0, k)
    if clitic is not None:
        return [clitic], t
    if gerund(t):
        # "« … », a indiqué X, ajoutant que les enquêteurs « … »": X, who said the
        # sentence's first quote; but never the participle's object ("appelant les
        # Espagnols à …")
        if last is not None and last.speaker and \
                ctx.sentence_bounds(t.idx, t.idx + 1)[0] <= last.open:
            return SameAs(last), t
        return None
    before = _np_before(toks, k)
    if before:
        return before, t
    # inverted: the verb group right after a comma or a quote
    j = k - 1
    while j >= 0 and (toks[j].pos_ in ("AUX", "ADV") or toks[j].lower_ in g.lead_adverbs):
        j -= 1
    if j < 0 or toks[j].text in (",",) or ctx.masked[toks[max(j, 0)].idx - 1:
                                                     toks[max(j, 0)].idx] == "Q":
        np = np_after(ctx, toks[k + ctx.lex.verb_words(t):])
        if np and _speakable(ctx, np):
            return np, t
    return None


def _speakable(ctx: QuoteContext, who) -> bool:
    """Whether the words a reading found can name a speaker: a pronoun, or a phrase that
    can speak; not "une nouvelle fois" the parse made a subject, nor "sa vie" after
    "résume ainsi"."""
    return len(who) == 1 and ctx.lex.subject_pronoun(who[0].text) or can_speak(ctx, who)


def _np_before(toks, k: int):
    """The noun phrase right before the verb group of toks[k], after a comma or a colon,
    that the parse left without a function: "…, le Premier ministre a par ailleurs
    confirmé"."""
    j = k - 1
    while j >= 0 and (toks[j].pos_ in ("AUX", "ADV") or toks[j].pos_ == "ADP"
                      and j + 1 < k and toks[j + 1].pos_ == "ADV"):
        j -= 1
    end = j
    while j >= 0 and toks[j].pos_ in ("NOUN", "PROPN", "ADJ", "DET") \
            and toks[j].text[:1] not in "«»\"":
        j -= 1
    # after a comma, a determiner first; after a colon, a name may open the clause too
    # ("… « interpellé par tout cela »: Santé publique France a admis « … »")
    colon = j >= 0 and toks[j].text == ":"
    if end - j < 2 or not (j < 0 or toks[j].text == "," or colon) \
            or toks[j + 1].pos_ != "DET" and not (colon and toks[j + 1].text[:1].isupper()) \
            or toks[end].pos_ not in ("NOUN", "PROPN"):
        return None
    return toks[j + 1:end + 1]


def _not_saying(ctx: QuoteContext, t) -> bool:
    """A verb that says only as an incise ("poursuit-il") and not with an object:
    "le boson va permettre de poursuivre les recherches : « … »"."""
    if t.lemma_.lower() not in ctx.lex.incise_only:
        return False
    with_object = any(c.dep_ in ("obj", "xcomp") and c.pos_ in ("NOUN", "VERB") and c.i > t.i
                      and c.ent_type_ != "PER" and not ctx.in_quote(c.idx) for c in t.children)
    return with_object or t.morph.get("VerbForm") == ["Inf"] and not (
        t.i >= 2 and ctx.doc[t.i - 2].lower_ in ctx.lex.grammar.then_words)


def from_cue(ctx: QuoteContext, toks):
    """"selon X", "d'après X": the phrase after the cue, in the quote's sentence."""
    toks = list(toks)
    if not toks:
        return None
    cues = ctx.lex.source_cues
    longest = max(map(len, cues), default=0)
    for k, t in enumerate(toks):
        # the text at t lowered once for all cues (when lowering keeps its length)
        raw = ctx.text[t.idx:t.idx + longest]
        low = raw.lower().replace("’", "'")
        for cue in cues:
            span = low[:len(cue)] if len(low) == len(raw) else \
                ctx.text[t.idx:t.idx + len(cue)].lower().replace("’", "'")
            if span != cue:
                continue
            cue_end = t.idx + len(cue)
            rest = [x for x in toks[k:] if x.idx >= cue_end]
            np = np_after(ctx, rest)
            if np:
                return np, None
    return None


def from_opinion(ctx: QuoteContext, sent_start: int, open_: int):
    """"Pour X, « … »" or "Pour X, … « … »": X, named at the head of the sentence."""
    head = ctx.masked[sent_start:open_]
    for cue in ctx.lex.opinion_cues:
        m = re.match(r"\W*" + re.escape(cue) + r"\s+([^,:;Q]{2,80}?)\s*,", head, re.I)
        if m is None:
            continue
        toks = ctx.tokens_in(sent_start + m.start(1), sent_start + m.end(1))
        np = np_after(ctx, toks)
        if np:
            return np, None
    return None


def from_clause(ctx: QuoteContext, before):
    """The subject of the clause a quote is part of ("Le préfet redoute « … »")."""
    toks = list(before)
    if not toks:
        return None
    lex = ctx.lex
    for t in reversed(toks):
        if t.pos_ == "VERB" and t.morph.get("VerbForm") in (["Fin"], ["Part"]):
            if _passive(t):
                # "X a été mis en examen pour « … »": X undergoes, the words are a charge
                return None
            who = subject_of(ctx, t)
            if who and not (who[0].pos_ == "PRON" and not lex.pron_token.match(who[0].text)):
                # only people and bodies speak: a named entity or a noun phrase
                nouns = lex.person_nouns
                if any(x.ent_type_ in ("PER", "ORG") or x.pos_ == "PROPN"
                       or x.lemma_.lower() in nouns or x.lower_ in nouns
                       or lex.pron_token.match(x.text) for x in who):
                    return who, None
            return None
    return None


def from_colon_head(before):
    """The words before "… : « »" when they are a short name phrase with a name in it
    (no verb, no other punctuation): the speaker of a headline's quote."""
    toks = [t for t in before if not t.is_space and t.text not in ("-", "–", "—", "•")]
    if len(toks) < 2 or toks[-1].text != ":" or len(toks) > 7:
        return None
    words = toks[:-1]
    if any(t.pos_ not in ("PROPN", "NOUN", "ADJ", "DET", "ADP") for t in words) \
            or words[-1].pos_ not in ("PROPN", "NOUN"):
        return None
    # the name heads the phrase: "Héritage de X" is a topic, not a speaker
    if words[0].pos_ != "PROPN" or words[0].ent_type_ not in ("PER", "ORG"):
        return None
    return words, None


def _agent_passive(t) -> bool:
    """A speech verb in the passive, with or without its agent ("Interrogé par X")."""
    if any(c.dep_.startswith("expl") for c in t.children):
        return False            # "s'est réjoui": a pronominal verb, not a passive
    return any(c.dep_ in ("aux:pass", "obl:agent") for c in t.children) \
        or t.morph.get("Voice") == ["Pass"]


def _passive(t) -> bool:
    """A passive verb ("a été mis en examen") or a past participle without an auxiliary
    ("Soupçonné de « … », le jeune homme …")."""
    if any(c.dep_ == "aux:pass" for c in t.children) or t.morph.get("Voice") == ["Pass"]:
        return True
    return t.morph.get("VerbForm") == ["Part"] and t.morph.get("Tense") == ["Past"] \
        and not any(c.dep_.startswith("aux") for c in t.children)


# -- from the neighbouring quotes -----------------------------------------------------------

def continuations(ctx: QuoteContext, found: list[Found]) -> None:
    """A quote standing alone continues the words of the previous speaker in its
    paragraph or the next ("continues-previous", "continues-next")."""
    text = ctx.text
    for k, f in enumerate(found):
        if f.speaker is not None or not ctx.alone(f):
            continue
        prev = next((found[j] for j in range(k - 1, -1, -1)
                     if found[j].speaker and found[j].rule != "heading-copy"), None)
        nxt = next((found[j] for j in range(k + 1, len(found)) if found[j].speaker), None)
        if prev is not None and f.open - prev.close < 600 and \
                text.count("\n", prev.close, f.open) <= 1:
            f.speaker, f.rule = prev.speaker, "continues-previous"
            f.mention = prev.mention
        elif nxt is not None and nxt.open - f.close < 300 and \
                "\n" not in text[f.close:nxt.open]:
            f.speaker, f.rule = nxt.speaker, "continues-next"
            f.mention = nxt.mention
    for k, f in enumerate(found):
        if f.speaker is None:
            _continues_paragraph(ctx, f, found[:k])


def _continues_paragraph(ctx: QuoteContext, f: Found, earlier: list[Found]) -> None:
    """A quote of a sentence that names no speaker ("La victime « a été retrouvée … »"),
    close after a quote of the same paragraph with a speaker and no other person named
    between them, goes on with that speaker's words ("continues-paragraph"). Words
    too few to be a statement (scare quotes, terms) are left alone, and so is a quote
    whose own sentence has a verb of saying: that sentence names its speaker, in words
    the other rules did not read ("Et Cymes de conclure"), not the previous one."""
    prev = next((g for g in reversed(earlier) if g.speaker and g.rule != "heading-copy"), None)
    if prev is None or len(ctx.qtext(f).split()) < 4:
        return
    start, end = ctx.sentence_bounds(f.open, f.close)
    if any(ctx.lex.is_speech(t) for t in ctx.tokens_in(start, end)):
        return
    between = ctx.text[prev.close:f.open]
    if len(between) > CONTINUE_CHARS or "\n" in between:
        return
    words = set((prev.speaker or "").split())
    if any(prev.close < x.start_char < f.open and not set(x.text.split()) & words
           for x in ctx.persons):
        return
    f.speaker, f.rule, f.mention = prev.speaker, "continues-paragraph", prev.mention
