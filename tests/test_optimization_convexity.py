"""Convexity generators (sets, functions, first- and second-order conditions, Jensen,
sublevel sets, unconstrained optima, convex problems, LP/QP/QCQP/SDP): every expected
answer against an independent oracle rebuilt from ``data`` (SymPy on the function trees,
random chords, NumPy eigenvalues, exact Fraction enumeration, SciPy's linprog and
minimize), the checker's view of other written forms and of each misconception, and
determinism."""

from __future__ import annotations

import functools
import json
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dlmath.checker import check_answer
from dlmath.checker.answers import float_value
from dlmath.exercises import exercise

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
        rng.uniform(0.05, 4.0, size) if d == "positive" else rng.uniform(-3.0, 3.0, size)
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


ORACLES = {
    "optimization.convex-sets": oracle_convex_sets,
    "optimization.convex-functions": oracle_convex_functions,
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
    entries = e.strip("[]").split(",")
    return [
        "[" + "; ".join(x.strip() for x in entries) + "]",
        "[" + ", ".join(f"{float(Fraction(x.strip())):.10f}" for x in entries) + "]",
    ]


def _checker_test(skill: str):
    @settings(max_examples=20, deadline=None)
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


test_checker_convex_sets = _checker_test("optimization.convex-sets")
test_checker_convex_functions = _checker_test("optimization.convex-functions")


# ---- every exercise --------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(skill=st.sampled_from(SKILLS[:2]), seed=seeds, difficulty=difficulties)
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


@pytest.mark.parametrize("skill", SKILLS[:2])
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
