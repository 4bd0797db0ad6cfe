"""The typed records: the one vocabulary shared by stages, store, CLI and API.

Every extracted item keeps `start`/`end` character offsets and a `field` saying which
text they point into: `"text"`, the article body (`Article.text[start:end]` is its
surface form, as it always was), or `"title"`, the headline (`Article.title[start:end]`).
Every span-carrying object has its own field: a `Mention` (actors, targets, triggers,
evidence, speakers, nouns, sources, place mentions, quote parts), a `Place` (the field of
its first mention), a `Figure`, a `Quote`, a `Time`. `field_text(article, field)` gives
the text a field names. Items also carry a `Provenance` saying which stage (and
version) and which rule produced them. Records are frozen dataclasses; `to_dict()` gives
the JSON shape of `GUIDELINES.md` plus our own keys.

The title and the body are analysed as one text (`headline.py`): the stages read the
title, a blank line, then the body, so the title is the first sentence; at the end of
the pipeline every span is mapped back to its field, and a span that would straddle the
two is dropped. One fact stated in the title and the body is one item whose mentions
are in both (a place, an event, a figure repeated for the same fact).

Ids are content hashes (`content_id`): the same input gives the same ids everywhere. An
item in the body has the id it always had; the field enters an id only for an item in
the title (`_where`), so a title item never takes a body item's id.
"""
from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, fields, replace
from datetime import date
from importlib import resources
from typing import Any, NamedTuple

__all__ = [
    "FIELDS", "field_text", "Span", "Provenance", "Mention", "Article", "Place", "Figure",
    "Quote", "Time", "DateInterval",
    "Event", "Record", "content_id", "FIGURE_CATEGORIES", "PLACE_KINDS", "EVENT_TYPES",
    "MODALITIES", "TIME_TYPES", "EVENT_TYPE_TABLE", "Layer", "LAYERS", "LAYER_FIELDS",
    "LAYER_BY_NAME", "spans_of",
]

PLACE_KINDS = ("country", "admin", "city", "feature", "region")
FIGURE_CATEGORIES = ("killed", "injured", "missing", "evacuated", "displaced", "arrested",
                     "kidnapped", "released", "participants", "forces", "affected", "damaged",
                     "other")
# The event types with their ACLED and PLOVER labels: language-neutral data, one file.
def _event_type_table() -> dict[str, dict[str, Any]]:
    from .lexicons import Table, validate
    data = tomllib.loads(resources.files("depeche").joinpath("data/event_types.toml")
                         .read_text(encoding="utf-8"))
    validate(data, {"types": Table({"label": str, "acled": [str], "plover": str,
                                    "colour": str})})
    return data["types"]


EVENT_TYPE_TABLE: dict[str, dict[str, Any]] = _event_type_table()
EVENT_TYPES: tuple[str, ...] = tuple(EVENT_TYPE_TABLE)
MODALITIES = ("asserted", "planned", "proposed", "hypothetical", "negated")
TIME_TYPES = ("DATE", "TIME", "DURATION", "SET")
# Where a span's offsets point: the article body ("text") or its headline ("title").
FIELDS = ("text", "title")


def field_text(article: "Article", field: str) -> str:
    """The text a span's `field` points into: the article's body or its title."""
    if field not in FIELDS:
        raise ValueError(f"unknown field {field!r}; known: {', '.join(FIELDS)}")
    return article.text if field == "text" else (article.title or "")


def _check_field(field: str) -> None:
    if field not in FIELDS:
        raise ValueError(f"unknown field {field!r}; known: {', '.join(FIELDS)}")


def _where(field: str) -> tuple[str, ...]:
    """The part of an item's content id that says its field: nothing for the body (so a
    body item keeps the id it always had), the field's name for the title."""
    return () if field == "text" else (field,)


# what json.dumps(part, ensure_ascii=False, sort_keys=True, default=str) builds anew on
# each call (an encoder holds no state between calls)
_ID_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


