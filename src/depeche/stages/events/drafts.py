"""One trigger -> its drafts: one mention of an event, before merging, with its
modality, place, date, arguments, figures, source and evidence."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ...records import DateInterval, Event, Figure, Mention, Place, Provenance, Time
from .arguments import arguments_of, source_of
from .context import ArticleContext, Sentence, sentence_mention
from .dates import date_of, time_of
from .lexicon import norm
from .modality import announced, modality_of, reported, told_past, unintended
from .places import places_of
from .syntax import NOUNS, clause_of, head_of, mention_of, token_at
from .triggers import Candidate

__all__ = ["Draft", "drafts_of", "event_of"]


@dataclass
class Draft:
    type: str
    modality: str
    trigger: Mention
    evidence: Mention
    rules: list[str]
    place: Place | None = None
    place_explicit: bool = False
    place_source: bool = False      # only a place in the source: "selon le parquet de X"
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
    weak: bool = False          # "tuées", "les victimes": the toll of an event told elsewhere
    date_own: bool = False      # the date is the trigger's own, not its governing verb's
    indefinite: bool = False    # "un meurtre", "une attaque": a new one, not a recall
    headline: bool = False      # told in the article's title (its first sentence)
    restated: bool = False      # a headline event the body has told again
    named: bool = False         # its sentence names a person (who may be another one's)
    newcomers: bool = False     # "des inconnus ont poignardé un passant": new participants
    scene: frozenset[str] = frozenset()  # types of the event whose scene its clause names
    verbal: bool = False        # told with a verb ("des manifestants brisent"), not a noun


def drafts_of(ctx: ArticleContext, sent: Sentence, cand: Candidate) -> list[Draft]:
    """The drafts of one trigger: one per place when the clause lists several
    ("à Lyon, Lille et Marseille")."""
    tokens, etype = cand.tokens, cand.type
    head = head_of(tokens)
    modality, mrule = modality_of(ctx.modality, head, sent, tokens)
    rules = [cand.rule, mrule]
    anaphoric, indefinite = _articles(head)
    changed = unintended(ctx.modality, etype, modality) or \
        reported(ctx.modality, etype, modality, mrule, anaphoric)
    if changed is not None:
        modality = changed.value
        rules.append(changed.rule)
    clause = clause_of(head)
    clause_ids = {t.i for t in clause.subtree}
    time = time_of(ctx, sent, head, clause_ids)
    interval = date_of(ctx, time, modality, etype, clause, head)
    if interval is not None:
        rules.append(interval.rule)
        if modality == "asserted" and ctx.published is not None and \
                interval.value is not None and interval.value.start > ctx.published and \
                not told_past(ctx.modality, head, ctx.lexicon.ahead_endings):
            # "nouvelle journée de grèves le 16 janvier" (an article of 12 January), "il
            # organiserait, au cours de la deuxième semaine d'octobre, une conférence":
            # what is dated after the article and not told in the past is announced
            verdict = announced(ctx.modality, head)
            modality = verdict.value
            rules.append(verdict.rule)
    actors, targets = arguments_of(ctx.lexicon.arguments, head)
    figs = [f for f in ctx.figures if sent.start_char <= f.start and f.end <= sent.end_char]
    source = source_of(ctx, sent, head)
    evidence = sentence_mention(ctx.doc, sent)
    distinct = any(c.dep_ in ("amod", "det") and norm(c.lemma_) in ctx.lexicon.distinct_modifiers
                   for c in head.children)
    if distinct:
        rules.append("merge.distinct")
    # "interpellés samedi à la suite de l'attaque": "samedi" dates the arrests
    # ("le dernier tir remonte à début mai": the subject's clause dates it; so does a
    # list of events: "l'explosion de la rue de Trévise, l'incendie de Notre-Dame")
    date_own = time is not None and (
        head.i == clause.i or (head.head.i == clause.i and head.dep_.startswith("nsubj")
                               and _main_clause_time(ctx, time, clause))
        or head.dep_ == "conj" or any(c.dep_ == "conj" for c in head.children)
        or any(t.idx <= time.start < t.idx + len(t.text) for t in head.subtree))
    return [Draft(type=etype, modality=modality, trigger=mention_of(ctx.doc, tokens),
                  evidence=evidence,
                  rules=rules + [place.rule], place=place.value,
                  place_explicit=place.rule in ("place.sentence", "place.source"),
                  place_source=place.rule == "place.source",
                  date=interval.value if interval is not None else None, time=time,
                  date_explicit=time is not None, actors=list(actors), targets=list(targets),
                  figures=list(figs), source=source, mentions=[evidence], distinct=distinct,
                  word=norm(head.lemma_), anaphoric=anaphoric, weak=cand.weak,
                  date_own=date_own, indefinite=indefinite,
                  named=any(t.ent_type_ == "PER" for t in sent), scene=_scene(ctx, clause, head),
                  newcomers=_newcomers(head), verbal=head.pos_ not in NOUNS)
            for place in places_of(ctx, sent, head, clause_ids)]


def _articles(head: Token) -> tuple[bool, bool]:
    """Whether a trigger noun has a definite or demonstrative article ("cette attaque",
    "l'accord": it may recall an earlier one), and whether an indefinite singular one ("un
    meurtre": a new one)."""
    if head.pos_ not in NOUNS:
        return False, False
    dets = [c for c in head.children if c.dep_ == "det"]
    return (any("Def" in c.morph.get("Definite") or "Dem" in c.morph.get("PronType")
                for c in dets),
            any("Ind" in c.morph.get("Definite") and "Sing" in c.morph.get("Number")
                for c in dets))


def _scene(ctx: ArticleContext, clause: Token, head: Token) -> frozenset[str]:
    """The types of the event whose scene the trigger's clause names ("dépêchés sur le
    lieu de la fusillade", "arrivés sur les lieux de l'accident"): that event's place is
    this one's when it names none of its own."""
    lex = ctx.lexicon
    nouns = lex.word_types["nouns"]
    for t in clause.subtree:
        if t.i == head.i or norm(t.lemma_) not in lex.places.scene_nouns:
            continue
        for c in t.children:
            if c.dep_ == "nmod" and norm(c.lemma_) in nouns:
                return nouns[norm(c.lemma_)]
    return frozenset()


def _newcomers(head: Token) -> bool:
    """Whether the trigger's subject, object or agent comes with an indefinite article:
    people not told of before ("des inconnus ont poignardé un passant")."""
    return any(c.dep_ in ("nsubj", "nsubj:pass", "obj", "obl:agent") and any(
        d.dep_ == "det" and "Ind" in d.morph.get("Definite") for d in c.children)
        for c in head.children)


def _main_clause_time(ctx: ArticleContext, time: Time, clause: Token) -> bool:
    """Whether a time belongs to the clause itself, not to a clause inside it ("qui a
    déposé plainte jeudi")."""
    tok = token_at(ctx.doc, time.start, time.end)
    if tok is None:
        return False
    for t in (tok, *tok.ancestors):
        if t.i == clause.i:
            return True
        if t.dep_ in ("acl:relcl", "acl", "advcl", "ccomp", "conj", "parataxis"):
            return False
    return False


def event_of(ctx: ArticleContext, d: Draft, label: str) -> Event:
    tt = ctx.lexicon.types[d.type]
    return Event(type=d.type, modality=d.modality, trigger=d.trigger, evidence=d.evidence,
                 provenance=Provenance(stage=label, rule=d.rules[0]),
                 place=d.place, date=d.date, time=d.time, actors=tuple(d.actors),
                 targets=tuple(d.targets), figures=tuple(d.figures), source=d.source,
                 mentions=tuple(d.mentions), rules=tuple(d.rules), acled=tt.acled,
                 plover=tt.plover)
