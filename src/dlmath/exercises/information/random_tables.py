"""Drawing small rational distributions, joint tables and counts from the ``rng``.

Exercises want probabilities with small denominators (so answers stay exact and short)
and, for tables, no empty row or column (so every conditional distribution exists).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.kit import composition, pick, text_number
from dlmath.exercises.kit.logs import latex_fraction
from dlmath.expr.literals import unicode_grid

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def dyadic(rng: np.random.Generator, k: int) -> list[Fraction]:
    """``k`` probabilities that are powers of 1/2: split a random leaf in two, k−1 times."""
    leaves = [Fraction(1)]
    while len(leaves) < k:
        i = int(rng.integers(len(leaves)))
        half = leaves.pop(i) / 2
        leaves += [half, half]
    return [leaves[int(i)] for i in rng.permutation(k)]


def rational(rng: np.random.Generator, k: int, denominators: Sequence[int]) -> list[Fraction]:
    """``k`` positive probabilities with a common denominator drawn from ``denominators``."""
    n = pick(rng, [d for d in denominators if d >= k])
    return [Fraction(c, n) for c in composition(rng, n, k)]


def joint_counts(
    rng: np.random.Generator, rows: int, cols: int, total: int, zeros: bool = False
) -> list[list[int]]:
    """A ``rows × cols`` table of counts summing to ``total``, no empty row or column."""
    while True:
        flat = composition(rng, total, rows * cols, zeros)
        table = [flat[i * cols : (i + 1) * cols] for i in range(rows)]
        if all(sum(r) for r in table) and all(sum(c) for c in zip(*table, strict=True)):
            return table


def independent_counts(
    rng: np.random.Generator, rows: int, cols: int, row_total: int, col_total: int
) -> list[list[int]]:
    """Counts ``a_i b_j`` of a product distribution (X and Y independent)."""
    a = composition(rng, row_total, rows)
    b = composition(rng, col_total, cols)
    return [[x * y for y in b] for x in a]


def as_probabilities(table: Sequence[Sequence[int]]) -> list[list[Fraction]]:
    n = sum(sum(r) for r in table)
    return [[Fraction(c, n) for c in row] for row in table]


def fractions_json(values: Sequence[Fraction]) -> list[str]:
    return [text_number(v) for v in values]


def row_latex(values: Sequence[Fraction]) -> str:
    return r"\left(" + ", ".join(latex_fraction(v) for v in values) + r"\right)"


def table_latex(table: Sequence[Sequence[Fraction]]) -> str:
    """A joint table with row labels x₁.. and column labels y₁.. as a LaTeX array."""
    cols = len(table[0])
    head = " & ".join(f"y_{j + 1}" for j in range(cols))
    body = r" \\ ".join(
        f"x_{i + 1} & " + " & ".join(latex_fraction(v) for v in row) for i, row in enumerate(table)
    )
    return (
        r"\begin{array}{c|" + "c" * cols + "} & " + head + r" \\ \hline " + body + r" \end{array}"
    )


def grid(values: Sequence[Fraction]) -> str:
    return unicode_grid([list(values)])
