"""Calculus exercises: every expected answer against an independent oracle.

- Scalar calculus: SymPy on formulas rebuilt here from ``data["tree"]`` (nested lists of
  numbers, names and operators; never from text), differentiated by ``sympy.diff``.
- Every gradient, Jacobian and Hessian: central finite differences, of the exercise's
  ``data["function"]`` evaluated by the expression core, or of a NumPy function written
  here for each matrix form.
- Computational graphs: the graph is re-run here from ``data["nodes"]`` and
  differentiated by finite differences (exact for these piecewise polynomials).
Then: the checker accepts each expected answer in two or more written forms, gives each
catalogued misconception its code, and the same id always gives the same exercise.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dlmath.checker import check_answer
from dlmath.exercises.base import ANSWER_KINDS
from dlmath.exercises.registry import exercise, generators
from dlmath.expr import parse
from dlmath.expr.evaluate import evaluate, evaluate_exact
from formula_trees import to_sympy
from judging import assert_misconceptions_named

SKILLS = (
    "calculus.derivative-rules",
    "calculus.partial-derivatives",
    "calculus.gradient",
    "calculus.jacobian",
    "calculus.hessian",
    "calculus.chain-rule",
    "calculus.matrix-calculus",
    "calculus.backprop-graph",
    "calculus.backprop-layers",
    "calculus.taylor",
)

seeds = st.integers(0, 10**6)
difficulties = st.sampled_from([1, 2, 3])
skills = st.sampled_from(SKILLS)

# -- oracles --------------------------------------------------------------------------


def rational(text: str) -> sympy.Rational:
    value = Fraction(text)
    return sympy.Rational(value.numerator, value.denominator)


def exact_equal(value: sympy.Expr, text: str) -> bool:
    if value.is_Rational:  # exp(0), log(1), ... have already evaluated
        return value == rational(text)
    return sympy.simplify(value - rational(text)) == 0


def scalar_value(text: str, shapes: dict[str, str], point: dict[str, float]) -> float:
    env = {name: np.array([[v]]) for name, v in point.items()}
    return float(evaluate(parse(text, shapes), env)[0, 0])


def matrix_value(text: str) -> np.ndarray:
    return np.array(evaluate_exact(parse(text)), dtype=object).astype(float)


def sympy_value(expr: sympy.Expr, point: dict[str, float]) -> float:
    return float(expr.subs({sympy.Symbol(k): sympy.Float(v, 30) for k, v in point.items()}))


def sample_points(rng: np.random.Generator, names, positive, count: int = 4):
    points = []
    for _ in range(count):
        point = {}
        for n in names:
            v = float(rng.uniform(0.3, 1.5))
            point[n] = v if n in positive or rng.random() < 0.5 else -v
        points.append(point)
    return points


def close(a: float, b: float, rtol: float = 1e-7) -> bool:
    return abs(a - b) <= rtol * max(1.0, abs(a), abs(b))


def central_gradient(f, p: np.ndarray, h: float = 1e-5) -> np.ndarray:
    grad = np.zeros_like(p, dtype=float)
    for idx in np.ndindex(p.shape):
        step = np.zeros_like(p, dtype=float)
        step[idx] = h
        grad[idx] = (f(p + step) - f(p - step)) / (2 * h)
    return grad


def central_hessian(f, p: np.ndarray, h: float = 1e-3) -> np.ndarray:
    """Second differences with Richardson extrapolation: error O(h⁴), and a step large
    enough that rounding (eps·|f|/h²) stays small for values in the thousands."""
    return (4 * _second_differences(f, p, h) - _second_differences(f, p, 2 * h)) / 3


def _second_differences(f, p: np.ndarray, h: float) -> np.ndarray:
    n = len(p)
    out = np.zeros((n, n))
    eye = np.eye(n) * h
    for i in range(n):
        for j in range(n):
            out[i, j] = (
                f(p + eye[i] + eye[j])
                - f(p + eye[i] - eye[j])
                - f(p - eye[i] + eye[j])
                + f(p - eye[i] - eye[j])
            ) / (4 * h * h)
    return out


def text_function(text: str, names: list[str]):
    """R^n -> R from an input-language formula, evaluated by the expression core."""
    tree = parse(text, {n: "1" for n in names})
    return lambda p: float(
        evaluate(tree, {n: np.array([[v]]) for n, v in zip(names, p, strict=True)})[0, 0]
    )


def point_of(ex) -> np.ndarray:
    return np.array([float(Fraction(v)) for v in ex.data["point"]])


# -- scalar calculus: SymPy -------------------------------------------------------------


def check_function_text(ex, names, positive, rng, near=None):
    """data["function"] (text) and data["tree"] are the same formula."""
    f = to_sympy(ex.data["tree"])
    shapes = {n: "1" for n in names}
    for point in sample_points(rng, names, positive):
        if near is not None:  # close to the exercise's point, where the formula is defined
            point = {n: near[n] + 0.03 * v for n, v in point.items()}
        assert close(scalar_value(ex.data["function"], shapes, point), sympy_value(f, point), 1e-9)


@settings(max_examples=30)
@given(seed=seeds, difficulty=difficulties)
def test_derivative_rules_match_sympy(seed: int, difficulty: int) -> None:
    ex = exercise("calculus.derivative-rules", difficulty, seed)
    x = sympy.Symbol("x")
    df = sympy.diff(to_sympy(ex.data["tree"]), x)
    positive = set(ex.assume)
    rng = np.random.default_rng(seed)
    if ex.kind == "number":  # the formula is checked near the point it is asked at
        check_function_text(ex, ["x"], set(), rng, {"x": float(Fraction(ex.data["point"]))})
    else:
        check_function_text(ex, ["x"], positive, rng)
    if ex.kind == "number":
        assert exact_equal(df.subs(x, rational(ex.data["point"])), ex.expected)
    else:
        assert ex.kind == "expression"
        for point in sample_points(rng, ["x"], positive):
            assert close(scalar_value(ex.expected, ex.shapes, point), sympy_value(df, point))


@settings(max_examples=30)
@given(seed=seeds, difficulty=difficulties)
def test_partial_derivatives_match_sympy(seed: int, difficulty: int) -> None:
    ex = exercise("calculus.partial-derivatives", difficulty, seed)
    names = ex.data["variables"]
    df = sympy.diff(to_sympy(ex.data["tree"]), sympy.Symbol(ex.data["wrt"]))
    rng = np.random.default_rng(seed)
    if ex.kind == "number":
        at = {sympy.Symbol(n): rational(v) for n, v in zip(names, ex.data["point"], strict=True)}
        assert exact_equal(df.subs(at), ex.expected)
        near = {n: float(Fraction(v)) for n, v in zip(names, ex.data["point"], strict=True)}
        check_function_text(ex, names, set(), rng, near)
    else:
        check_function_text(ex, names, set(ex.assume), rng)
        for point in sample_points(rng, names, set(ex.assume)):
            assert close(scalar_value(ex.expected, ex.shapes, point), sympy_value(df, point))


@settings(max_examples=30)
@given(seed=seeds, difficulty=difficulties)
def test_taylor_matches_sympy(seed: int, difficulty: int) -> None:
    ex = exercise("calculus.taylor", difficulty, seed)
    f = to_sympy(ex.data["tree"])
    ask = ex.data["ask"]
    if ask == "value2":
        x, y = sympy.symbols("x y")
        a = {x: rational(ex.data["center"][0]), y: rational(ex.data["center"][1])}
        h = [rational(v) - a[s] for v, s in zip(ex.data["at"], (x, y), strict=True)]
        grad = [sympy.diff(f, s).subs(a) for s in (x, y)]
        hess = [[sympy.diff(f, s, t).subs(a) for t in (x, y)] for s in (x, y)]
        approx = f.subs(a) + sum(g * d for g, d in zip(grad, h, strict=True))
        approx += sum(hess[i][j] * h[i] * h[j] for i in range(2) for j in range(2)) / 2
        assert exact_equal(approx, ex.expected)
        return
    x = sympy.Symbol("x")
    a = rational(ex.data["center"])
    coefficients = [sympy.diff(f, x, k).subs(x, a) / sympy.factorial(k) for k in range(3)]
    taylor = sum(c * (x - a) ** k for k, c in enumerate(coefficients))
    if ask == "coefficient":
        assert exact_equal(coefficients[2], ex.expected)
    elif ask == "value":
        assert exact_equal(taylor.subs(x, rational(ex.data["at"])), ex.expected)
    else:
        assert ask == "polynomial" and ex.kind == "expression"
        for point in sample_points(np.random.default_rng(seed), ["x"], set()):
            assert close(scalar_value(ex.expected, ex.shapes, point), sympy_value(taylor, point))


# -- gradients, Jacobians, Hessians: finite differences (and SymPy, exactly) ------------


@settings(max_examples=30)
@given(seed=seeds, difficulty=difficulties)
def test_gradient_matches_finite_differences(seed: int, difficulty: int) -> None:
    ex = exercise("calculus.gradient", difficulty, seed)
    names = ex.data["variables"]
    p = point_of(ex)
    expected = matrix_value(ex.expected)
    exact = evaluate_exact(parse(ex.expected))
    assert expected.shape == (len(names), 1)  # a column, shaped like the variable
    fd = central_gradient(text_function(ex.data["function"], names), p)
    assert np.allclose(expected[:, 0], fd, rtol=1e-6, atol=1e-6)
    f = to_sympy(ex.data["tree"])
    at = {sympy.Symbol(n): rational(v) for n, v in zip(names, ex.data["point"], strict=True)}
    for i, n in enumerate(names):
        assert exact_equal(sympy.diff(f, sympy.Symbol(n)).subs(at), str(exact[i][0]))


@settings(max_examples=30)
@given(seed=seeds, difficulty=difficulties)
def test_jacobian_matches_finite_differences(seed: int, difficulty: int) -> None:
    ex = exercise("calculus.jacobian", difficulty, seed)
    names = ex.data["variables"]
    p = point_of(ex)
    expected = matrix_value(ex.expected)
    exact = evaluate_exact(parse(ex.expected))
    m, n = len(ex.data["function"]), len(names)
    assert expected.shape == (m, n)  # numerator layout
    for i, component in enumerate(ex.data["function"]):
        fd = central_gradient(text_function(component, names), p)
        assert np.allclose(expected[i], fd, rtol=1e-6, atol=1e-6)
    at = {sympy.Symbol(v): rational(t) for v, t in zip(names, ex.data["point"], strict=True)}
    for i, tree in enumerate(ex.data["tree"]):
        fi = to_sympy(tree)
        for j, v in enumerate(names):
            assert exact_equal(sympy.diff(fi, sympy.Symbol(v)).subs(at), str(exact[i][j]))


@settings(max_examples=30)
@given(seed=seeds, difficulty=difficulties)
def test_hessian_matches_finite_differences(seed: int, difficulty: int) -> None:
    ex = exercise("calculus.hessian", difficulty, seed)
    names = ex.data["variables"]
    expected = matrix_value(ex.expected)
    exact = evaluate_exact(parse(ex.expected))
    fd = central_hessian(text_function(ex.data["function"], names), point_of(ex))
    assert expected.shape == (len(names), len(names))
    assert np.allclose(expected, fd, rtol=1e-5, atol=1e-4)
    assert np.array_equal(expected, expected.T)
    f = to_sympy(ex.data["tree"])
    symbols = [sympy.Symbol(n) for n in names]
    at = {sympy.Symbol(n): rational(v) for n, v in zip(names, ex.data["point"], strict=True)}
    for i, a in enumerate(symbols):
        for j, b in enumerate(symbols):
            assert exact_equal(sympy.diff(f, a, b).subs(at), str(exact[i][j]))


@settings(max_examples=30)
@given(seed=seeds, difficulty=difficulties)
def test_chain_rule_matches_finite_differences(seed: int, difficulty: int) -> None:
    ex = exercise("calculus.chain-rule", difficulty, seed)
    p = point_of(ex)
    names = ex.data["variables"]
    if ex.kind == "number":
        fd = central_gradient(text_function(ex.data["function"], names), p, h=1e-6)[0]
        assert close(float(Fraction(ex.expected)), fd, 1e-5)
        # SymPy: compose z(x(t), y(t)) from the trees and differentiate.
        t = sympy.Symbol("t")
        inner = {sympy.Symbol(k): to_sympy(v) for k, v in ex.data["inner_tree"].items()}
        z = to_sympy(ex.data["outer_tree"]).subs(inner)
        assert exact_equal(sympy.diff(z, t).subs(t, rational(ex.data["point"][0])), ex.expected)
        return
    expected = matrix_value(ex.expected)
    exact = evaluate_exact(parse(ex.expected))
    for i, component in enumerate(ex.data["function"]):
        fd = central_gradient(text_function(component, names), p)
        assert np.allclose(expected[i], fd, rtol=1e-6, atol=1e-6)
    inner = {
        sympy.Symbol(k): to_sympy(v)
        for k, v in zip(ex.data["middle"], ex.data["inner_tree"], strict=True)
    }
    at = {sympy.Symbol(v): rational(t) for v, t in zip(names, ex.data["point"], strict=True)}
    for i, tree in enumerate(ex.data["outer_tree"]):
        h = to_sympy(tree).subs(inner)
        for j, v in enumerate(names):
            assert exact_equal(sympy.diff(h, sympy.Symbol(v)).subs(at), str(exact[i][j]))


# -- matrix calculus and layers: NumPy functions written here, finite differences -------


def _sigmoid(v):
    return 1 / (1 + np.exp(-v))


def _softmax(v):
    e = np.exp(v - v.max())
    return e / e.sum()


def _tr(m):
    return np.trace(m)


FORM_FUNCTIONS = {
    "linear": lambda e: (e["a"].T @ e["x"]).item(),
    "squared-norm": lambda e: float(np.sum(e["x"] ** 2)),
    "quadratic-symmetric": lambda e: (e["x"].T @ e["A"] @ e["x"]).item(),
    "quadratic": lambda e: (e["x"].T @ e["A"] @ e["x"]).item(),
    "trace-linear": lambda e: _tr(e["A"] @ e["X"]),
    "bilinear-vector": lambda e: (e["b"].T @ e["A"] @ e["x"]).item(),
    "frobenius": lambda e: float(np.sum(e["X"] ** 2)),
    "trace-sandwich": lambda e: _tr(e["A"] @ e["X"] @ e["B"]),
    "least-squares": lambda e: float(np.sum((e["A"] @ e["x"] - e["b"]) ** 2)),
    "bilinear-matrix": lambda e: (e["a"].T @ e["X"] @ e["b"]).item(),
    "trace-quadratic": lambda e: _tr(e["X"].T @ e["A"] @ e["X"]),
    "trace-quadratic-right": lambda e: _tr(e["X"] @ e["A"] @ e["X"].T),
    "ridge": lambda e: (
        float(np.sum((e["X"] @ e["w"] - e["y"]) ** 2))
        + e["lambda"].item() * float(np.sum(e["w"] ** 2))
    ),
    "quadratic-linear": lambda e: (e["x"].T @ e["A"] @ e["x"] + e["b"].T @ e["x"]).item(),
    "matrix-least-squares": lambda e: float(np.sum((e["A"] @ e["X"] - e["B"]) ** 2)),
    "linear-weights": lambda e: (e["delta"].T @ (e["W"] @ e["x"] + e["b"])).item(),
    "linear-bias": lambda e: (e["delta"].T @ (e["W"] @ e["x"] + e["b"])).item(),
    "linear-input": lambda e: (e["delta"].T @ (e["W"] @ e["x"] + e["b"])).item(),
    "sigmoid": lambda e: (e["delta"].T @ _sigmoid(e["z"])).item(),
    "softmax-cross-entropy": lambda e: -(e["y"].T @ np.log(_softmax(e["z"]))).item(),
    "mse-linear": lambda e: float(np.sum((e["W"] @ e["x"] + e["b"] - e["y"]) ** 2)),
    "sigmoid-linear-bias": lambda e: (e["delta"].T @ _sigmoid(e["W"] @ e["x"] + e["b"])).item(),
    "softmax-cross-entropy-linear": lambda e: (
        -(e["y"].T @ np.log(_softmax(e["W"] @ e["x"] + e["b"]))).item()
    ),
    "softmax-cross-entropy-input": lambda e: (
        -(e["y"].T @ np.log(_softmax(e["W"] @ e["x"] + e["b"]))).item()
    ),
    "two-layer": lambda e: (
        e["delta"].T @ (e["W2"] @ _sigmoid(e["W1"] @ e["x"] + e["b1"]) + e["b2"])
    ).item(),
    "batch-linear": lambda e: _tr(e["D"].T @ e["W"] @ e["X"]),
}

# Other ways to write each expected answer, all of which the checker must accept.
ALTERNATIVE_FORMS = {
    "linear": ["(a^T)^T", "1*a"],
    "squared-norm": ["x + x", "2*x"],
    "quadratic-symmetric": ["A x + A^T x", "2*A@x"],
    "trace-linear": ["A.T", "transpose(A)"],
    "bilinear-vector": ["(b^T A)^T", "A.T @ b"],
    "frobenius": ["X + X", "2*X"],
    "quadratic": ["A x + A^T x", "(A + A.T) @ x"],
    "trace-sandwich": ["A.T @ B.T", "(B A)^T"],
    "least-squares": ["2 A^T A x - 2 A^T b", "2*A.T @ (A @ x - b)"],
    "bilinear-matrix": ["a @ b.T", "(b a^T)^T"],
    "trace-quadratic": ["A X + A^T X", "(A + A.T) @ X"],
    "trace-quadratic-right": ["X A + X A^T", "X @ (A + A.T)"],
    "ridge": ["2 X^T X w - 2 X^T y + 2 lambda w", "2*X.T @ (X @ w - y) + 2*λ*w"],
    "quadratic-linear": ["A x + A^T x + b", "(A + A.T) @ x + b"],
    "matrix-least-squares": ["2 A^T A X - 2 A^T B", "2*A.T @ (A @ X - B)"],
    "linear-weights": ["delta @ x.T", "(x delta^T)^T"],
    "linear-bias": ["δ", "(delta^T)^T"],
    "linear-input": ["W.T @ δ", "(delta^T W)^T"],
    "sigmoid": [
        "sigmoid(z) .* (1 - sigmoid(z)) .* delta",
        "delta ⊙ σ(z) ⊙ (1 - σ(z))",
    ],
    "softmax-cross-entropy": ["-(y - softmax(z))", "-y + softmax(z)"],
    "mse-linear": ["2*(W @ x + b - y) @ x.T", "2 W x x^T + 2 b x^T - 2 y x^T"],
    "sigmoid-linear-bias": [
        "σ(W x + b) ⊙ (1 - σ(W x + b)) ⊙ delta",
        "delta .* sigmoid(W @ x + b) .* (1 - sigmoid(W @ x + b))",
    ],
    "softmax-cross-entropy-linear": [
        "softmax(W x + b) x^T - y x^T",
        "(softmax(W @ x + b) - y) @ x.T",
    ],
    "softmax-cross-entropy-input": ["W^T softmax(W x + b) - W^T y", "W.T @ (softmax(W@x + b) - y)"],
    "two-layer": [
        "((W2.T @ delta) .* σ(W1 @ x + b1) .* (1 - σ(W1 @ x + b1))) @ x.T",
        "(sigmoid(W1 x + b1) ⊙ (1 - sigmoid(W1 x + b1)) ⊙ (W2^T delta)) x^T",
    ],
    "batch-linear": ["D @ X.T", "(X D^T)^T"],
}


def random_env(ex, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random values of the exercise's names, honouring shapes and assumptions."""
    sizes: dict[str, int] = {}
    env = {}
    for name, shape in ex.shapes.items():
        dims = []
        for d in shape.split("x"):
            if d.isdigit():
                dims.append(int(d))
            else:
                if d not in sizes:
                    free = [v for v in range(2, 7) if v not in sizes.values()]
                    sizes[d] = int(rng.choice(free))
                dims.append(sizes[d])
        rows, cols = dims[0], dims[1] if len(dims) > 1 else 1
        value = rng.normal(size=(rows, cols))
        props = ex.assume.get(name, [])
        if "symmetric" in props:
            value = (value + value.T) / 2
        if "one-hot" in props:
            value = np.zeros((rows, cols))
            value[int(rng.integers(rows)), 0] = 1.0
        if "positive" in props:
            value = np.abs(value) + 0.5
        env[name] = value
    return env


