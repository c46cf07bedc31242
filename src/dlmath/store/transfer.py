"""Export and import of the learner database as JSON lines (one JSON object per line).

The first line is a header, ``{"type": "dlmath-export", "format": 1, ...}``; then one
``user`` record per learner, their ``attempt`` records in time order and their cached
``skill_state`` records. Every attempt carries a ``uid`` that stays with it across
databases, so importing a file twice, or importing back what was exported, adds nothing
twice. Times are ISO 8601 with the UTC offset. Attempt ``id`` values are those of the
exporting database, for reference only: the importing database numbers attempts itself.

Merging a file into a learner who already has attempts leaves their cached states
behind the history, so the import deletes those states and marks the learner
``needs_rebuild``; a learner new to the database gets the file's states as they were.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from sqlalchemy import Connection, delete, func, select, text, update

from dlmath.learner.types import ANSWER, CONCLUSIONS, KINDS, PLACEMENT
from dlmath.store.exceptions import ImportFormatError, StoreError
from dlmath.store.schema import attempts, skill_states, users

FORMAT = 1
HEADER_TYPE = "dlmath-export"
BATCH = 500
INT32 = (-(2**31), 2**31 - 1)
INT16 = (-(2**15), 2**15 - 1)
NATURAL = (0, 2**31 - 1)
DIFFICULTY = (1, 3)
TRIES = (1, 100)
#: A line of an export is one record, a few hundred characters; anything longer is refused
#: before it is parsed (memory stays bounded whatever the file holds).
MAX_LINE_CHARS = 1_000_000
#: FSRS card states: learning, review, relearning.
CARD_STATES = (1, 3)


@dataclass
class ExportReport:
    """How many records an export wrote."""

    users: int = 0
    attempts: int = 0
    skill_states: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ImportReport:
    """What an import added and skipped; ``rebuild_needed`` lists learners to rebuild."""

    users_added: int = 0
    attempts_added: int = 0
    attempts_skipped: int = 0
    skill_states_added: int = 0
    rebuild_needed: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# -- export -------------------------------------------------------------------------


def export_jsonl(connection: Connection, out: TextIO, user: str | None) -> ExportReport:
    """Write the database (or one learner) to ``out``, inside the caller's transaction."""
    report = ExportReport()
    user_query = select(users).order_by(users.c.id)
    if user is not None:
        user_query = user_query.where(users.c.name == user)
    user_rows = connection.execute(user_query).all()
    if user is not None and not user_rows:
        raise StoreError(f"no learner named {user!r}")
    names = {row.id: row.name for row in user_rows}

    _write(out, {"type": HEADER_TYPE, "format": FORMAT, "exported_at": _time(_now())})
    for row in user_rows:
        _write(
            out,
            {
                "type": "user",
                "name": row.name,
                "created_at": _time(row.created_at),
                "needs_rebuild": bool(row.needs_rebuild),
            },
        )
        report.users += 1

    attempt_query = select(attempts).order_by(attempts.c.at, attempts.c.id)
    state_query = select(skill_states).order_by(skill_states.c.user_id, skill_states.c.skill)
    if user is not None:
        attempt_query = attempt_query.where(attempts.c.user_id == user_rows[0].id)
        state_query = state_query.where(skill_states.c.user_id == user_rows[0].id)
    streamed = connection.execution_options(yield_per=1000).execute(attempt_query)
    for row in streamed:
        _write(
            out,
            {
                "type": "attempt",
                "uid": row.uid,
                "user": names[row.user_id],
                "exercise_id": row.exercise_id,
                "skill": row.skill,
                "difficulty": row.difficulty,
                "answer": row.answer,
                "correct": bool(row.correct),
                "diagnosis": row.diagnosis,
                "duration_ms": row.duration_ms,
                "hints_used": row.hints_used,
                "skipped": bool(row.skipped),
                "kind": row.kind,
                "at": _time(row.at),
                "id": int(row.id),
                "try_number": int(row.try_number),
            },
        )
        report.attempts += 1
    for row in connection.execute(state_query):
        _write(
            out,
            {
                "type": "skill_state",
                "user": names[row.user_id],
                "skill": row.skill,
                "mastery": row.mastery,
                "attempts": row.attempts,
                "correct": row.correct,
                "mastered_at": _time(row.mastered_at),
                "card": row.card,
                "due": _time(row.due),
                "last_attempt_at": _time(row.last_attempt_at),
            },
        )
        report.skill_states += 1
    return report


