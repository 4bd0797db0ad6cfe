"""Events merged across articles (same kind of event, places close, dates overlapping,
actors compatible) under stable ids (derived from the earliest member).

A kind is a type or a family of types that reports of one event mix: an explosion is
an accident in one article and a disaster in the next, a shooting an attack or a
bombing. A merged event takes its members' most frequent type.

Figures are never reconciled into one number: the store keeps every figure claim
(`Store.story_figures`) and `queries.story_detail` lists each with its source and date."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from ..records import content_id
from ..store import Store, distance_km
from .common import STOPWORDS, WORD, CorpusSettings, fold, parse_day

# types that reports of one event mix; any other type is its own kind
FAMILIES = {"accident": "calamity", "disaster": "calamity",
            "attack": "violence", "bombing": "violence", "armed_clash": "violence",
            "air_strike": "violence", "shelling": "violence"}


def kind(event_type: str) -> str:
    """The kind of an event type for merging: its family, else the type itself."""
    return FAMILIES.get(event_type, event_type)


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


def merge_events(store: Store, settings: CorpusSettings = CorpusSettings(),
                 generation: tuple[int, int] | None = None) -> int:
    """Merge events across articles; returns how many merged events span 2+ articles.

    Two events merge when they are of the same kind, their places are close (same place,
    or within `merge_km`; without places, the same story), their date intervals overlap
    (an undated event takes the two days before its article), and their actors are
    compatible. Negated and hypothetical events are never merged. With `generation`,
    nothing is written if articles were stored since (`Store.replace_merged_events`)."""
    groups = _group_events(store.events_for_merging(), settings)
    rows, links = [], []
    for members in groups.values():
        row = _merged_row(members)
        rows.append(row)
        links += [(m["key"], row["id"]) for m in members]
    store.replace_merged_events(rows, links, generation)
    return sum(1 for r in rows if r["n_articles"] > 1)


def _group_events(events: list[dict], settings: CorpusSettings) -> dict[str, list[dict]]:
    """The events in groups, keyed by their first event's key: taken by kind then date,
    each joins the first open group of its block it can merge with, else opens one. An
    event without a date of its own may join a group of its story whatever its days
    ("l'explosion" in a report of the third day is the story's explosion)."""
    intervals = {ev["key"]: _interval(ev, settings.merge_slack_days) for ev in events}
    events.sort(key=lambda ev: (kind(ev["type"]), (intervals[ev["key"]] or (date.max,))[0],
                                ev["key"]))
    groups: dict[str, list[dict]] = {}      # merged key -> members
    open_groups: dict[tuple, list[str]] = defaultdict(list)
    seed: dict[str, tuple[date, date]] = {}
    for ev in events:
        iv = intervals[ev["key"]]
        # only events of one kind in one country (or, without a place, one story) can merge
        block = (kind(ev["type"]), ev["country"] or ("story", ev["story_id"] or ev["article_id"]))
        # its days when it can merge (dated, neither negated nor hypothetical), else None
        days = iv if ev["modality"] not in ("negated", "hypothetical") else None
        target = _target(ev, days, open_groups[block], groups, seed, settings) \
            if days is not None else None
        if target is None:
            target = ev["key"]
            groups[target] = []
            if days is not None:
                open_groups[block].append(target)
                seed[target] = days
        groups[target].append(ev)
        if iv is not None:
            # events come by kind then date: drop the groups that can no longer overlap
            horizon = iv[0] - timedelta(days=30)
            open_groups[block] = [k for k in open_groups[block] if seed[k][1] >= horizon]
    return groups


def _target(ev: dict, days: tuple[date, date], keys: list[str], groups: dict[str, list[dict]],
            seed: dict[str, tuple[date, date]], settings: CorpusSettings) -> str | None:
    """The open group an event merges into: the first whose days overlap its own, else
    (for an event without a date of its own) the largest of its story; None if none."""
    undated = _specific_days(ev) is None
    fallback, size = None, 0
    for key in keys:
        s = seed[key]        # the first event's days: groups do not drift in time
        members = groups[key]
        overlap = days[0] <= s[1] and s[0] <= days[1]
        if not overlap and not (undated and len(members) > size and _same_story(ev, members)):
            continue
        if all(m["article_id"] == ev["article_id"] for m in members):
            continue  # within one article, events stay as the stage left them
        if all(_places_close(ev, m, settings.merge_km)
               and _actors_compatible(ev["actors"], m["actors"]) for m in members[:5]):
            if overlap:
                return key
            fallback, size = key, len(members)
    return fallback


def _same_story(ev: dict, members: list[dict]) -> bool:
    return ev["story_id"] is not None and \
        sum(1 for m in members if m["story_id"] == ev["story_id"]) * 2 > len(members)


def _merged_row(members: list[dict]) -> dict:
    """The merged_events row of a group: its id from its earliest event, its most
    frequent type and place (with coordinates), the span of the days at least two of
    its events give (else of all of them), its most frequent story."""
    first = min(members, key=lambda m: ((m["date_start"] or m["published"] or "9999"), m["key"]))
    placed = [m for m in members if m["lat"] is not None]
    names = Counter(m["place_name"] for m in placed)
    place = min(placed, key=lambda m: (-names[m["place_name"]], m["key"])) if placed else first
    days = [d for d in map(_specific_days, members) if d]
    starts = _supported([d[0].isoformat() for d in days])
    ends = _supported([d[1].isoformat() for d in days])
    stories = Counter(m["story_id"] for m in members if m["story_id"])
    types = Counter(m["type"] for m in members)
    main_type = max(types, key=lambda t: (types[t], t == first["type"], t))
    return {"id": content_id("me", first["key"]), "type": main_type,
            "place_name": place["place_name"], "country": place["country"],
            "lat": place["lat"], "lon": place["lon"],
            "date_start": min(starts) if starts else None,
            "date_end": max(ends) if ends else None, "n_events": len(members),
            "n_articles": len({m["article_id"] for m in members}),
            "story_id": stories.most_common(1)[0][0] if stories else None}


def _supported(days: list[str]) -> list[str]:
    """The days given by two events or more, else all of them: one event's stray date
    does not stretch a merged event."""
    counts = Counter(days)
    return [d for d in days if counts[d] > 1] or days
