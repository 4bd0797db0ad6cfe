"""Which words of a sentence announce an event, and of which type.

Phrases of a type and set phrases to exclude are searched in the lower-cased sentence;
multiword lemma sequences and single words are looked up on the tokens. A trigger that
needs context is kept only when its sentence (or the parse around it) gives it, and a
word that could start several types goes to the first type of `[resolve] order`."""
from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc, Token

from ...doctext import text_of
from .context import ArticleContext, Sentence
from .generic import agent_counts, is_generic, is_habitual, is_heading
from .lexicon import TriggerLexicon, TypeTriggers, Words, norm
from .syntax import VERBS, head_of

__all__ = ["Candidate", "article_triggers", "sentence_triggers", "neighbours", "themes",
           "governors"]

_VERBAL = ("VERB", "AUX", "ADJ")
_SKIP_POS = ("DET", "ADP", "PUNCT", "CCONJ", "SCONJ", "PRON", "NUM", "SPACE")

# token ids -> (type, word, weak, how) of each type the tokens could trigger
_Found = dict[tuple[int, ...], list[tuple[str, str, bool, str]]]


class Candidate(NamedTuple):
    """A trigger of a sentence: its tokens, its type, its rule id, and whether it is weak."""
    tokens: list[Token]
    type: str
    rule: str
    weak: bool


def article_triggers(ctx: ArticleContext) -> list[tuple[Sentence, list[Candidate]]]:
    """The triggers of each sentence, with the article's kind of story as context, and
    weak triggers and blocked types dropped."""
    lex = ctx.lexicon
    # the kind of story the whole article tells ("<wildfire-story>")
    words = set(ctx.lemmas) | set(ctx.forms)
    kinds = tuple(tag for tag, cues in lex.story_cues.items() if cues & words)
    found = [(sent, sentence_triggers(ctx, sent, kinds)) for sent in ctx.sentences]
    if any(c.type in lex.violent_types for _, cands in found for c in cands if not c.weak):
        # a story of violence: "son soutien aux victimes" are the attack's victims
        found = [(sent, sentence_triggers(ctx, sent, kinds + ("<violent-story>",)))
                 for sent in ctx.sentences]
    article_types = {c.type for _, cands in found for c in cands if not c.weak}
    weak_off = bool(article_types & lex.weak_article_blockers)
    out = []
    for sent, cands in found:
        sentence_types = {c.type for c in cands if not c.weak}
        kept = [c for c in cands
                if not (c.weak and (weak_off or sentence_types & lex.weak_sentence_blockers))
                and not sentence_types & lex.blocks.get(c.type, frozenset())]
        out.append((sent, kept))
    return out


def _sentence_words(ctx: ArticleContext, sent: Sentence, story: tuple[str, ...]) -> set[str]:
    """Every lemma and form of the sentence, "<org>"/"<per>" for its named parties
    ("avec le Hezbollah") and the article's story words."""
    lemmas = set(ctx.lemmas[sent.start:sent.end]) | set(ctx.forms[sent.start:sent.end])
    before = ctx.before(sent)
    if before is not None and ctx.text[before.start_char:before.end_char].rstrip()[-1:] == ":":
        # a list after a colon is the end of the sentence before ("ont saisi une série
        # d'armes : trois missiles et sept obus"), which the parser cut
        lemmas |= set(ctx.lemmas[before.start:before.end])
    for t in sent:
        ent = t.ent_type_
        if ent == "ORG":
            lemmas.add("<org>")
        elif ent == "PER":
            lemmas.add("<per>")
    return lemmas | set(story)


def sentence_triggers(ctx: ArticleContext, sent: Sentence,
                      story: tuple[str, ...] = ()) -> list[Candidate]:
    """The triggers of the sentence, in text order; `story` adds context words of the
    whole article ("<violent-story>")."""
    lex, doc = ctx.lexicon, ctx.doc
    if is_heading(sent):
        return []
    lemmas = _sentence_words(ctx, sent, story)
    low = norm(text_of(doc)[sent.start_char:sent.end_char])
    excluded = _excluded(ctx, sent, low)
    found = _phrases(ctx, sent, low)
    _lemma_sequences(ctx, sent, lemmas, found)
    used: set[int] = set()
    for key in sorted(found, key=len, reverse=True):
        if used.intersection(key) or excluded.issuperset(key):
            del found[key]
            continue
        used.update(key)
    _words(ctx, sent, used | excluded, found)
    out: list[Candidate] = []
    for key, options in found.items():
        tokens = [doc[i] for i in key]
        kept = [o for o in options
                if _in_context(lex, lex.types[o[0]], o[1], tokens, lemmas, low)]
        if not kept:
            continue
        kept.sort(key=lambda o: lex.order.index(o[0]))
        etype, word, weak, how = kept[0]
        weak = weak and not _done_by(lex, head_of(tokens))
        if _occurrence(ctx, tokens, etype, word, sent):
            out.append(Candidate(tokens, etype, f"trigger.{how}:{etype}:{word}", weak))
    return sorted(out, key=lambda o: o.tokens[0].i)


