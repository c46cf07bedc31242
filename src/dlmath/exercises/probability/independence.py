"""probability.independence: whether a joint table factorises into its marginals.

Independent tables are outer products of their marginals; dependent ones move mass around a
rectangle of cells, which keeps the marginals as an independent table would have them."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick, subset
from dlmath.exercises.kit.distributions import random_pmf
from dlmath.exercises.probability.joints import Joint, value_set
from dlmath.exercises.probability.tables import Table, outer
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


INDEPENDENCE_SIZES = {1: [(2, 2)], 2: [(2, 3), (3, 3), (3, 2)], 3: [(3, 3), (3, 4), (4, 3)]}
MARGINAL_DENOMINATORS = {1: [2, 3, 4], 2: [3, 4, 5, 6], 3: [4, 5, 6]}


def _moved_mass(rng: np.random.Generator, table: Table, avoid_first: bool) -> Table:
    """``table`` with mass ε moved around a rectangle of cells (i, j), (k, l) gain and
    (i, l), (k, j) lose: the marginals stay, the product form breaks. With
    ``avoid_first`` the rectangle misses the first column (or, in a table of two columns,
    the first row), so the first cell still factorises."""
    rows, cols = len(table), len(table[0])
    row_start = 1 if avoid_first and cols < 3 else 0
    col_start = 1 if avoid_first and cols >= 3 else 0
    i, k = subset(rng, list(range(row_start, rows)), 2)
    j, l = subset(rng, list(range(col_start, cols)), 2)
    if rng.random() < 0.5:
        j, l = l, j
    losing = min(table[i][l], table[k][j])
    unit = Fraction(1, max(c.denominator for row in table for c in row))
    steps = max(1, int(losing / unit) - 1)
    eps = unit * draw_int(rng, 1, steps)
    moved = [list(row) for row in table]
    moved[i][j] += eps
    moved[k][l] += eps
    moved[i][l] -= eps
    moved[k][j] -= eps
    return moved


def _cell_check(joint: Joint, i: int, j: int) -> str:
    product = joint.px[i] * joint.py[j]
    relation = "=" if joint.table[i][j] == product else r"\ne"
    return (
        f"$P(X = {joint.xs[i]}) P(Y = {joint.ys[j]}) = {latex_number(joint.px[i])} \\cdot "
        f"{latex_number(joint.py[j])} = {latex_number(product)} {relation} "
        f"{latex_number(joint.table[i][j])} = P(X = {joint.xs[i]}, Y = {joint.ys[j]})$"
    )


def _first_failure(joint: Joint) -> tuple[int, int] | None:
    for i, row in enumerate(joint.table):
        for j, p in enumerate(row):
            if p != joint.px[i] * joint.py[j]:
                return i, j
    return None


@register
class Independence(Generator):
    """Are X and Y independent? Tables built as outer products of their marginals, or
    with mass moved so that the marginals (and, from difficulty 2, the first cell) look
    the same as an independent table's."""

    skill = "probability.independence"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        rows, cols = pick(rng, INDEPENDENCE_SIZES[difficulty])
        px = random_pmf(rng, rows, pick(rng, MARGINAL_DENOMINATORS[difficulty]) * rows // 2)
        py = random_pmf(rng, cols, pick(rng, MARGINAL_DENOMINATORS[difficulty]) * cols // 2)
        independent = rng.random() < 0.5
        table = outer(px, py)
        if not independent:
            table = _moved_mass(rng, table, avoid_first=difficulty >= 2)
        joint = Joint(value_set(rng, rows), value_set(rng, cols), table)
        expected = "true" if independent else "false"
        mistakes = []
        failure = _first_failure(joint)
        if not independent and difficulty >= 2:
            mistakes.append(
                Misconception(
                    "misconception:one-cell",
                    "true",
                    "One cell factorising is not enough: independence needs "
                    "P(X = x, Y = y) = P(X = x) P(Y = y) for every cell, and some cell here "
                    "breaks it.",
                )
            )
        checks = [_cell_check(joint, i, j) for i, j in [(0, 0), *([failure] if failure else [])]]
        marginals = (
            f"Marginals: $p_X = ({', '.join(latex_number(p) for p in joint.px)})$, "
            f"$p_Y = ({', '.join(latex_number(p) for p in joint.py)})$."
        )
        if independent:
            verdict = (
                "Every cell equals the product of its row and column marginals (the table "
                "is the outer product $p_X p_Y^\\top$), so $X$ and $Y$ are independent."
            )
        else:
            verdict = (
                "One cell that is not the product of its marginals is enough: $X$ and $Y$ "
                "are not independent."
            )
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nAre $X$ and $Y$ "
                "independent? Answer true or false."
            ),
            kind="boolean",
            expected=expected,
            data={**joint.data(), "independent": independent},
            hints=[
                "Compute both marginals first (row sums and column sums).",
                "X and Y are independent when P(X = x, Y = y) = P(X = x) P(Y = y) for EVERY "
                "cell; one cell that fits proves nothing.",
            ],
            solution="\n\n".join([marginals, *checks, verdict]),
            misconceptions=mistakes,
        )