def content_id(prefix: str, *parts: Any) -> str:
    """A stable id: `prefix` + the first 16 hex digits of the SHA-256 of the parts."""
    h = hashlib.sha256()
    for part in parts:
        h.update(_ID_JSON.encode(part).encode("utf-8"))
        h.update(b"\x1f")
    return f"{prefix}-{h.hexdigest()[:16]}"


def _plain(value: Any) -> Any:
    """Dataclasses, tuples and dates as JSON-ready values."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def _date(value: str | None) -> date | None:
    """An ISO date back from `to_dict()`."""
    return date.fromisoformat(value) if value else None


def _mention(d: dict | None) -> "Mention | None":
    return Mention.from_dict(d) if d else None


def _mentions(items: list[dict] | None) -> tuple["Mention", ...]:
    return tuple(Mention.from_dict(m) for m in items or ())


@dataclass(frozen=True, slots=True)
class Provenance:
    """Which stage (name@version) produced an item, and by which rule or for which reason."""
    stage: str
    rule: str

    def to_dict(self) -> dict:
        return {"stage": self.stage, "rule": self.rule}

    @classmethod
    def from_dict(cls, d: dict) -> "Provenance":
        return cls(stage=d["stage"], rule=d["rule"])


class Span(NamedTuple):
    """Where an item points: its field ("text" or "title") and its offsets in it."""
    field: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A piece of the article (its body, or its title when `field` is "title"): an
    actor, a target, an evidence sentence, a trigger."""
    text: str
    start: int
    end: int
    field: str = "text"

    def __post_init__(self):
        _check_field(self.field)

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "field": self.field}

    @classmethod
    def from_dict(cls, d: dict) -> "Mention":
        return cls(text=d["text"], start=d["start"], end=d["end"],
                   field=d.get("field", "text"))


@dataclass(frozen=True, slots=True)
class Article:
    """One article as given: `text` is never altered after reading, offsets point into it."""
    text: str
    id: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None
    warnings: tuple[str, ...] = ()

    @staticmethod
    def make_id(text: str, title: str | None = None) -> str:
        return content_id("a", title or "", text)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "published": _plain(self.published),
                "source": self.source, "url": self.url, "lang": self.lang, "text": self.text,
                "warnings": list(self.warnings)}

    @classmethod
    def from_dict(cls, d: dict) -> "Article":
        """The article of `to_dict()` (or of `Record.to_dict(with_text=True)`, whose
        warnings are the record's: pass them to the Record instead)."""
        return cls(text=d.get("text", ""), id=d["id"], title=d.get("title"),
                   published=_date(d.get("published")), source=d.get("source"),
                   url=d.get("url"), lang=d.get("lang"), warnings=tuple(d.get("warnings", ())))


