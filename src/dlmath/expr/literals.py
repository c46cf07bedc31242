"""Concrete values written out: numbers and matrices as input-language text, LaTeX,
Typst and Unicode grids for the terminal.

Generators use these to state their data and expected answers; the renderers of
``render.py`` use them for matrix literals, so a matrix looks the same everywhere.
Pure Python: no NumPy needed (values may be ints, Fractions, floats or NumPy scalars).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from numbers import Rational, Real

Number = int | Fraction | float
Rows = Sequence[Sequence[Number]]


def as_fraction(value: Number) -> Fraction | None:
    """The exact value of an int or Fraction (or an integral float), else None."""
    if type(value) is Fraction:  # the commonest cases first: the abstract classes are slow
        return value
    if type(value) is int:
        return Fraction(value)
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, Real):
        f = float(value)
        if f.is_integer() and abs(f) < 2**53:
            return Fraction(int(f))
    return None


def format_number(value: Number, digits: int = 6) -> str:
    """Input-language text of a number: ``3``, ``-3/4``, ``0.123457``."""
    exact = as_fraction(value)
    if exact is not None:
        if exact.denominator == 1:
            return str(exact.numerator)
        return f"{exact.numerator}/{exact.denominator}"
    f = float(value)
    if f != f or f in (float("inf"), float("-inf")):
        raise ValueError(f"{f} is not a finite number")
    text = f"{f:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def matrix_text(rows: Rows) -> str:
    """``[[1, 2], [3, 4]]``; a single column is written ``[[1], [2]]``."""
    return (
        "[" + ", ".join("[" + ", ".join(format_number(v) for v in row) + "]" for row in rows) + "]"
    )


def vector_text(values: Sequence[Number]) -> str:
    """A column vector: ``[1, 2, 3]``."""
    return "[" + ", ".join(format_number(v) for v in values) + "]"


def latex_number(value: Number, digits: int = 6) -> str:
    exact = as_fraction(value)
    if exact is not None and exact.denominator != 1:
        sign = "-" if exact < 0 else ""
        return f"{sign}\\frac{{{abs(exact.numerator)}}}{{{exact.denominator}}}"
    return format_number(value, digits)


def latex_matrix(rows: Rows) -> str:
    body = r" \\ ".join(" & ".join(latex_number(v) for v in row) for row in rows)
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


def typst_number(value: Number, digits: int = 6) -> str:
    exact = as_fraction(value)
    if exact is not None and exact.denominator != 1:
        sign = "-" if exact < 0 else ""
        return f"{sign}{abs(exact.numerator)}/{exact.denominator}"
    return format_number(value, digits)


def typst_matrix(rows: Rows) -> str:
    body = "; ".join(", ".join(typst_number(v) for v in row) for row in rows)
    return f'mat(delim: "[", {body})'


def unicode_grid(rows: Rows) -> str:
    """A matrix drawn on several lines with bracket characters, columns aligned::

    ⎡ 1  -2 ⎤
    ⎣ 3   4 ⎦
    """
    cells = [[format_number(v) for v in row] for row in rows]
    if not cells or not cells[0]:
        return "[]"
    widths = [max(len(row[j]) for row in cells) for j in range(len(cells[0]))]
    lines = []
    for i, row in enumerate(cells):
        body = "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True))
        if len(cells) == 1:
            left, right = "[", "]"
        elif i == 0:
            left, right = "⎡", "⎤"
        elif i == len(cells) - 1:
            left, right = "⎣", "⎦"
        else:
            left, right = "⎢", "⎥"
        lines.append(f"{left} {body} {right}")
    return "\n".join(lines)


def shape_text(rows: int, cols: int) -> str:
    """``3×4``: how shapes are written in prompts and feedback."""
    return f"{rows}×{cols}"
