"""Lexicons and patterns kept as data files: `lang/<lang>/<name>.toml`.

Each file says where its entries came from (a `[meta]` table with `source`). Files are
read once per `Lexicons` object, on first use; a test can build a `Lexicons` over its
own folder.

A stage reads a lexicon with its schema, `lexicons.get(name, SCHEMA)`, so that a
misspelt or unknown key is an error naming the file and the key, never silently
ignored. A schema is a dict of key -> what its value must be:

- a type (`str`, `int`, `float`, `bool`, `list`, `dict`), or `[str]` (a list of strings),
  `[[str]]` (a list of lists of strings), `{str: [str]}` style dicts are written
  `Table(spec)` (a table whose keys are free, each value checked against `spec`);
- a nested dict: a table with exactly these keys;
- `PATTERNS`: spaCy `Matcher` token patterns (a list of patterns, each a list of dicts).

A key ending in `?` may be absent. `meta` is always allowed.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from .errors import SettingsError

__all__ = ["Lexicons", "Table", "PATTERNS", "compile_guarded", "first_char_guard", "validate"]


@dataclass(frozen=True)
class Table:
    """A table whose keys are free (names, words), each value checked against `spec`."""
    spec: Any


class _Patterns:
    def __repr__(self) -> str:
        return "PATTERNS"


PATTERNS = _Patterns()


def _describe(spec: Any) -> str:
    if isinstance(spec, type):
        return spec.__name__
    if isinstance(spec, list):
        return f"a list of {_describe(spec[0])}"
    if isinstance(spec, Table):
        return f"a table of {_describe(spec.spec)}"
    if isinstance(spec, dict):
        return "a table"
    return repr(spec)


def _at(where: str, key: Any) -> str:
    return f"{where}.{key}" if where else str(key)


def validate(value: Any, spec: Any, where: str = "") -> None:
    """Raise SettingsError at the first place `value` does not fit `spec`; `where` is
    the dotted key path of `value` (empty at the top of a file)."""
    where_ = where or "the file"
    if spec is PATTERNS:
        if not isinstance(value, list) or not all(
                isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in value):
            raise SettingsError(f"{where_} must be a list of spaCy Matcher patterns "
                                f"(lists of token tables)")
        return
    if isinstance(spec, Table):
        if not isinstance(value, dict):
            raise SettingsError(f"{where_} must be {_describe(spec)}")
        for key, item in value.items():
            validate(item, spec.spec, _at(where, key))
        return
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise SettingsError(f"{where_} must be a table")
        known = {k.rstrip("?"): k for k in spec}
        for key, item in value.items():
            if key == "meta" and "meta" not in known:
                continue
            if key not in known:
                raise SettingsError(f"unknown key {_at(where, key)}; known: "
                                    f"{', '.join(sorted(known)) or '(none)'}")
            validate(item, spec[known[key]], _at(where, key))
        for key, raw in known.items():
            if not raw.endswith("?") and key not in value:
                raise SettingsError(f"{_at(where, key)} is missing ({_describe(spec[raw])})")
        return
    if isinstance(spec, list):
        if not isinstance(value, list):
            raise SettingsError(f"{where_} must be {_describe(spec)}")
        for i, item in enumerate(value):
            validate(item, spec[0], f"{where_}[{i}]")
        return
    if spec is float and isinstance(value, int) and not isinstance(value, bool):
        return
    if not isinstance(value, spec) or (spec is int and isinstance(value, bool)):
        raise SettingsError(f"{where_} must be {_describe(spec)}, not {value!r}")


class Lexicons:
    def __init__(self, lang: str = "fr", folder: str | Path | None = None):
        self.lang = lang
        self._folder = Path(folder) if folder else None
        self._cache: dict[str, dict[str, Any]] = {}
        self._checked: set[tuple[str, int]] = set()

    def _read(self, name: str) -> str:
        if self._folder is not None:
            return (self._folder / f"{name}.toml").read_text(encoding="utf-8")
        return resources.files("depeche").joinpath(f"lang/{self.lang}/{name}.toml").read_text(
            encoding="utf-8")

    def get(self, name: str, schema: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The parsed TOML file `name` (without `.toml`), checked against `schema`."""
        if name not in self._cache:
            try:
                self._cache[name] = tomllib.loads(self._read(name))
            except FileNotFoundError:
                raise SettingsError(f"no lexicon {name!r} for language {self.lang!r}") from None
            except tomllib.TOMLDecodeError as exc:
                raise SettingsError(f"lexicon {name!r} is not valid TOML: {exc}") from None
        data = self._cache[name]
        if schema is not None and (name, id(schema)) not in self._checked:
            try:
                validate(data, dict(schema))
            except SettingsError as exc:
                raise SettingsError(f"lexicon lang/{self.lang}/{name}.toml: {exc}") from None
            self._checked.add((name, id(schema)))
        return data

    def __getitem__(self, name: str) -> dict[str, Any]:
        return self.get(name)


