"""Accounts, server-side sessions and throttles of group mode, on the learner database.

The store keeps only what it is given: a password *hash*, the *hash* of a session id. A
session is found by the hash of the cookie's id and is valid until it expires or is
deleted at sign-out. Throttles are fixed-window counters in the database, so every
worker process of a deployment counts the same sign-in failures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import case, delete, literal, select

from dlmath.store.schema import accounts, sessions, throttles, users

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.store.repository import Store

MAX_NAME_LENGTH = 64


class AccountExists(ValueError):
    """The name already has an account."""


@dataclass(frozen=True)
class Account:
    """A signed-in person as the web app sees them (never carries the hash)."""

    id: int
    name: str
    is_teacher: bool


def check_name(name: str) -> str:
    """The account name, stripped; ValueError with a reason when it cannot be one."""
    if not isinstance(name, str):
        raise ValueError("a name must be text")
    name = name.strip()
    if not name:
        raise ValueError("a name cannot be empty")
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(f"a name has at most {MAX_NAME_LENGTH} characters")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise ValueError("a name cannot contain control characters")
    return name


class Accounts:
    """Accounts, sessions and throttles over an open Store (its engine and transactions)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- accounts -------------------------------------------------------------------

    def create(self, name: str, password_hash: str, *, teacher: bool = False) -> Account:
        """Give ``name`` an account (the learner is created if needed); AccountExists if any."""
        name = check_name(name)
        store = self._store
        with store._write() as connection:
            user_id = store._ensure_user(connection, name)
            created = connection.execute(
                store._insert(accounts)
                .values(
                    user_id=user_id,
                    password_hash=password_hash,
                    is_teacher=teacher,
                    created_at=datetime.now(UTC),
                )
                .on_conflict_do_nothing(index_elements=["user_id"])
                .returning(accounts.c.user_id)
            ).first()
            if created is None:
                raise AccountExists(f"{name!r} already has an account")
        return Account(user_id, name, teacher)

    def set_password(self, user_id: int, password_hash: str) -> None:
        """Replace the hash and end every session of the account."""
        with self._store._write() as connection:
            connection.execute(
                accounts.update()
                .where(accounts.c.user_id == user_id)
                .values(password_hash=password_hash)
            )
            connection.execute(delete(sessions).where(sessions.c.user_id == user_id))

    def credentials(self, name: str) -> tuple[Account, str] | None:
        """The account called ``name`` and its password hash, or None."""
        query = (
            select(users.c.id, users.c.name, accounts.c.is_teacher, accounts.c.password_hash)
            .join(accounts, accounts.c.user_id == users.c.id)
            .where(users.c.name == name)
        )
        with self._store._read() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        return Account(row.id, row.name, bool(row.is_teacher)), row.password_hash

    def account(self, user_id: int) -> Account | None:
        query = (
            select(users.c.id, users.c.name, accounts.c.is_teacher)
            .join(accounts, accounts.c.user_id == users.c.id)
            .where(users.c.id == user_id)
        )
        with self._store._read() as connection:
            row = connection.execute(query).first()
        return None if row is None else Account(row.id, row.name, bool(row.is_teacher))

    # -- sessions -------------------------------------------------------------------

    def start_session(
        self, user_id: int, id_hash: str, lifetime: timedelta, *, replaces: str | None = None
    ) -> None:
        """Store a new session (by the hash of its id); ``replaces``: a session it rotates out.

        Expired sessions of the same account are swept in the same transaction.
        """
        now = datetime.now(UTC)
        with self._store._write() as connection:
            if replaces is not None:
                connection.execute(delete(sessions).where(sessions.c.id_hash == replaces))
            connection.execute(
                delete(sessions).where(sessions.c.user_id == user_id, sessions.c.expires_at < now)
            )
            connection.execute(
                sessions.insert().values(
                    id_hash=id_hash, user_id=user_id, created_at=now, expires_at=now + lifetime
                )
            )

    def session_account(self, id_hash: str) -> Account | None:
        """The account of a live session, or None (unknown, expired or signed out)."""
        query = (
            select(users.c.id, users.c.name, accounts.c.is_teacher)
            .select_from(sessions)
            .join(users, users.c.id == sessions.c.user_id)
            .join(accounts, accounts.c.user_id == users.c.id)
            .where(sessions.c.id_hash == id_hash, sessions.c.expires_at > datetime.now(UTC))
        )
        with self._store._read() as connection:
            row = connection.execute(query).first()
        return None if row is None else Account(row.id, row.name, bool(row.is_teacher))

    def end_session(self, id_hash: str) -> None:
        with self._store._write() as connection:
            connection.execute(delete(sessions).where(sessions.c.id_hash == id_hash))

    # -- throttles ------------------------------------------------------------------

    def throttled(self, key: str, limit: int, window: timedelta) -> bool:
        """Whether ``key`` has reached ``limit`` events in its current window."""
        now = datetime.now(UTC)
        with self._store._read() as connection:
            row = connection.execute(
                select(throttles.c.window_start, throttles.c.count).where(throttles.c.key == key)
            ).first()
        if row is None:
            return False
        started, events = row  # not row.count: a Row is a tuple, and tuple.count is a method
        return bool(started > now - window and events >= limit)

    def count_event(self, key: str, window: timedelta) -> int:
        """Count one event for ``key`` (a new window once the old one has passed); the count."""
        now = datetime.now(UTC)
        store = self._store
        with store._write() as connection:
            # the row lock of the upsert serialises workers counting the same key
            statement = store._insert(throttles).values(key=key, window_start=now, count=1)
            expired = throttles.c.window_start <= now - window
            statement = statement.on_conflict_do_update(
                index_elements=["key"],
                set_={
                    "count": case((expired, 1), else_=throttles.c.count + 1),
                    "window_start": case(
                        (expired, literal(now, throttles.c.window_start.type)),
                        else_=throttles.c.window_start,
                    ),
                },
            ).returning(throttles.c.count)
            return int(connection.execute(statement).scalar_one())

    def clear_throttle(self, key: str) -> None:
        with self._store._write() as connection:
            connection.execute(delete(throttles).where(throttles.c.key == key))
