"""Inputs beyond text, HTML and JSONL files: RSS/Atom feeds, WARC archives, .jsonl.gz.

`iter_items(paths)` is the reader of `depeche ingest`: each path or URL as a stream of
`articles.Item`s (an article, or the error that kept one input from being one), so
that one bad entry never stops a batch. Plain files go through `articles.read_inputs`.

- a feed (file or http(s) URL; `feedparser`): each entry's linked page is fetched and
  cleaned by trafilatura; when the page cannot be fetched, the entry's own content or
  summary is used, with a warning.
- a WARC file (`warcio`, .warc or .warc.gz): each HTML response record is an article,
  its URL the record's target URI.
- a gzipped JSONL file (.jsonl.gz): read line by line, never whole in memory.
"""
from __future__ import annotations

import gzip
import re
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator

from .articles import (FOLDER_SUFFIXES, Item, _jsonl_items, decode_bytes,
                       html_to_text, make_article, read_inputs)
from .errors import InputError
from .settings import Settings, load_settings

__all__ = ["iter_items", "feed_items", "warc_items", "jsonl_gz_items", "fetch", "is_url"]

FEED_SUFFIXES = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_GZ_SUFFIXES = (".jsonl.gz", ".ndjson.gz")
FEED_SNIFF = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)
USER_AGENT = "depeche (news analysis; +https://example.invalid/depeche)"


def is_url(path: str) -> bool:
    return path.startswith(("http://", "https://", "file://"))


