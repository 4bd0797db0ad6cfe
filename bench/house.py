"""The house rules, measured: no import loop in the package, no file over 600 lines and
no function over 60 lines in `stages/`, and French words kept in the lexicons (`lang/`),
not quoted in stage code.

    python bench/house.py            # prints each rule's figures and what breaks it

`tests/test_house.py` holds the same rules as a test.
"""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "depeche"
STAGES = PACKAGE / "stages"
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 60

# spaCy's own vocabulary of labels: these are not French words
_SPACY_LABELS = {
    "acl", "advcl", "advmod", "amod", "appos", "aux", "case", "cc", "ccomp", "conj", "cop",
    "csubj", "dep", "det", "expl", "fixed", "flat", "iobj", "mark", "nmod", "nsubj",
    "nummod", "obj", "obl", "orphan", "parataxis", "punct", "root", "vocative", "xcomp",
    "pass", "agent", "arg", "mod", "name", "comp", "poss", "tmod", "npmod",
}


def _vocabulary() -> set[str]:
    """depeche's own English vocabulary (categories, kinds, types, tenses, hints)."""
    sys.path.insert(0, str(PACKAGE.parent))
    from depeche import records
    words = set(records.FIGURE_CATEGORIES) | set(records.PLACE_KINDS) | set(records.MODALITIES)
    words |= set(records.EVENT_TYPES) | set(records.LAYER_FIELDS)
    return words | {"past", "future", "present", "recent", "district", "street", "border",
                    "article", "doc"}


_VOCABULARY = _vocabulary()


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules `name` imports at module level (imports inside functions
    are deferred on purpose and make no loop at import time)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in tree.body:
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")
                up = up[:len(up) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                out.add(t)
    return out


def import_cycles() -> list[list[str]]:
    mods = modules()
    graph = {m: imports_of(m, p, set(mods)) for m, p in mods.items()}
    # a package imports its submodules' parents implicitly: importing a.b runs a first
    cycles, state, stack = [], {}, []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                cycles.append(stack[stack.index(n):] + [n])
            elif n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    return cycles


def long_files() -> list[tuple[str, int]]:
    out = []
    for path in sorted(STAGES.rglob("*.py")):
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_FILE_LINES:
            out.append((str(path.relative_to(ROOT)), n))
    return out


def long_functions() -> list[tuple[str, int]]:
    out = []
    for path in sorted(STAGES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    out.append((f"{path.relative_to(ROOT)}:{node.lineno} {node.name}", n))
    return out


def _lexicon_words() -> set[str]:
    words: set[str] = set()

    def walk(v):
        if isinstance(v, str):
            if not re.fullmatch(r"[A-Z]{2}", v):
                # a country code ("ID", "IN") is no French word ("id", "in")
                words.add(v.lower())
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            for k, x in v.items():
                if k != "meta":
                    walk(x)
    for path in (PACKAGE / "lang").rglob("*.toml"):
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return words


def french_in_code() -> list[tuple[str, str]]:
    """String literals of stage code that are French words: lowercase words of the
    lexicons (or with French accents), outside docstrings, spaCy labels excepted."""
    lexicon = _lexicon_words()
    out = []
    for path in sorted(STAGES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                 ast.AsyncFunctionDef)) and node.body:
                first = node.body[0]
                if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                    docstrings.add(id(first.value))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                for v in node.values:
                    if isinstance(v, ast.Constant):
                        docstrings.add(id(v))   # message text of f-strings
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            if id(node) in docstrings:
                continue
            s = node.value.strip()
            if s != s.lower() or s in _VOCABULARY:
                continue
            if not re.fullmatch(r"[a-zàâäçéèêëîïôöùûüÿœæ' ’-]{2,}", s):
                continue
            if s in _SPACY_LABELS or s.split(":")[0] in _SPACY_LABELS:
                continue
            accented = bool(re.search(r"[àâäçéèêëîïôöùûüÿœæ]", s))
            if accented or s in lexicon:
                out.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.value))
    return out


def main() -> int:
    cycles, files, funcs, words = import_cycles(), long_files(), long_functions(), french_in_code()
    print(f"import loops: {len(cycles)}")
    for c in cycles:
        print("   " + " -> ".join(c))
    print(f"files over {MAX_FILE_LINES} lines in stages/: {len(files)}")
    for f, n in files:
        print(f"   {f}: {n}")
    print(f"functions over {MAX_FUNCTION_LINES} lines in stages/: {len(funcs)}")
    for f, n in funcs:
        print(f"   {f}: {n}")
    print(f"French words quoted in stage code: {len(words)}")
    for where, w in words:
        print(f"   {where}: {w!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
