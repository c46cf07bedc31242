"""What a teacher sees: assignments met only while remembered, stuck learners, mistakes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from databases import fresh_database
from dlmath.auth import tokens
from dlmath.auth.passwords import hash_password
from dlmath.learner.planner import plan
from dlmath.learner.record import record_attempt
from dlmath.learner.review import retrievability, review
from dlmath.learner.types import Attempt, SkillState
from dlmath.store import open_store
from dlmath.store.accounts import Accounts
from dlmath.store.classes import Classes
from dlmath.teaching.dashboard import dashboard, results_csv, spreadsheet_safe
from dlmath.teaching.progress import (
    FORGOTTEN,
    MET,
    NOT_YET,
    assignment_status,
    common_mistakes,
    stuck_reasons,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def attempt(user="ann", skill="linalg.matmul", correct=True, diagnosis=None, hints=0, i=0):
    return Attempt(
        user,
        f"{skill}:1:{i}",
        skill,
        1,
        f"answer {i}",
        correct,
        None if correct else diagnosis or "wrong",
        1000,
        hints,
        T0 + timedelta(minutes=i),
    )


def mastered_state(at: datetime) -> SkillState:
    card = review(None, attempt(i=0))
    return SkillState("linalg.matmul", 0.97, 6, 6, mastered_at=at, card=card, due=None)


def test_an_assignment_is_met_only_while_mastered_and_remembered():
    state = mastered_state(T0)
    soon, much_later = T0 + timedelta(hours=1), T0 + timedelta(days=400)
    # the oracle: the scheduler's own retrievability, on each side of the target
    assert retrievability(state.card, soon) > 0.9 > retrievability(state.card, much_later)
    assert assignment_status(state, 0.9, soon) == MET
    assert assignment_status(state, 0.9, much_later) == FORGOTTEN
    later = T0 + timedelta(days=5)
    chance = retrievability(state.card, later)
    assert 0.5 < chance < 1.0
    assert assignment_status(state, chance, later) == MET  # "at or above" the target
    assert assignment_status(state, chance + 1e-9, later) == FORGOTTEN
    assert assignment_status(None, 0.9, soon) == NOT_YET
    learning = SkillState("linalg.matmul", 0.6, 3, 2)
    assert assignment_status(learning, 0.0, soon) == NOT_YET  # not mastered: never met


def test_stuck_by_misses_in_a_row_same_diagnosis_or_hints():
    misses = [attempt(correct=False, diagnosis=d, i=i) for i, d in enumerate("abc")]
    assert stuck_reasons(misses) == ("3 misses in a row",)
    assert stuck_reasons([*misses, attempt(i=9)]) == ()  # a right answer ends the run
    same = [attempt(correct=c, diagnosis="transpose", i=i) for i, c in enumerate([0, 1, 0, 1, 0])]
    assert stuck_reasons(same) == ("transpose 3 times",)
    hinted = [attempt(hints=2, i=i) for i in range(2)]
    assert stuck_reasons(hinted) == ("4 hints in the last 2 attempts",)
    assert stuck_reasons([attempt(hints=1, i=i) for i in range(3)]) == ()


def test_common_mistakes_count_learners_per_skill_and_diagnosis():
    history = [attempt(u, correct=False, diagnosis="transpose", i=i) for i, u in enumerate("abcd")]
    history += [attempt("a", correct=False, diagnosis="transpose", i=7)]
    history += [attempt("e", correct=False, diagnosis="sign", i=8)]
    history += [attempt("f", skill="calc.chain", correct=False, diagnosis="transpose", i=9)]
    history += [attempt("g", i=10)]
    found = [(m.skill, m.diagnosis, m.learners, m.attempts) for m in common_mistakes(history)]
    assert found == [
        ("linalg.matmul", "transpose", 4, 5),
        ("calc.chain", "transpose", 1, 1),
        ("linalg.matmul", "sign", 1, 1),
    ]


@dataclass(frozen=True)
class Skill:
    id: str
    area: str
    prerequisites: tuple[str, ...] = ()
    practice: bool = True


def test_the_planner_prefers_assigned_skills_and_what_they_wait_for():
    skills = [
        Skill("a.one", "a"),
        Skill("b.one", "b"),
        Skill("b.two", "b", ("b.one",)),
        Skill("c.one", "c"),
    ]
    assert plan({}, skills, T0, 1).skill == "a.one"  # curriculum order
    assert plan({}, skills, T0, 1, prefer={"c.one"}).skill == "c.one"
    # b.two waits for b.one: the prerequisite comes first
    assert plan({}, skills, T0, 1, prefer={"b.two"}).skill == "b.one"
    # interleaving never leaves the assigned skills while one is available
    assert plan({}, skills, T0, 1, last_area="c", prefer={"c.one"}).skill == "c.one"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    with fresh_database(request.param, tmp_path) as url, open_store(url) as opened:
        yield opened


def test_dashboard_and_csv_of_a_class(store):
    password = hash_password("a long password")
    accounts, classes = Accounts(store), Classes(store)
    teacher = accounts.create("teacher", password, teacher=True)
    other = accounts.create("other", password, teacher=True)
    names = ["ann", "=HYPERLINK(1)", "cid"]
    members = [accounts.create(name, password) for name in names]
    room = classes.create(teacher.id, "Room", tokens.new_join_code)
    for member in members:
        classes.join(room.id, member.id)
    classes.assign(teacher.id, room.id, "linalg.matmul", T0 + timedelta(days=7), 0.9)
    now = datetime.now(UTC)
    for name in names:
        for i in range(3):
            at = now - timedelta(minutes=10 - i)
            wrong = Attempt(
                name,
                f"linalg.matmul:1:{i}",
                "linalg.matmul",
                1,
                f"A{i}",
                False,
                "transpose",
                900,
                0,
                at,
            )
            record_attempt(store, wrong)
    board = dashboard(classes, teacher.id, room.id, now)
    assert [row["name"] for row in board["learners"]] == sorted(names)
    assert board["skills"] == ["linalg.matmul"]
    assert {row["levels"]["linalg.matmul"] for row in board["learners"]} == {"familiar"}
    assert board["mistakes"][0] | {"examples": []} == {
        "skill": "linalg.matmul",
        "diagnosis": "transpose",
        "described": "gave the transpose",
        "learners": 3,
        "attempts": 9,
        "examples": [],
    }
    assert {s["learner"] for s in board["stuck"]} == set(names)
    assert board["assignments"][0]["met"] == 0
    assert dashboard(classes, other.id, room.id, now) is None
    assert results_csv(classes, other.id, room.id, now) is None
    text = results_csv(classes, teacher.id, room.id, now)
    assert text.splitlines()[0] == "learner,skill,level,mastery,attempts,correct,assignment"
    assert "'=HYPERLINK(1),linalg.matmul,familiar" in text
    assert spreadsheet_safe("-1") == "'-1" and spreadsheet_safe("ann") == "ann"
