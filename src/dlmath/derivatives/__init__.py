"""Symbolic matrix calculus: gradients and Jacobians, each checked numerically before
it is shown (``dlmath.derive``)."""

from dlmath.derivatives.derive import Derivative, derive
from dlmath.derivatives.refusals import NotDifferentiable, UnverifiedDerivative

__all__ = ["Derivative", "NotDifferentiable", "UnverifiedDerivative", "derive"]
