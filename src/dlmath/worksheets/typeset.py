"""Typst math for worksheet content, always through the expression core.

Matrices, answers and worked steps are written in the input language, parsed into
``Expr`` trees and rendered by the core's Typst renderer, so a worksheet shows exactly
what the checker, the terminal and the web see. Nothing here builds math from LaTeX.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from dlmath.expr.errors import InputError
from dlmath.expr.literals import Rows, format_number, matrix_text
from dlmath.worksheets.markup import markup

#: Answer kinds whose expected text is an expression of the input language.
MATH_KINDS = frozenset({"number", "matrix", "expression", "list", "sequence"})

#: Longest dot product whose products are also written out as a sum (longer ones would
#: not fit on one line of a worksheet column).
WRITTEN_SUM_UP_TO = 3


def expression(text: str, shapes: dict[str, str] | None = None) -> str:
    """Typst math (the inside of ``$...$``) of an input-language expression."""
    from dlmath.expr import parse
    from dlmath.expr.render import to_typst

    return to_typst(parse(text, shapes))


def matrix(rows: Rows) -> str:
    return expression(matrix_text(rows))


def number(value: int | Fraction) -> str:
    return expression(format_number(value))


def factor(value: int | Fraction) -> str:
    """A number as a factor of a written-out product: negatives in parentheses."""
    text = number(value)
    return f"({text})" if text.startswith("-") else text


def dot_product_steps(row: Sequence[int], col: Sequence[int]) -> str:
    """``2 dot 1 + (-1) dot 4 = 2 - 4 = -2``: one entry of a product, worked out."""
    products = [x * y for x, y in zip(row, col, strict=True)]
    terms = " + ".join(f"{factor(x)} dot {factor(y)}" for x, y in zip(row, col, strict=True))
    total = number(sum(products))
    if len(products) == 1 or len(products) > WRITTEN_SUM_UP_TO:
        return f"{terms} = {total}"
    # the sum of the products, e.g. "6 - 20 + 1", through the core like everything else
    summed = expression(" + ".join(f"({format_number(p)})" for p in products))
    return f"{terms} = {summed} = {total}"


def answer(kind: str, expected: str, shapes: dict[str, str] | None = None) -> str:
    """Typst content showing an expected answer: math where it parses, text otherwise."""
    if kind in MATH_KINDS or expected.strip().lower() in ("undefined", "dne", "none"):
        try:
            return f"${expression(expected, shapes)}$"
        except InputError:
            pass
    return markup(expected)
