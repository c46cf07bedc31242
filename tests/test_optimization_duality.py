"""Lagrange duality generators (multipliers, Lagrangian, duality, complementary slackness,
KKT, linear SVM, SVM dual): every expected answer against an independent oracle built
from ``data`` (SymPy systems built here from the data, SciPy's SLSQP on the constrained
problems, NumPy and exact Fractions), the checker's view of other written forms and of each
catalogued misconception, and determinism of ids."""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction

import numpy as np
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from dlmath.checker import check_answer
from dlmath.exercises import exercise
from dlmath.expr.evaluate import evaluate
from dlmath.expr.parser import parse

SKILLS = [
    "optimization.lagrange-multipliers",
    "optimization.lagrangian",
    "optimization.duality",
    "optimization.complementary-slackness",
    "optimization.kkt",
    "optimization.linear-svm",
    "optimization.svm-dual",
]

seeds = st.integers(0, 10**6)
difficulties = st.sampled_from([1, 2, 3])
cases = given(seed=seeds, difficulty=difficulties)
X, Y, Z = sympy.symbols("x y z", real=True)
LAM = sympy.Symbol("lambda", real=True)


# ---- reading data and answers --------------------------------------------------------------


def rational(v) -> sympy.Rational:
    return sympy.Rational(str(v))


def poly(terms, names=(X, Y, Z)) -> sympy.Expr:
    """The polynomial of data monomials [coef, e1, e2, ...]."""
    total = sympy.Integer(0)
    for coef, *exps in terms:
        term = rational(coef)
        for name, power in zip(names, exps, strict=False):
            term *= name**power
        total += term
    return total


def value_of(text: str) -> np.ndarray:
    """The numeric value of an answer (numbers, sqrt forms, vectors), flattened."""
    return np.asarray(evaluate(parse(text), {}), dtype=float).ravel()


def exact_of(text: str) -> list[Fraction]:
    """Every number of ``[1, -3/4]`` or ``5/2`` exactly (no roots allowed)."""
    assert "sqrt" not in text, text
    return [Fraction(tok) for tok in re.findall(r"-?\d+(?:/\d+)?", text)]


def expression_at(text: str, names: list[str], point: dict[str, float]) -> np.ndarray:
    shapes = {n: "1" for n in names}
    env = {n: np.array([[point[n]]]) for n in names}
    return np.asarray(evaluate(parse(text, shapes), env), dtype=float).ravel()


def slsqp(fun, x0, constraints, bounds=None) -> np.ndarray:
    """SciPy's SLSQP from a few starts; the best feasible result."""
    results = []
    for shift in (0.0, 1.0, -1.5):
        start = np.asarray(x0, dtype=float) + shift
        res = minimize(
            fun,
            start,
            method="SLSQP",
            constraints=constraints,
            bounds=bounds,
            options={"ftol": 1e-13, "maxiter": 500},
        )
        if res.success:
            results.append(res)
    assert results, "SLSQP failed from every start"
    return min(results, key=lambda r: r.fun).x


# ---- oracles --------------------------------------------------------------------------------


def oracle_lagrange_multipliers(ex) -> None:
    d = ex.data
    f, g = poly(d["f"]), poly(d["g"])
    c = d["c"]
    solutions = sympy.solve(
        [
            sympy.diff(f, X) - LAM * sympy.diff(g, X),
            sympy.diff(f, Y) - LAM * sympy.diff(g, Y),
            g - c,
        ],
        [X, Y, LAM],
        dict=True,
    )
    assert solutions
    pick = max if d["sense"] == "max" else min
    best = pick(solutions, key=lambda s: float(f.subs(s)))
    want = {
        "point": [best[X], best[Y]],
        "multiplier": [best[LAM]],
        "value": [f.subs(best)],
    }[d["ask"]]
    got = value_of(ex.expected)
    assert np.allclose(got, [float(v) for v in want], atol=1e-9), (ex.id, got, want)
    # SLSQP on the constrained problem agrees on the optimum
    fx = sympy.lambdify([(X, Y)], f if d["sense"] == "min" else -f)
    gx = sympy.lambdify([(X, Y)], g - c)
    start = [float(best[X]) + 0.3, float(best[Y]) - 0.2]
    x = slsqp(fx, start, [{"type": "eq", "fun": gx}])
    assert np.allclose(x, [float(best[X]), float(best[Y])], atol=1e-4), (ex.id, x)


