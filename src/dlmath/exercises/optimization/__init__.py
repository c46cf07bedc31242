"""Convex optimization generators: convexity, then Lagrange duality, KKT and the SVM."""

from dlmath.exercises.optimization import convexity, duality  # noqa: F401  (registers)