@dataclass(frozen=True, slots=True)
class Place:
    """A distinct real place the article names, resolved to a gazetteer entry.

    `text`/`start`/`end` is its first mention; `mentions` holds every mention.
    `precision` is ACLED-style: 1 the exact town, 2 near it or a district, 3 a region
    or province, and 4 a country (our addition for country-level places)."""
    text: str
    start: int
    end: int
    name: str
    kind: str
    country: str | None
    lat: float | None
    lon: float | None
    provenance: Provenance
    geonames_id: int | None = None
    admin1: str | None = None
    precision: int | None = None
    candidates: int = 0
    mentions: tuple[Mention, ...] = ()
    id: str = ""
    field: str = "text"

    def __post_init__(self):
        _check_field(self.field)
        if not self.id:        # a place is the same place wherever it is named
            object.__setattr__(self, "id", content_id(
                "pl", self.name, self.kind, self.country, self.geonames_id,
                None if self.lat is None else round(self.lat, 4),
                None if self.lon is None else round(self.lon, 4)))

    def point(self) -> dict:
        """The short form events carry."""
        return {"name": self.name, "kind": self.kind, "country": self.country,
                "lat": self.lat, "lon": self.lon, "geonames_id": self.geonames_id}

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "start": self.start, "end": self.end,
                "field": self.field, "name": self.name, "kind": self.kind, "country": self.country,
                "lat": self.lat, "lon": self.lon, "geonames_id": self.geonames_id,
                "admin1": self.admin1, "precision": self.precision,
                "candidates": self.candidates,
                "mentions": [m.to_dict() for m in self.mentions],
                "provenance": self.provenance.to_dict()}

    @classmethod
    def from_dict(cls, d: dict) -> "Place":
        return cls(text=d["text"], start=d["start"], end=d["end"], name=d["name"],
                   kind=d["kind"], country=d["country"], lat=d["lat"], lon=d["lon"],
                   provenance=Provenance.from_dict(d["provenance"]),
                   geonames_id=d.get("geonames_id"), admin1=d.get("admin1"),
                   precision=d.get("precision"), candidates=d.get("candidates", 0),
                   mentions=_mentions(d.get("mentions")), id=d["id"],
                   field=d.get("field", "text"))

    @classmethod
    def from_point(cls, point: dict, id: str, provenance: Provenance) -> "Place":
        """A place known only by its `point()` (as an event carries it): no mention."""
        return cls(text=point["name"], start=0, end=0, name=point["name"], kind=point["kind"],
                   country=point["country"], lat=point["lat"], lon=point["lon"],
                   provenance=provenance, geonames_id=point.get("geonames_id"), id=id)


@dataclass(frozen=True, slots=True)
class Figure:
    """A count of people or of things damaged: "6.000 civils" evacuated."""
    text: str
    start: int
    end: int
    value: float
    category: str
    provenance: Provenance
    approx: bool = False
    value_max: float | None = None
    unit: str | None = None
    noun: Mention | None = None
    source: Mention | None = None
    id: str = ""
    field: str = "text"

    def __post_init__(self):
        _check_field(self.field)
        if self.category not in FIGURE_CATEGORIES:
            raise ValueError(f"unknown figure category {self.category!r}")
        if not self.id:
            object.__setattr__(self, "id", content_id(
                "fg", self.start, self.end, self.value, self.category, *_where(self.field)))

    def to_dict(self) -> dict:
        v = self.value
        return {"id": self.id, "text": self.text, "start": self.start, "end": self.end,
                "field": self.field, "value": int(v) if float(v).is_integer() else v,
                "value_max": self.value_max, "approx": self.approx,
                "category": self.category, "unit": self.unit,
                "noun": self.noun.to_dict() if self.noun else None,
                "source": self.source.text if self.source else None,
                "source_span": self.source.to_dict() if self.source else None,
                "provenance": self.provenance.to_dict()}

    @classmethod
    def from_dict(cls, d: dict) -> "Figure":
        return cls(text=d["text"], start=d["start"], end=d["end"], value=d["value"],
                   category=d["category"], provenance=Provenance.from_dict(d["provenance"]),
                   approx=d.get("approx", False), value_max=d.get("value_max"),
                   unit=d.get("unit"), noun=_mention(d.get("noun")),
                   source=_mention(d.get("source_span")), id=d["id"],
                   field=d.get("field", "text"))


