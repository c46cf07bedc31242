"""``equivalent(answer, expected)``: the public comparison of two expressions in text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from dlmath.checker import feedback as say
from dlmath.checker.compare import Catalogued, Problem, compare
from dlmath.expr.declarations import declarations
from dlmath.expr.errors import InputError
from dlmath.expr.nodes import Expr
from dlmath.expr.parser import parse
from dlmath.expr.render import to_text


@dataclass(frozen=True)
class Equivalence:
    """The verdict on two expressions; truthy when they are equal."""

    equivalent: bool
    diagnosis: str | None
    feedback: str
    read_as: str | None = None
    position: int | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.equivalent

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        if self.equivalent:
            return "equivalent"
        return f"not equivalent: {self.diagnosis}: {self.feedback}"


def make_problem(
    shapes: dict[str, Any] | None,
    assume: dict[str, Any] | None,
    tolerance: float | None = None,
) -> Problem:
    """Canonical names, parsed shapes and assumptions; bad ones raise ``InputError``."""
    parsed, props = declarations(shapes, assume)
    return Problem(parsed, props, tolerance)


def parse_expected(text: str, problem: Problem) -> Expr:
    try:
        return parse(text, problem.shapes)
    except InputError as error:
        raise InputError(
            f"in the expected expression: {error.message}", text, error.position
        ) from error


def judge_text(
    answer: str, expected: Expr, problem: Problem, catalogue: tuple[Catalogued, ...] = ()
) -> Equivalence:
    """Parse the learner's text and compare; problems in it become diagnoses."""
    try:
        tree = parse(answer, problem.shapes)
    except InputError as error:
        return Equivalence(
            False,
            "parse-error",
            say.parse_error(error),
            position=error.position,
            details={"caret": error.caret()},
        )
    outcome = compare(tree, expected, problem, catalogue, answer)
    return Equivalence(
        outcome.correct, outcome.diagnosis, outcome.feedback, to_text(tree), None, outcome.details
    )


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
    problem = make_problem(shapes, assume, tolerance)
    problem.strict_names = bool(shapes)  # with nothing declared, every name is a free scalar
    return judge_text(answer, parse_expected(expected, problem), problem)
