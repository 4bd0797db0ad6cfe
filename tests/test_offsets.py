"""The promise of every record: each item points at the exact words it came from.

Runs the bundled samples and the dev articles through the whole engine and checks that
`text[start:end]` is each item's surface form, in every layer, where `text` is the text
the span's field names: the body (`field: "text"`) or the title (`field: "title"`)."""
from __future__ import annotations

import pytest

from conftest import DEV_ARTICLES, ROOT, shared_reason
from depeche.articles import read_inputs
from depeche.records import field_text

SAMPLES = ROOT / "samples"


def check(record, fields=None):
    """Every span whose words are not `field_text(article, field)[start:end]`; the fields
    seen are counted into `fields` (a dict) when given."""
    bad = []

    def span(what, m):
        text = field_text(record.article, m.field)
        if fields is not None:
            fields[m.field] = fields.get(m.field, 0) + 1
        if not (0 <= m.start <= m.end <= len(text)) or text[m.start:m.end] != m.text:
            bad.append((what, m.field, m.text, m.start, m.end, text[m.start:m.end]))

    for p in record.places:
        span("place", p)
        for m in p.mentions:
            span("place mention", m)
    for f in record.figures:
        span("figure", f)
        for m in (f.noun, f.source):
            if m is not None:
                span("figure part", m)
    for q in record.quotes:
        for m in (q.speaker_mention, q.verb, *q.parts, *q.mentions):
            if m is not None:
                span("quote part", m)
        if not q.parts:  # a quote cut by an incise joins its parts; others are one span
            span("quote", q)
    for t in record.times:
        span("time", t)
    for e in record.events:
        for m in (e.trigger, e.evidence, e.source, *e.actors, *e.targets, *e.mentions):
            if m is not None:
                span(f"event {e.type}", m)
    return bad


@pytest.mark.parametrize("source", [SAMPLES, DEV_ARTICLES], ids=["samples", "dev"])
def test_every_item_points_at_its_words(engine, source):
    if not source.exists():
        pytest.skip(shared_reason(source))
    articles = [it.article for it in read_inputs([str(source)], settings=engine.settings)]
    assert len(articles) >= 7
    n_items = 0
    fields: dict[str, int] = {}
    for record in engine.analyze_many(articles):
        assert check(record, fields) == [], record.id
        assert record.skipped == () and not any("failed" in w for w in record.warnings)
        n_items += (len(record.places) + len(record.figures) + len(record.quotes)
                    + len(record.events))
    assert n_items > 10 * len(articles)
    # the titles are analysed too: their spans point into the titles
    assert fields["title"] > len(articles) and fields["text"] > 5 * fields["title"]
