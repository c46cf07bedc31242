"""The learner store, on SQLite and on the real PostgreSQL server.

Every test that takes ``url`` or ``store`` runs once per database. A PostgreSQL test gets
its own schema (dropped afterwards), so parallel workers and other tests never collide.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from conftest import postgres_url
from dlmath.learner.types import Attempt, SkillState
from dlmath.store import ImportFormatError, SqliteStore, Store, StoreError, open_store
from dlmath.store.engine import make_engine
from dlmath.store.migrate import SCHEMA_REVISION, alembic_config, current_revision, upgrade
from dlmath.store.schema import metadata

T0 = datetime(2025, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)
# A session time zone far from UTC: values must still come back as UTC instants.
PG_SESSION_TIMEZONE = "Asia/Kolkata"


def postgres_schema_url(base: str, schema: str) -> str:
    options = f"-csearch_path={schema} -ctimezone={PG_SESSION_TIMEZONE}"
    return make_url(base).update_query_dict({"options": options}).render_as_string(False)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    base = postgres_url()
    if base is None:
        pytest.skip("DLMATH_TEST_DATABASE_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield postgres_schema_url(base, schema)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture(params=[False, True], ids=["sqlalchemy", "light"])
def light(request):
    """Which store: the SQLAlchemy one, or ``open_store(light=True)``'s (on SQLite the
    bare-sqlite3 ``SqliteStore``; elsewhere it falls back to the SQLAlchemy one)."""
    return request.param


@pytest.fixture
def store(url, light):
    with open_store(url, light=light) as opened:
        assert isinstance(opened, SqliteStore) == (light and url.startswith("sqlite"))
        yield opened


def attempt(user: str = "ann", i: int = 0, **changes) -> Attempt:
    fields = {
        "user": user,
        "exercise_id": f"linalg.matmul:{1 + i % 3}:{i}",
        "skill": "linalg.matmul",
        "difficulty": 1 + i % 3,
        "answer": f"[[{i}, 2], [3, 4]]",
        "correct": i % 2 == 0,
        "diagnosis": None if i % 2 == 0 else "transpose",
        "duration_ms": 1000 + i,
        "hints_used": i % 2,
        "at": T0 + timedelta(seconds=i),
        "skipped": False,
    }
    fields.update(changes)
    return Attempt(**fields)


def state(skill: str = "linalg.matmul", **changes) -> SkillState:
    fields = {
        "skill": skill,
        "mastery": 0.8125,
        "attempts": 4,
        "correct": 3,
        "mastered_at": None,
        "card": None,
        "due": None,
        "last_attempt_at": T0,
    }
    fields.update(changes)
    return SkillState(**fields)


MASTERED = {
    "mastery": 0.97,
    "mastered_at": T0,
    "card": {"card_id": 7, "state": 2, "stability": 3.2, "due": "2025-03-04T09:30:00+00:00"},
    "due": T0 + timedelta(days=3),
}


def without_id(items):
    return [a.__class__(**{**a.__dict__, "id": None}) for a in items]


# -- migrations ---------------------------------------------------------------------


def test_schema_revision_is_the_newest_migration():
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_REVISION


def test_open_migrates_a_fresh_database(url):
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert current_revision(connection) is None
        open_store(url).close()
        with engine.connect() as connection:
            assert current_revision(connection) == SCHEMA_REVISION
            tables = set(inspect(connection).get_table_names())
            indexes = {ix["name"] for ix in inspect(connection).get_indexes("attempts")}
        assert {"users", "attempts", "skill_states", "alembic_version"} <= tables
        assert {"ix_attempts_user_id_at", "ix_attempts_user_id_skill_at"} <= indexes
    finally:
        engine.dispose()


def test_migrating_a_current_database_is_a_no_op(url):
    with open_store(url) as store:
        saved = store.add_attempt(attempt())
    engine = make_engine(url)
    try:
        assert upgrade(engine) is False
    finally:
        engine.dispose()
    with open_store(url) as store:
        assert store.attempts("ann") == [saved]


def test_opening_a_current_database_does_not_load_alembic(url):
    open_store(url).close()
    code = (
        "import sys\nfrom dlmath.store import open_store\n"
        "open_store(sys.argv[1]).close()\nprint('alembic' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, url], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_migrations_create_exactly_the_models(store, url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def test_a_schema_newer_than_this_dlmath_is_refused(url):
    open_store(url).close()
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    finally:
        engine.dispose()
    with pytest.raises(StoreError, match="newer than this dlmath"):
        open_store(url)


def test_unusable_urls_give_a_clean_error(tmp_path):
    with pytest.raises(StoreError, match="not a usable database URL"):
        open_store("nosuchdb://x")
    with pytest.raises(StoreError, match="cannot open the database") as raised:
        open_store("postgresql+psycopg://someone:secret@127.0.0.1:1/none")
    assert "secret" not in str(raised.value)


def test_a_file_that_is_not_a_database_gives_a_clean_error(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="cannot open the database"):
        open_store(f"sqlite:///{path}")
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    with pytest.raises(StoreError, match="cannot open the database"):
        open_store(f"sqlite:///{blocked / 'sub' / 'db.sqlite3'}")


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA busy_timeout").scalar() >= 30000
            assert pragma("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_the_default_database_is_sqlite_in_the_data_directory(tmp_path):
    with open_store() as store:
        assert store.dialect == "sqlite"
        store.add_attempt(attempt())
    assert (tmp_path / "data" / "dlmath.sqlite3").exists()


# -- users and attempts -------------------------------------------------------------


def test_user_is_created_once(store):
    first = store.user("ann")
    assert store.user("ann") == first
    assert store.user("bob") != first
    assert store.users() == ["ann", "bob"]


def test_an_attempt_comes_back_with_every_field(store):
    original = attempt(i=3, diagnosis="misconception:reversed-product", answer="B A ⊙ Aᵀ")
    saved = store.add_attempt(original)
    assert isinstance(saved.id, int)
    assert saved == Attempt(**{**original.__dict__, "id": saved.id})
    skip = store.add_attempt(attempt(i=4, answer="", correct=False, skipped=True))
    assert store.attempts("ann") == [saved, skip]
    assert store.last_attempt("ann") == skip


def test_attempts_are_in_time_order_and_filter_by_skill_and_since(store):
    late = store.add_attempt(attempt(i=10))
    early = store.add_attempt(attempt(i=1))  # added later, happened earlier
    other = store.add_attempt(attempt(i=5, skill="probability.bayes"))
    store.add_attempt(attempt("bob", i=2))
    assert store.attempts("ann") == [early, other, late]
    assert store.attempts("ann", skill="linalg.matmul") == [early, late]
    assert store.attempts("ann", since=other.at) == [other, late]  # since is inclusive
    assert store.count_attempts("ann") == 3
    assert store.count_attempts("ann", skill="probability.bayes") == 1
    assert store.attempts("nobody") == []
    assert store.count_attempts("nobody") == 0
    assert store.last_attempt("nobody") is None


def test_iter_attempts_walks_a_long_history_in_batches(store):
    # ties in time and out-of-order inserts: the batches must still neither skip nor repeat
    for i in range(53):
        store.add_attempt(attempt(i=i, at=T0 + timedelta(seconds=(i * 7) % 10)))
    whole = store.attempts("ann")
    assert len(whole) == 53
    assert list(store.iter_attempts("ann", batch_size=4)) == whole
    assert [(a.at, a.id) for a in whole] == sorted((a.at, a.id) for a in whole)
    store.add_attempt(attempt("bob", i=1))
    assert len(list(store.iter_attempts(batch_size=5))) == 54


def test_times_come_back_timezone_aware_utc(store):
    india = timezone(timedelta(hours=5, minutes=30))
    local = datetime(2025, 6, 1, 12, 0, 0, 654321, tzinfo=india)
    saved = store.add_attempt(attempt(at=local))
    store.save_skill_state("ann", state(mastered_at=local, due=local, last_attempt_at=local))
    [back] = store.attempts("ann")
    got = store.skill_states("ann")["linalg.matmul"]
    for value in (back.at, got.mastered_at, got.due, got.last_attempt_at):
        assert value.tzinfo is UTC
        assert value == local  # the same instant
        assert value.utcoffset() == timedelta(0)
    assert back == saved
    assert store.attempts("ann", since=local.astimezone(UTC)) == [back]


def test_naive_times_are_refused_and_nothing_is_stored(store):
    with pytest.raises(ValueError, match="timezone-aware"):
        store.add_attempt(attempt(at=datetime(2025, 1, 1)))
    with pytest.raises(ValueError, match="timezone-aware"):
        store.add_attempt(attempt(), [state(due=datetime(2025, 1, 1))])
    assert store.count_attempts("ann") == 0
    assert store.skill_states("ann") == {}


def test_nul_characters_are_refused_on_every_database(store):
    with pytest.raises(ValueError, match="NUL"):
        store.add_attempt(attempt(answer="A\x00B"))
    assert store.count_attempts("ann") == 0


def test_undo_removes_the_last_attempt_and_asks_for_a_rebuild(store):
    first = store.add_attempt(attempt(i=1))
    second = store.add_attempt(attempt(i=0))  # earlier in time, but added last
    assert store.needs_rebuild("ann") is False
    assert store.undo_last_attempt("ann") == second
    assert store.attempts("ann") == [first]
    assert store.needs_rebuild("ann") is True
    store.replace_skill_states("ann", [state(attempts=1)])
    assert store.needs_rebuild("ann") is False
    assert store.undo_last_attempt("nobody") is None


# -- cached skill states ------------------------------------------------------------


def test_skill_states_upsert_and_replace(store):
    assert store.skill_states("ann") == {}
    store.save_skill_state("ann", state())
    store.save_skill_state("ann", state(**MASTERED))
    store.save_skill_states("ann", [state("probability.bayes", mastery=0.25)])
    states = store.skill_states("ann")
    assert states == {
        "linalg.matmul": state(**MASTERED),
        "probability.bayes": state("probability.bayes", mastery=0.25),
    }
    assert states["linalg.matmul"].card == MASTERED["card"]
    store.replace_skill_states("ann", [state("calculus.chain")])
    assert store.skill_states("ann") == {"calculus.chain": state("calculus.chain")}
    assert store.skill_states("bob") == {}


def test_an_attempt_and_its_states_are_stored_together(store):
    saved = store.add_attempt(attempt(), [state(attempts=1), state("calculus.chain")])
    assert store.attempts("ann") == [saved]
    assert set(store.skill_states("ann")) == {"linalg.matmul", "calculus.chain"}
    store.add_attempt(attempt(i=2), [state(attempts=2, **MASTERED)])
    assert store.skill_states("ann")["linalg.matmul"] == state(attempts=2, **MASTERED)


# -- export and import --------------------------------------------------------------


def fill(store: Store) -> None:
    for i in range(7):
        store.add_attempt(attempt("ann", i))
    store.add_attempt(attempt("bob", 3, answer='tr(A B) \\ "quoted"\n', diagnosis=None))
    store.save_skill_states("ann", [state(**MASTERED), state("probability.bayes")])
    store.save_skill_state("bob", state(mastery=0.1, attempts=1, correct=0))


def snapshot(store: Store) -> dict:
    """Everything the store knows except database-local attempt ids."""
    return {
        name: (without_id(store.attempts(name)), store.skill_states(name)) for name in store.users()
    }


def exported(store: Store, user: str | None = None) -> str:
    out = io.StringIO()
    store.export_jsonl(out, user=user)
    return out.getvalue()


def records(text_out: str) -> list[dict]:
    """An export's records, without the header and the database-local attempt ids."""
    lines = text_out.splitlines()[1:]
    return [{k: v for k, v in json.loads(line).items() if k != "id"} for line in lines]