def check_form_gradient(ex, rng: np.random.Generator) -> None:
    form = ex.data["form"]
    numpy_f = FORM_FUNCTIONS[form]
    env = random_env(ex, rng)
    # The function text of the exercise is the function the test writes in NumPy.
    text_f = evaluate(parse(ex.data["function"], ex.shapes), env)
    assert close(float(text_f[0, 0]), numpy_f(env), 1e-9)
    wrt = ex.data["wrt"]

    def along(value: np.ndarray) -> float:
        return numpy_f({**env, wrt: value})

    fd = central_gradient(along, env[wrt], h=1e-6)
    got = evaluate(parse(ex.expected, ex.shapes), env)
    assert got.shape == env[wrt].shape  # denominator layout: the shape of the variable
    assert np.allclose(got, fd, rtol=1e-5, atol=1e-6)


@given(seed=seeds, difficulty=difficulties)
def test_matrix_calculus_matches_finite_differences(seed: int, difficulty: int) -> None:
    ex = exercise("calculus.matrix-calculus", difficulty, seed)
    rng = np.random.default_rng(seed)
    for _ in range(2):
        check_form_gradient(ex, rng)


@given(seed=seeds, difficulty=difficulties)
def test_backprop_layers_match_finite_differences(seed: int, difficulty: int) -> None:
    ex = exercise("calculus.backprop-layers", difficulty, seed)
    rng = np.random.default_rng(seed)
    if ex.data["form"] == "relu":
        z = np.array(ex.data["z"], dtype=float)
        delta = np.array(ex.data["delta"], dtype=float)
        fd = central_gradient(lambda v: float(delta @ np.maximum(v, 0)), z, h=1e-3)
        assert np.allclose(matrix_value(ex.expected)[:, 0], fd, atol=1e-9)
        return
    for _ in range(2):
        check_form_gradient(ex, rng)


