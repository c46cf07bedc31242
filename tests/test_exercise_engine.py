"""The exercise engine across every registered generator, and its CLI/API contracts."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import dlmath
from dlmath.cli.app import app
from dlmath.exercises import exercise, generators
from dlmath.exercises.base import ANSWER_KINDS
from judging import assert_accepted, assert_misconceptions_named

SKILLS = sorted(generators())
runner = CliRunner()


def test_the_map_and_the_registry_agree():
    assert {s.id for s in dlmath.skills() if s.practice} == set(SKILLS)
    assert len([s for s in SKILLS if s.startswith("linalg.")]) >= 14
    assert len([s for s in SKILLS if s.startswith("calculus.")]) >= 10


@pytest.mark.parametrize("skill", SKILLS)
@settings(max_examples=8)
@given(seed=st.integers(0, 10**6), difficulty=st.sampled_from([1, 2, 3]))
def test_every_exercise_is_complete_and_self_consistent(skill, seed, difficulty):
    ex = exercise(skill, difficulty, seed)
    assert ex.id == f"{skill}:{difficulty}:{seed}"
    assert ex.kind in ANSWER_KINDS
    assert ex.prompt and ex.text and ex.expected and ex.solution
    assert 1 <= len(ex.hints) <= 3
    json.dumps(ex.to_json())  # JSON-serialisable, data included
    assert exercise(skill, difficulty, seed) == ex  # deterministic
    assert_accepted(ex, [ex.expected])
    assert_misconceptions_named(ex)


def test_api_contract():
    ex = dlmath.exercise("linalg.matmul", difficulty=2, seed=1234)
    assert ex.id == "linalg.matmul:2:1234"
    a, b = np.array(ex.data["A"]), np.array(ex.data["B"])
    v = dlmath.check(ex.id, ex.expected)
    assert v.correct and v.diagnosis is None and v.expected == ex.expected
    if a.shape[1] == b.shape[0]:
        assert dlmath.check(ex.id, str((a @ b).tolist())).correct
    else:
        assert ex.expected == "undefined"
    wrong = dlmath.check(ex.id, "(")
    assert not wrong.correct and wrong.diagnosis == "parse-error"
    with pytest.raises(dlmath.InputError):
        dlmath.check("linalg.matmul:7:1", "1")


def test_exercise_json_contract():
    out = runner.invoke(app, ["exercise", "linalg.matmul", "--seed", "7", "--json"])
    assert out.exit_code == 0
    obj = json.loads(out.stdout)
    for key in ("id", "skill", "difficulty", "seed", "prompt", "text", "kind", "expected", "data"):
        assert key in obj
    assert obj["id"] == "linalg.matmul:1:7" and set(obj["data"]) >= {"A", "B"}


def test_exercise_shows_grids():
    out = runner.invoke(app, ["exercise", "linalg.matmul", "--seed", "7"])
    assert out.exit_code == 0
    assert "⎡" in out.stdout and "linalg.matmul:1:7" in out.stdout


def test_check_json_contract_and_exit_codes():
    ex = exercise("linalg.matmul", 1, 7)
    right = runner.invoke(app, ["check", ex.id, ex.expected, "--json", "--no-record"])
    assert right.exit_code == 0
    obj = json.loads(right.stdout)
    assert {"correct", "feedback", "diagnosis", "expected"} <= set(obj) and obj["correct"]
    wrong = runner.invoke(app, ["check", ex.id, "[[0]]", "--json", "--no-record"])
    assert wrong.exit_code == 1 and json.loads(wrong.stdout)["correct"] is False
    bad = runner.invoke(app, ["check", "no.such:1:1", "1", "--no-record"])
    assert bad.exit_code == 2 and "error" in bad.stderr


def test_unknown_skill_is_a_clean_error():
    out = runner.invoke(app, ["exercise", "linalg.nothing"])
    assert out.exit_code == 2 and "linalg.matmul" in out.stderr


def test_brackets_in_prompts_survive_the_terminal():
    out = runner.invoke(app, ["exercise", "linalg.matmul", "--seed", "7", "--answer"])
    assert "[[1, 2], [3, 4]]" in out.stdout  # the answer-format line of the prompt


def test_the_same_id_gives_the_same_exercise_in_a_fresh_process():
    # a second interpreter (its own hash seed, nothing cached) stands in for another machine
    import subprocess
    import sys

    ids = [f"{skill}:{d}:{seed}" for skill in SKILLS for d, seed in ((1, 11), (3, 123456))]
    code = (
        "import json, sys\nfrom dlmath.exercises import exercise_from_id\n"
        "print(json.dumps([exercise_from_id(i).to_json() for i in sys.argv[1:]]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *ids], capture_output=True, text=True, check=True
    )
    theirs = json.loads(out.stdout)
    ours = [json.loads(json.dumps(exercise(*_split_id(i)).to_json())) for i in ids]
    assert theirs == ours


def _split_id(text: str) -> tuple[str, int, int]:
    skill, difficulty, seed = text.split(":")
    return skill, int(difficulty), int(seed)


def test_checking_the_same_exercise_again_is_a_further_try(tmp_path, monkeypatch):
    """``dlmath check`` shows the answer with its verdict, so a second check of the same
    exercise is stored as try 2 and is no evidence; another exercise starts at try 1."""
    from dlmath.store import open_store

    url = f"sqlite:///{tmp_path / 'tries.db'}"
    monkeypatch.setenv("DLMATH_DATABASE_URL", url)
    monkeypatch.delenv("DLMATH_USER", raising=False)
    ex = exercise("linalg.matmul", 1, 7)
    first = runner.invoke(app, ["check", ex.id, "[[0, 0], [0, 0]]"])
    again = runner.invoke(app, ["check", ex.id, ex.expected])
    other = exercise("linalg.matmul", 1, 8)
    fresh = runner.invoke(app, ["check", other.id, other.expected])
    assert (first.exit_code, again.exit_code, fresh.exit_code) == (1, 0, 0)
    assert "try 2" in again.stdout and "try" not in fresh.stdout
    with open_store(url) as store:
        tries = [(a.exercise_id, a.try_number) for a in store.attempts("default")]
        state = store.skill_states("default")["linalg.matmul"]
    assert tries == [(ex.id, 1), (ex.id, 2), (other.id, 1)]
    assert state.attempts == 3 and state.correct == 1  # the second try is not evidence