def _done_by(lex: TriggerLexicon, head: Token) -> bool:
    """Whether a death or a wound is told with the one who caused it ("tué par un
    gendarme", "blessé par balle"): an attack of its own, not the toll of another."""
    return any(c.dep_ == "obl:agent" and (norm(c.lemma_) in lex.strong_agents
                                         or c.ent_type_ == "PER")
               for c in head.children)


def _tokens_of(doc: Doc, sent: Sentence, m_start: int, m_end: int) -> tuple[int, ...]:
    span = doc.char_span(sent.start_char + m_start, sent.start_char + m_end,
                         alignment_mode="expand")
    return tuple(t.i for t in span) if span is not None else ()


def _excluded(ctx: ArticleContext, sent: Sentence, low: str) -> set[int]:
    """Tokens of the set phrases in which a trigger word announces no event."""
    doc = ctx.doc
    out: set[int] = set()
    for phrase, pattern in ctx.present_exclusions:
        if phrase not in low:   # cheap test first: most phrases are not in a sentence
            continue
        for m in pattern.finditer(low):
            out.update(_tokens_of(doc, sent, m.start(), m.end()))
    return out


def _phrases(ctx: ArticleContext, sent: Sentence, low: str) -> _Found:
    found: _Found = {}
    for etype, phrase, pattern in ctx.present_phrases:
        if phrase not in low:
            continue
        for m in pattern.finditer(low):
            key = _tokens_of(ctx.doc, sent, m.start(), m.end())
            if key:
                found.setdefault(key, []).append((etype, phrase, False, "phrase"))
    return found


def _lemma_sequences(ctx: ArticleContext, sent: Sentence, lemmas: set[str],
                     found: _Found) -> None:
    lex, start = ctx.lexicon, sent.start
    forms = list(zip(ctx.lemmas[start:sent.end], ctx.forms[start:sent.end]))
    for etype in lex.order:
        for seq in lex.types[etype].multi:
            n = len(seq)
            if seq[0] not in lemmas:   # lemmas holds every lemma and form of the sentence
                continue
            for k in range(len(forms) - n + 1):
                if all(w in forms[k + j] for j, w in enumerate(seq)):
                    key = tuple(range(start + k, start + k + n))
                    found.setdefault(key, []).append((etype, " ".join(seq), False, "lemmas"))


def _words(ctx: ArticleContext, sent: Sentence, taken: set[int], found: _Found) -> None:
    """One-token triggers, looked up by lemma then form among the verbs or the nouns
    of each type as the token's part of speech says."""
    lex = ctx.lexicon
    index = lex.word_types
    for t in sent:
        i = t.i
        if i in taken:
            continue
        pos = t.pos_
        if pos in _SKIP_POS or pos == "PROPN":
            continue
        lem, form = ctx.lemmas[i], ctx.forms[i]
        if lem not in index["both"] and form not in index["both"]:
            continue    # a trigger of no type
        text = t.text
        if text[:1].isupper() and (text.isupper() or not t.is_sent_start):
            continue   # names and acronyms ("RAID", "Arthur Noyer")
        if pos == "ADJ":
            pools = index["both"]
        elif pos not in _VERBAL:
            pools = index["nouns"]
        elif pos in VERBS and any(c.dep_ in ("det", "nummod") and c.i < i
                                  for c in t.children):
            # a "verb" with an article or a number of its own is a noun the tagger
            # missed: 'la préfecture a pris deux arrêtés'
            pools = index["nouns"]
        else:
            pools = index["verbs"]
        by_lemma, by_form = pools.get(lem, frozenset()), pools.get(form, frozenset())
        if not by_lemma and not by_form:
            continue
        for etype in lex.order:
            word = lem if etype in by_lemma else form if etype in by_form else None
            if word is None:
                continue
            found.setdefault((i,), []).append(
                (etype, word, word in lex.types[etype].weak, "word"))


def _has_context(words: frozenset[str], lemmas: set[str], low: str) -> bool:
    if words & lemmas:
        return True
    return any(" " in w and w in low for w in words)