# -- computational graphs -----------------------------------------------------------------

GRAPH_OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "square": lambda a: a * a,
    "relu": lambda a: max(a, 0.0),
}


def run_graph(data: dict, inputs: dict[str, float]) -> float:
    values = dict(inputs)
    for name, op, *args in data["nodes"]:
        values[name] = GRAPH_OPS[op](*[values[a] for a in args])
    return values[data["output"]]


@given(seed=seeds, difficulty=difficulties)
def test_backprop_graph_matches_finite_differences(seed: int, difficulty: int) -> None:
    ex = exercise("calculus.backprop-graph", difficulty, seed)
    data = ex.data
    order = data["order"][1:]
    inputs = {k: float(v) for k, v in data["inputs"].items()}
    answer = [float(Fraction(v)) for v in ex.expected.split(",")]
    assert len(answer) == 1 + len(order) and data["order"][0] == "L"
    assert answer[0] == run_graph(data, inputs)
    p = np.array([inputs[n] for n in order])
    fd = central_gradient(lambda v: run_graph(data, dict(zip(order, v, strict=True))), p, h=1e-3)
    assert np.allclose(answer[1:], fd, atol=1e-6)
    # The graph as one expression means the same thing.
    text = scalar_value(data["function"], {n: "1" for n in order}, inputs)
    assert text == answer[0]


