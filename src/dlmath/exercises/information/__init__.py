"""Information-theory generators: entropies and divergences, prefix codes, decision
trees and differential entropy."""

from dlmath.exercises.information import coding, continuous, entropy, trees  # noqa: F401  (registers generators)
