"""Probability tables shared by the probability generators: drawing PMFs and joint PMF
tables with exact fraction entries, and writing them as terminal grids, LaTeX and JSON.

Pure Python (``Fraction``); randomness only from the NumPy ``Generator`` passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.expr.literals import latex_number

if TYPE_CHECKING:  # pragma: no cover
    pass

Table = list[list[Fraction]]

# ---------------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------------


def outer(px: Sequence[Fraction], py: Sequence[Fraction]) -> Table:
    """The joint table of independent X and Y with marginals ``px`` and ``py``."""
    return [[a * b for b in py] for a in px]


def row_marginal(table: Table) -> list[Fraction]:
    """P(X = x_i): the sums of the rows."""
    return [sum(row, Fraction(0)) for row in table]


def column_marginal(table: Table) -> list[Fraction]:
    """P(Y = y_j): the sums of the columns."""
    return [sum(col, Fraction(0)) for col in zip(*table, strict=True)]


def mean(values: Sequence[int | Fraction], probs: Sequence[Fraction]) -> Fraction:
    return sum((Fraction(v) * p for v, p in zip(values, probs, strict=True)), Fraction(0))


# ---------------------------------------------------------------------------------------
# Writing: JSON data, terminal grids, LaTeX
# ---------------------------------------------------------------------------------------


def _latex_cell(c: Fraction | str) -> str:
    return c if isinstance(c, str) else latex_number(c)


def joint_table_latex(
    table: Sequence[Sequence[Fraction | str]],
    xs: Sequence[int],
    ys: Sequence[int],
    x: str = "X",
    y: str = "Y",
) -> str:
    """The joint PMF as a displayed LaTeX array with the values of X and Y as headers."""
    head = f"{x} \\backslash {y} & " + " & ".join(str(v) for v in ys)
    body = r" \\ ".join(
        f"{v} & " + " & ".join(_latex_cell(c) for c in row)
        for v, row in zip(xs, table, strict=True)
    )
    spec = "c|" + "c" * len(ys)
    return f"$$\\begin{{array}}{{{spec}}} {head} \\\\ \\hline {body} \\end{{array}}$$"


def pmf_latex(values: Sequence[int], probs: Sequence[Fraction], name: str = "X") -> str:
    head = "x & " + " & ".join(str(v) for v in values)
    body = f"P({name} = x) & " + " & ".join(latex_number(p) for p in probs)
    spec = "c|" + "c" * len(values)
    return f"$$\\begin{{array}}{{{spec}}} {head} \\\\ \\hline {body} \\end{{array}}$$"
