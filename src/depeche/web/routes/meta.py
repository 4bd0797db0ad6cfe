"""/api/meta: the store's counts and the vocabularies the page and the filters use: the
layers (`records.LAYERS`) and the event types (`records.EVENT_TYPE_TABLE`) with their
labels and colours, so that the page hard-codes none of them."""
from __future__ import annotations

from fastapi import APIRouter

from ... import __version__
from ...exporters import MEDIA_TYPES
from ...records import EVENT_TYPE_TABLE, EVENT_TYPES, FIGURE_CATEGORIES, LAYERS, MODALITIES
from ..api import DepecheRoute, ServedParam, json_response

router = APIRouter(route_class=DepecheRoute)

# The page's colour of each event type (markers, badges, timeline bars).
TYPE_COLOURS = {
    "armed_clash": "#b2182b", "territory_change": "#d6604d", "air_strike": "#e7298a",
    "shelling": "#f46d43", "bombing": "#a50026", "attack": "#e41a1c", "abduction": "#7b3294",
    "arrest": "#984ea3", "coercion": "#c2a5cf", "protest": "#ff9f00", "riot": "#d95f02",
    "agreement": "#1b9e77", "negotiation": "#66c2a5", "evacuation": "#2166ac",
    "displacement": "#4393c3", "deployment": "#6b6b47", "aid": "#00a6a6",
    "disaster": "#313695", "accident": "#8c510a",
}
OTHER_COLOUR = "#555555"


def vocabularies() -> dict:
    """What /api/meta says of the layers and event types (the same for every store)."""
    return {
        "layers": [{"name": layer.name, "item": layer.item, "label": layer.label,
                    "colour": layer.colour} for layer in LAYERS],
        "event_types": list(EVENT_TYPES),
        "event_type_table": [{"name": name, **EVENT_TYPE_TABLE[name],
                              "colour": TYPE_COLOURS.get(name, OTHER_COLOUR)}
                             for name in EVENT_TYPES],
        "modalities": list(MODALITIES), "figure_categories": list(FIGURE_CATEGORIES),
        "export_formats": list(MEDIA_TYPES),
    }


@router.get("/api/meta", summary="The store's counts, the layers, the event types (with "
                                 "their ACLED and PLOVER labels) and the filters' vocabularies")
def meta(served: ServedParam):
    return json_response({"version": __version__, **vocabularies(),
                          "counts": served.store().counts()})
