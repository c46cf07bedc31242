"""What learners see in the optimization exercises: answers that cannot be guessed, worked
solutions and feedback whose claims hold (checked numerically, independently of the
generators), levels that differ, and prompts that fix every convention the answer
depends on. The skills come from the registry, not from a list kept here."""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest

from dlmath.exercises import exercise, generators

SKILLS = sorted(s for s in generators() if s.startswith("optimization."))
SEEDS = range(100)


def test_the_area_has_its_skills() -> None:
    assert len(SKILLS) >= 16
    assert {"optimization.kkt", "optimization.sublevel-sets", "optimization.jensen"} <= set(SKILLS)


# ---- no guessable skill ------------------------------------------------------------------


@pytest.mark.parametrize("skill", SKILLS)
def test_no_answer_dominates(skill: str) -> None:
    """Over 100 seeds, no answer of a skill and difficulty (choice and yes/no aside) is the
    right one in more than 40% of the instances."""
    for difficulty in (1, 2, 3):
        answers = Counter()
        for seed in SEEDS:
            ex = exercise(skill, difficulty, seed)
            if ex.kind not in ("choice", "boolean"):
                answers["".join(ex.expected.split())] += 1
        if answers:
            top, count = answers.most_common(1)[0]
            assert count <= 40, (skill, difficulty, top, count)


# ---- solution linter: claims about shapes hold ----------------------------------------------


def evaluate(tree, x: np.ndarray) -> np.ndarray:
    """A data tree of one variable, evaluated with NumPy (the tests' own reading)."""
    if isinstance(tree, int):
        return np.full_like(x, tree, dtype=float)
    if isinstance(tree, str):
        return np.full_like(x, float(Fraction(tree)), dtype=float)
    op, *args = tree
    if op == "var":
        return x
    if op == "pow":
        return evaluate(args[0], x) ** args[1]
    parts = [evaluate(a, x) for a in args]
    if op == "add":
        return sum(parts)
    if op == "mul":
        return np.prod(parts, axis=0)
    unary = {"exp": np.exp, "log": np.log, "abs": np.abs, "sqrt": np.sqrt, "sin": np.sin}
    if op in unary:
        return unary[op](parts[0])
    return (np.maximum if op == "max" else np.minimum).reduce(parts)


def extrema(tree) -> tuple[list[float], list[float]]:
    """Strict local minima and maxima of a one-variable function on [-6, 6]."""
    x = np.linspace(-6, 6, 120001)
    y = evaluate(tree, x)
    inner = slice(1, -1)
    minima = x[inner][(y[inner] < y[:-2]) & (y[inner] < y[2:])]
    maxima = x[inner][(y[inner] > y[:-2]) & (y[inner] > y[2:])]
    return list(minima), list(maxima)


NUMBER = r"(−?\d+)"
WELLS = re.compile(rf"two wells, at {NUMBER} and at {NUMBER}")
BUMP = re.compile(rf"single bump with its peak at {NUMBER}")


def claims_of(ex) -> str:
    return " ".join([ex.solution, *ex.hints, *(m.feedback for m in ex.misconceptions)])


def test_wells_and_bumps_are_where_the_text_says() -> None:
    """ "Two wells" only for a function with two minima, at the places named; "a single
    bump" only for one with one maximum and no minimum (e^(−x²) has no wells)."""
    checked = 0
    for seed in range(200):
        ex = exercise("optimization.sublevel-sets", 3, seed)
        text = claims_of(ex)
        if "well" in text or "bump" in text:
            minima, maxima = extrema(ex.data["tree"])
            wells = WELLS.search(text)
            bump = BUMP.search(text)
            assert wells or bump, text
            if wells:
                places = [float(v.replace("−", "-")) for v in wells.groups()]
                assert np.allclose(sorted(minima), sorted(places), atol=1e-3), (minima, text)
            if bump:
                assert not minima and len(maxima) == 1, (minima, maxima, text)
                assert abs(maxima[0] - float(bump.group(1).replace("−", "-"))) < 1e-3
            checked += 1
    assert checked >= 10


def all_exercises(difficulties=(1, 2, 3), seeds=range(40)):
    for skill in SKILLS:
        for difficulty in difficulties:
            for seed in seeds:
                yield exercise(skill, difficulty, seed)