@dataclass(frozen=True, slots=True)
class Quote:
    """What someone said: `text` is the words without the quotation marks.

    `speaker` is the canonical (fullest) name in the article; `speaker_mention` the
    words that designate the speaker at this quote. `flags` marks what is quoted but
    not a statement: "short", "title", "scare", "heading". `mentions` are other places
    where the same words stand (a heading repeating the quote)."""
    text: str
    start: int
    end: int
    provenance: Provenance
    direct: bool = True
    speaker: str | None = None
    speaker_mention: Mention | None = None
    verb: Mention | None = None
    parts: tuple[Mention, ...] = ()
    flags: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    id: str = ""
    field: str = "text"

    def __post_init__(self):
        _check_field(self.field)
        if not self.id:
            object.__setattr__(self, "id", content_id("qt", self.start, self.end, self.text,
                                                      *_where(self.field)))

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "start": self.start, "end": self.end,
                "field": self.field, "direct": self.direct, "speaker": self.speaker,
                "speaker_span": self.speaker_mention.to_dict() if self.speaker_mention else None,
                "verb": self.verb.to_dict() if self.verb else None,
                "parts": [p.to_dict() for p in self.parts],
                "flags": list(self.flags),
                "mentions": [m.to_dict() for m in self.mentions],
                "provenance": self.provenance.to_dict()}

    @classmethod
    def from_dict(cls, d: dict) -> "Quote":
        return cls(text=d["text"], start=d["start"], end=d["end"],
                   provenance=Provenance.from_dict(d["provenance"]), direct=d.get("direct", True),
                   speaker=d.get("speaker"), speaker_mention=_mention(d.get("speaker_span")),
                   verb=_mention(d.get("verb")), parts=_mentions(d.get("parts")),
                   flags=tuple(d.get("flags", ())), mentions=_mentions(d.get("mentions")),
                   id=d["id"], field=d.get("field", "text"))


@dataclass(frozen=True, slots=True)
class DateInterval:
    """Inclusive ISO date interval: one day is start == end."""
    start: date
    end: date

    def to_dict(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @classmethod
    def from_dict(cls, d: dict | None) -> "DateInterval | None":
        return cls(date.fromisoformat(d["start"]), date.fromisoformat(d["end"])) if d else None

    def overlaps(self, other: "DateInterval") -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True, slots=True)
class Time:
    """A temporal expression with its TIMEX3 value and type, and its date interval."""
    text: str
    start: int
    end: int
    value: str
    type: str
    provenance: Provenance
    interval: DateInterval | None = None
    id: str = ""
    field: str = "text"

    def __post_init__(self):
        _check_field(self.field)
        if self.type not in TIME_TYPES:
            raise ValueError(f"unknown TIMEX3 type {self.type!r}")
        if not self.id:
            object.__setattr__(self, "id", content_id("tm", self.start, self.end, self.value,
                                                      *_where(self.field)))

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "start": self.start, "end": self.end,
                "field": self.field, "value": self.value, "type": self.type,
                "interval": self.interval.to_dict() if self.interval else None,
                "provenance": self.provenance.to_dict()}

    @classmethod
    def from_dict(cls, d: dict) -> "Time":
        return cls(text=d["text"], start=d["start"], end=d["end"], value=d["value"],
                   type=d["type"], provenance=Provenance.from_dict(d["provenance"]),
                   interval=DateInterval.from_dict(d.get("interval")), id=d["id"],
                   field=d.get("field", "text"))


