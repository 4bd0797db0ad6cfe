"""events: typed, placed, dated events with modality, arguments, figures and evidence.

For each sentence of the parse, trigger words of the lexicon `event_triggers` (verbs,
nouns, multiword expressions, kept as data) propose event types; a trigger that needs
context ("explosion" is a bombing only near "attentat", "bombe"...) is kept only when the
sentence gives it, and a word that could start several types goes to the first type of
`[resolve] order`. Each trigger then gets from the dependency parse:

- its modality (`modality.toml`): negation, "pourrait", "appelle à", "ont prévu de",
  future tense..., looked up on the trigger and the words governing it;
- actors (subject, passive agent, "par X") and targets (object, passive subject, "de X");
- the place: the clause's toponym (a place of the `places` layer mentioned in the
  sentence, nearest the trigger, the most precise first), else the article's main place;
- the date: the clause's time expression (`times` layer), else, for an asserted event
  told in the present or the passé composé, the day before publication to publication;
- the figures of the same sentence and the source ("selon l'Unicef").

Sentences are those of the parse, cut again where scraped text glued two of them
("l'ONU.Une décision"); a glued subheading ("État d'urgence") reads no event. Words of
everyday French make an event only about the right thing (`arguments`: "signer un
accord", not "un arrêté signé"). Places of persons, bodies or clocks ("l'ambassadeur de
France", "21h heure de Paris"), the subject of the event verb ("Paris a déployé") and
destinations are not where it happened; the article's main place is one its title leads
with ("Grèce : ..."), else the most named place of the most named country.

Mentions of one event (same type and modality, compatible place and date) are merged
into one event that keeps every evidence span; in two sentences, two different words
with no places to compare are one event only when the later refers back ("cette
attaque"), and "une autre agression" is always a new one. Generic mentions ("la lutte
contre les attentats", "impliqués dans des attaques") are not events.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Mapping

from spacy.tokens import Doc, Span, Token

from ..doctext import text_of
from ..errors import SettingsError
from .base import ArticleState, Option, Stage
from ..records import EVENT_TYPE_TABLE, DateInterval, Event, Figure, Mention, Place, Provenance, Time

__all__ = ["EventsStage", "TriggerLexicon", "ModalityCues"]

_APOS = str.maketrans({"’": "'", "‘": "'"})
_NOMINAL = ("NOUN", "PROPN", "ADJ", "X")
_VERBAL = ("VERB", "AUX", "ADJ")
_SKIP_POS = ("DET", "ADP", "PUNCT", "CCONJ", "SCONJ", "PRON", "NUM", "SPACE")
_ACTOR_DEPS = ("nsubj", "obl:agent")
_TARGET_DEPS = ("obj", "nsubj:pass")
_CLIMB_DEPS = ("obj", "xcomp", "nmod", "obl:arg", "nsubj", "nsubj:pass", "ccomp", "csubj")


_PLACE_NOUNS = frozenset({"ville", "localité", "village", "région", "province", "capitale",
                          "zone", "commune", "département", "quartier", "pays", "bastion"})
# people who take part in an event: they make one only as the subject of a clause or
# counted ("des centaines de manifestants"), not in passing ("la part des casseurs")
_QUANTITY_NOUNS = frozenset({"centaine", "millier", "dizaine", "groupe", "foule", "million",
                             "vingtaine", "trentaine", "cinquantaine", "quelque", "plusieurs"})


def _norm(text: str) -> str:
    return text.lower().translate(_APOS)


# --- the data ----------------------------------------------------------------------------

@dataclass(frozen=True)
class TypeTriggers:
    """The trigger words of one event type."""
    name: str
    verbs: frozenset[str]                   # one-token verb lemmas
    nouns: frozenset[str]                   # one-token noun lemmas or forms
    multi: tuple[tuple[str, ...], ...]      # lemma sequences ("tremblement de terre")
    phrases: tuple[str, ...]                # lower-cased surface strings
    weak: frozenset[str]
    needs: Mapping[str, frozenset[str]]
    needs_context: frozenset[str]
    context_exempt: frozenset[str]
    arguments: Mapping[str, frozenset[str]]
    not_with: Mapping[str, frozenset[str]]
    acled: tuple[str, str] | None
    plover: str | None
    # trigger -> lemmas its theme (object, passive or reflexive subject, the noun a
    # participle qualifies, "de X" of a noun) may not be: "arrêter un réacteur"
    not_about: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # trigger -> lemmas that, anywhere in its sentence, say it is about something else
    not_in_sentence: Mapping[str, frozenset[str]] = field(default_factory=dict)


def _single(words: Iterable[str]) -> frozenset[str]:
    out = set()
    for w in words:
        w = _norm(w).removeprefix("s'").removeprefix("se ")
        if " " not in w:
            out.add(w)
    return frozenset(out)


@dataclass(frozen=True)
class TriggerLexicon:
    """All event types with their triggers, ready for lookups."""
    types: Mapping[str, TypeTriggers]
    order: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    quote_types: frozenset[str] = frozenset()
    weak_article_blockers: frozenset[str] = frozenset()
    weak_sentence_blockers: frozenset[str] = frozenset()
    agents: frozenset[str] = frozenset()
    blocks: Mapping[str, frozenset[str]] = field(default_factory=dict)
    not_where: frozenset[str] = frozenset()
    generic_governors: frozenset[str] = frozenset()
    warnings: frozenset[str] = frozenset()
    relative_times: frozenset[str] = frozenset()
    report_verbs: frozenset[str] = frozenset()
    distinct_modifiers: frozenset[str] = frozenset()
    habitual: tuple[str, ...] = ()
    violent_types: frozenset[str] = frozenset()
    story_cues: Mapping[str, frozenset[str]] = field(default_factory=dict)
    habitual_determiners: frozenset[str] = frozenset()

    @classmethod
    def from_data(cls, triggers: Mapping[str, Any],
                  types: Mapping[str, Any] | None = None) -> "TriggerLexicon":
        info = (types or {}).get("types", {})
        themes = {k: [_norm(w) for w in v] for k, v in triggers.get("themes", {}).items()
                  if isinstance(v, list)}

        def expand(words: Iterable[str]) -> frozenset[str]:
            out_words: set[str] = set()
            for w in words:
                if w.startswith("@") and w[1:] in themes:
                    out_words.update(themes[w[1:]])
                else:
                    out_words.add(_norm(w))
            return frozenset(out_words)
        out = {}
        for name, data in triggers.get("types", {}).items():
            weak = list(data.get("weak", ()))
            verbs = list(data.get("verbs", ()))
            nouns = list(data.get("nouns", ()))
            words = [_norm(w) for w in verbs + nouns + weak]
            multi = tuple(tuple(w.replace("'", "' ").split()) for w in words if " " in w
                          and not w.startswith("se "))
            meta = info.get(name, {})
            acled = tuple(meta["acled"]) if meta.get("acled") else None
            out[name] = TypeTriggers(
                name=name, verbs=_single(verbs + weak), nouns=_single(nouns + weak), multi=multi,
                phrases=tuple(sorted({_norm(p) for p in data.get("phrases", ())}, key=len,
                                     reverse=True)),
                weak=frozenset(_norm(w) for w in weak),
                needs={_norm(k): expand(v) for k, v in data.get("needs", {}).items()},
                needs_context=frozenset(_norm(w) for w in data.get("needs_context", ())),
                context_exempt=frozenset(_norm(w) for w in data.get("context_exempt", ())),
                arguments={_norm(k): expand(v) for k, v in data.get("arguments", {}).items()},
                not_with={_norm(k): expand(v) for k, v in data.get("not_with", {}).items()},
                not_about={_norm(k): expand(v) for k, v in data.get("not_about", {}).items()},
                not_in_sentence={_norm(k): expand(v)
                                 for k, v in data.get("not_in_sentence", {}).items()},
                acled=acled, plover=meta.get("plover"))
        order = tuple(triggers.get("resolve", {}).get("order", ())) or tuple(out)
        order = tuple(t for t in order if t in out) + tuple(t for t in out if t not in order)
        weak = triggers.get("weak", {})
        generic = triggers.get("generic", {})
        return cls(types=out, order=order,
                   violent_types=frozenset(generic.get("violent_types", ())),
                   story_cues={k: frozenset(_norm(w) for w in v)
                               for k, v in generic.get("story_cues", {}).items()},
                   habitual=tuple(sorted({_norm(p) for p in generic.get("habitual", ())},
                                         key=len, reverse=True)),
                   habitual_determiners=frozenset(
                       _norm(w) for w in generic.get("habitual_determiners", ())),
                   exclude=tuple(_norm(p) for p in triggers.get("exclude", {}).get("phrases", ())),
                   quote_types=frozenset(triggers.get("quotes", {}).get("keep_types", ())),
                   weak_article_blockers=frozenset(weak.get("blocked_by_article_types", ())),
                   weak_sentence_blockers=frozenset(weak.get("blocked_by_sentence_types", ())),
                   agents=frozenset(_norm(w) for w in triggers.get("agents", {}).get("nouns", ())),
                   blocks={k: frozenset(v) for k, v in triggers.get("blocks", {}).items()},
                   distinct_modifiers=frozenset(
                       _norm(w) for w in triggers.get("merge", {}).get("distinct_modifiers", ())),
                   generic_governors=frozenset(
                       _norm(w) for w in triggers.get("generic", {}).get("governors", ())),
                   relative_times=frozenset(
                       _norm(w) for w in triggers.get("dates", {}).get("relative", ())),
                   report_verbs=frozenset(
                       _norm(w) for w in triggers.get("dates", {}).get("report_verbs", ())),
                   warnings=frozenset(
                       _norm(w) for w in triggers.get("generic", {}).get("warnings", ())),
                   not_where=frozenset(_norm(w) for w in
                                       triggers.get("places", {}).get("not_where", ())))


@dataclass(frozen=True)
class ModalityCues:
    max_hops: int
    neg_adverbs: frozenset[str]
    cues: Mapping[str, Mapping[str, frozenset[str]]]
    past_is_fact: frozenset[str] = frozenset()
    subject_governors: frozenset[str] = frozenset()
    narrow: frozenset[str] = frozenset()
    support_verbs: frozenset[str] = frozenset()
    fact_anchors: frozenset[str] = frozenset()
    occurrence_verbs: frozenset[str] = frozenset()
    fact_nouns: frozenset[str] = frozenset()
    unintended_types: frozenset[str] = frozenset()
    participles: frozenset[str] = frozenset()

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "ModalityCues":
        cues = {}
        for modality in ("negated", "hypothetical", "proposed", "planned"):
            d = data.get(modality, {})
            cues[modality] = {k: frozenset(_norm(w) for w in d.get(k, ()))
                              for k in ("governors", "modifiers", "phrases")}
        def words(key: str) -> frozenset[str]:
            return frozenset(_norm(w) for w in data.get(key, ()))
        return cls(max_hops=int(data.get("max_hops", 3)),
                   neg_adverbs=frozenset(_norm(w) for w in
                                         data.get("negated", {}).get("adverbs", ())),
                   cues=cues,
                   past_is_fact=words("past_is_fact"),
                   subject_governors=words("subject_governors"),
                   narrow=words("narrow"), support_verbs=words("support_verbs"),
                   fact_anchors=words("fact_anchors"),
                   occurrence_verbs=words("occurrence_verbs"),
                   fact_nouns=words("fact_nouns"),
                   unintended_types=frozenset(data.get("unintended_types", ())),
                   participles=frozenset(_norm(w) for w in
                                         data.get("planned", {}).get("participles", ())))


# --- one mention of an event, before merging -----------------------------------------------

@dataclass
class _Draft:
    type: str
    modality: str
    trigger: Mention
    evidence: Mention
    rules: list[str]
    place: Place | None = None
    place_explicit: bool = False
    date: DateInterval | None = None
    time: Time | None = None
    date_explicit: bool = False
    actors: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    source: Mention | None = None
    mentions: list[Mention] = field(default_factory=list)
    distinct: bool = False      # "une autre agression", "une nouvelle tuerie"
    word: str = ""              # the trigger's lemma
    anaphoric: bool = False     # "cette attaque", "l'accord": may recall an earlier one


# Sentence ends that the parser misses in scraped news: "l'ONU.Une décision",
# "d'urgenceCette région" (a heading glued to the text), '..."" "Six touristes',
# "hélicoptères.- 500 jihadistes neutralisés -En conséquence"
_GLUED_ENDS = re.compile(
    r"(?<=[\w)\]%»\"”]{2}[.!?])(?=[\"«“]?[A-ZÀ-ÖØ-Þ][a-zà-ÿ])"
    r"|(?<=[a-zà-ÿ]{3})(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ]{2})"
    r"|(?<=[\"”»])(?=[\"«“][A-ZÀ-ÖØ-Þ])"
    r"|(?<=\w[.!?])(?=\s?-\s)"
    r"|(?<=\s-)(?=[A-ZÀ-ÖØ-Þ])")


@dataclass(frozen=True)
class _Sentence:
    """A sentence of the parse, or a part of one where sentences were glued: the
    tokens that start inside it and its exact character bounds."""
    span: Span
    start_char: int
    end_char: int

    @property
    def doc(self) -> Doc:
        return self.span.doc

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    def __iter__(self):
        return iter(self.span)

    def __len__(self) -> int:
        return len(self.span)

    def __getitem__(self, i):
        return self.span[i]


def _sentences(doc: Doc) -> list[_Sentence]:
    """The sentences of the parse, cut again where scraped text glued two of them."""
    out: list[_Sentence] = []
    text = text_of(doc)
    for sent in doc.sents:
        lo, hi = sent.start_char, sent.end_char
        cuts = [lo] + [lo + m.start() for m in _GLUED_ENDS.finditer(text[lo:hi])
                       if m.start() > 0] + [hi]
        for a, b in zip(cuts, cuts[1:]):
            toks = [t.i for t in sent if a <= t.idx < b]
            if not toks or not text[a:b].strip():
                continue
            out.append(_Sentence(doc[toks[0]:toks[-1] + 1], a, b))
    return out


def _mention_of(doc: Doc, tokens: list[Token]) -> Mention:
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    return Mention(text=text_of(doc)[start:end], start=start, end=end)


def _sentence_mention(doc: Doc, sent: "_Sentence | Span") -> Mention:
    text = text_of(doc)
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Mention(text=text[start:end], start=start, end=end)


def _phrase_tokens(head: Token, limit: int = 12) -> list[Token] | None:
    """The noun phrase of `head` without relative clauses and incidents, contiguous."""
    keep = {head.i}
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in ("acl:relcl", "acl", "parataxis", "punct", "appos", "advcl", "conj",
                          "cc", "dep") and c.i > head.i:
                continue
            if "\n" in c.text:
                continue
            keep.add(c.i)
            stack.append(c)
    idx = sorted(keep)
    run = [head.i]
    for i in range(head.i - 1, idx[0] - 1, -1):
        if i in keep:
            run.insert(0, i)
        else:
            break
    for i in range(head.i + 1, idx[-1] + 1):
        if i in keep:
            run.append(i)
        else:
            break
    doc = head.doc
    toks = [doc[i] for i in run]
    while toks and (toks[0].is_punct or toks[0].pos_ in ("ADP", "CCONJ") or toks[0].dep_ == "case"):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].pos_ in ("ADP", "CCONJ", "DET")):
        toks.pop()
    if not toks or len(toks) > limit:
        return [head] if head.pos_ in ("NOUN", "PROPN") else None
    return toks


def _km(a: Place, b: Place) -> float:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return float("inf")
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


class EventsStage(Stage):
    name = "events"
    version = 1
    requires = ("doc", "places", "main_place", "times", "figures", "quotes")
    provides = ("events",)
    options = (
        Option("recent_days", 1, "an asserted event told in the recent past with no date "
                                 "of its own is dated to this many days before publication "
                                 "(when the story gives no date)"),
    )

    def __init__(self, settings, resources):
        super().__init__(settings, resources)
        self._lexicon: TriggerLexicon | None = None
        self._modality: ModalityCues | None = None
        self._attribution: Any = None
        self.recent_days = self.settings["recent_days"]

    # resources, read once per stage object
    @property
    def lexicon(self) -> TriggerLexicon:
        if self._lexicon is None:
            lex = self.resources.lexicons
            self._lexicon = TriggerLexicon.from_data(lex.get("event_triggers"),
                                                     {"types": EVENT_TYPE_TABLE})
        return self._lexicon

    @property
    def modality_cues(self) -> ModalityCues:
        if self._modality is None:
            self._modality = ModalityCues.from_data(self.resources.lexicons.get("modality"))
        return self._modality

    # ------------------------------------------------------------------------------------
    def __call__(self, state: ArticleState) -> tuple[Event, ...]:
        doc: Doc = state.layers["doc"]
        places = tuple(state.layers.get("places") or ())
        times = tuple(state.layers.get("times") or ())
        figures = tuple(state.layers.get("figures") or ())
        quotes = tuple(state.layers.get("quotes") or ())
        article = state.article
        main_place = state.layers["main_place"]
        story = self._story_date(times, article.published)
        quoted = self._quoted_spans(text_of(doc), quotes)
        sentences = _sentences(doc)
        lex = self.lexicon
        # the kind of story the whole article tells ("<wildfire-story>")
        words = {_norm(t.lemma_) for t in doc} | {_norm(t.text) for t in doc}
        kinds = tuple(tag for tag, cues in lex.story_cues.items() if cues & words)
        found = [(sent, self._triggers(doc, sent, quoted, kinds)) for sent in sentences]
        if any(etype in lex.violent_types for _, cands in found for _, etype, _, weak in cands
               if not weak):
            # a story of violence: "son soutien aux victimes" are the attack's victims
            found = [(sent, self._triggers(doc, sent, quoted, kinds + ("<violent-story>",)))
                     for sent in sentences]
        previous = {id(b): a for a, b in zip(sentences, sentences[1:])}
        lex = self.lexicon
        article_types = {etype for _, cands in found for _, etype, _, weak in cands if not weak}
        weak_off = bool(article_types & lex.weak_article_blockers)
        drafts: list[_Draft] = []
        for sent, cands in found:
            sentence_types = {etype for _, etype, _, weak in cands if not weak}
            for tokens, etype, rule, weak in cands:
                if weak and (weak_off or sentence_types & lex.weak_sentence_blockers):
                    continue
                if sentence_types & lex.blocks.get(etype, frozenset()):
                    continue
                drafts.extend(self._drafts(doc, sent, tokens, etype, rule, places, times,
                                           figures, main_place, article.published, story,
                                           previous.get(id(sent))))
        return tuple(self._event(d) for d in self._merge(drafts))

    # --- triggers ------------------------------------------------------------------------
    @staticmethod
    def _quoted_spans(text: str, quotes: Iterable[Any]) -> list[tuple[int, int]]:
        """Direct quotes: the quotes layer's, and any text between quotation marks of
        four words or more (the quotes layer may not be there)."""
        spans = [(q.start, q.end) for q in quotes if getattr(q, "direct", True)]
        marked = [(m.start(), m.end()) for m in re.finditer(r"«[^»]*»|“[^”]*”", text)]
        offset = 0
        for para in text.split("\n"):
            marks = [m.start() + offset for m in re.finditer('"', para)]
            marked += [(marks[k], marks[k + 1] + 1) for k in range(0, len(marks) - 1, 2)]
            offset += len(para) + 1
        spans += [(a, b) for a, b in marked if len(text[a + 1:b - 1].split()) >= 4]
        return spans

    def _triggers(self, doc: Doc, sent: Span, quoted: list[tuple[int, int]],
                  story: tuple[str, ...] = ()) -> list[tuple[list[Token], str, str, bool]]:
        """(tokens, type, rule, weak) for each trigger of the sentence, in text order;
        `story` adds context words of the whole article ("<violent-story>")."""
        lex = self.lexicon
        if self._heading(sent):
            return []
        lemmas = {_norm(t.lemma_) for t in sent} | {_norm(t.text) for t in sent}
        # named parties in the sentence ("avec le Hezbollah"): "<org>", "<per>"
        lemmas |= {"<org>" for t in sent if t.ent_type_ == "ORG"}
        lemmas |= {"<per>" for t in sent if t.ent_type_ == "PER"}
        lemmas |= set(story)
        low = _norm(text_of(doc)[sent.start_char:sent.end_char])
        found: dict[tuple[int, ...], list[tuple[str, str, bool, str]]] = {}

        def tokens_of(m_start: int, m_end: int) -> tuple[int, ...]:
            span = doc.char_span(sent.start_char + m_start, sent.start_char + m_end,
                                 alignment_mode="expand")
            return tuple(t.i for t in span) if span is not None else ()

        excluded: set[int] = set()
        for phrase in lex.exclude:
            if phrase not in low:   # cheap test first: most phrases are not in a sentence
                continue
            for m in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", low):
                excluded.update(tokens_of(m.start(), m.end()))
        for etype in lex.order:
            for phrase in lex.types[etype].phrases:
                if phrase not in low:
                    continue
                for m in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", low):
                    key = tokens_of(m.start(), m.end())
                    if key:
                        found.setdefault(key, []).append((etype, phrase, False, "phrase"))
        toks = list(sent)
        forms = [(_norm(t.lemma_), _norm(t.text)) for t in toks]
        for etype in lex.order:
            for seq in lex.types[etype].multi:
                n = len(seq)
                if seq[0] not in lemmas:   # lemmas holds every lemma and form of the sentence
                    continue
                for k in range(len(toks) - n + 1):
                    window = toks[k:k + n]
                    if all(w in forms[k + j] for j, w in enumerate(seq)):
                        key = tuple(t.i for t in window)
                        found.setdefault(key, []).append((etype, " ".join(seq), False, "lemmas"))
        used: set[int] = set()
        for key in sorted(found, key=len, reverse=True):
            if used.intersection(key) or excluded.issuperset(key):
                del found[key]
                continue
            used.update(key)
        for t in toks:
            if t.i in used or t.i in excluded or t.pos_ in _SKIP_POS or t.pos_ == "PROPN":
                continue
            if t.text[:1].isupper() and (t.text.isupper() or not t.is_sent_start):
                continue   # names and acronyms ("RAID", "Arthur Noyer")
            lem, form = _norm(t.lemma_), _norm(t.text)
            # a "verb" with an article or a number of its own is a noun the tagger missed
            nounlike = t.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("det", "nummod") and c.i < t.i for c in t.children)
            for etype in lex.order:
                tt = lex.types[etype]
                pool = tt.verbs if t.pos_ in _VERBAL else tt.nouns
                if t.pos_ == "ADJ":
                    pool = tt.verbs | tt.nouns
                elif nounlike:
                    pool = tt.nouns     # 'la préfecture a pris deux arrêtés'
                word = lem if lem in pool else form if form in pool else None
                if word is None:
                    continue
                found.setdefault((t.i,), []).append((etype, word, word in tt.weak, "word"))
        out: list[tuple[list[Token], str, str, bool]] = []
        for key, options in found.items():
            kept = []
            for etype, word, weak, how in options:
                tt = lex.types[etype]
                need = tt.needs.get(word)
                if need is not None:
                    # a trigger is no context of its own: "56 % de premières balles"
                    need = need - {word}
                if need is not None and not self._has_context(need, lemmas, low) and not (
                        need & self._neighbours(self._head_of([doc[i] for i in key]))):
                    continue
                if (tt.needs_context and word not in tt.context_exempt
                        and not self._has_context(tt.needs_context, lemmas, low)):
                    continue
                if word in tt.not_in_sentence and tt.not_in_sentence[word] & lemmas:
                    continue    # "736 manifestations (expositions, ateliers, visites)"
                if word in tt.not_about and self._themes(
                        self._head_of([doc[i] for i in key])) & tt.not_about[word]:
                    continue
                if word in tt.arguments or word in tt.not_with:
                    near = self._neighbours(self._head_of([doc[i] for i in key]))
                    if word in tt.arguments and not near & tt.arguments[word]:
                        continue
                    if near & tt.not_with.get(word, frozenset()):
                        continue
                kept.append((etype, word, weak, how))
            if not kept:
                continue
            kept.sort(key=lambda o: lex.order.index(o[0]))
            etype, word, weak, how = kept[0]
            tokens = [doc[i] for i in key]
            if self._generic(tokens) or self._habitual(tokens, sent):
                continue
            if word in lex.agents and len(tokens) == 1 and not self._agent_counts(tokens[0]):
                continue
            start = tokens[0].idx
            if etype not in lex.quote_types and any(a <= start < b for a, b in quoted):
                continue
            out.append((tokens, etype, f"trigger.{how}:{etype}:{word}", weak))
        return sorted(out, key=lambda o: o[0][0].i)

    @staticmethod
    def _neighbours(head: Token) -> set[str]:
        """Lemmas around a trigger in the parse, to check what it is about: its
        dependents and theirs (through "de", "à"...), the noun it qualifies ("un arrêté
        signé", "la communauté rassemblée"); "<inf>" for an infinitive complement
        ("s'engager à libérer", "arrêter d'appuyer")."""
        out: set[str] = set()
        if head.dep_ in ("acl", "amod", "acl:relcl") and head.head is not head:
            out.add(_norm(head.head.lemma_))
        for c in head.children:
            out.add(_norm(c.lemma_))
            out.add(_norm(c.text))
            if c.dep_ in ("det", "nummod") and c.i < head.i:
                out.add("<det>")        # "un arrêté", not "Arrêté en Grèce, il..."
            if c.ent_type_ == "PER" and c.dep_ in ("nmod", "obl:agent", "obl"):
                out.add("<per-arg>")    # "les victimes de Nordahl Lelandais"
            if c.pos_ in ("VERB", "AUX") and "Inf" in c.morph.get("VerbForm") and \
                    c.dep_ in ("xcomp", "acl", "ccomp", "obl", "nmod", "obl:arg"):
                out.add("<inf>")
            if c.dep_ in ("obj", "nmod", "obl", "obl:arg", "obl:mod", "nsubj:pass", "xcomp",
                          "amod", "nsubj"):
                for g in c.children:
                    if g.dep_ in ("case", "mark", "nmod", "amod", "det"):
                        out.add(_norm(g.lemma_))
        if any(_norm(c.lemma_) == "faire" and c.i < head.i for c in head.children):
            out -= {"se", "s'", "soi"}  # "il s'est fait arrêter": the reflexive is faire's
        return out

    @staticmethod
    def _themes(head: Token) -> set[str]:
        """Lemmas of what a trigger is about: its object or passive subject, the subject
        of a reflexive ("les transports se sont arrêtés") or of the verb it completes
        ("trois réacteurs ont dû être arrêtés"), the noun a participle qualifies, the
        "de X" of a noun ("la libération de radionucléides"); "<noun>" when a common
        noun is among them."""
        nouns: list[Token] = []
        kids = list(head.children)
        reflexive = any(c.dep_.startswith("expl") or (c.dep_ == "obj" and
                        _norm(c.text) in ("se", "s'")) for c in kids)
        for c in kids:
            if c.dep_ in ("obj", "nsubj:pass") or (reflexive and c.dep_ in ("nsubj", "obl:arg")):
                # "s'attaquer au problème": the complement of a reflexive is its theme
                nouns.append(c)
            elif head.pos_ == "NOUN" and c.dep_ == "nmod" and any(
                    _norm(x.text) in ("de", "d'", "des", "du") for x in c.children
                    if x.dep_ == "case"):
                nouns.append(c)
        if head.dep_ in ("amod", "acl") and head.head is not head:
            nouns.append(head.head)
        if not nouns and head.dep_ == "xcomp" and head.pos_ in ("VERB", "AUX") and \
                "Part" in head.morph.get("VerbForm"):
            nouns += [c for c in head.head.children if c.dep_ in ("nsubj", "nsubj:pass")]
        out: set[str] = set()
        for n in nouns:
            if n.pos_ in ("NOUN", "PROPN", "ADJ"):
                out.update((_norm(n.lemma_), _norm(n.text)))
                if n.pos_ == "NOUN" and not n.ent_type_:
                    out.add("<noun>")
        return out

    def _habitual(self, tokens: list[Token], sent) -> bool:
        """Habitual or generic mentions: "de telles manifestations se déroulent chaque
        année", "des grèves ont lieu régulièrement": kinds of events, not occurrences.
        Only in the present or the imperfect: "a eu lieu chaque année" tells a series
        that ended, a future is planned."""
        lex = self.lexicon
        head = self._head_of(tokens)
        if head.pos_ in ("NOUN", "PROPN") and any(
                c.dep_ in ("det", "amod") and _norm(c.lemma_) in lex.habitual_determiners
                for c in head.children):
            return True
        if not lex.habitual:
            return False
        clause = self._clause(head)
        ids = [t.i for t in clause.subtree if sent.start <= t.i < sent.end]
        if not ids:
            return False
        low = _norm(head.doc[min(ids):max(ids) + 1].text)
        if not any(re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", low)
                   for p in lex.habitual):
            return False
        auxes = [c for c in clause.children if c.dep_.startswith("aux")]
        finite = [t for t in [clause] + auxes if "Fin" in t.morph.get("VerbForm")]
        tenses = {x for t in finite for x in t.morph.get("Tense")}
        compound = any(c.dep_ == "aux:tense" for c in clause.children)
        return bool(tenses & {"Pres", "Imp"}) and not compound

    @staticmethod
    def _heading(sent: "_Sentence | Span") -> bool:
        """A subheading glued to the text ("État d'urgence", "- Horizon lointain -"):
        short and verbless; the body tells what it names."""
        words = [t for t in sent if not t.is_punct and not t.is_space]
        text = text_of(sent.doc)[sent.start_char:sent.end_char].strip()
        after = text_of(sent.doc)[sent.end_char:sent.end_char + 40].lstrip(" ")
        if after[:1].islower():
            return False    # the parser cut a sentence: "Arrêté | en Grèce, il a..."
        return (0 < len(words) <= 8 and not text.endswith((".", "!", "?", ","))
                and not any(t.pos_ in ("VERB", "AUX") for t in words)
                and text[:1].isupper() or text.startswith("-") and text.endswith("-"))

    @staticmethod
    def _agent_counts(token: Token) -> bool:
        if token.dep_ in ("nsubj", "nsubj:pass"):
            return True
        if any(c.dep_ == "nummod" or _norm(c.lemma_) in _QUANTITY_NOUNS for c in token.children):
            return True
        return token.dep_ == "nmod" and _norm(token.head.lemma_) in _QUANTITY_NOUNS

    @staticmethod
    def _has_context(words: frozenset[str], lemmas: set[str], low: str) -> bool:
        if words & lemmas:
            return True
        return any(" " in w and w in low for w in words)

    @staticmethod
    def _head_of(tokens: list[Token]) -> Token:
        ids = {t.i for t in tokens}
        for t in tokens:
            if t.head.i not in ids or t.head.i == t.i:
                return t
        return tokens[0]

    def _generic(self, tokens: list[Token]) -> bool:
        """Topic or generic uses: "contre les violences", "la lutte contre le terrorisme",
        an agent noun in a title ("le négociateur")."""
        head = self._head_of(tokens)
        if head.pos_ == "ADJ" and head.dep_ == "amod" and head.head.pos_ == "NOUN":
            head = head.head        # "des attaques meurtrières": the noun says which
        cases = {_norm(c.text) for c in head.children if c.dep_ == "case"}
        if cases & {"contre", "anti", "sans"}:
            gov = head.head
            warned = {_norm(gov.lemma_)} | {_norm(c.lemma_) for c in gov.children
                                            if c.i < head.i}
            if not ("contre" in cases and warned & self.lexicon.warnings):
                return True     # "mis en garde contre les inondations" is a warning
        if head.pos_ == "NOUN" and self._charge(head):
            return True
        if head.pos_ in ("NOUN", "PROPN"):
            # "la lutte contre X", "la menace de X", "le risque d'X": about, not an event
            gov = head.head
            if gov is not head and _norm(gov.lemma_) in self.lexicon.generic_governors:
                return True
            if self._indefinite_plural(head):
                return True
        return False

    @staticmethod
    def _charge(head: Token) -> bool:
        """A bare noun after "pour" names a charge or a motive, not an occurrence: "mis en
        examen pour séquestration et meurtre", "condamné pour assassinat" ("pour le
        meurtre de sa femme" tells one)."""
        t = head
        while t.dep_ == "conj" and t.head is not t and t.head.pos_ == "NOUN":
            t = t.head
        cases = {_norm(c.text) for c in t.children if c.dep_ == "case"}
        if "pour" not in cases:
            return False
        return not any(c.dep_ in ("det", "nummod") or _norm(c.lemma_) in ("ce", "son", "leur")
                       for c in t.children) and not any(
            c.dep_ == "det" for c in head.children)

    @staticmethod
    def _indefinite_plural(head: Token) -> bool:
        """A plural noun with no article or an indefinite one, in a complement, that
        nothing anchors (no number, name, date or place of its own): a kind of event,
        not one ("impliqués dans des attaques meurtrières", "la recrudescence d'attaques",
        "mêlées à des conflits intercommunautaires")."""
        if "Plur" not in head.morph.get("Number") or head.dep_ not in (
                "nmod", "obl", "obl:mod", "obl:arg"):
            return False
        dets = [c for c in head.children if c.dep_ == "det"]
        cases = {_norm(c.text) for c in head.children if c.dep_ == "case"}
        if dets and not all(_norm(d.text) in ("des", "de", "d'") for d in dets):
            return False
        if not dets and not cases & {"de", "d'", "des"} and not cases & {"dans", "à", "en"}:
            return False
        if _norm(head.head.lemma_) in _QUANTITY_NOUNS:
            return False        # "des centaines de manifestants"
        anchors = [c for c in head.subtree if c is not head]
        own = {t.i for t in head.subtree}
        gov = head.head
        for _ in range(3):      # "une vague de protestations aux États-Unis"
            anchors += [c for c in gov.children if c.i not in own
                        and c.dep_ in ("obl", "obl:mod", "nmod", "obl:arg")
                        and any(_norm(x.text) in ("à", "au", "aux", "en", "dans")
                                for x in c.children if x.dep_ == "case")]
            if gov.pos_ != "NOUN" or gov.head is gov:
                break
            gov = gov.head
        for c in anchors:
            if c.like_num or c.pos_ in ("PROPN", "NUM") or c.ent_type_:
                return False
        return True

    # --- one trigger -> one draft ----------------------------------------------------------
    def _drafts(self, doc, sent, tokens, etype, rule, places, times, figures, main_place,
                published, story, before=None) -> list[_Draft]:
        """The drafts of one trigger: one per place when the clause lists several
        ("à Lyon, Lille et Marseille")."""
        head = self._head_of(tokens)
        trigger = _mention_of(doc, tokens)
        rules = [rule]
        modality, mrule = self._modality_of(head, sent, tokens)
        rules.append(mrule)
        if modality in ("planned", "proposed") and etype in self.modality_cues.unintended_types:
            # nobody plans a storm or a crash: a forecast one may happen
            modality = "hypothetical"
            rules.append("modality.unintended")
        clause = self._clause(head)
        clause_ids = {t.i for t in clause.subtree}
        found = self._places(doc, sent, head, clause_ids, places, before)
        time, interval = self._time(doc, sent, head, clause_ids, times, before)
        date_explicit = interval is not None
        if interval is not None:
            rules.append("date.clause")
        elif published is not None and modality == "asserted":
            tense = self._tense(clause, head)
            if tense == "recent":
                interval = story or DateInterval(
                    published - timedelta(days=self.recent_days), published)
                rules.append("date.story" if story else "date.published")
        actors, targets = self._arguments(head)
        figs = [f for f in figures if sent.start_char <= f.start and f.end <= sent.end_char]
        source = self._source(doc, sent, head)
        evidence = _sentence_mention(doc, sent)
        distinct = any(c.dep_ in ("amod", "det") and _norm(c.lemma_) in
                       self.lexicon.distinct_modifiers for c in head.children)
        if distinct:
            rules.append("merge.distinct")
        anaphoric = head.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ == "det" and ("Def" in c.morph.get("Definite") or
                                 "Dem" in c.morph.get("PronType"))
            for c in head.children)
        if not found:
            found = [(main_place, False)] if main_place is not None else [(None, False)]
        out = []
        for place, in_sentence in found:
            prules = rules + ["place.sentence" if in_sentence else
                              "place.article" if place is not None else "place.none"]
            out.append(_Draft(type=etype, modality=modality, trigger=trigger, evidence=evidence,
                              rules=prules, place=place, place_explicit=in_sentence,
                              date=interval, time=time, date_explicit=date_explicit,
                              actors=list(actors), targets=list(targets), figures=list(figs),
                              source=source, mentions=[evidence], distinct=distinct,
                              word=_norm(head.lemma_), anaphoric=anaphoric))
        return out

    @staticmethod
    def _clause(head: Token) -> Token:
        """The verb of the trigger's clause (the trigger itself when it is a verb)."""
        t = head
        for _ in range(4):
            if t.pos_ in ("VERB", "AUX") or t.head is t:
                return t
            t = t.head
        return t

    # --- modality -----------------------------------------------------------------------
    def _chain(self, head: Token) -> list[Token]:
        chain = [head]
        t = head
        for _ in range(self.modality_cues.max_hops):
            # "doit entamer mercredi les consultations": an object the parser missed
            bare = t.dep_ in ("obl:mod", "obl") and t.pos_ == "NOUN" and not any(
                c.dep_ == "case" for c in t.children) and any(
                c.dep_ == "det" for c in t.children)
            # "appelle à des discussions et à un cessez-le-feu": a conjoined noun shares the
            # first one's governor; "menacé d'envahir l'ambassade pour capturer X": a
            # purpose is as real as what it is the purpose of
            shared = t.dep_ == "conj" and t.pos_ == "NOUN" and t.head.pos_ == "NOUN"
            purpose = t.dep_ == "advcl" and "Inf" in t.morph.get("VerbForm") and any(
                _norm(c.text) in ("pour", "afin") for c in t.children if c.dep_ == "mark")
            if t.head is t or (t.dep_ not in _CLIMB_DEPS and not bare and not shared
                               and not purpose):
                break
            if t.pos_ in ("NOUN", "PROPN") and any(
                    c.dep_ == "case" and _norm(c.text) in self.modality_cues.fact_anchors
                    for c in t.children):
                break   # "depuis l'attentat de décembre", "après l'accord": a fact told
            if t.pos_ in ("NOUN", "PROPN") and t.dep_ == "nmod" and \
                    _norm(t.head.lemma_) in self.modality_cues.fact_nouns:
                break   # "commémorer le centenaire du naufrage": it happened
            finite = t.pos_ in ("VERB", "AUX") and (
                "Fin" in t.morph.get("VerbForm") or
                any("Fin" in c.morph.get("VerbForm") for c in t.children
                    if c.dep_.startswith("aux")))
            if finite and t.dep_ in ("ccomp", "advcl", "parataxis", "conj", "acl"):
                # "ont peur que ce projet conduise à l'interdiction", "exigent que le
                # siège soit levé": a completive of fear or demand is no fact
                if t.dep_ == "ccomp" and any(_norm(c.text) in ("que", "qu'")
                                             for c in t.children if c.dep_ == "mark"):
                    cue = self._completive_cue(t.head)
                    if cue is not None:
                        chain.append(cue)
                break
            t = t.head
            chain.append(t)
        return chain

    def _completive_cue(self, verb: Token) -> Token | None:
        """The word of fear, wish or demand that governs a "que" clause: the verb
        ("craignent que", "demande que") or its object noun ("ont peur que")."""
        cues = self.modality_cues.cues
        words = cues["hypothetical"]["governors"] | cues["proposed"]["governors"]
        for t in [verb] + [c for c in verb.children if c.dep_ == "obj" and c.pos_ == "NOUN"]:
            if _norm(t.lemma_) in words:
                return t
        return None

    def _modality_of(self, head: Token, sent: Span,
                     tokens: list[Token] | None = None) -> tuple[str, str]:
        cues = self.modality_cues
        chain = self._chain(head)
        own = {t.i for t in tokens or ()}
        # negation on the trigger or a verb above it ("ne ... que" restricts, a "que"
        # before the verb is the mark of its clause: "a déclaré que le gouvernement
        # n'acceptait pas le plan")
        for k, t in enumerate(chain):
            kids = {_norm(c.text) for c in t.children}
            # "n'ayant pas ratifié": the "ne" may hang on the auxiliary
            kids |= {_norm(g.text) for c in t.children if c.dep_.startswith("aux")
                     for g in c.children if g.dep_ == "advmod"}
            only = any(_norm(c.text) in ("que", "qu'") and c.i > t.i for c in t.children)
            if any(c.i in own and _norm(c.text) in cues.neg_adverbs for c in t.children):
                continue    # the negation is the trigger's own: "n'était pas autorisée"
            if ("ne" in kids or "n'" in kids) and not only and kids & cues.neg_adverbs:
                if k > 0 and chain[k - 1].dep_.startswith("nsubj") and \
                        _norm(t.lemma_) not in cues.occurrence_verbs:
                    break   # "les combats ne sont pas terminés", "la manifestation
                    #         n'était pas autorisée": said of it, it still happened
                if any(x.dep_ == "nmod" and any(
                        c.dep_ == "case" and _norm(c.text) not in ("de", "d'", "du", "des")
                        for c in x.children) for x in chain[:k]):
                    break   # "n'a pas confirmé le lien entre ces arrestations"
                return "negated", "modality.negation"
            if _norm(t.lemma_) in cues.cues["negated"]["governors"] and t is not head:
                obj = chain[k - 1] if k > 0 and chain[k - 1].dep_ == "obj" else None
                if obj is not None and any(
                        c is not obj and "Inf" in c.morph.get("VerbForm") and any(
                            _norm(m.text) in ("de", "d'") for m in c.children
                            if m.dep_ == "mark")
                        for c in list(t.children) + list(obj.subtree)):
                    break   # "ont empêché plusieurs cortèges de se rejoindre": the
                    #         marches took place, their joining did not
                return "negated", f"modality.negated:{_norm(t.lemma_)}"
        # "des orages sont à prévoir", "des violences sont à craindre": être à + infinitive
        govs = list(enumerate(chain[1:], 1))
        for k, t in list(govs):
            if _norm(t.lemma_) == "être":
                govs += [(k, x) for x in t.children if x.dep_ == "xcomp" and any(
                    _norm(m.text) == "à" for m in x.children if m.dep_ == "mark")]
        for modality in ("hypothetical", "proposed", "planned"):
            c = cues.cues[modality]
            for k, t in govs:
                lem = _norm(t.lemma_)
                if lem in c["governors"]:
                    if modality == "hypothetical" and lem == "pouvoir" and \
                            "Cnd" not in t.morph.get("Mood") and not (
                            "Part" in t.morph.get("VerbForm") and
                            "Pres" in t.morph.get("Tense")):
                        continue    # "pourrait", "pouvant engendrer", not "peut"
                    if lem in cues.past_is_fact and self._past(t):
                        continue    # "ont dû être évacués", "a organisé un sommet"
                    if chain[k - 1].dep_ == "nsubj" and lem not in cues.subject_governors \
                            and t in chain and not any(c.dep_ == "aux:pass"
                                                       for c in t.children):
                        continue    # "un accord ... prévoit des négociations": the
                        #             accord is what plans, not what is planned
                    if lem in cues.narrow and any(
                            x.pos_ == "VERB" and x is not head and
                            _norm(x.lemma_) not in cues.support_verbs for x in chain[1:k]):
                        continue    # "permettant de comparer les naufrages"
                    return modality, f"modality.{modality}:{lem}"
            for t in chain:
                for ch in t.children:
                    if ch.dep_ in ("amod", "advmod") and _norm(ch.lemma_) in c["modifiers"]:
                        return modality, f"modality.{modality}:{_norm(ch.text)}"
            if modality == "planned" and head.pos_ == "NOUN":
                part = self._scheduled(head)
                if part is not None:
                    return "planned", f"modality.planned:{_norm(part.text)}"
        # a subject relative on the trigger noun: "une discussion qui doit être engagée",
        # "une réunion qui pourrait se tenir", "un sommet qui se tiendra"
        if head.pos_ == "NOUN":
            for rel in head.children:
                if rel.dep_ != "acl:relcl" or not any(
                        c.dep_.startswith("nsubj") and _norm(c.text) == "qui"
                        for c in rel.children):
                    continue
                lem = _norm(rel.lemma_)
                if lem == "pouvoir" and "Cnd" in rel.morph.get("Mood"):
                    return "hypothetical", "modality.hypothetical:relative"
                if lem in cues.cues["planned"]["governors"] and not self._past(rel) and \
                        "Imp" not in rel.morph.get("Tense"):
                    return "planned", f"modality.planned:relative:{lem}"
                if "Fut" in rel.morph.get("Tense") or any(
                        "Fut" in c.morph.get("Tense") for c in rel.children
                        if c.dep_.startswith("aux")):
                    return "planned", "modality.future:relative"
        # phrases just before the trigger, inside its sentence
        window = _norm(text_of(sent.doc)[max(sent.start_char, head.idx - 60):head.idx])
        for modality in ("hypothetical", "proposed", "planned"):
            for p in cues.cues[modality]["phrases"]:
                if re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", window):
                    return modality, f"modality.{modality}:phrase"
        # tense of the clause verb
        verb = self._clause(head)
        moods = [verb] + [c for c in verb.children if c.dep_.startswith("aux")]
        for t in moods:
            if "Fut" in t.morph.get("Tense") and "Fin" in t.morph.get("VerbForm"):
                return "planned", "modality.future"
        return "asserted", "modality.default"

    def _scheduled(self, head: Token) -> Token | None:
        """A participle of scheduling right after the trigger noun ("le sommet de
        Nouakchott programmé début juillet", "la réunion, prévue jeudi"), however the
        parser attached it."""
        parts = self.modality_cues.participles
        doc = head.doc
        for i in range(head.i + 1, min(len(doc), head.i + 5)):
            t = doc[i]
            if t.is_punct and t.text != ",":
                return None
            if "Fin" in t.morph.get("VerbForm"):
                return None
            if t.pos_ in ("VERB", "ADJ") and "Part" in t.morph.get("VerbForm") and (
                    _norm(t.text) in parts or _norm(t.lemma_) in parts):
                if any(c.dep_.startswith("aux") for c in t.children):
                    return None
                return t
        return None

    @staticmethod
    def _past(verb: Token) -> bool:
        """A governor told in the past, so that what it governs happened ("ont dû être
        évacués", "a organisé un sommet", "durent fuir"), or "dû à" (due to: "le crash
        serait dû à une défaillance")."""
        form = verb.morph.get("VerbForm")
        if "Fin" in form and "Past" in verb.morph.get("Tense"):
            return True     # passé simple
        if "Part" in form and "Past" in verb.morph.get("Tense") and any(
                c.dep_ == "aux:tense" for c in verb.children):
            return True     # passé composé, plus-que-parfait
        if _norm(verb.text) in ("dû", "due", "dus", "dues") and any(
                _norm(x.text) in ("à", "au", "aux") for c in verb.children
                for x in c.children if x.dep_ == "case"):
            return True
        return False

    # --- place and date ---------------------------------------------------------------
    @staticmethod
    def _token_at(doc: Doc, start: int, end: int) -> Token | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        return span.root

    def _places(self, doc, sent, head, clause_ids, places, before=None
                ) -> list[tuple[Place, bool]]:
        """The places of the trigger's clause: the best mention, and the places
        coordinated with it ("à Lyon, Lille et Marseille"). Destinations ("vers X") and
        places inside the source ("selon le Milwaukee Journal") come last."""
        options = []
        by_token: dict[int, Place] = {}
        lo = sent.start_char
        if before is not None:
            if before[-1].text in (",", ":") or (
                    len(before) <= 6 and not any(t.pos_ in ("VERB", "AUX") for t in before)
                    and "\n" not in text_of(doc)[before.end_char - 1:sent.start_char + 1]):
                lo = before.start_char      # "A Kenosha," parsed as a fragment of its own
        for p in places:
            for m in (p.mentions or (p,)):
                if lo <= m.start and m.end <= sent.end_char:
                    tok = self._token_at(doc, m.start, m.end)
                    if tok is None:
                        continue
                    if self._not_where(tok, head):
                        continue
                    by_token.setdefault(tok.i, p)
                    aside = self._aside(tok)
                    if aside == 2:
                        continue
                    options.append(((aside, tok.i not in clause_ids, p.kind == "country",
                                     abs(tok.i - head.i)), p, tok))
        if not options:
            return []
        options.sort(key=lambda o: o[0])
        _, best, tok = options[0]
        out = [(best, True)]
        seen = {best.id}
        # places in coordination with the chosen one
        group = {tok.i}
        frontier = [tok]
        while frontier:
            t = frontier.pop()
            near = [c for c in t.children if c.dep_ == "conj"]
            if t.dep_ == "conj":
                near.append(t.head)
            for n in near:
                if n.i in by_token and n.i not in group:
                    group.add(n.i)
                    frontier.append(n)
        for i in sorted(group):
            p = by_token[i]
            if p.id not in seen and p.kind == best.kind:
                seen.add(p.id)
                out.append((p, True))
        return out

    def _not_where(self, tok: Token, head: Token) -> bool:
        """A place named for someone or something, not where the event happened: the
        subject of the event verb ("Paris a déployé des renforts", "Washington et les
        rebelles se sont mis d'accord") or the complement of a person or institution
        noun ("l'ambassadeur de France", "l'université du Colorado", "21h heure de
        Paris")."""
        t = tok
        while t.dep_ == "conj" and t.head is not t:
            t = t.head
        clause = self._clause(head)
        if t.dep_ == "nsubj" and t.head.i == clause.i and clause.pos_ in ("VERB", "AUX"):
            return True
        nouns = self.lexicon.not_where
        for _ in range(2):
            if t.dep_ not in ("nmod", "amod", "appos", "flat:name") or t.head is t:
                return False
            t = t.head
            if _norm(t.lemma_) in nouns or _norm(t.text) in nouns:
                return True
        return False

    @staticmethod
    def _aside(tok: Token) -> int:
        """1 for a place named in a source ("selon le parquet de Paris": a last resort),
        2 for a destination or an origin ("évacuée vers un hôpital de Milwaukee"): not
        where it happened; 0 otherwise."""
        chain = [tok] + list(tok.ancestors)[:3]
        for k, t in enumerate(chain):
            cases = {_norm(c.text) for c in t.children if c.dep_ == "case"}
            if "selon" in cases:
                return 1
            if cases & {"vers", "depuis", "jusqu'"}:
                # "vers la ville d'Idleb" is where they go; "vers un hôpital de Milwaukee"
                # is not where it happened
                return 2 if k > 0 and _norm(t.lemma_) not in _PLACE_NOUNS else 0
        return 0

    def _time(self, doc, sent, head, clause_ids, times, before=None
              ) -> tuple[Time | None, DateInterval | None]:
        """The time expression of the trigger's clause: first one inside the trigger
        noun's own phrase ("l'explosion ..., qui a fait 188 morts le 4 août", not "au
        lendemain de l'explosion"), then the clause's, the nearest first. A short verbless
        fragment just before the sentence ("Fin février", cut off by the parser) counts
        as its start."""
        lo = sent.start_char
        if before is not None and len(before) <= 4 and not any(
                t.pos_ in ("VERB", "AUX") for t in before) and \
                "\n" not in text_of(doc)[before.end_char - 1:sent.start_char + 1] and \
                not text_of(doc)[before.start_char:before.end_char].rstrip().endswith((".", "!", "?")):
            lo = before.start_char
        own = {t.i for t in head.subtree} if head.pos_ in ("NOUN", "PROPN") else set()
        ancestors = {t.i for t in head.ancestors
                     if _norm(t.lemma_) in self.lexicon.relative_times}
        options = []
        for tm in times:
            if tm.interval is None or tm.type == "SET":
                continue
            if lo <= tm.start and tm.end <= sent.end_char:
                tok = self._token_at(doc, tm.start, tm.end)
                if tok is None:
                    continue
                if tok.i < sent.start:
                    options.append(((False, True, False, True, 0), tm))
                    continue
                # "au lendemain de l'explosion", "la veille de l'attaque": a time told
                # from the event, not the event's
                relative = tok.i in ancestors
                # "a rapporté Var-Matin lundi": the report's date, taken last
                # (through the name of the source: "a rapporté Var-Matin lundi")
                verb, hops = tok.head, 0
                while verb.pos_ == "PROPN" and verb.head is not verb and hops < 3:
                    verb, hops = verb.head, hops + 1
                reported = verb.pos_ in ("VERB", "AUX") and verb is not head and \
                    tok.dep_ in ("obl:mod", "obl", "nmod") and \
                    _norm(verb.lemma_) in self.lexicon.report_verbs
                options.append(((relative, tok.i not in own, reported,
                                 tok.i not in clause_ids, abs(tok.i - head.i)), tm))
        if not options:
            return None, None
        options.sort(key=lambda o: o[0])
        tm = options[0][1]
        return tm, tm.interval

    @staticmethod
    def _story_date(times: Iterable[Time], published: date | None) -> DateInterval | None:
        """The days of the article's news: from the earliest to the latest short time
        expression of the three days before publication ("hier", "jeudi soir")."""
        if published is None:
            return None
        # durations ("deux jours") are no moments of the news
        recent = [tm.interval for tm in times if tm.interval is not None
                  and tm.type not in ("SET", "DURATION")
                  and (tm.interval.end - tm.interval.start).days <= 2
                  and published - timedelta(days=3) <= tm.interval.start
                  and tm.interval.end <= published]
        if not recent:
            return None
        return DateInterval(min(iv.start for iv in recent), max(iv.end for iv in recent))
        for tm in sorted(times, key=lambda t: t.start):
            iv = tm.interval
            if iv is None or tm.type == "SET":
                continue
            if (iv.end - iv.start).days <= 2 and published - timedelta(days=7) <= iv.start \
                    and iv.end <= published:
                return iv
        return None

    @staticmethod
    def _tense(verb: Token, head: Token) -> str:
        """"recent" for the present, the passé composé and the imperfect of narration;
        "background" for the pluperfect; "none" when no verb carries a tense."""
        auxes = [c for c in verb.children if c.dep_.startswith("aux")]
        finite = [t for t in [verb] + auxes if "Fin" in t.morph.get("VerbForm")]
        if not finite:
            if verb.pos_ in ("VERB", "AUX") and verb is not head:
                return "none"
            return "recent"
        tenses = {x for t in finite for x in t.morph.get("Tense")}
        if "Imp" in tenses and auxes:
            return "background"       # plus-que-parfait
        if tenses & {"Pres", "Imp", "Past"}:
            return "recent"
        return "none"

    # --- arguments and source --------------------------------------------------------------
    def _arguments(self, head: Token) -> tuple[list[Mention], list[Mention]]:
        doc = head.doc
        actors, targets = [], []
        for c in head.children:
            role = None
            if c.dep_ in _ACTOR_DEPS and c.pos_ in ("NOUN", "PROPN"):
                role = "actor"
            elif c.dep_ in _TARGET_DEPS and c.pos_ in ("NOUN", "PROPN"):
                role = "target"
            elif c.dep_ in ("nmod", "obl", "obl:arg", "obl:mod") and c.pos_ in ("NOUN", "PROPN"):
                cases = {_norm(x.text) for x in c.children if x.dep_ == "case"}
                if "par" in cases:
                    role = "actor"
                elif cases & {"de", "d'", "des", "du", "contre"} and head.pos_ == "NOUN":
                    role = "target"
            if role is None or c.ent_type_ in ("LOC",) or c.like_num:
                continue
            toks = _phrase_tokens(c)
            if not toks:
                continue
            (actors if role == "actor" else targets).append(_mention_of(doc, toks))
        return actors[:3], targets[:3]

    def _source(self, doc: Doc, sent: Span, head: Token) -> Mention | None:
        """Who reports the event ("selon l'Unicef", "a affirmé une source"), or None."""
        if self._attribution is None:
            try:
                from ..attribution import AttributionLexicon
                self._attribution = AttributionLexicon.from_dict(
                    self.resources.lexicons.get("attribution"))
            except (ImportError, SettingsError):
                self._attribution = False
        if self._attribution:
            from ..attribution import source_in_sentence
            try:
                return source_in_sentence(getattr(sent, "span", sent), self._attribution, head)
            except Exception:  # a parse the attribution rules do not expect
                return None
        for t in sent:
            if _norm(t.text) == "selon" and t.head.i > t.i:
                toks = _phrase_tokens(t.head)
                if toks:
                    return _mention_of(doc, toks)
        return None

    # --- merging --------------------------------------------------------------------------
    @staticmethod
    def _compatible(a: _Draft, b: _Draft) -> bool:
        same_sentence = a.evidence == b.evidence
        if a.type != b.type or (a.modality != b.modality and not same_sentence):
            return False
        if (a.distinct or b.distinct) and not same_sentence:
            return False
        if not same_sentence and a.word != b.word and not (a.anaphoric or b.anaphoric) \
                and not (a.place_explicit and b.place_explicit):
            # two words in two sentences, one with no place: the same event only when
            # one refers back to it ("l'accord", "cette attaque") or they share a word
            return False
        if a.place is not None and b.place is not None and a.place.id != b.place.id:
            if a.place_explicit and b.place_explicit:
                if "country" in (a.place.kind, b.place.kind) or _km(a.place, b.place) > 50:
                    return False
        if a.date_explicit and b.date_explicit and a.date and b.date \
                and not a.date.overlaps(b.date):
            return False
        return True

    def _merge(self, drafts: list[_Draft]) -> list[_Draft]:
        out: list[_Draft] = []
        for d in drafts:
            target = next((e for e in out if self._compatible(e, d)), None)
            if target is None:
                out.append(d)
                continue
            if d.evidence not in target.mentions:
                target.mentions.append(d.evidence)
            if target.modality == "asserted" and d.modality != "asserted":
                target.modality = d.modality     # "évacués ... doivent être emmenés"
            target.rules.extend(r for r in d.rules if r not in target.rules)
            if d.place_explicit and not target.place_explicit:
                target.place, target.place_explicit = d.place, True
            if d.date_explicit and not target.date_explicit:
                target.date, target.time, target.date_explicit = d.date, d.time, True
            elif target.date is None and d.date is not None:
                target.date = d.date
            for f in d.figures:
                if f not in target.figures:
                    target.figures.append(f)
            for lst, new in ((target.actors, d.actors), (target.targets, d.targets)):
                for m in new:
                    if all(m.text != x.text for x in lst):
                        lst.append(m)
            if target.source is None:
                target.source = d.source
        return out

    def _event(self, d: _Draft) -> Event:
        tt = self.lexicon.types[d.type]
        return Event(type=d.type, modality=d.modality, trigger=d.trigger, evidence=d.evidence,
                     provenance=Provenance(stage=self.label, rule=d.rules[0]),
                     place=d.place, date=d.date, time=d.time, actors=tuple(d.actors),
                     targets=tuple(d.targets), figures=tuple(d.figures), source=d.source,
                     mentions=tuple(d.mentions), rules=tuple(d.rules), acled=tt.acled,
                     plover=tt.plover)
