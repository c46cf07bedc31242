"""The light store (``SqliteStore``, bare sqlite3) against the SQLAlchemy store on one file.

The behaviour of every method is tested over both implementations in test_store.py (the
``light`` fixture); here: what one writes the other reads identically, byte for byte on
disk, when each opens and falls back, and that the answering commands never load
SQLAlchemy on a current SQLite file.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

import dlmath
from dlmath.learner.record import load_states, rebuild, record_attempt
from dlmath.learner.state import fold
from dlmath.store import SqliteStore, Store, StoreError, open_store
from dlmath.store.engine import BUSY_TIMEOUT_S, make_engine
from dlmath.store.migrate import alembic_config
from dlmath.store.sqlite_store import BUSY_TIMEOUT_S as LIGHT_BUSY_TIMEOUT_S
from dlmath.store.sqlite_store import sqlite_path
from test_store import MASTERED, T0, attempt, state

IMPLEMENTATIONS = {"sqlalchemy": False, "light": True}


def sqlite_url(tmp_path: Path, name: str = "store.sqlite3") -> str:
    return f"sqlite:///{tmp_path / name}"


def write_history(store) -> None:  # type: ignore[no-untyped-def]
    """Every kind of value a store keeps: times in other zones, skips, tries, placements,
    NULL diagnoses, mastered states with cards, a second learner, an undo."""
    india = timezone(timedelta(hours=5, minutes=30))
    store.add_attempt(attempt("ann", 0), [state(attempts=1)])
    store.add_attempt(attempt("ann", 1, at=datetime(2025, 6, 1, 12, 0, 0, 654321, india)))
    store.add_attempt(attempt("ann", 2, answer="", correct=False, skipped=True))
    store.add_attempt(attempt("ann", 3, try_number=2, answer="B A ⊙ Aᵀ"))
    store.add_attempt(
        attempt("ann", 4, kind="placement", answer="known", skill="calculus.chain"),
        [state(attempts=4, **MASTERED), state("calculus.chain", mastered_at=T0, due=None)],
    )
    store.add_attempt(attempt("bob", 5, answer='tr(A B) \\ "quoted"\n'))
    store.add_attempt(attempt("bob", 6, at=T0.replace(microsecond=0)))
    store.undo_last_attempt("bob")
    store.save_skill_state("cy", state("probability.bayes", mastery=0.25, last_attempt_at=None))


def everything(store) -> dict:  # type: ignore[no-untyped-def]
    """All a store answers about its learners, ids included."""
    return {
        name: {
            "attempts": store.attempts(name),
            "states": store.skill_states(name),
            "count": store.count_attempts(name),
            "count matmul": store.count_attempts(name, "linalg.matmul"),
            "last": store.last_attempt(name),
            "rebuild": store.needs_rebuild(name),
            "since": store.attempts(name, since=T0 + timedelta(seconds=2)),
        }
        for name in store.users()
    } | {"all": list(store.iter_attempts(batch_size=3)), "users": store.users()}


@pytest.mark.parametrize(("writer", "reader"), [("sqlalchemy", "light"), ("light", "sqlalchemy")])
def test_what_one_implementation_writes_the_other_reads_identically(tmp_path, writer, reader):
    url = sqlite_url(tmp_path)
    with open_store(url, light=IMPLEMENTATIONS[writer]) as store:
        write_history(store)
        written = everything(store)
    with open_store(url, light=IMPLEMENTATIONS[reader]) as store:
        assert isinstance(store, SqliteStore) == IMPLEMENTATIONS[reader]
        assert everything(store) == written
    assert written["ann"]["states"]["linalg.matmul"].card == MASTERED["card"]
    assert written["bob"]["rebuild"] is True and written["bob"]["count"] == 1
    assert all(a.at.tzinfo is UTC for a in written["all"])


def raw_rows(url: str) -> dict[str, list[tuple]]:
    """Every stored value with its SQLite storage class, but the random uids and the
    creation times (checked for their format instead)."""
    connection = sqlite3.connect(sqlite_path(url))
    try:
        tables: dict[str, list[tuple]] = {}
        for table, skip in (("users", "created_at"), ("attempts", "uid"), ("skill_states", "")):
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            kept = [c for c in columns if c != skip]
            select = ", ".join(f'"{c}", typeof("{c}")' for c in kept)
            tables[table] = connection.execute(
                f"SELECT {select} FROM {table} ORDER BY 1, 3"
            ).fetchall()
        created = [row[0] for row in connection.execute("SELECT created_at FROM users")]
        uids = [row[0] for row in connection.execute("SELECT uid FROM attempts")]
    finally:
        connection.close()
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", t) for t in created)
    assert all(re.fullmatch(r"[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}", u) for u in uids)
    return tables


def test_both_implementations_write_the_same_bytes(tmp_path):
    files = {}
    for name, light in IMPLEMENTATIONS.items():
        files[name] = sqlite_url(tmp_path, f"{name}.sqlite3")
        with open_store(files[name], light=light) as store:
            write_history(store)
    full, light_rows = raw_rows(files["sqlalchemy"]), raw_rows(files["light"])
    assert light_rows == full
    at = next(row for row in full["attempts"] if row[0] == 2)  # (id, typeof(id), ...)
    assert ("2025-06-01 06:30:00.654321", "text") in zip(at[::2], at[1::2], strict=True)


def test_an_undo_by_one_and_a_rebuild_by_the_other(tmp_path):
    url = sqlite_url(tmp_path)
    light = open_store(url, light=True)
    full = open_store(url)
    try:
        for i in range(6):
            record_attempt((light, full)[i % 2], attempt("ann", i, skill=("a.x", "a.y")[i % 3 % 2]))
        assert full.undo_last_attempt("ann") is not None
        assert light.needs_rebuild("ann") is True
        states = load_states(light, "ann")  # rebuilds, through the light store
        assert full.needs_rebuild("ann") is False
        assert states == fold(full.attempts("ann")) == full.skill_states("ann")
        assert light.undo_last_attempt("ann") is not None
        assert rebuild(full, "ann") == light.skill_states("ann") == fold(light.attempts("ann"))
        assert full.count_attempts("ann") == light.count_attempts("ann") == 4
    finally:
        light.close()
        full.close()


# -- opening ------------------------------------------------------------------------


def test_light_open_of_a_fresh_file_migrates_it_then_gives_the_light_store(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'dir' / 'store.sqlite3'}"
    with open_store(url, light=True) as store:
        assert isinstance(store, SqliteStore)
        assert store.dialect == "sqlite" and store.url == url
        store.add_attempt(attempt())
    with open_store(url) as store:
        assert [a.answer for a in store.attempts("ann")] == [attempt().answer]


def test_light_open_migrates_an_older_schema(tmp_path):
    from alembic import command

    url = sqlite_url(tmp_path)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0004")
    finally:
        engine.dispose()
    with open_store(url, light=True) as store:
        assert isinstance(store, SqliteStore)
        assert store.schema_is_current()
        store.add_attempt(attempt())
        assert store.count_attempts("ann") == 1


def test_light_open_refuses_a_newer_schema_as_the_full_one_does(tmp_path):
    url = sqlite_url(tmp_path)
    open_store(url).close()
    connection = sqlite3.connect(sqlite_path(url))
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    connection.close()
    messages = []
    for light in (False, True):
        with pytest.raises(StoreError, match="newer than this dlmath") as raised:
            open_store(url, light=light)
        messages.append(str(raised.value))
    assert messages[0] == messages[1]


def test_light_open_of_a_file_that_is_not_a_database_gives_the_same_error(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    messages = []
    for light in (False, True):
        with pytest.raises(StoreError, match="cannot open the database") as raised:
            open_store(f"sqlite:///{path}", light=light)
        messages.append(str(raised.value))
    assert messages[0] == messages[1]


def test_a_database_damaged_while_open_gives_the_same_error(tmp_path):
    messages = []
    for name, light in IMPLEMENTATIONS.items():
        path = tmp_path / f"{name}.sqlite3"
        store = open_store(f"sqlite:///{path}", light=light)
        store.add_attempt(attempt())
        store.close()  # the next call connects again, to what is now garbage
        for leftover in tmp_path.glob(f"{name}.sqlite3-*"):
            leftover.unlink()
        path.write_bytes(b"x" * 8192)
        with pytest.raises(StoreError, match="damaged or unreadable") as raised:
            store.users()
        messages.append(str(raised.value))
        store.close()
    assert messages[0] == messages[1]


def test_the_url_forms_of_sqlite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///relative.sqlite3", light=True) as store:
        assert isinstance(store, SqliteStore)
        store.user("ann")
    with open_store("sqlite:///relative.sqlite3") as store:
        assert store.users() == ["ann"]
    assert (tmp_path / "relative.sqlite3").is_file()
    # forms the light store leaves to the full one: memory, query strings, escapes
    for url in ("sqlite://", "sqlite:///:memory:", f"sqlite:///{tmp_path / 'q.db'}?timeout=5"):
        assert sqlite_path(url) is None
        with open_store(url, light=True) as store:
            assert isinstance(store, Store)
            store.user("ann")
    assert sqlite_path("postgresql+psycopg://x@h/db") is None
    assert sqlite_path("sqlite:////abs/file.db") == "/abs/file.db"


def test_the_light_connection_has_the_engines_settings(tmp_path):
    assert LIGHT_BUSY_TIMEOUT_S == BUSY_TIMEOUT_S
    with open_store(sqlite_url(tmp_path), light=True) as store:
        store.users()
        connection = store._connection
        assert connection is not None and connection.isolation_level is None

        def pragma(name: str) -> object:
            return connection.execute(f"PRAGMA {name}").fetchone()[0]

        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") == BUSY_TIMEOUT_S * 1000
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert store.schema_is_current()


def test_a_failed_write_stores_nothing_and_the_store_goes_on(tmp_path):
    with open_store(sqlite_url(tmp_path), light=True) as store:
        store.add_attempt(attempt())
        with pytest.raises(ValueError, match="non-empty"):
            store.add_attempt(attempt(user=""))
        with pytest.raises(sqlite3.IntegrityError):  # a bug's path: the row breaks a rule
            store.add_attempt(attempt(i=1, exercise_id=None))
        assert store.count_attempts("ann") == 1
        assert [a.id for a in store.attempts("ann")] == [1]
        store.add_attempt(attempt(i=2))
        assert store.count_attempts("ann") == 2


# -- the answering commands load no SQLAlchemy ----------------------------------------

WRAPPER = """
import atexit, runpy, sys
atexit.register(lambda: print("LOADED", *sorted(
    m for m in ("sqlalchemy", "alembic") if m in sys.modules), file=sys.stderr))
