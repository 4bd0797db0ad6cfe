"""Articles from what users hand us: text, HTML pages, JSONL files, standard input.

`make_article` checks one text (empty, too long, language) and builds the `Article`;
`read_inputs` turns paths into a stream of `Item`s — an article, or the error that
kept one input from being an article — so that one bad input never stops a batch.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, Mapping

from .errors import InputError
from .language import detect_language
from .records import Article
from .settings import Settings, load_settings

__all__ = ["make_article", "read_inputs", "decode_bytes", "html_to_text", "Item", "parse_date"]

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# what is read from a folder (a README or licence file beside articles is not an article)
FOLDER_SUFFIXES = {".txt", ".text"} | HTML_SUFFIXES | JSONL_SUFFIXES
HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)
TAGS = re.compile(r"</?(p|div|span|a|br|table|td|script|style|li|ul|h\d)\b[^>]*>", re.I)


@dataclass(frozen=True)
class Item:
    """One input unit: where it came from, and the article or the reason it is not one."""
    origin: str
    article: Article | None = None
    error: InputError | None = None


def parse_date(value: Any, *, origin: str = "published") -> date | None:
    """`YYYY-MM-DD` (or an ISO datetime, or a date) as a date; None for None or ''."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise InputError(f"published date {value!r} is not YYYY-MM-DD", source=origin)


def make_article(text: str, *, id: str | None = None, title: str | None = None,
                 published: Any = None, lang: str | None = None, source: str | None = None,
                 url: str | None = None, settings: Settings | None = None,
                 origin: str = "<text>", warnings: Iterable[str] = ()) -> Article:
    """Check a text and make it an Article. Raises InputError for an unusable text."""
    settings = settings or load_settings()
    limits = settings["input"]
    notes = list(warnings)
    if not isinstance(text, str):
        raise InputError(f"the article text must be a string, not {type(text).__name__}",
                         source=origin)
    if len(text.strip()) < max(1, int(limits["min_chars"])):
        raise InputError("empty article: there is no text to analyse", source=origin)
    max_chars = int(limits["max_chars"])
    if len(text) > max_chars:
        notes.append(f"text of {len(text):,} characters cut at {max_chars:,} "
                     f"([input] max_chars); the rest was not analysed")
        text = text[:max_chars]
    try:
        pub = parse_date(published, origin=origin)
    except InputError as exc:
        notes.append(f"{exc.args[0]}; relative dates are left unresolved")
        pub = None
    detected = lang or detect_language(text) or detect_language(title or "")
    return Article(text=text, id=str(id) if id not in (None, "") else Article.make_id(text, title),
                   title=title, published=pub, source=source, url=url, lang=detected,
                   warnings=tuple(notes))


def decode_bytes(data: bytes, origin: str) -> tuple[str, list[str]]:
    """Bytes as text: UTF-8, else the most likely encoding (with a warning).

    Raises InputError for binary data or bytes no encoding explains."""
    head = data[:8192]
    if b"\x00" in head:
        raise InputError("binary data (NUL bytes), not a text article; give a .txt, .html "
                         "or .jsonl file", source=origin)
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.05:
        raise InputError("binary data (control characters), not a text article", source=origin)
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot decode: not UTF-8 and no other encoding fits; convert the "
                         "file to UTF-8 (iconv -t UTF-8)", source=origin)
    return str(best), [f"not UTF-8: decoded as {best.encoding}"]


def html_to_text(html: str, origin: str) -> tuple[str, str | None, list[str]]:
    """Main text and title of an HTML page (trafilatura), else its visible text."""
    import trafilatura
    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_recall=True) or ""
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta is not None else None
    notes = []
    if not text.strip():
        from lxml import html as lxml_html
        try:
            tree = lxml_html.fromstring(html)
            for bad in tree.xpath("//script|//style"):
                bad.drop_tree()
            text = re.sub(r"[ \t]+", " ", tree.text_content()).strip()
        except Exception:  # lxml raises several types on soup
            text = ""
        if not text:
            raise InputError("HTML page with no readable text", source=origin)
        notes.append("no main text found in the HTML; all visible text was used")
    return text, title, notes


def _read_bytes(path: str, stdin: BinaryIO | None) -> bytes:
    if path == "-":
        return (stdin or sys.stdin.buffer).read()
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file; check the path", source=path) from None
    except IsADirectoryError:
        raise InputError("is a folder", source=path) from None
    except PermissionError:
        raise InputError("permission denied: cannot read the file", source=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=path) from None


def _jsonl_items(text: str, origin: str, settings: Settings, defaults: Mapping) -> Iterator[Item]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Item(where, error=InputError(f"not a JSON object: {exc.msg}", source=where))
            continue
        if not isinstance(obj, dict):
            yield Item(where, error=InputError("a line must be a JSON object with \"text\"",
                                               source=where))
            continue
        body = obj.get("text", obj.get("article"))
        if body is None:
            yield Item(where, error=InputError("no \"text\" key in this line", source=where))
            continue
        try:
            article = make_article(
                body, id=obj.get("id"), title=obj.get("title"),
                published=obj.get("published", obj.get("date")) or defaults.get("published"),
                lang=obj.get("lang"), source=obj.get("source"), url=obj.get("url"),
                settings=settings, origin=where)
        except InputError as exc:
            yield Item(where, error=exc)
            continue
        yield Item(where, article=article)


def _expand(paths: Iterable[str]) -> Iterator[str]:
    for path in paths:
        p = Path(path)
        if path != "-" and p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.is_file()
                           and q.suffix.lower() in FOLDER_SUFFIXES)
            if not found:
                yield path  # reported as an error below
            yield from (str(q) for q in found)
        else:
            yield path


def read_inputs(paths: Iterable[str], *, settings: Settings | None = None,
                published: Any = None, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Each path (a file, a folder of files, or '-' for stdin) as Items, in order.

    `.jsonl` gives one Item per line; `.html` is cleaned by trafilatura; anything else
    is read as text (HTML sniffed in a text file is cleaned too). `published` is the
    date for inputs that carry none."""
    settings = settings or load_settings()
    defaults = {"published": published}
    for path in _expand(paths):
        origin = "<stdin>" if path == "-" else path
        try:
            if path != "-" and Path(path).is_dir():
                raise InputError("folder with no .txt, .html or .jsonl file", source=path)
            data = _read_bytes(path, stdin)
            if not data.strip():
                raise InputError("empty input: there is no text to analyse", source=origin)
            text, notes = decode_bytes(data, origin)
            suffix = Path(path).suffix.lower() if path != "-" else ""
            if suffix in JSONL_SUFFIXES or (suffix == "" and text.lstrip().startswith("{")):
                yield from _jsonl_items(text, origin, settings, defaults)
                continue
            title = None
            if suffix in HTML_SUFFIXES or HTML_SNIFF.match(text) or len(TAGS.findall(text[:5000])) > 5:
                if suffix not in HTML_SUFFIXES:
                    notes.append("looks like HTML: cleaned as a web page")
                text, title, more = html_to_text(text, origin)
                notes += more
            article = make_article(text, title=title, published=published, settings=settings,
                                   origin=origin, warnings=notes,
                                   url=None if path == "-" else str(Path(path)))
            yield Item(origin, article=article)
        except InputError as exc:
            yield Item(origin, error=exc)
