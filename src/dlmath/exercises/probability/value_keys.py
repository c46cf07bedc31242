"""Misconceptions compared by exact value, so that two mistakes giving the same answer
are not both catalogued."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Misconception

if TYPE_CHECKING:  # pragma: no cover
    pass


def _key(value: Fraction | tuple) -> tuple:
    """Misconceptions are compared by value: a number c·√m is (c, m)."""
    return value if isinstance(value, tuple) else (Fraction(value), 1)


def distinct_by_value(expected: Fraction | tuple, items: list[tuple[Any, Misconception]]):
    """Drop misconceptions equal in value to the answer or to an earlier one."""
    seen = {_key(expected)}
    kept = []
    for value, item in items:
        key = _key(value)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def vector_key(values: Sequence[Fraction]) -> tuple:
    return ("vector", *values)
