"""quotes: direct and reported speech, each with its speaker.

Direct quotes are found on the characters (« », “ ”, straight quotes paired within a
paragraph, whatever the spacing of scraped text), then read with the spaCy parse:

1. quotation marks -> quoted pieces; two pieces around an incise (`"…", a-t-il dit,
   "…"` with the second piece going on in lower case) are one quote with two `parts`;
2. the speaker, tried in order: the incise or inverted verb after the quote ("assure
   Monther", "a-t-il affirmé"), a speech verb before it ("X a déclaré :", "X a dit que
   «…»", "affirmant …" -> the subject of the governing verb), "selon X" / "d'après X",
   "Pour X, «…»", the subject of the clause the quote sits in, and last the speaker of
   the neighbouring quote (a quote that is a sentence of its own continues the previous
   one; a heading takes the speaker of the body quote it repeats);
3. names made canonical by `speakers.SpeakerIndex` (fullest form, titles linked to the
   person, pronouns resolved to the last compatible person);
4. flags: "short" (fewer than `min_words` words), "title" (name of a work, event or
   operation), "scare" (a short expression quoted inside a sentence, with no speaker),
   "heading" (a line that is a quote, or repeats a body quote).

Reported speech ("X a déclaré que …") gives quotes with `direct=False`.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from ..doctext import text_of
from .base import ArticleState, Option, Stage
from ..records import Mention, Provenance, Quote
from ..speakers import Person, SpeakerIndex, is_pronoun, pronoun_gender

OPENERS = {"«": "»", "“": "”", "„": "“"}
CLOSERS = {"»", "”"}
STRAIGHT = '"'
ALL_MARKS = set('«»“”„"')
_SENT_END = re.compile(r"[.!?…]+")
_ABBREV = re.compile(r"(?:^|[\s(])(?:M|Mme|Mlle|Dr|Pr|MM|St|Ste|av|J\.-C|etc|[A-Z])$")
_PRON_TOKEN = re.compile(r"^-?(?:t-)?(il|elle|ils|elles|on)$", re.I)
_WORDS = re.compile(r"\w+")
_LEAD_ADVERBS = {"aussi", "encore", "également", "alors", "ensuite", "enfin", "pourtant",
                 "néanmoins", "toutefois", "d'ailleurs", "ainsi", "donc", "déjà", "notamment",
                 "plus", "tard", "même", "pour", "sa", "son", "part", "de",
                 "son côté", "quant", "cependant", "immédiatement", "volontiers", "simplement",
                 "sobrement", "fermement", "hier", "aujourd'hui", "mardi", "lundi", "mercredi",
                 "jeudi", "vendredi", "samedi", "dimanche", "soir", "matin"}


_MONTHS = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"}
_CLITIC = re.compile(r"(?:-t)?-(il|elle|ils|elles|on)\b", re.I)


@dataclass
class _Clitic:
    """An inverted subject pronoun read on the text ("a-t-il", "dit-elle"), token-like."""
    text: str
    idx: int
    pos_: str = "PRON"
    ent_type_: str = ""


@dataclass
class _Piece:
    """One quoted stretch: marks at `open`/`close`, words at `start`/`end`."""
    open: int
    close: int          # index of the closing mark (== end of paragraph when unclosed)
    start: int
    end: int


@dataclass
class _Found:
    pieces: list[_Piece]
    speaker: str | None = None
    mention: Mention | None = None
    verb: Mention | None = None
    rule: str = "marks"
    flags: list[str] = field(default_factory=list)
    gender: str | None = None

    @property
    def open(self) -> int:
        return self.pieces[0].open

    @property
    def close(self) -> int:
        return self.pieces[-1].close


# -- quotation marks ------------------------------------------------------------------------

def _is_opening(text: str, i: int) -> bool:
    """Whether a straight quote at i looks like an opening mark."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if nxt.isspace() or nxt in ",.;:!?)]»":
        return False
    return prev.isspace() or prev in "([{-–—:'’/.!?,;»\"" or not prev.isalnum() or nxt.isupper()


