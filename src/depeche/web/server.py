"""Running the app under uvicorn, with the errors uvicorn answers itself made like the
app's: a JSON body and the security headers.

    run(create_app("news.db", bind="127.0.0.1"), host="127.0.0.1", port=8000)

uvicorn answers some requests without calling the app: a malformed request, or one whose
request line and headers are over MAX_HEAD_BYTES (16 kB), gets its plain-text 400;
`DepecheH11Protocol` answers it in JSON with `security.SECURITY_HEADERS`. (uvicorn's
plain-text 500, for an app that fails before answering, cannot happen: `security.Guard`
answers every failure of the app itself.)
"""
from __future__ import annotations

from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .security import json_error

__all__ = ["DepecheH11Protocol", "run", "BAD_REQUEST", "MAX_HEAD_BYTES"]

MAX_HEAD_BYTES = 16 * 1024      # request line and headers (h11's own default)
BAD_REQUEST = ("invalid HTTP request: malformed, or its request line and headers are over "
               f"{MAX_HEAD_BYTES // 1024} kB; a query parameter is at most a few hundred "
               f"characters")


class DepecheH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, its own 400 answered in JSON with the security headers."""

    def send_400_response(self, msg: str) -> None:
        headers, body = json_error(400, BAD_REQUEST, [(b"connection", b"close")])
        for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
                      h11.Data(data=body), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()


def run(app: Any, *, host: str, port: int, workers: int = 1, **options: Any) -> None:
    """Serve `app` (an ASGI app, or with `factory=True` the import path of a function
    building it, for `workers` > 1) on host:port until stopped."""
    import uvicorn
    uvicorn.run(app, host=host, port=port, workers=workers if workers > 1 else None,
                http=DepecheH11Protocol, h11_max_incomplete_event_size=MAX_HEAD_BYTES,
                log_level="warning", server_header=False, **options)
