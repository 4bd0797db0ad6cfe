"""The written sections of a brief other than the tolls: the headline line, the dated
chronology of (merged) events, what is announced or proposed, and who said what.

An event of the brief is a group of the scope's events (a merged event, or an event
alone). Its modality is its members' (asserted when at least half of them assert
it): an event only planned, proposed or envisaged is never written as a fact — it goes
to the announced section with its word ("prévue", "proposé"), a denied one keeps
"démenti"."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..countries import names as country_names
import depeche.brief.french as french
from .gather import Materials, groups
from .sentences import Line, Piece, evidence, fill, linked

__all__ = ["Group", "event_groups", "headline", "places", "chronology", "announced",
           "speakers"]

MAX_CHRONOLOGY = 12
MAX_ANNOUNCED = 8
MAX_SPEAKERS = 5
MAX_PLACES = 10
QUOTES_PER_SPEAKER = 2
MAX_QUOTE_CHARS = 240
MAX_VAGUE_DAYS = 14         # a longer date (a month, a year) does not date an event
NOT_FACTS = ("planned", "proposed", "hypothetical")


@dataclass
class Group:
    """One event of the brief: its member events and what they say together."""
    members: list[dict]
    type: str
    modality: str
    articles: list[str]
    start: str | None
    end: str | None
    first_report: str | None
    placed: dict | None             # a member with a place
    merged_id: str | None


def _modality(members: list[dict]) -> str:
    counts = Counter(e["modality"] for e in members)
    if counts["asserted"] * 2 >= len(members):
        return "asserted"
    return max((m for m in counts if m != "asserted"), key=lambda m: (counts[m], m))


def _days(members: list[dict], row: dict | None) -> tuple[str | None, str | None]:
    """The group's days: its merged event's, else its members' own specific dates."""
    if row and row.get("date_start"):
        return row["date_start"], row.get("date_end") or row["date_start"]
    spans = []
    for e in members:
        d = e.get("date") or {}
        if d.get("start"):
            a, b = date.fromisoformat(d["start"][:10]), date.fromisoformat(
                (d.get("end") or d["start"])[:10])
            if (b - a).days <= MAX_VAGUE_DAYS:
                spans.append((a.isoformat(), b.isoformat()))
    if not spans:
        return None, None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def event_groups(m: Materials) -> list[Group]:
    """The scope's events as groups, the most reported first."""
    out = []
    for members in groups(m):
        mid = members[0].get("merged_id")
        row = m.merged.get(mid) if mid else None
        types = Counter(e["type"] for e in members)
        start, end = _days(members, row)
        placed = [e for e in members if (e.get("place") or {}).get("name")]
        names = Counter(e["place"]["name"] for e in placed)
        out.append(Group(
            members=members, type=row["type"] if row else types.most_common(1)[0][0],
            modality=_modality(members),
            articles=sorted({e["article_id"] for e in members}), start=start, end=end,
            first_report=min((e.get("published") or "9999") for e in members),
            placed=min(placed, key=lambda e: (-names[e["place"]["name"]], e["key"]))
            if placed else None, merged_id=mid))
    out.sort(key=lambda g: (-len(g.articles), -len(g.members), g.start or "9999",
                            g.members[0]["key"]))
    return out


# -- words of an event -------------------------------------------------------------------
def place_piece(m: Materials, e: dict | None) -> Piece | None:
    """The French name of an event's place (a country's CLDR name, else the words of the
    article), linked to its mention."""
    if e is None:
        return None
    p = e["place"]
    item = m.places.get((e["article_id"], e.get("place_id") or "")) or \
        m.place_names.get(p["name"])
    span = evidence(m.articles.get(item["article_id"]), item) if item else None
    if p.get("kind") == "country" and p.get("country") in country_names():
        return linked(country_names()[p["country"]][0], span)
    return linked(item["text"] if item else p["name"], span)


def _what(g: Group, m: Materials, *, lower: bool = False) -> Piece:
    """"Manifestation", "Manifestation prévue": the type, its modality word agreeing,
    linked to the first member's trigger."""
    word = french.modality_word(g.type, g.modality)
    label = french.type_label(g.type) + (" " + word if word else "")
    e = g.members[0]
    return linked(label if lower else label[:1].upper() + label[1:],
                  evidence(m.articles.get(e["article_id"]),
                                                           e.get("trigger")))


def _reports(g: Group, m: Materials) -> Line:
    """"(3 articles)", linked to the sentence of one member of each article (five)."""
    s = french.words()["sentences"]
    seen: dict[str, dict] = {}
    for e in g.members:
        seen.setdefault(e["article_id"], e)
    spans = [evidence(m.articles.get(aid), e.get("evidence_span"))
             for aid, e in list(seen.items())[:5]]
    noun = s["article_one"] if len(g.articles) < 2 else s["article_many"]
    return fill(s["event_reports"], reports=linked(f"{len(g.articles)} {noun}", *spans))


