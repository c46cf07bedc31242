"""``equivalent(answer, expected)``: the public comparison of two expressions in text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from dlmath.checker import feedback as say
from dlmath.checker.compare import as_column, compare
from dlmath.checker.judgement import Catalogued, Givens
from dlmath.checker.memo import memo
from dlmath.expr.declarations import declarations
from dlmath.expr.errors import InputError
from dlmath.expr.nodes import Expr, ListOf
from dlmath.expr.notebook import NotebookDisplay, Row
from dlmath.expr.parser import parse
from dlmath.expr.render import to_text
from dlmath.expr.shapes import SCALAR, ShapeInference


@dataclass(frozen=True)
class Equivalence(NotebookDisplay):
    """The verdict on two expressions; truthy when they are equal."""

    equivalent: bool
    diagnosis: str | None
    feedback: str
    read_as: str | None = None
    position: int | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def display_rows(self) -> list[Row]:
        rows: list[Row] = [("read as", self.read_as, True)] if self.read_as else []
        return [*rows, ("equivalent", self.describe(), False)]

    def __bool__(self) -> bool:
        return self.equivalent

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        if self.equivalent:
            return "equivalent"
        return f"not equivalent: {self.diagnosis}: {self.feedback}"


def make_givens(
    shapes: dict[str, Any] | None,
    assume: dict[str, Any] | None,
    tolerance: float | None = None,
    **more: Any,
) -> Givens:
    """Canonical names, parsed shapes and assumptions; bad ones raise ``InputError``."""
    parsed, props = declarations(shapes, assume)
    return Givens(parsed, props, tolerance, **more)


#: Expected answers and catalogued mistakes, parsed (their text is fixed per exercise).
_EXPECTED_TREES = memo(1024)


def parse_expected(text: str, givens: Givens) -> Expr:
    try:
        if not isinstance(text, str):
            return parse(text, givens.shapes)  # refused there, with its message
        return _EXPECTED_TREES.get(None, (text, *givens.shapes), lambda: parse(text, givens.shapes))
    except InputError as error:
        raise InputError(
            f"in the expected expression: {error.message}", text, error.position
        ) from error


def judge_text(
    answer: str,
    expected: Expr,
    givens: Givens,
    catalogue: tuple[Catalogued, ...] = (),
    prepare: Callable[[Expr, Expr], Expr] | None = None,
) -> Equivalence:
    """Parse the learner's text and compare; problems in it become diagnoses.
    ``prepare(tree, expected)`` may re-read the tree first (a row typed for a point)."""
    try:
        tree = parse(answer, givens.shapes)
    except InputError as error:
        return parse_failure(error)
    if prepare is not None:
        tree = prepare(tree, expected)
    return judge_tree(tree, answer, expected, givens, catalogue)


def parse_failure(error: InputError) -> Equivalence:
    """The verdict on text that cannot be read: what, where, and the caret picture."""
    return Equivalence(
        False,
        "parse-error",
        say.parse_error(error),
        position=error.position,
        details={"caret": error.caret()},
    )


def judge_tree(
    tree: Expr,
    answer: str,
    expected: Expr,
    givens: Givens,
    catalogue: tuple[Catalogued, ...] = (),
) -> Equivalence:
    """Compare a parsed answer; ``read_as`` is the tree as it was judged."""
    judged = as_judged(tree, expected, givens)
    outcome = compare(judged, expected, givens, catalogue, answer)
    return Equivalence(
        outcome.correct, outcome.diagnosis, outcome.feedback, to_text(judged), None, outcome.details
    )


def as_judged(tree: Expr, expected: Expr, givens: Givens) -> Expr:
    """The tree as it is compared: a bare list where a column is asked is that column."""
    if not isinstance(tree, ListOf) or isinstance(expected, ListOf):
        return tree
    try:
        names = expected.names() | set(givens.shapes)
        shapes = {n: givens.shapes.get(n, SCALAR) for n in names}
        column = as_column(tree, ShapeInference(shapes).infer(expected))
    except InputError:
        return tree
    return column if column is not None else tree


def equivalent(
    answer: str,
    expected: str,
    shapes: dict[str, Any] | None = None,
    assume: dict[str, Any] | None = None,
    tolerance: float | None = None,
) -> Equivalence:
    """Are ``answer`` and ``expected`` equal for all values of the declared shapes and
    assumptions? ``answer`` is read as a learner's answer; problems in the rest raise
    ``InputError``."""
    # with nothing declared, every name is a free scalar
    givens = make_givens(shapes, assume, tolerance, strict_names=bool(shapes))
    return judge_text(answer, parse_expected(expected, givens), givens)
