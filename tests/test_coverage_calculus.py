"""The calculus skills of the map that gained exercises for full coverage: directional
derivatives, linear approximation, gradients of determinants and of inverses. Every
expected answer against an independent oracle built here (SymPy on the formula tree of
``data``, finite differences with NumPy), the checker's view of other written forms and
of each catalogued misconception (that no answer is a safe guess:
tests/test_exercise_guessing.py)."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import pytest
import sympy

from dlmath.exercises import exercise
from formula_trees import to_sympy
from judging import checker_tests, exercise_shape_test, oracle_test, unreduced_fractions


def value_of(text: str) -> sympy.Expr:
    """A number the generators write (int, fraction, sqrt(...)), exactly."""
    return sympy.sympify(text, rational=True)  # generator output only, never user text


def numbers(text: str) -> list[Fraction]:
    return [Fraction(tok) for tok in re.findall(r"-?\d+(?:/\d+)?", text)]


def float_matrix(rows) -> np.ndarray:
    return np.array([[float(Fraction(str(v))) for v in row] for row in rows])


def got_matrix(ex, shape: tuple[int, int]) -> np.ndarray:
    return np.array([float(v) for v in numbers(ex.expected)]).reshape(shape)


def matrix_gradient(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of a scalar function of a matrix, entry by entry."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        grad[idx] = (f(x + e) - f(x - e)) / (2 * h)
    return grad


# ---- the oracles ---------------------------------------------------------------------------


def oracle_directional(ex) -> None:
    d = ex.data
    f = to_sympy(d["tree"])
    names = [sympy.Symbol(n) for n in d["variables"]]
    point = {s: sympy.Rational(str(Fraction(v))) for s, v in zip(names, d["point"], strict=True)}
    grad = sympy.Matrix([sympy.diff(f, s).subs(point) for s in names])
    if d["ask"] == "direction":
        v = sympy.Matrix(d["direction"])
        want = sympy.nsimplify(grad.dot(v) / v.norm())
        # and the rate itself, by central differences along u
        u = np.array(d["direction"], dtype=float) / float(v.norm())
        func = sympy.lambdify(names, f, "numpy")
        p = np.array([float(point[s]) for s in names])
        h = 1e-6
        rate = (func(*(p + h * u)) - func(*(p - h * u))) / (2 * h)
        assert math.isclose(rate, float(want), rel_tol=1e-5, abs_tol=1e-6)
    else:
        want = sympy.sqrt(grad.dot(grad))
    assert sympy.simplify(value_of(ex.expected) - want) == 0


def linearisation(tree, names, point, step) -> tuple[sympy.Expr, float]:
    """f(p) + ∇f(p)·h by SymPy, and the ratio of the errors of the linear model at h/10000
    and at h/1000 (second order: about 1/100; a wrong slope would leave about 1/10)."""
    f = to_sympy(tree)
    at = dict(zip(names, point, strict=True))
    grad = [sympy.diff(f, s).subs(at) for s in names]

    def error(scale: sympy.Rational) -> float:
        h = [scale * v for v in step]
        model = f.subs(at) + sum(g * v for g, v in zip(grad, h, strict=True))
        exact = f.subs({s: p + v for s, p, v in zip(names, point, h, strict=True)})
        return abs(float(sympy.N(exact - model, 40)))  # 40 digits: the error is tiny

    # small steps, where the Taylor expansion is in its asymptotic regime
    big, small = error(sympy.Rational(1, 1000)), error(sympy.Rational(1, 10000))
    ratio = small / big if big > 1e-12 else 0.0
    estimate = f.subs(at) + sum(g * v for g, v in zip(grad, step, strict=True))
    return sympy.nsimplify(estimate), ratio


def oracle_linear_approximation(ex) -> None:
    d = ex.data
    names = [sympy.Symbol(n) for n in d["variables"]]
    point = [sympy.Rational(str(Fraction(v))) for v in d["point"]]
    if d["ask"] == "tangent-plane":
        f = to_sympy(d["tree"])
        at = dict(zip(names, point, strict=True))
        plane = f.subs(at) + sum(
            sympy.diff(f, s).subs(at) * (s - p) for s, p in zip(names, point, strict=True)
        )
        got = sympy.sympify(ex.expected, locals={n.name: n for n in names})  # generator output
        assert sympy.simplify(sympy.nsimplify(plane) - got) == 0
        return
    step = [sympy.Rational(str(Fraction(v))) for v in d["step"]]
    trees = [d["tree"]] if d["ask"] == "estimate" else d["tree"]
    got = [sympy.Rational(str(v)) for v in numbers(ex.expected)]
    for tree, value in zip(trees, got, strict=True):
        estimate, ratio = linearisation(tree, names, point, step)
        assert estimate == value
        assert ratio < 0.05  # the model's error shrinks quadratically with the step


def oracle_determinant_gradients(ex) -> None:
    d = ex.data
    x = float_matrix(d["X"])
    s = float_matrix(d["S"]) if "S" in d else None
    functions = {
        "det": np.linalg.det,
        "log-det": lambda m: np.linalg.slogdet(m)[1],
        "likelihood": lambda m: np.linalg.slogdet(m)[1] - np.trace(s @ m),
        "gram": lambda m: np.linalg.slogdet(m.T @ m)[1],
    }
    want = matrix_gradient(functions[d["ask"]], x)
    assert np.allclose(got_matrix(ex, x.shape), want, rtol=1e-6, atol=1e-6)


def oracle_inverse_gradients(ex) -> None:
    d = ex.data
    x = float_matrix(d["X"])
    if d["ask"] == "direction":
        e = float_matrix(d["E"])
        h = 1e-6
        want = (np.linalg.inv(x + h * e) - np.linalg.inv(x - h * e)) / (2 * h)
    elif d["ask"] == "bilinear":
        a, b = float_matrix(d["a"]), float_matrix(d["b"])
        want = matrix_gradient(lambda m: float((a.T @ np.linalg.inv(m) @ b)[0, 0]), x)
    else:
        a = float_matrix(d["A"])
        want = matrix_gradient(lambda m: np.trace(a @ np.linalg.inv(m)), x)
    assert np.allclose(got_matrix(ex, x.shape), want, rtol=1e-6, atol=1e-6)


ORACLES = {
    "calculus.directional-derivatives": oracle_directional,
    "calculus.linear-approximation": oracle_linear_approximation,
    "calculus.determinant-gradients": oracle_determinant_gradients,
    "calculus.inverse-gradients": oracle_inverse_gradients,
}
SKILLS = sorted(ORACLES)


test_oracle = oracle_test(ORACLES, examples=50)


@pytest.mark.parametrize("skill", SKILLS)
def test_levels_differ(skill: str) -> None:
    """Level 3 asks something level 1 never does (another question or a bigger space)."""

    def signature(d: int) -> set:
        return {
            (ex.data.get("ask"), len(ex.data.get("variables", ex.data.get("X", []))))
            for ex in (exercise(skill, d, s) for s in range(30))
        }

    assert signature(3) - signature(1), skill


def written_forms(ex) -> list[str]:
    e = ex.expected
    if "sqrt" in e:
        return [f"{float(value_of(e)):.10f}"]
    return [unreduced_fractions(e)]


test_checker = checker_tests(SKILLS, written_forms)
test_exercise_shape = exercise_shape_test(SKILLS)
