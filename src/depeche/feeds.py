"""Inputs beyond text, HTML and JSONL files: RSS/Atom feeds, web pages, WARC archives,
.jsonl.gz.

`iter_items(paths)` is the reader of `depeche ingest`: each path or URL as a stream of
`articles.Item`s (an article, or the error that kept one input from being one), so
that one bad entry never stops a batch. Plain files go through `articles.read_inputs`.

- a feed (file or http(s) URL; `feedparser`): each entry's linked page is fetched and
  cleaned by trafilatura; when the page cannot be had (HTTP error, network), the entry's
  own content or summary is used, with a warning; when it is refused (see below), the
  entry is an error and nothing of it is kept.
- a WARC file (`warcio`, .warc or .warc.gz): each HTML response record is an article,
  its URL the record's target URI.
- a gzipped JSONL file (.jsonl.gz): read line by line, never whole in memory.

Fetching (`fetcher.Fetcher`, under a `FetchPolicy`): http and https only; no loopback,
private, link-local, multicast or reserved address unless `allow_private_hosts` (or
$DEPECHE_ALLOW_PRIVATE_HOSTS=1); every redirect re-checked, at most 5; at most 5 MB and
30 s per page; a few requests at once, one at a time to a host and a second apart (or
its robots.txt Crawl-delay); robots.txt honoured; a User-Agent that names depeche.
"""
from __future__ import annotations

import gzip
import itertools
import re
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, Generator, Iterable, Iterator
from urllib.parse import urljoin

from .articles import (FOLDER_SUFFIXES, Item, _jsonl_items, decode_bytes,
                       html_to_text, make_article, read_inputs)
from .errors import InputError
from .fetcher import (ALLOW_PRIVATE_ENV, AddressRefused, Fetcher, FetchPolicy, FetchRefused,
                      address_refusal, check_scheme, fetch, user_agent)
from .settings import Settings, load_settings

__all__ = ["iter_items", "feed_items", "warc_items", "jsonl_gz_items", "fetch", "is_url",
           "Fetcher", "FetchPolicy", "FetchRefused", "AddressRefused", "address_refusal",
           "user_agent", "ALLOW_PRIVATE_ENV"]

URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://|^file:", re.I)
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_GZ_SUFFIXES = (".jsonl.gz", ".ndjson.gz")
FEED_SNIFF = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)


def is_url(path: str) -> bool:
    """An http(s) URL (the only kind fetched)."""
    return path.lower().startswith(("http://", "https://"))


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


LINK_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def _clean_link(link: Any) -> str | None:
    """An entry's link as a browser reads it (WHATWG URL): spaces and controls at its ends
    stripped, tabs and newlines inside removed, other control characters percent-encoded;
    None when nothing is left. (A link with a newline made a two-line error.)"""
    if not isinstance(link, str):
        return None
    link = re.sub(r"[\t\n\r]", "", link.strip(C0_AND_SPACE))
    return LINK_CONTROLS.sub(lambda m: f"%{ord(m.group()):02X}", link) or None


def _fetcher(fetcher: Fetcher | None, policy: FetchPolicy | None,
             allow_private_hosts: bool | None) -> tuple[Fetcher, bool]:
    """The fetcher to use, and whether the caller made it (and so closes it)."""
    if fetcher is not None:
        return fetcher, False
    return Fetcher(policy or FetchPolicy.default(allow_private_hosts)), True


def _prefetched(fetcher: Fetcher, urls: list[str | None]) -> Generator[Any, None, None]:
    """The bytes at each URL (or the InputError that kept them, or None for no URL), in
    order, fetched a few at a time (`policy.concurrency`), a bounded window ahead."""
    def get(url: str) -> Any:
        try:
            return fetcher.fetch(url)
        except InputError as exc:
            return exc
        except Exception as exc:  # a page's failure, whatever it is, is that entry's alone
            return InputError(f"cannot fetch: {exc or type(exc).__name__}", source=url)
    workers = max(1, fetcher.policy.concurrency)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="depeche-fetch")
    window: deque[Future | None] = deque()
    todo = iter(urls)
    try:
        for url in todo:
            window.append(pool.submit(get, url) if url else None)
            if len(window) >= 2 * workers:
                break
        while window:
            job = window.popleft()
            for more in itertools.islice(todo, 1):  # the next URL, if there is one
                window.append(pool.submit(get, more) if more else None)
            yield None if job is None else job.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def feed_items(location: str, *, data: bytes | None = None, settings: Settings | None = None,
               published: Any = None, fetch_pages: bool = True, fetcher: Fetcher | None = None,
               policy: FetchPolicy | None = None,
               allow_private_hosts: bool | None = None) -> Iterator[Item]:
    """Each entry of an RSS or Atom feed (a file, a URL, or given `data`) as an Item.

    Linked pages are fetched by `fetcher` (else one made from `policy`, else the default
    policy with `allow_private_hosts`)."""
    import feedparser
    settings = settings or load_settings()
    fetcher, own = _fetcher(fetcher, policy, allow_private_hosts)
    try:
        try:
            if data is None:
                data = fetcher.fetch(location) if _url_like(location) else \
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
            yield Item(location, error=InputError(f"a feed with no entries{why}",
                                                  source=location))
            return
        links = [_clean_link(entry.get("link")) for entry in feed.entries]
        if is_url(location):  # links relative to the feed's own URL
            links = [link and urljoin(location, link) for link in links]
        pages = _prefetched(fetcher, links if fetch_pages else [None] * len(links))
        source = feed.feed.get("title") or None
        try:
            for n, (entry, link, page) in enumerate(zip(feed.entries, links, pages), 1):
                yield _entry_item(entry, link, page, f"{location}#{n}", source, settings,
                                  published)
        finally:
            pages.close()
    finally:
        if own:
            fetcher.close()


