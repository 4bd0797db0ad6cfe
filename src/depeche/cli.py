"""The `depeche` command: a thin wrapper over the library.

    depeche analyze article.txt                 a readable fiche
    depeche analyze articles.jsonl --format jsonl > records.jsonl
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from . import __version__
from .errors import DepecheError

from .commands import COMMANDS
from .commands.exits import EXIT_ERROR, EXIT_OK, EXIT_USAGE

DESCRIPTION = """\
depeche turns French news articles about crises (wars, attacks, disasters,
evacuations, protests) into structured records: places with coordinates, dates
resolved against the publication date, counts of dead, wounded, evacuated...,
quotes with their speakers, and typed events — every item with the exact words
(character offsets) it came from and the rule that produced it."""

EPILOG = """\
examples:
  depeche analyze article.txt                       a readable fiche
  depeche analyze page.html --published 2020-08-06  an HTML page, dates anchored on that day
  depeche analyze articles.jsonl --format jsonl > records.jsonl
  cat article.txt | depeche analyze - --format json

settings: the shipped defaults, then --config FILE (or $DEPECHE_CONFIG, or
~/.config/depeche/settings.toml), then DEPECHE_SECTION__KEY variables,
e.g. DEPECHE_PARSE__MODEL=fr_core_news_sm for a faster, less accurate parse."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="depeche", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"depeche {__version__}")
    parser.add_argument("--config", metavar="FILE", help="a settings file (TOML) over the defaults")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    out = sys.stdout
    try:
        if getattr(args, "output", None):
            with open(args.output, "w", encoding="utf-8") as fh:
                return args.func(args, fh)
        return args.func(args, out)
    except DepecheError as exc:
        print(f"depeche: error [{exc.code}]: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("depeche: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
