"""`depeche places NAME [--country CC]`: the gazetteer's candidates for a name, and why
one wins."""
from __future__ import annotations

import argparse
import sys
from typing import TextIO

from .exits import EXIT_OK, EXIT_SOME_FAILED


def register(sub) -> None:
    p = sub.add_parser(
        "places", help="show the gazetteer's candidates for a place name",
        description="Show every gazetteer entry a place name may stand for, scored as the "
                    "places stage scores them out of context, best first.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""\
examples:
  depeche places Tripoli                 Libya's capital first, then Lebanon's
  depeche places Tripoli --country LB    as in an article about Lebanon
  depeche places "Saint-Denis" --limit 3

exit status: 0 the name is known, 1 it is not.""")
    p.add_argument("name", metavar="NAME", help="a place name as written (accents optional)")
    p.add_argument("--country", metavar="CC",
                   help="an ISO 3166 alpha-2 code the article points at (e.g. LB, US)")
    p.add_argument("--limit", type=int, default=10, help="candidates shown (default 10)")
    p.set_defaults(func=cmd_places)


def cmd_places(args, out: TextIO) -> int:
    from ..pipeline import Resources
    from ..settings import load_settings
    from ..stages.places import PlacesStage

    settings = load_settings(args.config)
    stage = PlacesStage(settings.get("places", {}), Resources(settings))
    ranked = stage.explain(args.name, country=args.country)
    if not ranked:
        print(f"depeche: no place named {args.name!r} in the gazetteer", file=sys.stderr)
        return EXIT_SOME_FAILED
    cue = f" (article about {args.country.upper()})" if args.country else ""
    out.write(f"{args.name}{cue}: {len(ranked)} candidate{'s' * (len(ranked) > 1)}\n")
    for rank, (score, rule, e) in enumerate(ranked[:args.limit], start=1):
        mark = "->" if rank == 1 else "  "
        pop = f"pop {e.population:,}" if e.population else ""
        how = ("own name", "French/curated name", "alternate name")[min(e.form, 2)]
        out.write(f"{mark} {score:5.2f}  {e.name} [{e.kind}, {e.country or '-'}"
                  f"{'/' + e.admin1 if e.admin1 else ''}] {e.lat:.4f},{e.lon:.4f}  {pop}"
                  f"{' capital' if e.capital else ''}  ({how}; {rule}"
                  f"{'; geonames ' + str(e.geonames_id) if e.geonames_id else ''})\n")
    if len(ranked) > args.limit:
        out.write(f"   ... {len(ranked) - args.limit} more (--limit)\n")
    return EXIT_OK
