"""Convexity generators (sets, functions, first- and second-order conditions, Jensen,
sublevel sets, unconstrained optima, convex problems, LP/QP/QCQP/SDP): every expected
answer against an independent oracle rebuilt from ``data`` (SymPy on the function trees,
random chords, NumPy eigenvalues, exact Fraction enumeration, SciPy's linprog and
minimize), the checker's view of other written forms and of each misconception, and
determinism."""

from __future__ import annotations

import functools
import json
import math
import re
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dlmath.checker import check_answer
from dlmath.checker.answers import float_value
from dlmath.exercises import exercise
from judging import checker_test

SKILLS = [
    "optimization.convex-sets",
    "optimization.convex-functions",
    "optimization.first-order-condition",
    "optimization.second-order-condition",
    "optimization.jensen",
    "optimization.sublevel-sets",
    "optimization.unconstrained-optima",
    "optimization.convex-problems",
    "optimization.problem-classes",
]

seeds = st.integers(0, 10**6)
difficulties = st.sampled_from([1, 2, 3])
cases = given(seed=seeds, difficulty=difficulties)
X = sympy.symbols("x1 x2 x3", real=True)


# ---- rebuilding functions from data (the trees are the generators' own plain format) ---


def to_sympy(tree, xs=X):
    """The SymPy expression of a data tree: ["add", ["pow", ["var", 0], 2], 1] -> x1² + 1."""
    if isinstance(tree, int):
        return sympy.Integer(tree)
    if isinstance(tree, str):
        return sympy.Rational(tree)
    op, *args = tree
    if op == "var":
        return xs[args[0]]
    if op == "pow":
        return to_sympy(args[0], xs) ** args[1]
    parts = [to_sympy(a, xs) for a in args]
    table = {
        "add": sympy.Add,
        "mul": sympy.Mul,
        "exp": sympy.exp,
        "log": sympy.log,
        "abs": sympy.Abs,
        "sqrt": sympy.sqrt,
        "sin": sympy.sin,
        "max": sympy.Max,
        "min": sympy.Min,
    }
    return table[op](*parts)


# max and min of arrays elementwise (NumPy's default translation reduces over everything)
ELEMENTWISE = {
    "Max": lambda *args: functools.reduce(np.maximum, args),
    "Min": lambda *args: functools.reduce(np.minimum, args),
}


