"""Equivalence by evaluation and the diagnosis codes of DESIGN.md section 3."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dlmath
from dlmath.checker import DIAGNOSES, equivalent

LSQ = {"A": "4x2", "x": "2", "b": "4"}
SQ = {"A": "3x3", "B": "3x3", "x": "3"}

EQUAL = [
    ("A^T(Ax - b)", "A^T A x - A^T b", LSQ, {}),
    ("A.T @ (A @ x - b)", "A^T A x - A^T b", LSQ, {}),
    ("tr(A B)", "tr(B A)", {"A": "mxn", "B": "nxm"}, {}),  # SymPy's simplify fails this one
    ("x^T A x", "x^T A^T x", {"A": "nxn", "x": "n"}, {}),  # and this one
    ("(A B)^T", "B^T A^T", {"A": "mxn", "B": "nxp"}, {}),
    ("(A B)^-1", "B^-1 A^-1", SQ, {}),
    ("2 A x", "(A + A^T) x", SQ, {"A": ["symmetric"]}),
    ("Q^T Q", "I", {"Q": "nxn"}, {"Q": ["orthogonal"]}),
    ("A + 0", "A", SQ, {}),
    ("I A", "A", SQ, {}),
    ("log(det(X))", "logdet(X)", {"X": "nxn"}, {"X": ["spd"]}),
    ("sum(p)", "1", {"p": "n"}, {"p": ["probability"]}),
    ("sigmoid(z)(1 - sigmoid(z))", "exp(-z)/(1 + exp(-z))^2", {}, {}),
    ("0.75", "3/4", {}, {}),
    ("[1 2; 3 4]", "[[1, 2], [3, 4]]", {}, {}),
    ("sqrt(8)", "2 sqrt(2)", {}, {}),
    ("||x||^2", "x^T x", {"x": "n"}, {}),
    ("log(x^2)", "2 log(x)", {}, {"x": ["positive"]}),
    ("exp(log(x))", "x", {}, {"x": ["positive"]}),
    ("A ⊙ B", "B ⊙ A", SQ, {}),
]


@pytest.mark.parametrize(("answer", "expected", "shapes", "assume"), EQUAL)
def test_equal(answer, expected, shapes, assume):
    result = equivalent(answer, expected, shapes=shapes, assume=assume)
    assert result, result.feedback
    assert result.diagnosis is None


DIAGNOSED = [
    ("A x +", "A x", SQ, {}, "parse-error"),
    ("A y", "A x", SQ, {}, "unknown-name"),
    ("x A", "A x", SQ, {}, "shape-error"),
    ("undefined", "A x", SQ, {}, "defined-vs-undefined"),
    ("[[1, 2]]", "undefined", {}, {}, "defined-vs-undefined"),
    ("B A", "A^T B^T", {"A": "3x4", "B": "5x3"}, {}, "transpose"),
    ("A^T B^T", "B A", {"A": "nxn", "B": "nxn"}, {}, "transpose"),
    ("x^T A", "A x", {"A": "3x3", "x": "3"}, {"A": ["symmetric"]}, "transpose"),
    ("A x", "A^T", {"A": "3x3", "x": "3"}, {}, "wrong-shape"),
    ("-A x", "A x", SQ, {}, "sign"),
    ("A^T(A x - b)", "2 A^T (A x - b)", LSQ, {}, "factor"),
    ("2 A x", "(A + A^T) x", SQ, {}, "symmetric-only"),
    ("A ⊙ B", "A B", SQ, {}, "elementwise-vs-matrix"),
    ("A * B", "A ⊙ B", {"A": "2x3", "B": "2x3"}, {}, "elementwise-vs-matrix"),
    ("0.32", "1/3", {}, {}, "close"),
    ("3.1", "pi", {}, {}, "close"),
    ("A x + x", "A x", SQ, {}, "wrong"),
    ("[[1, 2], [3, 5]]", "[[1, 2], [3, 4]]", {}, {}, "wrong"),
]


@pytest.mark.parametrize(("answer", "expected", "shapes", "assume", "code"), DIAGNOSED)
def test_diagnosis(answer, expected, shapes, assume, code):
    result = equivalent(answer, expected, shapes=shapes, assume=assume)
    assert not result
    assert result.diagnosis == code, result.feedback
    assert result.feedback and result.feedback[0].isupper()


def test_every_generic_code_is_exercised():
    assert {c for *_, c in DIAGNOSED} == set(DIAGNOSES)


def test_feedback_names_what_is_wrong():
    shape = equivalent("x A", "A x", shapes=SQ)
    assert "x is 3×1 but A is 3×3" in shape.feedback
    factor = equivalent("A^T(A x - b)", "2 A^T (A x - b)", shapes=LSQ)
    assert factor.details["factor"] == "1/2" and "factor of 2" in factor.feedback
    sym = equivalent("2 A x", "(A + A^T) x", shapes=SQ)
    assert "A" in sym.feedback and "symmetric" in sym.feedback
    entries = equivalent("[[1, 2], [3, 5]]", "[[1, 2], [3, 4]]")
    assert entries.details["wrong_entries"] == [[2, 2]]
    assert "(2, 2)" in entries.feedback
    parse_error = equivalent("A x +", "A x", shapes=SQ)
    assert parse_error.position == 5 and "^" in parse_error.details["caret"]


def test_transposed_gradient_caught_by_shape():
    # a gradient must have the shape of the variable: X is 3×5, so A^T B^T (3×5), not B A
    r = equivalent("B A", "A^T B^T", shapes={"A": "4x3", "X": "3x5", "B": "5x4"})
    assert r.diagnosis == "transpose"
    assert "3×5" in r.feedback


def test_expected_side_errors_raise():
    with pytest.raises(dlmath.InputError):
        equivalent("x", "x +")
    with pytest.raises(dlmath.InputError):
        equivalent("x", "A x", shapes={"A": "3x4", "x": "3"})
    with pytest.raises(dlmath.InputError):
        equivalent("x", "x", assume={"x": ["round"]})


def test_decimals_rounded_correctly_are_right():
    assert equivalent("0.333", "1/3")
    assert equivalent("[0.5, 0.333]", "[1/2, 1/3]")
    assert equivalent("1.41", "sqrt(2)")
    assert not equivalent("1.42", "sqrt(2)")


@given(
    a=st.lists(st.integers(-5, 5), min_size=4, max_size=4),
    b=st.lists(st.integers(-5, 5), min_size=4, max_size=4),
)
def test_integer_matrix_products_match_numpy(a, b):
    A = np.array(a).reshape(2, 2)
    B = np.array(b).reshape(2, 2)
    product = A @ B
    text = "[" + ", ".join("[" + ", ".join(str(v) for v in row) + "]" for row in product) + "]"
    assert equivalent(text, f"{A.tolist()} {B.tolist()}")


def test_api_contract_example():
    r = dlmath.equivalent(
        "A^T(Ax - b)", "A^T A x - A^T b", shapes={"A": "4x2", "x": "2", "b": "4"}, assume={}
    )
    assert bool(r) and r.diagnosis is None


def test_multiples_of_identity_keep_their_size():
    from dlmath.expr import parse
    from dlmath.expr.evaluate import evaluate

    zero = np.zeros((2, 2))
    assert np.array_equal(evaluate(parse("2 I + A"), {"A": zero}), 2 * np.eye(2))
    assert np.array_equal(evaluate(parse("t I + A"), {"A": zero, "t": 3.0}), 3 * np.eye(2))
    ridge = {"A": "4x3", "x": "3", "b": "4"}
    assert equivalent("(A^T A + 3 I) x", "A^T A x + 3 x", shapes=ridge)
    assert not equivalent("(A^T A + 3) x", "A^T A x + 3 x", shapes=ridge)


def test_symbolic_products_of_sizes_commute():
    from dlmath.expr import infer_shape, parse

    shapes = {"A": "mxn", "X": "nxp", "B": "pxq"}
    shape = infer_shape(parse("(B^T ⊗ A) vec(X)", shapes), shapes)
    assert str(shape) == "m·q×1"
    assert equivalent("(B^T ⊗ A) vec(X)", "vec(A X B)", shapes=shapes)


def test_a_bare_identity_takes_its_size_from_the_other_side():
    assert equivalent("I", "I", shapes={"X": "3x3"})
    assert equivalent("[[1, 0], [0, 1]]", "I")
    assert equivalent("I", "[[1, 0, 0], [0, 1, 0], [0, 0, 1]]")
    assert equivalent("2 I", "I").diagnosis == "factor"


def test_softmax_of_a_row_normalises_the_row():
    from dlmath.expr import parse
    from dlmath.expr.evaluate import evaluate

    row = evaluate(parse("softmax(z)"), {"z": np.array([[1.0, 2.0, 3.0]])})
    assert abs(row.sum() - 1) < 1e-12 and row.shape == (1, 3)


def test_shape_feedback_quotes_what_was_typed_with_its_brackets():
    r = equivalent("2 A (A x - b)", "2 A^T (A x - b)", shapes={"A": "4x3", "x": "3", "b": "4"})
    assert r.diagnosis == "shape-error"
    assert "2 A (A x − b)" in r.feedback
    upper = equivalent("A^T B^T", "(A B)^T", shapes={"A": "3x2", "B": "2x4"})
    assert "Aᵀ Bᵀ:" in upper.feedback  # names keep their case


def test_star_meant_as_elementwise_is_named():
    shapes = {"z": "3", "delta": "3"}
    expected = "sigmoid(z) ⊙ (1 - sigmoid(z)) ⊙ delta"
    for typed in ("sigmoid(z) * (1 - sigmoid(z)) * delta", "sigmoid(z) (1 - sigmoid(z)) delta"):
        assert equivalent(typed, expected, shapes=shapes).diagnosis == "elementwise-vs-matrix"
    hint = equivalent("z delta", "z ⊙ delta + z", shapes=shapes)
    assert hint.diagnosis == "shape-error" and "⊙" in hint.feedback


@pytest.mark.parametrize(
    ("typed", "exact", "right"),
    [
        ("6.7", "1341/200", True),
        ("0.875", "7/8", True),
        ("0.88", "7/8", False),
        ("0.333", "1/3", True),
        ("0.33", "1/3", False),
        ("1.41", "sqrt(2)", True),
    ],
)
def test_rounded_decimals_need_three_significant_figures(typed, exact, right):
    result = equivalent(typed, exact)
    assert result.equivalent is right
    if not right:
        assert result.diagnosis == "close"


# ---- one chain: the drifts of two chains, pinned --------------------------------------


def test_tolerance_means_one_thing_for_numbers_and_expressions():
    number = equivalent("1.015", "1", tolerance=0.01)
    expression = equivalent("1.015 x", "x", tolerance=0.01)
    assert not number and not expression
    assert number.diagnosis == expression.diagnosis == "close"
    assert equivalent("1.005", "1", tolerance=0.01)
    assert equivalent("1.005 x", "x", tolerance=0.01)


def test_tolerance_is_relative_to_each_entry():
    assert not equivalent("[1e9, 1.0]", "[1e9, 2]", tolerance=0.01)
    assert not equivalent("[1000000000, 1]", "[1000000000, 2]")
    assert equivalent("[1e9, 2.01]", "[1e9, 2]", tolerance=0.01)


def test_a_list_answer_keeps_the_caret_of_its_parse_error():
    from dlmath.checker import check_answer
    from dlmath.exercises import exercise

    ex = exercise("linalg.eigen", 1, 1)
    verdict = check_answer(ex, "3, (2")
    assert verdict.diagnosis == "parse-error"
    assert verdict.details["caret"].endswith("^")


def test_the_exact_value_note_reaches_every_printer():
    from dlmath.checker.verdict import Verdict

    result = equivalent("0.333", "1/3")
    assert result and "the exact value is 1/3" in result.feedback
    verdict = Verdict(True, result.feedback, None, "1/3", read_as="0.333")
    assert verdict.lines() == ["read as: 0.333", "✓ correct (the exact value is 1/3)"]


def test_exact_where_exact_exists():
    assert equivalent("inv([[10^13, 0], [0, 1]])", "[[1/10000000000000, 0], [0, 1]]")
    assert equivalent("det([[1.5*10^6, 3*10^6], [11*10^6, 22*10^6]])", "0")
    assert not equivalent("det([[1.5*10^6, 3*10^6], [11*10^6, 22*10^6 + 1]])", "0")


def test_never_one_times_the_right_answer():
    for answer in ("[2.61538, -0.153846]", "[2.6154, -0.15385]", "[2.7, -0.15]"):
        result = equivalent(answer, "[34/13, -2/13]")
        assert "1 times" not in result.feedback, answer


def test_decimals_are_judged_entry_by_entry():
    assert equivalent("[2.61538, -0.153846]", "[34/13, -2/13]")
    assert equivalent("[-1.66667 -0.666667; 3 0.5]", "[-5/3 -2/3; 3 1/2]")
    wrong = equivalent("[2.61538, -0.15]", "[34/13, -2/13]")
    assert not wrong and wrong.diagnosis == "close"


def test_a_bare_list_is_the_column_asked_for():
    assert equivalent("1, 19", "[1, 19]")
    assert not equivalent("1, 19", "[1, 18]")
    assert equivalent("1, 2", "3").diagnosis == "wrong-shape"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("e^-1", "exp(-1)"),
        ("2^-1", "1/2"),
        ("3e^{-1}", "3/e"),
        ("log₂ 3", "log2(3)"),
        ("log_2(3)", "log2(3)"),
        ("log(3, 2)", "log2(3)"),
        ("lg 3", "log2(3)"),
        ("log_3(9)", "2"),
        ("4!", "24"),
        ("binom(8, 3)", "56"),
        ("C(8, 3)", "56"),
        ("cosh(0) + sinh(0) + sech(0)", "2"),
        ("pinv([[2, 0], [0, 4]])", "[[1/2, 0], [0, 1/4]]"),
        ("[[2, 0], [0, 4]]⁺", "[[1/2, 0], [0, 1/4]]"),
    ],
)
def test_the_notation_the_tool_prints_can_be_typed_back(answer, expected):
    assert equivalent(answer, expected), answer


def test_a_matrix_product_binds_tighter_than_the_elementwise_one():
    shapes = {"z": "3", "W2": "4x3", "delta": "4"}
    assert equivalent("σ'(z) ⊙ W2ᵀ δ", "sigmoid(z) ⊙ (1 - sigmoid(z)) ⊙ (W2^T delta)", shapes)
    assert equivalent("relu'(z) ⊙ W2^T delta", "step(z) ⊙ (W2^T delta)", shapes)