def standard_form(constraint) -> sympy.Expr:
    lhs = sum(
        (rational(c) * v for c, v in zip(constraint["coefs"], (X, Y, Z), strict=False)),
        sympy.Integer(0),
    )
    rhs = rational(constraint["rhs"])
    return rhs - lhs if constraint["relation"] == ">=" else lhs - rhs


def oracle_lagrangian(ex) -> None:
    d = ex.data
    names = [X, Y, Z][: d["n"]]
    inequalities = [c for c in d["constraints"] if c["relation"] != "="]
    equalities = [c for c in d["constraints"] if c["relation"] == "="]
    lagrangian = poly(d["f"])
    for lam, c in zip(d["lambda"], inequalities, strict=True):
        lagrangian += lam * standard_form(c)
    for nu, c in zip(d["nu"], equalities, strict=True):
        lagrangian += nu * standard_form(c)
    at = dict(zip(names, d["point"], strict=True))
    if d["ask"] == "value":
        assert Fraction(ex.expected) == Fraction(str(lagrangian.subs(at)))
        return
    gradient = [sympy.diff(lagrangian, v) for v in names]
    if d["ask"] == "gradient-at":
        assert exact_of(ex.expected) == [Fraction(str(g.subs(at))) for g in gradient]
        return
    rng = np.random.default_rng(ex.seed)
    for _ in range(3):
        point = {str(v): float(rng.normal()) for v in names}
        want = [float(g.subs({v: point[str(v)] for v in names})) for g in gradient]
        got = expression_at(ex.expected, [str(v) for v in names], point)
        assert np.allclose(got, want), (ex.id, got, want)


