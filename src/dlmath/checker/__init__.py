"""Checking answers: equivalence by evaluation, diagnoses, and verdicts on exercises."""

from __future__ import annotations

from dlmath.checker.answers import check_answer
from dlmath.checker.equivalence import Equivalence, equivalent
from dlmath.checker.verdict import DIAGNOSES, Verdict
from dlmath.expr.errors import InputError

__all__ = ["DIAGNOSES", "Equivalence", "Verdict", "check", "check_answer", "equivalent"]


def check(exercise_id: str, answer: str) -> Verdict:
    """Judge ``answer`` to the exercise ``exercise_id`` (``SKILL:DIFFICULTY:SEED``).

    Never raises for the learner's text; a malformed id raises ``InputError``."""
    from dlmath.exercises import exercise_from_id

    try:
        ex = exercise_from_id(exercise_id)
    except ValueError as error:
        if isinstance(error, InputError):
            raise
        raise InputError(str(error)) from error
    return check_answer(ex, answer)
