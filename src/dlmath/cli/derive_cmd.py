"""``dlmath derive``: a gradient or Jacobian, with its steps and its numerical check."""

from __future__ import annotations

from typing import Annotated

import typer

from dlmath.cli.output import emit_json, fail_input, parse_assumptions, parse_pairs
from dlmath.expr.errors import InputError

SHAPE_HELP = "Shape of a name, NAME=RxC (X=4x4, x=4 for a column vector, A=mxn). Repeatable."
ASSUME_HELP = (
    "Property of a name, NAME=PROP: symmetric, spd, orthogonal, diagonal, invertible, "
    "positive, probability, one-hot. Repeatable."
)


def derive_command(
    expression: Annotated[str, typer.Argument(help="The function, in dlmath's input language.")],
    wrt: Annotated[str, typer.Option("--wrt", "-w", help="The variable to differentiate by.")],
    shape: Annotated[list[str] | None, typer.Option("--shape", "-s", help=SHAPE_HELP)] = None,
    assume: Annotated[list[str] | None, typer.Option("--assume", "-a", help=ASSUME_HELP)] = None,
    steps: Annotated[
        bool, typer.Option("--steps", help="Show the derivation rule by rule.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    hessian: Annotated[
        bool, typer.Option("--hessian", help="The Hessian of a scalar function instead.")
    ] = False,
) -> None:
    """Gradient of a scalar (denominator layout) or Jacobian of a vector function
    (numerator layout), checked by finite differences before it is printed."""
    from dlmath.derivatives import derive
    from dlmath.derivatives.hessian import hessian as second_derivative

    shapes = parse_pairs(shape, "--shape")
    assumptions = parse_assumptions(assume)
    try:
        compute = second_derivative if hessian else derive
        result = compute(expression, wrt, shapes=shapes, assume=assumptions, steps=steps)
    except InputError as error:
        if error.text is None:
            error.text = expression
        fail_input(error, as_json=json)
    if json:
        emit_json(result.to_json())
    else:
        typer.echo(result.describe(steps=steps))
