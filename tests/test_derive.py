"""``dlmath.derive`` and ``dlmath derive``: textbook gradients and Jacobians, each checked
two independent ways: by finite differences written here (evaluating the parsed
original with NumPy-backed ``evaluate`` at points drawn here), and against the known
closed form (Matrix Cookbook, deep-learning layers) via ``dlmath.equivalent``."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import dlmath
from dlmath.cli.app import app
from dlmath.derivatives import NotDifferentiable, UnverifiedDerivative, derive
from dlmath.expr import parse
from dlmath.expr.evaluate import evaluate

# (function, variable, shapes, assumptions, closed form)
GRADIENTS = [
    ("tr(A X)", "X", {"A": "3x4", "X": "4x3"}, {}, "A^T"),
    ("tr(X^T A)", "X", {"A": "4x3", "X": "4x3"}, {}, "A"),
    ("tr(A X B)", "X", {"A": "4x3", "X": "3x5", "B": "5x4"}, {}, "A^T B^T"),
    ("tr(X^T A X)", "X", {"A": "3x3", "X": "3x2"}, {}, "(A + A^T) X"),
    ("tr(X^T A X)", "X", {"A": "3x3", "X": "3x2"}, {"A": "symmetric"}, "2 A X"),
    ("tr(X A X^T)", "X", {"A": "3x3", "X": "2x3"}, {}, "X (A + A^T)"),
    ("tr(X^T X)", "X", {"X": "3x4"}, {}, "2 X"),
    (
        "tr(A X B X^T C)",
        "X",
        {"A": "2x3", "X": "3x4", "B": "4x4", "C": "3x2"},
        {},
        "A^T C^T X B^T + C A X B",
    ),
    ("tr(X)", "X", {"X": "3x3"}, {}, "I"),
    ("tr(X^2)", "X", {"X": "3x3"}, {}, "2 X^T"),
    ("tr(X^3)", "X", {"X": "3x3"}, {}, "3 (X^2)^T"),
    ("tr(X^-1 A)", "X", {"A": "3x3", "X": "3x3"}, {}, "-X^-T A^T X^-T"),
    ("tr(inv(X))", "X", {"X": "3x3"}, {}, "-(X^-1 X^-1)^T"),
    ("a^T X b", "X", {"a": "3", "X": "3x4", "b": "4"}, {}, "a b^T"),
    ("a^T X^T b", "X", {"a": "4", "X": "3x4", "b": "3"}, {}, "b a^T"),
    ("a^T X^-1 b", "X", {"a": "3", "X": "3x3", "b": "3"}, {}, "-X^-T a b^T X^-T"),
    ("det(X)", "X", {"X": "3x3"}, {}, "det(X) X^-T"),
    ("det(A X B)", "X", {"A": "3x3", "X": "3x3", "B": "3x3"}, {}, "det(A X B) X^-T"),
    ("log(det(X))", "X", {"X": "3x3"}, {"X": "spd"}, "X^-1"),
    ("logdet(X)", "X", {"X": "4x4"}, {"X": "spd"}, "X^-1"),
    ("x^T A^-1 x", "A", {"x": "3", "A": "3x3"}, {"A": "spd"}, "-A^-1 x x^T A^-1"),
    ("||X||_F^2", "X", {"X": "3x4"}, {}, "2 X"),
    ("||X||_F", "X", {"X": "3x4"}, {}, "X/||X||_F"),
    ("a^T x", "x", {"a": "3", "x": "3"}, {}, "a"),
    ("x^T a", "x", {"a": "3", "x": "3"}, {}, "a"),
    ("x^T x", "x", {"x": "4"}, {}, "2 x"),
    ("x^T A x", "x", {"A": "3x3", "x": "3"}, {}, "(A + A^T) x"),
    ("x^T A x", "x", {"A": "3x3", "x": "3"}, {"A": "symmetric"}, "2 A x"),
    ("x^T A x + b^T x", "x", {"A": "3x3", "x": "3", "b": "3"}, {}, "(A + A^T) x + b"),
    ("||A x - b||^2", "x", {"A": "4x3", "x": "3", "b": "4"}, {}, "2 A^T (A x - b)"),
    ("1/2 ||W x - y||^2", "W", {"W": "4x3", "x": "3", "y": "4"}, {}, "(W x - y) x^T"),
    ("||x - y||^2", "y", {"x": "3", "y": "3"}, {}, "2 (y - x)"),
    ("||x||", "x", {"x": "3"}, {}, "x/||x||"),
    ("sqrt(x^T x)", "x", {"x": "3"}, {}, "x/||x||"),
    ("(x^T a)^2", "x", {"x": "3", "a": "3"}, {}, "2 (a^T x) a"),
    ("(x^T x)^2", "x", {"x": "3"}, {}, "4 (x^T x) x"),
    ("exp(a^T x)", "x", {"x": "3", "a": "3"}, {}, "exp(a^T x) a"),
    ("log(x^T A x)", "x", {"x": "3", "A": "3x3"}, {"A": "spd"}, "2 A x/(x^T A x)"),
    (
        "(a^T x)/(b^T x)",
        "x",
        {"x": "3", "a": "3", "b": "3"},
        {},
        "(a (b^T x) - b (a^T x))/(b^T x)^2",
    ),
    ("sum(x)", "x", {"x": "4"}, {}, "[1, 1, 1, 1]"),
    ("mean(x)", "x", {"x": "4"}, {}, "[1/4, 1/4, 1/4, 1/4]"),
    ("sum(A x)", "x", {"A": "4x3", "x": "3"}, {}, "A^T [1, 1, 1, 1]"),
    ("sum(exp(x))", "x", {"x": "4"}, {}, "exp(x)"),
    ("sum(log(x))", "x", {"x": "4"}, {"x": "positive"}, "1/x"),
    ("sum(sqrt(x))", "x", {"x": "3"}, {"x": "positive"}, "1/(2 sqrt(x))"),
    ("sum(sin(x))", "x", {"x": "3"}, {}, "cos(x)"),
    ("sum(cos(x))", "x", {"x": "3"}, {}, "-sin(x)"),
    ("sum(sigmoid(x))", "x", {"x": "4"}, {}, "sigmoid(x) ⊙ (1 - sigmoid(x))"),
    ("sum(tanh(x))", "x", {"x": "4"}, {}, "1 - tanh(x) ⊙ tanh(x)"),
    ("a^T sigmoid(x)", "x", {"x": "3", "a": "3"}, {}, "a ⊙ sigmoid(x) ⊙ (1 - sigmoid(x))"),
    ("sum(relu(x))", "x", {"x": "4"}, {}, "relu(x)/x"),
    ("||x||_1", "x", {"x": "4"}, {}, "x/|x|"),
    ("log(sum(exp(x)))", "x", {"x": "4"}, {}, "softmax(x)"),
    ("logsumexp(x)", "x", {"x": "4"}, {}, "softmax(x)"),
    ("-y^T log(softmax(z))", "z", {"y": "4", "z": "4"}, {"y": "one-hot"}, "softmax(z) - y"),
    ("-y^T log(softmax(z))", "z", {"y": "4", "z": "4"}, {"y": "probability"}, "softmax(z) - y"),
    (
        "-sum(y ⊙ log(softmax(z)))",
        "z",
        {"y": "3", "z": "3"},
        {"y": "probability"},
        "softmax(z) - y",
    ),
    (
        "-y^T log(softmax(W x))",
        "W",
        {"y": "3", "W": "3x4", "x": "4"},
        {"y": "one-hot"},
        "(softmax(W x) - y) x^T",
    ),
    (
        "-(t log(sigmoid(w^T x)) + (1 - t) log(1 - sigmoid(w^T x)))",
        "w",
        {"w": "3", "x": "3", "t": "1"},
        {},
        "(sigmoid(w^T x) - t) x",
    ),
    (
        "x^T x / (x^T A x)",
        "x",
        {"x": "3", "A": "3x3"},
        {"A": "spd"},
        "2 x/(x^T A x) - 2 (x^T x) A x/(x^T A x)^2",
    ),
    ("sin(c) cos(c)", "c", {"c": "1"}, {}, "cos(c)^2 - sin(c)^2"),
]

# (function, variable, shapes, assumptions, Jacobian in numerator layout)
JACOBIANS = [
    ("A x", "x", {"A": "4x3", "x": "3"}, {}, "A"),
    ("x", "x", {"x": "3"}, {}, "I"),
    ("sigmoid(x)", "x", {"x": "3"}, {}, "diag(sigmoid(x) ⊙ (1 - sigmoid(x)))"),
    ("softmax(x)", "x", {"x": "4"}, {}, "diag(softmax(x)) - softmax(x) softmax(x)^T"),
    ("x ⊙ y", "x", {"x": "3", "y": "3"}, {}, "diag(y)"),
    (
        "tanh(W x + b)",
        "x",
        {"W": "4x3", "x": "3", "b": "4"},
        {},
        "diag(1 - tanh(W x + b) ⊙ tanh(W x + b)) W",
    ),
    ("relu(W x)", "x", {"W": "4x3", "x": "3"}, {}, "diag(relu(W x)/(W x)) W"),
    ("x/||x||", "x", {"x": "3"}, {}, "(I - x x^T/(x^T x))/||x||"),
    ("(a^T x) x", "x", {"a": "3", "x": "3"}, {}, "(a^T x) I + x a^T"),
    ("exp(c) a", "c", {"a": "3", "c": "1"}, {}, "exp(c) a"),
]


def _dims(shape: str) -> tuple[int, int]:
    parts = shape.split("x")
    return (int(parts[0]), int(parts[1])) if len(parts) == 2 else (int(parts[0]), 1)


def sample_point(shapes: dict[str, str], assume: dict[str, str], seed: int) -> dict:
    """Random values drawn here, independently of dlmath's own sampler."""
    rng = np.random.default_rng(seed)
    env = {}
    for name, shape in sorted(shapes.items()):
        r, c = _dims(shape)
        prop = assume.get(name, "")
        if prop == "spd":
            m = rng.normal(size=(r, r))
            value = m @ m.T + r * np.eye(r)
        elif prop == "symmetric":
            m = rng.normal(size=(r, r))
            value = (m + m.T) / 2
        elif prop == "positive":
            value = rng.uniform(0.5, 2.0, size=(r, c))
        elif prop == "one-hot":
            value = np.zeros((r, c))
            value[rng.integers(r), 0] = 1.0
        elif prop == "probability":
            value = rng.uniform(0.2, 1.0, size=(r, c))
            value /= value.sum()
        elif r == c and r > 1:
            value = rng.normal(size=(r, r)) + 3 * np.eye(r)  # well conditioned
        else:
            value = rng.normal(size=(r, c))
        env[name] = value
    return env


