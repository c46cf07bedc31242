"""Limits, definite integrals and double integrals: every expected answer against SymPy
on expressions built here from ``ex.data`` (never from text), the checker's view of other
written forms and of each catalogued misconception, and determinism of ids."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dlmath.checker import check_answer
from dlmath.checker.answers import exact_value, float_value
from dlmath.exercises import exercise
from judging import assert_accepted, assert_misconceptions_named

x, y = sympy.symbols("x y", real=True)
SKILLS = ["calculus.limits", "calculus.integrals", "calculus.multiple-integrals"]
seeds = st.integers(0, 10**6)
difficulties = st.sampled_from([1, 2, 3])


def value(text: str) -> float:
    return float(float_value(text)[0][0])


def limit_problem(d) -> tuple[sympy.Expr, sympy.Expr]:
    family = d["family"]
    if family == "factor-linear":
        a, k = d["a"], d["k"]
        return sympy.expand((x - a) * (x + k)) / (x - a), sympy.Integer(a)
    if family == "factor-quadratic":
        a, b, c, p, q = (d[key] for key in "abcpq")
        top, bottom = sympy.expand(p * (x - a) * (x - b)), sympy.expand(q * (x - a) * (x - c))
        return top / bottom, sympy.Integer(a)
    if family == "at-infinity":
        (p, q, r), (s, t, u) = d["top"], d["bottom"]
        return (p * x**2 + q * x + r) / (s * x**2 + t * x + u), sympy.oo
    k, m = d["k"], d["m"]
    top = {
        "exp": sympy.exp(k * x) - 1,
        "sin": sympy.sin(k * x),
        "log": sympy.log(1 + k * x),
        "cos": 1 - sympy.cos(k * x),
    }[family]
    return top / (m * x ** (2 if family == "cos" else 1)), sympy.Integer(0)


def integrand(terms) -> sympy.Expr:
    total = sympy.Integer(0)
    for t in terms:
        if t["kind"] == "power":
            total += t["coef"] * x ** t["power"]
        elif t["kind"] == "exp":
            total += t["coef"] * sympy.exp(t["rate"] * x)
        else:
            total += sympy.Integer(t["coef"]) / x
    return total


def oracle(ex) -> sympy.Expr:
    d = ex.data
    if ex.skill == "calculus.limits":
        f, point = limit_problem(d)
        return sympy.limit(f, x, point)
    if ex.skill == "calculus.integrals":
        return sympy.integrate(integrand(d["terms"]), (x, d["a"], d["b"]))
    f = sum((k * x**m * y**n for k, m, n in d["terms"]), sympy.Integer(0))
    region = d["region"]
    if region["kind"] == "rectangle":
        (a, b), (c, e) = region["x"], region["y"]
        return sympy.integrate(f, (y, c, e), (x, a, b))
    top = region["size"]
    upper = x if region["kind"] == "below-diagonal" else top - x
    return sympy.integrate(f, (y, 0, upper), (x, 0, top))


@pytest.mark.parametrize("skill", SKILLS)
@settings(max_examples=30)
@given(seed=seeds, difficulty=difficulties)
def test_expected_answer_matches_sympy(skill: str, seed: int, difficulty: int) -> None:
    ex = exercise(skill, difficulty, seed)
    truth = oracle(ex)
    rows = exact_value(ex.expected)
    if truth.is_Rational:
        assert rows is not None and rows[0][0] == Fraction(int(truth.p), int(truth.q)), (
            ex.id,
            ex.expected,
            truth,
        )
    else:
        assert abs(value(ex.expected) - float(truth)) <= 1e-9 * max(1.0, abs(float(truth))), (
            ex.id,
            ex.expected,
            truth,
        )


@pytest.mark.parametrize("skill", SKILLS)
@settings(max_examples=25)
@given(seed=seeds, difficulty=difficulties)
def test_checker_accepts_forms_and_names_misconceptions(
    skill: str, seed: int, difficulty: int
) -> None:
    ex = exercise(skill, difficulty, seed)
    assert check_answer(ex, ex.expected).correct, ex.id
    forms = [f"{value(ex.expected):.8f}"]
    rows = exact_value(ex.expected)
    if rows is not None and rows[0][0].denominator != 1:
        f = rows[0][0]
        forms.append(f"{2 * f.numerator}/{2 * f.denominator}")
    elif rows is None:
        forms.append(f"({ex.expected}) * 1")  # the exact expression, regrouped
    assert_accepted(ex, forms)
    assert_misconceptions_named(ex)


def test_zero_over_zero_is_not_undefined() -> None:
    for seed in range(10):
        ex = exercise("calculus.limits", 1, seed)
        f, point = limit_problem(ex.data)
        num, den = sympy.fraction(f)
        assert num.subs(x, point) == 0 and den.subs(x, point) == 0  # a real 0/0
        assert check_answer(ex, "undefined").diagnosis == "misconception:zero-over-zero-undefined"


def test_difficulties_differ_in_substance() -> None:
    kinds = {
        t["kind"] for s in range(20) for t in exercise("calculus.integrals", 3, s).data["terms"]
    }
    assert kinds == {"power", "exp", "reciprocal"}
    regions = {
        exercise("calculus.multiple-integrals", 3, s).data["region"]["kind"] for s in range(20)
    }
    assert regions == {"below-diagonal", "simplex"}
    families = {exercise("calculus.limits", 3, s).data["family"] for s in range(30)}
    assert families == {"exp", "sin", "log", "cos"}
