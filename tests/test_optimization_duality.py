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

from dlmath.exercises import exercise
from dlmath.expr.evaluate import evaluate
from dlmath.expr.parser import parse
from judging import checker_test

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
    """SciPy's SLSQP from a few starts; the best feasible result. Status 8 (no descent
    direction left at machine precision) counts as converged when the point is feasible."""
    results = []
    for shift in (0.0, 1.0, -1.5):
        start = np.asarray(x0, dtype=float) + shift
        res = minimize(
            fun,
            start,
            method="SLSQP",
            constraints=constraints,
            bounds=bounds,
            options={"ftol": 1e-12, "maxiter": 500},
        )
        feasible = all(
            np.all(np.abs(c["fun"](res.x)) < 1e-7)
            if c["type"] == "eq"
            else np.all(np.asarray(c["fun"](res.x)) > -1e-7)
            for c in constraints
        )
        if res.status in (0, 8) and feasible:
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


def qp_parts(d):
    """f, the gᵢ(x) = aᵢ·x − bᵢ, and the SymPy KKT solutions of a small QP in data."""
    f = sum(
        (
            rational(w) * (v - rational(c)) ** 2
            for w, v, c in zip(d["weights"], (X, Y), d["center"], strict=True)
        ),
        sympy.Integer(0),
    )
    gs = [
        rational(c["a"][0]) * X + rational(c["a"][1]) * Y - rational(c["b"])
        for c in d["constraints"]
    ]
    return f, gs


def kkt_solutions(f, gs) -> list[dict]:
    lams = sympy.symbols(f"l1:{len(gs) + 1}", real=True)
    stationarity = [
        sympy.diff(f, v) + sum(l * sympy.diff(g, v) for l, g in zip(lams, gs, strict=True))
        for v in (X, Y)
    ]
    slackness = [l * g for l, g in zip(lams, gs, strict=True)]
    found = []
    for sol in sympy.solve(stationarity + slackness, [X, Y, *lams], dict=True):
        # where three constraint lines meet, the multipliers form a family: a KKT point
        # when some member is nonnegative
        signs = [sol.get(l, l) >= 0 for l in lams]
        if any(isinstance(c, sympy.Rel) for c in signs):
            signs = [sympy.reduce_inequalities(signs) is not sympy.false]
        if all(g.subs(sol) <= 0 for g in gs) and all(signs):
            found.append({"x": [sol[X], sol[Y]], "lambda": [sol[l] for l in lams]})
    return found


def qp_slsqp(f, gs) -> np.ndarray:
    fx = sympy.lambdify([(X, Y)], f)
    cons = [{"type": "ineq", "fun": sympy.lambdify([(X, Y)], -g)} for g in gs]
    return slsqp(fx, [0.1, -0.2], cons)


def oracle_complementary_slackness(ex) -> None:
    d = ex.data
    f, gs = qp_parts(d)
    (kkt,) = kkt_solutions(f, gs)  # strictly convex: exactly one KKT point
    assert [Fraction(str(v)) for v in kkt["x"]] == [Fraction(v) for v in d["point"]]
    assert np.allclose(qp_slsqp(f, gs), [float(v) for v in kkt["x"]], atol=1e-5)
    at = {X: kkt["x"][0], Y: kkt["x"][1]}
    active = [i + 1 for i, g in enumerate(gs) if g.subs(at) == 0]
    ask = d["ask"]
    if ask == "active":
        assert sorted(int(v) for v in ex.expected.split(",")) == active
    elif ask == "zero-multipliers":
        slack = [i for i in range(1, len(gs) + 1) if i not in active]
        assert sorted(int(v) for v in ex.expected.split(",")) == slack
    elif ask == "multiplier":
        assert Fraction(ex.expected) == Fraction(str(kkt["lambda"][d["index"] - 1]))
        assert d["index"] in active
    elif ask == "multipliers":
        assert exact_of(ex.expected) == [Fraction(str(v)) for v in kkt["lambda"]]
    else:
        holds = all(rational(l) * g.subs(at) == 0 for l, g in zip(d["shown"], gs, strict=True))
        assert ex.expected == ("true" if holds else "false")