def test_export_import_round_trip_loses_nothing(store, url, tmp_path, request):
    fill(store)
    text_out = exported(store)
    with open_store(_sibling(url, tmp_path, request)) as copy:
        report = copy.import_jsonl(io.StringIO(text_out))
        assert (report.users_added, report.attempts_added, report.attempts_skipped) == (2, 8, 0)
        assert report.skill_states_added == 3
        assert report.rebuild_needed == []
        assert snapshot(copy) == snapshot(store)
        assert copy.users() == store.users()
        assert copy.needs_rebuild("ann") is False
        # exported again: the same records, creation times and attempt uids included
        assert records(exported(copy)) == records(text_out)


def _sibling(url: str, tmp_path, request) -> str:
    """A second empty database on the same server as ``url``."""
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    base = postgres_url()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    request.addfinalizer(drop)
    return postgres_schema_url(base, schema)


def test_importing_the_same_file_twice_adds_nothing(store):
    fill(store)
    text_out = exported(store)
    before = snapshot(store)
    report = store.import_jsonl(io.StringIO(text_out))
    assert (report.users_added, report.attempts_added, report.attempts_skipped) == (0, 0, 8)
    assert report.rebuild_needed == []
    assert snapshot(store) == before
    assert store.needs_rebuild("ann") is False


