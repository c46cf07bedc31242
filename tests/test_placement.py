"""Placement: the knowledge-state model, the session that seeds the learner model, the CLI.

Answers are simulated from a known truth with the slip and guess rates of
``learner/parameters.toml``, so "classified right" is checked against that truth.
"""

from __future__ import annotations

import json
import re
import signal
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from dlmath import curriculum
from dlmath.curriculum.skill_map import topological
from dlmath.learner.parameters import parameters
from dlmath.learner.placement import Answer, placement_for
from dlmath.learner.planner import plan
from dlmath.learner.state import fold
from dlmath.learner.types import KNOWN, NOT_KNOWN, PLACEMENT, UNSURE
from dlmath.session.placement import PlacementSession
from dlmath.store import open_store
from test_practice_cli import Session, dlmath_run, env, stored_attempts  # noqa: F401

QUESTION = re.compile(r"^(\S+:[123]:\d+)   \(question", re.MULTILINE)
VERDICT = re.compile(r"^(✓ correct|✗ not right)", re.MULTILINE)


@dataclass(frozen=True)
class MapSkill:
    id: str
    area: str
    prerequisites: tuple[str, ...] = ()
    practice: bool = True
    name: str = ""


def chain_map() -> list[MapSkill]:
    """Two areas: a chain a1 -> a2 -> a3 -> a4, and b1 -> b2 with b2 also needing a2;
    one skill (a5, after a4) without exercises."""
    return [
        MapSkill("x.a1", "x"),
        MapSkill("x.a2", "x", ("x.a1",)),
        MapSkill("x.a3", "x", ("x.a2",)),
        MapSkill("x.a4", "x", ("x.a3",)),
        MapSkill("x.a5", "x", ("x.a4",), practice=False),
        MapSkill("y.b1", "y"),
        MapSkill("y.b2", "y", ("y.b1", "x.a2")),
    ]


def closed(states: np.ndarray, prereq: np.ndarray) -> bool:
    """Every particle's state contains the prerequisites of each skill it contains."""
    return not (states[:, :, None] & prereq[None, :, :] & ~states[:, None, :]).any()


def answer_from(truth: set[str], skill: str, rng: np.random.Generator | None) -> bool:
    ev = parameters().evidence[parameters().placement.difficulty]
    if rng is None:  # a learner who never slips or guesses
        return skill in truth
    return bool(rng.random() < (1 - ev.slip if skill in truth else ev.guess))


def run_model(skills, truth: set[str], seed: int = 0, rng=None, questions: int = 30):
    model = placement_for(skills, seed=seed, particles=256)
    difficulty = parameters().placement.difficulty
    for _ in range(questions):
        skill = model.next_skill(difficulty)
        if skill is None:
            break
        model.observe(Answer(skill, answer_from(truth, skill, rng), difficulty))
    return model


def test_every_particle_stays_a_knowledge_state():
    skills = list(curriculum.skills())
    model = placement_for(skills, seed=3, particles=128)
    assert closed(model._states, model._prereq)
    rng = np.random.default_rng(0)
    for skill in rng.choice(model.askable, size=12):
        model.observe(Answer(str(skill), bool(rng.random() < 0.5), 2))
        assert closed(model._states, model._prereq)
    assert set(model.conclusions()) == set(model.askable)
    assert all(0.0 <= p <= 1.0 for p in model.marginals().values())


def test_a_right_answer_raises_the_skill_and_its_prerequisites():
    skills = chain_map()
    model = placement_for(skills, seed=1, particles=512)
    before = model.marginals()
    model.observe(Answer("x.a3", True, 2))
    after = model.marginals()
    for skill in ("x.a1", "x.a2", "x.a3"):
        assert after[skill] > before[skill]
    model = placement_for(skills, seed=1, particles=512)
    model.observe(Answer("x.a2", False, 2))
    after = model.marginals()
    for skill in ("x.a2", "x.a3", "x.a4", "y.b2"):  # the miss counts against what builds on it
        assert after[skill] < before[skill]


@pytest.mark.parametrize("knows", ["everything", "nothing"])
def test_the_extreme_learners_are_classified_right_on_the_whole_map(knows):
    skills = list(curriculum.skills())
    truth = {s.id for s in skills} if knows == "everything" else set()
    model = run_model(skills, truth, seed=5)
    expected = KNOWN if knows == "everything" else NOT_KNOWN
    conclusions = model.conclusions()
    assert set(conclusions.values()) == {expected}
    assert len(model.answers) <= 30