sys.argv = ["dlmath", *sys.argv[1:]]
runpy.run_module("dlmath", run_name="__main__")
"""


def run_dlmath(env: dict[str, str], *args: str, stdin: str = "") -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    loaded = [line for line in done.stderr.splitlines() if line.startswith("LOADED")]
    assert len(loaded) == 1, done.stderr
    return done.returncode, done.stdout, loaded[0]


def test_answering_on_a_current_sqlite_file_loads_no_sqlalchemy(tmp_path):
    from dlmath.exercises import exercise_from_id

    env = dict(os.environ)
    env.pop("DLMATH_USER", None)
    env["DLMATH_DATABASE_URL"] = sqlite_url(tmp_path, "learner.sqlite3")
    src = str(Path(dlmath.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONIOENCODING"] = "utf-8"
    exercise_id = "linalg.matmul:1:7"
    answer = exercise_from_id(exercise_id).expected
    # a fresh file: the first answer migrates it, with the full store
    code, out, loaded = run_dlmath(env, "check", exercise_id, answer)
    assert (code, loaded) == (0, "LOADED alembic sqlalchemy"), out
    # a returning learner: check, practice and progress stay on sqlite3
    code, out, loaded = run_dlmath(env, "check", exercise_id, answer)
    assert (code, loaded) == (0, "LOADED"), out
    code, out, loaded = run_dlmath(env, "practice", "-n", "1", stdin="s\n")
    assert (code, loaded) == (0, "LOADED"), out
    code, out, loaded = run_dlmath(env, "progress", "--json")
    assert (code, loaded) == (0, "LOADED"), out
    with open_store(env["DLMATH_DATABASE_URL"]) as store:
        stored = store.attempts("default")
    assert [a.exercise_id for a in stored[:2]] == [exercise_id, exercise_id]
    assert [a.skipped for a in stored] == [False, False, True]
