"""How a probability generator turns its exact answer and anticipated mistakes into a
``Draft``, and the few ways of writing numbers that only probability needs (ratios,
percentages, bases of powers).

Drawing and the common number forms come from the kit; the registry drops a mistake
whose value repeats the answer or an earlier mistake."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from dlmath.exercises.base import Draft, Misconception
from dlmath.exercises.kit import Exact, tex_number, text_number


def ratio_latex(top: int, bottom: int) -> str:
    """``\\frac{19}{57} = \\frac{1}{3}``, or just the fraction when already in lowest terms."""
    p = Fraction(top, bottom)
    raw = f"\\frac{{{top}}}{{{bottom}}}"
    return raw if (p.numerator, p.denominator) == (top, bottom) else f"{raw} = {tex_number(p)}"


def percent_text(p: Fraction) -> str:
    value = p * 100
    return f"{text_number(value) if value.denominator == 1 else format(float(value), 'g')}%"


def parenthesised(v: Exact) -> str:
    """A number ready to be raised to a power: ``\\left(\\frac{3}{4}\\right)``, ``(-2)``."""
    v = Fraction(v)
    if v.denominator != 1:
        return f"\\left({tex_number(v)}\\right)"
    return f"({tex_number(v)})" if v < 0 else tex_number(v)


def mistake(code: str, value: Exact, feedback: str) -> Misconception:
    """The wrong answer ``value`` (an exact number) with the feedback that names it."""
    return Misconception(code, text_number(value), feedback)


def exact_draft(
    *,
    prompt: str,
    expected: Exact | str,
    data: dict[str, Any],
    hints: list[str],
    solution: Sequence[str],
    mistakes: Sequence[Misconception] = (),
    kind: str = "number",
    tolerance: float | None = None,
) -> Draft:
    """A draft whose answer is an exact number (or its text); the solution's steps become
    paragraphs. Only number answers catalogue mistakes."""
    return Draft(
        prompt=prompt,
        kind=kind,
        expected=expected if isinstance(expected, str) else text_number(expected),
        data=data,
        hints=hints,
        solution="\n\n".join(solution),
        misconceptions=list(mistakes) if kind == "number" else [],
        tolerance=tolerance,
    )


def family_draft(
    setting: str,
    ask: str,
    expected: Exact | str,
    data: dict[str, Any],
    hints: list[str],
    solution: Sequence[str],
    mistakes: Sequence[Misconception],
    tolerance: float | None = None,
) -> Draft:
    """A named-distribution exercise: the setting, then the question."""
    return exact_draft(
        prompt=f"{setting} {ask}",
        expected=expected,
        data=data,
        hints=hints,
        solution=solution,
        mistakes=mistakes,
        tolerance=tolerance,
    )
