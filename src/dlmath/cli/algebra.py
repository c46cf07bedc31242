"""``dlmath eval`` and ``dlmath equiv``: the expression core at the command line."""

from __future__ import annotations

import typer

from dlmath.cli.output import (
    EXIT_WRONG,
    emit_json,
    fail_input,
    parse_assumptions,
    parse_pairs,
)
from dlmath.expr.errors import InputError

SHAPE_HELP = "Shape of a name, NAME=RxC (X=4x4, x=4 for a column vector, A=mxn). Repeatable."
ASSUME_HELP = (
    "Property of a name, NAME=PROP: symmetric, spd, orthogonal, diagonal, invertible, "
    "positive, probability, one-hot. Repeatable."
)


def eval_command(
    expression: str = typer.Argument(..., help="An expression in dlmath's input language."),
    shape: list[str] = typer.Option(None, "--shape", "-s", help=SHAPE_HELP),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Exact or numeric value of an expression, or its shape, or the shape error."""
    from dlmath.expr.calculate import calculate

    shapes = parse_pairs(shape, "--shape")
    try:
        result = calculate(expression, shapes)
    except InputError as error:
        fail_input(error, as_json=json)
    if json:
        emit_json(result.to_json())
    else:
        typer.echo(result.describe())


def equiv_command(
    answer: str = typer.Argument(..., help="The first expression (read as an answer)."),
    expected: str = typer.Argument(..., help="The second expression (the reference)."),
    shape: list[str] = typer.Option(None, "--shape", "-s", help=SHAPE_HELP),
    assume: list[str] = typer.Option(None, "--assume", "-a", help=ASSUME_HELP),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Are two expressions equal? If not, the most specific diagnosis of the difference."""
    from dlmath.checker import equivalent

    shapes = parse_pairs(shape, "--shape")
    assumptions = parse_assumptions(assume)
    try:
        result = equivalent(answer, expected, shapes=shapes, assume=assumptions)
    except InputError as error:
        fail_input(error, as_json=json)
    if json:
        emit_json(result.to_json())
    else:
        typer.echo(result.describe())
    if not result:
        raise typer.Exit(EXIT_WRONG)
