"""Guarded fetching of web pages for `depeche ingest`.

Everything a feed makes depeche fetch is hostile until proved otherwise: only http and
https; every address a host resolves to is checked at connection time (so a DNS answer
cannot change between the check and the connection); each redirect is re-checked, at
most 5; a page has a byte cap (5 MB) and a total-time cap (30 s) enforced on every read;
robots.txt is honoured; a few requests at once, one at a time to a host and a second
apart; a User-Agent that names depeche. `Fetcher` under a `FetchPolicy`; SECURITY.md
says what is trusted.
"""
from __future__ import annotations

import ipaddress
import os
import socket
import threading
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterable, Iterator
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from .errors import InputError

__all__ = ["Fetcher", "FetchPolicy", "FetchRefused", "AddressRefused", "address_refusal",
           "fetch", "user_agent", "check_scheme", "ALLOW_PRIVATE_ENV"]

ALLOW_PRIVATE_ENV = "DEPECHE_ALLOW_PRIVATE_HOSTS"
ROBOTS_AGENT = "depeche"
NAT64 = ipaddress.ip_network("64:ff9b::/96")
_local = threading.local()  # .deadline: the monotonic time the current request must end by


def user_agent() -> str:
    from . import __version__
    return (f"depeche/{__version__} (news analysis engine; fetches pages linked from "
            f"news feeds; honours robots.txt, token '{ROBOTS_AGENT}')")


def _env_allows_private() -> bool:
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class FetchPolicy:
    """What fetching may do. The defaults suit a crawl of news sites; tests shrink them."""
    allow_private_hosts: bool = False  # loopback, private, link-local, reserved addresses
    allowed_endpoints: tuple[str, ...] = ()  # 'ip' or 'ip:port' reachable even so
    max_bytes: int = 5_000_000         # per page (after decompression); past it: refused
    timeout: float = 30.0              # seconds per page, all of it (redirects included)
    max_redirects: int = 5
    host_delay: float = 1.0            # seconds from the end of a request to a host to the next
    max_crawl_delay: float = 30.0      # a robots.txt Crawl-delay is honoured up to this
    concurrency: int = 4               # requests at once (pages of different hosts)
    robots: bool = True                # honour robots.txt
    robots_max_bytes: int = 500_000    # a longer robots.txt is read up to this
    user_agent: str = ""               # empty: `user_agent()`

    @classmethod
    def default(cls, allow_private_hosts: bool | None = None, **changes) -> FetchPolicy:
        """The default policy; private hosts allowed if asked, else if $DEPECHE_ALLOW_PRIVATE_HOSTS
        is 1/true/yes/on."""
        allow = _env_allows_private() if allow_private_hosts is None else allow_private_hosts
        return cls(allow_private_hosts=bool(allow), **changes)


class FetchRefused(InputError):
    """A URL depeche will not fetch, or a page it stopped reading: a scheme other than
    http(s), a private address, robots.txt, too many redirects, the byte or time cap."""


class AddressRefused(FetchRefused):
    """A host that resolves to a loopback, private, link-local or other non-public address."""


class _HTTPStatus(InputError):
    def __init__(self, status: int, *, source: str):
        super().__init__(f"cannot fetch: HTTP status {status}", source=source)
        self.status = status


