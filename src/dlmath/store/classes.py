"""Classes, memberships and assignments of group mode, and the class-wide reads a dashboard needs.

Isolation by construction: every method that reads a class takes the id of the person
asking and filters on it in the same query (a teacher's own classes, a learner's own
memberships). A class that exists but belongs to someone else is indistinguishable from
one that does not exist: both come back as None, which the web app answers with 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from dlmath.learner.types import Attempt, SkillState
from dlmath.store.repository import ATTEMPT_VALUES, Store, _state
from dlmath.store.schema import (
    assignments,
    attempts,
    classes,
    memberships,
    skill_states,
    users,
)

MAX_CLASS_NAME = 100
CODE_TRIES = 5


@dataclass(frozen=True)
class ClassInfo:
    id: int
    name: str
    teacher_id: int
    join_code: str
    signup_open: bool


@dataclass(frozen=True)
class Assignment:
    id: int
    class_id: int
    skill: str
    due_at: datetime | None
    target: float


@dataclass(frozen=True)
class Member:
    id: int
    name: str


CLASS_COLUMNS = (
    classes.c.id,
    classes.c.name,
    classes.c.teacher_id,
    classes.c.join_code,
    classes.c.signup_open,
)
ASSIGNMENT_COLUMNS = (
    assignments.c.id,
    assignments.c.class_id,
    assignments.c.skill,
    assignments.c.due_at,
    assignments.c.target,
)


def check_class_name(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValueError("a class needs a name")
    name = name.strip()
    if len(name) > MAX_CLASS_NAME or any(ord(ch) < 32 for ch in name):
        raise ValueError(f"a class name is one line of at most {MAX_CLASS_NAME} characters")
    return name


class Classes:
    """Classes over an open Store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- teachers ---------------------------------------------------------------------

    def create(
        self,
        teacher_id: int,
        name: str,
        new_code: Callable[[], str],
        *,
        signup_open: bool = False,
    ) -> ClassInfo:
        """A new class of ``teacher_id`` with a fresh join code (drawn again on a collision)."""
        name = check_class_name(name)
        for _ in range(CODE_TRIES):
            code = new_code()
            try:
                with self._store._write() as connection:
                    class_id = connection.execute(
                        classes.insert().values(
                            name=name,
                            teacher_id=teacher_id,
                            join_code=code,
                            signup_open=signup_open,
                            created_at=datetime.now(UTC),
                        )
                    ).inserted_primary_key
                assert class_id is not None
                return ClassInfo(int(class_id[0]), name, teacher_id, code, signup_open)
            except IntegrityError:
                continue
        raise RuntimeError("could not draw an unused join code")

    def of_teacher(self, teacher_id: int) -> list[ClassInfo]:
        query = select(*CLASS_COLUMNS).where(classes.c.teacher_id == teacher_id)
        with self._store._read() as connection:
            return [ClassInfo(*row) for row in connection.execute(query.order_by(classes.c.id))]

    def teacher_class(self, teacher_id: int, class_id: int) -> ClassInfo | None:
        """The class if ``teacher_id`` teaches it, else None (whether or not it exists)."""
        query = select(*CLASS_COLUMNS).where(
            classes.c.id == class_id, classes.c.teacher_id == teacher_id
        )
        with self._store._read() as connection:
            row = connection.execute(query).first()
        return None if row is None else ClassInfo(*row)

    def set_signup(self, teacher_id: int, class_id: int, open_: bool) -> bool:
        with self._store._write() as connection:
            result = connection.execute(
                classes.update()
                .where(classes.c.id == class_id, classes.c.teacher_id == teacher_id)
                .values(signup_open=open_)
            )
        return result.rowcount == 1

    def roster(self, teacher_id: int, class_id: int) -> list[Member] | None:
        """The class's learners by name, or None when it is not this teacher's class."""
        query = (
            select(users.c.id, users.c.name)
            .select_from(memberships)
            .join(users, users.c.id == memberships.c.user_id)
            .join(classes, classes.c.id == memberships.c.class_id)
            .where(classes.c.id == class_id, classes.c.teacher_id == teacher_id)
            .order_by(users.c.name)
        )
        if self.teacher_class(teacher_id, class_id) is None:
            return None
        with self._store._read() as connection:
            return [Member(*row) for row in connection.execute(query)]

    def member(self, teacher_id: int, class_id: int, learner_id: int) -> Member | None:
        """A learner of the teacher's class, or None (not in it, or not the teacher's)."""
        query = (
            select(users.c.id, users.c.name)
            .select_from(memberships)
            .join(users, users.c.id == memberships.c.user_id)
            .join(classes, classes.c.id == memberships.c.class_id)
            .where(
                classes.c.id == class_id,
                classes.c.teacher_id == teacher_id,
                memberships.c.user_id == learner_id,
            )
        )
        with self._store._read() as connection:
            row = connection.execute(query).first()
        return None if row is None else Member(*row)

    def assign(
        self, teacher_id: int, class_id: int, skill: str, due_at: datetime | None, target: float
    ) -> Assignment | None:
        """Assign ``skill`` (or update its due date and target); None if not the teacher's."""
        if self.teacher_class(teacher_id, class_id) is None:
            return None
        store = self._store
        with store._write() as connection:
            statement = store._insert(assignments).values(
                class_id=class_id,
                skill=skill,
                due_at=due_at,
                target=target,
                created_at=datetime.now(UTC),
            )
            statement = statement.on_conflict_do_update(
                index_elements=["class_id", "skill"],
                set_={"due_at": statement.excluded.due_at, "target": statement.excluded.target},
            )
            connection.execute(statement)
            row = connection.execute(
                select(*ASSIGNMENT_COLUMNS).where(
                    assignments.c.class_id == class_id, assignments.c.skill == skill
                )
            ).one()
        return Assignment(*row)

    def unassign(self, teacher_id: int, class_id: int, assignment_id: int) -> bool:
        if self.teacher_class(teacher_id, class_id) is None:
            return False
        with self._store._write() as connection:
            result = connection.execute(
                delete(assignments).where(
                    assignments.c.id == assignment_id, assignments.c.class_id == class_id
                )
            )
        return result.rowcount == 1

    def assignments(self, teacher_id: int, class_id: int) -> list[Assignment] | None:
        query = (
            select(*ASSIGNMENT_COLUMNS)
            .join(classes, classes.c.id == assignments.c.class_id)
            .where(classes.c.id == class_id, classes.c.teacher_id == teacher_id)
            .order_by(assignments.c.due_at.asc().nulls_last(), assignments.c.id)
        )
        if self.teacher_class(teacher_id, class_id) is None:
            return None
        with self._store._read() as connection:
            return [Assignment(*row) for row in connection.execute(query)]

    def class_states(self, teacher_id: int, class_id: int) -> dict[int, dict[str, SkillState]]:
        """Every member's cached skill states, by learner id (one query; {} if not theirs)."""
        query = (
            select(skill_states)
            .join(memberships, memberships.c.user_id == skill_states.c.user_id)
            .join(classes, classes.c.id == memberships.c.class_id)
            .where(classes.c.id == class_id, classes.c.teacher_id == teacher_id)
        )
        found: dict[int, dict[str, SkillState]] = {}
        with self._store._read() as connection:
            for row in connection.execute(query):
                found.setdefault(row.user_id, {})[row.skill] = _state(row)
        return found

    def class_attempts(
        self, teacher_id: int, class_id: int, since: datetime, limit: int = 50_000
    ) -> list[Attempt]:
        """The members' attempts since ``since``, in time order (bounded by ``limit``)."""
        query = (
            select(users.c.name, *ATTEMPT_VALUES)
            .select_from(attempts)
            .join(users, users.c.id == attempts.c.user_id)
            .join(memberships, memberships.c.user_id == attempts.c.user_id)
            .join(classes, classes.c.id == memberships.c.class_id)
            .where(
                classes.c.id == class_id,
                classes.c.teacher_id == teacher_id,
                attempts.c.at >= since,
            )
            .order_by(attempts.c.at.desc(), attempts.c.id.desc())
            .limit(limit)
        )
        with self._store._read() as connection:
            rows = connection.execute(query).all()
        return [Attempt(*row) for row in reversed(rows)]

    # -- learners ---------------------------------------------------------------------

    def by_code(self, code: str) -> ClassInfo | None:
        with self._store._read() as connection:
            row = connection.execute(
                select(*CLASS_COLUMNS).where(classes.c.join_code == code)
            ).first()
        return None if row is None else ClassInfo(*row)

    def join(self, class_id: int, user_id: int) -> None:
        """Add the learner to the class (joining twice is harmless)."""
        store = self._store
        with store._write() as connection:
            connection.execute(
                store._insert(memberships)
                .values(class_id=class_id, user_id=user_id, joined_at=datetime.now(UTC))
                .on_conflict_do_nothing(index_elements=["class_id", "user_id"])
            )

    def of_learner(self, user_id: int) -> list[ClassInfo]:
        query = (
            select(*CLASS_COLUMNS)
            .join(memberships, memberships.c.class_id == classes.c.id)
            .where(memberships.c.user_id == user_id)
            .order_by(classes.c.id)
        )
        with self._store._read() as connection:
            return [ClassInfo(*row) for row in connection.execute(query)]

    def learner_assignments(self, user: int | str) -> list[tuple[str, Assignment]]:
        """Every assignment of the learner's classes (by id or name), with the class's name,
        soonest due first."""
        query = (
            select(classes.c.name, *ASSIGNMENT_COLUMNS)
            .join(classes, classes.c.id == assignments.c.class_id)
            .join(memberships, memberships.c.class_id == classes.c.id)
        )
        if isinstance(user, str):
            query = query.join(users, users.c.id == memberships.c.user_id).where(
                users.c.name == user
            )
        else:
            query = query.where(memberships.c.user_id == user)
        query = query.order_by(assignments.c.due_at.asc().nulls_last(), assignments.c.id)
        with self._store._read() as connection:
            return [(row[0], Assignment(*row[1:])) for row in connection.execute(query)]
