"""/api/meta: the store's counts and the vocabularies the page and the filters use: the
layers (`records.LAYERS`) and the event types (`records.EVENT_TYPE_TABLE`) with their
labels and colours, so that the page hard-codes none of them."""
from __future__ import annotations

from fastapi import APIRouter

from ... import __version__
from ...exporters import MEDIA_TYPES
from ...countries import names
from ...records import EVENT_TYPE_TABLE, EVENT_TYPES, FIGURE_CATEGORIES, LAYERS, MODALITIES
from ...store import aggregate
from ..api import DepecheRoute, ServedParam, json_response

router = APIRouter(route_class=DepecheRoute)

def vocabularies() -> dict:
    """What /api/meta says of the layers and event types (the same for every store)."""
    return {
        "layers": [{"name": layer.name, "item": layer.item, "label": layer.label,
                    "colour": layer.colour} for layer in LAYERS],
        "event_types": list(EVENT_TYPES),
        "event_type_table": [{"name": name, **EVENT_TYPE_TABLE[name]}
                             for name in EVENT_TYPES],
        "modalities": list(MODALITIES), "figure_categories": list(FIGURE_CATEGORIES),
        "export_formats": list(MEDIA_TYPES),
    }


@router.get("/api/meta", summary="The store's counts, the layers, the event types (with "
                                 "their ACLED and PLOVER labels) and the filters' vocabularies")
def meta(served: ServedParam):
    return json_response({"version": __version__, **vocabularies(),
                          "analyze": served.analyze_enabled,
                          "counts": served.store().counts()})


@router.get("/api/countries", summary="Every country: its ISO code, French and English names "
                                      "and how many events it has")
def countries(served: ServedParam):
    counts = aggregate.country_counts(served.store())
    return json_response({"countries": [
        {"code": code, "fr": fr, "en": en, "events": counts.get(code, 0)}
        for code, (fr, en) in names().items()]})
