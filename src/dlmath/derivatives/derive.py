"""``derive``: gradients and Jacobians in the input language, checked before shown.

The pipeline: parse and infer shapes; rewrite known patterns (log det -> logdet, ...);
back-propagate symbolically (``backprop``); simplify (``simplify``); spell internal
nodes in the input language; render the result to text and parse that text back; and
check the parsed-back result against central finite differences of the original
function (``verify``). Only a result that passes is returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from dlmath.derivatives.context import Context, Ones
from dlmath.derivatives.display import show
from dlmath.derivatives.refusals import NotDifferentiable, UnverifiedDerivative
from dlmath.derivatives.reverse_mode import Backprop
from dlmath.derivatives.rewrites import rewrite
from dlmath.derivatives.simplify import Simplifier, present
from dlmath.expr.declarations import declarations
from dlmath.expr.errors import InputError, LimitError
from dlmath.expr.nodes import Add, Expr, IdentityMatrix, Matrix, Mul, Num, Transpose
from dlmath.expr.notebook import NotebookDisplay, Row
from dlmath.expr.parser import canonical_name, parse
from dlmath.expr.render import to_latex, to_text, to_typst
from dlmath.expr.shapes import SCALAR, Shape, ShapeInference

#: A ones matrix up to this many entries is written out as a literal.
MAX_LITERAL_ONES = 16
_NAME = re.compile(r"^[A-Za-zα-ωΑ-Ω][A-Za-z0-9]*(_\{?[A-Za-z0-9]+\}?)?$")


@dataclass(frozen=True)
class Derivative(NotebookDisplay):
    """A checked derivative: ∂f/∂wrt in the input language, LaTeX, Typst and NumPy."""

    expression: str  # the function, as dlmath reads it
    wrt: str
    result: str  # input-language text; parses back to the result
    latex: str
    typst: str
    numpy: str
    shape: str  # "3x5"
    layout: str  # "denominator" (gradients) or "numerator" (Jacobians)
    max_rel_error: float
    steps: list[str] = field(default_factory=list)

    def display_rows(self) -> list[Row]:
        return [
            ("f", self.expression, True),
            (f"∂f/∂{self.wrt}", self.result, True),
            ("shape", f"{self.shape.replace('x', '×')} ({self.layout} layout)", False),
            ("checked", f"finite differences agree to {self.max_rel_error:.1e}", False),
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "expression": self.expression,
            "wrt": self.wrt,
            "result": self.result,
            "latex": self.latex,
            "typst": self.typst,
            "numpy": self.numpy,
            "shape": self.shape,
            "layout": self.layout,
            "max_rel_error": self.max_rel_error,
            "steps": list(self.steps),
        }

    def describe(self, steps: bool = False) -> str:
        """The one-line answer (and the numbered steps) for a terminal."""
        rows, cols = self.shape.split("x")
        kind = "Jacobian, numerator" if self.layout == "numerator" else "denominator"
        line = (
            f"∂/∂{self.wrt} {self.expression} = {self.result}   ({rows}×{cols}, {kind} layout; "
            f"finite-difference check: max relative error {self.max_rel_error:.0e})"
        )
        if not steps or not self.steps:
            return line
        numbered = [f"  {k}. {s}" for k, s in enumerate(self.steps, start=1)]
        return "\n".join([line, "", "steps:", *numbered])


def derive(
    expr_text: str,
    wrt: str,
    shapes: dict[str, Any] | None = None,
    assume: dict[str, Any] | None = None,
    steps: bool = False,
) -> Derivative:
    """∂(expr_text)/∂wrt: the gradient of a scalar (denominator layout, the shape of
    ``wrt``) or the Jacobian of a vector function of a vector (numerator layout).

    Raises ``InputError`` for bad input, ``NotDifferentiable`` (an ``InputError``)
    naming the part that cannot be differentiated, and ``UnverifiedDerivative`` if
    the result fails its finite-difference check (then it is never returned)."""
    if not isinstance(expr_text, str):
        raise InputError("expected the function as text")
    declared, props = _problem(shapes, assume)
    variable = _variable(wrt)
    declared.setdefault(variable, SCALAR)
    tree = parse(expr_text, declared)
    ShapeInference(declared, expr_text).infer(tree)
    for name in tree.names():
        declared.setdefault(name, SCALAR)
    ctx = Context(declared, props)
    f_shape = ctx.shape(tree)
    x_shape = declared[variable]
    jacobian = not f_shape.is_scalar
    if jacobian and not _vector_or_scalar(f_shape):
        raise NotDifferentiable(
            f"{to_text(tree)} is {f_shape}: dlmath derives gradients of scalar functions "
            f"and Jacobians of vector functions, not derivatives of matrix-valued ones",
            expr_text,
            0,
        )
    if jacobian and not (x_shape.is_column or x_shape.is_scalar):
        raise NotDifferentiable(
            f"{to_text(tree)} is a vector and {variable} is {x_shape}: Jacobians are taken "
            f"with respect to vectors; take the gradient of one entry instead",
            expr_text,
            0,
        )

    trail: list[str] = [
        f"back-propagation from f = {to_text(tree)}: G is the gradient of f with respect to "
        "the part at hand, starting from " + ("I (one column per entry of f)" if jacobian else "1")
    ]
    simplifier = Simplifier(ctx)
    prepared = rewrite(tree, ctx, trail)
    seed: Expr = IdentityMatrix() if jacobian else Num(Fraction(1))
    found = Backprop(ctx, variable, expr_text, jacobian, simplifier, trail).run(prepared, seed)
    total: Expr = Add(tuple(found)) if len(found) > 1 else (found[0] if found else Num(Fraction(0)))
    if len(found) > 1:
        trail.append(f"sum of the {len(found)} contributions reaching {variable}")
    if jacobian:
        total = Transpose(total)
    derived = simplifier(total)
    derived = _spell_ones(present(derived), ctx)
    if jacobian:
        trail.append(f"Jacobian (numerator layout) = the transpose: {show(derived)}")

    result_text = to_text(derived)
    try:
        printed = parse(result_text, declared)
    except LimitError as error:
        raise NotDifferentiable(
            f"the derivative is too large to show: its text is past the input language's "
            f"limits ({error.message.replace('the input', 'it')}), and dlmath shows only "
            f"results that read back",
            expr_text,
            None,
        ) from error
    except InputError as error:  # a rendering bug: never shown
        raise UnverifiedDerivative(
            f"the derived result {result_text!r} does not parse back ({error.message})",
            expr_text,
            None,
        ) from error
    from dlmath.derivatives.verify import POINTS, check_derivative

    max_error = check_derivative(tree, printed, variable, declared, props, jacobian, expr_text)
    trail.append(f"result: {result_text}")
    trail.append(
        f"check: central finite differences of the original function at {POINTS} random "
        f"points agree to a relative error of {max_error:.1e}"
    )
    out_shape = (
        Shape(f_shape.rows if f_shape.is_column else f_shape.cols, x_shape.rows)
        if (jacobian)
        else x_shape
    )
    return Derivative(
        expression=to_text(tree),
        wrt=variable,
        result=result_text,
        latex=to_latex(printed),
        typst=to_typst(printed),
        numpy=_numpy(printed, declared, out_shape),
        shape=f"{out_shape.rows}x{out_shape.cols}",
        layout="numerator" if jacobian else "denominator",
        max_rel_error=max_error,
        steps=trail if steps else [],
    )


def _problem(
    shapes: dict[str, Any] | None, assume: dict[str, Any] | None
) -> tuple[dict[str, Shape], dict[str, set[str]]]:
    return declarations(shapes, assume)


def _variable(wrt: Any) -> str:
    if not isinstance(wrt, str) or not _NAME.match(wrt.strip()):
        raise InputError(
            f"the variable to differentiate by must be a name like X or x_1, got {wrt!r}"
        )
    return canonical_name(wrt.strip())


def _vector_or_scalar(s: Shape) -> bool:
    return s.rows == 1 or s.cols == 1


def _spell_ones(e: Expr, ctx: Context) -> Expr:
    """Each internal ``Ones`` as input-language text: a literal, or ``1 + 0 X``."""
    if isinstance(e, Ones):
        s = ctx.shape(e.like)
        if (
            isinstance(s.rows, int)
            and isinstance(s.cols, int)
            and s.rows * s.cols <= MAX_LITERAL_ONES
        ):
            one = Num(Fraction(1))
            return Matrix(tuple(tuple(one for _ in range(s.cols)) for _ in range(s.rows)))
        return Add((Num(Fraction(1)), Mul((Num(Fraction(0)), _spell_ones(e.like, ctx)))))
    if not any(isinstance(n, Ones) for n in e.walk()):
        return e
    return e.map_children(lambda c: _spell_ones(c, ctx))


def _numpy(e: Expr, shapes: dict[str, Shape], target: Shape) -> str:
    from dlmath.derivatives.derivative_code import numpy_code

    return numpy_code(e, shapes, target)
