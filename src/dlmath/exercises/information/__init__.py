"""Information-theory generators: entropies and divergences, prefix codes, decision
trees and differential entropy."""

from dlmath.exercises.information import coding, continuous, entropy, trees  # noqa: F401  (registers generators)
from dlmath.exercises.information import (  # noqa: F401  (registers generators)
    entropy_bounds,
    entropy_inequalities,
    feature_selection,
    gaussian_entropy,
    gaussian_kl,
    gaussian_max_entropy,
    maximum_entropy,
)