def test_export_of_one_learner(store):
    fill(store)
    lines = [json.loads(line) for line in exported(store, user="bob").splitlines()]
    assert lines[0]["type"] == "dlmath-export"
    assert {line.get("user", line.get("name")) for line in lines[1:]} == {"bob"}
    assert [line["type"] for line in lines[1:]] == ["user", "attempt", "skill_state"]
    with pytest.raises(StoreError, match="no learner named 'nobody'"):
        exported(store, user="nobody")


def test_merging_into_an_existing_history_marks_a_rebuild(store, tmp_path):
    fill(store)
    bob_only = exported(store, user="bob")
    with open_store(f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}") as elsewhere:
        elsewhere.add_attempt(attempt("bob", 99), [state(attempts=1)])
        elsewhere.import_jsonl(io.StringIO(bob_only))
        merged = exported(elsewhere)
    report = store.import_jsonl(io.StringIO(merged))
    assert (report.attempts_added, report.attempts_skipped) == (1, 1)
    assert report.rebuild_needed == ["bob"]
    assert store.needs_rebuild("bob") is True
    assert store.skill_states("bob") == {}  # stale cache dropped
    assert store.count_attempts("bob") == 2
    assert store.needs_rebuild("ann") is False
    assert store.skill_states("ann") != {}


