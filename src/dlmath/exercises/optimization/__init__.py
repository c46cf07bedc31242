"""Convex optimization generators: convexity, then Lagrange duality, KKT and the SVM."""

from dlmath.exercises.optimization import (  # noqa: F401  (registers generators)
    convexity,
    duality,
    gd_quadratic,
    momentum,
    newton,
    projected_gradient,
    subgradients,
)
