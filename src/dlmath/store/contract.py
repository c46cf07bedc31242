"""What both store implementations share, importable without a database library.

``repository.Store`` (SQLAlchemy, every database) and ``sqlite_store.SqliteStore``
(the bare ``sqlite3`` module, for a quick terminal answer) read and write the same
schema and refuse the same values; the schema revision and those checks live here, once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.learner.types import Attempt, SkillState

# The newest revision in migrations/versions (a test checks that they agree).
SCHEMA_REVISION = "0005"

# SkillState's fields after ``skill``, as the columns of ``skill_states`` are named.
STATE_FIELDS = ("mastery", "attempts", "correct", "mastered_at", "card", "due", "last_attempt_at")
# An Attempt's text fields, checked for NUL before anything is stored.
TEXT_FIELDS = ("user", "exercise_id", "skill", "answer", "diagnosis")


def require_aware(value: datetime | None, what: str) -> None:
    """Refuse a naive time: without a zone it is ambiguous, and a history must not shift."""
    if value is None:
        return
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {value!r}")


def check_attempt(attempt: Attempt) -> None:
    """Refuse an attempt any database would store differently (or not at all)."""
    require_aware(attempt.at, "attempt.at")
    for name in TEXT_FIELDS:
        if "\x00" in (getattr(attempt, name) or ""):
            # PostgreSQL text cannot hold NUL; refused on SQLite too, for one behaviour
            raise ValueError(f"attempt.{name} contains a NUL character")


def check_state(state: SkillState) -> None:
    for name in ("mastered_at", "due", "last_attempt_at"):
        require_aware(getattr(state, name), f"SkillState.{name}")


class StoreMethods:
    """The store methods written in terms of others, the same for both implementations
    (which define ``url``, ``close``, ``iter_attempts`` and ``save_skill_states``)."""

    url: str

    def close(self) -> None:
        raise NotImplementedError

    def iter_attempts(
        self, user: str | None = None, skill: str | None = None, since: datetime | None = None
    ) -> Iterator[Attempt]:
        raise NotImplementedError

    def save_skill_states(self, user: str, states: Iterable[SkillState]) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r})"

    def attempts(
        self, user: str, skill: str | None = None, since: datetime | None = None
    ) -> list[Attempt]:
        """The learner's attempts in time order (``since`` inclusive); [] for a stranger."""
        return list(self.iter_attempts(user, skill=skill, since=since))

    def save_skill_state(self, user: str, state: SkillState) -> None:
        """Insert or replace the cached state of one skill."""
        self.save_skill_states(user, [state])