def finite_differences(f, env: dict, wrt: str, jacobian: bool, h: float = 1e-6) -> np.ndarray:
    x = env[wrt]
    columns = []
    out = np.zeros(x.shape)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            plus, minus = x.copy(), x.copy()
            plus[i, j] += h
            minus[i, j] -= h
            slope = (evaluate(f, {**env, wrt: plus}) - evaluate(f, {**env, wrt: minus})) / (2 * h)
            if jacobian:
                columns.append(slope.ravel())
            else:
                out[i, j] = slope[0, 0]
    return np.column_stack(columns) if jacobian else out


def value_of(result_text: str, shapes: dict, env: dict, shape: tuple[int, int]) -> np.ndarray:
    """The printed result, parsed back and evaluated (a lone I or 0 gets its size)."""
    tree = parse(result_text, shapes)
    try:
        value = evaluate(tree, env)
    except dlmath.InputError:  # "I" alone: the size comes from the derivative's shape
        value = evaluate(
            parse(f"{result_text} + 0 Z", {**shapes, "Z": "x".join(map(str, shape))}),
            {**env, "Z": np.zeros(shape)},
        )
    return np.broadcast_to(value, shape)


def assert_derivative(case, jacobian: bool) -> dlmath.derivatives.Derivative:
    expr, wrt, shapes, assume, closed = case
    d = derive(expr, wrt=wrt, shapes=shapes, assume=assume)
    f = parse(expr, shapes)
    rows, cols = (int(k) for k in d.shape.split("x"))
    for seed in (1, 2):
        env = sample_point(shapes, assume, seed)
        numeric = finite_differences(f, env, wrt, jacobian)
        assert numeric.shape == (rows, cols)
        got = value_of(d.result, shapes, env, (rows, cols))
        assert np.allclose(got, numeric, rtol=1e-5, atol=1e-6), (expr, d.result)
    answer, expected, declared = d.result, closed, shapes
    if not parse(d.result, shapes).names():  # a lone I has no size to compare by
        declared = {**shapes, "Z": d.shape}
        answer, expected = f"{d.result} + 0 Z", f"{closed} + 0 Z"
    verdict = dlmath.equivalent(answer, expected, shapes=declared, assume=assume)
    assert verdict, (expr, d.result, closed, verdict.diagnosis)
    assert d.max_rel_error < 1e-5
    return d


