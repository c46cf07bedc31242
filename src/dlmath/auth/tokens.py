"""Random tokens: session ids, CSRF tokens and class join codes.

A session id is 256 random bits; the database keeps only its SHA-256, so a copy of the
database (a backup, a leaked dump) signs nobody in. Join codes are read aloud and typed
from a projector, so their alphabet leaves out look-alikes (0/O, 1/I/L, 5/S, 2/Z, 8/B,
U/V) and case does not matter; ten characters of 23 give 45 bits, far beyond what the
join throttle lets anyone try.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SESSION_BYTES = 32  # 256 bits
JOIN_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
JOIN_CODE_LENGTH = 10
MAX_TOKEN_LENGTH = 128  # anything longer is not one of ours


def new_session_id() -> str:
    """A fresh session id for the cookie (never stored as such)."""
    return secrets.token_urlsafe(SESSION_BYTES)


def session_hash(session_id: str) -> str:
    """What the database keeps of a session id."""
    return hashlib.sha256(session_id.encode("utf-8", "replace")).hexdigest()


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def same_token(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two tokens; False when either is missing or too long."""
    if not a or not b or len(a) > MAX_TOKEN_LENGTH or len(b) > MAX_TOKEN_LENGTH:
        return False
    return hmac.compare_digest(a.encode(), b.encode())


def new_join_code(length: int = JOIN_CODE_LENGTH) -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(length))


def normalize_join_code(text: str) -> str | None:
    """The code as stored (upper case, without spaces or dashes), or None if it cannot be one."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    code = "".join(ch for ch in text.upper() if ch not in " -\t")
    if not (8 <= len(code) <= 16) or any(ch not in JOIN_ALPHABET for ch in code):
        return None
    return code


def throttle_key(kind: str, subject: str) -> str:
    """A bounded, opaque key for the throttles table (the subject may be any text)."""
    return hashlib.sha256(f"{kind}\x1f{subject}".encode("utf-8", "replace")).hexdigest()
