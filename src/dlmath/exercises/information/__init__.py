"""Information-theory generators: entropies and divergences, prefix codes, decision
trees and differential entropy."""

from dlmath.exercises.information import entropy  # noqa: F401  (registers generators)
