"""The people an article names, for speaker names made canonical within one article.

`SpeakerIndex` is built once per article from the spaCy `Doc` and the `NameLexicon`
(honorifics, roles, person nouns, pronouns and determiners of `quote_rules.toml`): it
knows every person the article names (spaCy PER entities, plus names the quotes stage
finds as speakers), the titles written with each name ("Le président russe Vladimir
Poutine", "Frédéric Louette, président de l'association"), and the gender the article
gives them (honorific, article or apposition). It answers three questions:

- `canonical(name, at)`: the fullest form of a name in the article ("Poutine" ->
  "Vladimir Poutine", "M. Macron" -> "Emmanuel Macron");
- `link_title(phrase, at)`: the named person a title designates ("le chef d'Etat russe"
  -> "Vladimir Poutine"), or None;
- `resolve_pronoun(pronoun, at)`: the last compatible person before `at` ("a-t-il
  affirmé" -> the last male or unknown-gender person named as a subject or speaker).

It holds no state beyond one article; the speaker rules add to it the speakers they find
(`add`, `mark_speaker`), so that a later pronoun can point back to them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from spacy.attrs import DEP, IDX, IS_ALPHA, POS
from spacy.symbols import NOUN, PROPN, X

from ...doctext import text_of
from .lexicon import NameLexicon, norm as _norm

__all__ = ["Person", "SpeakerIndex", "morph_gender"]

_WORD = re.compile(r"[\w’'-]+")
# an initial standing for a surname ("Z.", "B")
_INITIAL = re.compile(r"^[A-ZÀ-Ý]\.?$")
# a person's name as written: words, hyphens, apostrophes and initials ("Aïssa Z.")
_NAME = re.compile(r"^\w[\w’' -]*(?:\.\w?)?$")

# how far (characters) a subject of a subordinate clause may come after the last main
# subject or speaker and still lose to it
SUBJECT_REACH = 600

# how far before a pronoun (characters) a noun phrase may still be what it stands for
PHRASE_REACH = 400

# parts of speech of a one-word "person" that is a sentence's first word, not a name
_NOT_NAMES = frozenset({"ADV", "CCONJ", "SCONJ", "ADP", "DET", "PRON", "AUX", "VERB"})


def morph_gender(token) -> str | None:
    """"f" or "m" as the parse gives a token's gender, else None."""
    g = token.morph.get("Gender")
    return "f" if g == ["Fem"] else "m" if g == ["Masc"] else None


@dataclass
class Person:
    """One mention of a named person."""
    name: str                # as written, without honorific
    start: int
    end: int
    gender: str | None = None
    subject: int = 0         # 2: speaker, main-clause subject or introduced; 1: other subject
    titles: list[str] = field(default_factory=list)
    phrase: bool = False     # a noun phrase kept as written ("le policier"), not a name
    plural: bool = False     # a plural one ("les sénatrices"), for "ils", "elles"

    @property
    def words(self) -> list[str]:
        return [w for w in _WORD.findall(self.name.lower())]


