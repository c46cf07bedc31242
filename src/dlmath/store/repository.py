"""The store: learners, their attempts and their cached skill states, behind plain methods.

Every method runs in its own short transaction and commits before it returns, so a
process killed at any moment keeps everything a method has already returned from. The
store holds no learner logic: it persists the Attempt and SkillState values it is given.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO

from sqlalchemy import Connection, Engine, delete, func, select, tuple_, update
from sqlalchemy.exc import (
    DatabaseError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
)

from dlmath.learner.types import Attempt, SkillState
from dlmath.store.contract import (
    STATE_FIELDS,
    StoreMethods,
    check_attempt,
    check_state,
    require_aware,
)
from dlmath.store.engine import WRITE, public_url
from dlmath.store.exceptions import StoreError
from dlmath.store.schema import attempts, skill_states, users

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.store.transfer import ExportReport, ImportReport

# Attempt's fields after ``user``, in order, so that a row builds an Attempt positionally.
ATTEMPT_VALUES = (
    attempts.c.exercise_id,
    attempts.c.skill,
    attempts.c.difficulty,
    attempts.c.answer,
    attempts.c.correct,
    attempts.c.diagnosis,
    attempts.c.duration_ms,
    attempts.c.hints_used,
    attempts.c.at,
    attempts.c.skipped,
    attempts.c.id,
    attempts.c.kind,
    attempts.c.try_number,
)


class Store(StoreMethods):
    """The learner database. Thread-safe: each call takes its own pooled connection."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.url = public_url(engine.url)
        self.dialect = engine.dialect.name

    # -- lifetime -------------------------------------------------------------------

    def close(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()

    @contextmanager
    def _read(self, snapshot: bool = False) -> Iterator[Connection]:
        """A read transaction; ``snapshot``: one consistent view for several queries.

        (SQLite transactions always read one snapshot; PostgreSQL's default isolation
        gives each statement its own, so a snapshot asks for REPEATABLE READ.)
        """
        with _clean_errors(), self._engine.connect() as connection:
            if snapshot and self.dialect == "postgresql":
                connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                yield connection

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with _clean_errors(), self._engine.connect() as connection:
            connection.execution_options(**{WRITE: True})
            with connection.begin():
                yield connection

    def _insert(self, table: Any) -> Any:
        """An INSERT that understands ON CONFLICT on this database."""
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    # -- users ----------------------------------------------------------------------

    def user(self, name: str) -> int:
        """The id of the learner called ``name``, created if missing."""
        with self._write() as connection:
            return self._ensure_user(connection, name)

    def users(self) -> list[str]:
        """Every learner's name, in the order they were created."""
        with self._read() as connection:
            return list(connection.scalars(select(users.c.name).order_by(users.c.id)))

    def _ensure_user(
        self, connection: Connection, name: str, created_at: datetime | None = None
    ) -> int:
        if not isinstance(name, str) or not name:
            raise ValueError("a learner's name must be a non-empty string")
        found = _user_id(connection, name)
        if found is not None:
            return found
        # ON CONFLICT: another process may create the same learner at the same moment
        connection.execute(
            self._insert(users)
            .values(name=name, created_at=created_at or datetime.now(UTC), needs_rebuild=False)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        created = _user_id(connection, name)
        assert created is not None
        return created

    # -- attempts -------------------------------------------------------------------

    def add_attempt(self, attempt: Attempt, states: Iterable[SkillState] = ()) -> Attempt:
        """Append one attempt (and upsert the cached states it led to) in one transaction.

        Returns the attempt with its ``id``. Committed before returning: once this returns,
        the answer survives the process being killed.
        """
        check_attempt(attempt)
        states = list(states)
        for state in states:
            check_state(state)
        with self._write() as connection:
            user_id = self._ensure_user(connection, attempt.user)
            result = connection.execute(
                attempts.insert().values(
                    uid=str(uuid.uuid4()), user_id=user_id, **_attempt_values(attempt)
                )
            )
            attempt_id = result.inserted_primary_key[0]
            connection.execute(
                update(users)
                .where(users.c.id == user_id)
                .values(attempt_count=users.c.attempt_count + 1)
            )
            self._upsert_states(connection, user_id, states)
        return replace(attempt, id=int(attempt_id))

    def iter_attempts(
        self,
        user: str | None = None,
        skill: str | None = None,
        since: datetime | None = None,
        batch_size: int = 2000,
    ) -> Iterator[Attempt]:
        """Attempts in time order (``at``, then ``id``), fetched a batch at a time.

        Each batch is its own short read, so iterating a long history never holds the
        database; ``user=None`` walks every learner's attempts.
        """
        if since is not None:
            require_aware(since, "since")
        query = select(attempts.c.user_id, *ATTEMPT_VALUES)
        with self._read() as connection:
            if user is None:
                names = _user_names(connection)
            else:
                user_id = _user_id(connection, user)
                if user_id is None:
                    return
                names = {user_id: user}
                # by id, not by a join on the name: the planner walks the index in order
                query = query.where(attempts.c.user_id == user_id)
        if skill is not None:
            query = query.where(attempts.c.skill == skill)
        if since is not None:
            query = query.where(attempts.c.at >= since)
        query = query.order_by(attempts.c.at, attempts.c.id).limit(batch_size)
        after: tuple[datetime, int] | None = None
        while True:
            page = query
            if after is not None:
                at, attempt_id = after
                page = query.where(tuple_(attempts.c.at, attempts.c.id) > tuple_(at, attempt_id))
            with self._read() as connection:
                rows = connection.execute(page).all()
                if any(row[0] not in names for row in rows):  # a learner created meanwhile
                    names = _user_names(connection)
            for row in rows:
                yield Attempt(names[row[0]], *row[1:])
            if len(rows) < batch_size:
                return
            after = (rows[-1].at, rows[-1].id)

    def count_attempts(self, user: str, skill: str | None = None) -> int:
        """How many attempts the learner has (at ``skill``, if given).

        The total is the learner's counter, one row read whatever the history's length;
        a count per skill counts the rows (an index range)."""
        if skill is None:
            with self._read() as connection:
                found = connection.execute(
                    select(users.c.attempt_count).where(users.c.name == user)
                ).scalar()
            return int(found or 0)
        query = (
            select(func.count())
            .select_from(attempts.join(users, users.c.id == attempts.c.user_id))
            .where(users.c.name == user)
        )
        if skill is not None:
            query = query.where(attempts.c.skill == skill)
        with self._read() as connection:
            return int(connection.execute(query).scalar_one())

    def recount_attempts(self, user: str) -> int:
        """Count the learner's attempts row by row and set the counter to it (a repair,
        when the cached states and the counter disagree); the count."""
        with self._write() as connection:
            user_id = _user_id(connection, user)
            if user_id is None:
                return 0
            total = connection.execute(
                select(func.count()).where(attempts.c.user_id == user_id)
            ).scalar_one()
            connection.execute(
                update(users).where(users.c.id == user_id).values(attempt_count=total)
            )
        return int(total)

    def last_attempt(self, user: str) -> Attempt | None:
        """The learner's most recently added attempt, or None."""
        with self._read() as connection:
            row = connection.execute(_last_attempt_query(user)).first()
        return _attempt(row) if row is not None else None

    def undo_last_attempt(self, user: str) -> Attempt | None:
        """Remove the most recently added attempt (an explicit undo) and return it.

        The one deliberate exception to append-only. The cached states no longer follow
        from the history, so the learner is marked ``needs_rebuild`` in the same
        transaction; the caller rebuilds with ``replace_skill_states``.
        """
        with self._write() as connection:
            row = connection.execute(_last_attempt_query(user)).first()
            if row is None:
                return None
            connection.execute(delete(attempts).where(attempts.c.id == row.id))
            connection.execute(
                update(users)
                .where(users.c.name == user)
                .values(needs_rebuild=True, attempt_count=users.c.attempt_count - 1)
            )
        return _attempt(row)

    # -- cached skill states --------------------------------------------------------

    def skill_states(self, user: str) -> dict[str, SkillState]:
        """The learner's cached state of every skill they have one for."""
        query = (
            select(skill_states)
            .join(users, users.c.id == skill_states.c.user_id)
            .where(users.c.name == user)
            .order_by(skill_states.c.skill)
        )
        with self._read() as connection:
            rows = connection.execute(query).all()
        return {row.skill: _state(row) for row in rows}

    def save_skill_states(self, user: str, states: Iterable[SkillState]) -> None:
        """Insert or replace the cached states of several skills, in one transaction."""
        states = list(states)
        for state in states:
            check_state(state)
        with self._write() as connection:
            self._upsert_states(connection, self._ensure_user(connection, user), states)

    def replace_skill_states(self, user: str, states: Iterable[SkillState]) -> None:
        """Replace all of the learner's cached states (a rebuild); clears ``needs_rebuild``."""
        states = list(states)
        for state in states:
            check_state(state)
        with self._write() as connection:
            user_id = self._ensure_user(connection, user)
            connection.execute(delete(skill_states).where(skill_states.c.user_id == user_id))
            self._upsert_states(connection, user_id, states)
            connection.execute(
                update(users).where(users.c.id == user_id).values(needs_rebuild=False)
            )

    def needs_rebuild(self, user: str) -> bool:
        """Whether the cached states may not follow from the attempts (rebuild them)."""
        with self._read() as connection:
            flag = connection.execute(
                select(users.c.needs_rebuild).where(users.c.name == user)
            ).scalar()
        return bool(flag)

    def _upsert_states(
        self, connection: Connection, user_id: int, states: list[SkillState]
    ) -> None:
        latest = {state.skill: state for state in states}  # one row per skill per statement
        if not latest:
            return
        statement = self._insert(skill_states).values(
            [{"user_id": user_id, **_state_values(s)} for s in latest.values()]
        )
        statement = statement.on_conflict_do_update(
            index_elements=["user_id", "skill"],
            set_={name: statement.excluded[name] for name in STATE_FIELDS},
        )
        connection.execute(statement)

    # -- export and import ----------------------------------------------------------

    def export_jsonl(self, out: TextIO, user: str | None = None) -> ExportReport:
        """Write learners, attempts and cached states as JSON lines (``user``: only them)."""
        from dlmath.store.transfer import export_jsonl

        with self._read(snapshot=True) as connection:
            return export_jsonl(connection, out, user)

    def import_jsonl(self, source: TextIO | Iterable[str]) -> ImportReport:
        """Read an export in one transaction; attempts already present are skipped.

        A bad file raises ImportFormatError and stores nothing.
        """
        from dlmath.store.transfer import import_jsonl

        try:
            with self._write() as connection:
                return import_jsonl(connection, self._insert, source)
        except DBAPIError as error:  # e.g. a concurrent import of the same learners
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise StoreError(f"import failed, nothing was stored: {reason}") from error


@contextmanager
def _clean_errors() -> Iterator[None]:
    """Connection trouble becomes a StoreError with a one-line message."""
    try:
        yield
    except (OperationalError, InterfaceError) as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise StoreError(f"database error: {reason}") from error
    except DatabaseError as error:  # e.g. "database disk image is malformed"
        if isinstance(error, IntegrityError):
            raise
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise StoreError(f"the database is damaged or unreadable: {reason}") from error


def _user_id(connection: Connection, name: str) -> int | None:
    return connection.execute(select(users.c.id).where(users.c.name == name)).scalar()


def _user_names(connection: Connection) -> dict[int, str]:
    return {row.id: row.name for row in connection.execute(select(users.c.id, users.c.name))}


def _last_attempt_query(user: str) -> Any:
    return (
        select(users.c.name, *ATTEMPT_VALUES)
        .join(users, users.c.id == attempts.c.user_id)
        .where(users.c.name == user)
        .order_by(attempts.c.id.desc())
        .limit(1)
    )


def _attempt_values(attempt: Attempt) -> dict[str, Any]:
    return {
        "exercise_id": attempt.exercise_id,
        "skill": attempt.skill,
        "difficulty": attempt.difficulty,
        "answer": attempt.answer,
        "correct": attempt.correct,
        "diagnosis": attempt.diagnosis,
        "duration_ms": attempt.duration_ms,
        "hints_used": attempt.hints_used,
        "skipped": attempt.skipped,
        "at": attempt.at,
        "kind": attempt.kind,
        "try_number": attempt.try_number,
    }


def _attempt(row: Any) -> Attempt:
    return Attempt(*row)


def _state_values(state: SkillState) -> dict[str, Any]:
    return {"skill": state.skill, **{name: getattr(state, name) for name in STATE_FIELDS}}


def _state(row: Any) -> SkillState:
    return SkillState(skill=row.skill, **{name: getattr(row, name) for name in STATE_FIELDS})