def _in_context(lex: TriggerLexicon, tt: TypeTriggers, word: str, tokens: list[Token],
                lemmas: set[str], low: str) -> bool:
    """Whether the sentence and the parse around the trigger give the context its type
    and its word need, and nothing that says it is about something else."""
    need = tt.needs.get(word)
    if need is not None:
        # a trigger is no context of its own: "56 % de premières balles"
        need = need - {word}
        if not _has_context(need, lemmas, low) and \
                not need & neighbours(lex.words, head_of(tokens)):
            return False
    if (tt.needs_context and word not in tt.context_exempt
            and not _has_context(tt.needs_context, lemmas, low)):
        return False
    if word in tt.not_in_sentence and _has_context(tt.not_in_sentence[word], lemmas, low):
        return False    # "736 manifestations (expositions, ateliers, visites)"
    if word in tt.not_about or word in tt.about:
        about = themes(lex.words, head_of(tokens))
        if about & tt.not_about.get(word, frozenset()):
            return False
        if word in tt.about and about and not about & tt.about[word]:
            return False    # "des reliques ont pu être sauvées"
    if word in tt.not_under and governors(head_of(tokens)) & tt.not_under[word]:
        return False    # "les missiles découverts", "les mesures de confinement"
    if word in tt.alone and _alone(lex.words, head_of(tokens)):
        return False    # "le tireur a pris la fuite" is no exodus
    if word in tt.arguments or word in tt.not_with:
        near = neighbours(lex.words, head_of(tokens))
        if word in tt.arguments and not near & tt.arguments[word]:
            return False
        if near & tt.not_with.get(word, frozenset()):
            return False
    return True


def _occurrence(ctx: ArticleContext, tokens: list[Token], etype: str, word: str,
                sent: Sentence) -> bool:
    """Whether the trigger tells one event: not a generic or habitual mention, not a
    person named in passing, not inside a direct quote (unless its type is read there)."""
    lex = ctx.lexicon
    if is_generic(lex, tokens) or is_habitual(lex, tokens, sent):
        return False
    if word in lex.agents and len(tokens) == 1 and (
            not agent_counts(lex, tokens[0]) or _actor_of(lex, tokens[0], etype)):
        return False
    start = tokens[0].idx
    return etype in lex.quote_types or not any(a <= start < b for a, b in ctx.quoted)


def _actor_of(lex: TriggerLexicon, token: Token, etype: str) -> bool:
    """Whether the people noun is the subject of a verb that tells an event of another
    type ("des manifestants brisent les statues" is a riot; the protesters are its
    actors, not a protest of their own)."""
    verb = token.head
    if token.dep_ != "nsubj" or verb.i == token.i or verb.pos_ not in VERBS:
        return False
    types = lex.word_types["verbs"].get(norm(verb.lemma_), frozenset())
    return bool(types - {etype})


def neighbours(words: Words, head: Token) -> set[str]:
    """Lemmas around a trigger in the parse, to check what it is about: its
    dependents and theirs (through "de", "à"...), the noun it qualifies ("un arrêté
    signé", "la communauté rassemblée"); "<inf>" for an infinitive complement
    ("s'engager à libérer", "arrêter d'appuyer"); "<num>" for a number of its own."""
    out: set[str] = set()
    if head.dep_ in ("acl", "amod", "acl:relcl") and head.head is not head:
        out.add(norm(head.head.lemma_))
    for c in head.children:
        out.add(norm(c.lemma_))
        out.add(norm(c.text))
        if c.dep_ in ("det", "nummod") and c.i < head.i:
            out.add("<det>")        # "un arrêté", not "Arrêté en Grèce, il..."
        if c.dep_ == "nummod":
            out.add("<num>")        # "80 pompiers"
        if c.ent_type_ == "PER" and c.dep_ in ("nmod", "obl:agent", "obl"):
            out.add("<per-arg>")    # "les victimes de Nordahl Lelandais"
        if c.pos_ in VERBS and "Inf" in c.morph.get("VerbForm") and \
                c.dep_ in ("xcomp", "acl", "ccomp", "obl", "nmod", "obl:arg"):
            out.add("<inf>")
        if c.dep_ in ("obj", "nmod", "obl", "obl:arg", "obl:mod", "nsubj:pass", "xcomp",
                      "amod", "nsubj"):
            for g in c.children:
                if g.dep_ in ("case", "mark", "nmod", "amod", "det"):
                    out.add(norm(g.lemma_))
    if any(norm(c.lemma_) in words.causatives and c.i < head.i for c in head.children):
        out -= words.reflexive_pronouns  # "il s'est fait arrêter": the reflexive is faire's
    return out


