"""Probability and statistics generators: one random variable, then several."""

from dlmath.exercises.probability import multivariate, univariate  # noqa: F401  (registers)
