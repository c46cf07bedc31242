"""linalg.rank: the rank of an integer matrix built as a product F G of an m×r and an r×n
factor, so the rank is known by construction."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    FractionMatrix,
    fraction_matrix,
    json_matrix,
    mat_mul,
    max_abs,
    pick,
    proportional,
    rank,
    reduction_markdown,
    row_reduce,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, shape_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _pairwise_directions(a: FractionMatrix) -> int:
    """How many rows are nonzero and not a multiple of an earlier row: the "rank" of
    someone who checks rows only two at a time."""
    kept: list[list[Fraction]] = []
    for row in a:
        if any(row) and not any(proportional(row, k) for k in kept):
            kept.append(row)
    return len(kept)


@register
class Rank(Generator):
    """Rank of an integer matrix built as a product F G of an m×r and an r×n factor."""

    skill = "linalg.rank"
    version = 2

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 3:
            # five rows, no two proportional, rank 2 to 4: the dependence is the trap
            m, n = pick(rng, [(5, 4), (5, 5), (5, 6)])
            r = pick(rng, [2, 3, 4])
        else:
            # the rank first, each equally likely, so that no answer is a safe guess
            r = pick(rng, [1, 2, 3])
            shapes = {1: [(2, 2), (2, 3), (3, 2), (3, 3)], 2: [(3, 3), (3, 4), (4, 3)]}
            m, n = pick(rng, [s for s in shapes[difficulty] if min(s) >= r])
        bound = {1: 3, 2: 3, 3: 2}[difficulty]
        while True:
            f = fraction_matrix(rng, m, r, -bound, bound)
            g = fraction_matrix(rng, r, n, -bound, bound)
            a = mat_mul(f, g)
            if max_abs(a) > 12 or rank(a) != r:
                continue
            if difficulty >= 2 and any(not any(row) for row in a):
                continue
            # the trap of difficulty 3: no row is a multiple of another, yet rows depend
            if difficulty == 3 and _pairwise_directions(a) != m:
                continue
            break
        red = row_reduce(a)
        expected = str(r)
        misconceptions = [
            Misconception(
                "misconception:full-rank-assumed",
                str(min(m, n)),
                f"Rank is at most min(m, n) = {min(m, n)}, but reaches it only when no row "
                "is a combination of the others; row-reduce to see how many pivots remain.",
            ),
            Misconception(
                "misconception:pairwise-independence",
                str(_pairwise_directions(a)),
                "No row being a multiple of another is not enough: a row can be a combination "
                "of two or more others. Row-reduce and count the pivots.",
            ),
            Misconception(
                "misconception:nullity-for-rank",
                str(n - r),
                "That is the nullity n − rank (the dimension of the null space), not the rank.",
            ),
        ]
        intro = f"Find the rank of the {shape_text(m, n)} matrix"
        hints = [
            "Row-reduce A to echelon form; the rank is the number of pivots.",
            f"The rank is at most min(m, n) = {min(m, n)}. Look for a row that is a "
            "combination of the rows above it.",
        ]
        if difficulty == 3:
            hints.append(
                "No two rows here are multiples of each other, yet the rows are "
                "dependent: some row is a combination of several others."
            )
        solution = [
            "Row-reduce $A$ (row operations do not change the rank):",
            *reduction_markdown(red),
            "The echelon form has pivots in column(s) "
            f"{', '.join(str(c + 1) for c in red.pivots)}, "
            f"so $\\operatorname{{rank}} A = {r}$.",
            f"Indeed $A = FG$ with $F = {latex_matrix(f)}$ ({shape_text(m, r)}) and "
            f"$G = {latex_matrix(g)}$, so its columns lie in the {r}-dimensional column space "
            "of $F$.",
        ]
        return Draft(
            prompt=f"{intro} $A = {latex_matrix(a)}$.",
            text=f"{intro} A.\n\n{named_grids([('A', a)])}",
            kind="number",
            expected=expected,
            data={"A": json_matrix(a)},
            hints=hints,
            solution="\n\n".join(solution),
            misconceptions=misconceptions,
        )
