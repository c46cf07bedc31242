"""Checking answers: equivalence by evaluation, diagnoses, and verdicts on exercises."""

from __future__ import annotations

from dlmath.checker.answers import check_answer
from dlmath.checker.equivalence import Equivalence, equivalent
from dlmath.checker.verdict import DIAGNOSES, Verdict

__all__ = ["DIAGNOSES", "Equivalence", "Verdict", "check_answer", "equivalent"]
