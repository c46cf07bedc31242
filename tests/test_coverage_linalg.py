"""The linear-algebra skills added for full coverage of the map (vector spaces, linear
maps, special matrices, orthogonality, range and nullspace, the spectral theorem, matrix
norms, eigenvalues as optimisation, PCA and Eckart–Young, condition numbers, Kronecker
products): every expected answer against an independent oracle built here on ``data``
(NumPy, SciPy, SymPy, simulation), the checker's view of other written forms and of each
catalogued misconception, and levels that ask different things (that no answer is a safe
guess: tests/test_exercise_guessing.py)."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import pytest
import sympy

from dlmath.exercises import exercise
from judging import checker_tests, exercise_shape_test, oracle_test

# ---- reading the generators' output (their own plain format, never user text) -----------


def numbers(text: str) -> list[Fraction]:
    """Every number of ``[[1, -3/4], [0, 2]]``, ``[1, 2]`` or ``3`` in order, exactly."""
    assert "sqrt" not in text, text
    return [Fraction(tok) for tok in re.findall(r"-?\d+(?:/\d+)?", text)]


def value_of(text: str) -> float:
    """A number the generators write: an int, a fraction, or sqrt(...) expressions."""
    tree = sympy.sympify(text.replace("^", "**"), rational=True)  # generator output only
    return float(tree)


def rational(v) -> sympy.Rational:
    return sympy.Rational(str(v))


def sym_vector(values) -> sympy.Matrix:
    return sympy.Matrix([rational(v) for v in values])


def sym_matrix(rows) -> sympy.Matrix:
    return sympy.Matrix([[rational(v) for v in row] for row in rows])


def float_matrix(rows) -> np.ndarray:
    return np.array([[float(Fraction(str(v))) for v in row] for row in rows])


def expected_matrix(ex, rows: int) -> sympy.Matrix:
    values = [sympy.Rational(v.numerator, v.denominator) for v in numbers(ex.expected)]
    return sympy.Matrix(rows, len(values) // rows, values)


# ---- the oracles: one per skill, on ex.data only -----------------------------------------


def oracle_vector_spaces(ex) -> None:
    d = ex.data
    if d["ask"] == "coordinates":
        basis = np.array([[float(Fraction(str(v))) for v in b] for b in d["basis"]]).T
        w = np.array([float(Fraction(str(v))) for v in d["w"]])
        assert np.allclose(np.linalg.solve(basis, w), [float(v) for v in numbers(ex.expected)])
        assert abs(np.linalg.det(basis)) > 0.5
    else:
        k = sympy.Symbol("k")
        cols = [sym_vector(d["v1"]), sym_vector(d["v2"])]
        v3 = sympy.Matrix([k if v == "k" else rational(v) for v in d["v3"]])
        det = sympy.Matrix.hstack(*cols, v3).det()
        assert sympy.solve(det, k) == [rational(ex.expected)]


def formula_matrix(formulas: list[str], variables: list[str]) -> sympy.Matrix:
    """The Jacobian of the formulas the generator printed, read by SymPy's parser (the
    generator's own output, never a learner's text)."""
    from sympy.parsing.sympy_parser import (
        implicit_multiplication_application,
        parse_expr,
        standard_transformations,
    )

    names = {v: sympy.Symbol(v) for v in variables}
    transformations = (*standard_transformations, implicit_multiplication_application)
    exprs = [parse_expr(f, local_dict=names, transformations=transformations) for f in formulas]
    return sympy.Matrix(exprs).jacobian([names[v] for v in variables])


def oracle_linear_maps(ex) -> None:
    d = ex.data
    if d["ask"] == "formula":
        want = formula_matrix(d["T"], d["variables"])
    elif d["ask"] == "basis-images":
        v = sympy.Matrix.hstack(*(sym_vector(c) for c in d["v"]))
        w = sympy.Matrix.hstack(*(sym_vector(c) for c in d["images"]))
        want = w * v.inv()
        got = float_matrix([[float(x) for x in want.row(i)] for i in range(want.rows)])
        assert np.allclose(got @ float_matrix(v.tolist()), float_matrix(w.tolist()))
    else:
        s = formula_matrix(d["S"], d["S_variables"])
        t_vars = [sympy.Symbol(v) for v in d["T_variables"]]
        x = [sympy.Symbol(v) for v in d["S_variables"]]
        s_of_x = s * sympy.Matrix(x)
        t = formula_matrix(d["T"], d["T_variables"]) * sympy.Matrix(t_vars)
        composed = t.subs(dict(zip(t_vars, s_of_x, strict=True)), simultaneous=True)
        want = composed.jacobian(x)
    assert expected_matrix(ex, want.rows) == want


def oracle_special_matrices(ex) -> None:
    d = ex.data
    ask = d["ask"]
    if ask == "diagonal-inverse":
        want = np.linalg.inv(float_matrix(d["D"]))
    else:
        q = float_matrix(d["Q"])
        assert np.allclose(q.T @ q, np.eye(len(q)))  # the premise: Q is orthogonal
        if ask == "orthogonal-inverse":
            want = np.linalg.inv(q)
        elif ask == "solve":
            want = np.linalg.solve(q, [float(Fraction(str(v))) for v in d["b"]])
        else:
            a = q @ float_matrix(d["D"]) @ q.T
            want = np.linalg.inv(a) if ask == "inverse" else np.linalg.matrix_power(a, 2)
            exact = sym_matrix(d["Q"]) * sym_matrix(d["D"]) * sym_matrix(d["Q"]).T
            exact = exact.inv() if ask == "inverse" else exact**2
            assert expected_matrix(ex, exact.rows) == exact
    assert np.allclose([float(v) for v in numbers(ex.expected)], np.ravel(want))


def oracle_orthogonality(ex) -> None:
    d = ex.data
    got = [float(v) for v in numbers(ex.expected)]
    if d["ask"] == "coordinates":
        q = np.column_stack([[float(Fraction(str(v))) for v in d[k]] for k in ("q1", "q2")])
        w = np.array([float(Fraction(str(v))) for v in d["w"]])
        assert abs(q[:, 0] @ q[:, 1]) < 1e-12
        assert np.allclose(np.linalg.solve(q, w), got)
        return
    count = int(d["ask"][-1])
    vs = [sym_vector(d[f"v{i + 1}"]) for i in range(count)]
    u = sym_vector(numbers(ex.expected))
    earlier = sympy.Matrix.hstack(*vs[:-1])
    # u is orthogonal to the earlier vectors and differs from the last by a combination of them
    assert earlier.T * u == sympy.zeros(count - 1, 1)
    assert sympy.Matrix.hstack(earlier, vs[-1] - u).rank() == count - 1
    # the same direction as the last column of NumPy's QR factor
    q, _ = np.linalg.qr(float_matrix(sympy.Matrix.hstack(*vs).tolist()))
    unit = np.array(got) / np.linalg.norm(got)
    assert math.isclose(abs(unit @ q[:, count - 1]), 1.0, rel_tol=1e-9)


def oracle_range_nullspace(ex) -> None:
    d = ex.data
    if d["ask"] == "null-vector":
        a = sym_matrix(d["A"])
        basis = a.nullspace()
        assert len(basis) == 1
        v = sym_vector(numbers(ex.expected))
        assert a * v == sympy.zeros(a.rows, 1) and v[d["normalise"]] == 1
        assert sympy.Matrix.hstack(basis[0], v).rank() == 1
    elif d["ask"] == "nullity":
        import scipy.linalg

        a = float_matrix(d["A"])
        assert int(ex.expected) == scipy.linalg.null_space(a).shape[1]
    else:
        k = sympy.Symbol("k")
        a = sym_matrix(d["A"])
        b = sympy.Matrix([k if v == "k" else rational(v) for v in d["b"]])
        k0 = rational(ex.expected)
        assert a.row_join(b.subs(k, k0)).rank() == a.rank()
        for other in (k0 - 1, k0 + 1, k0 + sympy.Rational(1, 2)):
            assert a.row_join(b.subs(k, other)).rank() > a.rank()


def oracle_spectral_theorem(ex) -> None:
    d = ex.data
    if d["ask"] == "rebuild":
        a = np.array([float(v) for v in numbers(ex.expected)])
        n = int(round(math.sqrt(len(a))))
        a = a.reshape(n, n)
        assert np.allclose(a, a.T)
        assert np.allclose(np.linalg.eigvalsh(a), sorted(d["eigenvalues"]))
        for lam, q in zip(d["eigenvalues"], d["vectors"], strict=False):
            q = np.array([float(Fraction(str(v))) for v in q])
            assert math.isclose(np.linalg.norm(q), 1.0)
            assert np.allclose(a @ q, lam * q)
    else:
        values, vectors = np.linalg.eigh(float_matrix(d["A"]))
        assert values[1] - values[0] > 0.5
        v = vectors[:, 1 if d["which"] == "largest" else 0]
        v = v if v[0] > 0 else -v
        got = [value_of(x) for x in ex.expected.strip("[]").split(",")]
        assert np.allclose(got, v)


def oracle_matrix_norms(ex) -> None:
    import scipy.linalg

    a = float_matrix(ex.data["A"])
    order = {"1": 1, "inf": np.inf, "fro": "fro", "2": 2}[ex.data["norm"]]
    want = np.linalg.norm(a, order)
    assert math.isclose(value_of(ex.expected), want, rel_tol=1e-12)
    if order == 2:  # the spectral norm as the top singular value, computed by SciPy
        assert math.isclose(want, scipy.linalg.svdvals(a)[0], rel_tol=1e-12)


def oracle_eigen_optimization(ex) -> None:
    import scipy.linalg

    d = ex.data
    a = float_matrix(d["A"])
    assert np.allclose(a, a.T)
    if d["ask"].endswith("orthogonal"):
        q = np.array([[float(Fraction(str(v))) for v in d["q"]]])
        basis = scipy.linalg.null_space(q)  # an orthonormal basis of the plane x ⊥ q
        values = np.linalg.eigvalsh(basis.T @ a @ basis)
        scale = 1.0
    else:
        values = np.linalg.eigvalsh(a)
        basis = np.eye(len(a))
        scale = d["radius"] ** 2
    want = scale * (values.max() if d["ask"].startswith("max") else values.min())
    assert math.isclose(float(Fraction(ex.expected)), want, abs_tol=1e-9)
    # simulation: no random point of the sphere beats the answer
    rng = np.random.default_rng(ex.seed)
    points = rng.normal(size=(4000, basis.shape[1])) @ basis.T
    points *= d.get("radius", 1) / np.linalg.norm(points, axis=1, keepdims=True)
    forms = np.einsum("ij,jk,ik->i", points, a, points)
    sign = 1 if d["ask"].startswith("max") else -1
    best = (sign * forms).max()
    spread = scale * (values.max() - values.min()) + 1e-9
    assert best <= sign * want + 1e-9  # nothing beats it
    assert best >= sign * want - 0.05 * spread  # and the samples come close to it


def oracle_pca(ex) -> None:
    d = ex.data
    if d["ask"] == "explained":
        values = np.linalg.eigvalsh(float_matrix(d["C"]))
        assert values.min() > 0  # a covariance matrix of non-degenerate data
        assert math.isclose(float(Fraction(ex.expected)), values.max() / values.sum())
        return
    if d["ask"] == "rank-one":
        u, s, v = (float_matrix(d[k]) for k in ("U", "S", "V"))
        assert np.allclose(u.T @ u, np.eye(2)) and np.allclose(v.T @ v, np.eye(2))
        a = u @ s @ v.T
        assert np.allclose(a, float_matrix(d["A"]))
        left, sigma, right = np.linalg.svd(a)
        want = sigma[0] * np.outer(left[:, 0], right[0])
        got = np.array([float(x) for x in numbers(ex.expected)]).reshape(2, 2)
        assert np.allclose(got, want)
        # Eckart–Young, checked by search: no random rank-1 matrix comes closer to A
        rng = np.random.default_rng(ex.seed)
        for _ in range(200):
            x, y = rng.normal(size=2), rng.normal(size=2)
            scale = (x @ a @ y) / ((x @ x) * (y @ y))
            assert np.linalg.norm(a - scale * np.outer(x, y)) >= np.linalg.norm(a - got) - 1e-9
        return
    a = float_matrix(d["A"])
    left, sigma, right = np.linalg.svd(a)
    k = d["k"]
    a_k = left[:, :k] @ np.diag(sigma[:k]) @ right[:k]
    want = np.linalg.norm(a - a_k, "fro" if d["norm"] == "fro" else 2)
    assert math.isclose(value_of(ex.expected), want, rel_tol=1e-9)


def contraction(a: np.ndarray, step: float) -> float:
    """The spectral radius of I − step·A: the worst-case factor of one gradient step."""
    return float(np.abs(np.linalg.eigvals(np.eye(len(a)) - step * a)).max())


def oracle_condition_number(ex) -> None:
    from scipy.optimize import minimize_scalar

    d = ex.data
    a = float_matrix(d["A"])
    got = value_of(ex.expected)
    ask = d["ask"]
    if ask in ("spd", "diagonal", "matrix"):
        assert math.isclose(got, np.linalg.cond(a, 2), rel_tol=1e-9)
    elif ask == "normal-equations":
        assert math.isclose(got, np.linalg.cond(a.T @ a, 2), rel_tol=1e-9)
    else:
        assert np.allclose(a, a.T) and np.linalg.eigvalsh(a).min() > 0
        rng = np.random.default_rng(ex.seed)
        start = rng.normal(size=2)

        def final_error(step: float, iterations: int = 3000) -> float:
            e = start.copy()
            for _ in range(iterations):
                e = e - step * (a @ e)  # the error of gradient descent on ½xᵀAx − bᵀx
            return float(np.linalg.norm(e))

        if ask == "max-step":  # simulation: just below converges, just above diverges
            assert final_error(0.99 * got) < 1e-3 * np.linalg.norm(start)
            assert final_error(1.01 * got) > 1e3 * np.linalg.norm(start)
        elif ask == "best-step":
            best = minimize_scalar(
                lambda s: contraction(a, s),
                bounds=(0, 2 / np.linalg.eigvalsh(a).max()),
                method="bounded",
                options={"xatol": 1e-10},
            )
            assert math.isclose(got, best.x, rel_tol=1e-4)
        else:
            values = np.linalg.eigvalsh(a)
            step = 2 / (values.min() + values.max())
            assert math.isclose(got, contraction(a, step), rel_tol=1e-9)


def oracle_kronecker_vec(ex) -> None:
    d = ex.data
    a = float_matrix(d["A"])
    got = np.array([float(v) for v in numbers(ex.expected)])
    if d["ask"] == "vec":
        assert np.array_equal(got, a.flatten(order="F"))
        return
    b = float_matrix(d["B"])
    if d["ask"] == "kron":
        assert np.array_equal(got, np.kron(a, b).ravel())
    elif d["ask"] == "det":
        assert math.isclose(got[0], np.linalg.det(np.kron(a, b)), rel_tol=1e-9, abs_tol=1e-6)
    else:
        m = got.reshape(4, 4)
        rng = np.random.default_rng(ex.seed)
        for _ in range(5):  # the defining property, on random X
            x = rng.normal(size=(2, 2))
            assert np.allclose(m @ x.flatten(order="F"), (a @ x @ b).flatten(order="F"))


ORACLES = {
    "linalg.vector-spaces": oracle_vector_spaces,
    "linalg.linear-maps": oracle_linear_maps,
    "linalg.special-matrices": oracle_special_matrices,
    "linalg.orthogonality": oracle_orthogonality,
    "linalg.range-nullspace": oracle_range_nullspace,
    "linalg.spectral-theorem": oracle_spectral_theorem,
    "linalg.matrix-norms": oracle_matrix_norms,
    "linalg.eigen-optimization": oracle_eigen_optimization,
    "linalg.pca": oracle_pca,
    "linalg.condition-number": oracle_condition_number,
    "linalg.kronecker-vec": oracle_kronecker_vec,
}
SKILLS = sorted(ORACLES)


test_oracle = oracle_test(ORACLES, examples=60)


# ---- the levels differ (that no answer is a safe guess: tests/test_exercise_guessing.py) --


def size(value) -> int:
    """The longest list anywhere in ``value``: the dimension an exercise works in."""
    if isinstance(value, dict):
        return max((size(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return max([len(value), *(size(v) for v in value)])
    return 0


@pytest.mark.parametrize("skill", SKILLS)
def test_levels_ask_different_things(skill: str) -> None:
    """Each level has its own questions: the (ask, size) pairs of two levels differ."""
    signature = {
        d: {
            (ex.data.get("ask"), size(ex.data), ex.kind)
            for ex in (exercise(skill, d, s) for s in range(30))
        }
        for d in (1, 2, 3)
    }
    assert signature[1] != signature[3], (skill, signature)


# ---- the checker: other written forms, and each misconception -----------------------------


def other_number(value: Fraction) -> str:
    if value.denominator == 1:
        return f"{value.numerator}.0"
    return f"{2 * value.numerator}/{2 * value.denominator}"


def written_forms(ex) -> list[str]:
    e = ex.expected
    if ex.kind == "choice":
        return [e.upper(), f"  {e} "]
    if "sqrt" in e and ex.kind == "number":
        return [f"{value_of(e):.9f}"]
    if "sqrt" in e:
        pattern = r"-?\d+/sqrt\(\d+\)"
        return [re.sub(pattern, lambda m: f"{value_of(m.group()):.10f}", e)]
    if ex.kind in ("number", "matrix", "list", "sequence"):
        return [re.sub(r"-?\d+(?:/\d+)?", lambda m: other_number(Fraction(m.group())), e)]
    return []


test_checker = checker_tests(SKILLS, written_forms)
test_exercise_shape = exercise_shape_test(SKILLS)
