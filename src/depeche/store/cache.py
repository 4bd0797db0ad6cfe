"""Decoded event JSON, by its text, for pages of events.

Decoding is most of the time of a page of 1,000 events (the map), asked again and again
for the same newest events. About 9 MB per 1,000 events, per Store (the web server keeps
one Store per thread)."""
from __future__ import annotations

import json
from collections import OrderedDict

DECODED_EVENTS = 1500


class DecodedEvents:
    """The last `size` decoded event texts, least recently used dropped first."""

    def __init__(self, size: int = DECODED_EVENTS):
        self.size = size
        self._items: OrderedDict[str, dict] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def decode(self, data: str) -> dict:
        """A fresh dict of the event's JSON; its nested values are shared with the cache
        (the same text always decodes the same): read them, do not change them."""
        items = self._items
        d = items.get(data)
        if d is None:
            d = items[data] = json.loads(data)
            if len(items) > self.size:
                items.popitem(last=False)
        else:
            items.move_to_end(data)
        return dict(d)


class CacheSize:
    """`Store.DECODED_EVENTS`: the default size on the class, the size of this store's
    cache (`_decoded`) on an instance, which may set it."""

    def __get__(self, store, owner=None) -> int:
        return DECODED_EVENTS if store is None else store._decoded.size

    def __set__(self, store, value: int) -> None:
        store._decoded.size = value
