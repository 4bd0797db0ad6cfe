"""The readable fiche of a record, for a person at a terminal (`--format text`).

An item found in the headline says so: "[title]" when all its words are in the title,
"[title+text]" when the title and the body both state it (a place named in both, an
event told in both)."""
from __future__ import annotations

import textwrap

from typing import Iterable

from .records import DateInterval, Event, Place, Record

__all__ = ["render_fiche"]


def _fmt_value(v: float) -> str:
    return f"{int(v):,}".replace(",", " ") if float(v).is_integer() else f"{v:g}"


def _fmt_interval(d: DateInterval | None) -> str:
    if d is None:
        return "—"
    return d.start.isoformat() + ("" if d.end == d.start else "…" + d.end.isoformat())


def _where(fields: Iterable[str]) -> str:
    """" [title]" or " [title+text]" for an item with words in the title, else ""."""
    seen = set(fields)
    if "title" not in seen:
        return ""
    return " [title+text]" if "text" in seen else " [title]"


def _fields(item) -> list[str]:
    """The fields of the spans an item points at (a place's mentions, an event's trigger
    and other mentions, any other item's own words)."""
    if isinstance(item, Place):
        return [m.field for m in item.mentions or (item,)]
    if isinstance(item, Event):
        return [item.trigger.field] + [m.field for m in item.mentions]
    return [item.field]


def render_fiche(record: Record, *, width: int = 88) -> str:
    a = record.article
    lines = [f"== {a.title or a.id}", f"   id {a.id} · published {a.published or 'unknown'}"
             f" · language {a.lang or 'unknown'} · {len(a.text):,} characters"]
    for w in list(a.warnings) + list(record.warnings):
        lines.append(f"   ! {w}")
    if record.skipped:
        lines.append(f"   skipped: {', '.join(record.skipped)}")
        return "\n".join(lines) + "\n"

    def section(title, rows):
        lines.append(f"\n{title} ({len(rows)})")
        lines.extend(rows or ["  —"])

    section("Places", [
        f"  {p.text!r:28} → {p.name} ({p.kind}, {p.country or '—'})"
        + (f"  {p.lat:.4f}, {p.lon:.4f}" if p.lat is not None else "") + _where(_fields(p))
        for p in record.places])
    section("Figures", [
        f"  {('~' if f.approx else '') + _fmt_value(f.value):>10} {f.category:13} {f.text!r}"
        + (f"  — source: {f.source.text}" if f.source else "") + _where(_fields(f))
        for f in record.figures if f.category != "other"])
    section("Quotes", [
        textwrap.fill(f"« {q.text} » — {q.speaker or 'unattributed'}"
                      + ("" if q.direct else " (reported)")
                      + (f" [{', '.join(q.flags)}]" if q.flags else "")
                      + _where([q.field] + [m.field for m in q.mentions]),
                      width=width, initial_indent="  ", subsequent_indent="    ")
        for q in record.quotes])
    section("Events", [
        f"  {e.type:14} {e.modality:12} "
        f"{(e.place.name if e.place else '—'):18} "
        f"{_fmt_interval(e.date):22} "
        f"{e.trigger.text!r}"
        + (f"  actors: {', '.join(x.text for x in e.actors)}" if e.actors else "")
        + (f"  source: {e.source.text}" if e.source else "") + _where(_fields(e))
        for e in record.events])
    section("Times", [f"  {t.text!r:36} {t.type:8} {t.value}" + _where(_fields(t))
                      for t in record.times])
    return "\n".join(lines) + "\n"