# -- the checker: written forms, misconceptions --------------------------------------------


def sympy_text(expr: sympy.Expr) -> str:
    """SymPy's own printing, made input language (only ** differs for these formulas)."""
    return str(expr).replace("**", "^")


def other_forms(ex) -> list[str]:
    """Ways to write the expected answer other than the generator's own text."""
    if ex.skill in ("calculus.matrix-calculus", "calculus.backprop-layers") and (
        ex.data["form"] != "relu"
    ):
        return ALTERNATIVE_FORMS[ex.data["form"]]
    if ex.kind == "expression":  # scalar calculus: SymPy's result, and the text reshaped
        x = sympy.Symbol("x")
        tree = to_sympy(ex.data["tree"])
        if ex.skill == "calculus.taylor":
            a = rational(ex.data["center"])
            oracle = sum(
                sympy.diff(tree, x, k).subs(x, a) / sympy.factorial(k) * (x - a) ** k
                for k in range(3)
            )
            oracle = sympy.expand(oracle)
        else:
            oracle = sympy.diff(tree, sympy.Symbol(ex.data.get("wrt", "x")))
        return [sympy_text(oracle), f"2*({ex.expected})/2"]
    if ex.kind == "number":
        value = Fraction(ex.expected)
        return [f"{3 * value.numerator}/{3 * value.denominator}", f"-(({-value}))"]
    if ex.kind == "sequence":
        values = [Fraction(v) for v in ex.expected.split(",")]
        return [",".join(str(v) for v in values), ", ".join(f"{2 * v}/2" for v in values)]
    assert ex.kind == "matrix"
    rows = evaluate_exact(parse(ex.expected))
    semicolons = "[" + "; ".join(" ".join(str(v) for v in row) for row in rows) + "]"
    nested = "[" + ", ".join("[" + ", ".join(str(v) for v in row) + "]" for row in rows) + "]"
    return [semicolons, nested]


