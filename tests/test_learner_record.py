"""Recording attempts in the store: the cached state always equals a fold of the history."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import postgres_url
from dlmath.checker.verdict import Verdict
from dlmath.exercises.base import Exercise
from dlmath.learner.record import load_states, rebuild, record, record_attempt
from dlmath.learner.state import fold, initial
from dlmath.learner.types import Attempt

T0 = datetime(2026, 2, 1, tzinfo=UTC)
SKILLS = ("linalg.matmul", "linalg.transpose", "calculus.chain-rule")
_names = itertools.count()


@pytest.fixture(scope="module", params=["sqlite", "sqlite-light", "postgresql"])
def store(request, tmp_path_factory):
    """One store per database kind for the module (each test uses fresh learner names);
    ``sqlite-light`` is the bare-sqlite3 store of ``open_store(light=True)``."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from dlmath.store import open_store

    if request.param.startswith("sqlite"):
        url = f"sqlite:///{tmp_path_factory.mktemp('record') / 'l.sqlite3'}"
        with open_store(url, light=request.param == "sqlite-light") as opened:
            yield opened
        return
    base = postgres_url()
    if base is None:
        pytest.skip("DLMATH_TEST_DATABASE_URL is not set")
    schema = f"learner_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        with open_store(url.render_as_string(hide_password=False)) as opened:
            yield opened
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


def fresh_user() -> str:
    return f"learner-{next(_names)}-{uuid.uuid4().hex[:8]}"


def make_attempt(user: str, skill: str, kind: str, at: datetime, difficulty: int) -> Attempt:
    correct = kind in ("right", "hinted")
    return Attempt(
        user=user,
        exercise_id=f"{skill}:{difficulty}:7",
        skill=skill,
        difficulty=difficulty,
        answer="" if kind == "skip" else "[[1]]",
        correct=correct,
        diagnosis=None if correct or kind == "skip" else "sign",
        duration_ms=4000,
        hints_used=1 if kind == "hinted" else 0,
        at=at,
        skipped=kind == "skip",
    )


@st.composite
def plans(draw):
    """(skill, kind, minutes since the last attempt, difficulty) steps."""
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(SKILLS),
                st.sampled_from(["right"] * 4 + ["wrong", "hinted", "skip"]),
                st.integers(1, 60 * 24 * 6),
                st.sampled_from([1, 2, 3]),
            ),
            max_size=30,
        )
    )


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=plans())
def test_recorded_cache_equals_the_rebuilt_state(store, steps):
    user = fresh_user()
    at = T0
    for skill, kind, gap, difficulty in steps:
        at += timedelta(minutes=gap)
        record_attempt(store, make_attempt(user, skill, kind, at, difficulty))
    cached = store.skill_states(user)
    rebuilt = fold(store.attempts(user))
    assert cached == {k: v for k, v in rebuilt.items() if v.attempts}
    assert store.count_attempts(user) == len(steps)


def test_a_stale_cache_heals_on_the_next_record(store):
    """Another process stored an attempt without updating the cache: the skill is refolded."""
    user = fresh_user()
    record_attempt(store, make_attempt(user, SKILLS[0], "right", T0, 2))
    store.add_attempt(make_attempt(user, SKILLS[0], "right", T0 + timedelta(minutes=1), 3))
    assert store.skill_states(user)[SKILLS[0]].attempts == 1  # behind the history
    state = record_attempt(store, make_attempt(user, SKILLS[0], "wrong", T0 + timedelta(2), 3))
    assert state.attempts == 3
    assert store.skill_states(user) == fold(store.attempts(user))


def test_undo_marks_for_rebuild_and_load_states_rebuilds(store):
    user = fresh_user()
    for n in range(3):
        record_attempt(store, make_attempt(user, SKILLS[1], "right", T0 + timedelta(n), 3))
    store.undo_last_attempt(user)
    assert store.needs_rebuild(user)
    states = load_states(store, user, SKILLS)
    assert states[SKILLS[1]].attempts == 2
    assert states[SKILLS[0]] == initial(SKILLS[0])
    assert not store.needs_rebuild(user)
    assert store.skill_states(user)[SKILLS[1]] == fold(store.attempts(user))[SKILLS[1]]


