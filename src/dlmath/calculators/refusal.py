"""The one error of the calculators: input they refuse, with a sentence saying why."""

from __future__ import annotations


class CalculatorError(ValueError):
    """Input a calculator refuses (a missing column, a covariance that is not SPD, ...)."""
