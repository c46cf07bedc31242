"""Two distributions on the same outcomes, for divergences and cross-entropies."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.information.random_tables import (
    rational,
)
from dlmath.exercises.kit import composition, pick

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def two_distributions(
    rng: np.random.Generator, k: int, denominators: list[int], zero_in_p: bool
) -> tuple[list[Fraction], list[Fraction]]:
    while True:
        q = rational(rng, k, denominators)
        if zero_in_p:
            n = pick(rng, [d for d in denominators if d >= k - 1])
            counts = composition(rng, n, k - 1)
            counts.insert(int(rng.integers(k)), 0)
            p = [Fraction(c, n) for c in counts]
        else:
            p = rational(rng, k, denominators)
        if p != q:
            return p, q
