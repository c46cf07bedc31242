"""Judging answers to exercises, for every answer kind, and answer forms."""

from __future__ import annotations

import pytest

from dlmath.checker import check_answer
from dlmath.exercises.base import Exercise, Misconception


def make(kind: str, expected: str, **fields) -> Exercise:
    base = {"prompt": "", "text": "", "data": {}, "hints": [], "solution": ""}
    base.update(fields)
    return Exercise(kind=kind, expected=expected, id="test:1:0", skill="test", **base)


def test_matrix_value_and_forms():
    ex = make("matrix", "[[-28, 20, -12]]")
    assert check_answer(ex, "[[-28, 20, -12]]").correct
    assert check_answer(ex, "[-28 20 -12]").correct  # MATLAB row
    echo = check_answer(ex, "[[4, -4]] [[-2, 1, -4], [5, -4, -1]]")
    assert not echo.correct and echo.diagnosis == "wrong"
    assert "value itself" in echo.feedback
    assert check_answer(ex, "4 [[-7, 5, -3]]").correct  # a number times a literal is a value


def test_number_forms():
    ex = make("number", "21")
    assert check_answer(ex, "21").correct
    assert check_answer(ex, "20 + 1").correct
    assert not check_answer(ex, "det([[3, 0], [0, 7]])").correct


def test_expanded_form():
    ex = make("expression", "B^T A^T", shapes={"A": "3x4", "B": "4x2"}, form="expanded")
    assert check_answer(ex, "B' A'").correct
    verdict = check_answer(ex, "(A B)^T")
    assert not verdict.correct and "expanded" in verdict.feedback


def test_column_vector_typed_as_row_gets_a_hint():
    ex = make("matrix", "[1, 2, 3]")
    verdict = check_answer(ex, "[1 2 3]")
    assert verdict.diagnosis == "transpose" and "columns" in verdict.feedback


def test_catalogued_misconception_wins():
    ex = make(
        "matrix",
        "[[19, 22], [43, 50]]",
        misconceptions=[
            Misconception("misconception:reversed-product", "[[23, 34], [31, 46]]", "That is B A.")
        ],
    )
    verdict = check_answer(ex, "[[23, 34], [31, 46]]")
    assert verdict.diagnosis == "misconception:reversed-product"
    assert verdict.feedback == "That is B A."


def test_undefined_misconception():
    ex = make(
        "matrix",
        "[[1, 2]]",
        misconceptions=[Misconception("misconception:always-undefined", "undefined", "It exists.")],
    )
    assert check_answer(ex, "undefined").diagnosis == "misconception:always-undefined"


@pytest.mark.parametrize(
    ("kind", "expected", "answer", "correct", "diagnosis"),
    [
        ("list", "3, -1, 2", "2, 3, -1", True, None),
        ("list", "3, -1, 2", "3, -1", False, "wrong"),
        ("list", "1/2, 1/3", "0.5, 0.333", True, None),
        ("sequence", "3, 2, 1", "3, 2, 1", True, None),
        ("sequence", "3, 2, 1", "1, 2, 3", False, "wrong"),
        ("boolean", "true", "True", True, None),
        ("boolean", "true", "no", False, "wrong"),
        ("boolean", "true", "maybe", False, "parse-error"),
        ("shape", "(8, 3, 5)", "8x3x5", True, None),
        ("shape", "(8, 3, 5)", "[8, 3, 5]", True, None),
        ("shape", "(8, 3, 5)", "(8, 5, 3)", False, "transpose"),
        ("shape", "3x4", "undefined", False, "defined-vs-undefined"),
        ("shape", "undefined", "DNE", True, None),
        ("shape", "3x4", "three by four", False, "parse-error"),
        ("matrix", "undefined", "[[1]]", False, "defined-vs-undefined"),
        ("number", "0.9183", "0.918", True, None),
        ("number", "1/3", "0.3", False, "wrong"),
        ("number", "12", "[[12]]", True, None),
        ("number", "12", "[1, 2]", False, "wrong-shape"),
    ],
)
def test_kinds(kind, expected, answer, correct, diagnosis):
    verdict = check_answer(make(kind, expected), answer)
    assert verdict.correct is correct, verdict.feedback
    assert verdict.diagnosis == diagnosis