def _when(g: Group) -> str:
    if g.start:
        return french.period(g.start, g.end)
    return french.sentence("reported", date=french.day(g.first_report))


def group_dict(g: Group, line: Line) -> dict:
    return {"merged_id": g.merged_id, "type": g.type, "modality": g.modality,
            "date_start": g.start, "date_end": g.end, "first_report": g.first_report,
            "place": (g.placed or {}).get("place"), "articles": g.articles,
            "actors": _actors(g), "events": [e["key"] for e in g.members],
            "sentence": line.to_dict()}


def _actors(g: Group) -> list[str]:
    counts = Counter(a for e in g.members for a in e.get("actors") or ())
    return [a for a, _ in counts.most_common(3)]


# -- sections --------------------------------------------------------------------------
def headline(m: Materials, gs: list[Group]) -> Line:
    """"Du 4 au 6 août 2020 — Beyrouth, Liban — 2 accidents, 1 manifestation. D'après 2
    articles.": the period, the main places and the main event types, counted."""
    s = french.words()["sentences"]
    q = m.scope.query
    days = sorted((a["published"] or "")[:10] for a in m.articles.values() if a["published"])
    start = q.date_from or (days[0] if days else None)
    end = q.date_to or (days[-1] if days else None)
    when = french.period(start, end)
    when = when[:1].upper() + when[1:]
    facts = [g for g in gs if g.modality == "asserted"]
    places: dict[str, Piece] = {}
    weight: Counter = Counter()
    for g in facts:
        piece = place_piece(m, g.placed)
        if piece is not None:
            places.setdefault(piece.text, piece)
            weight[piece.text] += len(g.articles)
    by_type: dict[str, list[Group]] = {}
    for g in facts:
        by_type.setdefault(g.type, []).append(g)
    top = sorted(by_type, key=lambda t: (-sum(len(g.articles) for g in by_type[t]), t))[:3]
    types = _joined([linked(f"{len(by_type[t])} {french.type_label(t, len(by_type[t]))}",
                            *_trigger(m, by_type[t][0])) for t in top]) \
        if top else Line(s["no_events"])
    shown = [places[p] for p, _ in weight.most_common(3)]
    line = fill(s["headline"], period=when, places=_joined(shown), types=types) if shown \
        else fill(s["headline_no_places"], period=when, types=types)
    noun = s["article_one"] if len(m.articles) < 2 else s["article_many"]
    return line.add(" ").add(fill(s["articles"], n=len(m.articles), noun=noun))


def places(m: Materials, gs: list[Group]) -> dict:
    """The places of the events, the most reported first (MAX_PLACES): "Lieux :
    Beyrouth (43 articles), Liban (20 articles)…", each linked to a mention."""
    s = french.words()["sentences"]
    seen: dict[str, dict] = {}
    for g in gs:
        piece = place_piece(m, g.placed)
        if piece is None or g.placed is None:
            continue
        p = seen.setdefault(piece.text, {"piece": piece, "place": g.placed["place"],
                                         "articles": set()})
        p["articles"] |= set(g.articles)
    top = sorted(seen.values(), key=lambda p: (-len(p["articles"]), p["piece"].text))
    top = top[:MAX_PLACES]
    items = []
    for p in top:
        n = len(p["articles"])
        noun = s["article_one"] if n < 2 else s["article_many"]
        items.append(fill(s["place"], place=p["piece"], n=n, noun=noun))
    line = fill(s["places"], places=_joined(items)) if items else Line()
    return {"items": [{"text": p["piece"].text, "name": p["place"].get("name"),
                       "country": p["place"].get("country"), "kind": p["place"].get("kind"),
                       "articles": len(p["articles"]), "evidence": p["piece"].evidence}
                      for p in top], "sentence": line.to_dict()}


def _trigger(m: Materials, g: Group) -> list[dict | None]:
    e = g.members[0]
    return [evidence(m.articles.get(e["article_id"]), e.get("trigger"))]


def _joined(pieces: list) -> Line:
    w = french.words()["lists"]
    out = Line()
    for i, p in enumerate(pieces):
        if i:
            out.add(w["comma"])
        out.add(p)
    return out