def test_rebuild_replaces_the_cache(store):
    user = fresh_user()
    for n, kind in enumerate(["right", "right", "wrong", "right"]):
        record_attempt(store, make_attempt(user, SKILLS[2], kind, T0 + timedelta(hours=n), 2))
    store.save_skill_state(user, initial(SKILLS[2]))  # a corrupted cache
    states = rebuild(store, user, SKILLS)
    assert states[SKILLS[2]].attempts == 4
    assert store.skill_states(user) == {SKILLS[2]: states[SKILLS[2]]}


def exercise(skill: str = "linalg.matmul", difficulty: int = 2) -> Exercise:
    return Exercise(
        prompt="Compute $A B$.",
        text="Compute A B.",
        kind="matrix",
        expected="[[1, 2], [3, 4]]",
        data={},
        hints=["Rows times columns."],
        solution="...",
        id=f"{skill}:{difficulty}:11",
        skill=skill,
        difficulty=difficulty,
        seed=11,
    )


def test_record_an_answer_and_a_skip(store):
    user = fresh_user()
    wrong = Verdict(
        correct=False, feedback="Check the sign.", diagnosis="sign", expected="[[1, 2], [3, 4]]"
    )
    state = record(
        store, user, exercise(), wrong, duration_ms=1234, hints_used=1, answer="-[[1, 2], [3, 4]]"
    )
    assert state.attempts == 1 and state.correct == 0
    right = Verdict(correct=True, feedback="", diagnosis=None, expected="[[1, 2], [3, 4]]")
    state = record(store, user, exercise(), right, 800, 0, answer="[[1,2],[3,4]]")
    assert state.attempts == 2 and state.correct == 1
    state = record(store, user, exercise(), None, 500, 0, answer="ignored")
    assert state.attempts == 3
    first, second, third = store.attempts(user)
    assert (first.answer, first.diagnosis, first.hints_used) == ("-[[1, 2], [3, 4]]", "sign", 1)
    assert (first.duration_ms, first.exercise_id, first.difficulty) == (1234, exercise().id, 2)
    assert second.correct and second.diagnosis is None
    assert third.skipped and not third.correct and third.answer == ""
    assert first.at.tzinfo is not None


def test_load_states_repairs_a_lagging_cache(store):
    user = fresh_user()
    record_attempt(store, make_attempt(user, SKILLS[0], "right", T0, 2))
    record_attempt(store, make_attempt(user, SKILLS[1], "right", T0 + timedelta(1), 2))
    # another process stored attempts but its cache writes were lost (last writer wins)
    store.add_attempt(make_attempt(user, SKILLS[0], "wrong", T0 + timedelta(2), 2))
    store.add_attempt(make_attempt(user, SKILLS[2], "right", T0 + timedelta(3), 2))
    states = load_states(store, user, SKILLS)
    rebuilt = fold(store.attempts(user), SKILLS)
    assert states == rebuilt
    assert store.skill_states(user) == {k: v for k, v in rebuilt.items() if v.attempts}


def test_an_answer_with_a_nul_is_stored_with_a_visible_mark():
    from dlmath.exercises import exercise
    from dlmath.learner.record import attempt_for

    ex = exercise("linalg.matmul", 1, 7)
    attempt = attempt_for("default", ex, None, answer="x\x00y")
    assert attempt.answer == ""  # a skip stores no answer
    from dlmath.checker import check_answer

    verdict = check_answer(ex, "x\x00y")
    attempt = attempt_for("default", ex, verdict, answer="x\x00y")
    assert attempt.answer == "x\ufffdy" and attempt.diagnosis == "parse-error"
