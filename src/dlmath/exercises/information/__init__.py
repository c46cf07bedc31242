"""Information-theory generators, one module per skill: entropies and divergences,
prefix codes, decision trees and differential entropy. The registry imports every
module here."""
