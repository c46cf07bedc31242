"""Rendering: text parses back to an equivalent tree; NumPy code computes the same value."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from dlmath.expr import parse
from dlmath.expr.errors import InputError
from dlmath.expr.evaluate import evaluate
from dlmath.expr.nodes import (
    Add,
    Const,
    Div,
    Func,
    Hadamard,
    Inverse,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sym,
    Transpose,
)
from dlmath.expr.numpy_code import to_numpy
from dlmath.expr.render import to_latex, to_text, to_typst

SHAPES = {"A": "3x3", "B": "3x3", "a": "1", "b": "1"}
RNG = np.random.default_rng(0)
ENV = {
    "A": RNG.normal(size=(3, 3)) + 3 * np.eye(3),
    "B": RNG.normal(size=(3, 3)) + 3 * np.eye(3),
    "a": np.array([[0.7]]),
    "b": np.array([[-1.3]]),
}

numbers = st.builds(
    lambda n, d: Num(Fraction(n, d)), st.integers(-9, 9), st.sampled_from([1, 1, 1, 2, 3])
)
scalar_leaves = st.one_of(numbers, st.sampled_from([Sym("a"), Sym("b"), Const("pi")]))
matrix_leaves = st.sampled_from([Sym("A"), Sym("B")])


def _trees():
    scalars = st.deferred(lambda: scalar_trees)
    matrices = st.deferred(lambda: matrix_trees)
    scalar_trees = st.one_of(
        scalar_leaves,
        st.builds(lambda x, y: Add((x, y)), scalars, scalars),
        st.builds(lambda x, y: Mul((x, y)), scalars, scalars),
        st.builds(Neg, scalars),
        st.builds(lambda x, k: Pow(x, Num(Fraction(k))), scalars, st.integers(0, 3)),
        st.builds(lambda x: Func("tr", (x,)), matrices),
        st.builds(lambda x: Func(f"{'sin'}", (x,)), scalars),
        st.builds(lambda x: Func("sigmoid", (x,)), scalars),
        st.builds(lambda x: Norm(x, "F"), matrices),
        st.builds(lambda x: Func("abs", (x,)), scalars),
    )
    matrix_trees = st.one_of(
        matrix_leaves,
        st.builds(lambda x, y: Add((x, y)), matrices, matrices),
        st.builds(lambda x, y: Add((x, Neg(y))), matrices, matrices),
        st.builds(lambda x, y: Mul((x, y)), matrices, matrices),
        st.builds(lambda s, x: Mul((s, x)), scalars, matrices),
        st.builds(Hadamard, matrices, matrices),
        st.builds(Transpose, matrices),
        st.builds(Inverse, matrix_leaves),
        st.builds(
            lambda x, s: Div(x, Add((Num(Fraction(2)), Func("abs", (s,))))), matrices, scalars
        ),
        st.builds(lambda x: Func("tanh", (x,)), matrices),
    )
    return st.one_of(scalar_trees, matrix_trees)


TREES = _trees()


def _value(tree):
    try:
        return evaluate(tree, ENV)
    except InputError:
        return None


@given(TREES)
@example(Mul((Num(Fraction(0)), Pow(Num(Fraction(0)), Num(Fraction(0))))))  # was "0 0⁰"
def test_text_parses_back_to_an_equivalent_tree(tree):
    value = _value(tree)
    assume(value is not None)
    reparsed = parse(to_text(tree), SHAPES)
    assert np.allclose(evaluate(reparsed, ENV), value, rtol=1e-9, atol=1e-9)
    # and the text is stable: rendering the reparsed tree gives the same text
    assert to_text(parse(to_text(reparsed), SHAPES)) == to_text(reparsed)


@given(TREES)
def test_numpy_code_computes_the_same_value(tree):
    value = _value(tree)
    assume(value is not None)
    code = to_numpy(tree, SHAPES)
    # eval of code dlmath itself generated from a tree built here, never of user text
    result = eval(code, {"np": np}, dict(ENV))  # noqa: S307
    assert np.allclose(np.asarray(result, dtype=float).reshape(value.shape), value, rtol=1e-8)


@given(TREES)
def test_latex_and_typst_render(tree):
    latex = to_latex(tree)
    assert latex.count("{") == latex.count("}")
    typst = to_typst(tree)
    assert typst.count("(") == typst.count(")")


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("A^T B", r"{A}^{\top} \, B"),
        ("X^-1", r"{X}^{-1}"),
        ("3/4", r"\frac{3}{4}"),
        ("[1 2; 3 4]", r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}"),
        ("||x||_F", r"\left\| x \right\|_F"),
        ("alpha x_1", r"\alpha \, x_{1}"),
        ("tr(A)", r"\operatorname{tr}\left(A\right)"),
        ("sigmoid(z)", r"\sigma\left(z\right)"),
    ],
)
def test_latex(text, latex):
    assert (
        to_latex(parse(text, {"A": "3x3", "B": "3x3", "x": "3", "alpha": "1", "x_1": "1"})) == latex
    )


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("A^T(Ax - b)", "Aᵀ (A x − b)"),
        ("inv(X).T", "X⁻ᵀ"),
        ("x^T A x", "xᵀ A x"),
        ("||x||^2", "‖x‖²"),
        ("sigmoid(z)(1 - sigmoid(z))", "σ(z) (1 − σ(z))"),
        ("2*x*exp(x^2)", "2 x exp(x²)"),
        ("A ⊙ B", "A ⊙ B"),
    ],
)
def test_text(text, shown):
    shapes = {"A": "3x3", "B": "3x3", "x": "3", "b": "3", "X": "3x3", "z": "3"}
    assert to_text(parse(text, shapes)) == shown


def test_typst_of_matrices_and_fractions():
    assert to_typst(parse("[1 2; 3 4]")) == 'mat(delim: "[", 1, 2; 3, 4)'
    assert to_typst(parse("3/4")) == "frac(3, 4)"
    assert to_typst(parse("A^T", {"A": "2x2"})) == "A^top"


def test_numpy_code_uses_matmul_only_between_matrices():
    code = to_numpy(
        parse("2 A^T (A x - b)", {"A": "4x3", "x": "3", "b": "4"}), {"A": "4x3", "x": "3", "b": "4"}
    )
    assert "@" in code and "A.T" in code
    assert code.startswith("(2 * ")


def test_typst_output_compiles(tmp_path):
    import typst

    shapes = {"A": "3x3", "B": "3x3", "x": "3", "b": "3", "X": "3x3", "z": "3", "alpha": "1"}
    texts = [
        "A^T(Ax - b)",
        "inv(X).T",
        "x^T A x",
        "||x||^2",
        "||X||_F",
        "||x||_1",
        "A ⊙ B",
        "A ⊗ B",
        "tr(A X B)",
        "det(X) X^-T",
        "log(det(X))",
        "softmax(z) - b",
        "sigmoid(z)",
        "exp(-x^T x / 2)",
        "3/4 A",
        "[1 2; 3 4]",
        "sqrt(2)/2",
        "|alpha|",
        "2*1 + (-1)*4",
        "undefined",
        "max(x, 0)",
        "diag(x) b",
        "log2(8) + log10(100)",
        "e^alpha + pi",
    ]
    body = "\n\n".join(f"$ {to_typst(parse(t, shapes))} $" for t in texts)
    source = tmp_path / "exprs.typ"
    source.write_text("#set page(width: 12cm, height: auto)\n" + body)
    pdf = tmp_path / "exprs.pdf"
    typst.compile(str(source), output=str(pdf))
    assert pdf.stat().st_size > 1000
