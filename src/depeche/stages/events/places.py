"""Where an event happened: the clause's toponym (a place of the `places` layer
mentioned in the sentence, in the trigger's clause and its own words first ("un meurtre à
Marseille et une attaque à Lille"), the most precise first — a town
before its province, a province before its country —, then nearest), and the places
coordinated with it; else the article's main place."""
from __future__ import annotations

from typing import Any, Sequence

from spacy.tokens import Token

from ...records import Place
from ..base import Verdict
from .context import ArticleContext, Sentence
from .lexicon import PlaceWords, norm
from .syntax import VERBS, case_words, clause_of, token_at

__all__ = ["places_of", "not_where", "aside", "on_scene"]


def _start(ctx: ArticleContext, sent: Sentence) -> int:
    """Where the sentence's places start: a short verbless fragment just before it ("A
    Kenosha," parsed as a fragment of its own) counts as its start."""
    before = ctx.before(sent)
    if before is not None:
        if before[-1].text in (",", ":") or (
                len(before) <= 6 and not any(t.pos_ in VERBS for t in before)
                and "\n" not in ctx.text[before.end_char - 1:sent.start_char + 1]):
            return before.start_char
    return sent.start_char


def places_of(ctx: ArticleContext, sent: Sentence, head: Token,
              clause_ids: set[int]) -> list[Verdict[Place | None]]:
    """The places of the trigger's clause: the best mention, and the places
    coordinated with it ("à Lyon, Lille et Marseille"), or, for a plural trigger, every
    place of its clause, each with rule "place.sentence".
    Destinations ("vers X") and places inside the source ("selon le Milwaukee Journal")
    come last; a place in the source alone gives "place.source". With none, the article's
    main place ("place.article") or none ("place.none")."""
    words = ctx.lexicon.places
    options = []
    by_token: dict[int, Place] = {}
    lo, doc = _start(ctx, sent), ctx.doc
    own = {t.i for t in head.subtree}     # "une attaque au couteau à Lille"
    for p in ctx.places:
        for m in (p.mentions or (p,)):
            if lo <= m.start and m.end <= sent.end_char:
                tok = token_at(doc, m.start, m.end)
                if tok is None or not_where(words, tok, head) or (
                        p.kind == "country" and _recipient(words, tok, head)):
                    continue
                by_token.setdefault(tok.i, p)
                away = aside(words, tok)
                if away == 2:
                    continue
                options.append(((away, tok.i not in clause_ids, tok.i not in own,
                                 p.kind == "country", p.kind in ("admin", "region"),
                                 abs(tok.i - head.i)), p, tok))
    if not options:
        if ctx.main_place is not None:
            return [Verdict(ctx.main_place, "place.article")]
        return [Verdict(None, "place.none")]
    options.sort(key=lambda o: o[0])
    key, best, tok = options[0]
    if key[0] == 1:
        # only a place in the source ("selon le procureur de Paris"): kept as a last
        # resort, but it does not tell this event from one told elsewhere
        return [Verdict(best, "place.source")]
    out: list[Verdict[Place | None]] = [Verdict(best, "place.sentence")]
    seen = {best.id}
    group = _coordinated(tok, by_token)
    if head.pos_ == "NOUN" and "Plur" in head.morph.get("Number"):
        # "les manifestations avaient gagné de nombreuses villes, de Détroit à Atlanta
        # en passant par New York": a plural tells one event in each place of its clause
        group |= {o[2].i for o in options if o[2].i in clause_ids and o[0][0] == 0}
    for i in sorted(group):
        p = by_token[i]
        if p.id not in seen and p.kind == best.kind:
            seen.add(p.id)
            out.append(Verdict(p, "place.sentence"))
    return out


def _coordinated(tok: Token, by_token: dict[int, Place]) -> set[int]:
    """The tokens of places in coordination with `tok` (itself included)."""
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
    return group


def not_where(words: PlaceWords, tok: Token, head: Token) -> bool:
    """A place named for someone or something, not where the event happened: the
    subject of the event verb ("Paris a déployé des renforts", "Washington et les
    rebelles se sont mis d'accord") or the complement of a person or institution
    noun ("l'ambassadeur de France", "l'université du Colorado", "21h heure de
    Paris")."""
    t = tok
    while t.dep_ == "conj" and t.head is not t:
        t = t.head
    clause = clause_of(head)
    if t.dep_ == "nsubj" and t.head.i == clause.i and clause.pos_ in VERBS:
        return True
    for _ in range(2):
        if t.dep_ not in ("nmod", "amod", "appos", "flat:name") or t.head is t:
            return False
        t = t.head
        if norm(t.lemma_) in words.not_where or norm(t.text) in words.not_where:
            return True
    return False


def _recipient(words: PlaceWords, tok: Token, head: Token) -> bool:
    """A country after a bare "à" given to another verb is a party, not where the
    event happened ("le quotidien a attribué à la France la propriété de missiles
    découverts sur une base reprise"): one is "en France", "au Mali" there."""
    verb = tok.head
    return verb.i != tok.i and verb.pos_ in VERBS and verb.i != clause_of(head).i \
        and tok.dep_ in ("iobj", "obl:arg", "obl", "obl:mod") \
        and bool(case_words(tok) & words.recipient_cases)


def aside(words: PlaceWords, tok: Token) -> int:
    """1 for a place named in a source ("selon le parquet de Paris", "..., a indiqué le
    maire de Saint-Varent": a last resort),
    2 for a destination or an origin ("évacuée vers un hôpital de Milwaukee"): not
    where it happened; 0 otherwise."""
    chain = [tok] + list(tok.ancestors)[:3]
    for k, t in enumerate(chain):
        cases = case_words(t)
        if cases & words.source_cases:
            return 1
        if _reporter(words, t):
            return 1    # "..., a précisé le parquet de Niort": who tells it
        if cases & words.away_cases:
            # "vers la ville d'Idleb" is where they go; "vers un hôpital de Milwaukee"
            # is not where it happened
            return 2 if k > 0 and norm(t.lemma_) not in words.place_nouns else 0
    return 0


def _reporter(words: PlaceWords, t: Token) -> bool:
    """Whether `t` is who reports the news after its verb ("..., a précisé le parquet de
    Niort", "..., a indiqué à l'AFP la procureure de Niort", which the parser may take for
    an object of the verb in such an incise)."""
    verb = t.head
    if verb.i == t.i or t.i < verb.i or norm(verb.lemma_) not in words.source_verbs:
        return False
    if t.dep_ == "nsubj":
        return True
    first = min([verb] + [c for c in verb.children if c.dep_.startswith("aux")],
                key=lambda x: x.i)
    return t.dep_ == "obj" and first.i > 0 and first.nbor(-1).text == ","


def on_scene(drafts: Sequence[Any]) -> None:
    """A draft with no place of its own whose clause names the scene of an event told
    before ("des gendarmes ont été dépêchés sur le lieu de la fusillade") takes that
    event's place, the finest it was told with (rule "place.scene")."""
    for k, d in enumerate(drafts):
        if not d.scene or d.place_explicit:
            continue
        told = [e for e in reversed(drafts[:k]) if e.type in d.scene and e.place_explicit
                and not e.place_source and e.place is not None]
        if not told:
            continue
        # the town or the site where it was told, before its province
        best = min(told, key=lambda e: e.place.kind not in ("city", "feature"))
        d.place = best.place
        d.rules = [r if r != "place.article" else "place.scene" for r in d.rules]
