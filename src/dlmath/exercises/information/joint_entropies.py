"""A joint table P(X = xᵢ, Y = yⱼ) with its entropies, drawn and written for the joint,
conditional and mutual-information exercises."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.information.entropy_steps import (
    entropy_steps,
)
from dlmath.exercises.information.random_tables import (
    as_probabilities,
    fractions_json,
    joint_counts,
    row_latex,
    table_latex,
)
from dlmath.exercises.kit import pick
from dlmath.exercises.kit.logs import (
    entropy,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


class JointEntropies:
    """The entropies of a joint table P(X = xᵢ, Y = yⱼ), rows X, columns Y."""

    def __init__(self, table: list[list[Fraction]]):
        self.table = table
        self.px = [sum(row, Fraction(0)) for row in table]
        self.py = [sum(col, Fraction(0)) for col in zip(*table, strict=True)]
        self.hxy = entropy(x for row in table for x in row)
        self.hx = entropy(self.px)
        self.hy = entropy(self.py)
        self.hy_x = self.hxy - self.hx
        self.hx_y = self.hxy - self.hy
        self.mi = self.hx + self.hy - self.hxy

    def json(self) -> list[list[str]]:
        return [fractions_json(row) for row in self.table]

    def shown(self) -> str:
        """The table as display math, rows x₁.. and columns y₁.."""
        return f"$${table_latex(self.table)}$$"

    def marginal_lines(self, unit: str) -> list[str]:
        return [
            f"Marginals: $P(X) = {row_latex(self.px)}$, $P(Y) = {row_latex(self.py)}$.",
            f"$H(X) = {entropy_steps(self.px, unit)}$.",
            f"$H(Y) = {entropy_steps(self.py, unit)}$.",
        ]

    def joint_line(self, unit: str) -> str:
        cells = [x for row in self.table for x in row]
        return f"$H(X, Y) = {entropy_steps(cells, unit)}$."


def draw_joint_table(rng: np.random.Generator, difficulty: int) -> list[list[Fraction]]:
    rows, cols = {1: (2, 2), 2: pick(rng, [(2, 3), (3, 2)]), 3: (3, 3)}[difficulty]
    total = {1: pick(rng, [4, 8]), 2: pick(rng, [6, 8, 12]), 3: pick(rng, [12, 16, 18, 24])}[
        difficulty
    ]
    return as_probabilities(joint_counts(rng, rows, cols, total, zeros=difficulty == 3))


JOINT_INTRO = "The joint distribution of X (rows x₁, x₂, …) and Y (columns y₁, y₂, …) is"
