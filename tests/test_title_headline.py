"""The headline is part of the article: the title is analysed with the body, each span
says its field ("title": offsets into the title; "text": into the body, as always), a
fact stated in both is one item, a span that would straddle the two is dropped.

Sentences from OrangeSum articles (CC BY-SA 4.0) that are in no gold set."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from depeche.fiche import render_fiche
from depeche.headline import SEPARATOR, fold_title_quotes, join
from depeche.records import (Article, DateInterval, Event, Figure, Mention, Place, Provenance,
                             Quote, Record, Time, field_text, spans_of)

PROV = Provenance("test@1", "by-hand")

# OrangeSum os-17345: the toll is only in the headline
BARCELONE_TITLE = "Barcelone: Au moins 20 blessés dans un accident de train"
BARCELONE = ("Parmi les blessés figurent un Français et un Roumain, tous les autres étant "
             "espagnols, a déclaré à l'AFP un porte-parole de la protection civile. L'accident "
             "s'est produit dans la gare de France en plein centre historique de Barcelone, la "
             "deuxième ville d'Espagne, lorsque le train régional de la compagnie Rodalies a "
             "heurté l'extrémité de la voie, à 7h15 (5h15 GMT).")
# OrangeSum os-20914: the headline quotes what the body quotes again
GENES_TITLE = ('Viaduc de Gênes : "Aucune victime française n\'a été identifiée", affirme '
               'Jean-Yves Le Drian')
GENES = ("Si les autorités italiennes font état d'une trentaine de morts après l'effondrement "
         "d'un viaduc à Gênes (Italie), mardi 14 août, \"aucune victime française n'a été "
         "identifiée\", a affirmé Jean-Yves Le Drian, le ministre de l'Europe et des Affaires "
         "étrangères, sur Franceinfo.")
# OrangeSum os-11323: the city is only in the headline
LONDRES_TITLE = ("Incendie de Londres : les derniers mots d'un couple d'Italiens avant de "
                 "mourir")
LONDRES = ("Gloria Trevisan et Marco Gottardi, un couple d'architectes italiens originaires de "
           "Vénétie, étaient présents dans la Grenfell Tower, dans le quartier de Kensington, "
           "lorsque l'incendie s'est déclenché dans l'immeuble mercredi dernier.")


def words(record, m) -> str:
    return field_text(record.article, m.field)[m.start:m.end]


def test_the_stages_read_the_title_as_the_first_sentence():
    article = Article(text=BARCELONE, id="x", title=BARCELONE_TITLE)
    joined = join(article)
    assert joined.article.text == BARCELONE_TITLE + SEPARATOR + BARCELONE
    assert joined.article.title == BARCELONE_TITLE and joined.original is article
    assert joined.locate(0, 9) == ("title", 0, 9)
    body = len(BARCELONE_TITLE) + len(SEPARATOR)
    assert joined.locate(body, body + 5) == ("text", 0, 5)
    assert joined.locate(body - 4, body + 5) is None               # straddles: dropped
    for title in (None, "", "  \n"):                               # no words: no title
        bare = Article(text=BARCELONE, id="x", title=title)
        assert join(bare).article is bare and not join(bare).has_title


def test_a_toll_and_a_place_stated_only_in_the_headline_are_in_the_record(engine):
    record = engine.analyze(BARCELONE, title=BARCELONE_TITLE, published="2017-07-28")
    assert record.article.text == BARCELONE and record.article.title == BARCELONE_TITLE
    (injured,) = [f for f in record.figures if f.category == "injured"]
    assert (injured.value, injured.field, injured.text) == (20, "title", "Au moins 20 blessés")
    assert BARCELONE_TITLE[injured.start:injured.end] == injured.text
    assert injured.noun is not None and injured.noun.field == "title"
    # Barcelone, named in the title and in the body, is one place with both mentions
    (barcelona,) = [p for p in record.places if p.name == "Barcelona"]
    assert [m.field for m in barcelona.mentions] == ["title", "text"]
    assert (barcelona.field, barcelona.start) == ("title", 0)
    # the accident, told in both, is one event told first in the title
    (accident,) = [e for e in record.events if e.type == "accident"]
    assert accident.trigger.field == "title" and accident.field == "title"
    assert "text" in {m.field for m in accident.mentions}
    assert injured in accident.figures
    for _, field, start, end in spans_of(record):
        assert 0 <= start < end <= len(field_text(record.article, field))


def test_a_city_named_only_in_the_headline_is_a_place(engine):
    record = engine.analyze(LONDRES, title=LONDRES_TITLE, published="2017-06-17")
    (london,) = [p for p in record.places if p.name == "London"]
    assert [(m.field, m.text) for m in london.mentions] == [("title", "Londres")]
    without = engine.analyze(LONDRES, published="2017-06-17")
    assert "London" not in {p.name for p in without.places}


def test_a_headline_quote_the_body_repeats_is_one_quote(engine):
    record = engine.analyze(GENES, title=GENES_TITLE, published="2018-08-14")
    said = [q for q in record.quotes if "victime française" in q.text]
    assert len(said) == 1
    (quote,) = said
    assert quote.field == "text" and quote.speaker == "Jean-Yves Le Drian"
    (in_title,) = [m for m in quote.mentions if m.field == "title"]
    assert GENES_TITLE[in_title.start:in_title.end] == "Aucune victime française n'a été identifiée"
    assert all(words(record, m) == m.text for m in quote.mentions)


def test_a_short_quote_of_the_headline_is_a_label_not_a_quote(engine):
    # OrangeSum os-22887: "héros français" names the pilot; it is not a statement
    title = ('Pilote tué dans le Gard : ému aux larmes, Christophe Castaner salue le "héros '
             'français" Franck Chesneau')
    text = ("Christophe Castaner a rendu un hommage lourd d'émotion à Franck Chesneau, mort "
            "vendredi 2 août dans le crash de son tracker, en intervention sur l'incendie.")
    record = engine.analyze(text, title=title, published="2019-08-06")
    assert not [q for q in record.quotes if q.field == "title"]
    assert "Gard" in {p.name for p in record.places}


def test_without_a_title_the_record_is_the_record_of_the_body_alone(engine):
    titled = engine.analyze(BARCELONE, title=BARCELONE_TITLE, published="2017-07-28")
    bare = engine.analyze(BARCELONE, published="2017-07-28")
    assert {field for _, field, _, _ in spans_of(bare)} == {"text"}
    assert all(m.field == "text" for p in bare.places for m in p.mentions)
    # the body's items of the titled record keep the body's offsets and ids
    body_ids = {t.id for t in titled.times if t.field == "text"}
    assert body_ids and body_ids <= {t.id for t in bare.times}
    d = bare.to_dict()
    assert all(item["field"] == "text" for layer in ("places", "figures", "quotes", "times")
               for item in d[layer])


def test_ids_say_the_field_only_for_title_items():
    fig = Figure("20 blessés", 11, 21, 20, "injured", PROV)
    assert fig.id == Figure("20 blessés", 11, 21, 20, "injured", PROV, field="text").id
    in_title = Figure("20 blessés", 11, 21, 20, "injured", PROV, field="title")
    assert in_title.id != fig.id
    t = Time("mardi", 3, 8, "2018-08-14", "DATE", PROV)
    assert t.id != Time("mardi", 3, 8, "2018-08-14", "DATE", PROV, field="title").id
    q = Quote("Aucune victime", 0, 14, PROV)
    assert q.id != Quote("Aucune victime", 0, 14, PROV, field="title").id
    m = Mention("accident", 40, 48)
    ev = Event("accident", "asserted", m, m, PROV)
    mt = Mention("accident", 40, 48, "title")
    assert Event("accident", "asserted", mt, mt, PROV).id != ev.id
    # a place is the same place wherever it is named
    p = Place("Gênes", 0, 5, "Genoa", "city", "IT", 44.4, 8.9, PROV)
    assert replace(p, field="title", id="").id == p.id
    with pytest.raises(ValueError, match="unknown field 'headline'"):
        Mention("x", 0, 1, "headline")


def straddling_record() -> tuple[Record, int]:
    """A record of the joined text of os-17345 with spans inside the title, inside the
    body and across the blank line between them (as a stage could give)."""
    joined = join(Article(text=BARCELONE, id="x", title=BARCELONE_TITLE)).article.text
    body = len(BARCELONE_TITLE) + len(SEPARATOR)

    def m(s: str, start: int = 0) -> Mention:
        i = joined.index(s, start)
        return Mention(s, i, i + len(s))

    across = m("train" + SEPARATOR + "Parmi")
    title_fig, body_noun = m("Au moins 20 blessés"), m("blessés", body)
    figs = (Figure(title_fig.text, title_fig.start, title_fig.end, 20, "injured", PROV,
                   noun=m("blessés"), source=across),
            Figure(across.text, across.start, across.end, 1, "other", PROV),
            Figure(body_noun.text, body_noun.start, body_noun.end, 2, "injured", PROV))
    city = m("Barcelone", body)
    place = Place("Barcelone", 0, 9, "Barcelona", "city", "ES", 41.4, 2.2, PROV,
                  mentions=(Mention("Barcelone", 0, 9), city))
    lost = Place(across.text, across.start, across.end, "Nowhere", "city", None, 0, 0, PROV,
                 mentions=(across,))
    accident = m("accident")
    events = (Event("accident", "asserted", accident, m(BARCELONE_TITLE), PROV, place=place,
                    figures=figs, actors=(across,)),
              Event("accident", "asserted", m("accident", body), across, PROV))
    times = (Time(across.text, across.start, across.end, "2017-07-28", "DATE", PROV,
                  interval=DateInterval(date(2017, 7, 28), date(2017, 7, 28))),)
    return Record(article=Article(text=joined, id="x", title=BARCELONE_TITLE),
                  places=(place, lost), figures=figs, events=events, times=times), body


def test_a_span_across_the_title_and_the_body_is_dropped():
    record, body = straddling_record()
    article = Article(text=BARCELONE, id="x", title=BARCELONE_TITLE)
    out = join(article).restore(record)
    assert out.article is article
    # the figure across the two is dropped; the title's loses its straddling source
    assert [(f.field, f.text) for f in out.figures] == [("title", "Au moins 20 blessés"),
                                                       ("text", "blessés")]
    assert out.figures[0].source is None and out.figures[0].noun.field == "title"
    assert out.figures[1].start == record.figures[2].start - body
    # a place keeps its other mentions; a place with no other mention is dropped
    assert [p.name for p in out.places] == ["Barcelona"]
    assert [m.field for m in out.places[0].mentions] == ["title", "text"]
    # an event whose evidence straddles is dropped; the other loses its actor
    (event,) = out.events
    assert event.actors == () and [f.text for f in event.figures] == [f.text for f in out.figures]
    assert out.times == ()
    for _, field, start, end in spans_of(out):
        assert 0 <= start < end <= len(field_text(article, field))


def test_a_title_quote_folds_into_the_body_quote_holding_its_words():
    title = Quote("Aucune victime française n'a été identifiée", 19, 63, PROV, field="title")
    body = Quote("À cette heure, aucune victime française n'a été identifiée, mais les "
                 "opérations de secours sont toujours en cours", 400, 512, PROV)
    other = Quote("héros français", 70, 84, PROV, field="title")
    (kept, short) = fold_title_quotes((title, body, other))
    assert kept.id == body.id and [m.field for m in kept.mentions] == ["title"]
    assert short is other                      # too short to look for (and not repeated)


def test_fields_go_through_json_and_back():
    record, _ = straddling_record()
    out = join(Article(text=BARCELONE, id="x", title=BARCELONE_TITLE)).restore(record)
    d = json.loads(out.to_json(with_text=True))
    assert d["figures"][0]["field"] == "title" and d["figures"][0]["noun"]["field"] == "title"
    assert [m["field"] for m in d["places"][0]["mentions"]] == ["title", "text"]
    assert d["events"][0]["trigger"]["field"] == "title"
    assert Record.from_dict(d).to_dict(with_text=True) == d
    # a record written before spans had fields reads as all in the body
    for f in d["figures"]:
        del f["field"]
    assert {f.field for f in Record.from_dict(d).figures} == {"text"}


def test_the_fiche_marks_what_the_headline_states(engine):
    record = engine.analyze(BARCELONE, title=BARCELONE_TITLE, published="2017-07-28")
    fiche = render_fiche(record)
    assert "'Au moins 20 blessés'" in fiche
    line = next(x for x in fiche.splitlines() if "injured" in x and "20 blessés" in x)
    assert line.endswith("[title]")
    line = next(x for x in fiche.splitlines() if "→ Barcelona" in x)
    assert line.endswith("[title+text]")
