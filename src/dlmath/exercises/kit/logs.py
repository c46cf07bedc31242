"""Exact sums of logarithms: entropies of rational distributions written out exactly.

Every entropy, divergence and gain of a distribution with rational probabilities is a
rational combination of logarithms of primes, ``Σ c_p log p``. Keeping the coefficients
(exact fractions) instead of a float gives exact expected answers such as
``log2(3) - 2/3`` in bits or ``log(3) - 2/3*log(2)`` in nats, and the same sum can be
written in either unit, which is what the nats-for-bits misconception needs.
Pure Python, like ``expr.literals``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

BITS = "bits"
NATS = "nats"
UNITS = (BITS, NATS)


def _prime_factors(n: int) -> dict[int, int]:
    """``12`` -> {2: 2, 3: 1}; the numbers here are small counts and denominators."""
    factors: dict[int, int] = {}
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors[d] = factors.get(d, 0) + 1
            n //= d
        d += 1
    if n > 1:
        factors[n] = factors.get(n, 0) + 1
    return factors


@dataclass(frozen=True)
class LogSum:
    """``Σ c_p ln p`` over primes p with exact coefficients (a quantity in nats)."""

    terms: tuple[tuple[int, Fraction], ...] = ()

    @staticmethod
    def of(ratio: Fraction | int) -> LogSum:
        """The natural logarithm of a positive rational."""
        ratio = Fraction(ratio)
        if ratio <= 0:
            raise ValueError(f"log of {ratio}")
        coeffs: dict[int, Fraction] = {}
        for p, k in _prime_factors(ratio.numerator).items():
            coeffs[p] = coeffs.get(p, Fraction(0)) + k
        for p, k in _prime_factors(ratio.denominator).items():
            coeffs[p] = coeffs.get(p, Fraction(0)) - k
        return LogSum._from(coeffs)

    @staticmethod
    def _from(coeffs: dict[int, Fraction]) -> LogSum:
        return LogSum(tuple(sorted((p, Fraction(c)) for p, c in coeffs.items() if c != 0)))

    def __add__(self, other: LogSum) -> LogSum:
        coeffs = dict(self.terms)
        for p, c in other.terms:
            coeffs[p] = coeffs.get(p, Fraction(0)) + c
        return LogSum._from(coeffs)

    def __neg__(self) -> LogSum:
        return LogSum(tuple((p, -c) for p, c in self.terms))

    def __sub__(self, other: LogSum) -> LogSum:
        return self + (-other)

    def scaled(self, factor: Fraction | int) -> LogSum:
        return LogSum._from({p: c * Fraction(factor) for p, c in self.terms})

    def is_zero(self) -> bool:
        return not self.terms

    def value(self, unit: str) -> float:
        """The float value in ``unit`` (bits divide by ln 2)."""
        nats = math.fsum(float(c) * math.log(p) for p, c in self.terms)
        return nats / math.log(2) if unit == BITS else nats

    def rational_in_bits(self) -> Fraction | None:
        """The exact value in bits when it is rational (only powers of 2 involved)."""
        if all(p == 2 for p, _ in self.terms):
            return dict(self.terms).get(2, Fraction(0))
        return None

    def _pieces(self, unit: str) -> list[tuple[Fraction, str | None]]:
        """(coefficient, log argument) pairs; argument None for a rational constant."""
        pieces: list[tuple[Fraction, str | None]] = []
        for p, c in self.terms:
            if unit == BITS and p == 2:
                pieces.insert(0, (c, None))
            else:
                pieces.append((c, str(p)))
        # lead with a positive term: ``4/3*log2(3) - 2/9`` rather than ``-2/9 + ...``
        first = next((i for i, (c, _) in enumerate(pieces) if c > 0), 0)
        return pieces[first : first + 1] + pieces[:first] + pieces[first + 1 :]

    def approx_latex(self, unit: str) -> str:
        """`` \\approx 0.9183`` for an irrational value, nothing for a rational one."""
        if unit == BITS and self.rational_in_bits() is not None or self.is_zero():
            return ""
        return f" \\approx {approx(self.value(unit))}"

    def text(self, unit: str) -> str:
        """Input-language text: ``3/2``, ``log2(3) - 2/3``, ``3/4*log(2)``."""
        fn = "log2" if unit == BITS else "log"
        out = ""
        for c, arg in self._pieces(unit):
            mag = abs(c)
            if arg is None:
                piece = _fraction_text(mag)
            elif mag == 1:
                piece = f"{fn}({arg})"
            else:
                piece = f"{_fraction_text(mag)}*{fn}({arg})"
            if not out:
                out = ("-" if c < 0 else "") + piece
            else:
                out += (" - " if c < 0 else " + ") + piece
        return out or "0"

    def latex(self, unit: str) -> str:
        """LaTeX: ``\\log_2 3 - \\tfrac{2}{3}``."""
        fn = r"\log_2" if unit == BITS else r"\ln"
        out = ""
        for c, arg in self._pieces(unit):
            mag = abs(c)
            if arg is None:
                piece = latex_fraction(mag)
            elif mag == 1:
                piece = f"{fn} {arg}"
            else:
                piece = f"{latex_fraction(mag)} {fn} {arg}"
            if not out:
                out = ("-" if c < 0 else "") + piece
            else:
                out += (" - " if c < 0 else " + ") + piece
        return out or "0"


def _fraction_text(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def latex_fraction(x: Fraction | int) -> str:
    x = Fraction(x)
    if x.denominator == 1:
        return str(x.numerator)
    sign = "-" if x < 0 else ""
    return f"{sign}\\tfrac{{{abs(x.numerator)}}}{{{x.denominator}}}"


# ---- information quantities of rational distributions ------------------------------------


def entropy(probabilities: Iterable[Fraction]) -> LogSum:
    """``H(p) = Σ p log(1/p)``, with ``0 log 0 = 0``."""
    total = LogSum()
    for p in probabilities:
        if p:
            total = total + LogSum.of(1 / Fraction(p)).scaled(p)
    return total


def entropy_of_counts(counts: Sequence[int]) -> LogSum:
    n = sum(counts)
    return entropy(Fraction(c, n) for c in counts)


def kl_divergence(p: Sequence[Fraction], q: Sequence[Fraction]) -> LogSum:
    """``KL(p ‖ q) = Σ p log(p/q)``; ``q`` must be positive wherever ``p`` is."""
    total = LogSum()
    for pi, qi in zip(p, q, strict=True):
        if pi:
            total = total + LogSum.of(Fraction(pi) / Fraction(qi)).scaled(pi)
    return total


def cross_entropy(p: Sequence[Fraction], q: Sequence[Fraction]) -> LogSum:
    """``H(p, q) = Σ p log(1/q)``."""
    total = LogSum()
    for pi, qi in zip(p, q, strict=True):
        if pi:
            total = total + LogSum.of(1 / Fraction(qi)).scaled(pi)
    return total


def unit_symbol(unit: str) -> str:
    return r"\log_2" if unit == BITS else r"\ln"


def other_unit(unit: str) -> str:
    return NATS if unit == BITS else BITS


def approx(value: float) -> str:
    return f"{value:.4f}"
