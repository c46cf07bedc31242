"""Drawing numbers and choices from a generator's ``rng``.

Every random choice of an exercise comes from the NumPy ``Generator`` the registry
passes in, so ``SKILL:DIFFICULTY:SEED`` names one exercise everywhere. Each function
makes its draws in a fixed order: changing that order changes the exercises of every
generator that uses it (bump their ``version``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def draw_int(rng: np.random.Generator, lo: int, hi: int) -> int:
    """One integer in lo..hi, both included."""
    return int(rng.integers(lo, hi, endpoint=True))


def pick(rng: np.random.Generator, options: Sequence[Any]) -> Any:
    """One of ``options``, each equally likely (one draw)."""
    return options[int(rng.integers(len(options)))]


def nonzero_int(rng: np.random.Generator, lo: int, hi: int) -> int:
    """A nonzero integer in lo..hi, in a single draw among the nonzero values."""
    values = [v for v in range(lo, hi + 1) if v]
    return values[int(rng.integers(len(values)))]


def nonzero_int_redrawn(rng: np.random.Generator, lo: int, hi: int) -> int:
    """A nonzero integer in lo..hi, drawing again after a zero.

    Same distribution as ``nonzero_int`` but a different use of the ``rng``: kept for
    the generators whose exercises were first drawn this way."""
    while True:
        value = draw_int(rng, lo, hi)
        if value:
            return value


def permutation(rng: np.random.Generator, n: int) -> list[int]:
    return [int(i) for i in rng.permutation(n)]


def subset(rng: np.random.Generator, items: Sequence[Any], size: int) -> list[Any]:
    """``size`` distinct items of ``items``, in their original order."""
    chosen = sorted(int(i) for i in rng.choice(len(items), size=size, replace=False))
    return [items[i] for i in chosen]


def composition(rng: np.random.Generator, total: int, parts: int, zeros: bool = False) -> list[int]:
    """``total`` split into ``parts`` positive integers (non-negative with ``zeros``)."""
    if zeros:
        cuts = sorted(int(c) for c in rng.integers(0, total + 1, size=parts - 1))
    else:
        cuts = sorted(int(c) + 1 for c in rng.choice(total - 1, size=parts - 1, replace=False))
    edges = [0, *cuts, total]
    return [b - a for a, b in zip(edges, edges[1:], strict=False)]
