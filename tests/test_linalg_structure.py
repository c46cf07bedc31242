"""Linear-algebra structure generators (rank, systems, eigen, definiteness, projection,
least squares, SVD): every expected answer against an independent oracle on ``data``
(NumPy, SymPy, finite differences), the checker's view of the answer in other written
forms and of each catalogued misconception, and determinism of ids."""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction

import numpy as np
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dlmath.exercises import exercise
from judging import checker_test

SKILLS = [
    "linalg.rank",
    "linalg.linear-systems",
    "linalg.eigen",
    "linalg.definiteness",
    "linalg.projection",
    "linalg.least-squares",
    "linalg.svd",
]

seeds = st.integers(0, 10**6)
difficulties = st.sampled_from([1, 2, 3])
cases = given(seed=seeds, difficulty=difficulties)


# ---- reading the generators' output (their own plain format, never user text) -----------


def numbers(text: str) -> list[Fraction]:
    """Every number of ``[[1, -3/4], [0, 2]]``, ``[1, 2]`` or ``3, -1`` in order, exactly."""
    assert "sqrt" not in text and "t" not in text, text
    return [Fraction(tok) for tok in re.findall(r"-?\d+(?:/\d+)?", text)]


def affine_in_t(entry: str) -> tuple[Fraction, Fraction]:
    """``3 - 2*t`` -> (3, -2): one entry of a one-parameter family."""
    const, coef = Fraction(0), Fraction(0)
    for term in re.findall(r"[+-]?[^+-]+", entry.replace(" ", "")):
        if term.endswith("t"):
            factor = term[:-1].rstrip("*")
            coef += Fraction(factor + "1") if factor in ("", "+", "-") else Fraction(factor)
        else:
            const += Fraction(term)
    return const, coef


def float_matrix(rows) -> np.ndarray:
    return np.array([[float(Fraction(v)) for v in row] for row in rows])


def sympy_matrix(rows) -> sympy.Matrix:
    return sympy.Matrix([[sympy.Rational(str(v)) for v in row] for row in rows])


# ---- the oracles: one per skill, on ex.data only -----------------------------------------


def oracle_rank(ex) -> None:
    a = ex.data["A"]
    assert int(ex.expected) == np.linalg.matrix_rank(float_matrix(a))
    assert int(ex.expected) == sympy_matrix(a).rank()


def classify_system(a: sympy.Matrix, b: sympy.Matrix) -> str:
    rank_a, rank_ab = a.rank(), a.row_join(b).rank()
    if rank_ab > rank_a:
        return "none"
    return "unique" if rank_a == a.cols else "infinitely many"


def oracle_linear_systems(ex) -> None:
    ask, b_values = ex.data["ask"], ex.data["b"]
    b = sympy.Matrix([sympy.Rational(str(v)) for v in b_values])
    if ask == "solve":
        a = ex.data["A"]
        x = np.linalg.solve(float_matrix(a), np.array([float(Fraction(v)) for v in b_values]))
        assert np.allclose([float(v) for v in numbers(ex.expected)], x)
        exact = sympy_matrix(a).LUsolve(b)
        assert [sympy.Rational(str(v)) for v in numbers(ex.expected)] == list(exact)
    elif ask == "classify":
        assert ex.expected == classify_system(sympy_matrix(ex.data["A"]), b)
    elif ask in ("none", "infinitely many"):
        k = sympy.Symbol("k")
        a = sympy.Matrix(
            [[k if v == "k" else sympy.Rational(str(v)) for v in row] for row in ex.data["A"]]
        )
        roots = sympy.solve(a.det(), k)
        assert roots == [int(ex.expected)]
        assert classify_system(a.subs(k, roots[0]), b) == ask
        assert classify_system(a.subs(k, roots[0] + 1), b) == "unique"
    else:
        assert ask == "solution-set"
        a = sympy_matrix(ex.data["A"])
        free = ex.data["free"]
        entries = ex.expected.strip("[]").split(",")
        parts = [affine_in_t(e) for e in entries]
        p = sympy.Matrix([sympy.Rational(str(c)) for c, _ in parts])
        d = sympy.Matrix([sympy.Rational(str(k)) for _, k in parts])
        assert a.rank() == a.cols - 1  # one free variable: p + t d is the whole set
        assert a * p == b and a * d == sympy.zeros(a.rows, 1)
        assert (p[free], d[free]) == (0, 1)