def test_the_tables_are_large_enough():
    assert len(GRADIENTS) >= 40
    assert len(JACOBIANS) >= 4


@pytest.mark.parametrize("case", GRADIENTS, ids=[f"{c[0]} wrt {c[1]}" for c in GRADIENTS])
def test_textbook_gradient(case):
    d = assert_derivative(case, jacobian=False)
    shapes, wrt = case[2], case[1]
    r, c = _dims(shapes[wrt])
    assert d.shape == f"{r}x{c}"  # denominator layout: the shape of the variable
    assert d.layout == "denominator"


@pytest.mark.parametrize("case", JACOBIANS, ids=[f"{c[0]} wrt {c[1]}" for c in JACOBIANS])
def test_jacobian(case):
    d = assert_derivative(case, jacobian=True)
    expr, wrt, shapes = case[0], case[1], case[2]
    m = evaluate(parse(expr, shapes), sample_point(shapes, case[3], 0)).size
    n = _dims(shapes[wrt])[0]
    assert d.shape == f"{m}x{n}"  # numerator layout: len(f) × len(x)
    assert d.layout == "numerator"


def test_contract_example():
    d = dlmath.derive("tr(A X B)", wrt="X", shapes={"A": "4x3", "X": "3x5", "B": "5x4"})
    assert d.result == "Aᵀ Bᵀ"
    assert d.shape == "3x5" and d.layout == "denominator"
    assert d.numpy == "(A.T @ B.T)"
    assert "top" in d.latex
    assert 0 <= d.max_rel_error < 1e-6