def test_a_noisy_learner_is_mostly_classified_right():
    """A downward-closed truth, slips and guesses at the model's rates: most practicable
    skills come out right (the benchmark measures this over 500 learners)."""
    skills = topological(tuple(curriculum.skills()))
    by_id = {s.id: s for s in skills}
    truth: set[str] = set()
    for skill in skills:
        if all(p in truth for p in skill.prerequisites) and skill.area in ("linalg", "calculus"):
            truth.add(skill.id)
    assert all(p in truth for s in truth for p in by_id[s].prerequisites)
    model = run_model(skills, truth, seed=2, rng=np.random.default_rng(11))
    marg = model.marginals()
    right = [(marg[s] >= 0.5) == (s in truth) for s in model.askable]
    assert sum(right) / len(right) >= 0.8


def test_placement_is_deterministic_for_a_seed():
    skills = list(curriculum.skills())
    truth = {s.id for s in skills if s.area == "linalg"}

    def run():
        model = run_model(skills, truth, seed=9, rng=np.random.default_rng(4), questions=8)
        return [a.skill for a in model.answers], model.marginals()

    assert run() == run()


@dataclass
class FakeExercise:
    """What the session needs of an exercise: the right answer is the word 'right'."""

    id: str
    skill: str
    difficulty: int
    expected: str = "right"
    hints: list[str] = field(default_factory=lambda: ["think"])
    text: str = ""
    solution: str = ""


@dataclass
class FakeVerdict:
    correct: bool
    diagnosis: str | None
    feedback: str = ""
    expected: str = "right"
    details: dict = field(default_factory=dict)


def make_exercise(skill: str, difficulty: int, seed: int) -> FakeExercise:
    return FakeExercise(f"{skill}:{difficulty}:{seed}", skill, difficulty)


def check_answer(exercise: FakeExercise, text: str) -> FakeVerdict:
    if text == "((":
        return FakeVerdict(False, "parse-error")
    return FakeVerdict(text == "right", None if text == "right" else "wrong")


@pytest.fixture
def store(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'placement.sqlite3'}") as opened:
        yield opened


def fake_session(store, skills, seed=0, day=1, **options) -> PlacementSession:
    start = datetime(2026, 1, day, tzinfo=UTC)
    clock = iter(start + timedelta(seconds=i) for i in range(10**6))
    return PlacementSession(
        store,
        "ada",
        skills,
        seed=seed,
        make_exercise=make_exercise,
        check_answer=check_answer,
        clock=lambda: next(clock),
        **options,
    )


def answer_all(session: PlacementSession, truth: set[str]) -> dict[str, str]:
    while (exercise := session.next()) is not None:
        session.answer("right" if exercise.skill in truth else "wrong")
    return session.conclude()


def test_conclusions_seed_the_model_and_the_planner_starts_at_the_frontier(store):
    skills = chain_map()
    truth = {"x.a1", "x.a2", "y.b1"}
    session = fake_session(store, skills)
    conclusions = answer_all(session, truth)
    assert {s: w for s, w in conclusions.items() if w != UNSURE} == {
        s.id: KNOWN if s.id in truth else NOT_KNOWN for s in skills if s.practice
    }
    history = store.attempts("ada")
    placed = [a for a in history if a.kind == PLACEMENT]
    assert {a.skill for a in placed} == {s.id for s in skills if s.practice}
    assert len(history) - len(placed) == len(session.asked)  # every question was recorded
    states = store.skill_states("ada")
    assert states == fold(history)  # the cache is the fold of the history
    assert all(states[s].mastery >= parameters().mastery for s in truth)
    pick = plan(states, skills, datetime(2026, 1, 2, tzinfo=UTC), seed=1)
    assert pick is not None and pick.skill in {"x.a3", "y.b2"}  # the frontier


def test_an_unreadable_answer_is_not_counted(store):
    session = fake_session(store, chain_map(), max_questions=2)
    first = session.next()
    assert not session.answer("((").recorded
    assert session.current is first and store.attempts("ada") == []
    assert session.answer("right").recorded
    assert len(store.attempts("ada")) == 1


def test_rerunning_placement_only_adds_to_the_history(store):
    skills = chain_map()
    answer_all(fake_session(store, skills, seed=1), {"x.a1"})
    first = store.attempts("ada")
    answer_all(fake_session(store, skills, seed=2, day=2), {"x.a1", "x.a2", "x.a3"})
    second = store.attempts("ada")
    assert second[: len(first)] == first
    states = store.skill_states("ada")
    assert states["x.a3"].mastery >= parameters().mastery  # the later evidence counts
    assert states == fold(second)