def header() -> str:
    return json.dumps({"type": "dlmath-export", "format": 1}) + "\n"


def attempt_line(i: int, **changes) -> str:
    record = {
        "type": "attempt",
        "uid": str(uuid.uuid4()),
        "user": "ann",
        "exercise_id": f"linalg.matmul:1:{i}",
        "skill": "linalg.matmul",
        "difficulty": 1,
        "answer": "x",
        "correct": True,
        "diagnosis": None,
        "duration_ms": 10,
        "hints_used": 0,
        "skipped": False,
        "at": (T0 + timedelta(seconds=i)).isoformat(),
    }
    record.update(changes)
    return json.dumps(record) + "\n"


BAD_LINES = [
    ("not json at all\n", "not JSON"),
    ("[1, 2]\n", "expected a JSON object"),
    ('{"type": "mystery"}\n', "unknown record type 'mystery'"),
    (attempt_line(0, at="2025-03-01T09:30:00"), "field 'at' must be an ISO 8601 time"),
    (attempt_line(0, at="yesterday"), "field 'at'"),
    (attempt_line(0, difficulty="2"), "field 'difficulty' must be an integer"),
    (attempt_line(0, difficulty=True), "field 'difficulty'"),
    (attempt_line(0, correct="yes"), "field 'correct' must be true or false"),
    (attempt_line(0, uid=""), "field 'uid'"),
    (attempt_line(0, duration_ms=2**40), "field 'duration_ms'"),
    (attempt_line(0, answer="a\u0000b"), "field 'answer' must be a string without NUL"),
    ('{"type": "user", "name": "x"}\n', "field 'created_at'"),
    ('{"type": "skill_state", "user": "ann", "skill": "s", "mastery": NaN}\n', "'mastery'"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_LINES)
def test_a_bad_file_stores_nothing(store, bad, message):
    store.add_attempt(attempt("ann", 0))
    before = snapshot(store)
    # more valid attempts than one insert batch come first, so some were already sent
    good = "".join(attempt_line(i) for i in range(1, 700))
    with pytest.raises(ImportFormatError, match=message) as raised:
        store.import_jsonl(io.StringIO(header() + good + bad))
    assert raised.value.line == 701
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty file"),
        ('{"type": "user", "name": "x"}\n', "not a dlmath export"),
        ('{"type": "dlmath-export", "format": 99}\n', "newer dlmath"),
        ('{"type": "dlmath-export"}\n', "format must be a positive integer"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused(store, content, message):
    with pytest.raises(ImportFormatError, match=message):
        store.import_jsonl(io.StringIO(content))
    assert store.users() == []


def test_an_attempt_twice_in_one_file_is_stored_once(store):
    line = attempt_line(1)
    report = store.import_jsonl(io.StringIO(header() + line + attempt_line(2) + line))
    assert (report.attempts_added, report.attempts_skipped) == (2, 1)
    assert [a.answer for a in store.attempts("ann")] == ["x", "x"]


def test_an_attempt_for_an_undeclared_learner_creates_them(store):
    report = store.import_jsonl(io.StringIO(header() + attempt_line(1, user="zoe")))
    assert (report.users_added, report.attempts_added) == (1, 1)
    assert report.rebuild_needed == ["zoe"]  # no cached states came with the attempts
    assert store.count_attempts("zoe") == 1


# -- reliability --------------------------------------------------------------------

WRITER = """
import sys
from datetime import UTC, datetime
from dlmath.learner.types import Attempt
from dlmath.store import open_store

url, name, count, light = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "light"
print("ready", flush=True)
sys.stdin.readline()  # wait for the parent's go, so that both processes start together
store = open_store(url, light=light)
i = 0
while count < 0 or i < count:
    saved = store.add_attempt(Attempt(
        user="default", exercise_id=f"linalg.matmul:1:{i}", skill="linalg.matmul",
        difficulty=1, answer=f"{name}-{i}", correct=True, diagnosis=None, duration_ms=5,
        hints_used=0, at=datetime.now(UTC)))
    print(saved.id, flush=True)
    i += 1
store.close()
"""


def start_writer(url: str, name: str, count: int, store: str = "full") -> subprocess.Popen:
    """A process adding ``count`` attempts (-1: until killed) through the ``full`` or the
    ``light`` store."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, name, str(count), store],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout.readline().strip() == "ready"
    return process


def go(*processes: subprocess.Popen) -> None:
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()


@pytest.mark.parametrize("stores", [("full", "full"), ("light", "light"), ("full", "light")])
def test_two_processes_answering_at_once_lose_nothing(url, stores):
    # the database is fresh: both processes also race to migrate it and to create the user;
    # ("full", "light"): the two implementations write one file at once
    writers = [start_writer(url, n, 200, s) for n, s in zip(("one", "two"), stores, strict=True)]
    go(*writers)
    printed = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        printed += [int(line) for line in out.split()]
    with open_store(url) as store:
        stored = store.attempts("default")
    assert len(printed) == len(set(printed)) == 400
    assert {a.id for a in stored} == set(printed)
    assert sorted(a.answer for a in stored) == sorted(
        f"{name}-{i}" for name in ("one", "two") for i in range(200)
    )


def test_eight_threads_writing_at_once_lose_nothing(store):
    errors: list[BaseException] = []
    ids: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def work(thread: int) -> None:
        try:
            barrier.wait()
            for i in range(40):
                saved = store.add_attempt(attempt(f"user{thread % 3}", i, answer=f"{thread}-{i}"))
                with lock:
                    ids.append(saved.id)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = [a for name in store.users() for a in store.attempts(name)]
    assert len(ids) == len(set(ids)) == 320
    assert {a.id for a in stored} == set(ids)
    assert sorted(a.answer for a in stored) == sorted(
        f"{t}-{i}" for t in range(8) for i in range(40)
    )
    assert sorted(store.users()) == ["user0", "user1", "user2"]


@pytest.mark.parametrize("kind", ["full", "light"])
def test_a_killed_process_keeps_every_attempt_it_reported(url, kind):
    open_store(url).close()  # migrate first, so the child spends its time answering
    writer = start_writer(url, "killed", -1, kind)
    go(writer)
    printed = []
    while len(printed) < 25:
        line = writer.stdout.readline()
        assert line, writer.stderr.read()
        printed.append(int(line))
    writer.send_signal(signal.SIGKILL)
    out, _ = writer.communicate(timeout=30)
    printed += [int(line) for line in out.split()]  # what it printed before dying
    assert writer.returncode == -signal.SIGKILL
    with open_store(url) as store:
        stored = {a.id for a in store.attempts("default")}
    assert set(printed) <= stored
    assert len(stored) >= len(printed) >= 25
