"""Judging a learner's answer to an exercise, for every answer kind.

``check_answer`` never raises for anything a learner types: every problem in the answer
becomes a diagnosis with feedback.
"""

from __future__ import annotations

import re
from fractions import Fraction

from dlmath.checker import feedback as say
from dlmath.checker.compare import compare
from dlmath.checker.equivalence import (
    Equivalence,
    judge_text,
    make_givens,
    parse_expected,
    parse_failure,
)
from dlmath.checker.forms import form_feedback
from dlmath.checker.judgement import Catalogued, Givens, Judgement
from dlmath.checker.readings import point_skill, reorient, split_unit, unit_asked, wrong_unit
from dlmath.checker.verdict import Verdict
from dlmath.expr.errors import EvaluationError, InputError
from dlmath.expr.evaluate import NotExact, evaluate, evaluate_exact
from dlmath.expr.limits import MAX_CHARS
from dlmath.expr.nodes import Bool, Expr, ListOf, Matrix, Undefined
from dlmath.expr.parser import parse
from dlmath.expr.render import to_text


def check_answer(exercise, answer: str) -> Verdict:
    """The verdict on ``answer`` to ``exercise`` (an ``Exercise``)."""
    kind = exercise.kind
    if not isinstance(answer, str):
        answer = str(answer)
    if len(answer) > MAX_CHARS:
        error = InputError(f"the answer is {len(answer)} characters long; the limit is {MAX_CHARS}")
        return _verdict(exercise, Equivalence(False, "parse-error", say.parse_error(error)))
    if kind == "choice":
        return _verdict(exercise, _judge_choice(exercise, answer))
    if kind == "shape":
        return _verdict(exercise, _judge_shape(exercise, answer))
    givens = make_givens(
        exercise.shapes,
        exercise.assume,
        exercise.tolerance,
        undefined_reason=exercise.undefined_reason,
    )
    catalogue = tuple(
        Catalogued(m.code, parse_expected(m.answer, givens), m.feedback)
        for m in exercise.misconceptions
    )
    expected = parse_expected(exercise.expected, givens)
    if kind in ("list", "sequence"):
        return _verdict(exercise, _judge_list(exercise, answer, expected, givens, catalogue))
    if kind == "boolean":
        return _verdict(exercise, _judge_boolean(answer, expected, exercise.misconceptions))
    value_text, unit = split_unit(answer)
    asked = unit_asked(exercise.text) if unit else None
    if unit and asked and unit != asked:
        return _verdict(exercise, wrong_unit(value_text, unit, asked, expected, givens))
    prepare = reorient if point_skill(exercise.skill) else None
    result = judge_text(value_text, expected, givens, catalogue, prepare=prepare)
    if result.equivalent:
        result = _enforce_form(exercise, value_text, givens, result)
    if kind == "number" and result.diagnosis == "wrong-shape":
        result = Equivalence(False, "wrong-shape", "The answer is a single number.", result.read_as)
    return _verdict(exercise, result)


def _enforce_form(exercise, answer: str, givens: Givens, result: Equivalence) -> Equivalence:
    why = form_feedback(parse(answer, givens.shapes), exercise.form, exercise.kind)
    if why is None:
        return result
    return Equivalence(
        False, "wrong", why, result.read_as, details={"form": "not-" + (exercise.form or "value")}
    )


def _verdict(exercise, result: Equivalence) -> Verdict:
    return Verdict(
        correct=result.equivalent,
        feedback=result.feedback,
        diagnosis=result.diagnosis,
        expected=exercise.expected,
        read_as=result.read_as,
        position=result.position,
        details=result.details,
    )


# ---- lists -----------------------------------------------------------------------------


def _items(tree: Expr) -> tuple[Expr, ...]:
    """The values of a list answer; ``[15, 10]`` (a vector of numbers) counts as a list."""
    if isinstance(tree, ListOf):
        return tree.items
    if isinstance(tree, Matrix) and (len(tree.rows) == 1 or len(tree.rows[0]) == 1):
        return tuple(x for row in tree.rows for x in row)
    return (tree,)


