"""Numbers, vectors and matrices typed by the user, read by the input language's parser
and evaluated (exactly where possible), never by ``eval`` or ``float()`` on raw text."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from dlmath.calculators.refusal import CalculatorError
from dlmath.expr.calculate import calculate
from dlmath.expr.errors import InputError


def read_rows(text: str, what: str) -> list[list[Any]]:
    """The value of ``text`` as rows of Fractions (exact) or floats."""
    try:
        calc = calculate(text)
    except InputError as error:
        raise CalculatorError(f"{what}: {error.describe()}") from None
    if calc.rows is None:
        raise CalculatorError(f"{what}: {text!r} has names in it; type numbers")
    return [[_number(v) for v in row] for row in calc.rows]


def read_number(text: str, what: str) -> Fraction | float:
    rows = read_rows(text, what)
    if len(rows) != 1 or len(rows[0]) != 1:
        raise CalculatorError(f"{what}: expected one number, got {text!r}")
    return rows[0][0]


def _number(v: Any) -> Fraction | float:
    if isinstance(v, (int, Fraction)):
        return Fraction(v)
    return float(v)