def oracle_duality(ex) -> None:
    d = ex.data
    if d["family"] == "equality":
        a = sympy.Matrix([[rational(v) for v in row] for row in d["A"]])
        b = sympy.Matrix([rational(v) for v in d["b"]])
        an, bn = np.array(a.tolist(), dtype=float), np.array(b, dtype=float).ravel()
        x = slsqp(
            lambda x: 0.5 * x @ x,
            np.zeros(an.shape[1]),
            [{"type": "eq", "fun": lambda x: an @ x - bn}],
        )
        nu, *_ = np.linalg.lstsq(an.T, -x, rcond=None)  # stationarity x + Aᵀν = 0
        exact = {
            "x": list(a.T * (a * a.T).inv() * b),
            "nu": list(-(a * a.T).inv() * b),
            "dual-optimum": [(b.T * (a * a.T).inv() * b)[0] / 2],
        }[d["ask"]]
        numeric = {"x": x, "nu": nu, "dual-optimum": [0.5 * x @ x]}[d["ask"]]
        assert exact_of(ex.expected) == [Fraction(str(v)) for v in exact]
        assert np.allclose(value_of(ex.expected), numeric, atol=1e-5)
        return
    a, p, b = d["a"], d["p"], d["b"]
    f = a * X**2 + p * X
    lagrangian = f + LAM * (b - X)
    inner = sympy.solve(sympy.diff(lagrangian, X), X)[0]
    dual = sympy.expand(lagrangian.subs(X, inner))
    # the primal by SLSQP; strong duality gives p* = d*, stationarity gives λ* = f'(x*)
    x_star = slsqp(
        lambda v: a * v[0] ** 2 + p * v[0], [b + 1.0], [{"type": "ineq", "fun": lambda v: v[0] - b}]
    )[0]
    p_star = a * x_star**2 + p * x_star
    lam_star = 2 * a * x_star + p
    dual_max = minimize(
        lambda v: -float(dual.subs(LAM, v[0])), [1.0], bounds=[(0, None)], method="L-BFGS-B"
    )
    ask = d["ask"]
    if ask == "dual-at":
        lam0 = rational(d["lambda0"])
        numeric = minimize(lambda v: a * v[0] ** 2 + p * v[0] + float(lam0) * (b - v[0]), [0.0])
        assert Fraction(ex.expected) == Fraction(str(dual.subs(LAM, lam0)))
        assert math.isclose(float(Fraction(ex.expected)), numeric.fun, abs_tol=1e-6)
    elif ask == "dual-function":
        for v in (0.0, 0.7, 2.5, 4.0):
            got = expression_at(ex.expected, ["lambda"], {"lambda": v})
            assert np.allclose(got, [float(dual.subs(LAM, v))])
    elif ask == "multiplier":
        assert math.isclose(float(Fraction(ex.expected)), lam_star, abs_tol=1e-5)
        assert math.isclose(float(Fraction(ex.expected)), dual_max.x[0], abs_tol=1e-4)
    elif ask == "dual-optimum":
        assert math.isclose(float(Fraction(ex.expected)), p_star, abs_tol=1e-6)
        assert math.isclose(float(Fraction(ex.expected)), -dual_max.fun, abs_tol=1e-6)
    elif ask == "gap":
        x0, lam0 = rational(d["x0"]), rational(d["lambda0"])
        gap = f.subs(X, x0) - dual.subs(LAM, lam0)
        assert Fraction(ex.expected) == Fraction(str(gap)) and gap >= 0
    elif ask == "certificate":
        x0, lam0 = rational(d["x0"]), rational(d["lambda0"])
        assert x0 >= b and lam0 >= 0
        holds = f.subs(X, x0) == dual.subs(LAM, lam0)
        assert ex.expected == ("true" if holds else "false")
        assert holds == (
            math.isclose(float(f.subs(X, x0)), p_star, abs_tol=1e-6)
            and math.isclose(float(lam0), lam_star, abs_tol=1e-5)
        )
    else:
        assert ask == "lower-bound"
        value = float(rational(d["value"]))
        assert ex.expected == ("true" if value <= p_star + 1e-7 else "false")


ORACLES = {
    "optimization.lagrange-multipliers": oracle_lagrange_multipliers,
    "optimization.lagrangian": oracle_lagrangian,
    "optimization.duality": oracle_duality,
}


def _oracle_test(skill: str, examples: int = 30):
    @settings(max_examples=examples)
    @cases
    def test(seed: int, difficulty: int) -> None:
        ORACLES[skill](exercise(skill, difficulty, seed))

    test.__name__ = f"test_oracle_{skill.split('.')[1].replace('-', '_')}"
    return test


test_oracle_lagrange_multipliers = _oracle_test("optimization.lagrange-multipliers")
test_oracle_lagrangian = _oracle_test("optimization.lagrangian")
test_oracle_duality = _oracle_test("optimization.duality", 25)


# ---- the checker: other written forms, and each misconception ---------------------------


def other_number(value: Fraction) -> str:
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
    return re.sub(
        r"(?<![\w(^])-?\d+(?:/\d+)?(?![\w(])", lambda m: other_number(Fraction(m.group())), text
    )


def reversed_terms(entry: str) -> str:
    terms = re.findall(r"[+-]?[^+-]+", entry.replace(" ", ""))
    return "+".join(t.lstrip("+") for t in reversed(terms)).replace("+-", "-")