def oracle_eigen(ex) -> None:
    a = float_matrix(ex.data["A"])
    if ex.data["ask"] == "eigenvalues":
        values = sorted(float(v) for v in numbers(ex.expected))
        computed = np.linalg.eigvals(a)
        assert np.allclose(computed.imag, 0, atol=1e-6)
        assert np.allclose(sorted(computed.real), values, atol=1e-6)
    else:
        lam, anchor = ex.data["eigenvalue"], ex.data["normalise"]
        v = sympy.Matrix([sympy.Rational(str(x)) for x in numbers(ex.expected)])
        shifted = sympy_matrix(ex.data["A"]) - lam * sympy.eye(len(v))
        assert shifted * v == sympy.zeros(len(v), 1)
        assert len(shifted.nullspace()) == 1  # the eigenvector is unique up to scale
        assert v[anchor] == 1


def oracle_definiteness(ex) -> None:
    a = float_matrix(ex.data["A"])
    assert np.array_equal(a, a.T)
    values = np.linalg.eigvalsh(a)
    tol = 1e-9 * max(1.0, np.abs(values).max())
    pos, neg = bool((values > tol).any()), bool((values < -tol).any())
    zero = bool((np.abs(values) <= tol).any())
    if pos and neg:
        truth = "indefinite"
    elif pos:
        truth = "positive semidefinite" if zero else "positive definite"
    else:
        truth = "negative semidefinite" if zero else "negative definite"
    assert ex.expected == truth


def oracle_projection(ex) -> None:
    ask, got = ex.data["ask"], np.array([float(v) for v in numbers(ex.expected)])
    if ask in ("vector-onto-vector", "line-matrix"):
        basis = float_matrix([[v] for v in ex.data["a"]])
    else:
        basis = float_matrix(ex.data["A"])
    projector = basis @ np.linalg.pinv(basis)
    if ask.endswith("matrix"):
        assert np.allclose(got, projector.ravel())
        exact = sympy_matrix(
            ex.data["A"] if ask == "column-space-matrix" else [[v] for v in ex.data["a"]]
        )
        p = exact * (exact.T * exact).inv() * exact.T
        assert [sympy.Rational(str(v)) for v in numbers(ex.expected)] == list(p)
    else:
        b = np.array([float(Fraction(v)) for v in ex.data["b"]])
        coef, *_ = np.linalg.lstsq(basis, b, rcond=None)
        assert np.allclose(got, basis @ coef)
        assert np.allclose(got, projector @ b)


def oracle_least_squares(ex) -> None:
    if ex.data["ask"] == "symbolic":
        oracle_gradient(ex)
        return
    if "t" in ex.data:  # a fit: the design matrix is [1, t, t^2, ...] of the points
        degree = int(ex.data["ask"][-1])
        rows = [[Fraction(t) ** k for k in range(degree + 1)] for t in ex.data["t"]]
        assert [[Fraction(v) for v in row] for row in ex.data["A"]] == rows
        assert [Fraction(v) for v in ex.data["b"]] == [Fraction(y) for y in ex.data["y"]]
    a = float_matrix(ex.data["A"])
    b = np.array([float(Fraction(v)) for v in ex.data["b"]])
    x, *_ = np.linalg.lstsq(a, b, rcond=None)
    assert np.allclose([float(v) for v in numbers(ex.expected)], x)
    exact_a = sympy_matrix(ex.data["A"])
    exact_b = sympy.Matrix([sympy.Rational(str(v)) for v in ex.data["b"]])
    exact = (exact_a.T * exact_a).LUsolve(exact_a.T * exact_b)
    assert [sympy.Rational(str(v)) for v in numbers(ex.expected)] == list(exact)


def objective(name: str, a: np.ndarray, b: np.ndarray, x: np.ndarray) -> float:
    r = a @ x - b
    return {
        "half-squared": 0.5 * r @ r,
        "squared": r @ r,
        "ridge": 0.5 * r @ r + 1.5 * x @ x,
    }[name]


