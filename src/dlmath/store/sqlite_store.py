"""The store over the bare ``sqlite3`` module: the terminal's quick path to a SQLite file.

Importing SQLAlchemy costs a learner more CPU than importing NumPy, on every ``dlmath
check`` and every practice session. ``SqliteStore`` has exactly the methods and the
behaviour of ``repository.Store`` and reads and writes the same rows in the same format
(times as naive-UTC text ``YYYY-MM-DD HH:MM:SS.ffffff``, booleans 0/1, the review card as
JSON text), so either implementation reads what the other wrote; the store tests run
over both, and cross-tests mix them on one file. It never migrates: ``open_store(light=
True)`` hands one out only for a file already at ``SCHEMA_REVISION`` (and migrates with
the full path first otherwise). Export and import, rare and long, use the full store.

The connection settings are ``engine.py``'s: WAL, ``synchronous = FULL``, a 30 s busy
timeout, foreign keys on, ``BEGIN IMMEDIATE`` for a transaction that writes. Every method
is one short transaction committed before it returns.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from dlmath.learner.types import Attempt, SkillState
from dlmath.store.contract import (
    SCHEMA_REVISION,
    STATE_FIELDS,
    StoreMethods,
    check_attempt,
    check_state,
    require_aware,
)
from dlmath.store.exceptions import StoreError

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.store.repository import Store
    from dlmath.store.transfer import ExportReport, ImportReport

BUSY_TIMEOUT_S = 30  # engine.py's (a test checks that they agree)
PRAGMAS = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
)
# Attempt's fields after ``user``, in order, so that a row builds an Attempt positionally.
ATTEMPT_COLUMNS = (
    "exercise_id, skill, difficulty, answer, correct, diagnosis, duration_ms, hints_used, "
    "at, skipped, id, kind, try_number"
)
_QUALIFIED = ", ".join(f"attempts.{name}" for name in ATTEMPT_COLUMNS.split(", "))
LAST_ATTEMPT = (
    f"SELECT users.name, {_QUALIFIED} FROM attempts "
    "JOIN users ON users.id = attempts.user_id WHERE users.name = ? "
    "ORDER BY attempts.id DESC LIMIT 1"
)
UPSERT_STATE = (
    f"INSERT INTO skill_states (user_id, skill, {', '.join(STATE_FIELDS)}) "
    f"VALUES (?, ?, {', '.join('?' for _ in STATE_FIELDS)}) "
    "ON CONFLICT (user_id, skill) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in STATE_FIELDS)
)
PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")


def sqlite_path(url: str) -> str | None:
    """The file of a plain SQLite URL (``sqlite:///relative``, ``sqlite:////absolute``);
    None for anything else (another database, memory, a query string, %-escapes), which
    the full store handles."""
    for prefix in PREFIXES:
        if url.startswith(prefix):
            path = url[len(prefix) :]
            plain = path and path != ":memory:" and not path.startswith("file:")
            return path if plain and not any(c in path for c in "?%#") else None
    return None


class SqliteStore(StoreMethods):
    """The learner database on a SQLite file, without SQLAlchemy. Thread-safe: one
    connection, one transaction at a time (SQLite has a single writer anyway)."""

    dialect = "sqlite"

    def __init__(self, url: str) -> None:
        path = sqlite_path(url)
        if path is None:
            raise ValueError(f"not a plain SQLite file URL: {url!r}")
        self.url = url  # a SQLite URL carries no password
        self._path = path
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    # -- lifetime -------------------------------------------------------------------

    def schema_is_current(self) -> bool:
        """Whether the file exists and is at ``SCHEMA_REVISION`` (False on any doubt: the
        full store then migrates it, or reports what is wrong with it)."""
        if not Path(self._path).is_file():
            return False
        try:
            with self._lock:
                row = self._connect().execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            self.close()
            return False
        return row is not None and row[0] == SCHEMA_REVISION

    def close(self) -> None:
        """Close the connection (a later call opens a new one, as the full store does)."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            connection = sqlite3.connect(
                self._path,  # as SQLAlchemy passes it (no ~ expansion): the same file
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,  # we emit BEGIN ourselves
                check_same_thread=False,
            )
            try:
                for pragma in PRAGMAS:
                    connection.execute(pragma)
            except BaseException:
                connection.close()
                raise
            self._connection = connection
        return self._connection

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        with self._lock, _clean_errors():
            connection = self._connect()
            connection.execute(begin)
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    with suppress(sqlite3.Error):
                        connection.execute("ROLLBACK")
                raise

    def _read(self) -> Any:
        """A read transaction: one consistent view for several queries."""
        return self._transaction("BEGIN")

    def _write(self) -> Any:
        """A write transaction, holding the write lock from its start."""
        return self._transaction("BEGIN IMMEDIATE")

    # -- users ----------------------------------------------------------------------

    def user(self, name: str) -> int:
        """The id of the learner called ``name``, created if missing."""
        with self._write() as connection:
            return _ensure_user(connection, name)

    def users(self) -> list[str]:
        """Every learner's name, in the order they were created."""
        with self._read() as connection:
            return [row[0] for row in connection.execute("SELECT name FROM users ORDER BY id")]

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
            user_id = _ensure_user(connection, attempt.user)
            cursor = connection.execute(
                "INSERT INTO attempts (uid, user_id, exercise_id, skill, difficulty, answer, "
                "correct, diagnosis, duration_ms, hints_used, skipped, at, kind, try_number) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(uuid.uuid4()), user_id, attempt.exercise_id, attempt.skill,
                    attempt.difficulty, attempt.answer, attempt.correct, attempt.diagnosis,
                    attempt.duration_ms, attempt.hints_used, attempt.skipped,
                    _time_text(attempt.at), attempt.kind, attempt.try_number,
                ),
            )  # fmt: skip
            connection.execute(
                "UPDATE users SET attempt_count = attempt_count + 1 WHERE id = ?", (user_id,)
            )
            _upsert_states(connection, user_id, states)
        return replace(attempt, id=cursor.lastrowid)

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
        where: list[str] = []
        values: list[Any] = []
        with self._read() as connection:
            if user is None:
                names = _user_names(connection)
            else:
                user_id = _user_id(connection, user)
                if user_id is None:
                    return
                names = {user_id: user}
                # by id, not by a join on the name: the planner walks the index in order
                where.append("user_id = ?")
                values.append(user_id)
        if skill is not None:
            where.append("skill = ?")
            values.append(skill)
        if since is not None:
            where.append("at >= ?")
            values.append(_time_text(since))
        after: tuple[str, int] | None = None
        while True:
            page_where, page_values = list(where), list(values)
            if after is not None:
                page_where.append("(at, id) > (?, ?)")
                page_values.extend(after)
            query = (
                f"SELECT user_id, {ATTEMPT_COLUMNS} FROM attempts"
                + (f" WHERE {' AND '.join(page_where)}" if page_where else "")
                + " ORDER BY at, id LIMIT ?"
            )
            with self._read() as connection:
                rows = connection.execute(query, (*page_values, batch_size)).fetchall()
                if any(row[0] not in names for row in rows):  # a learner created meanwhile
                    names = _user_names(connection)
            for row in rows:
                yield _attempt((names[row[0]], *row[1:]))
            if len(rows) < batch_size:
                return
            after = (rows[-1][9], rows[-1][11])  # the raw ``at`` text and ``id``

    def count_attempts(self, user: str, skill: str | None = None) -> int:
        """How many attempts the learner has (at ``skill``, if given).

        The total is the learner's counter, one row read whatever the history's length;
        a count per skill counts the rows (an index range)."""
        with self._read() as connection:
            if skill is None:
                row = connection.execute(
                    "SELECT attempt_count FROM users WHERE name = ?", (user,)
                ).fetchone()
            else:
                row = connection.execute(
                    "SELECT count(*) FROM attempts JOIN users ON users.id = attempts.user_id "
                    "WHERE users.name = ? AND attempts.skill = ?",
                    (user, skill),
                ).fetchone()
        return int(row[0] or 0) if row is not None else 0

    def recount_attempts(self, user: str) -> int:
        """Count the learner's attempts row by row and set the counter to it (a repair,
        when the cached states and the counter disagree); the count."""
        with self._write() as connection:
            user_id = _user_id(connection, user)
            if user_id is None:
                return 0
            (total,) = connection.execute(
                "SELECT count(*) FROM attempts WHERE user_id = ?", (user_id,)
            ).fetchone()
            connection.execute("UPDATE users SET attempt_count = ? WHERE id = ?", (total, user_id))
        return int(total)

    def last_attempt(self, user: str) -> Attempt | None:
        """The learner's most recently added attempt, or None."""
        with self._read() as connection:
            row = connection.execute(LAST_ATTEMPT, (user,)).fetchone()
        return _attempt(row) if row is not None else None

    def undo_last_attempt(self, user: str) -> Attempt | None:
        """Remove the most recently added attempt (an explicit undo) and return it.

        The one deliberate exception to append-only. The cached states no longer follow
        from the history, so the learner is marked ``needs_rebuild`` in the same
        transaction; the caller rebuilds with ``replace_skill_states``.
        """
        with self._write() as connection:
            row = connection.execute(LAST_ATTEMPT, (user,)).fetchone()
            if row is None:
                return None
            connection.execute("DELETE FROM attempts WHERE id = ?", (row[11],))
            connection.execute(
                "UPDATE users SET needs_rebuild = 1, attempt_count = attempt_count - 1 "
                "WHERE name = ?",
                (user,),
            )
        return _attempt(row)

    # -- cached skill states --------------------------------------------------------

    def skill_states(self, user: str) -> dict[str, SkillState]:
        """The learner's cached state of every skill they have one for."""
        query = (
            f"SELECT skill_states.skill, {', '.join(f'skill_states.{n}' for n in STATE_FIELDS)}"
            " FROM skill_states JOIN users ON users.id = skill_states.user_id"
            " WHERE users.name = ? ORDER BY skill_states.skill"
        )
        with self._read() as connection:
            rows = connection.execute(query, (user,)).fetchall()
        return {row[0]: _state(row) for row in rows}

    def save_skill_states(self, user: str, states: Iterable[SkillState]) -> None:
        """Insert or replace the cached states of several skills, in one transaction."""
        states = list(states)
        for state in states:
            check_state(state)
        with self._write() as connection:
            _upsert_states(connection, _ensure_user(connection, user), states)

    def replace_skill_states(self, user: str, states: Iterable[SkillState]) -> None:
        """Replace all of the learner's cached states (a rebuild); clears ``needs_rebuild``."""
        states = list(states)
        for state in states:
            check_state(state)
        with self._write() as connection:
            user_id = _ensure_user(connection, user)
            connection.execute("DELETE FROM skill_states WHERE user_id = ?", (user_id,))
            _upsert_states(connection, user_id, states)
            connection.execute("UPDATE users SET needs_rebuild = 0 WHERE id = ?", (user_id,))

    def needs_rebuild(self, user: str) -> bool:
        """Whether the cached states may not follow from the attempts (rebuild them)."""
        with self._read() as connection:
            row = connection.execute(
                "SELECT needs_rebuild FROM users WHERE name = ?", (user,)
            ).fetchone()
        return bool(row and row[0])

    # -- export and import: rare and long, done by the full store -------------------

    def export_jsonl(self, out: TextIO, user: str | None = None) -> ExportReport:
        """Write learners, attempts and cached states as JSON lines (``user``: only them)."""
        with self._full_store() as store:
            return store.export_jsonl(out, user)

    def import_jsonl(self, source: TextIO | Iterable[str]) -> ImportReport:
        """Read an export in one transaction; attempts already present are skipped.

        A bad file raises ImportFormatError and stores nothing.
        """
        with self._full_store() as store:
            return store.import_jsonl(source)

    def _full_store(self) -> Store:
        from dlmath.store.engine import make_engine
        from dlmath.store.repository import Store

        return Store(make_engine(self.url))


