"""What stands between the network and the app: the headers every response carries (a
strict Content-Security-Policy and friends), the Host check, the bound on a request's
URL, and the last resort that turns any exception into a JSON 500.

Article texts are untrusted: the page builds its DOM with textContent only, and the CSP
forbids inline scripts and anything from another origin besides. `Guard` wraps the whole
app, Starlette's own error middleware included, so that every response — a 400 of a
query, a 404 of an unknown path, a 500 of an unexpected exception — has the headers and a
JSON body; `depeche.web.server` does the same for the errors uvicorn answers itself."""
from __future__ import annotations

import ipaddress
import json
import logging
from typing import Iterable

__all__ = ["CSP", "SECURITY_HEADERS", "Guard", "HostCheck",
           "LOCAL_NAMES", "MAX_QUERY_BYTES", "json_error"]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'; object-src 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
# The names of this machine that no DNS answer can take over.
LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# The longest query string (bytes) the app reads: 400s for each parameter's own limits
# come from `depeche.query`; this only keeps megabytes of URL from being parsed at all.
MAX_QUERY_BYTES = 1_000_000

log = logging.getLogger("depeche.web")


def json_error(status: int, detail: str, extra: Iterable[tuple[bytes, bytes]] = ()
               ) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """The headers and body of a JSON error: `{"detail": detail}` with the security headers."""
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode()), *extra, *SECURITY_HEADERS]
    return headers, body


def _with_security_headers(message: dict) -> dict:
    names = {k.lower() for k, _ in message.get("headers", [])}
    message["headers"] = list(message.get("headers", [])) + [
        (k, v) for k, v in SECURITY_HEADERS if k not in names]
    return message


class HostCheck:
    """Which `Host` headers a server answers (against DNS rebinding: a page of another
    site whose name is made to resolve to this machine sends its own name as Host).

    Allowed: the bound address, the local names (`LOCAL_NAMES`) and the `extra` names;
    when bound to every address (0.0.0.0, ::), any IP address too (a rebinding needs a
    name). The port is not compared; case and a final dot are ignored."""

    def __init__(self, bind: str, extra: Iterable[str] = ()):
        self.names = set(LOCAL_NAMES) | {self.normal(bind)} | {self.normal(n) for n in extra}
        self.names.discard("")
        self.any_address = bind in ("0.0.0.0", "::", "")

    @staticmethod
    def normal(name: str) -> str:
        return name.strip().strip("[]").rstrip(".").lower()

    @staticmethod
    def hostname(header: str) -> str:
        """The name of a Host header: 'example.org:8000' -> 'example.org', '[::1]:80' -> '::1'."""
        header = header.strip()
        if header.startswith("["):
            return HostCheck.normal(header[1:header.find("]")] if "]" in header else header)
        if header.count(":") == 1:
            header = header.split(":", 1)[0]
        return HostCheck.normal(header)

    def allows(self, header: str | None) -> bool:
        if header is None:          # HTTP/1.0 without Host: no browser sends that
            return True
        name = self.hostname(header)
        if name in self.names:
            return True
        if self.any_address:
            try:
                ipaddress.ip_address(name)
                return True
            except ValueError:
                return False
        return False

    def __repr__(self) -> str:
        return f"HostCheck({sorted(self.names)}, any_address={self.any_address})"


class Guard:
    """ASGI middleware around the whole app (outside Starlette's error middleware):

    - refuses a Host that `hosts` does not allow (400) and a query string over
      MAX_QUERY_BYTES (414), before the app reads anything;
    - adds the security headers to every response start;
    - answers any exception that escapes the app (or an app that returns without an
      answer) with a JSON 500 when no response was started, and keeps the exception from
      reaching the server, which would otherwise drop the keep-alive connection; the
      exception goes to the `depeche.web` log."""

    def __init__(self, app, hosts: HostCheck | None = None):
        self.app, self.hosts = app, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        refusal = self._refusal(scope)
        if refusal is not None:
            return await self._send_error(send, *refusal)
        started = False

        async def guarded_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = _with_security_headers(message)
            await send(message)

        try:
            await self.app(scope, receive, guarded_send)
        except Exception as exc:
            log.error("%s %s failed", scope.get("method"), scope.get("path"), exc_info=exc)
            if not started:
                await self._send_error(send, 500, f"[E000] internal error "
                                                  f"({type(exc).__name__}); see the server's log")
        else:
            if not started:
                log.error("%s %s: no response", scope.get("method"), scope.get("path"))
                await self._send_error(send, 500, "[E000] internal error: no response; see "
                                                  "the server's log")

    def _refusal(self, scope) -> tuple[int, str] | None:
        if self.hosts is not None:
            hosts = [v for k, v in scope.get("headers", []) if k == b"host"]
            header = hosts[0].decode("latin-1") if hosts else None
            if len(hosts) > 1 or not self.hosts.allows(header):
                shown = repr(header[:60]) if header is not None else "(several)"
                return 400, (f"Host {shown} is not a name of this server; give its address "
                             f"or start it with --allowed-host NAME")
        size = len(scope.get("query_string", b""))
        if size > MAX_QUERY_BYTES:
            return 414, (f"the query string is {size:,} bytes long; at most "
                         f"{MAX_QUERY_BYTES:,}")
        return None

    @staticmethod
    async def _send_error(send, status: int, detail: str) -> None:
        headers, body = json_error(status, detail)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

