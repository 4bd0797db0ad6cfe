"""From the words that name a speaker to the speaker's canonical name.

`set_speaker(ctx, f, who)` reads the phrase a rule found (tokens, an inverted clitic, or
`SameAs` another quote): a pronoun becomes the last compatible person, a named person
their fullest form, a proper name at the head of the phrase a new person, a title the
person the article gives it to; any other phrase is kept as written.
"""
from __future__ import annotations

from typing import NamedTuple

from ...records import Mention
from .antecedents import epithet_of
from .context import QuoteContext
from .marks import Found
from .people import morph_gender
from .phrases import Clitic

__all__ = ["SameAs", "can_speak", "set_speaker"]


class SameAs(NamedTuple):
    """The speaker is that of another quote (said again further on)."""
    found: Found


def set_speaker(ctx: QuoteContext, f: Found, who) -> bool:
    """Resolve a speaker phrase (tokens) to a canonical name; False if it fails."""
    if not who:
        return False
    if isinstance(who, SameAs):
        f.speaker, f.mention = who.found.speaker, who.found.mention
        return True
    lead = ctx.lex.grammar.lead_adverbs
    while len(who) > 1 and not isinstance(who[0], Clitic) and who[0].lower_ in lead \
            and (who[0].pos_ != "DET" or who[1].lower_ in lead):
        who = who[1:]           # "de son côté le ministre …", not "son Etat"
    start, end = who[0].idx, who[-1].idx + len(who[-1].text)
    phrase = ctx.text[start:end]
    if "\n" in phrase:
        return False
    mention = Mention(phrase, start, end)
    if len(who) == 1 and (isinstance(who[0], Clitic) or ctx.lex.subject_pronoun(who[0].text)):
        # "a-t-il dit", "Il a dit", "selon lui", "celle-ci a précisé"
        return _set_pronoun(ctx, f, who[0], mention)
    if who[0].pos_ == "PRON" and len(who) == 1:
        return False
    f.mention = mention
    index = ctx.index
    if _coordinated(who) and can_speak(ctx, who):
        # "les enquêteurs et Hubert Caouissin": several speakers, none of them alone
        f.speaker = phrase.strip(" ,;:-–—").strip()
        return True
    # a named person in the phrase, or apposed right after it ("le ministre de
    # l'Intérieur italien, Matteo Salvini, a déclaré")
    ents = [x for x in ctx.persons if start <= x.start_char
            and x.end_char <= end]
    if not ents:
        ents = [x for x in ctx.persons if x.start_char > end
                and ctx.text[end:x.start_char].strip() == ","
                and ctx.text[x.end_char:x.end_char + 1] == ","]
    if ents:
        ent = ents[0]
        person = index.person_at(ent.start_char, ent.end_char)
        name = person.name if person else ent.text
        f.speaker = index.canonical(name, ent.start_char)
        index.mark_speaker(ent.start_char, ent.end_char)
        return True
    propn = _leading_name(ctx, who)
    if propn is not None:
        ps, pe = propn
        name = ctx.text[ps:pe]
        index.add(name, ps, pe, gender=_phrase_gender(ctx, who))
        f.speaker = index.canonical(name, ps)
        return True
    person = index.link_title(phrase, start) or index.resolve_anaphor(phrase, start)
    if person is not None:
        f.speaker = index.canonical(person.name, person.start)
        return True
    if not can_speak(ctx, who):
        f.mention = None
        return False
    f.speaker = phrase.strip(" ,;:-–—").strip()
    _register_phrase(ctx, who, f.speaker, start, end)
    return True


def _register_phrase(ctx: QuoteContext, who, phrase: str, start: int, end: int) -> None:
    """A speaker kept as written that a later "a-t-il ajouté" may stand for: a singular
    definite phrase ("la municipalité", "le gouvernement britannique"), not a title
    ("L'Express"), a clause or an epithet of a named person."""
    names = ctx.lex.names
    first = who[0].lower_
    if not (first in names.definite or first in names.elided or first in names.demonstratives
            or who[0].morph.get("Definite") == ["Def"]) \
            or len(who) < 2 or not who[1].text[:1].islower() \
            or any(t.pos_ in ("AUX", "PRON") or t.pos_ == "VERB"
                   and t.morph.get("VerbForm") != ["Part"] for t in who):
        return
    head = next((t for t in who[1:] if t.pos_ in ("NOUN", "ADJ", "VERB")), None)
    if head is None:
        return
    gender = _phrase_gender(ctx, who) or morph_gender(head)
    if who[0].morph.get("Number") == ["Plur"] or _coordinated(who):
        # "ont écrit les sénatrices … poursuivent-elles"
        ctx.index.add_phrase(phrase, start, end, gender=gender, subject=2, plural=True)
    elif epithet_of(ctx.lex, ctx.index, phrase, head, gender) is None:
        ctx.index.add_phrase(phrase, start, end, gender=gender, subject=2)