# a negative number squared without parentheses reads as the negative of a square
UNBRACKETED_SQUARE = re.compile(r"(?:^|[{(=\s])[-−]\d+(?:/\d+)?\^\{?2")


def test_negative_numbers_are_squared_in_parentheses() -> None:
    for ex in all_exercises():
        for text in (ex.solution, ex.prompt, *ex.hints):
            assert not UNBRACKETED_SQUARE.search(text), (ex.id, text)


def test_min_norm_value_is_the_square_shown() -> None:
    """‖x*‖² = (s)²/‖p‖²: the fraction in the solution is the value, for negative s too."""
    frac = re.compile(r"\\frac\{\((-\d+)\)\^2\}\{(\d+)\}")
    seen_negative = 0
    for seed in range(120):
        ex = exercise("optimization.convex-problems", 3, seed)
        if ex.data.get("form") != "min-norm":
            continue
        s, (p, q) = ex.data["s"], ex.data["normal"]
        if s < 0:
            num, den = frac.search(ex.solution).groups()
            assert Fraction(int(num) ** 2, int(den)) == Fraction(s * s, p * p + q * q)
            assert Fraction(ex.expected) == Fraction(s * s, p * p + q * q)
            seen_negative += 1
    assert seen_negative >= 3


# a sign after a sign, or a coefficient 1 written out: "16 + -9", "x - -1", "1λ", "1 · 11/2"
CLUMSY = re.compile(r"[+\-−] [\-−]\d|(?<![\w.{}^])1\\lambda|(?<![\w.{}^/])1 \\cdot")


def test_worked_steps_have_no_double_signs_or_unit_coefficients() -> None:
    for ex in all_exercises():
        for text in (ex.solution, ex.prompt):
            assert not CLUMSY.search(text), (ex.id, CLUMSY.search(text).group(), text)


# ---- levels differ ---------------------------------------------------------------------------


def test_lagrange_multiplier_levels_differ() -> None:
    """1: x + y = c or a small line; 2: a general line, weighted objectives; 3: a circle
    (two candidates, square roots)."""
    for seed in range(30):
        d1 = exercise("optimization.lagrange-multipliers", 1, seed).data
        d2 = exercise("optimization.lagrange-multipliers", 2, seed).data
        d3 = exercise("optimization.lagrange-multipliers", 3, seed).data
        assert d1["family"] in ("product", "distance")
        assert all(abs(int(c)) <= 2 for c, *_ in d1["g"])
        assert d2["family"] in ("product", "weighted")
        assert d3["family"] == "circle" and any(exps == [2, 0] for _, *exps in d3["g"])
    families2 = {exercise("optimization.lagrange-multipliers", 2, s).data["family"] for s in SEEDS}
    assert families2 == {"product", "weighted"}
    product1 = [
        ex
        for ex in (exercise("optimization.lagrange-multipliers", 1, s) for s in SEEDS)
        if ex.data["family"] == "product"
    ]
    assert all([c for c, *_ in ex.data["g"]] == [1, 1] for ex in product1)


def test_complementary_slackness_has_three_constraints() -> None:
    for difficulty in (1, 2, 3):
        for seed in range(10):
            ex = exercise("optimization.complementary-slackness", difficulty, seed)
            assert len(ex.data["constraints"]) == 3


# ---- prompts fix the conventions -------------------------------------------------------------


def test_lagrangian_prompts_say_how_equalities_enter() -> None:
    """h = left side − right side (the other sign flips every ν term)."""
    with_equality = 0
    for difficulty in (2, 3):
        for seed in range(40):
            ex = exercise("optimization.lagrangian", difficulty, seed)
            if any(c["relation"] == "=" for c in ex.data["constraints"]):
                assert "left side minus its right side" in ex.prompt
                with_equality += 1
            assert "g_i(x) \\le 0" in ex.prompt and "L(x, \\lambda" in ex.prompt
    assert with_equality >= 40


def test_svm_offset_questions_fix_the_sign_of_b() -> None:
    for seed in range(60):
        ex = exercise("optimization.svm-dual", 3, seed)
        if ex.data["ask"] == "solve-b":
            assert "w^T x + b" in ex.prompt
