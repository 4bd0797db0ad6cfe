"""`depeche ingest|events|quotes|stories|show|export`: a corpus in a store.

    depeche ingest articles.jsonl.gz feed.xml crawl.warc.gz --db news.db --workers 2
    depeche events --type disaster --near 33.90,35.52 --within 20 --db news.db
    depeche stories --db news.db
    depeche show STORY_OR_ARTICLE_OR_EVENT_ID --db news.db
    depeche export --format csv --db news.db > events.csv
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from ..exporters import EXPORTERS, export
from ..query import EVENT_PARAMS, PAGING_PARAMS, SCOPE_PARAMS, EventQuery, Paging, parse_scope
from ..records import LAYERS
from .exits import EXIT_ERROR, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE

DEFAULT_DB = "depeche.db"
DB_HELP = (f"the store: a SQLite file (default: $DEPECHE_DB, else ./{DEFAULT_DB}) or a "
           f"PostgreSQL database, postgresql://USER[:PASSWORD]@HOST[:PORT]/DB (needs "
           f"depeche[postgres]; the password may also come from $PGPASSWORD or ~/.pgpass)")


def default_db() -> str:
    """The store of a command given no --db: $DEPECHE_DB, else ./depeche.db."""
    import os
    return os.environ.get("DEPECHE_DB") or DEFAULT_DB


def shown_db(target: str) -> str:
    """A --db value as messages show it (a URL without its password)."""
    from ..store.postgres import shown_url
    return shown_url(target)
# The terminal's colour (ANSI SGR code) of each layer of `records.LAYERS`, by item name.
ANSI_COLOURS = {"place": "32", "figure": "33", "quote": "36", "time": "35", "event": "31;1"}


def _db_arg(p) -> None:
    p.add_argument("--db", metavar="FILE|URL", default=default_db(), help=DB_HELP)


def _format_arg(p) -> None:
    p.add_argument("--format", "-f", choices=("table", "json", "jsonl"),
                   help="table: columns for a person (ids never cut); json: one document "
                        "{items, total, page, pages} as the API gives it; jsonl: one item "
                        "a line (default: table on a terminal, else jsonl)")


def _page_args(p) -> None:
    for param in PAGING_PARAMS:
        p.add_argument(param.cli, dest=param.field, metavar=param.metavar, help=param.help)


def _event_args(p) -> None:
    """The event filters, one option each, as `depeche.query.EVENT_PARAMS` declares them."""
    for param in EVENT_PARAMS:
        p.add_argument(param.cli, dest=param.field, metavar=param.metavar, help=param.help)


def _scope_args(p) -> None:
    """Which date orders and bounds the events, and one outlet (`query.SCOPE_PARAMS`),
    as the web page and /api/events read them."""
    for param in SCOPE_PARAMS:
        p.add_argument(param.cli, dest=param.field, metavar=param.metavar, help=param.help)


def _event_query(args) -> EventQuery:
    """The options of `_event_args`, checked (QueryError)."""
    return EventQuery.parse(**{p.field: getattr(args, p.field) for p in EVENT_PARAMS})


def _paging(args) -> Paging:
    return Paging.parse(**{p.field: getattr(args, p.field) for p in PAGING_PARAMS})


def register(sub) -> None:
    p = sub.add_parser(
        "ingest", help="analyse articles into a store (idempotent, resumable)",
        description="Analyse articles and store their records; articles already stored "
                    "(same id or same text) are skipped before analysis.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""\
inputs: .txt, .html, .jsonl (one article a line: text/article, title, id,
published/date), .jsonl.gz, RSS/Atom feeds (file or URL: each entry's page is
fetched and cleaned), WARC archives (.warc, .warc.gz), folders of those.

Each batch is committed: an interrupted ingest (Ctrl-C, SIGTERM) resumes where it
stopped when run again. Near-duplicates, stories and merged events are recomputed at
the end. With --workers N, N processes analyse (about N times the memory of one
engine); this one alone writes, in input order: the store is the same for any N.
The workers die with this process, however it ends (kill -9 too). Two ingests may
write the same store at once: each article is stored once, and each run's counts add
up (read = new + duplicates + already stored + failed).""")
    p.add_argument("paths", nargs="+", metavar="PATH|URL",
                   help="articles, feeds, archives or folders to ingest (see inputs)")
    _db_arg(p)
    p.add_argument("--published", metavar="YYYY-MM-DD", help="date for inputs that carry none")
    p.add_argument("--source", metavar="NAME", help="outlet name for inputs that carry none")
    p.add_argument("--batch-size", type=int, default=64, metavar="N",
                   help="articles per committed batch (64)")
    p.add_argument("--workers", "-j", type=int, default=1, metavar="N",
                   help="analysis processes (1); this process alone writes the store, "
                        "in input order, so the result is the same for any N")
    p.add_argument("--cluster", metavar="SPEC",
                   help="analyse on a Dask cluster instead of --workers: local:N for N "
                        "worker processes here, or tcp://SCHEDULER:8786 for a running "
                        "cluster on several machines (needs depeche[cluster]); this "
                        "process still reads the inputs and writes the store")
    p.add_argument("--no-fetch", action="store_true",
                   help="feeds: use the entries' own text, do not fetch the linked pages")
    p.add_argument("--allow-private-hosts", action="store_true",
                   help="feeds and URLs: also fetch from loopback, private and link-local "
                        "addresses (refused by default: a feed must not make depeche reach "
                        "your own network; also $DEPECHE_ALLOW_PRIVATE_HOSTS=1)")
    p.add_argument("--no-progress", action="store_true",
                   help="no loading notice and no progress on stderr (a bar on a terminal, "
                        "else a line every 5 s); the summary line is still printed")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("events", help="events in a store, filtered",
                       description="Events of the store, newest first, with filters. By "
                                   "default the date of the article that reports an event "
                                   "orders and bounds it (--from, --to), as on the web page; "
                                   "--by event uses the event's own date. Each row shows "
                                   "the event's date, and the article's when the event "
                                   "has none.")
    _event_args(p)
    _scope_args(p)
    _db_arg(p); _format_arg(p); _page_args(p)
    p.set_defaults(func=cmd_events)

    p = sub.add_parser("quotes", help="quotes in a store, by speaker",
                       description="Quotes of the store, newest first.")
    p.add_argument("--speaker", help="words of the speaker's name (any case)")
    p.add_argument("--text", help="words of the quote (full text search)")
    _db_arg(p); _format_arg(p); _page_args(p)
    p.set_defaults(func=cmd_quotes)

    p = sub.add_parser("stories", help="stories: articles about the same events",
                       description="Stories of the store, largest first.")
    p.add_argument("--min-articles", type=int, default=2, metavar="N",
                   help="only stories of at least N articles (2)")
    p.add_argument("--text", help="words of one of its articles (full text search)")
    _db_arg(p); _format_arg(p); _page_args(p)
    p.set_defaults(func=cmd_stories)

    p = sub.add_parser("show", help="one article, event, story or merged event",
                       description="An article with its text and highlighted spans, an "
                                   "event, a merged event, or a story with every figure "
                                   "claim side by side.")
    p.add_argument("id", metavar="ID",
                   help="an id as the other commands print it: article, story (st-…), "
                        "merged event (me-…) or event (ARTICLE_ID/EVENT_ID)")
    p.add_argument("--format", "-f", choices=("text", "json", "table"),
                   help="text: a fiche with the highlighted text; json: every field "
                        "(default: text on a terminal, else json; 'table' is the old "
                        "name of text)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="highlight spans with colours (auto: on a terminal)")
    _db_arg(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("export", help="export a store: jsonl, geojson, ACLED-style csv",
                       description="Write the store's events as JSONL, GeoJSON or an "
                                   "ACLED-style CSV.")
    p.add_argument("--format", "-f", choices=tuple(EXPORTERS), default="jsonl",
                   help="jsonl: one event (or record) a line; geojson: a FeatureCollection "
                        "of placed events; csv: ACLED-style columns (default: jsonl)")
    p.add_argument("--records", action="store_true",
                   help="jsonl: one article record (with its text) a line, not one event")
    _event_args(p)
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    _db_arg(p)
    p.set_defaults(func=cmd_export)


def _open(path: str, *, readonly: bool = True):
    from ..store import Store
    return Store(path, readonly=readonly)


def _fmt(args, out: TextIO) -> str:
    return args.format or ("table" if out.isatty() else "jsonl")


def _count_hint(paths) -> int | None:
    """Inputs to expect, when cheap to know (lines of JSONL files), for the progress bar."""
    import gzip
    from pathlib import Path
    n = 0
    for path in paths:
        p = Path(path)
        low = path.lower()
        if not p.is_file() or low.endswith((".warc", ".warc.gz", ".rss", ".atom", ".xml")):
            return None
        if low.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
            opener = gzip.open if low.endswith(".gz") else open
            try:
                with opener(p, "rb") as fh:
                    n += sum(1 for line in fh if line.strip())
            except (OSError, EOFError):
                return None
        else:
            n += 1
    return n


def _missing_paths(paths) -> list[str]:
    """The local paths given that do not exist (URLs are checked when fetched)."""
    from pathlib import Path

    from ..feeds import URL_LIKE
    return [p for p in paths if not URL_LIKE.match(p) and not Path(p).exists()]


def _terminate_as_interrupt():
    """SIGTERM (kill, a service manager, a background job without Ctrl-C) stops an ingest
    as Ctrl-C does: in-flight batches dropped, workers stopped, committed batches kept.
    Returns the function that puts the previous handler back."""
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt
    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:          # not the main thread: leave signals alone
        return lambda: None
    return lambda: signal.signal(signal.SIGTERM, previous)


def _progress_lines(err: TextIO, every_s: float = 5.0, clock=None):
    """Progress for a log (no terminal): a line at most every `every_s` seconds while
    articles come in (the first after `every_s`), with the count and the rate."""
    import time
    clock = clock or time.monotonic
    t0 = clock()
    state = {"done": 0, "said": t0}

    def update(n: int) -> None:
        state["done"] += n
        now = clock()
        if now - state["said"] >= every_s:
            state["said"] = now
            s = now - t0
            print(f"depeche: ingest: {state['done']:,} articles in {s:,.0f} s "
                  f"({state['done'] / max(s, 1e-9):.1f}/s)", file=err, flush=True)
    return update


def cmd_ingest(args, out: TextIO) -> int:
    from tqdm import tqdm

    from ..corpus import ingest
    from ..feeds import iter_items
    from ..settings import load_settings
    from .loading import load_engine

    settings = load_settings(args.config)
    if args.batch_size < 1:
        print("depeche: --batch-size must be 1 or more", file=sys.stderr)
        return EXIT_USAGE
    if args.workers < 1:
        print("depeche: --workers must be 1 or more", file=sys.stderr)
        return EXIT_USAGE
    from ..articles import parse_date
    from ..errors import DepecheError
    try:
        published = parse_date(args.published, origin="--published") if args.published else None
    except DepecheError as exc:
        print(f"depeche: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.cluster and args.workers > 1:
        print("depeche: give --cluster or --workers, not both", file=sys.stderr)
        return EXIT_USAGE
    from ..corpus.cluster import spec_problem
    if (problem := spec_problem(args.cluster)) is not None:
        print(f"depeche: {problem}", file=sys.stderr)
        return EXIT_USAGE
    missing = _missing_paths(args.paths)
    if missing:                 # before the store is created or opened
        for path in missing:
            print(f"depeche: error: {path}: no such file or folder", file=sys.stderr)
        print(f"depeche: nothing ingested; the store {shown_db(args.db)} was not created or "
              f"changed",
              file=sys.stderr)
        return EXIT_USAGE
    from ..store import StoreError
    try:
        store = _open(args.db, readonly=False)
    except StoreError as exc:
        print(f"depeche: {exc.describe()}", file=sys.stderr)
        return EXIT_ERROR
    # with workers or a cluster, each worker builds its own engine: this process needs none
    say = not args.no_progress
    engine = load_engine(settings, say=say) if args.workers == 1 and not args.cluster \
        else None
    if say and args.workers > 1:
        print(f"depeche: starting {args.workers} analysis workers (each loads the language "
              f"model: a few seconds)…", file=sys.stderr, flush=True)
    show_bar = not args.no_progress and sys.stderr.isatty()
    bar = tqdm(total=_count_hint(args.paths) if show_bar else None, unit="article",
               file=sys.stderr, disable=not show_bar, dynamic_ncols=True, desc="ingest")

    def on_error(origin: str, message: str) -> None:
        where = message if message.startswith(origin) else f"{origin}: {message}"
        bar.write(f"depeche: error: {where}", file=sys.stderr)

    progress = bar.update
    if not show_bar and not args.no_progress:
        progress = _progress_lines(sys.stderr)
    stop_on_term = _terminate_as_interrupt()
    try:
        with _cluster(args, settings, say) as client:
            summary = ingest(store, iter_items(args.paths, settings=settings, published=published,
                                               fetch_pages=not args.no_fetch,
                                               allow_private_hosts=True if args.allow_private_hosts
                                               else None),
                             engine, batch_size=args.batch_size, source=args.source,
                             progress=progress, on_error=on_error, workers=args.workers,
                             engine_settings=settings, client=client)
    finally:
        bar.close()
        stop_on_term()
    print(f"depeche: {summary.line()}; store {shown_db(args.db)} "
          f"({store.size_bytes() / 1e6:.1f} MB)", file=sys.stderr)
    store.close()
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def _cluster(args, settings, say: bool):
    """The Dask client of --cluster, as a context manager (a null one without)."""
    from contextlib import nullcontext
    if not args.cluster:
        return nullcontext(None)
    from ..corpus.cluster import ClusterSpec, connect
    return connect(ClusterSpec.parse(args.cluster), settings, say=say)


def _cut(text, width: int) -> str:
    text = "" if text is None else str(text).replace("\n", " ")
    return text if len(text) <= width else text[:width - 1] + "…"


def _table(rows: list[list], headers: list[str], widths: list[int]) -> str:
    """Columns of at most their width, cut with "…"; a width of 0 is a column never cut
    (ids: they are what `depeche show` takes), as wide as its longest cell."""
    widths = [w or max([len(str(h))] + [len(str(r[i] or "")) for r in rows])
              for i, (h, w) in enumerate(zip(headers, widths))]
    lines = ["  ".join(_cut(h, w).ljust(w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(_cut(c, w).ljust(w) for c, w in zip(r, widths)).rstrip())
    return "\n".join(lines)


def _emit_page(page, args, out: TextIO, headers, widths, row, *, what: str = "items") -> int:
    fmt = _fmt(args, out)
    if fmt == "jsonl":
        for item in page.items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    elif fmt == "json":
        out.write(json.dumps(page.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        out.write(_table([row(i) for i in page.items], headers, widths) + "\n")
        out.write(f"page {page.page} of {page.pages} · {page.total} in all\n")
    if not page.items:
        why = (f"no {what} match these filters" if page.total == 0 else
               f"page {page.page} is past the last page ({page.pages})")
        print(f"depeche: {why} in {shown_db(args.db)}", file=sys.stderr)
    return EXIT_OK


def _query(fn):
    """Run a query command: a closed store or a bad argument is a usage error."""
    def run(args, out: TextIO) -> int:
        from ..errors import QueryError
        from ..store import StoreError
        try:
            return fn(args, out)
        except QueryError as exc:
            print(f"depeche: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except StoreError as exc:
            print(f"depeche: {exc.describe()}", file=sys.stderr)
            return EXIT_ERROR
    return run


@_query
def cmd_events(args, out: TextIO) -> int:
    from .. import queries
    from ..store.aggregate import events_page
    query, paging = _event_query(args), _paging(args)
    scope = parse_scope(args.by, args.outlet)
    with _open(args.db) as store:
        items, total = events_page(store, query.to_filter(), scope, limit=paging.limit,
                                   offset=paging.offset)
        page = queries.Page(items, total, paging.page, paging.per_page)

        def row(e):
            place = e.get("place") or {}
            d = (e.get("date") or {}).get("start") or e.get("published")
            figs = ", ".join(f"{f['category']} {f['value']}" for f in e.get("figures") or ())
            return [d, e["type"], e["modality"], place.get("name"), ", ".join(e["actors"]),
                    figs, e["trigger"]["text"], e["key"]]
        return _emit_page(page, args, out, ["date", "type", "modality", "place", "actors",
                                            "figures", "trigger", "id"],
                          [10, 12, 9, 16, 20, 18, 16, 0], row, what="events")


@_query
def cmd_quotes(args, out: TextIO) -> int:
    from .. import queries
    paging = _paging(args)
    with _open(args.db) as store:
        page = queries.quotes(store, speaker=args.speaker, text=args.text, page=paging.page,
                              per_page=paging.per_page)
        return _emit_page(page, args, out, ["date", "speaker", "quote", "article"],
                          [10, 24, 70, 0],
                          lambda q: [q["published"], q["speaker"] or "(speaker unknown)",
                                     q["text"], q["article_id"]], what="quotes")


@_query
def cmd_stories(args, out: TextIO) -> int:
    from .. import queries
    paging = _paging(args)
    with _open(args.db) as store:
        page = queries.stories(store, min_articles=args.min_articles, text=args.text,
                               page=paging.page, per_page=paging.per_page)
        return _emit_page(page, args, out, ["id", "articles", "from", "to", "title", "terms"],
                          [0, 8, 10, 10, 50, 40],
                          lambda s: [s["id"], s["n_articles"], s["first_date"], s["last_date"],
                                     s["title"], ", ".join(s["terms"])], what="stories")


def highlight(text: str, spans: list[dict], *, colour: bool) -> str:
    """The text with its spans marked: ANSI colours, or [[words]]{layer} brackets."""
    out, pos = [], 0
    for s in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if s["start"] < pos:        # nested or overlapping: the outer span is marked
            continue
        out.append(text[pos:s["start"]])
        words = text[s["start"]:s["end"]]
        if colour:
            out.append(f"\x1b[{ANSI_COLOURS.get(s['layer'], '1')}m{words}\x1b[0m")
        else:
            out.append(f"[[{words}]]{{{s['layer']}}}")
        pos = s["end"]
    out.append(text[pos:])
    return "".join(out)


@_query
def cmd_show(args, out: TextIO) -> int:
    from .. import queries
    with _open(args.db) as store:
        kind = store.find_kind(args.id)
        if kind is None and store.events_by_id(args.id):
            kind = "event"
        if kind is None:
            print(f"depeche: no article, event, story or merged event {args.id!r} in "
                  f"{shown_db(args.db)}",
                  file=sys.stderr)
            return EXIT_SOME_FAILED
        detail = {"article": queries.article_detail, "event": queries.event_detail,
                  "story": queries.story_detail,
                  "merged_event": queries.merged_event_detail}[kind](store, args.id)
        if detail is None:
            print(f"depeche: {args.id!r} names several events; give ARTICLE_ID/EVENT_ID",
                  file=sys.stderr)
            return EXIT_SOME_FAILED
        fmt = args.format or ("text" if out.isatty() else "json")
        if fmt == "json":
            out.write(json.dumps({"kind": kind, **detail}, ensure_ascii=False, indent=1) + "\n")
            return EXIT_OK
        colour = args.color == "always" or (args.color == "auto" and out.isatty())
        out.write(_render(kind, detail, colour) + "\n")
    return EXIT_OK


def _render(kind: str, d: dict, colour: bool) -> str:
    from ..queries import format_claims
    if kind == "article":
        by_field = {f: [s for s in d["spans"] if s.get("field", "text") == f]
                    for f in ("title", "text")}
        title = highlight(d["title"], by_field["title"], colour=colour) if d["title"] \
            else d["id"]
        lines = [f"== {title}",
                 f"   id {d['id']} · published {d['published'] or 'unknown'} · "
                 f"source {d['source'] or '—'} · story {d['story_id'] or '—'}"]
        if d["duplicate_of"]:
            lines.append(f"   exact copy of {d['duplicate_of']}")
        for n in d["near_duplicates"]:
            lines.append(f"   near-duplicate of {n['id']} ({n['similarity']:.2f})")
        lines.append("   spans: " + ", ".join(
            (f"\x1b[{ANSI_COLOURS[layer.item]}m{layer.item}\x1b[0m" if colour
             else f"{{{layer.item}}}") for layer in LAYERS))
        lines += ["", highlight(d["text"], by_field["text"], colour=colour), ""]
        for e in d["events"]:
            place = (e.get("place") or {}).get("name") or "—"
            lines.append(f"  event {e['type']:12} {e['modality']:9} {place:16} "
                         f"{e['trigger']['text']!r}  {e['key']}"
                         + (f"  merged {e['merged_id']}" if e.get("merged_id") else ""))
        for q in d["quotes"]:
            lines.append(f"  quote « {_cut(q['text'], 80)} » — {q.get('speaker') or '?'}")
        return "\n".join(lines)
    if kind == "story":
        lines = [f"== story {d['id']}: {d['title']}",
                 f"   {d['n_articles']} articles, {d['first_date']} → {d['last_date']}",
                 f"   terms: {', '.join(d['terms'])}", "", "Tolls (per category: the reports "
                 "by day, the latest and the highest; parts of a total aside):"]
        lines += [f"  {format_claims(g)}" + ("   ← sources disagree the same day: " + "; ".join(
                      f"{x['day']} {' / '.join(map(str, x['values']))}"
                      for x in g["disagreements"]) if g["conflict"] else "")
                  for g in d["figures"] if g["category"] != "other"] or ["  —"]
        lines += ["", "Merged events:"]
        lines += [f"  {m['type']:12} {m['place_name'] or '—':16} {m['date_start'] or '—'} "
                  f"{m['n_articles']} articles  {m['id']}"
                  for m in d["merged_events"] if m["n_articles"] > 1] or ["  —"]
        lines += ["", "Articles:"]
        lines += [f"  {a['published'] or '—':10} {a['id']:>10}  {_cut(a['title'], 70)}"
                  + ("  (copy)" if a["duplicate_of"] else "") for a in d["articles"]]
        return "\n".join(lines)
    if kind == "merged_event":
        lines = [f"== merged event {d['id']}: {d['type']} · {d['place_name'] or '—'} · "
                 f"{d['date_start'] or '—'} → {d['date_end'] or '—'} · {d['n_articles']} articles"]
        for e in d["events"]:
            figs = ", ".join(f"{f['category']} {f['value']}" for f in e.get("figures") or ())
            lines.append(f"  {e['published'] or '—':10} {e['key']:40} {_cut(e['evidence'], 60)}"
                         + (f"  [{figs}]" if figs else ""))
        return "\n".join(lines)
    if kind == "event":
        place = d.get("place") or {}
        day = d.get("date") or {}
        lines = [f"== event {d['key']}: {d['type']} ({d['modality']})",
                 f"   place {place.get('name') or '—'} ({place.get('country') or '—'})"
                 f" · date {day.get('start') or '—'}"
                 + (f"…{day['end']}" if day.get("end") and day.get("end") != day.get("start")
                    else "")
                 + f" · article {d['article_id']} ({d.get('published') or '—'})",
                 f"   merged {d.get('merged_id') or '—'} · story {d.get('story_id') or '—'}"]
        if d.get("actors"):
            lines.append(f"   actors: {', '.join(d['actors'])}")
        if d.get("targets"):
            lines.append(f"   targets: {', '.join(d['targets'])}")
        for f in d.get("figures") or ():
            lines.append(f"   {f['category']}: {f['value']}")
        if d.get("source"):
            lines.append(f"   source: {d['source']}")
        ev, tr = d["evidence_span"], d["trigger"]
        spans = [{"layer": "event", "start": tr["start"] - ev["start"],
                  "end": tr["end"] - ev["start"]}]
        lines += ["", "   " + highlight(d["evidence"], spans, colour=colour)]
        return "\n".join(lines)
    return json.dumps(d, ensure_ascii=False, indent=1)


@_query
def cmd_export(args, out: TextIO) -> int:
    if args.records and args.format != "jsonl":
        print("depeche: --records goes with --format jsonl", file=sys.stderr)
        return EXIT_USAGE
    query = _event_query(args)
    with _open(args.db) as store:
        options = {"query": query} if not args.records else {"records": True}
        n = export(store, args.format, out, **options)
    print(f"depeche: {n} {'records' if args.records else 'events'} exported "
          f"({args.format})", file=sys.stderr)
    return EXIT_OK
