"""The words that name a speaker: the subject of a verb, the noun phrase after an
inverted verb, the phrase opening a sentence, an inverted subject clitic ("a-t-il dit").

Each function takes the article's `QuoteContext` and tokens, and gives the speaker's
words (a list of tokens, or a `Clitic`), or None.
"""
from __future__ import annotations

from dataclasses import dataclass

from .context import QuoteContext

__all__ = ["Clitic", "np_after", "subject_of", "leading_subject", "clitic_near", "per_run",
           "gerund", "noun_phrase"]

_NP_END = (",", ".", ";", ":", "!", "?", "(", "–", "—")
_CLAUSE_END = (".", ";", ":", "!", "?", "(", "–", "—")


@dataclass
class Clitic:
    """An inverted subject pronoun read on the text ("a-t-il", "dit-elle"), token-like."""
    text: str
    idx: int
    pos_: str = "PRON"
    ent_type_: str = ""


def _finite(t) -> bool:
    return t.pos_ in ("VERB", "AUX") and t.morph.get("VerbForm") == ["Fin"]


def np_after(ctx: QuoteContext, toks):
    """The subject phrase after an inverted verb: skips adverbs and prepositional
    phrases, comma by comma ("a déclaré sur Twitter, dans l'après-midi, le ministre
    Gérald Darmanin"); an apposed name wins over a title ("le gouverneur, John Doe")."""
    toks = list(toks)
    i, answer = _skip_to_phrase(ctx, toks)
    if i is None:
        return answer
    return _phrase_from(ctx, toks, i)


def _skip_to_phrase(ctx: QuoteContext, toks):
    """(index where the noun phrase starts, None), or (None, the answer) when the words
    before it already decide (a name, a prepositional phrase running to the end, a verb)."""
    lex = ctx.lex
    n = len(toks)
    i = 0
    pp = None
    while i < n:
        t = toks[i]
        if t.text in _CLAUSE_END or "\n" in t.text:
            return None, (pp_tail(toks[pp:i]) if pp is not None else None)
        if t.ent_type_ == "PER" and t.text[:1].isupper():
            return None, per_run(toks, i)
        if t.text == "," or t.pos_ == "ADV" or t.lower_ in lex.grammar.lead_adverbs or (
                t.text[:1].isdigit() or t.lower_ in lex.grammar.months) and t.ent_type_ != "PER":
            i += 1          # "a assuré mardi 19 juillet la députée …"
            continue
        if t.pos_ == "ADP":
            # a prepositional phrase: à l'AFP, sur l'antenne de la chaîne, lors d'une visite
            pp = i + 1
            i += 1
            while i < n and toks[i].pos_ in ("DET", "ADJ", "NUM") and toks[i].ent_type_ != "PER":
                i += 1
            while i < n and toks[i].pos_ in ("NOUN", "PROPN", "ADJ", "NUM") \
                    and toks[i].ent_type_ != "PER":
                i += 1
            continue
        if t.pos_ in ("VERB", "AUX", "SCONJ", "CCONJ") or (
                t.pos_ == "PRON" and not lex.subject_pronoun(t.text)):     # "selon lui"
            return None, None
        break
    if i >= n:
        return None, (pp_tail(toks[pp:]) if pp is not None else None)
    return i, None


def _phrase_from(ctx: QuoteContext, toks, i: int):
    """The noun phrase starting at toks[i]: up to a comma, a clause or the end."""
    lex = ctx.lex
    n = len(toks)
    j = i
    while j < n and toks[j].text not in _NP_END \
            and toks[j].lower_ not in lex.grammar.relatives_after_verb and not _finite(toks[j]):
        if toks[j].ent_type_ == "PER" and toks[j].text[:1].isupper() and j > i:
            return per_run(toks, j)
        if j > i and toks[j].lower_ in lex.grammar.phrase_stops \
                and toks[j - 1].pos_ in ("NOUN", "PROPN", "ADJ"):
            # "la porte-parole de la fédération à une question de …": the phrase ends,
            # unless a name follows in the same clause ("l'adjointe au maire, X")
            named = _name_later(ctx, toks, j)
            if named is not None:
                return named
            break
        if j > i and "Q" in ctx.masked[toks[j - 1].idx + len(toks[j - 1].text):toks[j].idx]:
            break
        if j > i and toks[j].pos_ == "NUM" and toks[j - 1].pos_ in ("NOUN", "PROPN"):
            # "un porte-parole de la police deux heures après …"; but "a assuré ce mardi
            # 21 juin Manuel Valls": the name after the date
            named = _name_later(ctx, toks, j)
            if named is not None:
                return named
            break
        j += 1
    rest = toks[i:j]
    while rest and (rest[-1].is_punct or rest[-1].pos_ in ("ADP", "CCONJ", "DET")):
        rest = rest[:-1]
    if not rest:
        return None
    # an apposed name: "le gouverneur de Louisiane, John Bel Edwards"
    if j + 1 < n and toks[j].text == "," and toks[j + 1].ent_type_ == "PER" \
            and toks[j + 1].text[:1].isupper():
        return per_run(toks, j + 1)
    if rest[0].pos_ in ("DET", "NOUN", "PROPN", "ADJ", "NUM", "PRON", "X"):
        return rest
    return None


