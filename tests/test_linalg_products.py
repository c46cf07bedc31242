"""Linear-algebra product generators: every expected answer against an independent
oracle (NumPy, SymPy on the drawn data), the checker's view of each answer, and
determinism of exercise ids."""

from __future__ import annotations

import importlib
import json
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlmath.exercises import exercise
from dlmath.exercises.base import ANSWER_KINDS

SKILLS = ["linalg.matmul"]

seeds = st.integers(0, 10**6)
difficulties = st.sampled_from([1, 2, 3])


def check_answer():
    """The checker's ``check_answer``, or skip while it has not landed."""
    module = importlib.import_module("dlmath.check")
    function = getattr(module, "check_answer", None)
    if function is None:
        pytest.skip("dlmath.check.check_answer is not available yet")
    return function


def exact_matrix(text: str) -> list[list[Fraction]]:
    """Read ``[[1, -3/4], [0, 2]]`` (the generators' own output format) exactly."""
    assert re.fullmatch(r"\[\[.*\]\]", text), text
    rows = text[2:-2].split("], [")
    return [[Fraction(cell.strip()) for cell in row.split(",")] for row in rows]


def semicolon_form(text: str) -> str:
    """``[[1, 2], [3, 4]]`` written as ``[1 2; 3 4]``."""
    return "[" + "; ".join(" ".join(map(str, row)) for row in exact_matrix(text)) + "]"


# -- properties of every skill ----------------------------------------------------------


@pytest.mark.parametrize("skill", SKILLS)
@settings(max_examples=30)
@given(seed=seeds, difficulty=difficulties)
def test_exercise_is_complete_and_serialisable(skill, seed, difficulty):
    ex = exercise(skill, difficulty, seed)
    assert ex.kind in ANSWER_KINDS
    assert ex.expected.strip()
    assert 1 <= len(ex.hints) <= 3
    assert ex.solution.strip() and ex.prompt.strip() and ex.text.strip()
    assert "\\begin" not in ex.text and "$" not in ex.text
    assert ex.version == 1
    json.dumps(ex.to_json())  # data and everything else is plain JSON
    answers = [m.answer for m in ex.misconceptions]
    assert ex.expected not in answers
    assert len(answers) == len(set(answers))


@pytest.mark.parametrize("skill", SKILLS)
@settings(max_examples=20)
@given(seed=seeds, difficulty=difficulties)
def test_same_id_same_exercise(skill, seed, difficulty):
    first, again = exercise(skill, difficulty, seed), exercise(skill, difficulty, seed)
    assert first.to_json() == again.to_json()


@pytest.mark.parametrize("skill", SKILLS)
@pytest.mark.parametrize("difficulty", [1, 2, 3])
def test_different_seeds_usually_differ(skill, difficulty):
    drawn = {json.dumps(exercise(skill, difficulty, seed).data) for seed in range(30)}
    assert len(drawn) >= 20


# -- linalg.matmul ------------------------------------------------------------------


@given(seed=seeds, difficulty=difficulties)
def test_matmul_matches_numpy(seed, difficulty):
    ex = exercise("linalg.matmul", difficulty, seed)
    a, b = np.array(ex.data["A"]), np.array(ex.data["B"])
    assert a.ndim == b.ndim == 2
    assert a.min() >= -5 and a.max() <= 5 and b.min() >= -5 and b.max() <= 5
    try:
        product = np.matmul(a, b)
    except ValueError:
        assert ex.expected == "undefined"
    else:
        assert np.array_equal(np.array(exact_matrix(ex.expected), dtype=float), product)


def test_matmul_undefined_share_and_sizes_grow():
    largest = {}
    for difficulty in (1, 2, 3):
        exercises = [exercise("linalg.matmul", difficulty, seed) for seed in range(300)]
        undefined = sum(ex.expected == "undefined" for ex in exercises) / len(exercises)
        assert 0.20 <= undefined <= 0.45, (difficulty, undefined)
        sizes = [
            max(len(ex.data["A"]), len(ex.data["A"][0]), len(ex.data["B"]), len(ex.data["B"][0]))
            for ex in exercises
        ]
        largest[difficulty] = (np.mean(sizes), max(sizes))
    assert largest[1][1] == 2 and largest[2][1] == 3 and largest[3][1] == 4
    assert largest[1][0] < largest[2][0] < largest[3][0]


def test_matmul_reversed_product_is_catalogued():
    found = 0
    for seed in range(100):
        ex = exercise("linalg.matmul", 2, seed)
        a, b = np.array(ex.data["A"]), np.array(ex.data["B"])
        codes = {m.code: m.answer for m in ex.misconceptions}
        if ex.expected != "undefined" and a.shape[0] == b.shape[1]:
            ba = b @ a
            if ba.shape != (a @ b).shape or not np.array_equal(ba, a @ b):
                found += 1
                answer = codes["misconception:reversed-product"]
                assert np.array_equal(np.array(exact_matrix(answer), dtype=float), ba)
    assert found >= 10


@settings(max_examples=40)
@given(seed=seeds, difficulty=difficulties)
def test_matmul_checker_accepts_two_forms(seed, difficulty):
    check = check_answer()
    ex = exercise("linalg.matmul", difficulty, seed)
    if ex.expected == "undefined":
        forms = ["undefined", "DNE"]
    else:
        forms = [ex.expected, semicolon_form(ex.expected)]
    for form in forms:
        verdict = check(ex, form)
        assert verdict.correct, (ex.id, form, verdict)


@settings(max_examples=40)
@given(seed=seeds, difficulty=difficulties)
def test_matmul_misconceptions_get_their_codes(seed, difficulty):
    check = check_answer()
    ex = exercise("linalg.matmul", difficulty, seed)
    for mistake in ex.misconceptions:
        verdict = check(ex, mistake.answer)
        assert not verdict.correct
        assert verdict.diagnosis == mistake.code, (ex.id, mistake.answer, verdict)
