"""The `depeche` command: a thin wrapper over the library.

    depeche analyze article.txt                 a readable fiche
    depeche analyze articles.jsonl --format jsonl > records.jsonl
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import textwrap
from typing import NoReturn, Sequence

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
  depeche analyze page.html --published 2020-08-06  a web page, dated that day
  depeche analyze articles.jsonl --format jsonl > records.jsonl
  cat article.txt | depeche analyze - --format json

settings: the shipped defaults, then --config FILE (or $DEPECHE_CONFIG, or
~/.config/depeche/settings.toml), then DEPECHE_SECTION__KEY variables,
e.g. DEPECHE_PARSE__MODEL=fr_core_news_sm for a faster, less accurate parse."""


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and epilogs wrapped to the terminal, paragraph by paragraph; a
    paragraph with indented lines (examples, tables) is kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        out = []
        for para in text.split("\n\n"):
            lines = para.splitlines()
            if any(line[:1].isspace() for line in lines[1:]) or \
                    any(line[:1].isspace() for line in lines[:1]):
                out.append("\n".join(indent + line for line in lines))
            else:
                out.append(textwrap.fill(" ".join(lines), width, initial_indent=indent,
                                         subsequent_indent=indent))
        return "\n\n".join(out)


class Parser(argparse.ArgumentParser):
    """argparse with a "did you mean" for a mistyped command, option or choice, and help
    wrapped to the terminal. Subcommands' parsers are of this class too (argparse makes
    them with the parent's class)."""

    def __init__(self, *args, **kwargs):
        kwargs["formatter_class"] = HelpFormatter
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        hint = self._did_you_mean(message)
        super().error(message + (f"\n  did you mean {hint}?" if hint else ""))

    def _did_you_mean(self, message: str) -> str | None:
        m = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if m:
            choices = re.findall(r"'([^']*)'", m.group(2)) or \
                [c.strip() for c in m.group(2).split(",")]
            close = difflib.get_close_matches(m.group(1), choices, n=1, cutoff=0.6)
            return repr(close[0]) if close else None
        m = re.search(r"unrecognized arguments: (\S+)", message)
        if m and m.group(1).startswith("-"):
            word = m.group(1).split("=")[0]
            options = [o for a in self._actions for o in a.option_strings if o.startswith("--")]
            close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
            return close[0] if close else None
        return None


def build_parser() -> Parser:
    parser = Parser(
        prog="depeche", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"depeche {__version__}")
    parser.add_argument("--config", metavar="FILE", help="a settings file (TOML) over the defaults")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    parser.set_defaults(_commands=sub.choices)
    return parser


def parse(parser: Parser, argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments; an unknown option is reported by the parser of its own command (its
    usage, not the top-level one), with a "did you mean"."""
    args, extras = parser.parse_known_args(argv)
    if extras:
        own = args._commands.get(args.command) if args.command else None
        (own or parser).error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parse(parser, argv)
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
        print(f"depeche: {exc.describe()}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("depeche: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
