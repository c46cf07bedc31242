"""Values as the duality generators write them: numbers, vectors and tuples in the input
language and in LaTeX, exact square-root forms (``Surd``), and catalogues of anticipated
wrong answers built from values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import sqrt
from typing import Any

from dlmath.exercises.base import Misconception
from dlmath.exercises.optimization.convex_terms import json_number, lx, t

SCALAR = "1"  # the shape of a scalar name in Draft.shapes


def json_vector(values: Sequence[Fraction | int]) -> list[int | str]:
    return [json_number(v) for v in values]


def vector_answer(values: Sequence[Any]) -> str:
    return "[" + ", ".join(v.text() if isinstance(v, Surd) else t(v) for v in values) + "]"


def column_latex(values: Sequence[Any]) -> str:
    cells = [v.latex() if isinstance(v, Surd) else lx(v) for v in values]
    return r"\begin{bmatrix} " + r" \\ ".join(cells) + r" \end{bmatrix}"


def tuple_text(values: Sequence[Fraction | int]) -> str:
    return "(" + ", ".join(t(v) for v in values) + ")"


def tuple_latex(values: Sequence[Fraction | int]) -> str:
    return "(" + ", ".join(lx(v) for v in values) + ")"


def dot(u: Sequence[Fraction | int], v: Sequence[Fraction | int]) -> Fraction:
    return sum((Fraction(a) * b for a, b in zip(u, v, strict=True)), Fraction(0))


@dataclass(frozen=True)
class Surd:
    """``coef · √radicand`` with a square-free radicand: exact answers like 2√5/5."""

    coef: Fraction
    radicand: int = 1

    @staticmethod
    def of(coef: Fraction | int, radicand: int = 1) -> Surd:
        root = 1
        rest = radicand
        k = 2
        while k * k <= rest:
            while rest % (k * k) == 0:
                rest //= k * k
                root *= k
            k += 1
        if coef == 0:
            rest = 1
        return Surd(Fraction(coef) * root, rest)

    def __float__(self) -> float:
        return float(self.coef) * sqrt(self.radicand)

    def __neg__(self) -> Surd:
        return Surd(-self.coef, self.radicand)

    def scaled(self, factor: Fraction | int) -> Surd:
        return Surd.of(self.coef * factor, self.radicand)

    def text(self) -> str:
        if self.radicand == 1:
            return t(self.coef)
        p, q = self.coef.numerator, self.coef.denominator
        sign = "-" if p < 0 else ""
        head = f"sqrt({self.radicand})" if abs(p) == 1 else f"{abs(p)}*sqrt({self.radicand})"
        return f"{sign}{head}" + (f"/{q}" if q != 1 else "")

    def latex(self) -> str:
        if self.radicand == 1:
            return lx(self.coef)
        p, q = self.coef.numerator, self.coef.denominator
        sign = "-" if p < 0 else ""
        head = ("" if abs(p) == 1 else str(abs(p))) + f"\\sqrt{{{self.radicand}}}"
        return f"{sign}\\frac{{{head}}}{{{q}}}" if q != 1 else f"{sign}{head}"


def inverse_sqrt(numerator: Fraction | int, square: Fraction | int) -> Surd:
    """numerator / √square, rationalised: 2/√5 = 2√5/5."""
    square = Fraction(square)
    # √(p/q) = √(p q)/q
    return Surd.of(Fraction(numerator) / square.numerator, square.numerator * square.denominator)


def _value_key(value: Any) -> tuple[float, ...]:
    if isinstance(value, list | tuple):
        return tuple(round(float(v), 9) for v in value)
    return (round(float(value), 9),)


def answer_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return vector_answer(value)
    return value.text() if isinstance(value, Surd) else t(value)


def value_catalogue(expected: Any, wrong: Sequence[tuple[Any, str, str]]) -> list[Misconception]:
    """Misconceptions from (value, code, feedback), dropping any whose value is the right
    one or repeats an earlier one, so every catalogued answer has exactly one code."""
    seen = {_value_key(expected)}
    kept = []
    for value, code, feedback in wrong:
        key = _value_key(value)
        if key in seen:
            continue
        seen.add(key)
        kept.append(Misconception(f"misconception:{code}", answer_text(value), feedback))
    return kept


def index_list_catalogue(expected: Sequence[int], wrong: Sequence[tuple[Sequence[int], str, str]]):
    """Like ``value_catalogue`` for order-free lists of indices (none of them empty)."""
    seen = {tuple(sorted(expected))}
    kept = []
    for items, code, feedback in wrong:
        key = tuple(sorted(items))
        if not key or key in seen:
            continue
        seen.add(key)
        kept.append(Misconception(f"misconception:{code}", ", ".join(map(str, key)), feedback))
    return kept


def multipliers_latex(values: Sequence[int]) -> str:
    return lx(values[0]) if len(values) == 1 else tuple_latex(values)


def multipliers_text(values: Sequence[int]) -> str:
    return t(values[0]) if len(values) == 1 else tuple_text(values)


def column_latex_of(cells: Sequence[str]) -> str:
    return r"\begin{bmatrix} " + r" \\ ".join(cells) + r" \end{bmatrix}"


def text_catalogue(expected: str, wrong: Sequence[tuple[str, str, str]]) -> list[Misconception]:
    """Catalogue of expression answers, distinct as text (each linear in the variables, so
    equal text is the only way two of them coincide)."""
    seen = {expected.replace(" ", "")}
    kept = []
    for text, code, feedback in wrong:
        key = text.replace(" ", "")
        if key not in seen:
            seen.add(key)
            kept.append(Misconception(f"misconception:{code}", text, feedback))
    return kept


def subscript(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