def fetch(url: str, *, timeout: float = 20.0) -> bytes:
    """The bytes at `url` (http, https or file); InputError when it cannot be had."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.read()
    except Exception as exc:  # urllib raises URLError, HTTPError, socket errors, ValueError
        raise InputError(f"cannot fetch: {getattr(exc, 'reason', None) or exc}",
                         source=url) from None


def _entry_date(entry) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _entry_html(entry) -> str:
    for content in entry.get("content") or ():
        if content.get("value"):
            return content["value"]
    return entry.get("summary") or entry.get("description") or ""


def feed_items(location: str, *, data: bytes | None = None, settings: Settings | None = None,
               published: Any = None, fetch_pages: bool = True,
               timeout: float = 20.0) -> Iterator[Item]:
    """Each entry of an RSS or Atom feed (a file, a URL, or given `data`) as an Item."""
    import feedparser
    settings = settings or load_settings()
    try:
        if data is None:
            data = fetch(location, timeout=timeout) if is_url(location) else \
                Path(location).read_bytes()
    except OSError as exc:
        yield Item(location, error=InputError(f"cannot read: {exc.strerror or exc}",
                                              source=location))
        return
    except InputError as exc:
        yield Item(location, error=exc)
        return
    feed = feedparser.parse(data)
    if not feed.entries:
        why = f": {feed.bozo_exception}" if feed.get("bozo") else ""
        yield Item(location, error=InputError(f"a feed with no entries{why}", source=location))
        return
    for n, entry in enumerate(feed.entries, 1):
        link = entry.get("link")
        where = link or f"{location}#{n}"
        notes: list[str] = []
        text = title = None
        try:
            if link and fetch_pages:
                try:
                    page, page_notes = decode_bytes(fetch(link, timeout=timeout), link)
                    text, title, more = html_to_text(page, link)
                    notes += page_notes + more
                except InputError as exc:
                    notes.append(f"linked page not used ({exc}); the feed's own text was used")
            if text is None:
                body = _entry_html(entry)
                if not body.strip():
                    raise InputError("feed entry with no text, and its page could not be had",
                                     source=where)
                text, _, more = html_to_text(f"<html><body><p>{body}</p></body></html>", where) \
                    if "<" in body else (body, None, [])
                notes += more
            article = make_article(
                text, title=entry.get("title") or title,
                published=_entry_date(entry) or published, settings=settings, origin=where,
                url=link, source=(feed.feed.get("title") or None), warnings=notes)
            yield Item(where, article=article)
        except InputError as exc:
            yield Item(where, error=exc)


def warc_items(path: str, *, settings: Settings | None = None,
               published: Any = None) -> Iterator[Item]:
    """Each HTML response record of a WARC file as an Item."""
    from warcio.archiveiterator import ArchiveIterator
    settings = settings or load_settings()
    try:
        stream = open(path, "rb")
    except OSError as exc:
        yield Item(path, error=InputError(f"cannot read: {exc.strerror or exc}", source=path))
        return
    found = 0
    with stream:
        try:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or path
                ctype = (record.http_headers.get_header("Content-Type") or "") \
                    if record.http_headers else ""
                if "html" not in ctype.lower():
                    continue
                found += 1
                try:
                    status = record.http_headers.get_statuscode()
                    if status and not status.startswith("2"):
                        raise InputError(f"HTTP status {status}, not a page", source=uri)
                    html, notes = decode_bytes(record.content_stream().read(), uri)
                    text, title, more = html_to_text(html, uri)
                    article = make_article(text, title=title, published=published,
                                           settings=settings, origin=uri, url=uri,
                                           warnings=notes + more)
                    yield Item(uri, article=article)
                except InputError as exc:
                    yield Item(uri, error=exc)
        except Exception as exc:  # warcio raises ArchiveLoadFailed and others on a bad file
            yield Item(path, error=InputError(f"not a readable WARC file: {exc}", source=path))
            return
    if not found:
        yield Item(path, error=InputError("WARC file with no HTML response record",
                                          source=path))


def jsonl_gz_items(path: str, *, settings: Settings | None = None,
                   published: Any = None) -> Iterator[Item]:
    """A gzipped JSONL file, line by line (the keys of `articles.read_inputs`)."""
    settings = settings or load_settings()
    defaults = {"published": published}
    try:
        with gzip.open(path, "rb") as fh:
            for n, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                where = f"{path}:{n}"
                try:
                    line, _ = decode_bytes(raw, where)
                except InputError as exc:
                    yield Item(where, error=exc)
                    continue
                for item in _jsonl_items(line, path, settings, defaults):
                    error = item.error and InputError(item.error.args[0], source=where)
                    yield Item(where, article=item.article, error=error)
    except (OSError, EOFError) as exc:
        yield Item(path, error=InputError(f"not a readable gzip file: {exc}", source=path))


def _looks_like_feed(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return bool(FEED_SNIFF.match(fh.read(2048)))
    except OSError:
        return False


def iter_items(paths: Iterable[str], *, settings: Settings | None = None,
               published: Any = None, fetch_pages: bool = True) -> Iterator[Item]:
    """Every path or URL as Items, in order, whatever its format."""
    settings = settings or load_settings()
    for path in paths:
        low = path.lower()
        if not is_url(path) and Path(path).is_dir():
            found = sorted(str(q) for q in Path(path).rglob("*") if q.is_file() and _known(q))
            if not found:
                yield Item(path, error=InputError("folder with no article file (.txt, .html, "
                                                  ".jsonl[.gz], feed or WARC)", source=path))
            yield from iter_items(found, settings=settings, published=published,
                                  fetch_pages=fetch_pages)
        elif is_url(path):
            if re.search(r"\.(html?|php|aspx?)(\?|$)", low) and not re.search(r"(rss|feed|atom)", low):
                yield from _page_item(path, settings, published)
            else:
                yield from feed_items(path, settings=settings, published=published,
                                      fetch_pages=fetch_pages)
        elif low.endswith(JSONL_GZ_SUFFIXES):
            yield from jsonl_gz_items(path, settings=settings, published=published)
        elif low.endswith(WARC_SUFFIXES):
            yield from warc_items(path, settings=settings, published=published)
        elif Path(low).suffix in FEED_SUFFIXES or (Path(path).is_file() and _looks_like_feed(path)):
            yield from feed_items(path, settings=settings, published=published,
                                  fetch_pages=fetch_pages)
        else:
            yield from read_inputs([path], settings=settings, published=published)


def _known(path: Path) -> bool:
    low = path.name.lower()
    # a README or licence file beside the articles is not an article
    return (path.suffix.lower() in FOLDER_SUFFIXES | FEED_SUFFIXES
            or low.endswith(JSONL_GZ_SUFFIXES + WARC_SUFFIXES))


def _page_item(url: str, settings: Settings, published: Any) -> Iterator[Item]:
    """One web page given by its URL."""
    try:
        html, notes = decode_bytes(fetch(url), url)
        text, title, more = html_to_text(html, url)
        yield Item(url, article=make_article(text, title=title, published=published,
                                             settings=settings, origin=url, url=url,
                                             warnings=notes + more))
    except InputError as exc:
        yield Item(url, error=exc)
