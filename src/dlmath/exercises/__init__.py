"""Generated exercises: a registry of generators, one module per area."""

from dlmath.exercises.base import Draft, Exercise, Generator, Misconception
from dlmath.exercises.registry import check, exercise, exercise_from_id, generators, register

__all__ = [
    "Draft",
    "Exercise",
    "Generator",
    "Misconception",
    "check",
    "exercise",
    "exercise_from_id",
    "generators",
    "register",
]