class SpeakerIndex:
    """The people an article names, for canonical speaker names."""

    def __init__(self, doc: Any, lex: NameLexicon):
        self.lex = lex
        self.honorifics = lex.honorifics
        self.particles = lex.particles
        self.doc = doc
        self.text = text_of(doc)
        self.people: list[Person] = []
        self._role_words = frozenset(r for r in lex.roles if " " not in r)
        # noun phrases a pronoun may stand for ("la police", "le policier"): antecedents
        # only, never the fullest form of a name
        self.phrases: list[Person] = []
        # names the model took for places or bodies ("Bachar al-Assad" as LOC): used only
        # to find the fullest form of a speaker's name, never as antecedents
        self._other_names: list[Person] = []
        for ent in doc.ents:
            if ent.label_ == "PER" and len(ent) == 1 and ent[0].pos_ in _NOT_NAMES:
                continue    # "Seulement, quelques jours plus tard": a word, not a person
            if ent.label_ == "PER":
                self._add_entity(ent)
            elif any(t.lower_.rstrip("-") in self.particles for t in ent[1:-1]) \
                    and ent[0].text[:1].isupper() and ent[-1].text[:1].isupper():
                self._other_names.append(Person(name=ent.text, start=ent.start_char,
                                                end=ent.end_char))
        self._add_introduced(doc)
        self.people.sort(key=lambda p: p.start)
        self._add_role_subjects(doc)

    def _add_role_subjects(self, doc) -> None:
        """A person named again by their title as a subject ("Le président américain, qui
        …, a estimé …", "le Premier ministre a confirmé …"): a mention of that person
        there, so that a later "a-t-il dit" points back to them and not to the last name
        written (someone spoken of in between)."""
        found = []
        nsubj = doc.vocab.strings["nsubj"]
        rows = doc.to_array([DEP, POS]).tolist() if len(doc) else []
        for t in (doc[i] for i, (dep, pos) in enumerate(rows) if dep == nsubj and pos == NOUN):
            if t.ent_type_ == "PER":
                continue
            dets = [c for c in t.children if c.dep_ == "det" and c.i < t.i]
            if not dets or dets[0].lower_ not in self.lex.definite \
                    and dets[0].lower_ not in self.lex.elided:
                continue
            words = [x for x in t.subtree if x.i >= dets[0].i and not x.is_punct]
            end = t.i
            while end + 1 < len(doc) and doc[end + 1] in words and doc[end + 1].ent_type_ != "PER":
                end += 1
            start_c, end_c = dets[0].idx, doc[end].idx + len(doc[end].text)
            phrase = self.text[start_c:end_c]
            if "\n" in phrase or self._role_key(phrase)[0] is None:
                continue
            person = self.link_title(phrase, start_c)
            if person is None:
                continue
            main = t.head.dep_ == "ROOT"
            found.append(Person(name=person.name, start=start_c, end=end_c,
                                gender=person.gender or self.lex.determiner_gender(
                                    dets[0].lower_), subject=2 if main else 1))
        if found:
            self.people.extend(found)
            self.people.sort(key=lambda p: p.start)

    def _add_introduced(self, doc) -> None:
        """Names introduced with an apposition the model may not tag as persons:
        "Monther, un opposant", "Nicolas, 24 ans, policier", "Jad, un publicitaire"."""
        taken = [(p.start, p.end) for p in self.people]
        i = 0
        n = len(doc)
        rows = doc.to_array([POS, IS_ALPHA, IDX]).tolist() if n else []
        text = self.text
        upper = [text[r[2]:r[2] + 1].isupper() for r in rows]
        pos = [r[0] for r in rows]
        while i < n:
            if not (upper[i] and pos[i] in (PROPN, NOUN, X) and rows[i][1]):
                i += 1
                continue
            t = doc[i]
            j = i
            while j + 1 < n and upper[j + 1] and pos[j + 1] == PROPN:
                j += 1
            # "Aïssa Z.", "Nordahl L.": a first name and an initial, as the press writes
            # the accused and the victims
            initialled = j > i and _INITIAL.match(doc[j].text) is not None and (
                i == 0 or doc[i - 1].pos_ not in ("DET", "NUM"))
            apposed = j + 2 < n and doc[j + 1].text == ","
            if initialled or apposed:
                ok, gender = self._introduces(doc, j) if apposed else (False, None)
                ok = ok or initialled
                start, end = t.idx, doc[j].idx + len(doc[j].text)
                if ok and not any(s < end and start < e for s, e in taken) and \
                        (i == 0 or doc[i - 1].lower_ not in self.lex.name_blockers):
                    p = Person(name=self.text[start:end], start=start, end=end, gender=gender,
                               subject=2)
                    self.people.append(p)
            i = j + 1

    def _introduces(self, doc, j: int) -> tuple[bool, str | None]:
        """Whether the words after "Name," (token j the name's last) introduce a person
        ("24 ans", "un opposant", "policier"), and the gender their article gives."""
        n, lex = len(doc), self.lex
        a, b = doc[j + 2], doc[j + 3] if j + 3 < n else None
        if a.like_num and b is not None and b.lower_ in lex.age_units:
            return True, None
        if (a.lower_ in lex.indefinite or a.lower_ in lex.definite) and b is not None and (
                b.lower_ in lex.person_nouns
                or b.pos_ == "ADJ" and j + 4 < n and doc[j + 4].lower_ in lex.person_nouns):
            return True, lex.determiner_gender(a.lower_)
        return a.lower_ in lex.person_nouns, None

    # -- building ---------------------------------------------------------------------------
    def _strip_honorific(self, span) -> tuple[int, str | None]:
        """Index of the first token after honorifics, and the gender they give."""
        i, gender = span.start, None
        lex = self.lex
        while i < span.end - 1 and span.doc[i].lower_ in lex.honorifics:
            low = span.doc[i].lower_
            gender = "f" if low in lex.feminine_honorifics else \
                "m" if low in lex.masculine_honorifics else gender
            i += 1
        return i, gender

    def _add_entity(self, ent) -> None:
        doc = ent.doc
        first, gender = self._strip_honorific(ent)
        end = ent.end
        # a particle the model left out: "Bachar" + "al-Assad", "Mohammed" + "ben Salmane"
        k = end
        while k < len(doc) and k - end < 3 and (doc[k].lower_ in self.particles
                                                 or doc[k].text in "-‑") \
                and doc[k].idx == doc[k - 1].idx + len(doc[k - 1].text) + len(
                    doc[k - 1].whitespace_) and "\n" not in doc[k - 1].whitespace_:
            k += 1
        if k > end and k < len(doc) and doc[k].text[:1].isupper() and \
                doc[k].pos_ in ("PROPN", "NOUN", "X") and "\n" not in doc[k - 1].whitespace_:
            end = k + 1
        # names cut at a hyphen by the tokenizer: "Rami Abd al" + "-Rahman"
        while end < len(doc) and doc[end].idx == doc[end - 1].idx + len(doc[end - 1].text) \
                and (doc[end].text.startswith("-") or doc[end - 1].text.endswith("-")) \
                and doc[end].text.strip("-")[:1].isalpha():
            end += 1
        tokens = [t for t in doc[first:end]]
        if not tokens or not tokens[0].text[:1].isupper() or \
                any(ch in t.text for t in tokens for ch in '"«»“”'):
            return
        # spaCy sometimes glues a following word or punctuation into the entity
        while tokens and not (tokens[-1].text[:1].isupper() or tokens[-1].text[:1].isalpha()):
            tokens.pop()
        if not tokens or any(ch.isdigit() for t in tokens for ch in t.text):
            return
        if tokens[0].lower_ in self.lex.topic_heads:
            return              # "Affaire Troadec", "Pont Morandi": a case or a place
        if len(tokens) == 1 and len(tokens[0].text) < 2:
            return
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        name = self.text[start:end]
        if "\n" in name:
            return
        person = Person(name=name, start=start, end=end, gender=gender)
        if gender is None:
            person.gender = self._gender_near(ent)
        person.subject = self._is_subject(ent)
        # introduced with an apposition: "Jad, un publicitaire de 25 ans", "Rita, 33 ans"
        k = tokens[-1].i + 1
        if k < len(doc) and doc[k].text == "*":
            k += 1          # "Sylvie*, 48 ans": a name the press changed, marked with a star
        # introduced with an age, a protagonist ("l'audition de Sylvie*, 48 ans"); with an
        # indefinite apposition, unless after a preposition ("agressée par Karine Champy,
        # une ancienne membre du FN" names someone the sentence is about)
        if k + 2 < len(doc) and doc[k].text == ",":
            a, b = doc[k + 1], doc[k + 2]
            governed = first > 0 and doc[first - 1].pos_ == "ADP"
            if a.lower_ in self.lex.indefinite and not governed or (
                    a.like_num and b.lower_ in self.lex.age_units):
                person.subject = 2
                if person.gender is None and a.lower_ in self.lex.indefinite:
                    person.gender = self.lex.determiner_gender(a.lower_)
        person.titles = self._titles_near(ent, first)
        self.people.append(person)

    def add(self, name: str, start: int, end: int, *, gender: str | None = None) -> Person:
        """Register a speaker found by the quotes stage (names spaCy did not tag PER)."""
        for p in self.people:
            if p.start == start and p.end == end:
                p.subject = 2
                if gender and not p.gender:
                    p.gender = gender
                return p
        p = Person(name=name, start=start, end=end, gender=gender, subject=2)
        self.people.append(p)
        self.people.sort(key=lambda q: q.start)
        return p

    def add_phrase(self, phrase: str, start: int, end: int, *, gender: str | None,
                   subject: int, plural: bool = False) -> None:
        """Register a noun phrase a later pronoun may stand for (a body or a person the
        article does not name: "La police a été alertée …, a-t-elle précisé")."""
        for p in self.phrases:
            if p.start == start:
                p.subject = max(p.subject, subject)
                return
        self.phrases.append(Person(name=phrase, start=start, end=end, gender=gender,
                                   subject=subject, phrase=True, plural=plural))
        self.phrases.sort(key=lambda q: q.start)

    def add_mention(self, person: Person, start: int, end: int, *, gender: str | None,
                    subject: int) -> None:
        """Another mention of `person`, by a noun phrase ("le photographe")."""
        self.people.append(Person(name=person.name, start=start, end=end,
                                  gender=gender or person.gender, subject=subject))
        self.people.sort(key=lambda q: q.start)

    def mark_speaker(self, start: int, end: int, gender: str | None = None) -> None:
        for p in self.people:
            if p.start < end and start < p.end:
                p.subject = 2
                if gender and not p.gender:
                    p.gender = gender

    def _is_subject(self, ent) -> int:
        t = ent.root
        for _ in range(3):
            if t.dep_ in ("appos", "flat:name", "flat") and t.head.i != t.i:
                t = t.head
            else:
                break
        if t.dep_.startswith("nsubj"):
            return 2 if t.head.dep_ == "ROOT" else 1
        sent = ent.sent
        lead = ent.start == sent.start or (ent.start - sent.start <= 2
                                           and all(not x.is_alpha
                                                   or x.lower_ in self.lex.determiners
                                                   or x.lower_ in self.lex.short_honorifics
                                                   for x in ent.doc[sent.start:ent.start]))
        return 2 if lead else 0

    def _gender_near(self, ent) -> str | None:
        doc = ent.doc
        # the title the parse hangs the name on: "le procureur de la République Yves X"
        head = ent.root.head
        if ent.root.dep_ in ("appos", "nmod", "flat:name") and head.pos_ == "NOUN" \
                and head.i < ent.start and ent.start - head.i <= 8 and self._person_noun(head):
            for d in head.children:
                gender = self.lex.determiner_gender(d.lower_) if d.pos_ == "DET" else None
                if gender is not None and d.i < head.i:
                    return gender
        # the title before the name: "la ministre des Armées Florence Parly"
        i = ent.start - 1
        seen_noun = None
        while i >= 0 and i >= ent.start - 6:
            t = doc[i]
            if t.is_punct or t.pos_ in ("VERB", "AUX", "PRON"):
                break
            if t.pos_ == "NOUN" and seen_noun is None and self._person_noun(t):
                seen_noun = t       # "la ministre des Armées", not "la surprise de"
            gender = self.lex.determiner_gender(t.lower_) if t.pos_ == "DET" else None
            if gender is not None:
                if seen_noun is not None or i == ent.start - 1:
                    return gender
            i -= 1
        # an apposition after it: "Médéa Azoury, une manifestante de 46 ans"
        for t in ent.root.children:
            if t.dep_ == "appos" and t.i >= ent.end and t.pos_ == "NOUN":
                dets = [c for c in t.children if c.pos_ == "DET"]
                for d in dets:
                    gender = self.lex.determiner_gender(d.lower_)
                    if gender is not None:
                        return gender
                # no determiner ("graphiste"): the model's gender of such nouns is a guess
        return None

    def _person_noun(self, t) -> bool:
        """A noun that names a person or a role ("ministre", "avocate"), whose determiner
        gives the gender of the name it introduces."""
        low = _norm(t.lower_)
        return low in self.lex.person_nouns or t.lemma_.lower() in self.lex.person_nouns \
            or low in self._role_words

    def _titles_near(self, ent, first: int) -> list[str]:
        """Titles written with the name: before it in the same phrase, or as apposition."""
        doc = ent.doc
        titles = []
        i = first - 1
        while i >= 0 and first - i <= 8:
            t = doc[i]
            if t.is_punct or t.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "CCONJ") or "\n" in t.text:
                break
            i -= 1
        if i + 1 < first:
            titles.append(doc[i + 1:first].text)
        # the comma-separated phrase just before: "le porte-parole de l'état-major, le colonel X"
        if i >= 1 and doc[i].text == "," and i + 1 == ent.start or (i >= 1 and doc[i].text == ","):
            j = i - 1
            while j >= 0 and i - j <= 10 and not doc[j].is_punct and doc[j].pos_ not in ("VERB",
                                                                                        "AUX"):
                j -= 1
            # a relative or adverb opening the phrase: "…, où le ministre de X, Y, a dit"
            while j + 1 < i and doc[j + 1].pos_ in ("PRON", "ADV", "SCONJ", "CCONJ"):
                j += 1
            seg = doc[j + 1:i]
            if len(seg) and seg[0].pos_ == "DET":
                titles.append(seg.text)
        # the apposition after it: "Frédéric Louette, président de l'association"
        k = ent.end
        while k < len(doc) and doc[k].text == ",":
            m = k + 1
            while m < len(doc) and m - k <= 12 and doc[m].text not in (",", ".", ";", ":") \
                    and doc[m].pos_ not in ("VERB", "AUX") and "\n" not in doc[m].text \
                    and doc[m].text not in ('"', "«", "»", "“", "”"):
                m += 1
            seg = doc[k + 1:m]
            if not len(seg) or not any(t.pos_ == "NOUN" for t in seg) or (
                    m < len(doc) and doc[m].pos_ in ("VERB", "AUX")):
                # "la disparition d'Estelle Mouzin, la procureure générale avait demandé":
                # a phrase running into a verb is that verb's subject, no apposition
                break
            titles.append(seg.text)
            k = m
        return titles

    # -- questions --------------------------------------------------------------------------
    def _words(self, name: str) -> list[str]:
        words = [w for w in _WORD.findall(name.lower())]
        while len(words) > 1 and words[0] in self.lex.honorifics:
            words = words[1:]
        return words

    def canonical(self, name: str, at: int | None = None) -> str:
        """The fullest form of `name` among the people the article names."""
        words = self._words(name)
        if not words:
            return name
        words = self._split_particles(words)
        best, best_key = None, None
        for p in self.people + self._other_names:
            pw = self._split_particles(p.words)
            if not pw:
                continue
            same = (pw == words or (len(words) < len(pw) and words[-1] == pw[-1]
                                    and all(w in pw for w in words))
                    or (len(words) == 1 and words[0] == pw[-1]))
            if not same:
                continue
            # the fullest; among equals the nearest before `at`
            dist = abs((at or 0) - p.start)
            key = (len(pw), -dist)
            if best_key is None or key > best_key:
                best, best_key = p, key
        if best is None:
            return self._clean(name)
        return best.name

    def _split_particles(self, words: list[str]) -> list[str]:
        """ "al-assad" -> "al", "assad": a name's last word is the one after its particle."""
        out: list[str] = []
        for w in words:
            head, _, tail = w.partition("-")
            if tail and head in self.particles:
                out.extend((head, tail))
            else:
                out.append(w)
        return out

    def _clean(self, name: str) -> str:
        words = name.split()
        while len(words) > 1 and words[0].lower() in self.lex.honorifics \
                and words[1][:1].isupper():
            words = words[1:]
        return " ".join(words)

    def person_at(self, start: int, end: int) -> Person | None:
        for p in self.people:
            if p.start < end and start < p.end:
                return p
        return None

    def _role_key(self, phrase: str) -> tuple[str | None, list[str]]:
        """The role a descriptive phrase names, and its other content words."""
        low = _norm(phrase)
        for phrase_, role, rx, count in self.lex.role_patterns:
            if phrase_ in low and rx.search(low):
                return role, self._content(low.replace(phrase_, " ", count))
        return None, []

    def _content(self, text: str) -> list[str]:
        return [w for w in _WORD.findall(text) if w not in self.lex.determiners and len(w) > 2
                and w not in self.lex.age_units]

    def link_title(self, phrase: str, at: int) -> Person | None:
        """The named person a title phrase designates ("le président russe")."""
        role, extra = self._role_key(phrase)
        if role is None:
            return None
        best, best_key = None, None
        for p in self.people:
            for title in p.titles:
                trole, textra = self._role_key(title)
                if trole != role:
                    continue
                tw = set(_WORD.findall(_norm(title))) | set(textra)
                shared = sum(1 for w in extra if w in tw)
                conflict = sum(1 for w in extra if w not in tw)
                before = p.start <= at
                key = (shared - 0.5 * conflict, before, -abs(at - p.start))
                if best_key is None or key > best_key:
                    best, best_key = p, key
        if best is None or best_key is None or best_key[0] < 0:
            return None
        return best

    def resolve_pronoun(self, pronoun: str, at: int,
                        quoted: Callable[[int], bool] | None = None) -> Person | None:
        """The last person or body before `at` that the pronoun can designate; people
        named inside quotes (`quoted`) are spoken of, not speaking, and are left out."""
        gender, plural = self.lex.pronouns.gender(pronoun)
        near = [p for p in self.phrases if 0 <= at - p.end <= PHRASE_REACH
                and p.plural == plural and not (quoted and quoted(p.start))
                and (gender is None or p.gender in (None, gender) or plural and gender == "m")]
        if plural:
            # "ils", "elles": a group named as a speaker or a subject just before
            return near[-1] if near else None
        person = self._last_person(gender, at, quoted=quoted)
        # a body or an unnamed person stands for the pronoun only close before it
        if near and (person is None or near[-1].start > person.start
                     and near[-1].subject >= person.subject):
            return near[-1]
        return person

    def last_named(self, gender: str | None, at: int) -> Person | None:
        """The last person named before `at`, of a compatible gender, who acts in the
        story: the subject or speaker of some sentence before `at` ("face à Julien Courbet"
        alone does not make him the story's "ancien ministre")."""
        acting = {p.words[-1] for p in self.people if p.end <= at and p.subject and p.words}
        return next((p for p in reversed(self.people) if p.end <= at
                     and (gender is None or p.gender in (None, gender)) and p.words
                     and p.words[-1] in acting and _NAME.match(p.name)), None)

    def other_role(self, person: Person, phrase: str) -> bool:
        """Whether the article gives `person` titles that name another role than
        `phrase` does ("le chef de la diplomatie britannique" and "le président")."""
        role = self._role_key(phrase)[0]
        roles = {self._role_key(t)[0] for t in person.titles} - {None}
        return role is not None and bool(roles) and role not in roles

    def _last_person(self, gender: str | None, at: int,
                     quoted: Callable[[int], bool] | None = None) -> Person | None:
        """The last person before `at` of a compatible gender, a subject or speaker first."""
        before = [p for p in self.people if p.end <= at and not (quoted and quoted(p.start))]
        compatible = [p for p in before if gender is None or p.gender in (None, gender)]
        main = next((p for p in reversed(compatible) if p.subject >= 2), None)
        other = next((p for p in reversed(compatible) if p.subject >= 1), None)
        if main is not None and other is not None and other.start - main.end > SUBJECT_REACH:
            return other    # a subject of the last sentences, not one paragraphs back
        if main is not None or other is not None:
            return main or other
        return compatible[-1] if compatible else None

    def resolve_anaphor(self, phrase: str, at: int) -> Person | None:
        """A demonstrative phrase ("cette femme de 47 ans") as the last compatible person."""
        lex = self.lex
        low = _norm(phrase)
        for elided in lex.elided:
            low = low.replace(elided, elided + " ")
        words = low.split()
        if not words:
            return None
        if words[0] in lex.demonstratives:
            if len(words) > 1 and words[1] in lex.unnamed:
                return None     # "souligne cette source": an unnamed source, kept as written
            return self._last_person("f" if words[0] in lex.feminine else "m", at)
        if words[0] in lex.definite or words[0] in lex.elided:
            noun = " ".join(w for w in words[1:] if w not in lex.anaphor_skip and not w.isdigit()
                            and w not in lex.age_units)
            if any(noun == a or noun.startswith(a + " ") for a in lex.anaphoric):
                fem = words[0] in lex.feminine or noun.startswith(lex.feminine_anaphoric)
                return self._last_person("f" if fem else "m", at)
        return None

    def genders(self) -> Iterable[tuple[str, str | None]]:
        return [(p.name, p.gender) for p in self.people]