@pytest.mark.parametrize(
    ("expr", "wrt", "shapes", "assume", "text"),
    [
        ("x^T A x", "x", {"A": "3x3", "x": "3"}, {"A": "symmetric"}, "2 A x"),
        ("x^T A x", "x", {"A": "3x3", "x": "3"}, {}, "(A + Aᵀ) x"),
        ("tr(X^T A X)", "X", {"A": "3x3", "X": "3x2"}, {"A": "spd"}, "2 A X"),
        ("log(det(X))", "X", {"X": "3x3"}, {"X": "spd"}, "X⁻¹"),
        ("log(det(X))", "X", {"X": "3x3"}, {}, "X⁻ᵀ"),
        ("det(X)", "X", {"X": "3x3"}, {}, "det(X) X⁻ᵀ"),
        ("-y^T log(softmax(z))", "z", {"y": "4", "z": "4"}, {"y": "one-hot"}, "softmax(z) − y"),
        ("log(sum(exp(x)))", "x", {"x": "4"}, {}, "softmax(x)"),
        ("||A x - b||^2", "x", {"A": "4x3", "x": "3", "b": "4"}, {}, "2 Aᵀ (A x − b)"),
        ("(x^T a)^2", "x", {"x": "3", "a": "3"}, {}, "2 (aᵀ x) a"),
        ("tr(X^3)", "X", {"X": "3x3"}, {}, "3 (Xᵀ)²"),
        ("||x - y||^2", "y", {"x": "3", "y": "3"}, {}, "−2 (x − y)"),
        ("tr(X^-1 A)", "X", {"A": "3x3", "X": "3x3"}, {}, "−X⁻ᵀ Aᵀ X⁻ᵀ"),
        ("sum(sigmoid(x))", "x", {"x": "4"}, {}, "σ(x) ⊙ (1 − σ(x))"),
        ("softmax(x)", "x", {"x": "4"}, {}, "diag(softmax(x)) − softmax(x) softmax(x)ᵀ"),
    ],
)
def test_results_are_simplified(expr, wrt, shapes, assume, text):
    """Readable forms: no I or 1 factors, transposes at the leaves, like terms collected,
    assumptions used."""
    assert derive(expr, wrt=wrt, shapes=shapes, assume=assume).result == text