def oracle_kkt(ex) -> None:
    d = ex.data
    f, gs = qp_parts(d)
    if d["ask"] == "which-fails":
        x = {X: rational(d["point"][0]), Y: rational(d["point"][1])}
        lam = [rational(v) for v in d["multipliers"]]
        grad_l = [
            sympy.diff(f + sum(l * g for l, g in zip(lam, gs, strict=True)), v).subs(x)
            for v in (X, Y)
        ]
        failing = [
            name
            for name, ok in [
                ("stationarity", all(v == 0 for v in grad_l)),
                ("primal feasibility", all(g.subs(x) <= 0 for g in gs)),
                ("dual feasibility", all(l >= 0 for l in lam)),
                (
                    "complementary slackness",
                    all(l * g.subs(x) == 0 for l, g in zip(lam, gs, strict=True)),
                ),
            ]
            if not ok
        ]
        assert len(failing) <= 1
        assert ex.expected == (failing[0] if failing else "none")
        if not failing:  # a KKT point of a convex problem is its minimiser
            assert np.allclose(qp_slsqp(f, gs), [float(x[X]), float(x[Y])], atol=1e-5)
        return
    (kkt,) = kkt_solutions(f, gs)
    assert np.allclose(qp_slsqp(f, gs), [float(v) for v in kkt["x"]], atol=1e-5)
    if d["ask"] == "solve-x":
        assert exact_of(ex.expected) == [Fraction(str(v)) for v in kkt["x"]]
    else:
        assert Fraction(ex.expected) == Fraction(str(kkt["lambda"][0]))
        assert all(v == 0 for v in kkt["lambda"][1:])  # the second constraint stays slack


def svm_arrays(d):
    xs = np.array(d["points"], dtype=float)
    ys = np.array(d["labels"], dtype=float)
    return xs, ys


def oracle_linear_svm(ex) -> None:
    d = ex.data
    xs, ys = svm_arrays(d)
    w = np.array([float(Fraction(v)) for v in d["w"]])
    b = float(Fraction(d["b"]))
    functional = ys * (xs @ w + b)
    hinge = np.maximum(0.0, 1.0 - functional)
    ask = d["ask"]
    if ask == "margin":
        assert np.allclose(value_of(ex.expected), [2 / np.linalg.norm(w)])
    elif ask == "support-vectors":
        assert np.all(functional >= 1 - 1e-12)
        want = [i + 1 for i in np.flatnonzero(np.isclose(functional, 1.0))]
        assert sorted(int(v) for v in ex.expected.split(",")) == want
    elif ask == "objective":
        want = 0.5 * w @ w + float(Fraction(d["C"])) * hinge.sum()
        assert math.isclose(float(Fraction(ex.expected)), want, abs_tol=1e-12)
    else:
        want = [i + 1 for i in np.flatnonzero(hinge > 1e-12)]
        assert sorted(int(v) for v in ex.expected.split(",")) == want


def svm_dual_slsqp(xs, ys) -> np.ndarray:
    q = (ys[:, None] * xs) @ (ys[:, None] * xs).T
    alpha = slsqp(
        lambda a: 0.5 * a @ q @ a - a.sum(),
        np.full(len(ys), 0.1),
        [{"type": "eq", "fun": lambda a: a @ ys}],
        bounds=[(0, None)] * len(ys),
    )
    return alpha


def svm_primal_slsqp(xs, ys) -> np.ndarray:
    return slsqp(
        lambda v: 0.5 * v[:2] @ v[:2],
        np.zeros(3),
        [{"type": "ineq", "fun": lambda v: ys * (xs @ v[:2] + v[2]) - 1}],
    )


