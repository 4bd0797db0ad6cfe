"""`depeche brief`: a situation brief of a story or a place, written from the store.

    depeche brief --story st-… --db news.db -o beyrouth.html
    depeche brief --country LB --from 2020-08-04 --to 2020-08-10 --format md --db news.db
    depeche brief --near 33.90,35.52 --within 20 --format json --db news.db
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from ..brief import BRIEF_PARAMS, FORMATS
from .corpus import DB_HELP, default_db, shown_db
from .exits import EXIT_ERROR, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE

DEFAULT_LINK_BASE = "http://127.0.0.1:8000"     # `depeche serve`'s address by default
_SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".json": "json"}


def register(sub) -> None:
    p = sub.add_parser(
        "brief", help="a situation brief of a story or a place (French; HTML, Markdown, JSON)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="A situation brief written in French from the store's records (no "
                    "language model): the headline line (period, places, main event "
                    "types), the tolls of each source in date order with the latest, the "
                    "highest and where sources disagree, a dated chronology, what is "
                    "announced or proposed, who said what, a map and a timeline. Every "
                    "sentence links to the words it rests on (article id and characters).",
        epilog="""\
scope: --story ID, or --country CC, or --near LAT,LON [--within KM] (one at least),
with any other event filter (--from, --to, --type, --modality...).

examples:
  depeche brief --story st-9d556ae742b1f3cd -o brief.html
  depeche brief --country Liban --from 2020-08-04 --to 2020-08-31 --format md
  depeche brief --near 33.90,35.52 --within 20 --format json""")
    for param in BRIEF_PARAMS:
        p.add_argument(param.cli, dest=param.field, metavar=param.metavar, help=param.help)
    p.add_argument("--format", "-f", choices=FORMATS,
                   help="html: a page that prints (its styles and charts inside it); md: "
                        "Markdown; json: every sentence with the article ids and spans of "
                        "its evidence (default: from the -o file's suffix, else md)")
    p.add_argument("--output", "-o", dest="out_file", metavar="FILE",
                   help="write to FILE (written only when the brief is made)")
    p.add_argument("--link-base", metavar="URL", default=DEFAULT_LINK_BASE,
                   help="the web page the evidence links open (`depeche serve`'s address; "
                        f"default {DEFAULT_LINK_BASE})")
    p.add_argument("--db", metavar="FILE|URL", default=default_db(), help=DB_HELP)
    p.set_defaults(func=cmd_brief)


def _format(args) -> str:
    if args.format:
        return args.format
    return _SUFFIXES.get(Path(args.out_file).suffix.lower(), "md") if args.out_file else "md"


def cmd_brief(args, out: TextIO) -> int:
    from ..brief import BriefScope, build_brief, render
    from ..errors import NotFoundError, QueryError
    from ..store import Store, StoreError
    try:
        scope = BriefScope.parse(**{p.field: getattr(args, p.field) for p in BRIEF_PARAMS})
    except QueryError as exc:
        print(f"depeche: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        with Store(args.db, readonly=True) as store:
            brief = build_brief(store, scope)
    except NotFoundError as exc:
        print(f"depeche: {exc} ({shown_db(args.db)}); `depeche stories` lists them",
              file=sys.stderr)
        return EXIT_SOME_FAILED
    except StoreError as exc:
        print(f"depeche: {exc.describe()}", file=sys.stderr)
        return EXIT_ERROR
    text = render(brief, _format(args), base=args.link_base)
    if args.out_file:
        Path(args.out_file).write_text(text, encoding="utf-8")
        print(f"depeche: brief of {brief['counts']['articles']} articles written to "
              f"{args.out_file}", file=sys.stderr)
    else:
        out.write(text)
    if not brief["counts"]["events"] and not brief["counts"]["articles"]:
        print(f"depeche: no events match these filters in {shown_db(args.db)}",
              file=sys.stderr)
    return EXIT_OK
