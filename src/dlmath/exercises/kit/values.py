"""Exact values written down: as JSON data, as LaTeX and as input-language text.

Values are ints and ``Fraction``s, and ``Surd``s (a rational times the square root of a
square-free integer) for the square roots that standard deviations, norms, singular
values and distances produce. The text forms parse back, with ``dlmath.expr``, to the
same value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import isqrt, sqrt

from dlmath.expr.literals import format_number, latex_number

Exact = Fraction | int

# -- rationals ------------------------------------------------------------------------------


def text_number(value: Exact) -> str:
    """``-3/4``: a rational in the input language."""
    return format_number(Fraction(value))


def tex_number(value: Exact) -> str:
    """``-\\frac{3}{4}``: a rational in LaTeX."""
    return latex_number(Fraction(value))


def latex_factor(value: Exact) -> str:
    """A number as a LaTeX factor: negatives in parentheses."""
    text = latex_number(value)
    return f"({text})" if text.startswith("-") else text


def signed_term(value: Exact) -> str:
    """``+ 3`` or ``- \\frac{1}{2}``: LaTeX of a term added after others (never ``+ -3``)."""
    return f"- {latex_number(-value)}" if value < 0 else f"+ {latex_number(value)}"


def signed_sum(values: Sequence[Exact]) -> str:
    """``16 - 5 + 3``: LaTeX of a sum whose terms may be negative."""
    return " ".join([latex_number(values[0]), *(signed_term(v) for v in values[1:])])


def list_text(values: Sequence[Exact]) -> str:
    """``3, -1/2, 0``: values separated by commas, in the input language."""
    return ", ".join(format_number(v) for v in values)


def json_value(v: Exact | str) -> int | str:
    """An int, a fraction as ``"p/q"``, or a symbol: JSON-ready."""
    if isinstance(v, str):
        return v
    f = Fraction(v)
    return f.numerator if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def json_vector(v: Sequence[Exact | str]) -> list[int | str]:
    return [json_value(x) for x in v]


def json_matrix(a: Sequence[Sequence[Exact | str]]) -> list[list[int | str]]:
    return [[json_value(v) for v in row] for row in a]


# -- square roots ------------------------------------------------------------------------------


def split_square(n: int) -> tuple[int, int]:
    """n = s² m with m square-free: (s, m)."""
    s, k = 1, 2
    while k * k <= n:
        while n % (k * k) == 0:
            n //= k * k
            s *= k
        k += 1
    return s, n


def rational_sqrt(value: Exact) -> Fraction | None:
    """√value when it is rational, else None."""
    x = Fraction(value)
    if x < 0:
        return None
    p, q = isqrt(x.numerator), isqrt(x.denominator)
    return Fraction(p, q) if p * p == x.numerator and q * q == x.denominator else None


@dataclass(frozen=True)
class Surd:
    """``coef · √radicand`` with a square-free radicand: exact answers like 2√5/5."""

    coef: Fraction
    radicand: int = 1

    @staticmethod
    def of(coef: Exact, radicand: int = 1) -> Surd:
        """``coef · √radicand`` simplified (the square part of the radicand moved out)."""
        root, rest = split_square(radicand)
        if coef == 0:
            rest = 1
        return Surd(Fraction(coef) * root, rest)

    @staticmethod
    def sqrt(value: Exact) -> Surd:
        """√value for a non-negative rational: √(p/q) = √(pq)/q."""
        x = Fraction(value)
        if x < 0:
            raise ValueError("square root of a negative number")
        return Surd.of(Fraction(1, x.denominator), x.numerator * x.denominator)

    @staticmethod
    def over_sqrt(numerator: Exact, square: Exact) -> Surd:
        """numerator / √square, rationalised: 2/√5 = 2√5/5."""
        return Surd.sqrt(square).inverse().scaled(numerator)

    def inverse(self) -> Surd:
        """1/(c√m) = √m/(c m)."""
        return Surd(1 / (self.coef * self.radicand), self.radicand)

    def __float__(self) -> float:
        return float(self.coef) * sqrt(self.radicand)

    def __neg__(self) -> Surd:
        return Surd(-self.coef, self.radicand)

    def scaled(self, factor: Exact) -> Surd:
        return Surd.of(self.coef * factor, self.radicand)

    @property
    def rational(self) -> bool:
        return self.radicand == 1

    def text(self) -> str:
        """``3*sqrt(2)/4``, ``-sqrt(5)/10``, ``2/3``: input language."""
        if self.radicand == 1 or self.coef == 0:
            return format_number(self.coef)
        p, q = self.coef.numerator, self.coef.denominator
        sign = "-" if p < 0 else ""
        top = f"sqrt({self.radicand})" if abs(p) == 1 else f"{abs(p)}*sqrt({self.radicand})"
        return f"{sign}{top}" if q == 1 else f"{sign}{top}/{q}"

    def latex(self) -> str:
        if self.radicand == 1 or self.coef == 0:
            return latex_number(self.coef)
        p, q = self.coef.numerator, self.coef.denominator
        sign = "-" if p < 0 else ""
        top = f"\\sqrt{{{self.radicand}}}" if abs(p) == 1 else f"{abs(p)}\\sqrt{{{self.radicand}}}"
        return f"{sign}{top}" if q == 1 else f"{sign}\\frac{{{top}}}{{{q}}}"


def sqrt_text(value: Exact, simplify: bool = True) -> str:
    """√value in the input language: ``2*sqrt(3)`` for 12 (``sqrt(12)`` unsimplified)."""
    root = rational_sqrt(value)
    if root is not None:
        return format_number(root)
    if not simplify:
        return f"sqrt({format_number(Fraction(value))})"
    return Surd.sqrt(value).text()


def sqrt_latex(value: Exact, simplify: bool = True) -> str:
    """√value in LaTeX: ``2\\sqrt{3}`` for 12 (``\\sqrt{12}`` unsimplified)."""
    root = rational_sqrt(value)
    if root is not None:
        return latex_number(root)
    if not simplify:
        return f"\\sqrt{{{latex_number(Fraction(value))}}}"
    return Surd.sqrt(value).latex()


def quotient_by_sqrt(numerator: int, radicand: int) -> str:
    """``numerator / sqrt(radicand)`` as input-language text, with the square part of the
    radicand taken out but the root left in the denominator (``3/sqrt(2)``)."""
    square, free = split_square(radicand)
    ratio = Fraction(numerator, square)
    if free == 1 or numerator == 0:
        return format_number(ratio)
    p, q = ratio.numerator, ratio.denominator
    return f"{p}/sqrt({free})" if q == 1 else f"{p}/({q}*sqrt({free}))"
