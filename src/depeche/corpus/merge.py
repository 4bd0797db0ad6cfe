"""Events merged across articles (same type, places close, dates overlapping, actors
compatible) under stable ids (derived from the earliest member).

Figures are never reconciled into one number: the store keeps every figure claim
(`Store.story_figures`) and `queries.story_detail` lists each with its source and date."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from ..records import content_id
from ..store import Store, distance_km
from .common import STOPWORDS, WORD, CorpusSettings, fold, parse_day


def _specific_days(ev: dict, longest: int = 14) -> tuple[date, date] | None:
    """An event's own days when they are specific: not vaguer than `longest` days (a
    month, a year) and not after its article (an announcement is not a report)."""
    start, end = parse_day(ev["date_start"]), parse_day(ev["date_end"])
    if start is None:
        return None
    end = end or start
    pub = parse_day(ev["published"])
    if (end - start).days > longest or (pub is not None and start > pub + timedelta(days=1)):
        return None
    return start, end


def _interval(ev: dict, slack: int) -> tuple[date, date] | None:
    """The days an event may have happened on, widened by `slack`: its own specific days,
    else the two days before its article."""
    days = _specific_days(ev)
    if days is None:
        pub = parse_day(ev["published"])
        if pub is None:
            return None
        days = (pub - timedelta(days=2), pub)
    return days[0] - timedelta(days=slack), days[1] + timedelta(days=slack)


def _actors_compatible(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return True
    wa = {w for x in a for w in WORD.findall(fold(x)) if len(w) > 2 and w not in STOPWORDS}
    wb = {w for x in b for w in WORD.findall(fold(x)) if len(w) > 2 and w not in STOPWORDS}
    return not wa or not wb or bool(wa & wb)


def _places_close(a: dict, b: dict, km: float) -> bool:
    if a["place_id"] and a["place_id"] == b["place_id"]:
        return True
    d = distance_km(a["lat"], a["lon"], b["lat"], b["lon"])
    if d is not None:
        return d <= km
    if a["place_id"] is None and b["place_id"] is None:
        return a["story_id"] is not None and a["story_id"] == b["story_id"]
    return bool(a["country"]) and a["country"] == b["country"] and \
        (a["lat"] is None or b["lat"] is None)


def merge_events(store: Store, settings: CorpusSettings = CorpusSettings()) -> int:
    """Merge events across articles; returns how many merged events span 2+ articles.

    Two events merge when they have the same type, their places are close (same place,
    or within `merge_km`; without places, the same story), their date intervals overlap
    (an undated event takes the two days before its article), and their actors are
    compatible. Negated and hypothetical events are never merged."""
    groups = _group_events(store.events_for_merging(), settings)
    rows, links = [], []
    for members in groups.values():
        row = _merged_row(members)
        rows.append(row)
        links += [(m["key"], row["id"]) for m in members]
    store.replace_merged_events(rows, links)
    return sum(1 for r in rows if r["n_articles"] > 1)


def _group_events(events: list[dict], settings: CorpusSettings) -> dict[str, list[dict]]:
    """The events in groups, keyed by their first event's key: taken by type then date,
    each joins the first open group of its block it can merge with, else opens one."""
    intervals = {ev["key"]: _interval(ev, settings.merge_slack_days) for ev in events}
    events.sort(key=lambda ev: (ev["type"], (intervals[ev["key"]] or (date.max,))[0], ev["key"]))
    groups: dict[str, list[dict]] = {}      # merged key -> members
    open_groups: dict[tuple, list[str]] = defaultdict(list)
    seed: dict[str, tuple[date, date]] = {}
    for ev in events:
        iv = intervals[ev["key"]]
        # only events of one type in one country (or, without a place, one story) can merge
        block = (ev["type"], ev["country"] or ("story", ev["story_id"] or ev["article_id"]))
        # its days when it can merge (dated, neither negated nor hypothetical), else None
        days = iv if ev["modality"] not in ("negated", "hypothetical") else None
        target = None
        if days is not None:
            for key in open_groups[block]:
                s = seed[key]        # the first event's days: groups do not drift in time
                if not (days[0] <= s[1] and s[0] <= days[1]):
                    continue
                members = groups[key]
                if all(m["article_id"] == ev["article_id"] for m in members):
                    continue  # within one article, events stay as the stage left them
                if all(_places_close(ev, m, settings.merge_km)
                       and _actors_compatible(ev["actors"], m["actors"]) for m in members[:5]):
                    target = key
                    break
        if target is None:
            target = ev["key"]
            groups[target] = []
            if days is not None:
                open_groups[block].append(target)
                seed[target] = days
        groups[target].append(ev)
        if iv is not None:
            # events come by type then date: drop the groups that can no longer overlap
            horizon = iv[0] - timedelta(days=30)
            open_groups[block] = [k for k in open_groups[block] if seed[k][1] >= horizon]
    return groups


def _merged_row(members: list[dict]) -> dict:
    """The merged_events row of a group: its id from its earliest event, the first
    place with coordinates, the span of its specific days, its most frequent story."""
    first = min(members, key=lambda m: ((m["date_start"] or m["published"] or "9999"), m["key"]))
    placed = next((m for m in members if m["lat"] is not None), first)
    days = [d for d in map(_specific_days, members) if d]
    starts = [d[0].isoformat() for d in days]
    ends = [d[1].isoformat() for d in days]
    stories = Counter(m["story_id"] for m in members if m["story_id"])
    return {"id": content_id("me", first["key"]), "type": first["type"],
            "place_name": placed["place_name"], "country": placed["country"],
            "lat": placed["lat"], "lon": placed["lon"],
            "date_start": min(starts) if starts else None,
            "date_end": max(ends) if ends else None, "n_events": len(members),
            "n_articles": len({m["article_id"] for m in members}),
            "story_id": stories.most_common(1)[0][0] if stories else None}
