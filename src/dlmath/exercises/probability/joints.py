"""Joint PMFs of two discrete random variables: drawing one and writing its parts
(joint and marginal, conditional distributions, independence, covariance).

Joint tables have exact fraction entries (``probability.tables``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.kit import json_matrix, pick
from dlmath.exercises.kit.distributions import random_joint
from dlmath.exercises.probability.tables import (
    Table,
    column_marginal,
    joint_table_latex,
    mean,
    row_marginal,
)
from dlmath.expr.literals import latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


ZERO = Fraction(0)


VALUE_SETS = {
    2: [[0, 1], [1, 2], [-1, 1], [0, 2]],
    3: [[0, 1, 2], [-1, 0, 1], [1, 2, 3]],
    4: [[0, 1, 2, 3], [-1, 0, 1, 2], [1, 2, 3, 4]],
}


def subset(rng: np.random.Generator, items: Sequence[int], size: int) -> list[int]:
    """``size`` distinct items of ``items``, in their original order."""
    chosen = sorted(int(i) for i in rng.choice(len(items), size=size, replace=False))
    return [items[i] for i in chosen]


@dataclass(frozen=True)
class Joint:
    """A joint PMF: ``table[i][j] = P(X = xs[i], Y = ys[j])``."""

    xs: list[int]
    ys: list[int]
    table: Table

    @property
    def px(self) -> list[Fraction]:
        return row_marginal(self.table)

    @property
    def py(self) -> list[Fraction]:
        return column_marginal(self.table)

    def data(self) -> dict[str, Any]:
        return {"X": self.xs, "Y": self.ys, "P": json_matrix(self.table)}

    def latex(self, shown: Sequence[Sequence[Fraction | str]] | None = None) -> str:
        return joint_table_latex(shown or self.table, self.xs, self.ys)


def value_set(rng: np.random.Generator, n: int) -> list[int]:
    return list(pick(rng, VALUE_SETS[n]))


def draw_joint(
    rng: np.random.Generator, rows: int, cols: int, denominators: Sequence[int]
) -> Joint:
    table = random_joint(rng, rows, cols, pick(rng, denominators))
    return Joint(value_set(rng, rows), value_set(rng, cols), table)


def sum_latex(terms: Sequence[Fraction]) -> str:
    """``\\frac{1}{8} + \\frac{1}{4} = \\frac{3}{8}``."""
    total = sum(terms, ZERO)
    if len(terms) == 1:
        return latex_number(total)
    return " + ".join(latex_number(t) for t in terms) + f" = {latex_number(total)}"


def set_text(values: Sequence[int]) -> str:
    return "{" + ", ".join(str(v) for v in values) + "}"


def set_latex(values: Sequence[int]) -> str:
    return r"\{" + ", ".join(str(v) for v in values) + r"\}"


JOINT_DENOMINATORS = {1: [8, 10, 12], 2: [18, 20, 24], 3: [24, 30, 36]}


@dataclass(frozen=True)
class Moments:
    """E X, E Y, Var X, Var Y, E[XY] and Cov(X, Y) of a joint table, exactly."""

    ex: Fraction
    ey: Fraction
    var_x: Fraction
    var_y: Fraction
    exy: Fraction

    @property
    def cov(self) -> Fraction:
        return self.exy - self.ex * self.ey


def joint_moments(joint: Joint) -> Moments:
    ex, ey = mean(joint.xs, joint.px), mean(joint.ys, joint.py)
    ex2 = mean([x * x for x in joint.xs], joint.px)
    ey2 = mean([y * y for y in joint.ys], joint.py)
    exy = sum(
        (
            x * y * p
            for x, row in zip(joint.xs, joint.table, strict=True)
            for y, p in zip(joint.ys, row, strict=True)
        ),
        ZERO,
    )
    return Moments(ex, ey, ex2 - ex * ex, ey2 - ey * ey, exy)


def dependent_joint(
    rng: np.random.Generator, rows: int, cols: int, denominators: Sequence[int]
) -> tuple[Joint, Moments]:
    """A joint table whose X and Y are correlated and neither constant."""
    while True:
        joint = draw_joint(rng, rows, cols, denominators)
        moments = joint_moments(joint)
        if moments.cov != 0 and moments.var_x and moments.var_y:
            return joint, moments
