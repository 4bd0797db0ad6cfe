"""events: typed, placed, dated events with modality, arguments, figures and evidence.

For each sentence of the parse, trigger words of the lexicon `event_triggers` (verbs,
nouns, multiword expressions, kept as data) propose event types; a trigger that needs
context ("explosion" is a bombing only near "attentat", "bombe"...) is kept only when the
sentence gives it, and a word that could start several types goes to the first type of
`[resolve] order` (`triggers`). Each trigger then gets from the dependency parse:

- its modality (`modality`, cues of `modality.toml`): negation, "pourrait", "appelle à",
  "ont prévu de", future tense..., looked up on the trigger and the words governing it;
- actors (subject, passive agent, "par X") and targets (object, passive subject, "de X"),
  and the source ("selon l'Unicef") (`arguments`);
- the place (`places`): the clause's toponym (a place of the `places` layer mentioned in
  the sentence, nearest the trigger, the most precise first), else the article's main
  place;
- the date (`dates`): the clause's time expression (`times` layer), else, for an asserted
  event told in the present or the passé composé, the day before publication to
  publication;
- the figures of the same sentence.

Sentences are those of the parse, cut again where scraped text glued two of them
("l'ONU.Une décision"); a glued subheading ("État d'urgence") reads no event (`context`,
`generic`). Words of everyday French make an event only about the right thing
(`arguments` of the lexicon: "signer un accord", not "un arrêté signé"). Places of
persons, bodies or clocks ("l'ambassadeur de France", "21h heure de Paris"), the subject
of the event verb ("Paris a déployé") and destinations are not where it happened.

Mentions of one event (same type and modality, compatible place and date) are merged
into one event that keeps every evidence span (`merge`). Generic mentions ("la lutte
contre les attentats", "impliqués dans des attaques") are not events (`generic`).
"""
from __future__ import annotations

from .lexicon import ModalityCues, TriggerLexicon, TypeTriggers
from .stage import EventsStage

__all__ = ["EventsStage", "TriggerLexicon", "ModalityCues", "TypeTriggers"]
