"""Middlewares every response passes: a body-size cap, the allowed hosts and the
security headers (a strict Content-Security-Policy: no inline script, no other origin)."""

from __future__ import annotations

from dlmath.web.asgi import ASGIApp, Message, Receive, Scope, Send, header, read_body, replay
from dlmath.web.asgi import reply_error as reply_error

#: Temml writes ``style`` attributes on the MathML it builds, hence style-src-attr;
#: scripts come only from this origin's static files.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

MAX_BODY_BYTES = 64 * 1024


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """413 for a body over ``limit`` bytes, by its Content-Length or by counting."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        length = header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await reply_error(send, 413, f"the request body is over {self.limit} bytes")
            return
        body = await read_body(receive, self.limit)
        if body is None:
            await reply_error(send, 413, f"the request body is over {self.limit} bytes")
            return
        await self.app(scope, replay(body), send)


class AllowedHosts:
    """Refuse requests whose Host is not one of ours (DNS rebinding against loopback)."""

    def __init__(self, app: ASGIApp, hosts: list[str] | None) -> None:
        self.app = app
        self.hosts = None if hosts is None else {h.lower() for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.hosts is not None:
            host = (header(scope, b"host") or "").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name.strip("[]") not in self.hosts:
                await reply_error(send, 400, "unknown host")
                return
        await self.app(scope, receive, send)
