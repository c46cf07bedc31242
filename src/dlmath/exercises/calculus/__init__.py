"""Calculus generators: derivatives, gradients, matrix calculus and back-propagation."""

from dlmath.exercises.calculus import (  # noqa: F401  (registers generators)
    autodiff_modes,
    backprop,
    backprop_attention,
    backprop_conv1d,
    backprop_normalisation,
    determinant_gradients,
    directional,
    integrals,
    inverse_gradients,
    linearisation,
    logsumexp,
    matrix_calculus,
    multivariable,
    scalar,
    softmax_jacobian,
    taylor,
)
