"""Values as the duality generators write them: numbers, vectors and tuples in the input
language and in LaTeX, exact square-root forms (``Surd``), and catalogues of anticipated
wrong answers built from values.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from dlmath.exercises.base import Misconception
from dlmath.exercises.kit import Surd, tex_number, text_number

SCALAR = "1"  # the shape of a scalar name in Draft.shapes


def column_latex(values: Sequence[Any]) -> str:
    cells = [v.latex() if isinstance(v, Surd) else tex_number(v) for v in values]
    return r"\begin{bmatrix} " + r" \\ ".join(cells) + r" \end{bmatrix}"


def tuple_latex(values: Sequence[Fraction | int]) -> str:
    return "(" + ", ".join(tex_number(v) for v in values) + ")"


def answer_text(value: Any) -> str:
    """A number, surd or vector of them in the input language: ``[1/2, sqrt(2)]``."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(answer_text(v) for v in value) + "]"
    return value.text() if isinstance(value, Surd) else text_number(value)


def mistakes(wrong: Sequence[tuple[Any, str, str]]) -> list[Misconception]:
    """Misconceptions from (value, code, feedback); the registry drops the ones whose value
    is the right answer or repeats an earlier one."""
    return [Misconception(f"misconception:{code}", answer_text(v), why) for v, code, why in wrong]


def index_mistakes(wrong: Sequence[tuple[Sequence[int], str, str]]) -> list[Misconception]:
    """Like ``mistakes`` for order-free lists of indices (an empty list is no answer)."""
    return [
        Misconception(f"misconception:{code}", ", ".join(map(str, sorted(items))), why)
        for items, code, why in wrong
        if items
    ]


def multipliers_latex(values: Sequence[int]) -> str:
    return tex_number(values[0]) if len(values) == 1 else tuple_latex(values)


def column_latex_of(cells: Sequence[str]) -> str:
    return r"\begin{bmatrix} " + r" \\ ".join(cells) + r" \end{bmatrix}"


def text_mistakes(wrong: Sequence[tuple[str, str, str]]) -> list[Misconception]:
    """Misconceptions whose answers are expressions, already written."""
    return [Misconception(f"misconception:{code}", text, why) for text, code, why in wrong]


def subscript(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