def test_placement_attempts_survive_export_and_import(store, tmp_path):
    import io

    answer_all(fake_session(store, chain_map()), {"x.a1"})
    out = io.StringIO()
    store.export_jsonl(out, "ada")
    with open_store(f"sqlite:///{tmp_path / 'copy.sqlite3'}") as copy:
        copy.import_jsonl(io.StringIO(out.getvalue()))
        copied = copy.attempts("ada")
        assert [(a.kind, a.skill, a.answer) for a in copied] == [
            (a.kind, a.skill, a.answer) for a in store.attempts("ada")
        ]


def test_cli_placement_with_piped_answers_concludes_and_prints_json(env):  # noqa: F811
    done = dlmath_run(
        env, "placement", "--area", "linalg", "-n", "4", "--seed", "1", "--json",
        stdin="s\n((\nundefined\ns\n?\ns\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    result = json.loads(done.stdout)
    assert len(result["questions"]) == 4
    assert {s["conclusion"] for s in result["skills"]} <= {KNOWN, NOT_KNOWN, UNSURE}
    assert all(s["id"].startswith("linalg.") for s in result["skills"])
    stored = stored_attempts(env)
    assert [a.exercise_id for a in stored if a.kind != PLACEMENT] == [
        q["id"] for q in result["questions"]
    ]
    assert sum(a.kind == PLACEMENT for a in stored) == len(result["skills"])


def test_cli_placement_shows_the_map(env):  # noqa: F811
    done = dlmath_run(env, "placement", "--area", "calculus", "-n", "2", stdin="s\ns\n")
    assert done.returncode == 0, done.stderr
    assert "Placement after 2 questions" in done.stdout
    assert "dlmath practice" in done.stdout


def test_sigkill_during_placement_loses_no_answered_question(env):  # noqa: F811
    session = Session(env, "--seed", "2", command="placement")
    try:
        session.wait_for(QUESTION, 1)
        session.send("s")
        session.wait_for(QUESTION, 2)
        session.send("undefined")
        session.wait_for(VERDICT, 1)
        session.wait_for(QUESTION, 3)
        session.process.send_signal(signal.SIGKILL)
        session.process.wait(timeout=30)
    finally:
        if session.process.poll() is None:
            session.process.kill()
    stored = stored_attempts(env)
    assert [a.exercise_id for a in stored] == QUESTION.findall(session.output)[:2]
    assert all(a.kind != PLACEMENT for a in stored)  # killed before concluding
    with open_store(f"sqlite:///{Path(env['DLMATH_DATA_DIR']) / 'dlmath.sqlite3'}") as s:
        assert s.skill_states("default") == fold(s.attempts("default"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    from databases import fresh_database

    with fresh_database(request.param, tmp_path) as url:
        yield url


def test_migration_0003_keeps_every_attempt_as_an_answer(database_url):
    """Attempts stored before attempts had a kind read back as answers."""
    from alembic import command
    from sqlalchemy import text

    from dlmath.learner.types import ANSWER, Attempt
    from dlmath.store.engine import make_engine
    from dlmath.store.migrate import alembic_config

    engine = make_engine(database_url)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0002")
            connection.execute(
                text(
                    "INSERT INTO users (id, name, created_at, needs_rebuild) "
                    "VALUES (1, 'ann', :t, false)"
                ),
                {"t": at.replace(tzinfo=None) if engine.dialect.name == "sqlite" else at},
            )
            connection.execute(
                text(
                    "INSERT INTO attempts (uid, user_id, exercise_id, skill, difficulty, answer,"
                    " correct, diagnosis, duration_ms, hints_used, skipped, at) VALUES ("
                    "'u1', 1, 'linalg.matmul:1:1', 'linalg.matmul', 1, '[1]', true, NULL, 5, 0,"
                    " false, :t)"
                ),
                {"t": at.replace(tzinfo=None) if engine.dialect.name == "sqlite" else at},
            )
    finally:
        engine.dispose()
    with open_store(database_url) as migrated:
        (attempt,) = migrated.attempts("ann")
        assert attempt.kind == ANSWER and attempt.answer == "[1]"
        placed = Attempt("ann", "linalg.matmul:placement", "linalg.matmul", 2, KNOWN, True,
                         None, 0, 0, at + timedelta(seconds=1), kind=PLACEMENT)  # fmt: skip
        migrated.add_attempt(placed)
        assert [a.kind for a in migrated.attempts("ann")] == [ANSWER, PLACEMENT]
