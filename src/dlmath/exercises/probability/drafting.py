"""Exact numbers written for the probability exercises, and the one way a probability
generator turns its answer and anticipated mistakes into a ``Draft``."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Misconception
from dlmath.expr.literals import format_number, latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


ExactNumber = Fraction | int


def pick(rng: np.random.Generator, options: Sequence[Any]) -> Any:
    return options[int(rng.integers(len(options)))]


def integer_in(rng: np.random.Generator, lo: int, hi: int) -> int:
    """An integer in [lo, hi]."""
    return int(rng.integers(lo, hi + 1))


def number_text(value: ExactNumber) -> str:
    return format_number(Fraction(value))


def number_latex(value: ExactNumber) -> str:
    return latex_number(Fraction(value))


def ratio_latex(top: int, bottom: int) -> str:
    """``\\frac{19}{57} = \\frac{1}{3}``, or just the fraction when already in lowest terms."""
    p = Fraction(top, bottom)
    raw = f"\\frac{{{top}}}{{{bottom}}}"
    return raw if (p.numerator, p.denominator) == (top, bottom) else f"{raw} = {number_latex(p)}"


def percent_text(p: Fraction) -> str:
    value = p * 100
    return f"{number_text(value) if value.denominator == 1 else format(float(value), 'g')}%"


@dataclass(frozen=True)
class NumericMistake:
    """A catalogued wrong answer before de-duplication: its value decides duplicates."""

    code: str
    answer: str
    value: float
    feedback: str


def mistake(code: str, value: ExactNumber, feedback: str) -> NumericMistake:
    return NumericMistake(code, number_text(value), float(value), feedback)


def _catalogue(expected: float, mistakes: Sequence[NumericMistake]) -> list[Misconception]:
    """Misconceptions whose value differs from the right one and from earlier ones, so
    every catalogued answer maps to exactly one code."""
    seen = [expected]
    kept = []
    for m in mistakes:
        if any(math.isclose(m.value, v, rel_tol=1e-9, abs_tol=1e-12) for v in seen):
            continue
        seen.append(m.value)
        kept.append(Misconception(m.code, m.answer, m.feedback))
    return kept


def exact_draft(
    *,
    prompt: str,
    text: str,
    expected: ExactNumber | str,
    data: dict[str, Any],
    hints: list[str],
    solution: Sequence[str],
    mistakes: Sequence[NumericMistake] = (),
    value: float | None = None,
    kind: str = "number",
    tolerance: float | None = None,
) -> Draft:
    answer = expected if isinstance(expected, str) else number_text(expected)
    exact = float(expected) if value is None else value
    return Draft(
        prompt=prompt,
        text=text,
        kind=kind,
        expected=answer,
        data=data,
        hints=hints,
        solution="\n\n".join(solution),
        misconceptions=_catalogue(exact, mistakes) if kind == "number" else [],
        tolerance=tolerance,
    )


def parenthesised(v: ExactNumber) -> str:
    """A number ready to be raised to a power: ``\\left(\\frac{3}{4}\\right)``, ``(-2)``."""
    v = Fraction(v)
    if v.denominator != 1:
        return f"\\left({number_latex(v)}\\right)"
    return f"({number_latex(v)})" if v < 0 else number_latex(v)


def family_draft(
    setting: str,
    setting_l: str,
    ask: str,
    ask_l: str,
    expected: ExactNumber | str,
    data,
    hints,
    solution,
    mistakes,
    value: float | None = None,
    tolerance: float | None = None,
) -> Draft:
    """A named-distribution exercise: the setting, then the question."""
    return exact_draft(
        prompt=f"{setting_l} {ask_l}",
        text=f"{setting} {ask}",
        expected=expected,
        value=value,
        data=data,
        hints=hints,
        solution=solution,
        mistakes=mistakes,
        tolerance=tolerance,
    )
