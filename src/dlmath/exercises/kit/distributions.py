"""Drawing exact probability distributions: PMFs and joint tables whose entries are
multiples of ``1/denominator`` (so every answer computed from them is an exact fraction).

``weights`` is not the same draw as ``draw.composition``: it cuts a total into parts with a
minimum each, uniformly over such splits; exercise ids depend on it, so it stays as it is.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

Table = list[list[Fraction]]


def weights(rng: np.random.Generator, parts: int, total: int, minimum: int = 1) -> list[int]:
    """``parts`` integers, each at least ``minimum``, summing to ``total``: uniform cut
    points, so every such split is equally likely."""
    spare = total - parts * minimum
    if spare < 0:
        raise ValueError(f"cannot split {total} into {parts} parts of at least {minimum}")
    cuts = sorted(int(c) for c in rng.integers(0, spare, size=parts - 1, endpoint=True))
    bounds = [0, *cuts, spare]
    return [minimum + bounds[i + 1] - bounds[i] for i in range(parts)]


def random_pmf(
    rng: np.random.Generator, n: int, denominator: int, minimum: int = 1
) -> list[Fraction]:
    """A PMF on ``n`` outcomes whose probabilities are multiples of ``1/denominator``."""
    return [Fraction(w, denominator) for w in weights(rng, n, denominator, minimum)]


def random_joint(
    rng: np.random.Generator, rows: int, cols: int, denominator: int, minimum: int = 1
) -> Table:
    """A joint PMF table (rows: values of X, columns: values of Y) with entries that are
    multiples of ``1/denominator``; ``minimum=0`` allows impossible pairs."""
    flat = random_pmf(rng, rows * cols, denominator, minimum)
    return [flat[i * cols : (i + 1) * cols] for i in range(rows)]
