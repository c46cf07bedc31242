"""Small integer data sets, written for prompts and solutions (sample statistics,
maximum likelihood)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.kit import draw_int
from dlmath.expr.literals import latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def draw_data(rng: np.random.Generator, n: int, lo: int, hi: int, mean_divides: bool = False):
    """``n`` integers in [lo, hi], not all equal; with ``mean_divides`` their mean is whole."""
    while True:
        values = [draw_int(rng, lo, hi) for _ in range(n)]
        if len(set(values)) > 1 and (not mean_divides or sum(values) % n == 0):
            return values


def _shown(value: Fraction | int) -> str:
    """A data value as printed: ``3``, ``1.5``."""
    f = Fraction(value)
    return str(f.numerator) if f.denominator == 1 else repr(float(f))


def data_text(values: Sequence[Fraction | int]) -> str:
    return ", ".join(_shown(v) for v in values)


def sum_of_squares(values: Sequence[Fraction | int]) -> tuple[Fraction, Fraction]:
    """(mean, Σ (x − mean)²), exactly."""
    avg = Fraction(sum(values, Fraction(0))) / len(values)
    return avg, sum(((Fraction(v) - avg) ** 2 for v in values), Fraction(0))


def deviations_latex(values: Sequence[Fraction | int], avg: Fraction, ss: Fraction) -> str:
    terms = " + ".join(f"({latex_number(Fraction(v) - avg)})^2" for v in values)
    return f"$\\sum_i (x_i - \\bar x)^2 = {terms} = {latex_number(ss)}$"
