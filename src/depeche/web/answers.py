"""The answers already given: `AnswerCache`, ASGI middleware that keeps the JSON answers
(200) of GET requests of the API's data endpoints by their exact path and query string,
until the store changes (`served.StoreVersion`), and answers them again without
running the app. Each answer carries an ETag (a digest of its body): a request whose
If-None-Match names it gets a 304 with no body.

An answer depends only on the store and the request (the same query reads the same
rows in the same order), so that a kept answer is the one the app would give again;
exports (streamed, large) and /api/analyze (a POST) are never kept.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Callable

__all__ = ["AnswerCache", "KEPT_PATHS", "MAX_BYTES", "MAX_ANSWER_BYTES"]

# the GET endpoints whose answers are kept (by prefix of the path)
KEPT_PATHS = ("/api/events", "/api/timeline", "/api/map", "/api/facets", "/api/meta",
              "/api/countries", "/api/quotes", "/api/speakers", "/api/stories",
              "/api/articles/")
MAX_BYTES = 64_000_000          # all kept answers, per server process
MAX_ANSWER_BYTES = 4_000_000    # one answer: larger ones are not kept


def etag_of(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def _header(scope: dict, name: bytes) -> bytes | None:
    for k, v in scope.get("headers", ()):
        if k == name:
            return v
    return None


def _matches(if_none_match: bytes | None, etag: bytes) -> bool:
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")]
    return etag in tags or b"*" in tags


class AnswerCache:
    """Keeps the app's JSON answers to GET requests of `KEPT_PATHS` while the store has
    not changed (`version()` gives the same): the last ones up to `max_bytes` in all."""

    def __init__(self, app, version: Callable[[], tuple], max_bytes: int = MAX_BYTES):
        self.app, self.store_version, self.max_bytes = app, version, max_bytes
        self.answers: OrderedDict[tuple, tuple[list, bytes, bytes]] = OrderedDict()
        self.size = 0
        self.version: tuple | None = None
        self.hits = self.misses = 0

    def _kept(self, key: tuple) -> tuple[list, bytes, bytes] | None:
        version = self.store_version()
        if version != self.version:
            self.answers.clear()
            self.size, self.version = 0, version
            return None
        answer = self.answers.get(key)
        if answer is not None:
            self.answers.move_to_end(key)
        return answer

    def _keep(self, key: tuple, version: tuple, answer: tuple[list, bytes, bytes]) -> None:
        if version != self.version:
            return                      # the store changed while the app answered
        self.answers[key] = answer
        self.size += len(answer[1])
        while self.size > self.max_bytes and self.answers:
            _, (_, body, _) = self.answers.popitem(last=False)
            self.size -= len(body)

    async def __call__(self, scope, receive, send):
        if (scope["type"] != "http" or scope["method"] != "GET"
                or not scope["path"].startswith(KEPT_PATHS)):
            return await self.app(scope, receive, send)
        key = (scope["path"], scope["query_string"])
        answer = self._kept(key)
        if answer is not None:
            self.hits += 1
            return await self._answer(scope, send, *answer)
        self.misses += 1
        await self._run(scope, receive, send, key, self.version)

    async def _answer(self, scope, send, headers: list, body: bytes, etag: bytes) -> None:
        if _matches(_header(scope, b"if-none-match"), etag):
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", etag)]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _run(self, scope, receive, send, key: tuple, version: tuple | None) -> None:
        """The app's answer, kept when it is a whole JSON 200 (with its ETag added)."""
        held: dict | None = None

        async def keeping_send(message):
            nonlocal held
            if message["type"] == "http.response.start" and message["status"] == 200:
                held = message          # sent with the body, its ETag added
                return
            if held is not None and message["type"] == "http.response.body":
                start, held = held, None
                body = message.get("body", b"")
                whole = not message.get("more_body", False)
                json = (dict(start.get("headers", ())).get(b"content-type", b"")
                        .startswith(b"application/json"))
                if whole and json and len(body) <= MAX_ANSWER_BYTES and version is not None:
                    etag = etag_of(body)
                    headers = [*start.get("headers", ()), (b"etag", etag)]
                    self._keep(key, version, (headers, body, etag))
                    return await self._answer(scope, send, headers, body, etag)
                await send(start)
            await send(message)
        await self.app(scope, receive, keeping_send)