def numeric(tree, n: int):
    xs = X[:n]
    f = sympy.lambdify(xs, to_sympy(tree, xs), [ELEMENTWISE, "numpy"])

    def call(points: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            out = f(*(points[:, i] for i in range(n)))
        return np.broadcast_to(np.asarray(out, dtype=float), (len(points),))

    return call


def smooth(tree) -> bool:
    return not any(op in json.dumps(tree) for op in ('"abs"', '"max"', '"min"'))


def sample_domain(rng: np.random.Generator, domain: list[str], size: int) -> np.ndarray:
    cols = [
        rng.uniform(0.05, 4.0, size) if d == "positive" else rng.uniform(-4.0, 4.0, size)
        for d in domain
    ]
    return np.stack(cols, axis=1)


def chord_class(tree, domain: list[str], seed: int) -> str:
    """convex / concave / affine / neither from the chord inequality on random pairs."""
    rng = np.random.default_rng(seed)
    f = numeric(tree, len(domain))
    x, y = sample_domain(rng, domain, 6000), sample_domain(rng, domain, 6000)
    theta = rng.uniform(0.05, 0.95, (6000, 1))
    lhs = f(theta * x + (1 - theta) * y)
    rhs = theta[:, 0] * f(x) + (1 - theta[:, 0]) * f(y)
    finite = np.isfinite(lhs) & np.isfinite(rhs)
    assert finite.mean() > 0.9, tree
    lhs, rhs = lhs[finite], rhs[finite]
    scale = 1e-9 * (1 + np.abs(rhs) + np.abs(lhs))
    convex_ok = not (lhs - rhs > scale).any()
    concave_ok = not (rhs - lhs > scale).any()
    if convex_ok and concave_ok:
        return "affine"
    return "convex" if convex_ok else "concave" if concave_ok else "neither"


def curvature_class(tree, domain: list[str], seed: int) -> str:
    """The chord class, confirmed for smooth functions by the signs of f'' (one variable)
    or of the Hessian's eigenvalues (two variables) on a grid of the domain."""
    by_chords = chord_class(tree, domain, seed)
    if smooth(tree):
        n = len(domain)
        xs = X[:n]
        hessian = sympy.lambdify(xs, sympy.hessian(to_sympy(tree, xs), xs), "numpy")
        points = sample_domain(np.random.default_rng(seed + 1), domain, 300)
        eig = np.concatenate(
            [np.linalg.eigvalsh(np.array(hessian(*p), dtype=float)) for p in points]
        )
        eig = eig[np.isfinite(eig)]
        assert len(eig) >= 270 * n, tree
        tol = 1e-9 * (1 + np.abs(eig).max())
        pos, neg = (eig > tol).any(), (eig < -tol).any()
        by_hessian = (
            "neither" if pos and neg else "convex" if pos else "concave" if neg else "affine"
        )
        assert by_hessian == by_chords, (tree, by_hessian, by_chords)
    return by_chords


# ---- oracles, one per skill, on ex.data only ----------------------------------------------


def in_set(parts, points: np.ndarray, slack: float) -> np.ndarray:
    """Membership in a union of intersections of level sets, ``slack`` outside allowed."""
    inside = np.zeros(len(points), dtype=bool)
    for part in parts:
        ok = np.ones(len(points), dtype=bool)
        for con in part:
            values = numeric(con["f"], 2)(points)
            alpha = float(Fraction(con["alpha"]))
            ok &= values <= alpha + slack if con["sense"] == "<=" else values >= alpha - slack
        inside |= ok
    return inside


def oracle_convex_sets(ex) -> None:
    rng = np.random.default_rng(ex.seed)
    view = ex.data["view"]
    points = rng.uniform(-view, view, (40000, 2))
    members = points[in_set(ex.data["parts"], points, 0.0)]
    assert len(members) >= 50, (ex.id, len(members))
    i, j = rng.integers(len(members), size=(2, 30000))
    theta = rng.uniform(0, 1, (30000, 1))
    mixes = theta * members[i] + (1 - theta) * members[j]
    violated = ~in_set(ex.data["parts"], mixes, 1e-7)
    assert ex.expected == ("not convex" if violated.any() else "convex"), ex.id
    if ex.data["set"] == "quadric":  # {x : xᵀAx ≤ 1} is convex unless A is indefinite
        values = np.linalg.eigvalsh(
            np.array([[float(Fraction(v)) for v in r] for r in ex.data["A"]])
        )
        indefinite = values.min() < -1e-12 and values.max() > 1e-12
        assert ex.expected == ("not convex" if indefinite else "convex")


SHOWN = {"convex": "convex", "concave": "concave", "affine": "both (affine)", "neither": "neither"}


def oracle_convex_functions(ex) -> None:
    truth = curvature_class(ex.data["tree"], ex.data["domain"], ex.seed)
    assert ex.expected == SHOWN[truth], (ex.id, truth)


def exact(value) -> Fraction:
    return Fraction(str(sympy.Rational(value)))


def matrix_entries(text: str) -> list[Fraction]:
    return [Fraction(tok) for tok in re.findall(r"-?\d+(?:/\d+)?", text)]


def expected_float(text: str) -> float:
    return float(np.asarray(float_value(text)).ravel()[0])


def oracle_first_order(ex) -> None:
    d = ex.data
    x = X[0]
    if d["form"] == "under":
        m, k = (sympy.Rational(v) for v in d["line"])
        lowest = sympy.calculus.util.minimum(to_sympy(d["tree"]) - (m * x + k), x, sympy.S.Reals)
        assert ex.expected == ("true" if lowest >= 0 else "false"), (ex.id, lowest)
        return
    if d["form"] == "plane":
        f = to_sympy(d["tree"])
        at = dict(zip(X[:2], d["x"], strict=True))
        grad = [sympy.diff(f, v).subs(at) for v in X[:2]]
        gap = f.subs(dict(zip(X[:2], d["y"], strict=True))) - f.subs(at)
        gap -= sum(g * (b - a) for g, a, b in zip(grad, d["x"], d["y"], strict=True))
    else:
        f = to_sympy(d["tree"])
        x0, y0 = d["x"], d["y"]
        gap = f.subs(x, y0) - f.subs(x, x0) - sympy.diff(f, x).subs(x, x0) * (y0 - x0)
    assert math.isclose(expected_float(ex.expected), float(gap), rel_tol=1e-12, abs_tol=1e-12)
    if gap.is_Rational:
        assert Fraction(ex.expected) == exact(gap)


def hessian_matrix(ex) -> sympy.Matrix:
    xs = X[: ex.data["n"]]
    return sympy.hessian(to_sympy(ex.data["tree"], xs), xs)


def oracle_second_order(ex) -> None:
    h = hessian_matrix(ex)
    if ex.data["form"] == "classify":
        assert all(entry.is_number for entry in h)  # a quadratic: the Hessian is constant
        values = np.linalg.eigvalsh(np.array(h, dtype=float))
        pos, neg = (values > 1e-9).any(), (values < -1e-9).any()
        truth = "neither" if pos and neg else "convex" if not neg else "concave"
        assert ex.expected == truth, (ex.id, values)
        return
    point = dict(zip(X, ex.data.get("point", [0, 0, 0]), strict=False))
    want = [exact(v) for v in h.subs(point)]
    assert matrix_entries(ex.expected) == want


def tree_fraction(tree, x: Fraction) -> Fraction:
    """Exact value of a polynomial / |·| / max tree at a rational point."""
    if isinstance(tree, int | str):
        return Fraction(tree)
    op, *args = tree
    if op == "var":
        return x
    if op == "pow":
        return tree_fraction(args[0], x) ** args[1]
    vals = [tree_fraction(a, x) for a in args]
    if op == "add":
        return sum(vals, Fraction(0))
    if op == "mul":
        return math.prod(vals, start=Fraction(1))
    if op == "abs":
        return abs(vals[0])
    assert op == "max", op
    return max(vals)


def oracle_jensen(ex) -> None:
    values = [Fraction(v) for v in ex.data["values"]]
    probs = [Fraction(p) for p in ex.data["probs"]]
    assert sum(probs) == 1 and all(p > 0 for p in probs)
    mean = sum((p * v for p, v in zip(probs, values, strict=True)), Fraction(0))
    tree = ex.data["tree"]
    if any(op in json.dumps(tree) for op in ('"exp"', '"log"', '"sqrt"')):
        f = to_sympy(tree)
        ef = sum(
            sympy.Rational(str(p)) * f.subs(X[0], sympy.Rational(str(v)))
            for p, v in zip(probs, values, strict=True)
        )
        gap = sympy.nsimplify(ef - f.subs(X[0], sympy.Rational(str(mean))), rational=False)
        gap_value = float(sympy.N(gap, 30))
        zero = gap == 0
    else:
        ef = sum(
            (p * tree_fraction(tree, v) for p, v in zip(probs, values, strict=True)), Fraction(0)
        )
        gap = ef - tree_fraction(tree, mean)
        gap_value, zero = float(gap), gap == 0
        if ex.data["ask"] == "gap":
            assert Fraction(ex.expected) == gap
    if ex.data["ask"] == "gap":
        assert math.isclose(expected_float(ex.expected), gap_value, rel_tol=1e-12, abs_tol=1e-12)
    else:
        truth = "equal" if zero else ("E[f(X)]" if gap_value > 0 else "f(E[X])")
        assert ex.expected == truth, (ex.id, gap_value)


def runs_below(tree, alpha: Fraction) -> int:
    """How many separate intervals of a fine grid of [-12, 12] have f ≤ α."""
    grid = np.linspace(-12, 12, 240001)[:, None]
    below = numeric(tree, 1)(grid) <= float(alpha) + 1e-12
    return int(below[0]) + int(np.count_nonzero(below[1:] & ~below[:-1]))


def oracle_sublevel(ex) -> None:
    alpha = Fraction(ex.data["alpha"])
    if ex.data["form"] == "level":
        assert ex.expected == (
            "convex" if runs_below(ex.data["tree"], alpha) == 1 else "not convex"
        )
        return
    f = to_sympy(ex.data["tree"], (X[0],))
    solved = sympy.solveset(f - sympy.Rational(str(alpha)) <= 0, X[0], sympy.S.Reals)
    assert isinstance(solved, sympy.Interval) and not solved.left_open and not solved.right_open
    got = [expected_float(item) for item in ex.expected.split(",")]
    assert np.allclose(got, [float(solved.inf), float(solved.sup)], rtol=1e-12, atol=1e-12)
    assert runs_below(ex.data["tree"], alpha) == 1


def oracle_unconstrained(ex) -> None:
    n = ex.data.get("n", 2)
    xs = X[:n]
    f = to_sympy(ex.data["tree"], xs)
    grad = [sympy.diff(f, v) for v in xs]
    if ex.data["form"] == "minimiser":
        a = sympy.Matrix([[sympy.Rational(str(v)) for v in row] for row in ex.data["A"]])
        b = sympy.Matrix([sympy.Rational(str(v)) for v in ex.data["b"]])
        x = sympy.Matrix(xs)
        model = (x.T * a * x)[0] / 2 - (b.T * x)[0] + ex.data["c"]
        assert sympy.expand(model - f) == 0  # the stated f is ½xᵀAx − bᵀx + c
        assert min(np.linalg.eigvalsh(np.array(a, dtype=float))) > 0
        solved = sympy.solve(grad, xs, dict=True)
        assert len(solved) == 1
        exact_point = [exact(solved[0][v]) for v in xs]
        assert matrix_entries(ex.expected) == exact_point
        from scipy.optimize import minimize

        fun = sympy.lambdify([xs], f, "numpy")
        jac = sympy.lambdify([xs], grad, "numpy")
        numeric_min = minimize(fun, np.zeros(n), jac=lambda v: np.array(jac(v), float), tol=1e-12)
        assert np.allclose(numeric_min.x, [float(v) for v in exact_point], atol=1e-5)
        return
    at = dict(zip(xs, ex.data["point"], strict=True))
    assert all(g.subs(at) == 0 for g in grad)
    h = np.array(sympy.hessian(f, xs).subs(at), dtype=float)
    values = np.linalg.eigvalsh(h)
    assert np.abs(values).min() > 1e-9  # nondegenerate: the Hessian decides
    truth = "minimum" if values.min() > 0 else "maximum" if values.max() < 0 else "saddle point"
    assert ex.expected == truth


def oracle_convex_problems(ex) -> None:
    d = ex.data
    if d["form"] == "classify":
        domain = [d["domain"], d["domain"]]
        objective = curvature_class(d["objective"]["tree"], domain, ex.seed)
        good = {"minimize": ("convex", "affine"), "maximize": ("concave", "affine")}
        ok = objective in good[d["objective"]["sense"]]
        for con in d["constraints"]:
            curvature = curvature_class(con["tree"], domain, ex.seed)
            allowed = {"<=": ("convex", "affine"), ">=": ("concave", "affine"), "=": ("affine",)}
            ok = ok and curvature in allowed[con["sense"]]
        assert ex.expected == ("convex" if ok else "not convex")
        return
    from scipy.optimize import minimize

    if d["form"] == "interval":
        res = minimize(
            lambda x: d["c"] * (x[0] - d["m"]) ** 2 + d["k"],
            np.array([(d["lo"] + d["hi"]) / 2]),
            bounds=[(d["lo"], d["hi"])],
            method="L-BFGS-B",
            options={"ftol": 1e-14, "gtol": 1e-12},
        )
        best = res.fun
    elif d["form"] == "box":
        a = np.array(d["point"], dtype=float)
        res = minimize(
            lambda x: np.sum((x - a) ** 2),
            np.zeros(3),
            bounds=[(d["lo"], d["hi"])] * 3,
            method="L-BFGS-B",
            options={"ftol": 1e-14, "gtol": 1e-12},
        )
        best = res.fun
    else:
        p = np.array(d["normal"], dtype=float)
        if d["form"] == "halfplane":
            z = np.array(d["point"], dtype=float)
            objective = lambda x: np.sum((x - z) ** 2)  # noqa: E731
            con = {"type": "ineq", "fun": lambda x: d["s"] - p @ x}
        else:
            objective = lambda x: np.sum(x**2)  # noqa: E731
            con = {"type": "eq", "fun": lambda x: p @ x - d["s"]}
        res = minimize(objective, np.zeros(2), constraints=[con], method="SLSQP", tol=1e-12)
        best = res.fun
        residual = con["fun"](res.x)
        assert residual >= -1e-7 if con["type"] == "ineq" else abs(residual) < 1e-7
    assert math.isclose(expected_float(ex.expected), best, abs_tol=1e-6), (ex.id, best)


def oracle_problem_classes(ex) -> None:
    d = ex.data
    if d["form"] == "lp":
        from scipy.optimize import linprog

        c, a, b = np.array(d["c"], float), np.array(d["A"], float), np.array(d["b"], float)
        res = linprog(-c, A_ub=a, b_ub=b, bounds=[(0, None)] * 2, method="highs")
        assert res.status == 0
        if d["ask"] == "point":
            point = matrix_entries(ex.expected)
            assert np.allclose([float(v) for v in point], res.x, atol=1e-9)
            rows = [[Fraction(v) for v in row] for row in d["A"]]
            assert all(v >= 0 for v in point)
            assert all(
                r[0] * point[0] + r[1] * point[1] <= bound
                for r, bound in zip(rows, d["b"], strict=True)
            )
        else:
            assert math.isclose(expected_float(ex.expected), -res.fun, rel_tol=1e-9)
        return
    degree = sympy.Poly(to_sympy(d["objective"]), *X[:2]).total_degree()
    degrees = [sympy.Poly(to_sympy(c["tree"]), *X[:2]).total_degree() for c in d["constraints"]]
    for tree in [d["objective"], *(c["tree"] for c in d["constraints"])]:
        h = np.array(sympy.hessian(to_sympy(tree), X[:2]), dtype=float)
        assert np.linalg.eigvalsh(h).min() >= -1e-12  # a convex problem
    if d["lmi"]:
        f0 = np.array([[float(Fraction(v)) for v in row] for row in d["lmi"][0]])
        assert np.linalg.eigvalsh(f0).min() > 0  # x = 0 is strictly feasible
        truth = "SDP"
    elif 2 in degrees:
        truth = "QCQP"
    elif degree == 2:
        truth = "QP"
    else:
        truth = "LP"
    assert ex.expected == truth


ORACLES = {
    "optimization.convex-sets": oracle_convex_sets,
    "optimization.convex-functions": oracle_convex_functions,
    "optimization.first-order-condition": oracle_first_order,
    "optimization.second-order-condition": oracle_second_order,
    "optimization.jensen": oracle_jensen,
    "optimization.sublevel-sets": oracle_sublevel,
    "optimization.unconstrained-optima": oracle_unconstrained,
    "optimization.convex-problems": oracle_convex_problems,
    "optimization.problem-classes": oracle_problem_classes,
}


def _oracle_test(skill: str, examples: int = 25):
    @settings(max_examples=examples, deadline=None)
    @cases
    def test(seed: int, difficulty: int) -> None:
        ORACLES[skill](exercise(skill, difficulty, seed))

    test.__name__ = f"test_oracle_{skill.split('.')[1].replace('-', '_')}"
    return test


test_oracle_convex_sets = _oracle_test("optimization.convex-sets")
test_oracle_convex_functions = _oracle_test("optimization.convex-functions")
test_oracle_first_order = _oracle_test("optimization.first-order-condition", 20)
test_oracle_second_order = _oracle_test("optimization.second-order-condition")
test_oracle_jensen = _oracle_test("optimization.jensen")
test_oracle_sublevel = _oracle_test("optimization.sublevel-sets", 20)
test_oracle_unconstrained = _oracle_test("optimization.unconstrained-optima", 20)
test_oracle_convex_problems = _oracle_test("optimization.convex-problems", 20)
test_oracle_problem_classes = _oracle_test("optimization.problem-classes")


# ---- the checker: other written forms, and each misconception -----------------------------


def other_number(text: str) -> list[str]:
    """Two other spellings of an exact number: a decimal and an unreduced form."""
    value = float_value(text)
    decimal = f"{float(np.asarray(value).ravel()[0]):.10f}"
    return [decimal, f"2*({text})/2"]


def written_forms(ex) -> list[str]:
    e = ex.expected
    if ex.kind == "choice":
        return [e.upper(), e.replace(" ", "-"), f"  {e} "]
    if ex.kind == "boolean":
        return [e.upper(), {"true": "yes", "false": "no"}[e]]
    if ex.kind == "number":
        return other_number(e)
    if ex.kind == "sequence":
        items = [x.strip() for x in e.split(",")]
        return [
            ",".join(items),
            ", ".join(f"{float(np.asarray(float_value(x)).ravel()[0]):.10f}" for x in items),
        ]
    assert ex.kind == "matrix", ex.kind
    decimals = re.sub(r"-?\d+(?:/\d+)?", lambda m: f"{float(Fraction(m.group())):.10f}", e)
    if e.startswith("[["):
        rows = e[2:-2].split("], [")
        return ["[" + "; ".join(row.replace(",", "") for row in rows) + "]", decimals]
    return ["[" + e[1:-1].replace(",", ";") + "]", decimals]


def _checker_test(skill: str):
    return checker_test(skill, written_forms, examples=20)


test_checker_convex_sets = _checker_test("optimization.convex-sets")
test_checker_convex_functions = _checker_test("optimization.convex-functions")
test_checker_first_order = _checker_test("optimization.first-order-condition")
test_checker_second_order = _checker_test("optimization.second-order-condition")
test_checker_jensen = _checker_test("optimization.jensen")
test_checker_sublevel = _checker_test("optimization.sublevel-sets")
test_checker_unconstrained = _checker_test("optimization.unconstrained-optima")
test_checker_convex_problems = _checker_test("optimization.convex-problems")
test_checker_problem_classes = _checker_test("optimization.problem-classes")


# ---- every exercise --------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(skill=st.sampled_from(SKILLS), seed=seeds, difficulty=difficulties)
def test_same_id_same_exercise_and_complete(skill: str, seed: int, difficulty: int) -> None:
    ex = exercise(skill, difficulty, seed)
    assert ex == exercise(skill, difficulty, seed)
    assert ex.id == f"{skill}:{difficulty}:{seed}"
    json.dumps(ex.to_json())
    assert 1 <= len(ex.hints) <= 3
    assert "$" in ex.prompt and "$" not in ex.text
    assert ex.solution.count("$") >= 2
    if ex.kind == "choice":
        assert ex.expected in ex.choices
        assert all(m.answer in ex.choices for m in ex.misconceptions)
    codes = [m.code for m in ex.misconceptions]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("skill", SKILLS)
def test_both_answers_and_traps_appear(skill: str) -> None:
    """Each difficulty draws both verdicts, and difficulty 3 carries catalogued traps."""
    for difficulty in (1, 2, 3):
        answers = {exercise(skill, difficulty, s).expected for s in range(40)}
        assert len(answers) >= 2, (skill, difficulty, answers)
    codes = {m.code for s in range(60) for m in exercise(skill, 3, s).misconceptions}
    assert len(codes) >= 3, codes


def test_union_of_discs_names_the_misconception() -> None:
    found = 0
    for seed in range(80):
        ex = exercise("optimization.convex-sets", 1, seed)
        if ex.data["set"] == "ball-union":
            found += 1
            verdict = check_answer(ex, "convex")
            assert verdict.diagnosis == "misconception:union-convex"
    assert found