@contextmanager
def _clean_errors() -> Iterator[None]:
    """Connection trouble becomes a StoreError with the full store's one-line message."""
    try:
        yield
    except (sqlite3.OperationalError, sqlite3.InterfaceError) as error:
        raise StoreError(f"database error: {_first_line(error)}") from error
    except sqlite3.DatabaseError as error:  # e.g. "database disk image is malformed"
        if isinstance(error, sqlite3.IntegrityError):
            raise
        raise StoreError(f"the database is damaged or unreadable: {_first_line(error)}") from error


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _ensure_user(connection: sqlite3.Connection, name: str) -> int:
    if not isinstance(name, str) or not name:
        raise ValueError("a learner's name must be a non-empty string")
    found = _user_id(connection, name)
    if found is not None:
        return found
    connection.execute(
        "INSERT INTO users (name, created_at, needs_rebuild) VALUES (?, ?, 0) "
        "ON CONFLICT (name) DO NOTHING",
        (name, _time_text(datetime.now(UTC))),
    )
    created = _user_id(connection, name)
    assert created is not None
    return created


def _user_id(connection: sqlite3.Connection, name: str) -> int | None:
    row = connection.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
    return None if row is None else int(row[0])


def _user_names(connection: sqlite3.Connection) -> dict[int, str]:
    return dict(connection.execute("SELECT id, name FROM users").fetchall())


