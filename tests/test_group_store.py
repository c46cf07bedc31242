"""Group mode in the store: migration 0002, accounts, sessions, throttles, classes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, select, text

from databases import fresh_database
from dlmath.auth import tokens
from dlmath.auth.passwords import PasswordRejected, hash_password, verify_password
from dlmath.learner.types import Attempt, SkillState
from dlmath.store import open_store
from dlmath.store.accounts import AccountExists, Accounts
from dlmath.store.classes import Classes
from dlmath.store.engine import make_engine
from dlmath.store.migrate import SCHEMA_REVISION, alembic_config, current_revision

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    with fresh_database(request.param, tmp_path) as found:
        yield found


@pytest.fixture
def store(url):
    with open_store(url) as opened:
        yield opened


@pytest.fixture(scope="module")
def a_hash():
    return hash_password("correct horse battery")


def test_migration_0002_keeps_the_data_of_0001(url):
    from alembic import command

    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0001")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (id, name, created_at, needs_rebuild) "
                    "VALUES (1, 'ann', :t, false)"
                ),
                {"t": T0.replace(tzinfo=None) if engine.dialect.name == "sqlite" else T0},
            )
        with open_store(url) as store:
            store.add_attempt(
                Attempt("ann", "linalg.matmul:1:1", "linalg.matmul", 1, "[1]", True, None, 5, 0, T0)
            )
        with engine.connect() as connection:
            assert current_revision(connection) == SCHEMA_REVISION == "0002"
            tables = set(inspect(connection).get_table_names())
        assert {"accounts", "sessions", "classes", "memberships", "assignments"} <= tables
        assert "throttles" in tables
        with open_store(url) as store:
            assert store.users() == ["ann"]
            assert len(store.attempts("ann")) == 1
            account = Accounts(store).create("ann", hash_password("a long password"))
        assert account.id == 1  # the existing learner got the account, with their history
        with engine.begin() as connection:  # and back down to 0001, the data of 0001 intact
            command.downgrade(alembic_config(connection), "0001")
        with engine.connect() as connection:
            assert "accounts" not in set(inspect(connection).get_table_names())
            assert connection.execute(text("SELECT count(*) FROM attempts")).scalar() == 1
    finally:
        engine.dispose()


def test_passwords_are_hashed_and_checked(a_hash):
    assert a_hash.startswith("$argon2id$")
    assert "correct horse" not in a_hash
    assert verify_password(a_hash, "correct horse battery")
    assert not verify_password(a_hash, "correct horse batterY")
    assert not verify_password(None, "anything at all")
    assert not verify_password("not a hash", "anything at all")
    for bad in ("short", "x" * 1025, "with\x00nul!"):
        with pytest.raises(PasswordRejected):
            hash_password(bad)


def test_accounts_are_unique_and_never_keep_the_password(store, a_hash, url):
    accounts = Accounts(store)
    made = accounts.create("teach", a_hash, teacher=True)
    assert made.is_teacher
    with pytest.raises(AccountExists):
        accounts.create("teach", a_hash)
    found, stored_hash = accounts.credentials("teach")
    assert found == made and stored_hash == a_hash
    assert accounts.credentials("nobody") is None
    for bad in ("", "   ", "x" * 65, "tab\there"):
        with pytest.raises(ValueError):
            accounts.create(bad, a_hash)
    assert "correct horse battery" not in dump(url)


def test_sessions_store_only_a_hash_rotate_and_end(store, a_hash, url):
    accounts = Accounts(store)
    ann = accounts.create("ann", a_hash)
    first = tokens.new_session_id()
    assert len(first) >= 43  # 256 bits, base64url
    accounts.start_session(ann.id, tokens.session_hash(first), timedelta(hours=1))
    assert accounts.session_account(tokens.session_hash(first)) == ann
    assert first not in dump(url)
    second = tokens.new_session_id()
    accounts.start_session(
        ann.id, tokens.session_hash(second), timedelta(hours=1), replaces=tokens.session_hash(first)
    )
    assert accounts.session_account(tokens.session_hash(first)) is None  # rotated out
    assert accounts.session_account(tokens.session_hash(second)) == ann
    accounts.end_session(tokens.session_hash(second))
    assert accounts.session_account(tokens.session_hash(second)) is None
    expired = tokens.new_session_id()
    accounts.start_session(ann.id, tokens.session_hash(expired), timedelta(seconds=-1))
    assert accounts.session_account(tokens.session_hash(expired)) is None


def test_throttles_count_in_windows(store):
    accounts = Accounts(store)
    key = tokens.throttle_key("login", "ann")
    window = timedelta(minutes=15)
    assert not accounts.throttled(key, 3, window)
    assert [accounts.count_event(key, window) for _ in range(3)] == [1, 2, 3]
    assert accounts.throttled(key, 3, window)
    assert not accounts.throttled(tokens.throttle_key("login", "bob"), 3, window)
    # a window that has passed starts again at one
    assert accounts.count_event(key, timedelta(microseconds=1)) == 1
    accounts.clear_throttle(key)
    assert not accounts.throttled(key, 1, window)


def test_join_codes_are_long_and_unambiguous():
    codes = {tokens.new_join_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) >= 8
        assert not set(code) & set("0O1IL5S2Z8BUV")
    code = next(iter(codes))
    assert tokens.normalize_join_code(f" {code[:5].lower()}-{code[5:]} ") == code
    assert tokens.normalize_join_code("SHORT") is None
    assert tokens.normalize_join_code("0000000000") is None


def learners(store, a_hash, *names):
    accounts = Accounts(store)
    return [accounts.create(name, a_hash) for name in names]


def test_classes_belong_to_their_teacher_only(store, a_hash):
    classes = Classes(store)
    t1, t2, ann, bob = learners(store, a_hash, "t1", "t2", "ann", "bob")
    one = classes.create(t1.id, "Tuesday tutorial", tokens.new_join_code)
    two = classes.create(t2.id, "Other", tokens.new_join_code)
    classes.join(one.id, ann.id)
    classes.join(one.id, ann.id)  # twice is harmless
    classes.join(two.id, bob.id)
    assert classes.by_code(one.join_code) == one
    assert [m.name for m in classes.roster(t1.id, one.id)] == ["ann"]
    # every id of a class not theirs looks like a class that does not exist
    for class_id in (two.id, two.id + 100, -1):
        assert classes.teacher_class(t1.id, class_id) is None
        assert classes.roster(t1.id, class_id) is None
        assert classes.assignments(t1.id, class_id) is None
        assert classes.class_states(t1.id, class_id) == {}
        assert classes.class_attempts(t1.id, class_id, T0) == []
        assert classes.assign(t1.id, class_id, "linalg.matmul", None, 0.9) is None
        assert classes.member(t1.id, class_id, bob.id) is None
    assert classes.member(t1.id, one.id, bob.id) is None  # bob is not in t1's class
    assert classes.member(t1.id, one.id, ann.id).name == "ann"
    assigned = classes.assign(t1.id, one.id, "linalg.matmul", T0, 0.9)
    assert classes.learner_assignments(ann.id) == [("Tuesday tutorial", assigned)]
    assert classes.learner_assignments(bob.id) == []
    assert not classes.unassign(t2.id, one.id, assigned.id)
    assert classes.unassign(t1.id, one.id, assigned.id)
    assert classes.of_learner(ann.id) == [one]


def test_class_reads_see_members_only(store, a_hash):
    classes = Classes(store)
    teacher, ann, eve = learners(store, a_hash, "teacher", "ann", "eve")
    one = classes.create(teacher.id, "C", tokens.new_join_code)
    classes.join(one.id, ann.id)
    for who in ("ann", "eve"):
        store.add_attempt(
            Attempt(
                who, "linalg.matmul:1:1", "linalg.matmul", 1, who, False, "transpose", 5, 0, T0
            ),
            [SkillState("linalg.matmul", 0.3, 1, 0, last_attempt_at=T0)],
        )
    assert [a.user for a in classes.class_attempts(teacher.id, one.id, T0)] == ["ann"]
    assert set(classes.class_states(teacher.id, one.id)) == {ann.id}


def dump(url: str) -> str:
    """Every value of every table, as one string (to look for secrets in it)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            parts = []
            for table in inspect(connection).get_table_names():
                for row in connection.execute(select(text("*")).select_from(text(table))):
                    parts.append(repr(tuple(row)))
            return "\n".join(parts)
    finally:
        engine.dispose()
