"""Articles from what users hand us: text, HTML pages, JSONL files, standard input.

`make_article` checks one text (empty, too long, language) and builds the `Article`;
`read_inputs` turns paths into a stream of `Item`s — an article, or the error that
kept one input from being an article — so that one bad input never stops a batch.
"""
from __future__ import annotations

import codecs
import json
import math
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
    raise InputError(f"published date {_short(value)} is not YYYY-MM-DD", source=origin)


# The longest value each optional field of an article may have (characters).
FIELD_LIMITS = {"id": 256, "title": 2000, "source": 500, "url": 8192, "lang": 35}
CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
SURROGATES = re.compile(r"[\ud800-\udfff]")


def _short(value: Any, width: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def _kind(value: Any) -> str:
    """What a JSON value is, in the words of JSON."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _valid_unicode(name: str, value: str, notes: list[str]) -> str:
    """`value` with lone surrogates (which no encoder accepts) replaced, one for one."""
    found = len(SURROGATES.findall(value))
    if not found:
        return value
    notes.append(f"field \"{name}\": {found} lone surrogate(s) (invalid Unicode) replaced "
                 f"by U+FFFD")
    return SURROGATES.sub("\ufffd", value)


def _field(name: str, value: Any, origin: str, notes: list[str]) -> str | None:
    """One optional text field of an article: None, a string, or a number read as its text.

    Anything else (a list, an object, true/false), a value too long, or an id with control
    characters is refused: InputError naming the field."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(f"field \"{name}\" must be a string, not {value}", source=origin)
        try:
            value = str(value)
        except ValueError:  # an integer of more than 4,300 digits
            raise InputError(f"field \"{name}\" is a number too long to be read",
                             source=origin) from None
        if name != "id":  # a numeric id is ordinary JSON; a numeric title is worth a word
            notes.append(f"field \"{name}\" was a number; read as the text {value!r}")
    if not isinstance(value, str):
        raise InputError(f"field \"{name}\" must be a string, not {_kind(value)} "
                         f"({_short(value, 40)})", source=origin)
    limit = FIELD_LIMITS[name]
    if len(value) > limit:
        raise InputError(f"field \"{name}\" is {len(value):,} characters long; at most "
                         f"{limit:,}", source=origin)
    if name in ("id", "lang") and CONTROLS.search(value):
        raise InputError(f"field \"{name}\" holds control characters", source=origin)
    return _valid_unicode(name, value, notes)


def make_article(text: str, *, id: str | None = None, title: str | None = None,
                 published: Any = None, lang: str | None = None, source: str | None = None,
                 url: str | None = None, settings: Settings | None = None,
                 origin: str = "<text>", warnings: Iterable[str] = ()) -> Article:
    """Check every field of an article and make it an Article: the one door through which
    input becomes an Article. Strings pass unchanged; a number where text is expected
    (a numeric title or id) becomes its text, with a warning; a field of the wrong kind
    (`"source": ["AFP"]`, `"url": {...}`) refuses the article. Raises InputError naming
    the input and the field."""
    settings = settings or load_settings()
    limits = settings["input"]
    notes = list(warnings)
    if not isinstance(text, str):
        raise InputError(f"field \"text\" must be a string, not {_kind(text)}", source=origin)
    if len(text.strip()) < max(1, int(limits["min_chars"])):
        raise InputError("empty article: there is no text to analyse", source=origin)
    max_chars = int(limits["max_chars"])
    if len(text) > max_chars:
        notes.append(f"text of {len(text):,} characters cut at {max_chars:,} "
                     f"([input] max_chars); the rest was not analysed")
        text = text[:max_chars]
    text = _valid_unicode("text", text, notes)
    id = _field("id", id, origin, notes)
    title = _field("title", title, origin, notes)
    source = _field("source", source, origin, notes)
    url = _field("url", url, origin, notes)
    lang = _field("lang", lang, origin, notes)
    try:
        pub = parse_date(published, origin=origin)
    except InputError as exc:
        notes.append(f"{exc.args[0]}; relative dates are left unresolved")
        pub = None
    detected = lang or detect_language(text) or detect_language(title or "")
    return Article(text=text, id=id if id else Article.make_id(text, title),
                   title=title, published=pub, source=source, url=url, lang=detected,
                   warnings=tuple(notes))


# Byte order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"))
# UTF-8 with at most this many bad byte sequences per byte is UTF-8 with stray bytes
# (replaced), not another encoding.
MAX_BAD_UTF8 = 1 / 1000
NON_ASCII = re.compile(r"[^\x00-\x7f\ufffd]")


def _refuse_binary(head: str | bytes, origin: str) -> None:
    """InputError when the start of an input looks like binary data, not text."""
    has_nul = "\x00" in head if isinstance(head, str) else b"\x00" in head
    if has_nul:
        raise InputError("binary data (NUL bytes), not a text article; give a .txt, .html "
                         "or .jsonl file", source=origin)
    codes = head if isinstance(head, bytes) else (ord(c) for c in head)
    controls = sum(1 for b in codes if b < 32 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.05:
        raise InputError("binary data (control characters), not a text article", source=origin)


def _replaced(data: bytes, codec: str) -> tuple[str, int]:
    """`data` decoded with bad sequences replaced by U+FFFD, and how many were replaced."""
    text = data.decode(codec, errors="replace")
    genuine = data.count("\ufffd".encode(codec)) if codec != "utf-8" else \
        data.count(b"\xef\xbf\xbd")
    return text, text.count("\ufffd") - genuine


def _few(bad: int, size: int) -> bool:
    return bad <= max(1, int(size * MAX_BAD_UTF8))


def _looks_utf8(text: str, bad: int) -> bool:
    """More well-formed non-ASCII characters than bad sequences: UTF-8 with stray bytes."""
    seen = 0
    for seen, _ in enumerate(NON_ASCII.finditer(text), 1):
        if seen > bad:
            return True
    return seen > bad


def decode_bytes(data: bytes, origin: str) -> tuple[str, list[str]]:
    """Bytes as text, in this order: a byte order mark (UTF-8, UTF-16 or UTF-32) is
    honoured; then strict UTF-8; then UTF-8 with its few bad bytes replaced by U+FFFD
    (a warning gives the count); only then the most likely encoding (a warning names it).

    Raises InputError for binary data or bytes no encoding explains."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            text, bad = _replaced(data[len(bom):], codec)
            _refuse_binary(text[:8192], origin)
            if not _few(bad, len(data)):
                raise InputError(f"not {codec.upper()[:6]} despite its byte order mark "
                                 f"({bad:,} bad sequences): binary data?", source=origin)
            notes = [f"{bad:,} invalid {codec.upper()[:6]} byte sequence(s) replaced by "
                     f"U+FFFD"] if bad else []
            return text, notes
    _refuse_binary(data[:8192], origin)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    text, bad = _replaced(data, "utf-8")
    if _few(bad, len(data)) and _looks_utf8(text, bad):
        return text, [f"{bad:,} invalid UTF-8 byte sequence(s) replaced by U+FFFD; the rest "
                      f"is UTF-8"]
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
        except (ValueError, RecursionError) as exc:  # a 5,000-digit number, deep nesting
            yield Item(where, error=InputError(f"not a JSON object: {str(exc)[:80]}",
                                               source=where))
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
            if (suffix in HTML_SUFFIXES or HTML_SNIFF.match(text)
                    or len(TAGS.findall(text[:5000])) > 5):
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
