"""Cross-site request forgery protection, double-submit style.

Every response makes sure the browser holds a random token in the ``dlmath_csrf``
cookie (readable by the page's script, SameSite=Strict). A state-changing request
(POST, PUT, PATCH, DELETE) must repeat it in the ``X-CSRF-Token`` header or the
``csrf_token`` form field; otherwise 403. Another site can neither read the cookie nor
set the header.

One exception keeps local mode usable from scripts: a request that carries no cookie
at all, sends JSON and comes from no other origin. A browser cannot send such a request
cross-site without a CORS preflight, which this app never grants, and without cookies it
is authenticated by nothing a forger could borrow. Group mode's session cookie makes a
request cookie-authenticated, so the token is then always required.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import parse_qs

from dlmath.web.asgi import (
    ASGIApp,
    Message,
    Receive,
    Scope,
    Send,
    header,
    read_body,
    replay,
    reply_error,
)

COOKIE = "dlmath_csrf"
HEADER = b"x-csrf-token"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_TOKEN_BYTES = 32


def cookies(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in (header(scope, b"cookie") or "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            found.setdefault(name, value)
    return found


def _well_formed(token: str | None) -> bool:
    if not token or not 20 <= len(token) <= 100:
        return False
    return token.replace("-", "").replace("_", "").isalnum()


def _same_origin(scope: Scope) -> bool:
    origin = header(scope, b"origin")
    if origin is None:
        return True
    host = header(scope, b"host") or ""
    return origin.split("://", 1)[-1].lower() == host.lower()


class CSRFProtection:
    def __init__(self, app: ASGIApp, limit: int = 64 * 1024) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        jar = cookies(scope)
        token = jar.get(COOKIE)
        fresh = not _well_formed(token)
        if fresh:
            token = secrets.token_urlsafe(_TOKEN_BYTES)
        scope.setdefault("state", {})["csrf_token"] = token

        if scope["method"] not in SAFE_METHODS:
            # A browser names the page's origin on every cross-site POST: refuse other sites
            # even before the token (defence in depth, and it covers the cookie-less case).
            if not _same_origin(scope):
                await reply_error(send, 403, "a request from another site was refused")
                return
            content_type = (header(scope, b"content-type") or "").split(";")[0].strip().lower()
            sent = header(scope, HEADER)
            if sent is None and content_type == "application/x-www-form-urlencoded":
                body = await read_body(receive, self.limit)
                if body is None:
                    await reply_error(send, 413, f"the request body is over {self.limit} bytes")
                    return
                receive = replay(body)
                sent = parse_qs(body.decode("utf-8", "replace")).get(FIELD, [None])[0]
            scriptable = not jar and content_type == "application/json" and _same_origin(scope)
            matches = not fresh and sent is not None and hmac.compare_digest(sent, token)
            if not (matches or scriptable):
                await reply_error(
                    send, 403, "missing or wrong CSRF token: reload the page and try again"
                )
                return

        secure = scope.get("scheme") == "https"

        async def send_with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                cookie = f"{COOKIE}={token}; Path=/; SameSite=Strict"
                if secure:
                    cookie += "; Secure"
                message["headers"] = list(message.get("headers", [])) + [
                    (b"set-cookie", cookie.encode())
                ]
            await send(message)

        await self.app(scope, receive, send_with_cookie)
