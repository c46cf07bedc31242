"""The input language: every documented spelling parses, to the same tree as its twins."""

from __future__ import annotations

from fractions import Fraction

import pytest

from dlmath.expr import InputError, LimitError, parse
from dlmath.expr.evaluate import evaluate_exact
from dlmath.expr.nodes import (
    Func,
    IdentityMatrix,
    Inverse,
    ListOf,
    Matrix,
    Mul,
    Norm,
    Sym,
    Transpose,
)
from dlmath.expr.render import to_text

SHAPES = {"A": "3x3", "B": "3x3", "X": "3x3", "x": "3", "b": "3", "z": "3", "W2": "3x3"}

SAME = [
    # transposes
    ("A^T", ["A'", "A.T", "Aᵀ", "transpose(A)", "A^{T}", "A^⊤"]),
    # inverses
    ("A^-1", ["A^{-1}", "A⁻¹", "inv(A)", "A^(-1)"]),
    ("A^-T", ["A^{-T}", "A⁻ᵀ", "inv(A).T", "(A^-1)^T"]),
    # products: juxtaposition, *, ·, @
    ("A B", ["A*B", "A·B", "A @ B", "AB", "A⋅B"]),
    ("A X B", ["AXB", "A*X*B", "A @ X @ B"]),
    ("2 A x", ["2Ax", "2*A*x", "2·A·x"]),
    ("A^T (A x - b)", ["A^T(Ax - b)", "A.T @ (A @ x - b)", "A'(A x − b)"]),
    ("x^T A x", ["x'Ax", "x.T @ A @ x", "xᵀAx"]),
    ("A ⊙ B", ["A .* B", "A ∘ B"]),
    # functions
    ("tr(A)", ["trace(A)"]),
    ("log(x)", ["ln(x)", "ln x", "log x"]),
    ("sigmoid(z)", ["σ(z)", "sigma(z)"]),
    ("||x||", ["‖x‖", "norm(x)", "||x||_2"]),
    ("||x||^2", ["‖x‖²", "norm(x)^2"]),
    ("x^2", ["x²", "x^{2}", "x^(2)"]),
    ("[[1, 2], [3, 4]]", ["[1 2; 3 4]", "[1, 2; 3, 4]", "[[1,2],[3,4]]"]),
    ("[1, 2, 3]", ["[1; 2; 3]", "[[1], [2], [3]]"]),
    ("[[1, 2, 3]]", ["[1 2 3]", "[1, 2, 3;]"]),
    ("[[1, -2], [3, 4]]", ["[1 -2; 3 4]", "[1, -2; 3, 4]"]),
    ("alpha x", ["α x", "αx"]),
    ("lambda", ["λ"]),
    ("x_1", ["x_{1}"]),
]


@pytest.mark.parametrize(("canonical", "variants"), SAME)
def test_spellings_parse_to_the_same_tree(canonical, variants):
    shapes = dict(SHAPES, alpha="1", lambda_="1", x_1="1")
    expected = parse(canonical, shapes)
    for variant in variants:
        assert parse(variant, shapes) == expected, variant


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", 3),
        ("-2", -2),
        ("0.75", Fraction(3, 4)),
        ("1e-3", Fraction(1, 1000)),
        ("3/4", Fraction(3, 4)),
        ("2^10", 1024),
        ("1/2 + 1/3", Fraction(5, 6)),
        ("det([[1, 2], [3, 4]])", -2),
        ("tr([1 2; 3 4])", 5),
        ("sqrt(4)", 2),
        ("|−3|", 3),
        ("max(2, 5)", 5),
        ("[1, 2]^T [3, 4]", 11),
        ("log2(8)", 3),
        ("2(3 + 4)", 14),
        ("-3^2", -9),
        ("2^-1", Fraction(1, 2)),
        ("step(3) + step(0) + step(-2)", 1),
        ("sign(-3) + sign(0)", -1),
    ],
)
def test_exact_values(text, value):
    assert evaluate_exact(parse(text)) == [[Fraction(value)]]


def test_structure():
    assert isinstance(parse("I"), IdentityMatrix)
    assert isinstance(parse("A^T", SHAPES), Transpose)
    assert isinstance(parse("A^-1", SHAPES), Inverse)
    assert parse("[1, 2, 3]") == parse("[[1], [2], [3]]")
    assert isinstance(parse("[1, 2, 3]"), Matrix)
    assert len(parse("[[1, 2, 3]]").rows) == 1
    assert isinstance(parse("1, 2, 3"), ListOf)
    assert parse("||X||_F", SHAPES) == Norm(Sym("X"), "F")
    assert parse("||x||_1", SHAPES) == Norm(Sym("x"), "1")
    assert isinstance(parse("softmax(z)", SHAPES), Func)
    assert parse("dot(x, b)", SHAPES) == parse("x^T b", SHAPES)


def test_letters_split_into_declared_names_only():
    assert parse("AXB", SHAPES) == Mul((Sym("A"), Sym("X"), Sym("B")))
    # undeclared runs stay whole so the checker can name them
    assert parse("foo", SHAPES) == Sym("foo")
    # with nothing declared, a run of letters is a product of single letters (xy = x·y)
    assert parse("xy") == Mul((Sym("x"), Sym("y")))
    assert parse("W2 x", SHAPES) == Mul((Sym("W2"), Sym("x")))


def test_answers_that_are_not_expressions():
    assert to_text(parse("undefined")) == "undefined"
    assert parse("DNE") == parse("none") == parse("undefined")
    assert to_text(parse("true")) == "true"


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("A (", "ends too early", 3),
        ("(x + 1", "expected ')'", 6),
        ("[[1, 2], [3]]", "ragged matrix: row 2 has 1 entry", 10),
        ("2 3", "two numbers side by side", 2),
        ("x!", "factorials", 1),
        ("a = 3", "not an equation", 2),
        ("x $ y", "unexpected character", 2),
        ("foo(x)", "unknown function 'foo'", 0),
        ("[]", "empty matrix", 0),
        ("", "empty", 0),
        ("tr()", "needs an argument", 3),
        ("max(1, 2, 3)", "takes 2 arguments", 0),
        ("x ^", "ends too early", 3),
        ("T", "transpose", 0),
    ],
)
def test_errors_say_what_and_where(text, message, position):
    with pytest.raises(InputError) as info:
        parse(text)
    assert message in info.value.message
    assert info.value.position == position
    assert "^" in info.value.caret()


@pytest.mark.parametrize(
    "text",
    [
        "x" * 1001,
        "(" * 60 + "x" + ")" * 60,
        "1" * 31,
        "x^101",
        "x^-101",
        "1e101",
        "+".join(["x"] * 400),
    ],
)
def test_limits(text):
    with pytest.raises(LimitError):
        parse(text)


def test_caret_points_at_the_position():
    with pytest.raises(InputError) as info:
        parse("2 * (x + ")
    lines = info.value.caret().splitlines()
    assert lines[0] == "2 * (x + "
    assert lines[1].index("^") == info.value.position