def test_results_parse_back_and_numpy_code_agrees():
    """The text parses back to the same value; the NumPy code (generated by dlmath from
    our own inputs, evaluated here only) computes it too."""
    for expr, wrt, shapes, assume, _ in GRADIENTS + JACOBIANS:
        d = derive(expr, wrt=wrt, shapes=shapes, assume=assume)
        env = sample_point(shapes, assume, 7)
        shape = tuple(int(k) for k in d.shape.split("x"))
        expected = value_of(d.result, shapes, env, shape)
        namespace = {"np": np, "__builtins__": {"float": float}}
        got = eval(d.numpy, namespace, dict(env))  # noqa: S307 - our own generated code
        assert np.allclose(np.broadcast_to(got, shape), expected), (expr, d.numpy)


@settings(max_examples=15)
@given(m=st.integers(1, 5), n=st.integers(1, 5), p=st.integers(1, 5), seed=st.integers(0, 10**6))
def test_trace_product_over_sizes(m, n, p, seed):
    shapes = {"A": f"{p}x{m}", "X": f"{m}x{n}", "B": f"{n}x{p}"}
    d = derive("tr(A X B)", wrt="X", shapes=shapes)
    env = sample_point(shapes, {}, seed)
    numeric = finite_differences(parse("tr(A X B)", shapes), env, "X", False)
    assert np.allclose(value_of(d.result, shapes, env, (m, n)), numeric, atol=1e-6)
    assert dlmath.equivalent(d.result, "A^T B^T", shapes=shapes)


@settings(max_examples=15)
@given(m=st.integers(2, 6), n=st.integers(1, 5), seed=st.integers(0, 10**6))
def test_least_squares_and_cross_entropy_over_sizes(m, n, seed):
    shapes = {"A": f"{m}x{n}", "x": f"{n}", "b": f"{m}"}
    d = derive("||A x - b||^2", wrt="x", shapes=shapes)
    env = sample_point(shapes, {}, seed)
    numeric = finite_differences(parse("||A x - b||^2", shapes), env, "x", False)
    assert np.allclose(value_of(d.result, shapes, env, (n, 1)), numeric, rtol=1e-5, atol=1e-5)
    ce_shapes = {"y": f"{m}", "z": f"{m}"}
    ce = derive("-y^T log(softmax(z))", wrt="z", shapes=ce_shapes, assume={"y": "one-hot"})
    assert ce.result == "softmax(z) − y"