def _is_closing(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isspace() and not (nxt.isspace() or nxt in ",.;:!?"):
        return False
    return True


def find_pieces(text: str) -> list[_Piece]:
    """Quoted stretches of `text`, in order, paired paragraph by paragraph."""
    pieces: list[_Piece] = []
    pos = 0
    for line in text.split("\n"):
        base = pos
        pos += len(line) + 1
        i, n = 0, len(line)
        straight: list[int] = []
        while i < n:
            ch = line[i]
            if ch in OPENERS:
                closer = OPENERS[ch]
                j = line.find(closer, i + 1)
                if ch == "„":
                    j = min([k for k in (line.find("“", i + 1), line.find("”", i + 1)) if k >= 0],
                            default=-1)
                if j < 0:
                    # unclosed: a quote running to the end of the paragraph
                    j = n
                pieces.append(_Piece(base + i, base + j, base + i + 1, base + j))
                i = j + 1
                continue
            if ch == STRAIGHT:
                straight.append(i)
            i += 1
        if straight:
            pieces.extend(_pair_straight(line, base, straight, pieces))
    pieces.sort(key=lambda p: p.open)
    out = []
    for p in pieces:
        s, e = p.start, p.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and any(ch.isalnum() for ch in text[s:e]):
            out.append(_Piece(p.open, p.close, s, e))
    return out


def _pair_straight(line: str, base: int, marks: list[int], taken: list[_Piece]) -> list[_Piece]:
    """Pair straight quotes of one paragraph, skipping those inside « » or “ ” quotes."""
    inside = [(p.open - base, p.close - base) for p in taken if base <= p.open < base + len(line)]
    marks = [m for m in marks if not any(a < m < b for a, b in inside)]
    out = []
    if len(marks) % 2 == 0 and all(_is_opening(line, marks[k]) or not _is_closing(line, marks[k])
                                   or True for k in range(0, len(marks), 2)):
        pairs = [(marks[k], marks[k + 1]) for k in range(0, len(marks), 2)]
        # an even count can still be out of step: check the first mark opens
        if all(_is_opening(line, a) for a, _ in pairs) or not marks:
            return [_Piece(base + a, base + b, base + a + 1, base + b) for a, b in pairs]
    # odd count or out of step: walk with a state
    opened = None
    for m in marks:
        if opened is None:
            if _is_opening(line, m):
                opened = m
        else:
            if _is_closing(line, m):
                out.append(_Piece(base + opened, base + m, base + opened + 1, base + m))
                opened = None
            elif _is_opening(line, m):
                opened = m
    return out


# -- the stage ------------------------------------------------------------------------------

def read_lexicons(lexicons) -> dict:
    """The speech verbs and quote rules, ready for lookups."""
    verbs = lexicons.get("speech_verbs")
    rules = lexicons.get("quote_rules")
    v = verbs["verbs"]
    lex = {
        "lemmas": {x.lower() for x in v["lemmas"]},
        "forms": {x.lower() for x in v.get("forms", [])},
        "reporting": {x.lower() for x in v.get("reporting", [])},
        "incise_only": {x.lower() for x in v.get("incise_only", [])},
        "source_cues": [c.lower().replace("’", "'") for c in verbs["cues"]["source"]],
        "opinion_cues": [c.lower() for c in verbs["cues"]["opinion"]],
        "works": {c.lower() for c in rules["works"]["cues"]},
        "rules": rules,
        "person_nouns": {n.lower() for n in rules["names"].get("person_nouns", [])}
        | {n.lower() for n in rules["names"].get("roles", [])},
        "multi": {},
    }
    for lemma in v["lemmas"]:
        words = lemma.lower().split()
        if len(words) > 1:
            lex["multi"].setdefault(words[0], []).append((words[0], words[1:]))
    return lex


class QuotesStage(Stage):
    name = "quotes"
    version = 1
    requires = ("doc",)
    # quote_spans: (start, end, speaker mention) of each direct quote's pieces, for the
    # figures stage (a count inside a quote comes from the quote's speaker)
    provides = ("quotes", "quote_spans")
    options = (
        Option("min_words", 4, "quotes with fewer words are flagged \"short\" "
                               "(scare quotes, single terms)"),
    )

    def __init__(self, settings, resources):
        super().__init__(settings, resources)
        self.min_words = self.settings["min_words"]
        self._lex = None

    # lexicons, read once per stage object
    @property
    def lex(self) -> dict:
        if self._lex is None:
            self._lex = read_lexicons(self.resources.lexicons)
        return self._lex

    def __call__(self, state: ArticleState):
        doc = state.layers["doc"]
        text = state.text
        reader = _ArticleReader(text, doc, self.lex, SpeakerIndex(doc, self.lex["rules"]),
                                self.min_words)
        found = reader.read()
        out = fold_headings([self._direct(text, f) for f in found])
        out += reader.reported(found, self.label)
        out.sort(key=lambda q: (q.start, q.end))
        return {"quotes": tuple(out), "quote_spans": tuple(_speaker_spans(text, found))}

    def _direct(self, text: str, f: _Found) -> Quote:
        parts = tuple(Mention(text[p.start:p.end], p.start, p.end) for p in f.pieces)
        joined = " ".join(p.text for p in parts)
        start, end = f.pieces[0].start, f.pieces[-1].end
        return Quote(text=joined if len(parts) > 1 else parts[0].text, start=start, end=end,
                     provenance=Provenance(stage=self.label, rule=f.rule), direct=True,
                     speaker=f.speaker, speaker_mention=f.mention, verb=f.verb,
                     parts=parts if len(parts) > 1 else (), flags=tuple(f.flags))


def fold_headings(quotes: list[Quote]) -> list[Quote]:
    """A heading that repeats a quote of the body ("Ils nous emmènent…" as a subheading,
    then in full with its speaker) is one statement, not two: its words become one of
    the `mentions` of the body quote it repeats (the same words, or the start of them)."""
    norm = [" ".join(_WORDS.findall(q.text.lower())) for q in quotes]
    extra: dict[int, list[Mention]] = {}
    keep: list[int] = []
    for i, q in enumerate(quotes):
        if "heading" in q.flags and norm[i]:
            j = next((j for j, other in enumerate(quotes)
                      if j != i and "heading" not in other.flags
                      and (norm[j] == norm[i]
                           or (len(norm[i]) > 12 and norm[j].startswith(norm[i])))), None)
            if j is not None:
                extra.setdefault(j, []).append(Mention(q.text, q.start, q.end))
                continue
        keep.append(i)
    return [replace(quotes[i], mentions=quotes[i].mentions + tuple(extra[i])) if i in extra
            else quotes[i] for i in keep]


class _ArticleReader:
    """Everything the stage works out for one article (built per article, then dropped)."""

    def __init__(self, text, doc, lex, index: SpeakerIndex, min_words: int):
        self.text = text
        self.doc = doc
        self.lex = lex
        self.index = index
        self.min_words = min_words
        self.starts = [t.idx for t in doc]
        self.pieces = self._split_incises(find_pieces(text))
        self.masked = self._mask(text, self.pieces)
        self._last: _Found | None = None
        self._bounds = self._boundaries()

    def _split_incises(self, pieces: list[_Piece]) -> list[_Piece]:
        """An incise written inside the marks ("« Nous resterons, a-t-il affirmé, tant
        que … »"): the quote is cut around it into two pieces, the incise left outside
        (then read as the speaker, and the pieces merged again as one quote)."""
        out: list[_Piece] = []
        for p in pieces:
            i = bisect.bisect_left(self.starts, p.start)
            toks = []
            while i < len(self.doc) and self.doc[i].idx < p.end:
                toks.append(self.doc[i])
                i += 1
            cut = None
            for k, t in enumerate(toks):
                if t.text != "," or k == 0:
                    continue
                m = next((j for j in range(k + 2, min(len(toks) - 1, k + 10))
                          if toks[j].text == ","), None)
                if m is None or not self._is_inner_incise(toks[k + 1:m]):
                    continue
                rest = self.text[toks[m].idx + 1:p.end].lstrip()
                if not rest[:1].islower():
                    continue
                cut = (toks[k].idx, toks[m].idx)
                break
            if cut is None:
                out.append(p)
                continue
            a, b = cut
            end_a = a
            while end_a > p.start and self.text[end_a - 1].isspace():
                end_a -= 1
            start_b = b + 1
            while start_b < p.end and self.text[start_b].isspace():
                start_b += 1
            out.append(_Piece(p.open, a - 1, p.start, end_a))
            out.append(_Piece(b + 1 if start_b > b + 1 else b, p.close, start_b, p.end))
        return out

    def _is_inner_incise(self, toks) -> bool:
        """ "a-t-il affirmé", "explique-t-elle", "estime le ministre": a speech verb first,
        then a subject clitic or an inverted subject, nothing else."""
        if not toks or len(toks) > 8 or any(t.lower_ in ("que", "qu'", "qu’") for t in toks):
            return False
        verb = next((t for t in toks[:4] if self.is_speech(t) and t.pos_ in ("VERB", "AUX")),
                    None)
        if verb is None or toks[0].pos_ not in ("VERB", "AUX"):
            return False
        span = self.text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]
        if _CLITIC.search(span):
            return True
        after = [t for t in toks if t.i > verb.i]
        nouns = self.lex["person_nouns"]
        return bool(after) and after[0].pos_ in ("DET", "PROPN", "NOUN") and any(
            t.ent_type_ in ("PER", "ORG") or t.lower_ in nouns or t.lemma_.lower() in nouns
            for t in after)

    @staticmethod
    def _mask(text: str, pieces: list[_Piece]) -> str:
        chars = list(text)
        for p in pieces:
            for k in range(p.open, min(p.close + 1, len(text))):
                if chars[k] != "\n":
                    chars[k] = "Q"
        return "".join(chars)

    # -- positions ----------------------------------------------------------------------
    def tokens_in(self, start: int, end: int):
        """Tokens entirely inside [start, end), outside quotes."""
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.doc) and self.doc[i].idx < end:
            t = self.doc[i]
            if t.idx + len(t.text) <= end and not t.is_space and not self._in_quote(t.idx):
                out.append(t)
            i += 1
        return out

    def _in_quote(self, pos: int) -> bool:
        return self.masked[pos] == "Q" and self.text[pos] != "Q"

    def _boundaries(self) -> list[int]:
        """Sentence starts: after final punctuation (quotes masked out), after a quote that
        ends a sentence and runs into the next one (`tuer."Le préfet`), at line starts."""
        m, t = self.masked, self.text
        out = {0}
        for match in _SENT_END.finditer(m):
            if _ABBREV.search(m[max(0, match.start() - 5):match.start()]):
                continue
            out.add(match.end())
        for p in self.pieces:
            c = p.close
            if c < len(t) and t[c] in '»”"' and t[c - 1:c] in (".", "!", "?", "…"):
                k = c + 1
                while k < len(t) and t[k] == " ":
                    k += 1
                if k < len(t) and (t[k].isupper() or t[k] in '«"“'):
                    out.add(c + 1)
        for k, ch in enumerate(t):
            if ch == "\n":
                out.add(k + 1)
        return sorted(out)

    def sentence_bounds(self, open_: int, close: int) -> tuple[int, int]:
        """Start and end of the sentence holding a quote (quotes masked out)."""
        b = self._bounds
        k = bisect.bisect_right(b, open_) - 1
        s = b[k] if k >= 0 else 0
        j = bisect.bisect_right(b, close)
        e = b[j] if j < len(b) else len(self.text)
        # the end: before the final punctuation or line break
        while e > close + 1 and (self.text[e - 1].isspace() or self.text[e - 1] in ".!?…"):
            e -= 1
        return s, max(e, close + 1)

    # -- verbs --------------------------------------------------------------------------
    def is_speech(self, t) -> bool:
        if t.pos_ not in ("VERB", "AUX", "NOUN", "ADJ", "PROPN") or len(t.text) < 2:
            return False
        low = t.lower_.replace("’", "'")
        if low in ("a", "est", "ont", "sont", "été", "avait", "fait"):
            return False
        if t.lemma_.lower() in self.lex["lemmas"] or low in self.lex["forms"] \
                or (t.pos_ in ("VERB", "AUX") and low.rstrip("s") in self.lex["forms"]):
            return True
        # multiword verbs: "mettre en garde", "faire valoir"
        for first, rest in self.lex["multi"].get(t.lemma_.lower(), ()):
            nxt = [x.lower_ for x in t.doc[t.i + 1:t.i + 1 + len(rest)]]
            if nxt == rest:
                return True
        return False

    # -- reading ------------------------------------------------------------------------
    def read(self) -> list[_Found]:
        found = self._merge_incises([_Found([p]) for p in self.pieces])
        for f in found:
            self._attribute(f)
        self._neighbours(found)
        self._flag(found)
        return found

    def _merge_incises(self, found: list[_Found]) -> list[_Found]:
        out: list[_Found] = []
        for f in found:
            if out:
                prev = out[-1]
                gap = self.text[prev.close + 1:f.open]
                nxt = self.text[f.pieces[0].start:f.pieces[0].start + 1]
                last = self.text[prev.pieces[-1].end - 1]
                if ("\n" not in gap and re.match(r"^\s*,[^.!?;:]{2,80},\s*$", gap)
                        and nxt.islower() and last not in ".!?…"
                        and any(self.is_speech(t) for t in self.tokens_in(prev.close + 1, f.open))):
                    prev.pieces.extend(f.pieces)
                    continue
            out.append(f)
        return out

    def _attribute(self, f: _Found) -> None:
        self._attribute_rules(f)
        if f.speaker:
            self._last = f

    def _attribute_rules(self, f: _Found) -> None:
        s, e = self.sentence_bounds(f.open, f.close)
        # a semicolon ends the clause a speaker is looked for in
        semi = self.masked.rfind(";", s, f.open)
        s = semi + 1 if semi >= 0 else s
        semi = self.masked.find(";", f.close + 1, e)
        e = semi if semi >= 0 else e
        after = self.tokens_in(f.close + 1, e)
        before = self.tokens_in(s, f.open)
        inner = self.tokens_in(f.pieces[0].close + 1, f.pieces[1].open) \
            if len(f.pieces) > 1 else []
        for rule, fn in (("incise", lambda: self._from_incise(inner, immediate=True)
                          if inner else None),
                         ("incise", lambda: self._from_incise(after, immediate=True)),
                         ("verb-before", lambda: self._from_verb_before(before)),
                         ("selon", lambda: self._from_cue(before + after)),
                         ("pour", lambda: self._from_opinion(s, f.open)),
                         ("verb-after", lambda: self._from_incise(after, immediate=False)),
                         ("clause-subject", lambda: self._from_clause(before, f))):
            got = fn()
            if got is not None:
                who, verb = got
                if self._set_speaker(f, who, f.open):
                    f.rule = rule
                    f.verb = Mention(verb.text, verb.idx, verb.idx + len(verb.text)) \
                        if verb is not None else None
                    return
        f.rule = "marks"

    def _set_speaker(self, f: _Found, who, at: int) -> bool:
        """Resolve a speaker phrase (tokens) to a canonical name; False if it fails."""
        if not who:
            return False
        if isinstance(who, tuple) and who[0] == "same-as":
            f.speaker, f.mention = who[1].speaker, who[1].mention
            return True
        start, end = who[0].idx, who[-1].idx + len(who[-1].text)
        phrase = self.text[start:end]
        if "\n" in phrase:
            return False
        mention = Mention(phrase, start, end)
        if len(who) == 1 and (isinstance(who[0], _Clitic) or _PRON_TOKEN.match(who[0].text)):
            gender, plural = pronoun_gender(who[0].text)
            if plural or who[0].text.lower().lstrip("-").endswith("on"):
                return False
            person = self.index.resolve_pronoun(who[0].text, start)
            if person is None:
                return False
            f.speaker = self.index.canonical(person.name, person.start)
            f.mention = mention
            f.gender = gender
            person.subject = 2
            if gender and not person.gender:
                person.gender = gender
            return True
        if who[0].pos_ == "PRON" and len(who) == 1:
            return False
        f.mention = mention
        # a named person in the phrase
        ents = [x for x in self.doc.ents if x.label_ == "PER" and start <= x.start_char
                and x.end_char <= end]
        if ents:
            ent = ents[0]
            person = self.index.person_at(ent.start_char, ent.end_char)
            name = person.name if person else ent.text
            f.speaker = self.index.canonical(name, ent.start_char)
            self.index.mark_speaker(ent.start_char, ent.end_char)
            return True
        propn = self._leading_name(who)
        if propn is not None:
            ps, pe = propn
            name = self.text[ps:pe]
            self.index.add(name, ps, pe, gender=self._phrase_gender(who))
            f.speaker = self.index.canonical(name, ps)
            return True
        person = self.index.link_title(phrase, start) or self.index.resolve_anaphor(phrase, start)
        if person is not None:
            f.speaker = self.index.canonical(person.name, person.start)
            return True
        f.speaker = self._strip_phrase(phrase)
        return True

    @staticmethod
    def _phrase_gender(who) -> str | None:
        for t in who:
            if t.pos_ == "DET":
                low = t.lower_
                if low in ("la", "une", "cette"):
                    return "f"
                if low in ("le", "un", "ce", "cet"):
                    return "m"
        return None

    def _leading_name(self, who) -> tuple[int, int] | None:
        """A proper name at the head of the phrase ("Monther, un opposant")."""
        toks = list(who)
        i = 0
        while i < len(toks) and toks[i].lower_ in self.index._honorifics:
            i += 1
        j = i
        particles = self.index.particles
        with_particle = False
        while j < len(toks):
            t = toks[j]
            if t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN", "ADJ", "X", "VERB"):
                j += 1
                continue
            # particles inside names: "Bachar al-Assad", "Mohammed ben Salmane"
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

    @staticmethod
    def _strip_phrase(phrase: str) -> str:
        return phrase.strip(" ,;:-–—").strip()

    # -- the rules ----------------------------------------------------------------------
    _np_stops = frozenset(("à", "au", "aux", "sur", "lors", "dans", "devant", "pendant",
                           "après", "avant", "depuis", "sous", "avec", "chez", "via", "lundi", "mardi", "mercredi", "jeudi",
                           "vendredi", "samedi", "dimanche"))

    def _np_after(self, toks):
        """The subject phrase after an inverted verb: skips adverbs and prepositional
        phrases, comma by comma ("a déclaré sur Twitter, dans l'après-midi, le ministre
        Gérald Darmanin"); an apposed name wins over a title ("le gouverneur, John Doe")."""
        toks = list(toks)
        n = len(toks)
        i = 0
        pp = None
        while i < n:
            t = toks[i]
            if t.text in (".", ";", "!", "?", ":", "(", "–", "—") or "\n" in t.text:
                return self._pp_tail(toks[pp:i]) if pp is not None else None
            if t.ent_type_ == "PER" and t.text[:1].isupper():
                return self._per_run(toks, i)
            if t.text == "," or t.pos_ == "ADV" or t.lower_ in _LEAD_ADVERBS or (
                    t.text[:1].isdigit() or t.lower_ in _MONTHS) and t.ent_type_ != "PER":
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
            if t.pos_ in ("VERB", "AUX", "SCONJ", "CCONJ") or (t.pos_ == "PRON"
                                                              and not _PRON_TOKEN.match(t.text)):
                return None
            break
        if i >= n:
            return self._pp_tail(toks[pp:]) if pp is not None else None
        # the noun phrase: up to a comma, a clause or the end
        j = i
        while j < n and toks[j].text not in (",", ".", ";", ":", "!", "?", "(", "–", "—") \
                and toks[j].lower_ not in ("qui", "que", "qu'", "dont", "lequel", "laquelle") \
                and not (toks[j].pos_ in ("VERB", "AUX") and toks[j].morph.get("VerbForm") == ["Fin"]):
            if toks[j].ent_type_ == "PER" and toks[j].text[:1].isupper() and j > i:
                return self._per_run(toks, j)
            if j > i and toks[j].lower_ in self._np_stops \
                    and toks[j - 1].pos_ in ("NOUN", "PROPN", "ADJ"):
                # "la porte-parole de la fédération à une question de …": the phrase ends,
                # unless a name follows in the same clause ("l'adjointe au maire, X")
                m = j
                while m < n and toks[m].text not in (".", ";", ":", "!", "?", "(", "–", "—") \
                        and not (toks[m].pos_ in ("VERB", "AUX")
                                 and toks[m].morph.get("VerbForm") == ["Fin"]) \
                        and "Q" not in self.masked[toks[m].idx:toks[m].idx + 1]:
                    if toks[m].ent_type_ == "PER" and toks[m].text[:1].isupper() \
                            and toks[m - 1].ent_type_ != "PER" \
                            and toks[m - 1].pos_ not in ("ADP", "DET"):
                        return self._per_run(toks, m)     # not "avec Gilbert Collard"
                    m += 1
                break
            if j > i and "Q" in self.masked[toks[j - 1].idx + len(toks[j - 1].text):toks[j].idx]:
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
            return self._per_run(toks, j + 1)
        if rest[0].pos_ in ("DET", "NOUN", "PROPN", "ADJ", "NUM", "PRON", "X"):
            return rest
        return None

    @staticmethod
    def _pp_tail(toks):
        """The last prepositional phrase ran to the end of the clause: the subject is in it,
        untagged ("a estimé mardi sur France Inter Rachida Dati")."""
        toks = [t for t in toks if not t.is_punct]
        caps = [t for t in toks if t.pos_ == "PROPN" and t.text[:1].isupper()]
        return toks if len(caps) >= 3 else None

    @staticmethod
    def _per_run(toks, k):
        k1 = k
        while k1 + 1 < len(toks) and toks[k1 + 1].ent_type_ == "PER" \
                and toks[k1 + 1].idx - (toks[k1].idx + len(toks[k1].text)) <= 1:
            k1 += 1
        return toks[k:k1 + 1]

    @staticmethod
    def _has_np(toks) -> bool:
        return any(t.pos_ in ("NOUN", "PROPN") or t.ent_type_ for t in toks)

    def _from_incise(self, after, *, immediate: bool):
        toks = list(after)
        if not toks:
            return None
        k = 0
        if immediate:
            while k < len(toks) and toks[k].text in (",", "-", "–", ")", "(") and k < 2:
                k += 1
            window = range(k, min(len(toks), k + 5))
        else:
            window = range(0, len(toks))
        for v in window:
            t = toks[v]
            if immediate and t.text in (".", ";", "!", "?"):
                return None
            first = immediate and (v == k or v == k + 1 and toks[k].lower_ in ("s'", "s’"))
            if first and t.pos_ in ("NOUN", "ADJ", "PROPN", "X") and self._verb_form(t):
                clitic = self._clitic_near(toks, k, v)
                if clitic is not None:
                    return [clitic], t    # "», regrette-t-elle"
            if first and t.pos_ in ("NOUN", "ADJ", "PROPN", "X") and self._verb_form(t) \
                    and v + 1 < len(toks) and toks[v + 1].pos_ in ("DET", "PROPN"):
                np = self._np_after(toks[v + 1:])
                if np:
                    return np, t        # "», juge le ministère", "», s'inquiète Mark Olsky"
            if not self.is_speech(t) or t.pos_ == "NOUN":
                continue
            if self._gerund(t):
                if immediate:
                    return None
                continue
            # an inverted pronoun next to it: "a-t-il affirmé", "dit-elle", "ajoute-t-elle"
            clitic = self._clitic_near(toks, k, v)
            if clitic is not None:
                return [clitic], t
            np = self._np_after(toks[v + 1:])
            if np:
                if np[0].pos_ == "PRON" and not _PRON_TOKEN.match(np[0].text):
                    continue
                return np, t
            # not inverted: "…", comme il l'a proclamé
            who = self._subject_of(t)
            if who:
                return who, t
            if not immediate:
                continue
        if immediate:
            # a verb outside the lexicon right after the quote, with a person after it
            v = k
            if v < len(toks) and toks[v].pos_ == "VERB" and toks[v].morph.get("Mood") == ["Ind"]:
                np = self._np_after(toks[v + 1:])
                if np and any(x.ent_type_ == "PER" for x in np):
                    return np, toks[v]
        return None

    def _verb_form(self, t) -> bool:
        """Whether a word the tagger took for a noun is a present form of a speech verb
        ("juge", "estime", "note")."""
        low = t.lower_
        return low in self.lex["forms"] or (low.endswith("e") and (
            low + "r" in self.lex["lemmas"] or low[:-1].replace("è", "é") + "er"
            in self.lex["lemmas"] or "s'" + low + "r" in self.lex["lemmas"]))

    @staticmethod
    def _gerund(t) -> bool:
        """A present participle or gerund ("promettant", "en évoquant"): not an incise."""
        return (t.morph.get("VerbForm") == ["Part"] and t.morph.get("Tense") == ["Pres"]) \
            or t.lower_.endswith("ant") and t.pos_ == "VERB"

    def _clitic_near(self, toks, k: int, v: int):
        """A subject clitic written after the verb or its auxiliary ("a-t-il dit")."""
        for w in toks[max(k, v - 3):v + 1]:
            end = w.idx + len(w.text)
            m = _CLITIC.match(self.text, end)
            if m is None and w.text.startswith("-") and _CLITIC.fullmatch(w.text):
                m = _CLITIC.match(self.text, w.idx)
            if m is None:
                # the tokenizer may keep "-t-il" inside the verb's token
                m2 = re.search(r"(?:-t)?-(il|elle|ils|elles|on)$", w.text, re.I)
                if m2 and w.i == toks[v].i:
                    return _Clitic(m2.group(1), w.idx + m2.start(1))
                continue
            return _Clitic(m.group(1), m.start(1))
        return None

    def _subject_of(self, verb):
        """The subject phrase of a verb, climbing to the governing verb for participles."""
        t = verb
        for _ in range(4):
            subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubj:pass", "expl:subj")]
            if subj:
                s = subj[0]
                if s.dep_ == "expl:subj":
                    return None
                if s.lower_ in ("qui", "lequel", "laquelle") and t.dep_ == "acl:relcl":
                    return self._phrase_of(t.head)
                return self._phrase_of(s)
            if t.head is t or t.dep_ in ("ccomp",):
                break
            if t.dep_ in ("xcomp", "advcl", "conj", "acl", "parataxis", "obl:arg", "obl:mod",
                          "obl", "amod") or t.pos_ == "AUX":
                t = t.head
            else:
                break
        return None

    def _phrase_of(self, head):
        """The words of a subject: its subtree before any comma-led apposition or clause."""
        if head.pos_ == "PRON":
            return [head] if _PRON_TOKEN.match(head.text) else None
        toks = [x for x in head.subtree if not self._in_quote(x.idx)]
        # a name before the title the parse made the subject: "Jean-Luc Mélenchon, le
        # candidat du Front de gauche, avait appelé …"
        first = min(x.i for x in head.subtree)
        doc = head.doc
        if head.ent_type_ != "PER" and first >= 2 and doc[first - 1].text == "," \
                and doc[first - 2].ent_type_ == "PER":
            k = first - 2
            while k >= 1 and doc[k - 1].ent_type_ == "PER":
                k -= 1
            if k == 0 or doc[k - 1].is_punct or doc[k].is_sent_start:
                return [doc[j] for j in range(k, first - 1)]
        # a name apposed to the head: "Le porte-parole du Conseil, Javid Faisal,"
        if head.ent_type_ != "PER":
            for x in toks:
                if x.ent_type_ == "PER" and x.head.i == head.i and x.dep_ in ("appos", "flat:name",
                                                                              "nmod") \
                        and x.text[:1].isupper() and (x.dep_ != "nmod" or x.i == head.i + 1):
                    run = [y for y in toks if y.i >= x.i]
                    return self._per_run(run, 0)
        # contiguous run around the head, cut at commas and relative clauses after the head
        out = []
        for x in toks:
            if x.i < head.i:
                out.append(x)
                continue
            if x.i > head.i and (x.text in (",", "(", ":", ";", "-", "–") or x.lower_ in
                                 ("qui", "que", "dont")):
                break
            out.append(x)
        # keep only what follows the last comma before the head, unless a name stands
        # before it: "Jean-Luc Mélenchon, le candidat du Front de gauche, avait appelé"
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

    def _from_verb_before(self, before):
        """A speech verb before the quote in its sentence, and its subject: the parse's
        subject, an inverted subject after it, the sentence's leading noun phrase, or (for
        a subject left out: "Et se dit prête à …") the last person spoken of."""
        toks = list(before)
        verbs = [k for k, t in enumerate(toks) if self.is_speech(t) and t.pos_ in ("VERB", "AUX")
                 and not self._not_saying(t)]
        for k in reversed(verbs):
            t = toks[k]
            lead = [x.lower_ for x in toks[max(0, k - 3):k] if x.pos_ != "AUX"]
            if lead[-2:-1] == ["comme"] or lead[-3:-2] == ["comme"]:
                # "comme le rappelle HRW, « … »": the subject comes after the verb
                np = self._np_after(toks[k + 1:])
                if np:
                    return np, t
            if t.morph.get("VerbForm") == ["Inf"] and k >= 1 and (
                    toks[k - 1].lower_ in ("de", "d'", "d’") and k >= 2
                    and toks[k - 2].lower_ == "avant" or toks[k - 1].lower_ == "avoir"):
                # "…, lui avait dit X, avant de poursuivre « … »": X again
                last = self._last
                if last is not None and last.speaker and 0 <= t.idx - last.close < 300:
                    return ("same-as", last), t
            who = self._subject_of(t)
            if who:
                return who, t
            clitic = self._clitic_near(toks, 0, k)
            if clitic is not None:
                return [clitic], t
            # inverted: the verb group right after a comma or a quote
            j = k - 1
            while j >= 0 and (toks[j].pos_ in ("AUX", "ADV") or toks[j].lower_ in _LEAD_ADVERBS):
                j -= 1
            if j < 0 or toks[j].text in (",",) or self.masked[toks[max(j, 0)].idx - 1:
                                                                 toks[max(j, 0)].idx] == "Q":
                np = self._np_after(toks[k + 1:])
                if np:
                    return np, t
        if verbs:
            t = toks[verbs[-1]]
            lead = self._leading_subject(toks[:verbs[-1]])
            if lead:
                return lead, t
            last = self._last
            if last is not None and last.speaker and 0 <= t.idx - last.close < 600 \
                    and t.morph.get("VerbForm") == ["Fin"]:
                return ("same-as", last), t
        return None

    def _not_saying(self, t) -> bool:
        """A verb that says only as an incise ("poursuit-il") and not with an object:
        "le boson va permettre de poursuivre les recherches : « … »"."""
        if t.lemma_.lower() not in self.lex["incise_only"]:
            return False
        return any(c.dep_ in ("obj", "xcomp") and c.pos_ in ("NOUN", "VERB") and c.i > t.i
                   and c.ent_type_ != "PER" and not self._in_quote(c.idx) for c in t.children) or t.morph.get("VerbForm") == ["Inf"] and not (
            t.i >= 2 and self.doc[t.i - 2].lower_ == "avant")

    def _leading_subject(self, toks):
        """The noun phrase opening a sentence, before its verb ("Le gouvernement malien,
        impuissant, a dénoncé …")."""
        i, n = 0, len(toks)
        while i < n and (toks[i].pos_ in ("ADV", "CCONJ") or toks[i].text in ("-", "–")):
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

    def _from_cue(self, toks):
        """"selon X", "d'après X": the phrase after the cue, in the quote's sentence."""
        toks = list(toks)
        if not toks:
            return None
        for k, t in enumerate(toks):
            for cue in self.lex["source_cues"]:
                span = self.text[t.idx:t.idx + len(cue)].lower().replace("’", "'")
                if span != cue:
                    continue
                cue_end = t.idx + len(cue)
                rest = [x for x in toks[k:] if x.idx >= cue_end]
                np = self._np_after(rest)
                if np:
                    return np, None
        return None

    def _from_opinion(self, sent_start: int, open_: int):
        """"Pour X, « … »" or "Pour X, … « … »": X, named at the head of the sentence."""
        head = self.masked[sent_start:open_]
        for cue in self.lex["opinion_cues"]:
            m = re.match(r"\W*" + re.escape(cue) + r"\s+([^,:;Q]{2,80}?)\s*,", head, re.I)
            if m is None:
                continue
            toks = self.tokens_in(sent_start + m.start(1), sent_start + m.end(1))
            np = self._np_after(toks)
            if np:
                return np, None
        return None

    def _from_clause(self, before, f: _Found):
        """The subject of the clause a quote is part of ("Le préfet redoute « … »")."""
        toks = list(before)
        if not toks:
            return None
        for t in reversed(toks):
            if t.pos_ == "VERB" and t.morph.get("VerbForm") in (["Fin"], ["Part"]):
                who = self._subject_of(t)
                if who and not (who[0].pos_ == "PRON" and not _PRON_TOKEN.match(who[0].text)):
                    # only people and bodies speak: a named entity or a noun phrase
                    nouns = self.lex["person_nouns"]
                    if any(x.ent_type_ in ("PER", "ORG") or x.pos_ == "PROPN"
                           or x.lemma_.lower() in nouns or x.lower_ in nouns
                           or _PRON_TOKEN.match(x.text) for x in who):
                        return who, None
                return None
        return None

    # -- neighbours ---------------------------------------------------------------------
    def _alone(self, f: _Found) -> bool:
        """A quote that is a sentence of its own (only marks and punctuation around it)."""
        s, e = self.sentence_bounds(f.open, f.close)
        rest = (self.masked[s:f.open] + " " + self.masked[f.close + 1:e]).replace("Q", " ")
        words = re.findall(r"[^\W\d_]+", rest)
        return len(words) <= 1 and not any(w.lower() in ("selon", "pour") for w in words)

    def _neighbours(self, found: list[_Found]) -> None:
        norm = [" ".join(_WORDS.findall(self._qtext(f).lower())) for f in found]
        # headings: a quote repeated elsewhere takes the speaker of its attributed copy
        for a, fa in enumerate(found):
            for b, fb in enumerate(found):
                if a == b or not norm[a] or not norm[b]:
                    continue
                if norm[a] == norm[b] or (norm[a] in norm[b] and len(norm[a]) > 12):
                    line_start = self.text.rfind("\n", 0, fa.open) + 1
                    at_head = not self.masked[line_start:fa.open].strip(" -–—•*")
                    if fa.speaker is None and fb.speaker is not None:
                        fa.speaker, fa.rule = fb.speaker, "heading-copy"
                    if at_head and (fa.rule in ("marks", "heading-copy")) and a < b:
                        if "heading" not in fa.flags:
                            fa.flags.append("heading")
        # continuation: a quote standing alone continues the previous speaker's words
        for k, f in enumerate(found):
            if f.speaker is not None or not self._alone(f):
                continue
            prev = next((found[j] for j in range(k - 1, -1, -1)
                         if found[j].speaker and found[j].rule != "heading-copy"), None)
            nxt = next((found[j] for j in range(k + 1, len(found)) if found[j].speaker), None)
            if prev is not None and f.open - prev.close < 600 and \
                    self.text.count("\n", prev.close, f.open) <= 1:
                f.speaker, f.rule = prev.speaker, "continues-previous"
                f.mention = prev.mention
            elif nxt is not None and nxt.open - f.close < 300 and \
                    "\n" not in self.text[f.close:nxt.open]:
                f.speaker, f.rule = nxt.speaker, "continues-next"
                f.mention = nxt.mention

    def _qtext(self, f: _Found) -> str:
        return " ".join(self.text[p.start:p.end] for p in f.pieces)

    def _flag(self, found: list[_Found]) -> None:
        for f in found:
            words = _WORDS.findall(self._qtext(f))
            short = len(words) < self.min_words
            if short:
                f.flags.append("short")
            before = self.masked[max(0, f.open - 40):f.open].lower()
            prev_words = re.findall(r"[\w'’-]+", before)[-3:]
            if any(w.lstrip("ld'’") in self.lex["works"] or w in self.lex["works"]
                   for w in prev_words[-2:]) and f.rule not in ("incise",):
                f.flags.append("title")
            line_start = self.text.rfind("\n", 0, f.open) + 1
            line_end = self.text.find("\n", f.close)
            line_end = len(self.text) if line_end < 0 else line_end
            around = (self.masked[line_start:f.open] + self.masked[f.close + 1:line_end])
            if "heading" not in f.flags and not re.search(r"[^\W\d_]", around.replace("Q", "")) \
                    and f.rule == "marks" and len(words) < 15:
                f.flags.append("heading")
            if short and not self._alone(f) and (f.rule in ("marks", "clause-subject")
                                                  or "title" in f.flags):
                f.flags.append("scare")

    # -- reported speech ----------------------------------------------------------------
    def reported(self, found: list[_Found], label: str) -> list[Quote]:
        """`X a déclaré que …` as quotes with direct=False."""
        out = []
        spans = [(f.open, f.close) for f in found]
        for t in self.doc:
            if t.pos_ != "VERB" or t.lemma_.lower() not in self.lex["reporting"]:
                continue
            for c in t.children:
                if c.dep_ != "ccomp" or c.i < t.i:
                    continue
                sub = list(c.subtree)
                if not sub or sub[0].lower_ not in ("que", "qu'", "qu’"):
                    continue
                words = sub[1:]
                while words and (words[-1].is_punct or words[-1].is_space):
                    words = words[:-1]
                if len(words) < 3:
                    continue
                start, end = words[0].idx, words[-1].idx + len(words[-1].text)
                if "\n" in self.text[start:end]:
                    end = self.text.index("\n", start)
                if any(a < end and start <= b for a, b in spans) or end - start < 10:
                    continue
                tmp = _Found([_Piece(start - 1, end, start, end)])
                who = self._subject_of(t)
                if who:
                    self._set_speaker(tmp, who, t.idx)
                out.append(Quote(text=self.text[start:end], start=start, end=end,
                                 provenance=Provenance(stage=label, rule="reported-que"),
                                 direct=False, speaker=tmp.speaker,
                                 speaker_mention=tmp.mention,
                                 verb=Mention(t.text, t.idx, t.idx + len(t.text))))
        return out


def _speaker_spans(text: str, found: list[_Found]) -> list[tuple[int, int, Mention | None]]:
    """(start, end, speaker as written) of each piece of the direct quotes `found`: for
    the figures stage, whose counts inside a quote come from the quote's speaker. The
    speaker is given where the article writes its canonical name ("a-t-il ajouté" -> the
    last mention of the person it stands for)."""
    out = []
    for f in found:
        mention = f.mention if f.speaker else None
        if f.speaker:
            # the canonical name where the article writes it (nearest before the quote)
            k = text.rfind(f.speaker, 0, f.open)
            k = text.find(f.speaker, f.close) if k < 0 else k
            if k >= 0:
                mention = Mention(f.speaker, k, k + len(f.speaker))
            elif mention is not None and is_pronoun(mention.text):
                mention = None
        for p in f.pieces:
            out.append((p.start, p.end, mention))
    return out
