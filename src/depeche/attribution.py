"""Who a statement or a figure comes from: "selon X", "d'après X", "de source X",
"a indiqué X", "X a annoncé que ...", or a source given earlier in the paragraph.

    lexicon = AttributionLexicon.load(resources.lexicons)   # lang/fr/attribution.toml
    source = find_source(doc, start_char, end_char, lexicon)   # Mention | None

The words and verbs are data (`lang/fr/attribution.toml`); this module only reads the
spaCy parse. A source is returned "as written": a span of the article text.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from spacy.tokens import Doc, Span, Token

from .doctext import text_of
from .lexicons import validate
from .records import Mention

__all__ = ["AttributionLexicon", "find_source", "source_in_sentence", "phrase_mention",
           "SCHEMA"]

# `lang/<lang>/attribution.toml`: a misspelt key is an error naming the file and the key
SCHEMA: dict[str, Any] = {
    "markers": {"prepositions": [str], "source_words": [str], "source_before": [str],
                "source_same": [str], "adverbs": [str]},
    "generic": {"nouns": [str], "author_prepositions": [str], "author_first": [str],
                "plain_adjectives?": [str]},
    "verbs": {"lemmas": [str], "phrases": [[str]], "agent_prepositions": [str],
              "counting?": [str]},
    "pronouns": {"impersonal": [str], "personal": [str]},
    "span": {"drop_deps": [str], "max_tokens": int, "paragraph_sentences": int},
}

_APOSTROPHES = str.maketrans({"’": "'"})
_SUBJECT_DEPS = ("nsubj", "nsubj:pass", "csubj")
_NAME_DEPS = ("flat:name", "flat", "appos")


def _norm(text: str) -> str:
    return text.replace("\u0130", "I").lower().translate(_APOSTROPHES)   # same length


@dataclass(frozen=True)
class AttributionLexicon:
    """The attribution words of one language, ready for lookups."""
    markers: tuple[tuple[str, ...], ...]
    source_words: frozenset[str]
    adverbs: frozenset[str]
    generic_nouns: frozenset[str]
    author_prepositions: frozenset[str]
    verbs: frozenset[str]
    phrases: tuple[tuple[str, str], ...]
    impersonal: frozenset[str]
    personal: frozenset[str]
    drop_deps: frozenset[str]
    max_tokens: int = 25
    paragraph_sentences: int = 3
    source_before: frozenset[str] = frozenset()   # "de" in "de source policière"
    source_same: frozenset[str] = frozenset()     # "même" in "de même source"
    author_first: frozenset[str] = frozenset()    # "auprès" in "un bilan obtenu auprès de"
    agent_prepositions: frozenset[str] = frozenset()   # "par" in "recensés par le ministère"
    counting: frozenset[str] = frozenset()   # "compter": a place that counts is no source
    plain_adjectives: frozenset[str] = frozenset()   # "dernier" in "un dernier bilan"

    @functools.cached_property
    def markers_by_first(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """The markers by their first word, longest first as in `markers`."""
        out: dict[str, list[tuple[str, ...]]] = {}
        for marker in self.markers:
            out.setdefault(marker[0], []).append(marker)
        return {first: tuple(ms) for first, ms in out.items()}

    @classmethod
    def load(cls, lexicons: Any) -> "AttributionLexicon":
        """Read and check `attribution` from a `Lexicons`."""
        return cls.from_dict(lexicons.get("attribution", SCHEMA))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "AttributionLexicon":
        validate(data, SCHEMA)
        m, g, v, p, s = (data[k] for k in ("markers", "generic", "verbs", "pronouns",
                                                     "span"))
        markers = sorted({tuple(_norm(w).replace("'", "' ").split())
                          for w in m["prepositions"]}, key=len, reverse=True)
        return cls(
            markers=tuple(tuple(w.strip() for w in mk) for mk in markers),
            source_words=frozenset(_norm(w) for w in m["source_words"]),
            adverbs=frozenset(_norm(w) for w in m["adverbs"]),
            generic_nouns=frozenset(_norm(w) for w in g["nouns"]),
            author_prepositions=frozenset(_norm(w) for w in g["author_prepositions"]),
            verbs=frozenset(_norm(w) for w in v["lemmas"]),
            phrases=tuple((_norm(a), _norm(b)) for a, b in v["phrases"]),
            impersonal=frozenset(_norm(w) for w in p["impersonal"]),
            personal=frozenset(_norm(w) for w in p["personal"]),
            drop_deps=frozenset(s["drop_deps"]),
            max_tokens=int(s["max_tokens"]),
            paragraph_sentences=int(s["paragraph_sentences"]),
            source_before=frozenset(_norm(w) for w in m["source_before"]),
            source_same=frozenset(_norm(w) for w in m["source_same"]),
            author_first=frozenset(_norm(w) for w in g["author_first"]),
            agent_prepositions=frozenset(_norm(w) for w in v["agent_prepositions"]),
            counting=frozenset(_norm(w) for w in v.get("counting", ())),
            plain_adjectives=frozenset(_norm(w) for w in g.get("plain_adjectives", ())),
        )


def _lexicon(lexicon: AttributionLexicon | Mapping[str, Any]) -> AttributionLexicon:
    return lexicon if isinstance(lexicon, AttributionLexicon) else \
        AttributionLexicon.from_dict(lexicon)


# --- spans -------------------------------------------------------------------------------

_ACRONYM = re.compile(r" ?\((?=[A-ZÀ-Ö])[A-ZÀ-Ö0-9&.-]{2,12}\)")
# a sentence end glued to the next sentence: after a word or a closing bracket
# ("l'ONU.Une", "(27.121).Mais"), before a capital or a scraped subheading's dash
# ("(311).- Résultats")
_GLUED = re.compile(r"(?:(?<=[^\W\d_]{2})|(?<=\)))[.!?…](?=[«\"“]?[A-ZÀ-ÖØ-Þ]|-\s?[A-ZÀ-ÖØ-Þ])")


def _mention(doc: Doc, first: Token, last: Token) -> Mention:
    start, end = first.idx, last.idx + len(last.text)
    # scraped text runs sentences together ("un journaliste de l'AFP.Les signes"): a
    # source never crosses such a glued sentence end
    glued = _GLUED.search(text_of(doc), start, end)
    if glued is not None and glued.start() > start:
        end = glued.start()
    return Mention(text=text_of(doc)[start:end], start=start, end=end)


def _kept(token: Token, lex: AttributionLexicon, root: Token) -> list[Token]:
    """The subtree of `token`, without relative clauses, incidents and punctuation edges."""
    out = [token]
    for child in token.children:
        if child.dep_ in lex.drop_deps and child is not root:
            continue
        if "\n" in child.text:
            continue
        out.extend(_kept(child, lex, root))
    return out


def phrase_mention(head: Token, lex: AttributionLexicon | Mapping[str, Any], *,
                   after: int = -1) -> Mention | None:
    """The noun phrase headed by `head` as a Mention (only tokens after index `after`).

    A title with a name in apposition ("le porte-parole du ministère, Javid Faisal", "la
    brigade de sapeurs-pompiers de Paris (BSPP)") keeps both, as written; a name with a
    title in apposition keeps both too."""
    lex = _lexicon(lex)
    if head.pos_ in ("NOUN", "PROPN"):
        names = [c for c in head.children if _apposed_name(head, c)]
        if names:
            return _apposed(head, names[0], lex, after)
    tokens = sorted((t for t in _kept(head, lex, head) if t.i > after), key=lambda t: t.i)
    if not tokens:
        return None
    # contiguous run around the head
    run = [t for t in tokens if t.i >= head.i]
    before = [t for t in tokens if t.i < head.i]
    for t in reversed(before):
        if t.i == run[0].i - 1:
            run.insert(0, t)
        else:
            break
    contiguous = [run[0]]
    for t in run[1:]:
        if t.i != contiguous[-1].i + 1:
            break
        contiguous.append(t)
    while contiguous and (contiguous[0].is_punct or contiguous[0].dep_ == "case"
                          or contiguous[0].pos_ in ("ADP", "CCONJ")):
        contiguous.pop(0)
    while contiguous and (contiguous[-1].is_punct or contiguous[-1].pos_ in ("ADP", "CCONJ",
                                                                             "DET")):
        contiguous.pop()
    if not contiguous:
        return None
    contiguous = contiguous[:lex.max_tokens]
    first, last = contiguous[0], contiguous[-1]
    doc = head.doc
    # a name cut by the parse ("Rami Abd al-Rahman" with the subject on "Rahman")
    for ent in doc.ents:
        if ent.start <= first.i < ent.end and ent.start > after:
            first = doc[ent.start]
        if ent.start <= last.i < ent.end:
            last = doc[ent.end - 1]
    if first.pos_ == "PROPN":
        # a multi-word name the parse split ("Rami Abd al - Rahman")
        while first.i - 1 > after and (doc[first.i - 1].pos_ == "PROPN"
                                       or doc[first.i - 1].text in "-‑") \
                and "\n" not in doc[first.i - 1].whitespace_:
            first = doc[first.i - 1]
    found = _mention(doc, first, last)
    acronym = _ACRONYM.match(text_of(doc), found.end)
    if acronym is not None and found.end == last.idx + len(last.text):
        # "le Centre national des ouragans (NHC)": the acronym in brackets is the name's
        end = acronym.end()
        return Mention(text=text_of(doc)[found.start:end], start=found.start, end=end)
    return found


def _apposed_name(head: Token, child: Token) -> bool:
    """Whether `child` is a name in apposition to `head`: "appos", or a "conj" with no
    conjunction after a comma ("le procureur de Besançon, Etienne Manteaux", which the
    parse reads as a coordination); after a name, only a bracketed one ("(BSPP)")."""
    if child.pos_ != "PROPN" or child.i < head.i:
        return False
    before = child.doc[child.i - 1].text
    if head.pos_ == "PROPN":
        return child.dep_ == "appos" and before == "("
    if child.dep_ == "conj":
        return before == "," and not any(c.dep_ == "cc" for c in child.children)
    return child.dep_ == "appos"


def _apposed(title: Token, name: Token, lex: AttributionLexicon,
             after: int) -> Mention | None:
    """A title and the name in apposition to it, as written: the title's phrase, the
    comma or bracket between them, the name (and its closing bracket). The name alone
    when anything else stands between them."""
    named = phrase_mention(name, lex, after=after)
    titled = _plain_phrase(title, lex, after, name)
    if titled is None or named is None or titled.start >= named.start:
        return named
    text = text_of(title.doc)
    between = text[titled.end:named.start]
    if between.strip() not in (",", "(", ""):
        return named
    end = named.end
    if between.strip() == "(" and text[end:end + 1] == ")":
        end += 1
    return Mention(text=text[titled.start:end], start=titled.start, end=end)


def _plain_phrase(head: Token, lex: AttributionLexicon, after: int,
                  name: Token) -> Mention | None:
    """The noun phrase of `head` before its apposed `name`."""
    kept = [t for t in _kept(head, lex, head) if after < t.i < name.i]
    if not kept:
        return None
    first = min(kept, key=lambda t: t.i)
    run = sorted((t for t in kept if t.i >= first.i), key=lambda t: t.i)
    last = run[0]
    for t in run[1:]:
        if t.i != last.i + 1:
            break
        last = t
    while first.i < last.i and (first.dep_ == "case" or first.pos_ in ("ADP", "CCONJ")):
        first = head.doc[first.i + 1]
    if last.i < head.i:
        return None
    return _mention(head.doc, first, last)


def _author_of_generic(head: Token, lex: AttributionLexicon) -> Token | None:
    """In "un bilan obtenu auprès des autorités", the author noun (`autorités`)."""
    best = None
    for t in head.subtree:
        if t is head or t.pos_ not in ("NOUN", "PROPN"):
            continue
        cases = [_norm(c.text) for c in t.children if c.dep_ == "case"]
        if any(c in lex.author_first for c in cases):
            return t
        if best is None and any(c in lex.author_prepositions for c in cases) \
                and _norm(t.lemma_) not in lex.generic_nouns and t.ent_type_ not in ("DATE",):
            best = t
    return best


def _says_whose(head: Token, lex: AttributionLexicon) -> bool:
    """Whether an adjective on a generic noun says whose figure it is ("officiel",
    "policières"), unlike "un dernier bilan", "un bilan provisoire"."""
    return any(c.dep_ == "amod" and c.pos_ == "ADJ" and _norm(c.lemma_) not in
               lex.plain_adjectives and _norm(c.text) not in lex.plain_adjectives
               for c in head.children)


def _noun_mention(head: Token, lex: AttributionLexicon, after: int) -> Mention | None:
    if _norm(head.text) in lex.generic_nouns or _norm(head.lemma_) in lex.generic_nouns:
        if _says_whose(head, lex):
            # "selon les statistiques policières du Honduras", "un bilan officiel fait
            # état de": the qualified figure is the source as written
            return phrase_mention(head, lex, after=after)
        author = _author_of_generic(head, lex)
        if author is None:
            return None
        head = author
    return phrase_mention(head, lex, after=after)


# --- the kinds of attribution --------------------------------------------------------------

def _marker_sources(sent: Span, lex: AttributionLexicon) -> Iterable[tuple[int, Mention]]:
    """(token index, source) for "selon X", "d'après X", "de source X", "officiellement"."""
    words = [_norm(t.text) for t in sent]
    n = len(words)
    i = 0
    covered: set[int] = set()   # the phrases of "selon X": "à partir de sources ..." is X's
    by_first = lex.markers_by_first
    while i < n:
        matched = None
        for marker in by_first.get(words[i], ()):
            k = len(marker)
            if tuple(words[i:i + k]) == marker:
                matched = k
                break
        if not matched and words[i] not in lex.source_words and words[i] not in lex.adverbs:
            i += 1
            continue
        token = sent[i]
        if matched:
            last = sent[i + matched - 1]
            head = last.head if last.dep_ in ("case", "mark", "fixed", "advmod", "cc") else None
            if last.pos_ == "VERB":
                objs = [c for c in last.children if c.dep_ in ("obj", "nsubj", "obl:agent")]
                head = objs[0] if objs else None
            if head is not None and head.i <= last.i:
                # parse attached the marker backwards: take the next noun instead
                head = next((t for t in sent[i + matched:] if t.pos_ in ("NOUN", "PROPN")), None)
            if head is not None:
                covered.update(t.i for t in head.subtree)
                mention = _noun_mention(head, lex, after=last.i)
                if mention is not None and _norm(mention.text) in lex.personal:
                    mention = _person_before(sent.doc, head.i)   # "selon lui"
                if mention is not None:
                    yield token.i, mention
            i += matched
            continue
        if words[i] in lex.source_words and i > 0 and token.i not in covered and (
                words[i - 1] in lex.source_before or words[i - 1] in lex.source_same):
            first = sent[i - 1] if words[i - 1] in lex.source_same else token
            right = [t for t in token.subtree if t.i >= token.i and t.dep_ not in lex.drop_deps]
            end_tok = token
            for t in sorted(right, key=lambda t: t.i):
                if t.i == end_tok.i + 1 and not t.is_punct:
                    end_tok = t
            yield token.i, _mention(sent.doc, first, end_tok)
        elif words[i] in lex.adverbs:
            yield token.i, _mention(sent.doc, token, token)
        i += 1


def _last_person_before(doc: Doc, index: int) -> Token | None:
    for ent in reversed([e for e in doc.ents if e.end <= index]):
        if ent.label_ == "PER":
            return ent.root
    return None


def _person_before(doc: Doc, index: int) -> Mention | None:
    """The last person named before token `index`, as a Mention (for "selon lui")."""
    person = _last_person_before(doc, index)
    if person is None:
        return None
    ent = next(e for e in doc.ents if e.start <= person.i < e.end)
    return Mention(text=ent.text, start=ent.start_char, end=ent.end_char)


def _feature(token: Token, field: str) -> list[str]:
    """The values of a morphological feature of `token`, [] when it has none."""
    # spaCy's stub says MorphAnalysis.get needs a default; it has one (an empty list)
    return token.morph.get(field)  # type: ignore[call-arg]


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ == "aux:pass" for c in verb.children) or verb.dep_ == "acl" and \
        _feature(verb, "VerbForm") == ["Part"] and _feature(verb, "Tense") == ["Past"]


def _is_incise(verb: Token) -> bool:
    """Whether the verb opens an incise: ", a indiqué X", "», précise X"."""
    first = min([verb] + [c for c in verb.children if c.dep_.startswith("aux")
                          and c.i < verb.i], key=lambda t: t.i)
    if first.i == 0:
        return False
    before = first.doc[first.i - 1]
    return before.is_punct and before.text in (",", "»", '"', "”", "(", "–", "—")


def _subjects(verb: Token, lex: AttributionLexicon) -> list[Token]:
    """The subjects of a reporting verb: after it in an incise (", a indiqué X"), the
    inverted subject the parse made an object, or the subject of the verb it is
    coordinated with ("X craque et révèle onze meurtres")."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    # "a indiqué à l'AFP le parquet": the addressee is no subject when another is there
    subjects = [c for c in subjects if not any(x.dep_ == "case" for x in c.children)] \
        or subjects
    gerund = (_feature(verb, "VerbForm") == ["Part"] and _feature(verb, "Tense") == ["Pres"])
    incise = _is_incise(verb) and not gerund
    if incise and any(c.i > verb.i for c in subjects):
        # ", sept gardes à vue, a indiqué le parquet": the subject is after the verb
        return [c for c in subjects if c.i > verb.i]
    if not subjects and incise:
        # ", a précisé la police": the inverted subject parsed as an object
        return [c for c in verb.children if c.i > verb.i
                and c.dep_ in ("obj", "nmod", "obl:arg", "appos")
                and c.pos_ in ("NOUN", "PROPN")][:1]
    if not subjects and verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not incise:
        return [c for c in verb.head.children if c.dep_ in _SUBJECT_DEPS]
    return subjects


def _verb_sources(sent: Span, lex: AttributionLexicon) -> Iterable[tuple[Token, Mention]]:
    """(verb, source) for each reporting verb of the sentence with a usable subject."""
    for token in sent:
        # "Un bilan officiel fait état de": the parse may read "fait" as a noun
        noun_verb = token.pos_ == "NOUN" and any(c.dep_ == "nsubj" for c in token.children)
        if token.pos_ not in ("VERB", "AUX") and not noun_verb:
            continue
        lemma = _norm(token.lemma_)
        ok = (lemma in lex.verbs and not noun_verb) or any(
            (lemma == a or noun_verb and _norm(token.text)[:3] == a[:3])
            and any(_norm(c.lemma_) == b or _norm(c.text) == b for c in token.children)
            for a, b in lex.phrases)
        if not ok:
            continue
        if _is_passive(token):
            # "22.300 manifestants avaient été recensés par le ministère": the subject is
            # what is reported, the agent ("par X") is who reports it
            agents = [c for c in token.children if c.dep_ == "obl:agent"
                      and c.pos_ in ("NOUN", "PROPN") and any(
                          _norm(x.text) in lex.agent_prepositions
                          for x in c.children if x.dep_ == "case")]
            if agents:
                mention = phrase_mention(agents[0], lex)
                if mention is not None:
                    yield token, mention
            continue
        subjects = _subjects(token, lex)
        if not subjects:
            continue
        subj = next((c for c in subjects if c.pos_ == "PROPN"), subjects[0])
        if lemma in lex.counting and subj.ent_type_ == "LOC":
            continue      # "la Grèce comptait six morts": the place has them
        word = _norm(subj.text)
        if word in lex.impersonal or subj.pos_ == "PRON" and word not in lex.personal:
            continue
        if word in lex.personal or subj.pos_ == "PRON":
            person = _last_person_before(sent.doc, subj.i)
            if person is None:
                continue
            ent = next(e for e in sent.doc.ents if e.start <= person.i < e.end)
            yield token, Mention(text=ent.text, start=ent.start_char, end=ent.end_char)
            continue
        # "le dernier bilan faisait état de": a generic noun names its author, or no one
        mention = _noun_mention(subj, lex, -1)
        if any(c.dep_ == "case" for c in subj.children):
            # "a indiqué à l'AFP X": the parse took the addressee for the subject
            following = [t for t in subj.subtree if t.i > subj.i and not t.is_punct]
            start = next((t for t in following if t.pos_ in ("PROPN", "NOUN")
                          and t.dep_ != "case"), None)
            mention = None
            if start is not None:
                last = max(subj.subtree, key=lambda t: t.i)
                mention = phrase_mention(start, lex)
                if mention is not None:
                    mention = _mention(sent.doc, start, last) if last.idx > start.idx else mention
        if mention is not None:
            yield token, mention
    yield from _phrase_by_surface(sent, lex)


def _phrase_by_surface(sent: Span, lex: AttributionLexicon) -> Iterable[tuple[Token, Mention]]:
    """ "Le dernier bilan officiel fait état de 207 morts" when the parse made "fait" a
    punctuation or a noun with no subject: the reporting phrase read on the words, its
    subject the noun right before it."""
    for token in sent[:-1]:
        nxt = token.nbor()
        if not any(_norm(token.text)[:3] == a[:3] and _norm(nxt.text) == b
                   for a, b in lex.phrases):
            continue
        if token.pos_ in ("VERB", "AUX") or any(c.dep_ == "nsubj" for c in token.children):
            continue      # the parse read it: `_verb_sources` took it
        before = list(sent.doc[max(sent.start, token.i - 4):token.i])
        while before and before[-1].pos_ == "ADJ":
            before.pop()
        if before and before[-1].pos_ in ("NOUN", "PROPN"):
            mention = _noun_mention(before[-1], lex, -1)
            if mention is not None:
                yield token, mention


def _ancestors(token: Token) -> set[int]:
    return {t.i for t in token.ancestors} | {token.i}


def _quote_of(pos: int, quoted: Sequence[tuple[int, int]]) -> int:
    """The index of the quoted span holding character `pos`, or -1."""
    for k, (a, b) in enumerate(quoted):
        if a <= pos < b:
            return k
    return -1


def source_in_sentence(sent: Span, lex: AttributionLexicon | Mapping[str, Any],
                       anchor: Token | None = None,
                       quoted: Sequence[tuple[int, int]] = (),
                       avoid: tuple[int, int] | None = None) -> Mention | None:
    """The source a sentence gives (for the figure at `anchor`, when given).

    `quoted` are the character spans of direct quotes: a "selon" or a verb inside a quote
    gives no source to what lies outside it (nor the reverse). `avoid`: the characters of
    the figure itself, which is never its own source ("400 manifestants lançaient ...")."""
    lex = _lexicon(lex)
    if anchor is not None:
        own = _glued_part(sent, anchor)
        if own is not None:
            # scraped text glues sentences ("les preuves.Un bilan officiel fait état de"):
            # the anchor's own sentence speaks first, the glued ones only after it
            found = source_in_sentence(own, lex, anchor, quoted, avoid)
            if found is not None:
                return found
            # the glued sentences before it may give its source (unless a subheading
            # starts its section after them), not those after it
            section = _section_start(sent.doc, anchor.idx)
            first = next((t.i for t in sent if t.idx >= section), own.start)
            sent = sent.doc[min(first, own.start):own.end]
    markers = [m for m in _marker_sources(sent, lex) if not _overlaps(m[1], avoid)]
    if quoted:
        home = _quote_of(anchor.idx, quoted) if anchor is not None else -1
        markers = [m for m in markers if _quote_of(sent.doc[m[0]].idx, quoted) == home
                   and _quote_of(m[1].start, quoted) == home]
    if markers:
        if anchor is None:
            return markers[0][1]
        return min(markers, key=lambda m: abs(m[0] - anchor.i))[1]
    verbs = [v for v in _verb_sources(sent, lex) if not _overlaps(v[1], avoid)]
    if quoted:
        verbs = [v for v in verbs if _quote_of(v[0].idx, quoted) == home
                 and _quote_of(v[1].start, quoted) == home]
    if not verbs:
        return None
    if anchor is None:
        return verbs[0][1]
    up = _ancestors(anchor)

    def rank(item):
        verb, _ = item
        if verb.i in up:
            relation = 0          # the figure is in what the verb reports
        elif verb.head.i in up or verb.dep_ in ("parataxis", "ROOT"):
            relation = 1          # an incise on the figure's clause
        else:
            relation = 2
        return relation, abs(verb.i - anchor.i)
    return min(verbs, key=rank)[1]


def _glued_part(sent: Span, anchor: Token) -> Span | None:
    """The part of `sent` around `anchor` between glued sentence ends, when the parse
    ran several sentences together; None when `sent` is one sentence."""
    text = text_of(sent.doc)
    cuts = [m.end() for m in _GLUED.finditer(text, sent.start_char, sent.end_char)]
    if not cuts:
        return None
    start = max((c for c in cuts if c <= anchor.idx), default=sent.start_char)
    end = min((c for c in cuts if c > anchor.idx), default=sent.end_char)
    part = sent.doc.char_span(start, end, alignment_mode="contract")
    if part is None or len(part) == 0 or (part.start == sent.start and part.end == sent.end):
        return None
    return part


def _continuation(doc: Doc, sent: Span) -> Span | None:
    """The next "sentence" when it only continues `sent`: the sentence has no end mark
    and the next starts with a comma, or with a lower-case verb or auxiliary ("a
    indiqué le ministre"), not with the rest of a cut noun phrase."""
    if sent.end >= len(doc):
        return None
    last = next((t for t in reversed(sent) if not t.is_space), None)
    first = next((t for t in doc[sent.end].sent if not t.is_space), None)
    if last is None or first is None or last.text in (".", "!", "?", "…", "»", '"', "”"):
        return None
    if first.text in (",", ";") or first.text[:1].islower() and first.pos_ in ("AUX", "VERB"):
        return doc[sent.end].sent
    return None


def _overlaps(mention: Mention, span: tuple[int, int] | None) -> bool:
    return span is not None and mention.start < span[1] and span[0] < mention.end


# a scraped subheading between dashes glued to its section ("- D'une catastrophe à
# l'autre -En 1984"): a section starts after it, as a paragraph does
_SUBHEADING = re.compile(r"(?<![\w-])-\s?[A-ZÀ-Ý][^!?\n]{2,80}?\s-(?=[«\"“]?[A-ZÀ-Ý])")


def _section_start(doc: Doc, pos: int) -> int:
    """Where the section holding character `pos` starts: after the last scraped
    subheading before it (0 when there is none); a subheading holding `pos` is a section
    of its own, which takes no source from before it."""
    text = text_of(doc)
    last = None
    for m in _SUBHEADING.finditer(text, max(0, pos - 2000), min(len(text), pos + 200)):
        if m.start() <= pos < m.end():
            return m.start()
        if m.end() <= pos:
            last = m
    return last.end() if last is not None else 0


def _paragraph_start(doc: Doc, sent: Span) -> int:
    text = text_of(doc)
    nl = text.rfind("\n", 0, sent.start_char)
    return nl + 1


def find_source(doc: Doc, start_char: int, end_char: int,
                lexicon: AttributionLexicon | Mapping[str, Any],
                quoted: Sequence[tuple[int, int]] = ()) -> Mention | None:
    """Who the text at [start_char, end_char) comes from, as a Mention, or None.

    Looks in its sentence first, then in up to `paragraph_sentences` sentences before it
    in the same paragraph (a source stated once for several figures)."""
    lex = _lexicon(lexicon)
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    anchor = span.root
    sent = anchor.sent
    found = source_in_sentence(sent, lex, anchor, quoted, (start_char, end_char))
    if found is not None:
        return found
    rest = _continuation(doc, sent)
    if rest is not None:
        # "... étaient en garde à vue dimanche" + ", a indiqué le ministre": the parse
        # ended the sentence before its incise
        found = source_in_sentence(rest, lex, None, quoted)
        if found is not None:
            return found
    words = [_norm(t.text) for t in sent]
    if any(tuple(words[i:i + len(m)]) == m for m in lex.markers for i in range(len(words))):
        # "Selon un dernier bilan, …": the sentence says where its figures come from,
        # without an author; an earlier sentence's source is not theirs
        return None
    paragraph = max(_paragraph_start(doc, sent), _section_start(doc, start_char))
    previous = sent
    for _ in range(lex.paragraph_sentences):
        if previous.start == 0:
            break
        previous = doc[previous.start - 1].sent
        between = text_of(doc)[previous.end_char:sent.start_char]
        if previous.end_char <= paragraph or "\n" in between:
            break
        if not any(t.like_num or t.pos_ == "NUM"
                   or t.pos_ == "NOUN" and _norm(t.lemma_) in lex.generic_nouns
                   for t in previous if not t.is_punct):
            # a sentence with neither a count nor figures ("a publié des chiffres") is
            # about another fact ("Selon des rapports, des enterrements secrets ont été
            # organisés"): its source, and any before it, is not the figure's
            break
        found = source_in_sentence(previous, lex, None, quoted)
        if found is not None:
            return found
    return None
