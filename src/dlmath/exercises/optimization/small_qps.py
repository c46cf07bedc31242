"""Small QPs min Σ wₖ (xₖ − cₖ)² subject to aᵢ·x ≤ bᵢ, built backwards from a chosen KKT
point so that optimum and multipliers are exact (complementary slackness and KKT).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.kit import dot, draw_int, json_value, json_vector, tex_number
from dlmath.exercises.optimization.monomials import (
    VARIABLES,
    linear_terms,
    monomials_text,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@dataclass(frozen=True)
class SmallQP:
    weights: tuple[int, ...]
    center: tuple[Fraction, ...]
    normals: tuple[tuple[int, ...], ...]
    bounds: tuple[Fraction, ...]

    def objective(self) -> str:
        """Σ wₖ (xₖ − cₖ)² in LaTeX."""
        parts = []
        for w, name, c in zip(self.weights, VARIABLES, self.center, strict=False):
            inner = monomials_text([(Fraction(1), (1,)), (-c, (0,))], True, (name,))
            square = f"{name}^2" if c == 0 else f"({inner})^2"
            parts.append(("" if w == 1 else str(w)) + square)
        return " + ".join(parts)

    def constraint(self, i: int) -> str:
        lhs = monomials_text(linear_terms(self.normals[i]), True)
        return f"{lhs} \\le {tex_number(self.bounds[i])}"

    def slack(self, i: int, x: Sequence[Fraction]) -> Fraction:
        """gᵢ(x) = aᵢ·x − bᵢ (≤ 0 when feasible)."""
        return dot(self.normals[i], x) - self.bounds[i]

    def gradient(self, x: Sequence[Fraction]) -> list[Fraction]:
        return [2 * w * (v - c) for w, v, c in zip(self.weights, x, self.center, strict=True)]

    def stationarity(self, x: Sequence[Fraction], lam: Sequence[Fraction]) -> list[Fraction]:
        grad = self.gradient(x)
        for li, a in zip(lam, self.normals, strict=True):
            grad = [g + li * ak for g, ak in zip(grad, a, strict=True)]
        return grad

    def listing(self) -> str:
        """The numbered constraints, in LaTeX."""
        return ", ".join(f"$({i + 1})\\; {self.constraint(i)}$" for i in range(len(self.bounds)))

    def to_json(self) -> dict[str, Any]:
        return {
            "weights": list(self.weights),
            "center": json_vector(self.center),
            "constraints": [
                {"a": list(a), "b": json_value(b)}
                for a, b in zip(self.normals, self.bounds, strict=True)
            ],
        }


def _normal(rng: np.random.Generator, others: Sequence[tuple[int, ...]]) -> tuple[int, ...]:
    """An integer normal with both entries in -3..3, not parallel to any of ``others``."""
    while True:
        a = (draw_int(rng, -3, 3), draw_int(rng, -3, 3))
        if a == (0, 0):
            continue
        if all(a[0] * o[1] - a[1] * o[0] != 0 for o in others):
            return a


def build_qp(
    rng: np.random.Generator,
    point: Sequence[int],
    multipliers: Sequence[int],
    slacks: Sequence[int],
    weights: Sequence[int],
) -> SmallQP:
    """The QP whose stationarity at ``point`` holds with ``multipliers``; constraint i has
    gᵢ(point) = aᵢ·point − bᵢ = slacksᵢ (0 for active, negative for slack)."""
    normals: list[tuple[int, ...]] = []
    for _ in multipliers:
        normals.append(_normal(rng, normals))
    bounds = tuple(Fraction(dot(a, point) - s) for a, s in zip(normals, slacks, strict=True))
    # 2 wₖ (xₖ − cₖ) + Σ λᵢ aᵢₖ = 0
    center = tuple(
        Fraction(point[k])
        + Fraction(sum(m * a[k] for m, a in zip(multipliers, normals, strict=True)), 2 * weights[k])
        for k in range(2)
    )
    return SmallQP(tuple(weights), center, tuple(normals), bounds)
