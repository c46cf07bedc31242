"""Group mode's sign-in: server-side sessions in an HttpOnly cookie, and the throttles.

The cookie holds 256 random bits; the database only their SHA-256. A session is
rotated at sign-in (a new id; the one the browser brought, if any, is deleted) and
deleted at sign-out, so a shared laptop cannot keep acting for the last person. The
cookie is HttpOnly (no script reads it), SameSite=Lax, and Secure whenever the request
came over TLS (directly, or through a proxy whose forwarded headers uvicorn trusts).

Failures count in database throttles, so every worker process sees the same counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response

from dlmath.auth import tokens
from dlmath.store.accounts import Account, Accounts
from dlmath.web.learner import Learner

COOKIE = "dlmath_session"
LIFETIME = timedelta(days=7)
_UNSET = object()


@dataclass(frozen=True)
class Limit:
    """At most ``count`` events of one kind per key in ``window``."""

    kind: str
    count: int
    window: timedelta


LOGIN_PER_NAME = Limit("login-name", 10, timedelta(minutes=15))
LOGIN_PER_ADDRESS = Limit("login-address", 100, timedelta(minutes=15))
JOIN_PER_ACCOUNT = Limit("join-account", 10, timedelta(minutes=15))
SIGNUP_PER_ADDRESS = Limit("signup-address", 30, timedelta(hours=1))


def accounts(request: Request) -> Accounts:
    return Accounts(request.app.state.dlmath.store)


def signed_in(request: Request) -> Account | None:
    """The account of this request's session (looked up once per request)."""
    cached = getattr(request.state, "account", _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[return-value]
    token = request.cookies.get(COOKIE)
    account = None
    if token and len(token) <= tokens.MAX_TOKEN_LENGTH:
        account = accounts(request).session_account(tokens.session_hash(token))
    request.state.account = account
    return account


def identify(request: Request) -> Learner | None:
    """``WebState.identify`` in group mode."""
    account = signed_in(request)
    return None if account is None else Learner(account.name, account.is_teacher)


def require_account(request: Request) -> Account:
    """FastAPI dependency: the signed-in account (401 / redirect to sign-in otherwise)."""
    from dlmath.web.learner import NotSignedIn

    account = signed_in(request)
    if account is None:
        raise NotSignedIn()
    return account


def require_teacher(request: Request) -> Account:
    account = require_account(request)
    if not account.is_teacher:
        raise HTTPException(403, "only a teacher can do this")
    return account


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def check_limit(request: Request, limit: Limit, subject: str) -> None:
    """429 when ``subject`` has used up ``limit``."""
    key = tokens.throttle_key(limit.kind, subject)
    if accounts(request).throttled(key, limit.count, limit.window):
        minutes = int(limit.window.total_seconds() // 60)
        raise HTTPException(429, f"too many tries; wait up to {minutes} minutes and try again")


def count(request: Request, limit: Limit, subject: str) -> None:
    accounts(request).count_event(tokens.throttle_key(limit.kind, subject), limit.window)


def authenticate(request: Request, username: str, password: str) -> Account:
    """The account for a name and password; 401 (or 429 when throttled) otherwise."""
    from dlmath.auth.passwords import verify_password

    name = username.strip() if isinstance(username, str) else ""
    address = client_address(request)
    check_limit(request, LOGIN_PER_NAME, name)
    check_limit(request, LOGIN_PER_ADDRESS, address)
    found = accounts(request).credentials(name) if name else None
    if not verify_password(found[1] if found else None, password):
        count(request, LOGIN_PER_NAME, name)
        count(request, LOGIN_PER_ADDRESS, address)
        raise HTTPException(401, "wrong name or password")
    accounts(request).clear_throttle(tokens.throttle_key(LOGIN_PER_NAME.kind, name))
    return found[0]  # type: ignore[index]


def start(request: Request, response: Response, account: Account) -> None:
    """A new session for ``account`` in the response's cookie; the old one, if any, ends."""
    old = request.cookies.get(COOKIE)
    replaces = tokens.session_hash(old) if old and len(old) <= tokens.MAX_TOKEN_LENGTH else None
    session_id = tokens.new_session_id()
    accounts(request).start_session(
        account.id, tokens.session_hash(session_id), LIFETIME, replaces=replaces
    )
    response.set_cookie(
        COOKIE,
        session_id,
        max_age=int(LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    request.state.account = account


def end(request: Request, response: Response) -> None:
    """Delete the session on the server and the cookie in the browser."""
    token = request.cookies.get(COOKIE)
    if token and len(token) <= tokens.MAX_TOKEN_LENGTH:
        accounts(request).end_session(tokens.session_hash(token))
    response.delete_cookie(
        COOKIE, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )
    request.state.account = None


SignedIn = Annotated[Account, Depends(require_account)]
Teacher = Annotated[Account, Depends(require_teacher)]
