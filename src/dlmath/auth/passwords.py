"""Passwords hashed with argon2id, at most a few hashes at once.

An argon2 hash or verify with the library's defaults costs about 130 ms of CPU and 64 MiB
of memory. A class signing in at the start of a tutorial would otherwise run 250 of them
at once; a semaphore sized to the cores this process may use keeps memory bounded and
queues the rest (each worker process of a multi-worker server gets its share).
"""

from __future__ import annotations

import os
import threading
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from argon2 import PasswordHasher

MIN_LENGTH = 8
MAX_LENGTH = 1024  # argon2 accepts any length; a cap keeps one request's work bounded


class PasswordRejected(ValueError):
    """A new password that does not meet the rules (the message says which)."""


def concurrency() -> int:
    """How many hashes this process runs at once: its share of the machine's cores."""
    cores = os.cpu_count() or 1
    workers = max(1, int(os.environ.get("DLMATH_WEB_WORKERS", "1") or 1))
    return max(1, cores // workers)


@cache
def _gate() -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(concurrency())


@cache
def hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id, the library's current recommended parameters


def check_new(password: str) -> None:
    """Raise PasswordRejected unless ``password`` is acceptable for a new account."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise PasswordRejected(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise PasswordRejected(f"a password has at most {MAX_LENGTH} characters")
    if "\x00" in password:
        raise PasswordRejected("a password cannot contain a NUL character")


def hash_password(password: str) -> str:
    """The argon2id hash (with its salt and parameters) of a password checked by check_new."""
    check_new(password)
    with _gate():
        return hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; with no stored hash, burns the same time and says no.

    The dummy verify for an unknown name keeps sign-in from telling, by its speed, which
    names have accounts.
    """
    from argon2.exceptions import InvalidHashError, VerificationError

    if not isinstance(password, str) or len(password) > MAX_LENGTH:
        return False
    with _gate():
        try:
            if stored_hash is None:
                hasher().verify(_dummy_hash(), password + "\x00")
                return False
            return hasher().verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False


@cache
def _dummy_hash() -> str:
    return hasher().hash("not a password of anyone")