def _read_list(answer: str, givens: Givens, expected_count: int) -> Expr:
    """The list typed: ``1, -2``, or ``1 -2`` (values separated by spaces, as inside
    brackets) when more than one value is asked. Raises ``InputError``."""
    spaced = answer.strip()
    if expected_count > 1 and " " in spaced and not any(c in spaced for c in ",;[]"):
        try:
            row = parse(f"[{spaced}]", givens.shapes)
        except InputError:
            row = None
        if isinstance(row, Matrix) and len(row.rows) == 1 and len(row.rows[0]) > 1:
            return ListOf(row.rows[0])
    return parse(answer, givens.shapes)


def _judge_list(exercise, answer: str, expected: Expr, givens: Givens, catalogue) -> Equivalence:
    problem = givens
    try:
        tree = _read_list(answer, givens, len(_items(expected)))
    except InputError as error:
        return parse_failure(error)
    read_as = to_text(tree)
    ordered = exercise.kind == "sequence"
    answer_items, expected_items = _items(tree), _items(expected)
    if _lists_equal(answer_items, expected_items, problem, ordered):
        return Equivalence(True, None, say.correct(), read_as)
    for item in catalogue:
        if _lists_equal(answer_items, _items(item.tree), problem, ordered):
            return Equivalence(False, item.code, item.feedback, read_as)
    if len(answer_items) != len(expected_items):
        return Equivalence(
            False,
            "wrong",
            f"Not right: the answer has {len(expected_items)} values, yours has "
            f"{len(answer_items)}.",
            read_as,
        )
    if ordered and _lists_equal(answer_items, expected_items, problem, ordered=False):
        return Equivalence(
            False, "wrong", "The values are right but not in the order asked for.", read_as
        )
    if len(expected_items) == 1:
        outcome: Judgement = compare(answer_items[0], expected_items[0], problem)
        return Equivalence(False, outcome.diagnosis, outcome.feedback, read_as)
    if _lists_equal(answer_items, tuple(_negate(e) for e in expected_items), problem, ordered):
        return Equivalence(False, "sign", say.sign(), read_as)
    matched = _count_matches(answer_items, expected_items, problem)
    return Equivalence(
        False,
        "wrong",
        f"Not right: {matched} of the {len(expected_items)} values are right.",
        read_as,
    )


def _negate(e: Expr) -> Expr:
    from dlmath.expr.nodes import Neg

    return Neg(e)


def _same(a: Expr, e: Expr, problem: Givens) -> bool:
    try:
        return compare(a, e, problem).correct
    except InputError:
        return False


def _lists_equal(answer, expected, problem: Givens, ordered: bool) -> bool:
    if len(answer) != len(expected):
        return False
    if ordered:
        return all(_same(a, e, problem) for a, e in zip(answer, expected, strict=True))
    remaining = list(expected)
    for a in answer:
        hit = next((k for k, e in enumerate(remaining) if _same(a, e, problem)), None)
        if hit is None:
            return False
        remaining.pop(hit)
    return True


def _count_matches(answer, expected, problem: Givens) -> int:
    remaining = list(expected)
    count = 0
    for a in answer:
        hit = next((k for k, e in enumerate(remaining) if _same(a, e, problem)), None)
        if hit is not None:
            remaining.pop(hit)
            count += 1
    return count


# ---- true/false, choices, shapes ---------------------------------------------------------


_BOOLEAN_WORDS = {"true": True, "t": True, "yes": True, "false": False, "f": False, "no": False}


def _judge_boolean(answer: str, expected: Expr, misconceptions=()) -> Equivalence:
    value = _BOOLEAN_WORDS.get(answer.strip().lower())
    if value is None:
        return Equivalence(False, "parse-error", "Answer true or false.")
    assert isinstance(expected, Bool)
    read_as = str(value).lower()
    if value == expected.value:
        return Equivalence(True, None, say.correct(), read_as)
    for m in misconceptions:
        if _BOOLEAN_WORDS.get(m.answer.strip().lower()) == value:
            return Equivalence(False, m.code, m.feedback, read_as)
    return Equivalence(False, "wrong", say.wrong(), read_as)


