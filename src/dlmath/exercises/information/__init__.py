"""Information-theory generators, one module per skill: entropies and divergences,
prefix codes, decision trees and differential entropy."""

from dlmath.exercises.information import (  # noqa: F401  (registers generators)
    cross_entropy,
    decision_trees,
    differential_entropy,
    entropy,
    information_gain,
    joint_conditional_entropy,
    kl_divergence,
    mutual_information,
    prefix_codes,
)