def chronology(m: Materials, gs: list[Group]) -> list[dict]:
    """The most reported events that happened (or were denied), in date order."""
    s = french.words()["sentences"]
    chosen = [g for g in gs if g.modality not in NOT_FACTS][:MAX_CHRONOLOGY]
    chosen.sort(key=lambda g: (g.start or g.first_report or "9999", g.first_report or ""))
    out = []
    for g in chosen:
        place = place_piece(m, g.placed)
        when = _when(g)
        when = when[:1].upper() + when[1:]
        line = fill(s["event"], date=when, what=_what(g, m, lower=True), place=place) \
            if place else fill(s["event_no_place"], date=when, what=_what(g, m, lower=True))
        actors = _actors(g)
        if actors:
            line.add(fill(s["event_actors"], actors=french.join(actors)))
        out.append(group_dict(g, line.add(_reports(g, m)).add(".")))
    return out


def announced(m: Materials, gs: list[Group]) -> list[dict]:
    """What is planned, proposed or envisaged: never written as a fact."""
    s = french.words()["sentences"]
    chosen = [g for g in gs if g.modality in NOT_FACTS][:MAX_ANNOUNCED]
    chosen.sort(key=lambda g: (g.start or "9999", g.first_report or ""))
    out = []
    for g in chosen:
        if g.start and g.end and g.end != g.start:
            when = s["announced_span"].format(period=french.period(g.start, g.end))
        elif g.start:
            when = s["announced_on"].format(date=french.day(g.start))
        else:
            when = s["announced_undated"]
        place = place_piece(m, g.placed)
        line = fill(s["announced"], what=_what(g, m, lower=True), place=place, when=when) \
            if place \
            else fill(s["announced_no_place"], what=_what(g, m), when=when)
        out.append(group_dict(g, line.add(_reports(g, m)).add(".")))
    return out


def _quotable(q: dict) -> bool:
    who = (q.get("speaker") or "").strip()
    return bool(who) and who != "?" and not q.get("flags") and \
        len((q.get("text") or "").split()) >= 4


def _named(m: Materials, who: str, qs: list[dict]) -> dict | None:
    """The evidence of a speaker's name: the first quote whose speaker's words hold
    the name's last word (not a pronoun)."""
    last = who.split()[-1].lower()
    for q in qs:
        span = q.get("speaker_span") or {}
        if last in (span.get("text") or "").lower():
            return evidence(m.articles.get(q["article_id"]), span)
    return None


def _picked(qs: list[dict]) -> list[dict]:
    """A speaker's quotes to show: direct ones first, the longest that fit, none that
    holds another (a wire copy cut shorter)."""
    ranked = sorted(qs, key=lambda q: (not q.get("direct"), len(q["text"]) > MAX_QUOTE_CHARS,
                                       -min(len(q["text"]), MAX_QUOTE_CHARS),
                                       q.get("published") or ""))
    out: list[dict] = []
    for q in ranked:
        words = " ".join(q["text"].lower().split())
        if any(words in x or x in words for x in (" ".join(o["text"].lower().split())
                                                   for o in out)):
            continue
        out.append(q)
        if len(out) == QUOTES_PER_SPEAKER:
            break
    return out


def speakers(m: Materials) -> list[dict]:
    """The most cited speakers, with a few of their quotes (direct ones first)."""
    s = french.words()["sentences"]
    by_speaker: dict[str, list[dict]] = {}
    for q in m.quotes:
        if _quotable(q):
            said = by_speaker.setdefault(q["speaker"].strip(), [])
            if all(x["text"] != q["text"] for x in said):      # wire copies: said once
                said.append(q)
    top = sorted(by_speaker, key=lambda w: (-len(by_speaker[w]), w))[:MAX_SPEAKERS]
    out = []
    for who in top:
        qs = by_speaker[who]
        picked = _picked(qs)
        quotes = Line()
        for i, q in enumerate(picked):
            if i:
                quotes.add(s["quotes_and"])
            text = q["text"] if len(q["text"]) <= MAX_QUOTE_CHARS else \
                q["text"][:MAX_QUOTE_CHARS].rsplit(" ", 1)[0] + "…"
            art = m.articles.get(q["article_id"])
            quotes.add(fill(s["quote"], text=linked(text, evidence(art, q)),
                            date=french.day(q.get("published"))))
        name = linked(who, _named(m, who, qs))
        noun = s["citation_one"] if len(qs) < 2 else s["citation_many"]
        line = fill(s["speaker"], speaker=name, n=len(qs), noun=noun, quotes=quotes)
        out.append({"speaker": who, "n_quotes": len(qs),
                    "quotes": [{"text": q["text"], "published": q.get("published"),
                                "direct": q.get("direct"),
                                "evidence": evidence(m.articles.get(q["article_id"]), q)}
                               for q in picked],
                    "sentence": line.to_dict()})
    return out