@dataclass(frozen=True, slots=True)
class Event:
    """A specific thing that happened, is happening, or is announced. Its spans are its
    mentions' (trigger, evidence, actors, targets, source): each says its field."""
    type: str
    modality: str
    trigger: Mention
    evidence: Mention
    provenance: Provenance
    place: Place | None = None
    date: DateInterval | None = None
    time: Time | None = None
    actors: tuple[Mention, ...] = ()
    targets: tuple[Mention, ...] = ()
    figures: tuple[Figure, ...] = ()
    source: Mention | None = None
    mentions: tuple[Mention, ...] = ()
    rules: tuple[str, ...] = ()
    acled: tuple[str, str] | None = None
    plover: str | None = None
    id: str = ""

    def __post_init__(self):
        if self.type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {self.type!r}")
        if self.modality not in MODALITIES:
            raise ValueError(f"unknown modality {self.modality!r}")
        if not self.id:
            object.__setattr__(self, "id", content_id(
                "ev", self.type, self.trigger.start, self.trigger.end, self.evidence.start,
                *_where(self.trigger.field)))

    @property
    def field(self) -> str:
        """Where the event is told: its trigger's field."""
        return self.trigger.field

    def to_dict(self) -> dict:
        args = ([{"role": "actor", **a.to_dict()} for a in self.actors]
                + [{"role": "target", **t.to_dict()} for t in self.targets])
        return {"id": self.id, "type": self.type, "modality": self.modality,
                "place": self.place.point() if self.place else None,
                "place_id": self.place.id if self.place else None,
                "date": self.date.to_dict() if self.date else None,
                "time": self.time.to_dict() if self.time else None,
                "actors": [a.text for a in self.actors],
                "targets": [t.text for t in self.targets],
                "arguments": args,
                "figures": [{"value": f.to_dict()["value"], "category": f.category,
                             "approx": f.approx, "figure_id": f.id} for f in self.figures],
                "source": self.source.text if self.source else None,
                "source_span": self.source.to_dict() if self.source else None,
                "trigger": self.trigger.to_dict(),
                "evidence": self.evidence.text,
                "evidence_span": self.evidence.to_dict(),
                "mentions": [m.to_dict() for m in self.mentions],
                "acled": list(self.acled) if self.acled else None,
                "plover": self.plover,
                "rules": list(self.rules),
                "provenance": self.provenance.to_dict()}

    @classmethod
    def from_dict(cls, d: dict, *, places: dict[str, Place] | None = None,
                  figures: dict[str, Figure] | None = None) -> "Event":
        """The event of `to_dict()`. Its place and figures are the record's (by id, from
        `places` and `figures`); one not found there is rebuilt from what the event
        carries of it (its point; its value, category and approx)."""
        provenance = Provenance.from_dict(d["provenance"])
        place = None
        if d.get("place_id") is not None:
            place = (places or {}).get(d["place_id"])
            if place is None or place.point() != d["place"]:
                place = Place.from_point(d["place"], d["place_id"], provenance)
        figs = []
        for f in d.get("figures", ()):
            fig = (figures or {}).get(f["figure_id"])
            if fig is None or (fig.to_dict()["value"], fig.category, fig.approx) != \
                    (f["value"], f["category"], f["approx"]):
                fig = Figure(text="", start=0, end=0, value=f["value"], category=f["category"],
                             provenance=provenance, approx=f["approx"], id=f["figure_id"])
            figs.append(fig)
        args = d.get("arguments", ())
        return cls(type=d["type"], modality=d["modality"],
                   trigger=Mention.from_dict(d["trigger"]),
                   evidence=Mention.from_dict(d["evidence_span"]), provenance=provenance,
                   place=place, date=DateInterval.from_dict(d.get("date")),
                   time=Time.from_dict(d["time"]) if d.get("time") else None,
                   actors=tuple(Mention.from_dict(a) for a in args if a["role"] == "actor"),
                   targets=tuple(Mention.from_dict(a) for a in args if a["role"] == "target"),
                   figures=tuple(figs), source=_mention(d.get("source_span")),
                   mentions=_mentions(d.get("mentions")), rules=tuple(d.get("rules", ())),
                   acled=tuple(d["acled"]) if d.get("acled") else None,
                   plover=d.get("plover"), id=d["id"])


