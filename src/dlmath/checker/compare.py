"""Deciding whether an answer equals the expected one, and if not, why.

Equality is decided by evaluation, never by simplification: exactly (integers and
fractions) when both sides are concrete, otherwise at several random points drawn from
the declared shapes and assumptions. What is checked before any value exists (undefined,
lists, unknown names, shapes and their size limits) is decided here; everything else by
the one chain of rules in ``rules.py`` over the ``Evidence`` of ``evidence.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

from dlmath.checker import feedback as say
from dlmath.checker.evidence import (
    AnswerFails,
    Evidence,
    concrete_pair,
    decimals_typed,
    symbolic_evidence,
)
from dlmath.checker.judgement import Catalogued, Givens, Judgement
from dlmath.checker.memo import memo
from dlmath.checker.rules import agrees_concrete_or_symbolic, judge, swap_products
from dlmath.expr.errors import InputError, LimitError, ShapeError
from dlmath.expr.limits import MAX_ENTRIES
from dlmath.expr.nodes import Expr, ListOf, Matrix, Undefined
from dlmath.expr.shapes import SCALAR, Shape, ShapeInference

__all__ = ["Catalogued", "Givens", "Judgement", "compare", "swap_products"]


def compare(
    answer: Expr,
    expected: Expr,
    givens: Givens,
    catalogue: Sequence[Catalogued] = (),
    answer_text: str | None = None,
) -> Judgement:
    """Compare two parsed trees. Problems in ``expected`` raise ``InputError``."""
    catalogue = tuple(catalogue)
    if isinstance(expected, Undefined) or isinstance(answer, Undefined):
        return _undefined(answer, expected, givens, catalogue)
    answer_names = answer.names()
    facts = _FACTS.get(expected, None, lambda: _Expected(expected))
    expected_names = facts.names
    declared = set(givens.shapes) | expected_names
    if not givens.strict_names:
        declared |= answer_names
    shapes = {n: givens.shapes.get(n, SCALAR) for n in declared}
    if isinstance(expected, ListOf):
        return Judgement(False, "wrong-shape", say.list_where_value(expected, answer))
    expected_shape = facts.shape(shapes)  # the expected side must be well formed
    if isinstance(answer, ListOf):
        column = as_column(answer, expected_shape)
        if column is None:
            return Judgement(False, "wrong-shape", say.list_where_value(expected, answer))
        answer = column

    unknown = sorted(answer_names - declared)
    if unknown:
        return Judgement(False, "unknown-name", say.unknown_name(unknown, sorted(declared)))
    try:
        answer_shape = _bounded(shapes, answer_text).infer(answer)
    except LimitError as error:
        return Judgement(False, "parse-error", say.too_large(error), {"message": error.message})
    except ShapeError as error:
        swapped = swap_products(answer)
        if swapped != answer and agrees_concrete_or_symbolic(swapped, expected, givens, shapes):
            return Judgement(False, "elementwise-vs-matrix", say.elementwise_vs_matrix())
        return Judgement(False, "shape-error", say.shape_error(error), {"message": error.message})

    names = sorted(declared)
    if not (answer_names | expected_names):
        first, expected_values, identity_size = concrete_pair(answer, expected)
        if isinstance(first, InputError):
            return Judgement(False, "wrong", say.answer_has_no_value(first.message))
        evidence = Evidence(
            answer,
            expected,
            givens,
            shapes,
            names,
            catalogue,
            first,
            expected_values,
            None,
            decimals_typed(answer, first.floats[0].shape),
            identity_size,
        )
        return judge(evidence)
    try:
        evidence = symbolic_evidence(
            answer, expected, givens, shapes, names, catalogue, answer_shape
        )
    except AnswerFails as fail:
        return Judgement(False, "wrong", say.answer_undefined_at_points(fail.message))
    return judge(evidence)


def as_column(answer: ListOf, expected_shape: Shape) -> Matrix | None:
    """``1, 19`` where a column vector is asked is that column vector."""
    if expected_shape.cols != 1 or expected_shape.rows == 1:
        return None
    if isinstance(expected_shape.rows, int) and expected_shape.rows != len(answer.items):
        return None
    rows = tuple((item,) for item in answer.items)
    return Matrix(rows, pos=answer.pos, end=answer.end)


class _Expected:
    """What a comparison reads of an expected answer, worked out once per answer: its
    names, and its shape for each way of declaring them."""

    __slots__ = ("names", "ordered", "shapes", "tree")

    def __init__(self, tree: Expr):
        self.tree = tree
        self.names = frozenset(tree.names())
        self.ordered = tuple(sorted(self.names))
        self.shapes: dict[tuple[Shape, ...], Shape] = {}

    def shape(self, shapes: dict[str, Shape]) -> Shape:
        """Its shape; ``InputError`` when it is not well formed."""
        key = tuple(shapes[n] for n in self.ordered)
        found = self.shapes.get(key)
        if found is None:
            found = _bounded(shapes).infer(self.tree)
            if len(self.shapes) < 16:
                self.shapes[key] = found
        return found


_FACTS = memo(1024)


def _bounded(shapes: dict[str, Shape], text: str | None = None) -> ShapeInference:
    """Shape inference that refuses any value with more than ``MAX_ENTRIES`` entries
    before anything is evaluated."""
    return ShapeInference(shapes, text, max_entries=MAX_ENTRIES)


def _undefined(
    answer: Expr, expected: Expr, givens: Givens, catalogue: tuple[Catalogued, ...]
) -> Judgement:
    if isinstance(expected, Undefined) and isinstance(answer, Undefined):
        return Judgement(True, None, say.correct())
    for item in catalogue:
        if isinstance(item.tree, Undefined) and isinstance(answer, Undefined):
            return Judgement(False, item.code, item.feedback)
    if not isinstance(answer, Undefined):
        hit = _catalogued_concrete(answer, catalogue)
        if hit is not None:
            return hit
    if isinstance(expected, Undefined) and givens.undefined_reason:
        return Judgement(False, "defined-vs-undefined", givens.undefined_reason)
    return Judgement(False, "defined-vs-undefined", say.defined_vs_undefined(expected))


def _catalogued_concrete(answer: Expr, catalogue: tuple[Catalogued, ...]) -> Judgement | None:
    """A value answered where 'undefined' is right may still be a catalogued mistake."""
    for item in catalogue:
        if isinstance(item.tree, Undefined) or item.tree.names() or answer.names():
            continue
        try:
            same = compare(answer, item.tree, Givens()).correct
        except InputError:
            continue
        if same:
            return Judgement(False, item.code, item.feedback)
    return None
