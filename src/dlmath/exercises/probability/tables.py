"""Finite distributions for probability exercises: drawing them with exact fractions, and
writing them as tables (Markdown with LaTeX for prompts, aligned text for terminals).

Shared by the one-variable and several-variable generators; pure Python apart from the
``rng`` a caller passes in.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.expr.literals import format_number, latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

Cell = int | Fraction | str


def draw_pmf(rng: np.random.Generator, size: int, denominator: int) -> list[Fraction]:
    """``size`` positive probabilities, multiples of ``1/denominator``, summing to one.

    A random composition of ``denominator`` into ``size`` positive parts: cut points drawn
    without replacement from 1..denominator-1.
    """
    if not 1 <= size <= denominator:
        raise ValueError(f"cannot split {denominator} into {size} positive parts")
    cuts = sorted(int(c) for c in rng.choice(range(1, denominator), size=size - 1, replace=False))
    bounds = [0, *cuts, denominator]
    return [Fraction(b - a, denominator) for a, b in zip(bounds, bounds[1:], strict=False)]


def _cell_text(value: Cell) -> str:
    return value if isinstance(value, str) else format_number(value)


def _cell_latex(value: Cell) -> str:
    return value if isinstance(value, str) else latex_number(value)


def text_table(header: Sequence[Cell], rows: Sequence[Sequence[Cell]]) -> str:
    """An aligned plain-text table: a header line, a rule, then the rows; the first column
    left-aligned (labels), the others right-aligned (numbers)."""
    cells = [[_cell_text(c) for c in header], *[[_cell_text(c) for c in row] for row in rows]]
    widths = [max(len(row[j]) for row in cells) for j in range(len(header))]

    def line(row: list[str]) -> str:
        first = row[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    rule = "  ".join("─" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def latex_table(header: Sequence[Cell], rows: Sequence[Sequence[Cell]]) -> str:
    """The same table as a LaTeX ``array`` in display math (labels are text)."""
    spec = "l|" + "r" * (len(header) - 1)

    def cell_tex(c: Cell) -> str:
        return f"\\text{{{c}}}" if isinstance(c, str) and c else _cell_latex(c)

    def row_tex(row: Sequence[Cell]) -> str:
        return " & ".join(cell_tex(c) for c in row)

    body = r" \\ ".join(row_tex(row) for row in rows)
    return f"$$\\begin{{array}}{{{spec}}} {row_tex(header)} \\\\ \\hline {body} \\end{{array}}$$"


def pmf_text(values: Sequence[Cell], probs: Sequence[Cell]) -> str:
    """``x         1    2    3`` / ``P(X = x)  1/4  1/2  1/4``: a PMF for the terminal."""
    return text_table(["x", *values], [["P(X = x)", *probs]])


def pmf_latex(values: Sequence[Cell], probs: Sequence[Cell]) -> str:
    spec = "c|" + "c" * len(values)
    top = " & ".join(["x", *(_cell_latex(v) for v in values)])
    bottom = " & ".join(["P(X = x)", *(_cell_latex(p) for p in probs)])
    return f"$$\\begin{{array}}{{{spec}}} {top} \\\\ \\hline {bottom} \\end{{array}}$$"


def fraction_data(values: Sequence[Fraction | int]) -> list[str]:
    """Fractions for ``Draft.data``: strings like ``"3/4"`` (JSON has no fractions)."""
    return [format_number(Fraction(v)) for v in values]