def test_choice():
    ex = make(
        "choice",
        "positive definite",
        choices=["positive definite", "positive semidefinite", "indefinite"],
        misconceptions=[Misconception("misconception:determinant-only", "indefinite", "Det.")],
    )
    assert check_answer(ex, "Positive-Definite").correct
    assert check_answer(ex, "indefinite").diagnosis == "misconception:determinant-only"
    assert check_answer(ex, "purple").diagnosis == "parse-error"
    assert check_answer(ex, "positive semi").diagnosis == "wrong"


def test_numeric_tolerance():
    ex = make("number", "0.6931", tolerance=1e-3)
    assert check_answer(ex, "0.693").correct
    assert check_answer(ex, "ln(2)").correct
    close = check_answer(ex, "0.68")
    assert close.diagnosis == "close" and "%" in close.feedback


def test_never_raises_for_learner_text():
    ex = make("expression", "A x", shapes={"A": "3x3", "x": "3"})
    for text in ["", "(", "x" * 5000, "\x00", "A x y", "A B", "undefined", "1, 2", "true"]:
        verdict = check_answer(ex, text)
        assert not verdict.correct and verdict.feedback


def test_choice_words_with_hyphens_and_lists_in_brackets():
    ex = make("choice", "negative semidefinite", choices=["negative semidefinite", "indefinite"])
    assert check_answer(ex, "negative semi-definite").correct
    seq = make("sequence", "15, 10")
    assert check_answer(seq, "[15, 10]").correct
    assert check_answer(seq, "[15 10]").correct


def test_boolean_misconception_gets_its_code():
    ex = make(
        "boolean",
        "false",
        misconceptions=[Misconception("misconception:one-cell", "true", "Check every cell.")],
    )
    verdict = check_answer(ex, "true")
    assert verdict.diagnosis == "misconception:one-cell" and verdict.feedback == "Check every cell."
    assert check_answer(ex, "no").correct


def test_the_exercise_says_why_it_is_undefined():
    ex = make("matrix", "undefined", undefined_reason="A B does not exist: 2×3 times 2×2.")
    verdict = check_answer(ex, "[[1, 2], [3, 4]]")
    assert verdict.diagnosis == "defined-vs-undefined"
    assert verdict.feedback == "A B does not exist: 2×3 times 2×2."


# ---- deep-learning slips get their own sentence ------------------------------------------


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("-y/softmax(z)", "misconception:gradient-wrt-probabilities"),
        ("-y ⊙ (1 - softmax(z))", "misconception:sigmoid-derivative-for-softmax"),
        (
            "softmax(z) ⊙ (1 - softmax(z)) ⊙ (-y / softmax(z))",
            "misconception:sigmoid-derivative-for-softmax",
        ),
    ],
)
def test_softmax_cross_entropy_slips(answer, code):
    from dlmath.exercises import exercise_from_id

    ex = exercise_from_id("calculus.backprop-layers:2:1")
    assert ex.expected == "softmax(z) - y"
    verdict = check_answer(ex, answer)
    assert not verdict.correct and verdict.diagnosis == code


def test_a_half_reversed_inverse_of_a_product():
    from dlmath.checker import equivalent

    shapes = {"X": "nxn", "Y": "nxn", "Z": "nxn"}
    assume = {n: ["invertible"] for n in shapes}
    for answer in ("Z^-1 X^-1 Y^-1", "X^-1 Y^-1 Z^-1", "Y^-1 Z^-1 X^-1"):
        result = equivalent(answer, "(X Y Z)^-1", shapes, assume)
        assert result.diagnosis == "misconception:factor-order", answer
    assert equivalent("Z^-1 Y^-1 X^-1", "(X Y Z)^-1", shapes, assume)


def test_a_dropped_batch_dimension():
    ex = make("shape", "(6, 8, 5, 3)")
    for answer in ("(5, 3)", "8x5x3"):
        assert check_answer(ex, answer).diagnosis == "misconception:dropped-batch-dimension"


def test_a_superscript_in_a_shape_is_a_clean_error():
    verdict = check_answer(make("shape", "5x5"), "3x²")
    assert verdict.diagnosis == "parse-error"