def written_forms(ex) -> list[str]:
    e = ex.expected
    if ex.kind == "boolean":
        return ["yes" if e == "true" else "no", e.upper()]
    if ex.kind == "choice":
        return [e.upper(), f"  {e} "]
    if ex.kind == "list":
        items = e.split(", ")
        return [", ".join(reversed(items)), "[" + ",".join(items[1:] + items[:1]) + "]"]
    if ex.kind == "expression":
        entries = e.strip("[]").split(", ") if e.startswith("[") else [e]
        flipped = [reversed_terms(x) for x in entries]
        greek = [x.replace("lambda", "λ") for x in flipped]
        if e.startswith("["):
            return ["[" + ", ".join(flipped) + "]", "[" + "; ".join(greek) + "]"]
        return [flipped[0], greek[0]]
    values = value_of(e)
    if "sqrt" in e:
        decimals = ", ".join(f"{v:.6f}" for v in values)
        return [decimals if ex.kind == "number" else f"[{decimals}]", f"({e}) * 1"]
    if ex.kind == "sequence":
        return [e.replace(", ", ","), other_entries(e)]
    if ex.kind == "number":
        value = Fraction(e)
        return [other_number(value), f"({2 * value.numerator})/{2 * value.denominator}"]
    assert ex.kind == "matrix", ex.kind
    return ["[" + e[1:-1].replace(",", ";") + "]", other_entries(e)]


def _checker_test(skill: str, examples: int = 20):
    @settings(max_examples=examples)
    @cases
    def test(seed: int, difficulty: int) -> None:
        ex = exercise(skill, difficulty, seed)
        verdict = check_answer(ex, ex.expected)
        assert verdict.correct, (ex.id, ex.expected, verdict.feedback)
        for text in written_forms(ex):
            verdict = check_answer(ex, text)
            assert verdict.correct, (ex.id, text, verdict.diagnosis, verdict.feedback)
        for m in ex.misconceptions:
            assert m.code.startswith("misconception:"), m.code
            verdict = check_answer(ex, m.answer)
            assert not verdict.correct, (ex.id, m.answer)
            assert verdict.diagnosis == m.code, (ex.id, m.answer, m.code, verdict.diagnosis)
            assert verdict.feedback == m.feedback

    test.__name__ = f"test_checker_{skill.split('.')[1].replace('-', '_')}"
    return test


test_checker_lagrange_multipliers = _checker_test("optimization.lagrange-multipliers")
test_checker_lagrangian = _checker_test("optimization.lagrangian")
test_checker_duality = _checker_test("optimization.duality")


# ---- every exercise -------------------------------------------------------------------------


@settings(max_examples=30)
@given(skill=st.sampled_from(SKILLS[:3]), seed=seeds, difficulty=difficulties)
def test_same_id_same_exercise_and_complete(skill: str, seed: int, difficulty: int) -> None:
    first, second = exercise(skill, difficulty, seed), exercise(skill, difficulty, seed)
    assert first == second
    assert json.dumps(first.to_json(), sort_keys=True) == json.dumps(
        second.to_json(), sort_keys=True
    )
    assert 1 <= len(first.hints) <= 3
    assert "$" in first.prompt and "$" not in first.text and "\\" not in first.text
    assert first.solution.count("$") >= 2
    codes = [m.code for m in first.misconceptions]
    assert len(codes) == len(set(codes))


def test_traps_appear() -> None:
    """The slack-constraint trap of the dual (a negative stationary λ) and the ≥ flip of the
    Lagrangian turn up, and difficulty 3 of multipliers reaches square-root answers."""
    dual_codes = {
        m.code for s in range(80) for m in exercise("optimization.duality", 2, s).misconceptions
    }
    assert "misconception:negative-multiplier" in dual_codes
    lagrangian_codes = {
        m.code for s in range(20) for m in exercise("optimization.lagrangian", 2, s).misconceptions
    }
    assert "misconception:constraint-orientation" in lagrangian_codes
    assert any(
        "sqrt" in exercise("optimization.lagrange-multipliers", 3, s).expected for s in range(40)
    )