def _upsert_states(connection: sqlite3.Connection, user_id: int, states: list[SkillState]) -> None:
    latest = {state.skill: state for state in states}  # one row per skill
    connection.executemany(
        UPSERT_STATE,
        [
            (
                user_id, s.skill, s.mastery, s.attempts, s.correct, _time_text(s.mastered_at),
                None if s.card is None else json.dumps(s.card), _time_text(s.due),
                _time_text(s.last_attempt_at),
            )
            for s in latest.values()
        ],
    )  # fmt: skip


def _time_text(value: datetime | None) -> str | None:
    """A point in time as SQLAlchemy stores it on SQLite: naive UTC text, microseconds."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()}: give a timezone-aware time")
    v = value.astimezone(UTC)
    return (
        f"{v.year:04d}-{v.month:02d}-{v.day:02d} "
        f"{v.hour:02d}:{v.minute:02d}:{v.second:02d}.{v.microsecond:06d}"
    )


def _time(text: str | None) -> datetime | None:
    """Stored text back to an aware UTC time (as the full store reads it)."""
    if text is None:
        return None
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _attempt(row: Any) -> Attempt:
    (user, exercise_id, skill, difficulty, answer, correct, diagnosis, duration_ms,
     hints_used, at, skipped, attempt_id, kind, try_number) = row  # fmt: skip
    return Attempt(
        user, exercise_id, skill, difficulty, answer, bool(correct), diagnosis, duration_ms,
        hints_used, _time(at), bool(skipped), attempt_id, kind, try_number,
    )  # fmt: skip


def _state(row: Any) -> SkillState:
    skill, mastery, attempts, correct, mastered_at, card, due, last_attempt_at = row
    return SkillState(
        skill=skill,
        mastery=mastery,
        attempts=attempts,
        correct=correct,
        mastered_at=_time(mastered_at),
        card=None if card is None else json.loads(card),
        due=_time(due),
        last_attempt_at=_time(last_attempt_at),
    )
