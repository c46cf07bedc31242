"""Probability and statistics generators, one module per skill: one random variable,
then several."""

from dlmath.exercises.probability import (  # noqa: F401  (registers generators)
    bayes_rule,
    common_distributions,
    conditional,
    expectation,
    multivariate,
    pmf_pdf,
    random_variables,
    sample_spaces,
    variance,
)