@settings(max_examples=10)
@given(m=st.integers(2, 5), n=st.integers(2, 5), seed=st.integers(0, 10**6))
def test_jacobian_of_a_layer_over_sizes(m, n, seed):
    shapes = {"W": f"{m}x{n}", "x": f"{n}", "b": f"{m}"}
    d = derive("sigmoid(W x + b)", wrt="x", shapes=shapes)
    assert d.shape == f"{m}x{n}" and d.layout == "numerator"
    env = sample_point(shapes, {}, seed)
    numeric = finite_differences(parse("sigmoid(W x + b)", shapes), env, "x", True)
    assert np.allclose(value_of(d.result, shapes, env, (m, n)), numeric, atol=1e-6)


def test_symbolic_sizes():
    shapes = {"A": "mxn", "X": "nxp", "B": "pxm"}
    d = derive("tr(A X B)", wrt="X", shapes=shapes)
    assert d.result == "Aᵀ Bᵀ" and d.shape == "nxp"
    assert dlmath.equivalent(d.result, "A^T B^T", shapes=shapes)
    assert not dlmath.equivalent(d.result, "B A", shapes=shapes)  # the transpose is caught
    identity = derive("tr(X)", wrt="X", shapes={"X": "nxn"})
    assert identity.result == "I" and identity.numpy == "np.eye(X.shape[0])"


def test_layout_gradient_is_not_the_transpose():
    shapes = {"A": "4x3", "X": "3x5", "B": "5x4"}
    d = derive("tr(A X B)", wrt="X", shapes=shapes)
    wrong = dlmath.equivalent("B A", d.result, shapes=shapes)
    assert not wrong and wrong.diagnosis == "transpose"


def test_steps_name_the_rules():
    d = derive("tr(A X B)", wrt="X", shapes={"A": "4x3", "X": "3x5", "B": "5x4"}, steps=True)
    text = "\n".join(d.steps)
    assert "trace" in text and "cyclic property" in text and "X receives Aᵀ Bᵀ" in text
    assert "finite differences" in d.steps[-1]
    chain = derive("sum(sigmoid(W x))", wrt="x", shapes={"W": "3x2", "x": "2"}, steps=True)
    assert any(s.startswith("chain rule through sigmoid") for s in chain.steps)
    assert any(s.startswith("matrix product") for s in chain.steps)
    assert derive("x^T x", wrt="x", shapes={"x": "3"}).steps == []


@pytest.mark.parametrize(
    ("expr", "wrt", "shapes", "words"),
    [
        ("||X||_2", "X", {"X": "3x3"}, ["||X||_2", "spectral norm", "with respect to X"]),
        ("max(x)", "x", {"x": "3"}, ["max(x)", "not differentiable"]),
        ("sum(X ⊗ A)", "X", {"X": "2x2", "A": "2x2"}, ["X ⊗ A", "Kronecker"]),
        ("x x^T", "x", {"x": "3"}, ["3×3", "matrix-valued"]),
        ("A x", "A", {"A": "3x3", "x": "3"}, ["with respect to vectors"]),
        ("||x||_inf", "x", {"x": "3"}, ["max norm"]),
    ],
)
def test_unsupported_input_names_the_part(expr, wrt, shapes, words):
    with pytest.raises(NotDifferentiable) as caught:
        derive(expr, wrt=wrt, shapes=shapes)
    assert isinstance(caught.value, dlmath.InputError)
    for word in words:
        assert word in caught.value.message
    assert caught.value.position is not None


@pytest.mark.parametrize(
    ("expr", "wrt", "shapes", "assume"),
    [
        ("tr(A X", "X", {}, {}),
        ("tr(A X B)", "X", {"A": "4x3", "X": "3x4", "B": "5x4"}, {}),
        ("x", "2x", {}, {}),
        ("x", "x", {"x": "3by4"}, {}),
        ("x", "x", {}, {"x": "wobbly"}),
    ],
)
def test_bad_input_raises_input_error(expr, wrt, shapes, assume):
    with pytest.raises(dlmath.InputError):
        derive(expr, wrt=wrt, shapes=shapes, assume=assume)


