"""`depeche settings`: every setting with its value, default and meaning."""
from __future__ import annotations

import argparse
import json
import textwrap
from typing import TextIO

from .exits import EXIT_OK


def register(sub) -> None:
    p = sub.add_parser(
        "settings", help="list every setting: its value, default and meaning",
        description="List every setting depeche reads, section by section: the value in "
                    "force (defaults, then --config FILE or $DEPECHE_CONFIG or "
                    "~/.config/depeche/settings.toml, then DEPECHE_SECTION__KEY "
                    "variables), its default when they differ, and what it does.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""\
examples:
  depeche settings                          what is in force, and why
  depeche --config my.toml settings         a settings file over the defaults
  DEPECHE_PARSE__MODEL=fr_core_news_sm depeche settings
  depeche settings --format toml > my.toml  a settings file to edit""")
    p.add_argument("--format", choices=("text", "toml", "json"), default="text",
                   help="text for a person (default), toml for a file to edit, json")
    p.set_defaults(func=cmd_settings)


def _toml(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def cmd_settings(args, out: TextIO) -> int:
    from ..settings import declared_options, load_settings

    settings = load_settings(args.config)
    declared = declared_options()
    if args.format == "json":
        out.write(json.dumps({s: {o.key: {"value": settings[s][o.key], "default": o.default,
                                          "help": o.help} for o in opts}
                              for s, opts in declared.items()},
                             ensure_ascii=False, indent=1) + "\n")
        return EXIT_OK
    for section, options in declared.items():
        out.write(f"[{section}]\n")
        if not options:
            out.write("# (no settings)\n" if args.format == "toml" else "  (no settings)\n")
        for o in options:
            value = settings[section][o.key]
            if args.format == "toml":
                for line in textwrap.wrap(o.help, 86):
                    out.write(f"# {line}\n")
                out.write(f"{o.key} = {_toml(value)}\n")
                continue
            changed = "" if value == o.default else f"   (default {_toml(o.default)})"
            out.write(f"  {o.key} = {_toml(value)}{changed}\n")
            for line in textwrap.wrap(o.help, 80):
                out.write(f"      {line}\n")
        out.write("\n")
    return EXIT_OK