@settings(max_examples=25)
@given(skill=skills, seed=seeds, difficulty=difficulties)
def test_checker_accepts_expected_in_several_forms(skill: str, seed: int, difficulty: int) -> None:
    ex = exercise(skill, difficulty, seed)
    forms = [ex.expected, *other_forms(ex)]
    assert len(set(forms)) >= 2
    for text in forms:
        verdict = check_answer(ex, text)
        assert verdict.correct, (ex.id, text, verdict.diagnosis, verdict.feedback)


@settings(max_examples=25)
@given(skill=skills, seed=seeds, difficulty=difficulties)
def test_catalogued_misconceptions_get_their_code(skill: str, seed: int, difficulty: int) -> None:
    ex = exercise(skill, difficulty, seed)
    assert all(m.answer != ex.expected and m.feedback for m in ex.misconceptions)
    assert_misconceptions_named(ex)


@pytest.mark.parametrize("skill", SKILLS)
def test_every_skill_has_misconceptions(skill: str) -> None:
    found = sum(len(exercise(skill, d, s).misconceptions) for d in (1, 2, 3) for s in range(5))
    assert found >= 5


def test_matrix_calculus_catalogue_has_the_three_layout_mistakes() -> None:
    codes = {
        m.code
        for d in (1, 2, 3)
        for s in range(40)
        for m in exercise("calculus.matrix-calculus", d, s).misconceptions
    }
    assert {"transpose", "symmetric-only", "factor"} <= codes