def oracle_svm_dual(ex) -> None:
    d = ex.data
    xs, ys = svm_arrays(d)
    ask = d["ask"]
    if ask in ("dual-objective", "w-from-alpha", "feasible"):
        alpha = np.array([float(Fraction(v)) for v in d["alpha"]])
        v = (alpha * ys) @ xs
        if ask == "dual-objective":
            gram = xs @ xs.T
            want = alpha.sum() - 0.5 * np.einsum("i,j,i,j,ij->", alpha, alpha, ys, ys, gram)
            assert math.isclose(float(Fraction(ex.expected)), want, abs_tol=1e-9)
        elif ask == "w-from-alpha":
            assert np.allclose(value_of(ex.expected), v)
        else:
            c = float(Fraction(d["C"]))
            ok = abs(alpha @ ys) < 1e-12 and np.all(alpha >= 0) and np.all(alpha <= c)
            assert ex.expected == ("true" if ok else "false")
        return
    alpha = svm_dual_slsqp(xs, ys)
    primal = svm_primal_slsqp(xs, ys)
    assert np.allclose((alpha * ys) @ xs, primal[:2], atol=1e-4)  # strong duality: same w
    if ask == "solve-alpha":
        got = [float(v) for v in exact_of(ex.expected)]
        want = alpha if len(got) == len(alpha) else alpha[:1]
        assert np.allclose(got, want, atol=1e-4), (ex.id, got, alpha)
    elif ask == "solve-w":
        assert np.allclose(value_of(ex.expected), primal[:2], atol=1e-4)
    else:
        assert math.isclose(float(Fraction(ex.expected)), primal[2], abs_tol=1e-4)


ORACLES = {
    "optimization.lagrange-multipliers": oracle_lagrange_multipliers,
    "optimization.lagrangian": oracle_lagrangian,
    "optimization.duality": oracle_duality,
    "optimization.complementary-slackness": oracle_complementary_slackness,
    "optimization.kkt": oracle_kkt,
    "optimization.linear-svm": oracle_linear_svm,
    "optimization.svm-dual": oracle_svm_dual,
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
test_oracle_complementary_slackness = _oracle_test("optimization.complementary-slackness", 25)
test_oracle_kkt = _oracle_test("optimization.kkt", 25)
test_oracle_linear_svm = _oracle_test("optimization.linear-svm")
test_oracle_svm_dual = _oracle_test("optimization.svm-dual", 25)


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
    if "sqrt" in e:
        values = value_of(e)
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
    return checker_test(skill, written_forms, examples=examples)


test_checker_lagrange_multipliers = _checker_test("optimization.lagrange-multipliers")
test_checker_lagrangian = _checker_test("optimization.lagrangian")
test_checker_duality = _checker_test("optimization.duality")
test_checker_complementary_slackness = _checker_test("optimization.complementary-slackness")
test_checker_kkt = _checker_test("optimization.kkt")
test_checker_linear_svm = _checker_test("optimization.linear-svm")
test_checker_svm_dual = _checker_test("optimization.svm-dual")


# ---- every exercise -------------------------------------------------------------------------


@settings(max_examples=30)
@given(skill=st.sampled_from(SKILLS), seed=seeds, difficulty=difficulties)
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


def codes_of(skill: str, difficulty: int, count: int) -> set[str]:
    return {m.code for s in range(count) for m in exercise(skill, difficulty, s).misconceptions}


def test_kkt_and_svm_traps_appear() -> None:
    """A negative multiplier or a slack constraint with a positive one passed off as a KKT
    point, the corner of two constraints at difficulty 3, and the half margin."""
    kkt = codes_of("optimization.kkt", 2, 60) | codes_of("optimization.kkt", 3, 60)
    assert {"misconception:negative-multiplier", "misconception:inactive-multiplier"} <= kkt
    assert "misconception:half-margin" in codes_of("optimization.linear-svm", 1, 40)
    assert "misconception:misclassified-only" in codes_of("optimization.linear-svm", 3, 40)
    assert "misconception:dropped-labels" in codes_of("optimization.svm-dual", 1, 20)


def test_difficulties_differ() -> None:
    """Difficulty 3 brings a third constraint, a third variable, extra SVM points, weights."""
    assert all(len(exercise("optimization.lagrangian", 3, s).data["point"]) == 3 for s in range(5))
    assert any(
        len(exercise("optimization.complementary-slackness", 3, s).data["constraints"]) == 3
        for s in range(5)
    )
    solved = {d: [exercise("optimization.svm-dual", d, s) for s in range(40)] for d in (2, 3)}
    sizes = {
        d: max(len(ex.data["points"]) for ex in exs if ex.data["ask"].startswith("solve"))
        for d, exs in solved.items()
    }
    assert sizes[2] < sizes[3]
    weights = {tuple(exercise("optimization.kkt", 3, s).data["weights"]) for s in range(30)}
    assert weights != {(1, 1)}
