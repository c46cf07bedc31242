"""Information-theory generators, one module per skill: entropies and divergences,
prefix codes, decision trees and differential entropy."""

from dlmath.exercises.information import (  # noqa: F401  (registers generators)
    coding,
    continuous,
    cross_entropy,
    entropy,
    joint_conditional_entropy,
    kl_divergence,
    mutual_information,
    trees,
)