# -- the exercise itself ---------------------------------------------------------------------


def test_all_ten_skills_are_registered() -> None:
    assert set(SKILLS) <= set(generators())
    assert all(generators()[s].version >= 1 for s in SKILLS)


@given(skill=skills, seed=seeds, difficulty=difficulties)
def test_exercise_is_complete(skill: str, seed: int, difficulty: int) -> None:
    ex = exercise(skill, difficulty, seed)
    assert ex.kind in ANSWER_KINDS
    assert 1 <= len(ex.hints) <= 3 and all(ex.hints)
    assert not any("$" in h for h in ex.hints)  # hints are plain text, shown in terminals too
    assert "$" in ex.prompt and "$" not in ex.text
    assert ex.solution.count("\n") >= 1  # steps, not only the result
    assert ex.data["function"]
    if ex.kind == "expression":
        parse(ex.expected, ex.shapes)  # every name the answer uses is declared
        assert ex.shapes


def test_difficulties_differ_in_substance() -> None:
    def many(skill, d):
        return [exercise(skill, d, s) for s in range(20)]

    assert {len(e.data["variables"]) for e in many("calculus.gradient", 3)} == {3}
    assert {len(e.data["variables"]) for e in many("calculus.gradient", 1)} == {2}
    graph_sizes = [
        max(len(e.data["nodes"]) for e in many("calculus.backprop-graph", d)) for d in (1, 2, 3)
    ]
    assert graph_sizes[0] < graph_sizes[1] < graph_sizes[2]
    assert all(len(e.data["inputs"]) == 4 for e in many("calculus.backprop-graph", 3))
    # Symbolic sizes only at difficulty 3.
    for d in (1, 2):
        assert all(e.data["sizes"] for e in many("calculus.matrix-calculus", d))
    assert all(e.data["sizes"] == {} for e in many("calculus.matrix-calculus", 3))
    jac = {tuple(matrix_value(e.expected).shape) for e in many("calculus.jacobian", 1)}
    assert jac == {(2, 2)}
    assert {e.kind for e in many("calculus.chain-rule", 3)} == {"matrix"}
    assert {e.kind for e in many("calculus.chain-rule", 1)} == {"number"}


