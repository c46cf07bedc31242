"""Calculus generators: derivatives, gradients, matrix calculus and back-propagation."""

from dlmath.exercises.calculus import (  # noqa: F401  (registers generators)
    autodiff_modes,
    backprop,
    backprop_attention,
    backprop_conv1d,
    backprop_normalisation,
    logsumexp,
    softmax_jacobian,
    determinant_gradients,
    directional,
    integrals,
    inverse_gradients,
    linearisation,
    matrix_calculus,
    multivariable,
    scalar,
    taylor,
)
