"""Calculus generators: derivatives, gradients, matrix calculus and back-propagation."""

from dlmath.exercises.calculus import backprop, matrix_calculus, multivariable, scalar, taylor  # noqa: F401  (registers generators)
