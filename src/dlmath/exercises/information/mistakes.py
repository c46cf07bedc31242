"""Catalogued mistakes shared by the information-theory generators.

The most common slip in this area is the wrong logarithm: natural logs where bits were
asked, or log2 where nats were asked. Every generator that asks for a unit catalogues
it. Mistakes are listed plainly: the registry drops one whose value repeats the answer
or an earlier mistake.
"""

from __future__ import annotations

from dlmath.exercises.base import Misconception
from dlmath.exercises.kit.logs import BITS, LogSum, other_unit


def unit_mistake(quantity: LogSum, unit: str) -> Misconception:
    """The same quantity computed in the other unit."""
    wrong = other_unit(unit)
    if unit == BITS:
        code = "misconception:nats-for-bits"
        feedback = (
            "That is the value in nats: you used the natural logarithm, but the answer is "
            "asked in bits (log base 2). Divide by ln 2."
        )
    else:
        code = "misconception:bits-for-nats"
        feedback = (
            "That is the value in bits: you used log base 2, but the answer is asked in nats "
            "(the natural logarithm). Multiply by ln 2."
        )
    return Misconception(code, quantity.text(wrong), feedback)


def candidate(code: str, quantity: LogSum, unit: str, feedback: str) -> Misconception:
    """A wrong quantity, written in the unit the exercise asks for."""
    return Misconception(code, quantity.text(unit), feedback)
