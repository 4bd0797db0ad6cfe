"""The subcommands of `depeche`, each a module with `register(subparsers)`.

Listed explicitly here, in the order `depeche --help` shows them."""
from __future__ import annotations

from . import analyze, brief, corpus, places, serve, settings

COMMANDS = [analyze, corpus, brief, places, serve, settings]

__all__ = ["COMMANDS"]
