"""Try again, then the answer: the tries rule of a practice session, and what it stores."""

from __future__ import annotations

import pytest

from dlmath.exercises.base import Exercise
from dlmath.learner.state import fold
from dlmath.session import PracticeSession, Tries
from practice_standins import Clock, Skill, check_answer, make_exercise

SKILLS = [Skill("linalg.a", "linalg")]


@pytest.fixture
def store(tmp_path):
    from dlmath.store import open_store

    with open_store(f"sqlite:///{tmp_path / 'tries.sqlite3'}") as opened:
        yield opened


def session(store, **options) -> PracticeSession:
    return PracticeSession(
        store,
        "ada",
        SKILLS,
        make_exercise=make_exercise,
        check_answer=check_answer,
        clock=Clock(),
        seed=5,
        **options,
    )


def wrong(ex: Exercise) -> str:
    return str(int(ex.expected) + 1)


def test_the_default_is_two_tries_and_the_exercise_stays_after_a_miss(store):
    s = session(store, count=2)
    ex = s.next()
    first = s.answer(wrong(ex))
    assert not first.final and first.try_number == 1
    assert s.next() is ex  # still showing: another try is allowed
    second = s.answer(ex.expected)
    assert second.final and second.try_number == 2 and second.verdict.correct
    assert s.next() is not ex


def test_every_try_is_stored_but_only_the_first_counts_for_mastery(store):
    s = session(store, count=1)
    ex = s.next()
    s.answer(wrong(ex))
    s.answer(ex.expected)
    stored = store.attempts("ada")
    assert [(a.try_number, a.correct) for a in stored] == [(1, False), (2, True)]
    state = store.skill_states("ada")["linalg.a"]
    # the same mastery as after the one wrong first try alone
    only_first = fold(stored[:1])["linalg.a"]
    assert state.mastery == pytest.approx(only_first.mastery)
    assert state.correct == 0 and state.attempts == 2
    assert store.skill_states("ada") == fold(stored)  # the cache is the fold of the history
    summary = s.summary()
    assert (summary.answered, summary.right, summary.right_later) == (1, 0, 1)


def test_after_the_last_try_the_exercise_ends(store):
    s = session(store, count=2, tries=Tries(2))
    ex = s.next()
    assert not s.answer(wrong(ex)).final
    last = s.answer(wrong(ex))
    assert last.final and not last.verdict.correct
    assert [a.try_number for a in store.attempts("ada")] == [1, 2]


def test_one_try_is_the_old_rule(store):
    s = session(store, count=1, tries=Tries(1))
    ex = s.next()
    assert s.answer(wrong(ex)).final
    assert s.done


def test_unreadable_answers_are_not_tries(store):
    s = session(store, count=1)
    ex = s.next()
    assert not s.answer("x y").recorded
    assert not s.answer(wrong(ex)).final  # still the first try
    assert s.tries_used == 1


def test_showing_the_solution_after_a_miss_is_the_next_try(store):
    s = session(store, count=1)
    ex = s.next()
    s.answer(wrong(ex))
    shown = s.show_solution()
    assert shown.final and shown.solution_shown and shown.try_number == 2
    stored = store.attempts("ada")
    assert [(a.try_number, a.skipped) for a in stored] == [(1, False), (2, True)]
    assert store.skill_states("ada")["linalg.a"].mastery == pytest.approx(
        fold(stored[:1])["linalg.a"].mastery
    )


def test_undo_gives_a_try_back(store):
    s = session(store, count=1)
    ex = s.next()
    s.answer(wrong(ex))
    assert s.undo() is not None
    assert s.tries_used == 0 and store.count_attempts("ada") == 0
    assert not s.answer(wrong(ex)).final  # a first try again


def test_a_right_first_try_ends_the_exercise(store):
    s = session(store, count=1)
    ex = s.next()
    outcome = s.answer(ex.expected)
    assert outcome.final and outcome.first_try_correct
    assert s.summary().right == 1


def test_the_rule_itself():
    assert Tries().allowed == 2
    assert Tries().another_after(1, correct=False)
    assert not Tries().another_after(1, correct=True)
    assert not Tries().another_after(2, correct=False)
    assert Tries.counts_for_mastery(1) and not Tries.counts_for_mastery(2)
    with pytest.raises(ValueError):
        Tries(0)
