"""The Hessian of a scalar function: the Jacobian of its gradient, so that ``derive``'s
own check (central finite differences, here of the gradient) verifies it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dlmath.derivatives.derive import Derivative, derive
from dlmath.derivatives.refusals import NotDifferentiable
from dlmath.expr.notebook import NotebookDisplay, Row
from dlmath.expr.parser import parse
from dlmath.expr.render import to_latex
from dlmath.expr.shapes import parse_shape


@dataclass(frozen=True)
class Hessian(NotebookDisplay):
    expression: str
    wrt: str
    gradient: Derivative
    result: str  # input-language text
    latex: str
    shape: str
    max_rel_error: float  # of the Hessian against differences of the gradient
    steps: list[str] = field(default_factory=list)

    def display_rows(self) -> list[Row]:
        return [
            ("f", self.expression, True),
            ("∇f", self.gradient.result, True),
            ("∇²f", self.result, True),
            ("checked", f"differences of the gradient agree to {self.max_rel_error:.1e}", False),
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "expression": self.expression,
            "wrt": self.wrt,
            "gradient": self.gradient.result,
            "hessian": self.result,
            "latex": self.latex,
            "shape": self.shape,
            "max_rel_error": self.max_rel_error,
            "steps": self.steps,
        }

    def describe(self, steps: bool = False) -> str:
        lines = [
            f"f = {self.expression}",
            f"∇f = {self.gradient.result}",
            f"∇²f = {self.result}   ({self.shape.replace('x', '×')})",
        ]
        if steps:
            lines += ["", *self.steps]
        lines.append(
            f"checked: central finite differences of the gradient agree to {self.max_rel_error:.1e}"
        )
        return "\n".join(lines)


def hessian(
    expr_text: str,
    wrt: str,
    shapes: dict[str, Any] | None = None,
    assume: dict[str, Any] | None = None,
    steps: bool = False,
) -> Hessian:
    """∇²f for a scalar f of a scalar or a column vector ``wrt``."""
    gradient = derive(expr_text, wrt, shapes=shapes, assume=assume, steps=steps)
    if gradient.layout != "denominator":
        raise NotDifferentiable(
            f"{gradient.expression} is not a scalar: a Hessian is of a scalar function",
            expr_text,
            0,
        )
    x_shape = parse_shape((shapes or {}).get(gradient.wrt, "1"))
    if not (x_shape.is_column or x_shape.is_scalar):
        raise NotDifferentiable(
            f"{gradient.wrt} is {x_shape}: dlmath takes Hessians with respect to a scalar or "
            f"a column vector (for a matrix X, write the function of x = vec(X))",
            expr_text,
            0,
        )
    n = x_shape.rows
    trail = [f"gradient: {gradient.result}", *gradient.steps]
    if gradient.wrt not in parse(gradient.result, shapes or {}).names():
        trail.append("the gradient does not depend on the variable: the Hessian is 0")
        return Hessian(
            gradient.expression, gradient.wrt, gradient, "0", "0", f"{n}x{n}", 0.0,
            trail if steps else [],
        )  # fmt: skip
    second = derive(gradient.result, gradient.wrt, shapes=shapes, assume=assume, steps=steps)
    trail += ["Hessian: the Jacobian of the gradient", *second.steps]
    return Hessian(
        gradient.expression,
        gradient.wrt,
        gradient,
        second.result,
        to_latex(parse(second.result, shapes or {})),
        second.shape,
        second.max_rel_error,
        trail if steps else [],
    )
