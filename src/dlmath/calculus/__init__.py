"""Symbolic matrix calculus: gradients and Jacobians, each checked numerically before
it is shown (``dlmath.derive``)."""

from dlmath.calculus.derive import Derivative, derive
from dlmath.calculus.errors import NotDifferentiable, UnverifiedDerivative

__all__ = ["Derivative", "NotDifferentiable", "UnverifiedDerivative", "derive"]
