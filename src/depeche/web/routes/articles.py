"""/api/articles/{id}: an article with its title, its text, its layers and every span they
point at. Each span says its `field`: "title" (offsets into the article's `title`) or
"text" (offsets into its `text`); the title's spans come first, then the body's, each in
text order."""
from __future__ import annotations

from fastapi import APIRouter

from ... import queries
from ...errors import NotFoundError
from ...records import LAYERS
from ..api import DepecheRoute, ServedParam, json_response

router = APIRouter(route_class=DepecheRoute)


def spans_with_fields(article: dict) -> list[dict]:
    """The spans of `article` (as `queries.article_detail` gives it), each with the field
    its offsets point into, read from the items themselves (`Layer.stored_spans`)."""
    labels = {(s["layer"], s["id"]): s["label"] for s in article["spans"]}
    spans = []
    for layer in LAYERS:
        for item in article[layer.name]:
            ident = item["key"] if layer.name == "events" else item["id"]
            for field, start, end in layer.stored_spans(item):
                spans.append({"layer": layer.item, "field": field, "start": start,
                              "end": end, "label": labels.get((layer.item, ident), ""),
                              "id": ident})
    spans.sort(key=lambda s: (s["field"] != "title", s["start"], -s["end"]))
    return spans


@router.get("/api/articles/{article_id}", summary="An article: record, title, text and spans")
def one_article(served: ServedParam, article_id: str):
    a = queries.article_detail(served.store(), article_id)
    if a is None:
        raise NotFoundError(f"no article {article_id!r} in this store")
    return json_response({**a, "spans": spans_with_fields(a)})