def test_graph_prompt_draws_the_graph() -> None:
    ex = exercise("calculus.backprop-graph", 3, 11)
    assert "├──" in ex.text and "└──" in ex.text and "(drawn above)" in ex.text


def test_public_check_is_the_function_after_importing_the_checker() -> None:
    import dlmath

    assert callable(dlmath.check)


@settings(max_examples=10)
@given(skill=skills, seed=seeds, difficulty=difficulties)
def test_public_check_by_id(skill: str, seed: int, difficulty: int) -> None:
    import dlmath
    from dlmath.exercises import check

    assert check is dlmath.check
    ex = dlmath.exercise(skill, difficulty=difficulty, seed=seed)
    assert check(ex.id, ex.expected).correct
    if ex.misconceptions:
        wrong = check(ex.id, ex.misconceptions[0].answer)
        assert not wrong.correct and wrong.expected == ex.expected


def test_matrix_calculus_difficulty_3_is_harder_than_1() -> None:
    """Level 1 is one rule on a vector; level 3 puts the variable in twice (or a matrix
    variable, or a sum of forms) with symbolic sizes: longer answers, never a level-1 form."""
    import re

    def size(text: str, shapes: dict[str, str]) -> int:
        """Symbols and operations in the answer."""
        return len(re.findall(r"[A-Za-z]+|\d+|[-+*^]", text))

    by_level = {d: [exercise("calculus.matrix-calculus", d, s) for s in range(30)] for d in (1, 3)}
    easy = {e.data["form"] for e in by_level[1]}
    assert not easy & {e.data["form"] for e in by_level[3]}
    mean = {
        d: sum(size(e.expected, e.shapes) for e in exs) / len(exs) for d, exs in by_level.items()
    }
    assert mean[3] > 1.5 * mean[1], mean
