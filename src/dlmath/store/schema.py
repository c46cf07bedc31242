"""The database schema: learners, their append-only attempts, and the cached skill states.

The tables are SQLAlchemy Core tables; the Alembic migrations in ``migrations/versions``
create exactly these (a test compares the two).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

# Names for constraints, so that later migrations (and SQLite batch mode) can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """A point in time, always timezone-aware UTC in Python, whatever the database.

    PostgreSQL stores ``timestamp with time zone``; SQLite has no time zones, so the value
    is stored as naive UTC text and made aware again on the way out. Naive datetimes are
    refused: a time without a zone is ambiguous, and a learner's history must not shift.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()}: give a timezone-aware time")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# BIGINT ids on PostgreSQL; on SQLite only INTEGER PRIMARY KEY is the auto-numbered rowid.
AttemptId = BigInteger().with_variant(Integer(), "sqlite")
CardJSON = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    # set when the cached skill states no longer follow from the attempts (after an undo
    # or an import that merged histories); cleared by a rebuild
    Column("needs_rebuild", Boolean, nullable=False, server_default=false()),
    # how many attempts the learner has, changed in the transaction that adds or removes
    # one: checking the cached states against the history reads this, not count(*)
    Column("attempt_count", BigInteger, nullable=False, server_default=text("0")),
)

attempts = Table(
    "attempts",
    metadata,
    Column("id", AttemptId, primary_key=True),
    # a stable identity across databases: export/import skips attempts it already has
    Column("uid", String(36), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("exercise_id", String, nullable=False),
    Column("skill", String, nullable=False),
    Column("difficulty", SmallInteger, nullable=False),
    Column("answer", Text, nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("diagnosis", String, nullable=True),
    Column("duration_ms", Integer, nullable=False),
    Column("hints_used", Integer, nullable=False),
    Column("skipped", Boolean, nullable=False),
    Column("try_number", SmallInteger, nullable=False, server_default=text("1")),
    Column("at", UTCDateTime, nullable=False),
    # "answer", or "placement" for a placement's conclusion (learner/types.py)
    Column("kind", String(16), nullable=False, server_default="answer"),
    # time order is (at, id): with id in the index, a page of a history is one index range
    Index("ix_attempts_user_id_at", "user_id", "at", "id"),
    Index("ix_attempts_user_id_skill_at", "user_id", "skill", "at", "id"),
)

skill_states = Table(
    "skill_states",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("skill", String, primary_key=True),
    Column("mastery", Float, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("correct", Integer, nullable=False),
    Column("mastered_at", UTCDateTime, nullable=True),
    Column("card", CardJSON, nullable=True),
    Column("due", UTCDateTime, nullable=True),
    Column("last_attempt_at", UTCDateTime, nullable=True),
)

# -- group mode: accounts, sessions, classes (migration 0002) ------------------------

accounts = Table(
    "accounts",
    metadata,
    # a learner who can sign in; the learner's name stays in ``users``
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("password_hash", Text, nullable=False),  # argon2id, never the password
    Column("is_teacher", Boolean, nullable=False, server_default=false()),
    Column("created_at", UTCDateTime, nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    # SHA-256 of the cookie's random id: a leaked table signs nobody in
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Index("ix_sessions_user_id", "user_id"),
)

classes = Table(
    "classes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, nullable=False),
    Column("teacher_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("join_code", String(16), nullable=False, unique=True),
    # learners may create their own account on the sign-up page with this class's code
    Column("signup_open", Boolean, nullable=False, server_default=false()),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_classes_teacher_id", "teacher_id"),
)

memberships = Table(
    "memberships",
    metadata,
    Column("class_id", Integer, ForeignKey("classes.id"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("joined_at", UTCDateTime, nullable=False),
    Index("ix_memberships_user_id", "user_id"),
)

assignments = Table(
    "assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("class_id", Integer, ForeignKey("classes.id"), nullable=False),
    Column("skill", String, nullable=False),
    Column("due_at", UTCDateTime, nullable=True),
    # met while mastered and the FSRS retrievability is at least this
    Column("target", Float, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("class_id", "skill"),
)

throttles = Table(
    "throttles",
    metadata,
    # a fixed window per key (e.g. sign-in failures of one name), shared by every worker
    Column("key", String(64), primary_key=True),
    Column("window_start", UTCDateTime, nullable=False),
    Column("count", Integer, nullable=False),
)
