"""Catalogued mistakes shared by the information-theory generators.

The most common slip in this area is the wrong logarithm: natural logs where bits were
asked, or log2 where nats were asked. Every generator that asks for a unit catalogues it.
"""

from __future__ import annotations

from dlmath.exercises.base import Misconception
from dlmath.exercises.information.logs import BITS, LogSum, other_unit

Candidate = tuple[Misconception, float]


def unit_mistake(quantity: LogSum, unit: str) -> Candidate:
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
    return Misconception(code, quantity.text(wrong), feedback), quantity.value(wrong)


def candidate(code: str, quantity: LogSum, unit: str, feedback: str) -> Candidate:
    return Misconception(code, quantity.text(unit), feedback), quantity.value(unit)


def distinct(expected: float, candidates: list[Candidate]) -> list[Misconception]:
    """The candidates whose values differ from the expected one and from each other, so
    each catalogued answer gets its own code."""
    kept: list[Misconception] = []
    values = [expected]
    for mistake, value in candidates:
        if all(abs(value - v) > 1e-6 * max(1.0, abs(v)) for v in values):
            kept.append(mistake)
            values.append(value)
    return kept