def _coordinated(who) -> bool:
    """Whether the phrase joins two speakers ("les enquêteurs et Hubert Caouissin"), not
    two nouns inside one ("le ministre de l'Action et des Comptes publics")."""
    if isinstance(who[0], Clitic):
        return False
    inside = {t.i for t in who}
    roots = [t for t in who if t.head.i not in inside or t.head.i == t.i]
    if len(roots) != 1:
        return False
    for k, t in enumerate(who):
        if t.pos_ == "CCONJ":
            # nothing but the first noun phrase before the "et": no preposition
            return not any(x.pos_ == "ADP" for x in who[:k]) and any(
                x.dep_ == "conj" and x.head.i == roots[0].i and x.pos_ in ("NOUN", "PROPN")
                for x in who[k + 1:])
    return False


def can_speak(ctx: QuoteContext, who) -> bool:
    """Whether a phrase kept as written names a person, a group or a body: a name (a
    person, organisation or place entity, a proper noun) before its first preposition,
    or a head noun the lexicon knows as one ("la préfecture", "un porte-parole", "les
    manifestants"); not a date word, an abstract noun or a thing ("une nouvelle fois",
    "le projet de loi", "environ 15% du budget")."""
    heads = ctx.lex.speaker_heads
    for k, t in enumerate(who):
        if t.pos_ == "ADP" and k >= 1 and who[k - 1].pos_ in ("PRON", "NUM"):
            continue            # "l'un des manifestants", "deux des policiers"
        if t.ent_type_ in ("PER", "ORG", "LOC") or t.text[:1].isupper() and (
                t.pos_ == "PROPN" or t.pos_ == "NOUN" and not t.is_sent_start):
            return True         # a name, or a capitalised group ("ces Gilets jaunes")
        if t.pos_ in ("NOUN", "ADJ", "X"):
            low = t.lower_.replace("’", "'").strip(".,;:-")     # "garçon." glued
            for prefix in ctx.lex.role_prefixes:
                low = low[len(prefix):] if low.startswith(prefix) else low
            if low in heads or t.lemma_.lower() in heads or low.rstrip("sx") in heads \
                    or t.pos_ == "NOUN" and low.rstrip("s").endswith(ctx.lex.human_endings):
                return True
            if t.pos_ == "NOUN" or low[:1].isdigit():
                return False
        if t.pos_ in ("ADP", "VERB", "AUX", "SYM") or t.text == "%":
            return False
    return False


def _set_pronoun(ctx: QuoteContext, f: Found, pronoun, mention: Mention) -> bool:
    """A subject pronoun: the last compatible person named before it."""
    gender, plural = ctx.lex.names.pronouns.gender(pronoun.text)
    bare = pronoun.text.lower().lstrip("-")
    if any(bare.endswith(w) for w in ctx.lex.grammar.impersonal):
        return False
    person = ctx.index.resolve_pronoun(pronoun.text, mention.start, ctx.in_quote)
    if person is None:
        return False
    f.speaker = person.name if person.phrase else ctx.index.canonical(person.name, person.start)
    f.mention = mention
    f.gender = gender
    person.subject = 2
    if gender and not person.gender:
        person.gender = gender
    return True


def _phrase_gender(ctx: QuoteContext, who) -> str | None:
    """The gender the first gendered determiner of the phrase gives."""
    for t in who:
        if t.pos_ == "DET":
            gender = ctx.lex.names.determiner_gender(t.lower_)
            if gender is not None:
                return gender
    return None


def _leading_name(ctx: QuoteContext, who) -> tuple[int, int] | None:
    """A proper name at the head of the phrase ("Monther, un opposant")."""
    toks = list(who)
    i = 0
    while i < len(toks) and toks[i].lower_ in ctx.index.honorifics:
        i += 1
    j, with_particle = _name_end(ctx, toks, i)
    if j > i and (i == 0 or j > i):
        if any(t.ent_type_ in ("ORG", "LOC", "MISC") for t in toks[i:j]) and \
                not any(t.ent_type_ == "PER" for t in toks[i:j]) and j - i > 1 \
                and not with_particle:
            return None
        if toks[i].pos_ != "PROPN" and not toks[i].ent_type_:
            return None
        if toks[i].ent_type_ in ("ORG", "LOC", "MISC") and i == 0 and j - i == 1 \
                and len(toks) > 1 and toks[1].pos_ in ("NOUN", "ADJ"):
            return None
        return toks[i].idx, toks[j - 1].idx + len(toks[j - 1].text)
    return None


def _name_end(ctx: QuoteContext, toks, i: int) -> tuple[int, bool]:
    """Where the capitalised words from toks[i] end, going on over particles inside names
    ("Bachar al-Assad", "Mohammed ben Salmane"), and whether it went over one."""
    particles = ctx.index.particles
    j = i
    with_particle = False
    while j < len(toks):
        t = toks[j]
        if t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN", "ADJ", "X", "VERB"):
            j += 1
            continue
        k = j
        while k < len(toks) and (toks[k].lower_ in particles or toks[k].text in "-‑") \
                and k - j < 3:
            k += 1
        if j > i and k > j and k < len(toks) and toks[k].text[:1].isupper() \
                and toks[k].pos_ in ("PROPN", "NOUN", "X"):
            j = k + 1
            with_particle = True
            continue
        break
    return j, with_particle
