"""Probability and statistics generators, one module per skill: one random variable,
then several."""

from dlmath.exercises.probability import (  # noqa: F401  (registers generators)
    bayes_rule,
    common_distributions,
    conditional,
    conditional_distributions,
    covariance,
    expectation,
    independence,
    joint_marginal,
    maximum_likelihood,
    pmf_pdf,
    random_variables,
    sample_spaces,
    sample_statistics,
    variance,
)