def oracle_gradient(ex) -> None:
    """Finite differences of the objective named in data, against the expected expression
    evaluated by the expression core at random concrete sizes."""
    from dlmath.expr.evaluate import evaluate
    from dlmath.expr.parser import parse

    rng = np.random.default_rng(ex.seed)
    m, n = 5, 3
    a, b, x = rng.normal(size=(m, n)), rng.normal(size=m), rng.normal(size=n)
    shapes = {"A": f"{m}x{n}", "x": str(n), "b": str(m)}
    env = {"A": a, "b": b[:, None], "x": x[:, None]}
    value = np.asarray(evaluate(parse(ex.expected, shapes), env), dtype=float)
    assert value.shape == (n, 1)  # a gradient has the shape of x (denominator layout)
    got = value.ravel()
    name = ex.data["objective"]
    if name == "normal-solution":
        want, *_ = np.linalg.lstsq(a, b, rcond=None)
    else:
        h = 1e-6
        want = np.array(
            [
                (objective(name, a, b, x + h * e) - objective(name, a, b, x - h * e)) / (2 * h)
                for e in np.eye(n)
            ]
        )
    assert np.allclose(got, want, atol=1e-6)


def oracle_svd(ex) -> None:
    a = float_matrix(ex.data["A"])
    sigma = np.linalg.svd(a, compute_uv=False)
    ask = ex.data["ask"]
    if ask == "values":
        assert np.allclose([float(v) for v in numbers(ex.expected)], sigma)
    elif ask == "norm-2":
        assert math.isclose(float(ex.expected), np.linalg.norm(a, 2))
    elif ask == "norm-fro":
        text = ex.expected
        value = math.sqrt(int(text[5:-1])) if text.startswith("sqrt(") else float(text)
        assert math.isclose(value, np.linalg.norm(a, "fro"))
    else:
        assert int(ex.expected) == np.linalg.matrix_rank(a)
    # constructed so: integer entries and integer singular values
    assert np.allclose(sigma, np.rint(sigma), atol=1e-9)


ORACLES = {
    "linalg.rank": oracle_rank,
    "linalg.linear-systems": oracle_linear_systems,
    "linalg.eigen": oracle_eigen,
    "linalg.definiteness": oracle_definiteness,
    "linalg.projection": oracle_projection,
    "linalg.least-squares": oracle_least_squares,
    "linalg.svd": oracle_svd,
}


def _oracle_test(skill: str):
    @settings(max_examples=40)
    @cases
    def test(seed: int, difficulty: int) -> None:
        ex = exercise(skill, difficulty, seed)
        ORACLES[skill](ex)

    test.__name__ = f"test_oracle_{skill.split('.')[1].replace('-', '_')}"
    return test


test_oracle_rank = _oracle_test("linalg.rank")
test_oracle_linear_systems = _oracle_test("linalg.linear-systems")
test_oracle_eigen = _oracle_test("linalg.eigen")
test_oracle_definiteness = _oracle_test("linalg.definiteness")
test_oracle_projection = _oracle_test("linalg.projection")
test_oracle_least_squares = _oracle_test("linalg.least-squares")
test_oracle_svd = _oracle_test("linalg.svd")


# ---- the checker: the answer in other written forms, and each misconception ------------


def other_number(value: Fraction) -> str:
    """The same number written differently: a decimal when it has one, else unreduced."""
    if value.denominator == 1:
        return f"{value.numerator}.0"
    q = value.denominator
    while q % 2 == 0:
        q //= 2
    while q % 5 == 0:
        q //= 5
    if q == 1:
        return repr(float(value))
    return f"{2 * value.numerator}/{2 * value.denominator}"


def other_entries(text: str) -> str:
    return re.sub(r"-?\d+(?:/\d+)?", lambda m: other_number(Fraction(m.group())), text)


GRADIENT_FORMS = {
    "A^T A x - A^T b": ["A^T (A x - b)", "Aᵀ(Ax - b)", "transpose(A) A x - transpose(A) b"],
    "2 A^T A x - 2 A^T b": ["2 A^T (A x - b)", "2*A'*(A*x - b)"],
    "A^T A x - A^T b + 3 x": ["A^T (A x - b) + 3x", "3 x + A'(A x - b)"],
    "(A^T A)^-1 A^T b": ["inv(A^T A) A^T b", "(Aᵀ A)⁻¹ Aᵀ b"],
}