def _entry_item(entry, link: str | None, page: Any, fallback: str, source: str | None,
                settings: Settings, published: Any) -> Item:
    """One feed entry: its linked page (bytes, or the error that kept it) cleaned, or
    the entry's own text; a refused page makes the entry an error."""
    where = link or fallback
    notes: list[str] = []
    text = title = None
    try:
        if isinstance(page, FetchRefused):
            raise page
        if isinstance(page, InputError):
            notes.append(f"linked page not used ({page}); the feed's own text was used")
        elif page is not None:
            html, page_notes = decode_bytes(page, where)
            text, title, more = html_to_text(html, where)
            notes += page_notes + more
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
            url=link, source=source, warnings=notes)
        return Item(where, article=article)
    except InputError as exc:
        return Item(where, error=exc)


def warc_items(path: str, *, settings: Settings | None = None, published: Any = None,
               max_bytes: int = FetchPolicy.max_bytes) -> Iterator[Item]:
    """Each HTML response record of a WARC file as an Item; a record over `max_bytes`
    (the byte cap of a fetched page) is that record's error."""
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
                    body = record.content_stream().read(max_bytes + 1)
                    if len(body) > max_bytes:
                        raise InputError(f"page larger than {max_bytes:,} bytes (the byte "
                                         f"cap of a page)", source=uri)
                    html, notes = decode_bytes(body, uri)
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


def _url_like(path: str) -> bool:
    """A URL of any scheme (http, https, file, ftp...): fetched if http(s), else refused."""
    return bool(URL_LIKE.match(path))


def iter_items(paths: Iterable[str], *, settings: Settings | None = None,
               published: Any = None, fetch_pages: bool = True,
               allow_private_hosts: bool | None = None, policy: FetchPolicy | None = None,
               fetcher: Fetcher | None = None) -> Iterator[Item]:
    """Every path or URL as Items, in order, whatever its format.

    URLs are fetched under `policy` (default: `FetchPolicy.default(allow_private_hosts)`;
    `allow_private_hosts` None reads $DEPECHE_ALLOW_PRIVATE_HOSTS); a URL of another
    scheme than http(s) is refused."""
    settings = settings or load_settings()
    fetcher, own = _fetcher(fetcher, policy, allow_private_hosts)
    try:
        yield from _items(paths, settings, published, fetch_pages, fetcher)
    finally:
        if own:
            fetcher.close()


def _items(paths: Iterable[str], settings: Settings, published: Any, fetch_pages: bool,
           fetcher: Fetcher) -> Iterator[Item]:
    for path in paths:
        low = path.lower()
        if _url_like(path):
            if not is_url(path):
                try:
                    check_scheme(path)
                except FetchRefused as exc:
                    yield Item(path, error=FetchRefused(exc.args[0], source=path))
            elif re.search(r"\.(html?|php|aspx?)(\?|$)", low) and \
                    not re.search(r"(rss|feed|atom)", low):
                yield _page_item(path, settings, published, fetcher)
            else:
                yield from feed_items(path, settings=settings, published=published,
                                      fetch_pages=fetch_pages, fetcher=fetcher)
        elif Path(path).is_dir():
            found = sorted(str(q) for q in Path(path).rglob("*") if q.is_file() and _known(q))
            if not found:
                yield Item(path, error=InputError("folder with no article file (.txt, .html, "
                                                  ".jsonl[.gz], feed or WARC)", source=path))
            yield from _items(found, settings, published, fetch_pages, fetcher)
        elif low.endswith(JSONL_GZ_SUFFIXES):
            yield from jsonl_gz_items(path, settings=settings, published=published)
        elif low.endswith(WARC_SUFFIXES):
            yield from warc_items(path, settings=settings, published=published,
                                  max_bytes=fetcher.policy.max_bytes)
        elif Path(low).suffix in FEED_SUFFIXES or (Path(path).is_file() and _looks_like_feed(path)):
            yield from feed_items(path, settings=settings, published=published,
                                  fetch_pages=fetch_pages, fetcher=fetcher)
        else:
            yield from read_inputs([path], settings=settings, published=published)


def _known(path: Path) -> bool:
    low = path.name.lower()
    # a README or licence file beside the articles is not an article
    return (path.suffix.lower() in FOLDER_SUFFIXES | FEED_SUFFIXES
            or low.endswith(JSONL_GZ_SUFFIXES + WARC_SUFFIXES))


def _page_item(url: str, settings: Settings, published: Any, fetcher: Fetcher) -> Item:
    """One web page given by its URL."""
    try:
        html, notes = decode_bytes(fetcher.fetch(url), url)
        text, title, more = html_to_text(html, url)
        return Item(url, article=make_article(text, title=title, published=published,
                                              settings=settings, origin=url, url=url,
                                              warnings=notes + more))
    except InputError as exc:
        return Item(url, error=exc)
