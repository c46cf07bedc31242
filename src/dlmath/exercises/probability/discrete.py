"""A PMF shown as a table: drawing one, its moments, and the sums a solution writes out
(random variables, expectation, variance)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.kit import Exact, pick, tex_number
from dlmath.exercises.kit.distributions import random_pmf
from dlmath.exercises.probability.tables import pmf_latex

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def draw_pmf(
    rng: np.random.Generator, size: int, denominators: Sequence[int], lo: int, hi: int
) -> tuple[list[int], list[Fraction]]:
    """Distinct sorted integer values in [lo, hi] and a PMF on them."""
    values = sorted(int(v) for v in rng.choice(range(lo, hi + 1), size=size, replace=False))
    return values, random_pmf(rng, size, pick(rng, denominators))


def pmf_moment(
    values: Sequence[int], probs: Sequence[Fraction], g: Callable[[int], Exact]
) -> Fraction:
    return sum((Fraction(g(v)) * p for v, p in zip(values, probs, strict=True)), Fraction(0))


def pmf_prompt(intro: str, values: Sequence[int], probs: Sequence[Fraction], ask: str) -> str:
    """The intro, the PMF as a table, then the question."""
    return f"{intro}\n\n{pmf_latex(values, probs)}\n\n{ask}"


def weighted_sum_latex(
    values: Sequence[int], probs: Sequence[Fraction], g: Callable[[int], str]
) -> str:
    return " + ".join(f"{g(v)} \\cdot {tex_number(p)}" for v, p in zip(values, probs, strict=True))
