"""The practice session object, driven without a terminal (stand-in exercises and checker)."""

from __future__ import annotations

import pytest

from dlmath.learner.state import fold
from dlmath.session import PracticeSession
from practice_standins import Clock, Skill, check_answer, make_exercise

SKILLS = [
    Skill("linalg.a", "linalg"),
    Skill("linalg.b", "linalg", ("linalg.a",)),
    Skill("calculus.c", "calculus"),
]


@pytest.fixture
def store(tmp_path):
    from dlmath.store import open_store

    with open_store(f"sqlite:///{tmp_path / 'session.sqlite3'}") as opened:
        yield opened


def session(store, **options) -> PracticeSession:
    options.setdefault("seed", 5)
    return PracticeSession(
        store,
        "ada",
        SKILLS,
        make_exercise=make_exercise,
        check_answer=check_answer,
        clock=Clock(),
        **options,
    )


def test_every_outcome_is_stored_at_once(store):
    s = session(store, count=4)
    ex = s.next()
    s.answer(ex.expected)
    assert store.count_attempts("ada") == 1
    ex = s.next()
    assert s.hint() == "It is a number."
    assert s.hint() == f"It is {ex.seed}."
    assert s.hint() is None
    s.answer(ex.expected)
    s.next()
    s.skip()
    s.next()
    s.show_solution()
    assert s.done and s.next() is None
    stored = store.attempts("ada")
    assert [a.correct for a in stored] == [True, True, False, False]
    assert [a.skipped for a in stored] == [False, False, True, True]
    assert [a.hints_used for a in stored] == [0, 2, 0, 0]
    assert stored[0].answer == stored[0].exercise_id.split(":")[2]
    assert store.skill_states("ada") == fold(stored)
    summary = s.summary()
    assert (summary.answered, summary.right, summary.skipped) == (2, 2, 2)


def test_areas_interleave_and_prerequisites_hold(store):
    s = session(store, count=6)
    areas, skills = [], []
    while (ex := s.next()) is not None:
        areas.append(ex.skill.split(".")[0])
        skills.append(ex.skill)
        s.answer(ex.expected)
    assert areas == ["linalg", "calculus"] * 3
    assert "linalg.b" not in skills  # linalg.a is not mastered after three answers


def test_right_answers_advance_and_unlock(store):
    s = session(store, skill="linalg.a", count=8)
    while (ex := s.next()) is not None:
        s.answer(ex.expected)
    summary = s.summary()
    assert summary.right == 8
    assert summary.advanced == [("linalg.a", "not started", "mastered")]
    assert [skill for skill, _ in summary.reviews] == ["linalg.a"]
    later = session(store, count=1)
    assert later.next().skill in ("linalg.b", "calculus.c")
    unlocked = session(store, area="linalg", count=1)
    assert unlocked.next().skill == "linalg.b"


def test_difficulty_rises_with_mastery(store):
    s = session(store, skill="calculus.c", count=8)
    difficulties = []
    while (ex := s.next()) is not None:
        difficulties.append(ex.difficulty)
        s.answer(ex.expected)
    assert difficulties[0] == 1 and difficulties[-1] == 3
    assert difficulties == sorted(difficulties)


def test_wrong_answers_are_recorded_with_their_diagnosis(store):
    s = session(store, skill="linalg.a", count=2)
    s.next()
    outcome = s.answer("-1")
    assert not outcome.verdict.correct and outcome.recorded
    assert outcome.after.mastery < outcome.before.mastery
    (stored,) = store.attempts("ada")
    assert stored.answer == "-1" and stored.diagnosis == "wrong"


def test_an_unreadable_answer_is_not_counted_and_the_exercise_stays(store):
    s = session(store, skill="linalg.a", count=1)
    ex = s.next()
    outcome = s.answer("[[1,")
    assert not outcome.recorded and outcome.verdict.diagnosis == "parse-error"
    assert outcome.after == outcome.before
    assert store.attempts("ada") == [] and s.current is ex and not s.done
    assert s.answer(ex.expected).recorded
    assert s.done and len(store.attempts("ada")) == 1


def test_a_same_seed_repeats_the_session(store, tmp_path):
    from dlmath.store import open_store

    first = session(store, count=3)
    ids = []
    while (ex := first.next()) is not None:
        ids.append(ex.id)
        first.answer(ex.expected)
    with open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}") as other:
        second = session(other, count=3)
        again = []
        while (ex := second.next()) is not None:
            again.append(ex.id)
            second.answer(ex.expected)
    assert ids == again
    assert len(set(ids)) == 3


def test_a_broken_generator_is_withdrawn_not_fatal(store):
    def flaky(skill, difficulty, seed):
        if skill == "linalg.a":
            raise RuntimeError("generator bug")
        return make_exercise(skill, difficulty, seed)

    s = PracticeSession(
        store, "ada", SKILLS, count=2, seed=1, make_exercise=flaky, check_answer=check_answer
    )
    ex = s.next()
    assert ex.skill == "calculus.c"
    assert s.problems and "generator bug" in s.problems[0]


def test_nothing_to_offer(store):
    s = PracticeSession(
        store,
        "ada",
        [Skill("linalg.x", "linalg", practice=False)],
        make_exercise=make_exercise,
        check_answer=check_answer,
    )
    assert s.next() is None
    assert s.summary().answered == 0
    with pytest.raises(RuntimeError):
        s.answer("1")


def test_undo_takes_back_the_last_answer(store):
    s = session(store, skill="linalg.a", count=3)
    assert s.undo() is None
    first = s.next()
    s.answer(first.expected)
    second = s.next()
    s.answer("-1")  # a slip of the finger
    undone = s.undo()
    assert undone.exercise.id == second.id
    assert [a.exercise_id for a in store.attempts("ada")] == [first.id]
    assert s.states["linalg.a"] == fold(store.attempts("ada"))["linalg.a"]
    assert store.skill_states("ada") == fold(store.attempts("ada"))
    assert not s.done and len(s.outcomes) == 1


def test_undo_leaves_another_process_answer_alone(store):
    s = session(store, skill="linalg.a", count=3)
    ex = s.next()
    s.answer(ex.expected)
    other = session(store, skill="linalg.a", count=1, seed=99)
    other.answer(other.next().expected)
    assert s.undo() is None
    assert len(store.attempts("ada")) == 2