@dataclass(frozen=True, slots=True)
class Record:
    """Everything depeche says about one article."""
    article: Article
    places: tuple[Place, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    times: tuple[Time, ...] = ()
    events: tuple[Event, ...] = ()
    skipped: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    engine: str = ""

    @property
    def id(self) -> str:
        return self.article.id

    def replace(self, **changes) -> "Record":
        return replace(self, **changes)

    def to_dict(self, *, with_text: bool = False) -> dict:
        a = self.article
        d = {"id": a.id, "title": a.title, "published": _plain(a.published),
             "source": a.source, "url": a.url, "lang": a.lang, "engine": self.engine,
             **{layer.name: [item.to_dict() for item in getattr(self, layer.name)]
                for layer in LAYERS},
             "skipped": list(self.skipped),
             "warnings": list(a.warnings) + list(self.warnings)}
        if with_text:
            d["text"] = a.text
        return d

    def to_json(self, *, indent: int | None = None, with_text: bool = False) -> str:
        return json.dumps(self.to_dict(with_text=with_text), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict) -> "Record":
        """The record of `to_dict()` (with its text when `with_text` gave it, else an empty
        one): `Record.from_dict(r.to_dict(with_text=True))` gives `r`'s very dict back. The
        warnings all go to the record (`to_dict` joins the article's and the record's)."""
        article = Article.from_dict({**d, "warnings": ()})
        places = tuple(Place.from_dict(p) for p in d.get("places", ()))
        figures = tuple(Figure.from_dict(f) for f in d.get("figures", ()))
        by_id_p, by_id_f = {p.id: p for p in places}, {f.id: f for f in figures}
        return cls(article=article, places=places, figures=figures,
                   quotes=tuple(Quote.from_dict(q) for q in d.get("quotes", ())),
                   times=tuple(Time.from_dict(t) for t in d.get("times", ())),
                   events=tuple(Event.from_dict(e, places=by_id_p, figures=by_id_f)
                                for e in d.get("events", ())),
                   skipped=tuple(d.get("skipped", ())), warnings=tuple(d.get("warnings", ())),
                   engine=d.get("engine", ""))


@dataclass(frozen=True, slots=True)
class Layer:
    """One layer of a record, as every part of depeche names and shows it."""
    name: str          # the record field, the JSON key, the API's word: "places"
    item: str          # one item of it: "place" (span kinds, CSS classes, CLI labels)
    type: type         # the record class of its items
    table: str         # the store table holding its items
    label: str         # for people
    colour: str        # its highlight colour on the page

    def spans(self, item: Any) -> list[Span]:
        """The spans an item of this layer points at, each with its field: a place's
        mentions, an event's trigger, any other item's own words."""
        if self.type is Place:
            return [Span(m.field, m.start, m.end) for m in (item.mentions or (item,))]
        if self.type is Event:
            return [Span(item.trigger.field, item.trigger.start, item.trigger.end)]
        return [Span(item.field, item.start, item.end)]

    def stored_spans(self, item: dict) -> list[Span]:
        """The same spans of an item as `to_dict()` gave it (the store and the API hold
        these); an item stored before spans had fields is in the body."""
        if self.type is Place:
            pieces = item.get("mentions") or [item]
        elif self.type is Event:
            pieces = [item["trigger"]]
        else:
            pieces = [item]
        return [Span(m.get("field", "text"), m["start"], m["end"]) for m in pieces]


# The layers in record order: the record, the store, the queries, the CLI and the page
# (through /api/meta) all read this table.
LAYERS: tuple[Layer, ...] = (
    Layer("places", "place", Place, "places", "Places", "#1f6fd1"),
    Layer("figures", "figure", Figure, "figures", "Figures", "#ffe1b8"),
    Layer("quotes", "quote", Quote, "quotes", "Quotes", "#e3f3e6"),
    Layer("events", "event", Event, "events", "Events", "#b01919"),
    Layer("times", "time", Time, "times", "Times", "#8e44ad"),
)
LAYER_FIELDS: tuple[str, ...] = tuple(layer.name for layer in LAYERS)
LAYER_BY_NAME: dict[str, Layer] = {layer.name: layer for layer in LAYERS}


def spans_of(record: Record) -> list[tuple[str, str, int, int]]:
    """Every (layer item, field, start, end) the record points at, for tests and
    highlighting: `field_text(record.article, field)[start:end]` is the words."""
    return [(layer.item, *span) for layer in LAYERS for item in getattr(record, layer.name)
            for span in layer.spans(item)]


def field_names(cls) -> list[str]:
    return [f.name for f in fields(cls)]
