"""Probability and statistics generators: one random variable, then several."""

from dlmath.exercises.probability import (  # noqa: F401  (registers)  # noqa: F401  (registers)
    batch_statistics,
    central_limit,
    conditional_expectation,
    depth_products,
    dropout,
    elbo,
    initialization,
    large_numbers,
    mixture_em,
    mle_map,
    multivariate,
    multivariate_gaussian,
    posterior,
    reparameterization,
    tail_bounds,
    univariate,
)
