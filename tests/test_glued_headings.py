"""Scraped news glues a subheading to the sentence after it, with no space or stop
("Une confiance sans failleSeulement, quelques jours plus tard"). The parse splits such a
word and starts a sentence there, so the people and places after a heading are seen;
camel-case names ("JoeyStarr", "PlayStation") stay whole. And a one-word "person" the
model found that is a function word or a verb ("Seulement", "Changer") is nobody's name.
Excerpts from OrangeSum articles outside the gold sets (CC BY-SA 4.0), ids given."""
from __future__ import annotations

import pytest

from conftest import shared_reason
from test_corpus import ORANGESUM, read_orangesum


def test_a_heading_glued_to_its_sentence_is_split(nlp):
    # OrangeSum 8883
    doc = nlp("Une confiance sans failleSeulement, quelques jours plus tard, son frère est "
              "de nouveau entendu par la police.")
    words = [t.text for t in doc]
    assert words[3:5] == ["faille", "Seulement"]
    assert doc[4].is_sent_start
    # OrangeSum 19710 and a brand: camel-case names stay one word
    doc = nlp("JoeyStarr a été condamné ; la PlayStation est en vente.")
    assert {"JoeyStarr", "PlayStation"} <= {t.text for t in doc}


def test_a_verb_at_a_headings_start_is_no_person(analyze):
    # OrangeSum 1311, whole: the model takes "Changer", a subheading's first word, for a
    # person, who then spoke every quote of the section
    if not ORANGESUM.exists():
        pytest.skip(shared_reason(ORANGESUM))
    found, _ = read_orangesum({"1311"})
    a = found["1311"]
    r = analyze(a["article"], title=a["title"], published=a["date"])
    speakers = {q.text: q.speaker for q in r.quotes}
    assert "Changer" not in speakers.values()
    assert speakers["deux Blanches"] == "Assa Traoré"


def test_a_heading_glued_at_a_quote_is_split_on_the_right_side_of_it(nlp):
    # OrangeSum 12472: the heading ends with a closing
    # quote, the sentence starts after it
    doc = nlp("L'ancien ministre dénonce \"des agressions dégueulasses\".\"Tout est faux\"Vendredi "
              "15 novembre, Ségolène Royal a réagi sur Twitter à ces accusations.")
    starts = [s.text for s in doc.sents]
    assert any(s.startswith("Vendredi 15 novembre, Ségolène Royal") for s in starts)
    # OrangeSum 14370: a heading glued to an opening quote, the sentence starts at it
    doc = nlp("Ce moment-là est souvent celui qui exacerbe les violences du mari.Refus sur fond "
              "de procédure\"Vous êtes à la gendarmerie ? Vous êtes en danger\", la rassure "
              "Elena.")
    starts = [s.text for s in doc.sents]
    assert "Refus sur fond de procédure" in starts
    assert any(s.startswith("\"Vous êtes à la gendarmerie") for s in starts)