def written_forms(ex) -> list[str]:
    """At least two spellings of the expected answer, other than the expected text."""
    e = ex.expected
    if ex.kind == "choice":
        return [e.upper(), e.replace(" ", "-"), f"  {e} "]
    if ex.kind == "number":
        if e.startswith("sqrt("):
            n = int(e[5:-1])
            return [f"{math.sqrt(n):.6f}", f"sqrt({4 * n})/2"]
        value = Fraction(e)
        return [other_number(value), f"({2 * value.numerator})/{2 * value.denominator}"]
    if ex.kind == "list":
        items = e.split(", ")
        return [", ".join(reversed(items)), other_entries(",".join(items[1:] + items[:1]))]
    if ex.kind == "sequence":
        return [e.replace(", ", ","), other_entries(e)]
    if ex.kind == "matrix":
        if e.startswith("[["):
            rows = e[2:-2].split("], [")
            semicolons = "[" + "; ".join(row.replace(",", "") for row in rows) + "]"
            return [semicolons, other_entries(e)]
        return ["[" + e[1:-1].replace(",", ";") + "]", "[[" + e[1:-1].replace(", ", "], [") + "]]"]
    assert ex.kind == "expression"
    if e in GRADIENT_FORMS:
        return GRADIENT_FORMS[e]
    # a one-parameter family [3 - 2*t, ...]: the t term first, and as t times a number
    entries = [affine_in_t(x) for x in e.strip("[]").split(",")]
    swapped = "[" + ", ".join(f"{k}*t + ({c})" for c, k in entries) + "]"
    factored = "[" + ", ".join(f"t*({k}) + {c}" for c, k in entries) + "]"
    return [swapped, factored]


def _checker_test(skill: str):
    return checker_test(skill, written_forms, examples=25, min_forms=2)


test_checker_rank = _checker_test("linalg.rank")
test_checker_linear_systems = _checker_test("linalg.linear-systems")
test_checker_eigen = _checker_test("linalg.eigen")
test_checker_definiteness = _checker_test("linalg.definiteness")
test_checker_projection = _checker_test("linalg.projection")
test_checker_least_squares = _checker_test("linalg.least-squares")
test_checker_svd = _checker_test("linalg.svd")


# ---- the shape of every exercise --------------------------------------------------------


@settings(max_examples=40)
@given(skill=st.sampled_from(SKILLS), seed=seeds, difficulty=difficulties)
def test_exercise_is_complete(skill: str, seed: int, difficulty: int) -> None:
    ex = exercise(skill, difficulty, seed)
    assert ex.id == f"{skill}:{difficulty}:{seed}"
    json.dumps(ex.data)  # JSON-serialisable as it is
    assert 1 <= len(ex.hints) <= 3
    assert "$" in ex.prompt and "$" not in ex.text
    assert ex.solution.count("$") >= 2
    # matrices are drawn as grids, except systems (equations), forms and fits (points)
    shown_as_grid = skill != "linalg.linear-systems" and not ex.data.get("form")
    if "A" in ex.data and shown_as_grid and "t" not in ex.data:
        assert "⎡" in ex.text and "A = " in ex.text
    if ex.kind == "choice":
        assert ex.expected in ex.choices
    codes = [m.code for m in ex.misconceptions]
    assert len(codes) == len(set(codes))


def test_difficulties_differ_in_size() -> None:
    """Rank matrices grow with difficulty, and SVD questions widen beyond listing values."""
    for skill in ("linalg.rank", "linalg.eigen", "linalg.definiteness"):
        sizes = {d: max(len(exercise(skill, d, s).data["A"]) for s in range(15)) for d in (1, 2, 3)}
        assert sizes[1] < sizes[3], (skill, sizes)
    asks = {exercise("linalg.svd", 3, s).data["ask"] for s in range(30)}
    assert {"values", "norm-2", "norm-fro", "rank"} <= asks
    kinds = {exercise("linalg.linear-systems", 3, s).kind for s in range(30)}
    assert kinds == {"number", "expression"}


def test_definiteness_traps_appear() -> None:
    """From difficulty 2 on, the shortcuts (diagonal, entries, determinant) mislead."""
    codes = set()
    for seed in range(60):
        ex = exercise("linalg.definiteness", 3, seed)
        assert ex.misconceptions, ex.id
        codes |= {m.code for m in ex.misconceptions}
    assert {
        "misconception:determinant-only",
        "misconception:diagonal-signs",
        "misconception:entry-signs",
    } <= codes


def test_rank_trap_at_difficulty_3() -> None:
    """No two rows proportional, yet the rank is below the number of rows."""
    for seed in range(20):
        ex = exercise("linalg.rank", 3, seed)
        a = sympy_matrix(ex.data["A"])
        for i in range(a.rows):
            for j in range(i + 1, a.rows):
                assert a[[i, j], :].rank() == 2, (ex.id, i, j)
        assert a.rank() < a.rows