def _name_later(ctx: QuoteContext, toks, j: int):
    """A name later in the same clause, not governed by a preposition ("l'adjointe au
    maire, X"; not "avec Gilbert Collard")."""
    n = len(toks)
    m = j
    # a comma, then a preposition: an adjunct whose name it governs ("…, en référence à son
    # ennemi X")
    governed = False
    while m < n and toks[m].text not in _CLAUSE_END and not _finite(toks[m]) \
            and "Q" not in ctx.masked[toks[m].idx:toks[m].idx + 1]:
        if toks[m].text == ",":
            governed = False
        elif toks[m].ent_type_ == "PER" and toks[m].text[:1].isupper() \
                and toks[m - 1].ent_type_ != "PER" and not governed \
                and toks[m - 1].pos_ not in ("ADP", "DET"):
            return per_run(toks, m)
        elif m > j and toks[m].pos_ == "ADP" and toks[m - 1].text == ",":
            governed = True     # an adjunct after a comma, not "lors de … le maire X"
        m += 1
    return None


def pp_tail(toks):
    """The last prepositional phrase ran to the end of the clause: the subject is in it,
    untagged ("a estimé mardi sur France Inter Rachida Dati")."""
    toks = [t for t in toks if not t.is_punct]
    caps = [t for t in toks if t.pos_ == "PROPN" and t.text[:1].isupper()]
    return toks if len(caps) >= 3 else None


def per_run(toks, k):
    """The run of person-name tokens starting at toks[k]."""
    k1 = k
    while k1 + 1 < len(toks) and toks[k1 + 1].ent_type_ == "PER" \
            and toks[k1 + 1].idx - (toks[k1].idx + len(toks[k1].text)) <= 1:
        k1 += 1
    return toks[k:k1 + 1]


def gerund(t) -> bool:
    """A present participle or gerund ("promettant", "en évoquant"): not an incise."""
    return (t.morph.get("VerbForm") == ["Part"] and t.morph.get("Tense") == ["Pres"]) \
        or t.lower_.endswith("ant") and t.pos_ == "VERB"


def clitic_near(ctx: QuoteContext, toks, k: int, v: int):
    """A subject clitic written after the verb or its auxiliary ("a-t-il dit")."""
    lex = ctx.lex
    for w in toks[max(k, v - 3):v + 1]:
        end = w.idx + len(w.text)
        m = lex.clitic.match(ctx.text, end)
        if m is None and w.text.startswith("-") and lex.clitic.fullmatch(w.text):
            m = lex.clitic.match(ctx.text, w.idx)
        if m is None:
            # the tokenizer may keep "-t-il" inside the verb's token
            m2 = lex.clitic_end.search(w.text)
            if m2 and w.i == toks[v].i:
                return Clitic(m2.group(1), w.idx + m2.start(1))
            continue
        return Clitic(m.group(1), m.start(1))
    return None


def subject_of(ctx: QuoteContext, verb):
    """The subject phrase of a verb, climbing to the governing verb for participles."""
    t = verb
    for _ in range(4):
        subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubj:pass", "expl:subj")
                and not ctx.in_quote(c.idx)]
        if subj:
            s = subj[0]
            if s.dep_ == "expl:subj" and not _personal_il(ctx, t, s):
                return None
            if s.lower_ in ctx.lex.grammar.subject_relatives and t.dep_ == "acl:relcl":
                return _phrase_of(ctx, t.head)
            return _phrase_of(ctx, s)
        if t.head.i == t.i or t.dep_ in ("ccomp",):
            break
        if t.dep_ in ("xcomp", "advcl", "conj", "acl", "parataxis", "obl:arg", "obl:mod",
                      "obl", "amod") or t.pos_ == "AUX":
            t = t.head
        else:
            break
    return None