def test_a_wrong_rule_is_caught_never_returned(monkeypatch):
    """Sabotage the exp rule (exp' = 2 exp): derive must refuse, not print."""
    from dlmath.derivatives import reverse_mode
    from dlmath.expr.nodes import Mul, Num

    original = reverse_mode.Backprop.elementwise_derivative

    def wrong(self, name, u, node):
        derivative, formula = original(self, name, u, node)
        if name == "exp":
            return Mul((Num(2), derivative)), formula
        return derivative, formula

    monkeypatch.setattr(reverse_mode.Backprop, "elementwise_derivative", wrong)
    with pytest.raises(UnverifiedDerivative, match="finite-difference check"):
        derive("sum(exp(x))", wrt="x", shapes={"x": "3"})
    out = CliRunner().invoke(app, ["derive", "sum(exp(x))", "--wrt", "x", "--shape", "x=3"])
    assert out.exit_code == 2
    assert out.stdout == "" and "not shown" in out.stderr


def test_a_wrong_simplification_is_caught(monkeypatch):
    """Sabotage the simplifier (drop every transpose): the check refuses the result."""
    from dlmath.derivatives.simplify import Simplifier

    monkeypatch.setattr(Simplifier, "transpose", lambda self, a: a)
    with pytest.raises(UnverifiedDerivative):
        derive("tr(A X B)", wrt="X", shapes={"A": "3x3", "X": "3x3", "B": "3x3"})


def test_variable_absent_gives_zero():
    d = derive("tr(A)", wrt="X", shapes={"A": "3x3", "X": "3x3"})
    assert d.result == "0" and d.shape == "3x3"


# ---- command line -------------------------------------------------------------------

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["derive", *args])


def test_cli_contract_example_text():
    out = run("tr(A X B)", "--wrt", "X", "--shape", "A=4x3", "--shape", "X=3x5", "--shape", "B=5x4")
    assert out.exit_code == 0
    assert out.stdout.startswith("∂/∂X tr(A X B) = Aᵀ Bᵀ")
    assert "3×5, denominator layout" in out.stdout
    assert "finite-difference check: max relative error" in out.stdout


def test_cli_json_contract():
    out = run("x^T A x", "--wrt", "x", "-s", "A=3x3", "-s", "x=3", "-a", "A=symmetric", "--json")
    assert out.exit_code == 0
    obj = json.loads(out.stdout)
    for key in ("result", "latex", "numpy", "shape", "layout", "max_rel_error"):
        assert key in obj
    assert obj["result"] == "2 A x" and obj["shape"] == "3x1" and obj["layout"] == "denominator"
    assert isinstance(obj["max_rel_error"], float)
    jac = json.loads(run("A x", "--wrt", "x", "-s", "A=4x3", "-s", "x=3", "--json").stdout)
    assert jac["layout"] == "numerator" and jac["shape"] == "4x3" and jac["result"] == "A"


def test_cli_steps():
    out = run("tr(A X B)", "--wrt", "X", "-s", "A=4x3", "-s", "X=3x5", "-s", "B=5x4", "--steps")
    assert out.exit_code == 0
    assert "steps:" in out.stdout and "cyclic property" in out.stdout


def test_cli_bad_input_exit_two_with_caret():
    out = run("tr(A X B)", "--wrt", "X", "-s", "A=4x3", "-s", "X=3x4", "-s", "B=5x4")
    assert out.exit_code == 2
    assert "error:" in out.stderr and "^" in out.stderr and "Traceback" not in out.stderr
    out = run("||X||_2", "--wrt", "X", "-s", "X=3x3")
    assert out.exit_code == 2 and "spectral norm" in out.stderr
    out = run("x +", "--wrt", "x")
    assert out.exit_code == 2 and "^" in out.stderr
    out = run("x", "--wrt", "x", "--shape", "x")
    assert out.exit_code == 2
    out = run("x", "--wrt", "x", "--assume", "x=wobbly", "--json")
    assert out.exit_code == 2 and "error" in json.loads(out.stdout)


