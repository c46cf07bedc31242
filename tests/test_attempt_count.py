"""The learner's attempt counter (migration 0005): filled from a history stored by 0004,
kept in the transaction that adds, undoes or imports attempts, and mended by
``load_states`` when it disagrees with the cached states."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text, update

from dlmath.learner.record import load_states, record_attempt
from dlmath.learner.state import fold
from dlmath.learner.types import Attempt
from dlmath.store import open_store
from dlmath.store.schema import attempts, users

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    from databases import fresh_database

    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(params=[False, True], ids=["sqlalchemy", "light"])
def light(request):
    """``open_store(light=True)``: the bare-sqlite3 store on SQLite (test_store_light.py)."""
    return request.param


def attempt(user: str, i: int, skill: str = "linalg.matmul") -> Attempt:
    return Attempt(user, f"{skill}:1:{i}", skill, 1, "[1]", i % 2 == 0,
                   None, 1000, 0, T0 + timedelta(seconds=i))  # fmt: skip


def rows(url: str, user: str) -> int:
    """The learner's attempts counted row by row, on a connection of the test's own."""
    from dlmath.store.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                select(func.count())
                .select_from(attempts.join(users, users.c.id == attempts.c.user_id))
                .where(users.c.name == user)
            ).scalar_one()
    finally:
        engine.dispose()


def test_migration_0005_counts_a_history_stored_by_0004(database_url, light):
    from alembic import command

    from dlmath.store.engine import make_engine
    from dlmath.store.migrate import alembic_config

    engine = make_engine(database_url)
    at = T0.replace(tzinfo=None) if engine.dialect.name == "sqlite" else T0
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0004")
            for uid, name in ((1, "ann"), (2, "bob"), (3, "cy")):
                connection.execute(
                    text(
                        "INSERT INTO users (id, name, created_at, needs_rebuild) "
                        "VALUES (:id, :name, :t, false)"
                    ),
                    {"id": uid, "name": name, "t": at},
                )
            for i, user_id in enumerate([1, 1, 1, 2, 1, 2]):
                connection.execute(
                    text(
                        "INSERT INTO attempts (uid, user_id, exercise_id, skill, difficulty,"
                        " answer, correct, diagnosis, duration_ms, hints_used, skipped, at)"
                        " VALUES (:uid, :user_id, 'linalg.matmul:1:1', 'linalg.matmul', 1,"
                        " '[1]', true, NULL, 5, 0, false, :t)"
                    ),
                    {"uid": f"u{i}", "user_id": user_id, "t": at},
                )
    finally:
        engine.dispose()
    with open_store(database_url, light=light) as store:
        assert [store.count_attempts(n) for n in ("ann", "bob", "cy", "nobody")] == [4, 2, 0, 0]
        store.add_attempt(attempt("cy", 1))
        assert store.count_attempts("cy") == 1


def test_the_counter_follows_adds_undos_and_imports(database_url, light):
    with open_store(database_url, light=light) as store:
        for i in range(5):
            record_attempt(store, attempt("ann", i, "linalg.matmul" if i % 2 else "linalg.trace"))
        assert store.count_attempts("ann") == rows(database_url, "ann") == 5
        store.undo_last_attempt("ann")
        assert store.count_attempts("ann") == rows(database_url, "ann") == 4
        exported = io.StringIO()
        store.export_jsonl(exported)
        store.add_attempt(attempt("bob", 99))
        as_bob = []
        for line in exported.getvalue().splitlines():
            record = json.loads(line)
            if record.get("type") == "attempt":  # the same answers, given by bob
                record.update(user="bob", uid=str(uuid.uuid4()))
            as_bob.append(json.dumps(record))
        lines = as_bob + exported.getvalue().splitlines()[1:]  # ann's are all there already
        report = store.import_jsonl(lines)
        assert report.attempts_added == 4 and report.attempts_skipped == 4
        assert store.count_attempts("bob") == rows(database_url, "bob") == 5
        assert store.count_attempts("ann") == rows(database_url, "ann") == 4


def test_load_states_mends_a_counter_that_disagrees(database_url, light):
    with open_store(database_url, light=light) as store:
        for i in range(6):
            record_attempt(store, attempt("ann", i, ("linalg.matmul", "linalg.trace")[i % 2]))
        from dlmath.store.engine import make_engine

        engine = make_engine(database_url)
        with engine.begin() as connection:
            connection.execute(update(users).values(attempt_count=2))
        engine.dispose()
        states = load_states(store, "ann")
        assert states == fold(store.attempts("ann"))
        assert store.count_attempts("ann") == 6