# --- patterns compiled with a guard on their first characters ----------------------------
# Python's regex engine tries a pattern at every position of a text; a pattern that opens
# on a long alternation of words costs a try of each word at each position. A lookahead on
# the characters a match can start with, `(?=[...][...])` (its first two characters when
# every match has two), fails at once elsewhere; it is derived from the parsed pattern, so
# it never refuses a position the pattern could match.

_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D",
               "CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S",
               "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_ANY = ""            # a position that may hold any character
_DEPTH = 2           # characters guarded
_Paths = frozenset   # of tuples of class items (at most _DEPTH): how a match can begin


class _Unknown(Exception):
    """The pattern holds what the guard does not read (flags changed inside, a back
    reference, a conditional group, a long repeat)."""


def _class(av: Any) -> str:
    out = []
    for op, arg in av:
        name = str(op)
        if name == "LITERAL":
            out.append(f"\\U{arg:08x}")
        elif name == "RANGE":
            out.append(f"\\U{arg[0]:08x}-\\U{arg[1]:08x}")
        elif name == "CATEGORY" and str(arg) in _CATEGORIES:
            out.append(_CATEGORIES[str(arg)])
        else:   # NEGATE, or what the parser may add later
            return _ANY
    return "".join(out)


def _then(a: _Paths, b: _Paths) -> _Paths:
    """The beginnings of `a` followed by `b`, cut at _DEPTH characters."""
    return frozenset((x + y)[:_DEPTH] if len(x) < _DEPTH else x for x in a for y in b)


def _element(op: Any, av: Any) -> _Paths:
    name = str(op)
    if name in _ZERO_WIDTH:
        return frozenset({()})
    if name == "LITERAL":
        return frozenset({(f"\\U{av:08x}",)})
    if name == "IN":
        return frozenset({(_class(av),)})
    if name in ("ANY", "NOT_LITERAL"):
        return frozenset({(_ANY,)})
    if name == "SUBPATTERN":
        if av[1] or av[2]:   # flags changed inside the group
            raise _Unknown
        return _paths(av[3])
    if name == "ATOMIC_GROUP":
        return _paths(av)
    if name == "BRANCH":
        return frozenset().union(*(_paths(alt) for alt in av[1]))
    if name in _REPEATS:
        lo, hi, body = av[0], av[1], _paths(av[2])
        if lo > 8:
            raise _Unknown
        out: set[tuple[str, ...]] = set()
        acc: _Paths = frozenset({()})
        for n in range(max(lo, min(hi, _DEPTH)) + 1):
            if n >= lo:
                out |= acc
            acc = _then(acc, body)
        return frozenset(out)
    raise _Unknown


def _paths(seq: Any) -> _Paths:
    acc: _Paths = frozenset({()})
    for op, av in seq:
        if all(len(x) >= _DEPTH for x in acc):
            break
        acc = _then(acc, _element(op, av))
    return acc


def first_char_guard(pattern: str, flags: int = 0) -> str:
    """`pattern` with a lookahead on the characters its matches can start with; the
    pattern unchanged when they cannot be told, or when it can match the empty string."""
    import re._parser as sre_parse   # the standard library's own parser of patterns
    if pattern.startswith("(?") and re.match(r"\(\?[aiLmsux]+\)", pattern):
        return pattern
    try:
        paths = _paths(sre_parse.parse(pattern, flags))
    except _Unknown:
        return pattern
    if not paths or any(not x or x[0] == _ANY for x in paths):
        return pattern
    guard = "[" + "".join(dict.fromkeys(x[0] for x in paths)) + "]"
    if all(len(x) >= 2 for x in paths) and all(x[1] != _ANY for x in paths):
        guard += "[" + "".join(dict.fromkeys(x[1] for x in paths)) + "]"
    return "(?=" + guard + ")" + pattern


def compile_guarded(pattern: str, flags: int = 0) -> re.Pattern:
    """`re.compile` of `pattern` with its first-character guard (same matches)."""
    return re.compile(first_char_guard(pattern, flags), flags)