def test_cli_module_is_light():
    code = (
        "import sys, dlmath, dlmath.cli.derive_cmd, dlmath.derivatives; "
        "print(sorted(m for m in ('numpy', 'sympy', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_relu_and_abs_derivatives_use_step_and_sign():
    import dlmath

    relu = dlmath.derive("sum(relu(W x))", wrt="W", shapes={"W": "3x4", "x": "4"})
    assert relu.result == "step(W x) xᵀ"
    absolute = dlmath.derive("||x||_1", wrt="x", shapes={"x": "3"})
    assert absolute.result == "sign(x)"
    assert "np.sign" in absolute.numpy


def test_trace_of_a_kronecker_product():
    import dlmath

    d = dlmath.derive("tr(A ⊗ X)", wrt="X", shapes={"A": "2x2", "X": "3x3"})
    assert d.result == "tr(A) I" and d.max_rel_error < 1e-6


# ---- traces of elementwise maps, and a finite-difference check that knows its noise ----


@pytest.mark.parametrize(
    ("text", "wrt", "expected"),
    [
        ("tr(sin(X))", "X", "cos(X) ⊙ I"),
        ("tr(exp(X))", "X", "exp(X) ⊙ I"),
        ("tr(relu(X))", "X", "step(X) ⊙ I"),
        ("tr(X ⊙ A)", "X", "A ⊙ I"),
        ("tr(diag(x))", "x", "[1, 1, 1]"),
        ("tr(X^-1 A X)", "X", "0"),
        ("x^T x + 100000000", "x", "2 x"),
        ("x^T x - 100000000", "x", "2 x"),
    ],
)
def test_derivatives_that_used_to_be_refused(text, wrt, expected):
    from dlmath.checker import equivalent

    shapes = {"X": "3x3", "A": "3x3", "x": "3"}
    result = derive(text, wrt, shapes=shapes)
    assert equivalent(result.result, expected, shapes=shapes), result.result


def test_a_wrong_derivative_is_still_caught_when_f_is_large():
    from dlmath.derivatives.refusals import UnverifiedDerivative
    from dlmath.derivatives.verify import check_derivative
    from dlmath.expr import parse
    from dlmath.expr.shapes import parse_shape

    shapes = {"x": parse_shape("3")}
    f = parse("x^T x + 100000000", shapes)
    with pytest.raises(UnverifiedDerivative):
        check_derivative(f, parse("2.01 x", shapes), "x", shapes, {}, jacobian=False)
    with pytest.raises(UnverifiedDerivative):
        check_derivative(
            parse("tr(X^-1 A X)", {"X": 1, "A": 1}),
            parse("0.001 A", {"A": 1}),
            "X",
            {"X": parse_shape("3x3"), "A": parse_shape("3x3")},
            {},
            jacobian=False,
        )


def test_the_batched_differences_equal_one_at_a_time():
    import numpy as np

    from dlmath.derivatives.verify import _differences
    from dlmath.expr import parse
    from dlmath.expr.evaluate import evaluate

    rng = np.random.default_rng(7)
    env = {"X": rng.normal(size=(3, 3)), "A": rng.normal(size=(3, 3))}
    f = parse("tr(A X X)", {"X": 1, "A": 1})
    entries = [(i, j) for i in range(3) for j in range(3)]
    batched, _ = _differences(f, env, "X", entries, False, 1e-5)
    for i, j in entries:
        h = 1e-5 * max(1.0, abs(env["X"][i, j]))
        plus, minus = env["X"].copy(), env["X"].copy()
        plus[i, j] += h
        minus[i, j] -= h
        one = (evaluate(f, {**env, "X": plus}) - evaluate(f, {**env, "X": minus})) / (2 * h)
        assert batched[i, j] == pytest.approx(float(one[0, 0]), rel=1e-9, abs=1e-9)
