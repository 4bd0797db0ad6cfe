"""Events of a page as JSON text, from their stored JSON without decoding it.

An event's `data` column is its `to_dict()` as `common.to_json` wrote it (compact,
non-ASCII kept): the API's event is that object with its store fields (key, article,
date, title, outlet, story, merged event) added at the end, which is the stored text
with them written before its closing brace. Only some fields (`projector`): the stored
object's top-level values are read as text up to the last one asked for; a stored text
that is not compact is decoded instead. Either way the text is the one `json.dumps`
gives of the decoded event (tests/test_web_api.py compares them)."""
from __future__ import annotations

import json
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Callable, Sequence

from .common import Row


__all__ = ["event_text", "projector", "STORE_FIELDS"]

# what the reader adds to the stored event (`Reader.event_maker`), in its order
STORE_FIELDS = ("key", "article_id", "published", "title", "outlet", "story_id", "merged_id")
_scan = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
# `common.to_json`'s encoder, made once (json.dumps with options builds one per call)
to_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _store_values(r: Row) -> dict:
    return {"key": r["key"], "article_id": r["key"].split("/", 1)[0],
            "published": r["published"], "title": r["title"], "outlet": r["outlet"],
            "story_id": r["story_id"], "merged_id": r["merged_id"]}


def event_text(r: Row) -> str:
    """The JSON text of the event of a row of `reader.EVENT_SELECT`."""
    return r["data"][:-1] + "," + to_json(_store_values(r))[1:]


def _top_level(data: str, wanted: set[str]) -> dict[str, str] | None:
    """The JSON texts of the `wanted` top-level values of the compact object `data`,
    read up to the last of them; None when `data` is not compact."""
    found: dict[str, str] = {}
    i, end = 1, len(data) - 1
    while i < end and len(found) < len(wanted):
        if data[i] != '"':
            return None
        key, i = scanstring(data, i + 1)
        if data[i] != ":":
            return None
        _, j = _scan(data, i + 1)
        if key in wanted:
            found[key] = data[i + 1:j]
        if data[j] not in ",}":
            return None
        i = j + 1
    return found


# rows whose projections a `kept` dict holds (a row and its text: about 2 kB each)
KEPT_PROJECTIONS = 12_000


def projector(fields: Sequence[str], kept: dict | None = None,
              size: int = KEPT_PROJECTIONS) -> Callable[[Row], str]:
    """What makes a row the JSON text of only `fields` of its event (in that order, each
    once, null when the event has none). With `kept`, the texts already made are kept
    there (at most `size`, the oldest dropped) by the fields and the row's values, all
    of which the text is made of (the map asks for the same newest events again)."""
    make = _projector(fields)
    if kept is None:
        return make
    names = tuple(fields)

    def kept_make(r: Row) -> str:
        key = (names, tuple(r))
        text = kept.get(key)
        if text is None:
            text = kept[key] = make(r)
            if len(kept) > size:
                try:                    # another thread may drop it first
                    del kept[next(iter(kept))]
                except (KeyError, RuntimeError, StopIteration):
                    pass
        return text
    return kept_make


def _projector(fields: Sequence[str]) -> Callable[[Row], str]:
    keep = list(dict.fromkeys(fields))
    from_data = set(keep) - set(STORE_FIELDS)
    names = {k: to_json(k) for k in keep}

    def make(r: Row) -> str:
        store = _store_values(r)
        texts = _top_level(r["data"], from_data) if from_data else {}
        if texts is None:           # not compact: decoded, then written as the API does
            event = {**json.loads(r["data"]), **store}
            return to_json({k: event.get(k) for k in keep})
        return "{" + ",".join(
            names[k] + ":" + (to_json(store[k]) if k in store else texts.get(k, "null"))
            for k in keep) + "}"
    return make
