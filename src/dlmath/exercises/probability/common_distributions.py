"""probability.common-distributions: Bernoulli, binomial, geometric, Poisson, uniform,
exponential and normal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.kit import pick
from dlmath.exercises.probability import continuous_families, discrete_families
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

FAMILIES = {
    "binomial": discrete_families.binomial,
    "geometric": discrete_families.geometric,
    "poisson": discrete_families.poisson,
    "uniform": continuous_families.uniform,
    "exponential": continuous_families.exponential,
    "normal": continuous_families.normal,
}


@register
class CommonDistributions(Generator):
    """The named distributions: a mean or variance from the parameters (difficulty 1); a
    point probability, a tail, or a standardised value (2); cumulative probabilities that
    take several terms or a complement, and normal probabilities as rounded decimals (3)."""

    skill = "probability.common-distributions"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        family = pick(rng, ["binomial", "geometric", "poisson", "uniform", "exponential", "normal"])
        if difficulty == 1 and family == "normal":
            family = "binomial"
        return FAMILIES[family](rng, difficulty)
