"""The calculator behind ``dlmath eval``: an exact value where possible, else a float,
and for expressions with names, their shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dlmath.expr.errors import InputError
from dlmath.expr.evaluate import NotExact, evaluate, evaluate_exact
from dlmath.expr.limits import MAX_ENTRIES
from dlmath.expr.literals import format_number, unicode_grid
from dlmath.expr.nodes import Expr
from dlmath.expr.notebook import NotebookDisplay, Row
from dlmath.expr.parser import canonical_name, parse
from dlmath.expr.render import to_latex, to_text
from dlmath.expr.shapes import ShapeInference, parse_shape


@dataclass(frozen=True)
class Calculation(NotebookDisplay):
    expression: Expr
    shape: str  # "3x4" in the input form of shapes
    value: str | None  # input-language text, None when the expression has free names
    exact: bool
    rows: list[list[Any]] | None = None  # the value's entries, for display

    def display_rows(self) -> list[Row]:
        rows: list[Row] = [("expression", to_text(self.expression), True)]
        if self.value is None:
            return [*rows, ("shape", self.shape.replace("x", "×"), False)]
        return [*rows, ("value" if self.exact else "value (floating point)", self.value, True)]

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "shape": self.shape,
            "exact": self.exact,
            "text": to_text(self.expression),
            "latex": to_latex(self.expression),
        }

    def describe(self) -> str:
        if self.value is None:
            return f"{to_text(self.expression)}  has shape {self.shape.replace('x', '×')}"
        if self.rows is not None and (len(self.rows) > 1 or len(self.rows[0]) > 1):
            note = "" if self.exact else "  (floating point)"
            return unicode_grid(self.rows) + note
        return self.value + ("" if self.exact else "  (floating point)")


def calculate(text: str, shapes: dict[str, str] | None = None) -> Calculation:
    """Evaluate ``text``; raises ``InputError`` (parse, shape or value errors)."""
    try:
        return _calculate(text, shapes)
    except InputError as error:
        if error.text is None:  # errors found while evaluating know the node, not the text
            error.text = text
        raise


def _calculate(text: str, shapes: dict[str, str] | None) -> Calculation:
    declared = {canonical_name(k): parse_shape(v) for k, v in (shapes or {}).items()}
    tree = parse(text, declared)
    shape = ShapeInference(declared, text, strict=False).infer(tree)
    shape_text = f"{shape.rows}x{shape.cols}"
    if tree.names():
        return Calculation(tree, shape_text, None, False)
    # a value will be computed: refuse one too large before anything is evaluated
    ShapeInference(declared, text, max_entries=MAX_ENTRIES).infer(tree)
    try:
        rows: list[list[Any]] = evaluate_exact(tree)
        exact = True
    except NotExact:
        rows = evaluate(tree).tolist()
        exact = False
    value = _value_text(rows)
    return Calculation(tree, shape_text, value, exact, rows)


def _value_text(rows: list[list[Any]]) -> str:
    """Input-language text of a value: a number, a column ``[1, 2]`` or ``[[1, 2], [3, 4]]``."""
    if len(rows) == 1 and len(rows[0]) == 1:
        return format_number(rows[0][0], digits=12)
    if all(len(r) == 1 for r in rows):
        return "[" + ", ".join(format_number(r[0], digits=12) for r in rows) + "]"
    return (
        "[" + ", ".join("[" + ", ".join(format_number(v, 12) for v in r) + "]" for r in rows) + "]"
    )