def _personal_il(ctx: QuoteContext, verb, il) -> bool:
    """An "il" the parse took for impersonal but that says something: the subject of an
    active verb of saying ("Il y disait son « … »" after a sentence about a man), not
    "il faut", "il est dit" or "il se dit"."""
    return ctx.lex.is_speech(verb) and ctx.lex.pron_token.match(il.text) is not None \
        and not any(c.dep_.startswith(("aux:pass", "expl:comp", "expl:pv"))
                    for c in verb.children) \
        and verb.morph.get("Voice") != ["Pass"]


def noun_phrase(ctx: QuoteContext, head):
    """The words of the noun phrase headed by token `head` (as a subject is read)."""
    return _phrase_of(ctx, head)


def _phrase_of(ctx: QuoteContext, head):
    """The words of a subject: its subtree before any comma-led apposition or clause."""
    if head.pos_ == "PRON":
        return [head] if ctx.lex.pron_token.match(head.text) else None
    toks = [x for x in head.subtree if not ctx.in_quote(x.idx)]
    if head.ent_type_ != "PER":
        named = _name_by_title(head) or _name_apposed(head, toks)
        if named:
            return named
    # contiguous run around the head, cut at commas and relative clauses after the head
    out = []
    for x in toks:
        if x.i < head.i:
            out.append(x)
            continue
        if x.i > head.i and (x.text in (",", "(", ":", ";", "-", "–")
                             or x.lower_ in ctx.lex.grammar.relatives):
            break
        out.append(x)
    return _after_last_comma(out, head)


def _name_by_title(head):
    """A name before the title the parse made the subject: "Jean-Luc Mélenchon, le
    candidat du Front de gauche, avait appelé …"."""
    first = min(x.i for x in head.subtree)
    doc = head.doc
    if first >= 2 and doc[first - 1].text == "," and doc[first - 2].ent_type_ == "PER":
        k = first - 2
        while k >= 1 and doc[k - 1].ent_type_ == "PER":
            k -= 1
        if k == 0 or doc[k - 1].is_punct or doc[k].is_sent_start:
            return [doc[j] for j in range(k, first - 1)]
    return None


def _name_apposed(head, toks):
    """A name apposed to the head: "Le porte-parole du Conseil, Javid Faisal,"."""
    for x in toks:
        if x.ent_type_ == "PER" and x.head.i == head.i and x.dep_ in ("appos", "flat:name",
                                                                      "nmod") \
                and x.text[:1].isupper() and (x.dep_ != "nmod" or x.i == head.i + 1):
            run = [y for y in toks if y.i >= x.i]
            return per_run(run, 0)
    return None


def _after_last_comma(out, head):
    """Keep only what follows the last comma before the head, unless a name stands before
    it ("Jean-Luc Mélenchon, le candidat du Front de gauche, avait appelé"); trim
    punctuation, conjunctions and prepositions at the edges."""
    for k in range(len(out) - 1, -1, -1):
        if out[k].i < head.i and out[k].text in (",", "(", ":"):
            if out[k].text == "," and k >= 1 and out[k - 1].ent_type_ == "PER":
                first = k - 1
                while first >= 1 and out[first - 1].ent_type_ == "PER":
                    first -= 1
                if first == 0 or out[first - 1].is_punct:
                    return out[first:k]
            out = out[k + 1:]
            break
    while out and (out[0].is_punct or out[0].pos_ in ("CCONJ", "ADP")):
        out = out[1:]
    while out and (out[-1].is_punct or out[-1].pos_ in ("CCONJ", "ADP", "DET")):
        out = out[:-1]
    return out or None


def leading_subject(toks, lead: frozenset[str] = frozenset()):
    """The noun phrase opening a sentence, before its verb ("Le gouvernement malien,
    impuissant, a dénoncé …"), after the `lead` words ("De son côté le ministre …")."""
    i, n = 0, len(toks)
    while i < n and (toks[i].pos_ in ("ADV", "CCONJ") or toks[i].text in ("-", "–")
                     or toks[i].lower_ in lead and toks[i].pos_ != "NOUN"
                     or i and toks[i - 1].lower_ in lead and toks[i].lower_ in lead):
        i += 1
    if i >= n or toks[i].pos_ not in ("DET", "PROPN", "NOUN"):
        return None
    j = i
    while j < n and toks[j].text not in (",", ":", ";", "(") and \
            toks[j].pos_ not in ("VERB", "AUX", "PRON", "SCONJ"):
        j += 1
    out = toks[i:j]
    while out and out[-1].pos_ in ("ADP", "DET", "CCONJ"):
        out = out[:-1]
    if not out or not any(x.pos_ in ("NOUN", "PROPN") for x in out):
        return None
    return out