def address_refusal(ip: str) -> str | None:
    """Why an address may not be fetched ('loopback', 'private'...), None when it is public."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if addr.version == 6:
        inner = addr.ipv4_mapped or addr.sixtofour or (addr.teredo[1] if addr.teredo else None)
        if inner is None and addr in NAT64:
            inner = ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
        if inner is not None and (why := address_refusal(str(inner))):
            return why
    for kind in ("unspecified", "loopback", "link_local", "multicast", "reserved", "private"):
        if getattr(addr, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if addr.is_global else "non-public"


def _remaining(timeout: float | None) -> float | None:
    """`timeout` cut to what is left of the current request's total time."""
    deadline = getattr(_local, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the total time cap of the page is reached")
    return left if timeout is None else min(timeout, left)


def _resolve(host: str, port: int, timeout: float | None) -> list[str]:
    """The addresses of `host`, within `timeout` (the resolver is not otherwise bounded)."""
    box: dict[str, Any] = {}

    def run():
        try:
            box["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            box["error"] = exc
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise httpcore.ConnectTimeout(f"resolving {host} took too long")
    if "error" in box:
        raise httpcore.ConnectError(f"cannot resolve {host}: {box['error']}")
    return list(dict.fromkeys(info[4][0] for info in box["infos"]))


class _GuardedStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the page's deadline."""

    def __init__(self, stream: httpcore.NetworkStream):
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _remaining(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        return _GuardedStream(self._stream.start_tls(ssl_context, server_hostname,
                                                     _remaining(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to the checked addresses of a host (all of them must be public)."""

    def __init__(self, allow_private: bool, allowed: Iterable[str] = ()):
        self.allow_private = allow_private
        self.allowed = frozenset(allowed)
        self._backend = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = _resolve(host, port, _remaining(timeout))
        if not self.allow_private:
            for ip in addresses:
                if ip in self.allowed or f"{ip}:{port}" in self.allowed:
                    continue
                if why := address_refusal(ip):
                    shown = host if host == ip else f"{host} ({ip})"
                    raise AddressRefused(f"refused: {shown} is a {why} address (allow with "
                                       f"depeche ingest --allow-private-hosts, or "
                                       f"{ALLOW_PRIVATE_ENV}=1)")
        error: Exception = httpcore.ConnectError(f"{host} has no address")
        for ip in addresses:
            try:
                return _GuardedStream(self._backend.connect_tcp(
                    ip, port, _remaining(timeout), local_address, socket_options))
            except httpcore.ConnectError as exc:
                error = exc
        raise error

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise FetchRefused("refused: a Unix socket")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, policy: FetchPolicy):
        super().__init__(trust_env=False)
        connections = max(1, policy.concurrency)
        # the same pool httpx builds, connecting through the guarded backend
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=connections, max_keepalive_connections=connections,
            keepalive_expiry=5.0, network_backend=_GuardedBackend(policy.allow_private_hosts,
                                            policy.allowed_endpoints))


class _Inflate:
    """Content-Encoding undone chunk by chunk, never past a given size (no zip bombs)."""

    def __init__(self, encoding: str | None, source: str):
        self.name = (encoding or "identity").strip().lower()
        if self.name not in ("identity", "", "gzip", "x-gzip", "deflate"):
            raise FetchRefused(f"refused: content encoding {self.name!r} not supported",
                               source=source)
        wbits = {"gzip": 47, "x-gzip": 47, "deflate": 15}.get(self.name)
        self._z = zlib.decompressobj(wbits) if wbits else None
        self._first = True

    def feed(self, chunk: bytes, room: int) -> bytes:
        if self._z is None:
            return chunk
        try:
            out = self._z.decompress(chunk, room)
        except zlib.error:
            if not (self._first and self.name == "deflate"):
                raise
            self._z = zlib.decompressobj(-15)  # 'deflate' sent raw, without the zlib header
            out = self._z.decompress(chunk, room)
        self._first = False
        return out


class Fetcher:
    """Fetches http(s) URLs under a `FetchPolicy`; safe to share between threads.

    `fetch(url)` gives the bytes of a page or raises InputError (`FetchRefused` when the
    policy forbids the URL or stopped the page)."""

    def __init__(self, policy: FetchPolicy | None = None):
        self.policy = policy or FetchPolicy.default()
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max(1, self.policy.concurrency))
        self._next_turn: dict[str, float] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._crawl_delay: dict[str, float] = {}
        self._robots: dict[str, Any] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    @property
    def client(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                self._client = httpx.Client(
                    transport=_GuardedTransport(self.policy),
                    follow_redirects=False, trust_env=False,
                    # a connection silent this long is given up (the total cap is apart)
                    timeout=httpx.Timeout(10.0),
                    headers={"User-Agent": self.policy.user_agent or user_agent(),
                             "Accept-Encoding": "gzip, deflate"})
            return self._client

    def fetch(self, url: str) -> bytes:
        """The bytes at `url`. InputError when they cannot be had; FetchRefused (an
        InputError) when the policy forbids them."""
        return self._get(url, max_bytes=self.policy.max_bytes, robots=self.policy.robots)

    def _get(self, url: str, *, max_bytes: int, robots: bool, truncate: bool = False) -> bytes:
        current, spent = url, 0.0
        for hop in range(self.policy.max_redirects + 1):
            via = "" if hop == 0 else f"redirected to {current}: "
            try:
                check_scheme(current)
                if robots:
                    self._check_robots(current)
            except InputError as exc:
                raise type(exc)(_via(via, exc.args[0]), source=url) from None
            with self._turn(urlsplit(current).hostname or ""), self._slots:
                start = time.monotonic()
                _local.deadline = start + self.policy.timeout - spent
                try:
                    location, body = self._request(current, max_bytes, truncate, url)
                except FetchRefused as exc:
                    raise type(exc)(_via(via, exc.args[0]), source=url) from None
                finally:
                    _local.deadline = None
                    spent += time.monotonic() - start
            if location is None:
                return body
            current = urljoin(current, location)
        raise FetchRefused(f"refused: more than {self.policy.max_redirects} redirects",
                           source=url)

    def _request(self, url: str, max_bytes: int, truncate: bool,
                 source: str) -> tuple[str | None, bytes]:
        """One request: (the Location of a redirect, b'') or (None, the body)."""
        try:
            with self.client.stream("GET", url) as response:
                if response.is_redirect:
                    return response.headers["location"], b""
                if not 200 <= response.status_code < 300:
                    raise _HTTPStatus(response.status_code, source=source)
                return None, _read_body(response, max_bytes, truncate, source)
        except InputError:
            raise
        except httpx.TimeoutException as exc:
            if _local.deadline is not None and time.monotonic() >= _local.deadline - 0.01:
                raise FetchRefused(f"refused: took more than {self.policy.timeout:g} s (the "
                                   f"total time cap of a page)", source=source) from None
            raise InputError(f"cannot fetch: timed out ({exc})", source=source) from None
        except Exception as exc:  # httpx, httpcore, zlib, idna: any failure is this page's
            raise InputError(f"cannot fetch: {exc or type(exc).__name__}",
                             source=source) from None

    @contextmanager
    def _turn(self, host: str) -> Iterator[None]:
        """Politeness: one request at a time to a host, each `host_delay` (or the host's
        robots.txt Crawl-delay) after the end of the one before. A request refused before
        any connection (a private address) asked nothing of the host: it costs no delay."""
        with self._lock:
            lock = self._host_locks.setdefault(host, threading.Lock())
        with lock:
            wait = self._next_turn.get(host, 0.0) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            asked = True
            try:
                yield
            except AddressRefused:
                asked = False
                raise
            finally:
                if asked:
                    delay = max(self.policy.host_delay, self._crawl_delay.get(host, 0.0))
                    self._next_turn[host] = time.monotonic() + delay

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(origin, parts.hostname or "")
        rules = self._robots[origin]
        if isinstance(rules, InputError):
            raise InputError(f"cannot fetch: {rules.args[0]}")
        if not rules.can_fetch(ROBOTS_AGENT, url):
            raise FetchRefused(f"refused: {origin}/robots.txt disallows it for "
                               f"'{ROBOTS_AGENT}'")

    def _read_robots(self, origin: str, host: str):
        """The robots.txt rules of an origin (RFC 9309): a 4xx means no rules; an
        unreachable robots.txt (5xx, network) means nothing may be fetched there."""
        rules = RobotFileParser(f"{origin}/robots.txt")
        try:
            data = self._get(f"{origin}/robots.txt", max_bytes=self.policy.robots_max_bytes,
                             robots=False, truncate=True)
        except _HTTPStatus as exc:
            if exc.status < 500:
                # typeshed omits the attribute RobotFileParser.read() itself sets on a 4xx
                rules.allow_all = True  # type: ignore[attr-defined]
                return rules
            return InputError(f"{origin}/robots.txt unreachable (HTTP {exc.status})")
        except AddressRefused as exc:
            if "redirected to" not in exc.args[0]:
                raise  # the site itself may not be reached: its pages are refused too
            return InputError(f"{origin}/robots.txt unreachable ({exc.args[0]})")
        except InputError as exc:
            return InputError(f"{origin}/robots.txt unreachable ({exc.args[0]})")
        rules.parse(data.decode("utf-8", errors="replace").splitlines())
        delay = rules.crawl_delay(ROBOTS_AGENT)
        if delay:
            with self._lock:
                self._crawl_delay[host] = min(float(delay), self.policy.max_crawl_delay)
        return rules


def _via(via: str, message: str) -> str:
    """'refused: redirected to X: why' from 'refused: why' (or 'cannot fetch: ...')."""
    for lead in ("refused: ", "cannot fetch: "):
        if via and message.startswith(lead):
            return lead + via + message[len(lead):]
    return via + message


def check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(f"refused: only http and https URLs are fetched, not "
                           f"{(scheme + ':') if scheme else 'a URL without a scheme'}")


def _read_body(response: httpx.Response, max_bytes: int, truncate: bool,
               source: str) -> bytes:
    """The body, decompressed, streamed; past `max_bytes` refused (or cut, if `truncate`)."""
    too_big = FetchRefused(f"refused: page larger than {max_bytes:,} bytes (the byte cap of "
                           f"a page)", source=source)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes and not truncate:
        raise too_big
    inflate = _Inflate(response.headers.get("content-encoding"), source)
    body = bytearray()
    for chunk in response.iter_raw(65536):
        body += inflate.feed(chunk, max_bytes + 1 - len(body))
        if len(body) > max_bytes:
            if truncate:
                return bytes(body[:max_bytes])
            raise too_big
    return bytes(body)


def fetch(url: str, *, policy: FetchPolicy | None = None,
          allow_private_hosts: bool | None = None) -> bytes:
    """The bytes at an http(s) `url` under `policy` (default: `FetchPolicy.default`)."""
    with Fetcher(policy or FetchPolicy.default(allow_private_hosts)) as fetcher:
        return fetcher.fetch(url)