def governors(head: Token) -> set[str]:
    """Lemmas of what a trigger depends on (through coordination: "des missiles et des
    obus achetés") and of the participles or relative clauses that qualify it ("les
    missiles découverts", "les missiles qui avaient été vendus")."""
    t = head
    while t.dep_ == "conj" and t.head is not t:
        t = t.head
    out = {norm(t.head.lemma_)} if t.head is not t else set()
    return out | {norm(c.lemma_) for c in (*head.children, *t.children)
                  if c.dep_ in ("acl", "acl:relcl", "amod") and c.pos_ in VERBS + ("ADJ",)}


def _mover(words: Words, head: Token) -> Token | None:
    """Who moves in a flight: the "de X" of the noun ("la fuite du tireur"), else the
    subject of its verb ("il a pris la fuite", "un homme qui prenait la fuite")."""
    if head.pos_ == "NOUN":
        own = [c for c in head.children if c.dep_ == "nmod" and any(
            norm(x.text) in words.of_cases for x in c.children if x.dep_ == "case")]
        if own:
            return own[0]
        verb = head.head if head.head is not head else None
    elif head.dep_ in ("acl", "amod") and head.head is not head:
        return head.head        # "le prédicateur exilé aux Etats-Unis"
    else:
        verb = head
    while verb is not None and verb.dep_ in ("xcomp", "conj") and verb.head is not verb \
            and not any(c.dep_.startswith("nsubj") for c in verb.children):
        verb = verb.head        # "qui tentait de prendre la fuite", "il a vu... puis a fui"
    if verb is None or verb.pos_ not in VERBS:
        return None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")]
    if not subjects:
        return None
    subject = subjects[0]
    if subject.pos_ == "PRON" and verb.dep_ == "acl:relcl":
        return verb.head        # "un homme ... qui prenait la fuite"
    return subject


def _alone(words: Words, head: Token) -> bool:
    """Whether the one who flees is one person: a singular subject or "de X" with no
    number, not a collective ("la population", "la famille")."""
    mover = _mover(words, head)
    if mover is None or "Sing" not in mover.morph.get("Number"):
        return False
    if any(c.dep_ == "nummod" or c.dep_ == "conj" for c in mover.children):
        return False
    return norm(mover.lemma_) not in words.collectives


def themes(words: Words, head: Token) -> set[str]:
    """Lemmas of what a trigger is about: its object or passive subject, the subject
    of a reflexive ("les transports se sont arrêtés") or of the verb it completes
    ("trois réacteurs ont dû être arrêtés"), the noun a participle qualifies, the
    "de X" of a noun ("la libération de radionucléides"); "<noun>" when a common
    noun is among them."""
    nouns: list[Token] = []
    kids = list(head.children)
    reflexive = any(c.dep_.startswith("expl") or (c.dep_ == "obj" and
                    norm(c.text) in words.reflexive_objects) for c in kids)
    for c in kids:
        if c.dep_ in ("obj", "nsubj:pass") or (reflexive and c.dep_ in ("nsubj", "obl:arg")):
            # "s'attaquer au problème": the complement of a reflexive is its theme
            nouns.append(c)
        elif head.pos_ == "NOUN" and c.dep_ == "nmod" and any(
                norm(x.text) in words.of_cases for x in c.children if x.dep_ == "case"):
            nouns.append(c)
    if head.dep_ in ("amod", "acl") and head.head is not head:
        nouns.append(head.head)
    if not nouns and head.dep_ == "xcomp" and head.pos_ in VERBS and \
            "Part" in head.morph.get("VerbForm"):
        nouns += [c for c in head.head.children if c.dep_ in ("nsubj", "nsubj:pass")]
    out: set[str] = set()
    for n in nouns:
        n = _antecedent(n)      # "un clou ..., qui ont pu être sauvés": the clou
        if n.pos_ in ("NOUN", "PROPN", "ADJ"):
            out.update((norm(n.lemma_), norm(n.text)))
            if n.pos_ == "NOUN" and not n.ent_type_:
                out.add("<noun>")
    return out


def _antecedent(n: Token) -> Token:
    """The noun a relative pronoun stands for ("des reliques, qui ont été sauvées"), or
    the token itself."""
    if n.pos_ != "PRON" or "Rel" not in n.morph.get("PronType"):
        return n
    verb = n.head
    while verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        verb = verb.head
    return verb.head if verb.dep_ == "acl:relcl" and verb.head.i != verb.i else n