def _write(out: TextIO, record: dict[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _now() -> datetime:
    return datetime.now(UTC)


# -- import -------------------------------------------------------------------------


class _Importer:
    """One import, inside one write transaction (the caller commits or rolls back)."""

    def __init__(self, connection: Connection, insert: Callable[[Any], Any]) -> None:
        self.connection = connection
        self.insert = insert  # the database's INSERT with ON CONFLICT
        self.report = ImportReport()
        self.user_ids: dict[str, int] = {}
        self.prior: dict[str, int] = {}  # attempts each learner had before this import
        self.added: dict[str, int] = {}
        self.flagged: dict[str, bool] = {}  # needs_rebuild in the exporting database
        self.states: dict[str, dict[str, dict[str, Any]]] = {}
        self.pending: list[dict[str, Any]] = []

    def user_id(self, name: str, created_at: datetime | None = None) -> int:
        if name in self.user_ids:
            return self.user_ids[name]
        found = self.connection.execute(select(users.c.id).where(users.c.name == name)).scalar()
        if found is None:
            self.connection.execute(
                self.insert(users)
                .values(name=name, created_at=created_at or _now(), needs_rebuild=False)
                .on_conflict_do_nothing(index_elements=["name"])
            )
            found = self.connection.execute(
                select(users.c.id).where(users.c.name == name)
            ).scalar_one()
            self.report.users_added += 1
        self.user_ids[name] = found
        return found

    def add_user(self, record: dict[str, Any]) -> None:
        self.user_id(record["name"], record["created_at"])
        self.flagged[record["name"]] = record["needs_rebuild"]

    def add_attempt(self, record: dict[str, Any]) -> None:
        self.pending.append(record)
        if len(self.pending) >= BATCH:
            self.flush()

    def add_state(self, record: dict[str, Any]) -> None:
        self.states.setdefault(record["user"], {})[record["skill"]] = record

    def flush(self) -> None:
        if not self.pending:
            return
        rows = []
        for record in self.pending:
            name = record["user"]
            user_id = self.user_id(name)
            if name not in self.prior:
                self.prior[name] = self.connection.execute(
                    select(func.count()).where(attempts.c.user_id == user_id)
                ).scalar_one()
            values = {k: v for k, v in record.items() if k not in ("type", "user", "id")}
            rows.append({**values, "user_id": user_id})
        present = self.present({row["uid"] for row in rows})
        fresh: dict[str, dict[str, Any]] = {}
        for row, record in zip(rows, self.pending, strict=True):
            if row["uid"] not in present and row["uid"] not in fresh:
                fresh[row["uid"]] = row
                self.added[record["user"]] = self.added.get(record["user"], 0) + 1
        if fresh:
            # ON CONFLICT: a concurrent import of the same attempts must not fail this one
            statement = self.insert(attempts).on_conflict_do_nothing(index_elements=["uid"])
            self.connection.execute(statement, list(fresh.values()))
        self.report.attempts_added += len(fresh)
        self.report.attempts_skipped += len(rows) - len(fresh)
        self.pending = []

    def present(self, uids: set[str]) -> set[str]:
        """Which of ``uids`` the database already has."""
        if self.connection.dialect.name == "postgresql":  # one array parameter, not 500
            query = text("SELECT uid FROM attempts WHERE uid = ANY(:uids)")
            return set(self.connection.scalars(query, {"uids": list(uids)}))
        return set(self.connection.scalars(select(attempts.c.uid).where(attempts.c.uid.in_(uids))))

    def finish(self) -> ImportReport:
        self.flush()
        for name in sorted(set(self.added) | set(self.states), key=str):
            added = self.added.get(name, 0)
            if added == 0:
                continue  # nothing new for this learner: keep their cache as it is
            user_id = self.user_id(name)
            self.connection.execute(delete(skill_states).where(skill_states.c.user_id == user_id))
            file_states = self.states.get(name, {})
            stale = self.prior[name] > 0 or self.flagged.get(name, False) or not file_states
            if self.prior[name] == 0 and file_states:
                self.connection.execute(
                    skill_states.insert(),
                    [
                        {k: v for k, v in s.items() if k not in ("type", "user")}
                        | {"user_id": user_id}
                        for s in file_states.values()
                    ],
                )
                self.report.skill_states_added += len(file_states)
            total = select(func.count()).where(attempts.c.user_id == user_id).scalar_subquery()
            self.connection.execute(
                update(users)
                .where(users.c.id == user_id)
                .values(needs_rebuild=stale, attempt_count=total)
            )
            if stale:
                self.report.rebuild_needed.append(name)
        return self.report


def import_jsonl(
    connection: Connection, insert: Callable[[Any], Any], source: TextIO | Iterable[str]
) -> ImportReport:
    """Read an export into the database inside the caller's (write) transaction."""
    importer = _Importer(connection, insert)
    seen_header = False
    number = 0
    try:
        for number, line in enumerate(_lines(source), start=1):  # noqa: B007 - used after
            if not line.strip():
                continue
            record = _parse(line, number)
            kind = record.get("type")
            if not seen_header:
                _check_header(record, number)
                seen_header = True
            elif kind == "user":
                importer.add_user(_user_record(record, number))
            elif kind == "attempt":
                importer.add_attempt(_attempt_record(record, number))
            elif kind == "skill_state":
                importer.add_state(_state_record(record, number))
            else:
                raise ImportFormatError(f"unknown record type {kind!r}", number)
    except UnicodeDecodeError as error:
        raise ImportFormatError(f"not UTF-8 text ({error.reason})", number + 1) from error
    if not seen_header:
        raise ImportFormatError("empty file: not a dlmath export")
    return importer.finish()


def _lines(source: TextIO | Iterable[str]) -> Iterable[str]:
    """The lines of ``source``, none longer than ``MAX_LINE_CHARS`` (read in bounded
    pieces, so one enormous line cannot exhaust memory)."""
    readline = getattr(source, "readline", None)
    if readline is None:
        for number, line in enumerate(source, start=1):
            if len(line) > MAX_LINE_CHARS:
                raise ImportFormatError(f"a line over {MAX_LINE_CHARS:,} characters", number)
            yield line
        return
    number = 0
    while True:
        line = readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise ImportFormatError(f"a line over {MAX_LINE_CHARS:,} characters", number)
        yield line


def _parse(line: str, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ImportFormatError(f"not JSON ({error.msg})", number) from error
    except RecursionError as error:
        raise ImportFormatError("JSON nested too deeply", number) from error
    if not isinstance(record, dict):
        raise ImportFormatError("expected a JSON object", number)
    return record


def _check_header(record: dict[str, Any], number: int) -> None:
    if record.get("type") != HEADER_TYPE:
        raise ImportFormatError(
            f'not a dlmath export (the first line must be {{"type": "{HEADER_TYPE}", ...}})',
            number,
        )
    version = record.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFormatError("the header's format must be a positive integer", number)
    if version > FORMAT:
        raise ImportFormatError(
            f"format {version} comes from a newer dlmath (this one reads format {FORMAT})",
            number,
        )


class _Fields:
    """Typed reads of one record's fields, each failure naming the field and line."""

    def __init__(self, record: dict[str, Any], kind: str, number: int) -> None:
        self.record, self.kind, self.line = record, kind, number

    def fail(self, name: str, expected: str) -> ImportFormatError:
        got = json.dumps(self.record.get(name), ensure_ascii=False)[:60]
        return ImportFormatError(
            f"{self.kind} field {name!r} must be {expected}, got {got}", self.line
        )

    def text(
        self, name: str, *, empty: bool = False, optional: bool = False, limit: int = 0
    ) -> Any:
        value = self.record.get(name)
        if value is None and optional:
            return None
        if (
            not isinstance(value, str)
            or (not empty and not value)
            or (limit and len(value) > limit)
        ):
            what = "a string" if empty else "a non-empty string"
            raise self.fail(name, what + (f" of at most {limit} characters" if limit else ""))
        if "\x00" in value:  # PostgreSQL text cannot hold NUL; refused on SQLite too
            raise self.fail(name, "a string without NUL characters")
        return value

    def integer(
        self, name: str, bounds: tuple[int, int] = INT32, default: int | None = None
    ) -> int:
        value = self.record.get(name, default)
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or not bounds[0] <= value <= bounds[1]
        ):
            raise self.fail(name, f"an integer in [{bounds[0]}, {bounds[1]}]")
        return value

    def number(self, name: str, bounds: tuple[float, float] | None = None) -> float:
        value = self.record.get(name)
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
            or (bounds is not None and not bounds[0] <= value <= bounds[1])
        ):
            where = f" in [{bounds[0]}, {bounds[1]}]" if bounds else ""
            raise self.fail(name, "a finite number" + where)
        return float(value)

    def flag(self, name: str, default: bool | None = None) -> bool:
        value = self.record.get(name, default)
        if not isinstance(value, bool):
            raise self.fail(name, "true or false")
        return value

    def time(self, name: str, optional: bool = False) -> datetime | None:
        value = self.record.get(name)
        if value is None and optional:
            return None
        expected = "an ISO 8601 time with a UTC offset"
        if not isinstance(value, str):
            raise self.fail(name, expected)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(name, expected) from None
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            raise self.fail(name, expected)
        return parsed.astimezone(UTC)

    def choice(self, name: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.record.get(name, default)
        if value not in allowed:
            raise self.fail(name, "one of " + ", ".join(allowed))
        return value

    def mapping(self, name: str) -> dict[str, Any] | None:
        value = self.record.get(name)
        if value is not None and not isinstance(value, dict):
            raise self.fail(name, "a JSON object or null")
        return value


def _user_record(record: dict[str, Any], number: int) -> dict[str, Any]:
    fields = _Fields(record, "user", number)
    return {
        "name": fields.text("name"),
        "created_at": fields.time("created_at"),
        "needs_rebuild": fields.flag("needs_rebuild", default=False),
    }


def _attempt_record(record: dict[str, Any], number: int) -> dict[str, Any]:
    """An attempt as the learner model can use it: a record that would break the model
    later (difficulty 7, an id that names another skill) is refused now."""
    fields = _Fields(record, "attempt", number)
    out = {
        "uid": fields.text("uid", limit=36),
        "user": fields.text("user"),
        "exercise_id": fields.text("exercise_id"),
        "skill": fields.text("skill"),
        "difficulty": fields.integer("difficulty", DIFFICULTY),
        "answer": fields.text("answer", empty=True),
        "correct": fields.flag("correct"),
        "diagnosis": fields.text("diagnosis", optional=True),
        "duration_ms": fields.integer("duration_ms", NATURAL),
        "hints_used": fields.integer("hints_used", NATURAL),
        "skipped": fields.flag("skipped", default=False),
        "at": fields.time("at"),
        "kind": fields.choice("kind", KINDS, default=ANSWER),
        "try_number": fields.integer("try_number", TRIES, default=1),
    }
    skill, difficulty = out["skill"], out["difficulty"]
    if out["kind"] == PLACEMENT:
        if out["exercise_id"] != f"{skill}:placement":
            raise fields.fail("exercise_id", f"{skill}:placement for a placement's conclusion")
        if out["answer"] not in CONCLUSIONS:
            raise fields.fail("answer", "a placement's conclusion: " + ", ".join(CONCLUSIONS))
    elif not out["exercise_id"].startswith(f"{skill}:{difficulty}:"):
        raise fields.fail("exercise_id", f"an id of the form {skill}:{difficulty}:SEED")
    return out


def _state_record(record: dict[str, Any], number: int) -> dict[str, Any]:
    fields = _Fields(record, "skill_state", number)
    out = {
        "user": fields.text("user"),
        "skill": fields.text("skill"),
        "mastery": fields.number("mastery", (0.0, 1.0)),
        "attempts": fields.integer("attempts", NATURAL),
        "correct": fields.integer("correct", NATURAL),
        "mastered_at": fields.time("mastered_at", optional=True),
        "card": fields.mapping("card"),
        "due": fields.time("due", optional=True),
        "last_attempt_at": fields.time("last_attempt_at", optional=True),
    }
    if out["correct"] > out["attempts"]:
        raise fields.fail("correct", f"at most attempts ({out['attempts']})")
    if out["card"] is not None:
        _check_card(out["card"], number)
    return out


def _check_card(card: dict[str, Any], number: int) -> None:
    """A review card as the scheduler writes it (``fsrs.Card.to_dict``); a bogus one
    would fail at the learner's next review, so it is refused at import."""
    fields = _Fields(card, "card", number)
    fields.integer("card_id", (0, 2**63 - 1))
    fields.integer("state", CARD_STATES)
    if card.get("step") is not None:
        fields.integer("step", NATURAL)
    for name in ("stability", "difficulty"):
        if card.get(name) is not None:
            fields.number(name, (0.0, 1e9))
    fields.time("due")
    fields.time("last_review", optional=True)