def _normal_words(text: str) -> str:
    """``Negative semi-definite`` and ``negative semidefinite`` are one answer."""
    return re.sub(r"[\s_-]+", "", text.strip().lower())


def _judge_choice(exercise, answer: str) -> Equivalence:
    given = _normal_words(answer)
    options = {_normal_words(c): c for c in exercise.choices}
    picked = options.get(given)
    if picked is None and len(given) >= 3:
        prefixed = [c for key, c in options.items() if key.startswith(given)]
        picked = prefixed[0] if len(prefixed) == 1 else None
    if picked is None:
        return Equivalence(
            False, "parse-error", f"Answer one of: {', '.join(exercise.choices)}.", None
        )
    if _normal_words(picked) == _normal_words(exercise.expected):
        return Equivalence(True, None, say.correct(), picked)
    for m in exercise.misconceptions:
        if _normal_words(m.answer) == _normal_words(picked):
            return Equivalence(False, m.code, m.feedback, picked)
    return Equivalence(False, "wrong", say.wrong(), picked)


_SHAPE_SPLIT = re.compile(r"\s*(?:[x×X*,]|\s)\s*")


def parse_shape_answer(text: str) -> tuple[int, ...] | None:
    """``3x4``, ``3 × 4``, ``(8, 3, 5)``, ``[8, 3, 5]`` -> a tuple; ``undefined`` -> None."""
    raw = text.strip()
    if raw.lower() in ("undefined", "dne", "none", "error"):
        return None
    inner = raw.strip("()[]").strip()
    if not inner:
        raise InputError("write a shape like 3x4 or (8, 3, 5), or 'undefined'", text, 0)
    parts = [p for p in _SHAPE_SPLIT.split(inner) if p]
    if not parts or len(parts) > 8 or not all(_digits(p) and len(p) <= 6 for p in parts):
        raise InputError("write a shape like 3x4 or (8, 3, 5), or 'undefined'", text, 0)
    return tuple(int(p) for p in parts)


def _digits(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts ``²``, which ``int`` refuses."""
    return text.isascii() and text.isdigit()


def _shape_words(shape: tuple[int, ...] | None) -> str:
    return "undefined" if shape is None else "(" + ", ".join(map(str, shape)) + ")"


def _judge_shape(exercise, answer: str) -> Equivalence:
    try:
        given = parse_shape_answer(answer)
    except InputError as error:
        return Equivalence(False, "parse-error", error.message + ".", position=0)
    expected = parse_shape_answer(exercise.expected)
    read_as = _shape_words(given)
    if given == expected:
        return Equivalence(True, None, say.correct(), read_as)
    for m in exercise.misconceptions:
        try:
            if parse_shape_answer(m.answer) == given:
                return Equivalence(False, m.code, m.feedback, read_as)
        except InputError:
            continue
    if (given is None) != (expected is None):
        return Equivalence(
            False,
            "defined-vs-undefined",
            say.defined_vs_undefined(Undefined() if expected is None else Bool(True)),
            read_as,
        )
    assert given is not None and expected is not None
    if len(given) >= 2 and given[:-2] + given[-2:][::-1] == expected:
        return Equivalence(False, "transpose", "The last two sizes are swapped.", read_as)
    if 2 <= len(given) < len(expected) and expected[-len(given) :] == given:
        return Equivalence(
            False, "misconception:dropped-batch-dimension", say.dropped_batch(expected), read_as
        )
    return Equivalence(False, "wrong-shape", f"Not right: the shape is not {read_as}.", read_as)


def exact_value(text: str) -> list[list[Fraction]] | None:
    """The exact value of a concrete expression, or None (for tests and worksheets)."""
    try:
        return evaluate_exact(parse(text))
    except (NotExact, InputError):
        return None


def float_value(text: str):
    """The floating value of a concrete expression; raises ``InputError``."""
    try:
        return evaluate(parse(text))
    except EvaluationError:
        raise
