"""Information-theory generators: entropies and divergences, prefix codes, decision
trees and differential entropy."""

from dlmath.exercises.information import (  # noqa: F401  (registers generators)  # noqa: F401  (registers generators)
    coding,
    continuous,
    entropy,
    entropy_bounds,
    entropy_inequalities,
    feature_selection,
    gaussian_entropy,
    gaussian_kl,
    gaussian_max_entropy,
    label_smoothing,
    maximum_entropy,
    trees,
)
