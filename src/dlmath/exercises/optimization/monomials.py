"""Polynomials in x, y, z as lists of monomials (coefficient, exponents): written in the
input language and in LaTeX, evaluated, differentiated and collected exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from dlmath.exercises.kit import json_value, tex_number, text_number

VARIABLES = ("x", "y", "z")


Monomial = tuple[Fraction, tuple[int, ...]]


def _monomial_body(exps: Sequence[int], latex: bool, names: Sequence[str] = VARIABLES) -> str:
    parts = []
    for name, power in zip(names, exps, strict=False):
        if power == 1:
            parts.append(name)
        elif power > 1:
            parts.append(f"{name}^{power}")
    return ("" if latex else "*").join(parts)


def monomials_text(
    terms: Sequence[Monomial], latex: bool = False, names: Sequence[str] = VARIABLES
) -> str:
    """``2x^2 - 3xy + 1`` (LaTeX) or ``2*x^2 - 3*x*y + 1`` (input language)."""
    out = []
    for coef, exps in terms:
        coef = Fraction(coef)
        if coef == 0:
            continue
        body = _monomial_body(exps, latex, names)
        magnitude = abs(coef)
        if not body:
            shown = tex_number(magnitude) if latex else text_number(magnitude)
        elif magnitude == 1:
            shown = body
        else:
            shown = (tex_number(magnitude) if latex else text_number(magnitude) + "*") + body
        sign = "-" if coef < 0 else "+"
        out.append((sign, shown))
    if not out:
        return "0"
    first_sign, first = out[0]
    text = ("-" if first_sign == "-" else "") + first
    for sign, shown in out[1:]:
        text += f" {sign} {shown}"
    return text


def linear_terms(coefs: Sequence[Fraction | int], const: Fraction | int = 0) -> list[Monomial]:
    n = len(coefs)
    terms: list[Monomial] = [
        (Fraction(c), tuple(int(i == k) for i in range(n))) for k, c in enumerate(coefs)
    ]
    terms.append((Fraction(const), (0,) * n))
    return terms


def monomials_value(terms: Sequence[Monomial], point: Sequence[Fraction | int]) -> Fraction:
    total = Fraction(0)
    for coef, exps in terms:
        term = Fraction(coef)
        for v, p in zip(point, exps, strict=False):
            term *= Fraction(v) ** p
        total += term
    return total


def monomials_json(terms: Sequence[Monomial]) -> list[list[int | str]]:
    return [[json_value(c), *exps] for c, exps in terms if c != 0]


def coefficient_latex(v: Fraction | int) -> str:
    """A coefficient written before a symbol: ``""`` for 1, ``-`` for -1."""
    v = Fraction(v)
    return "" if v == 1 else "-" if v == -1 else tex_number(v)


def collect_terms(terms: Sequence[Monomial]) -> list[Monomial]:
    """Like terms collected, highest degree first, in variable order."""
    sums: dict[tuple[int, ...], Fraction] = {}
    for coef, exps in terms:
        sums[exps] = sums.get(exps, Fraction(0)) + Fraction(coef)
    order = sorted(sums, key=lambda e: (-sum(e), [-p for p in e]))
    return [(sums[e], e) for e in order if sums[e] != 0]


def partial_derivative(terms: Sequence[Monomial], k: int) -> list[Monomial]:
    out: list[Monomial] = []
    for coef, exps in terms:
        if exps[k]:
            lowered = tuple(p - (i == k) for i, p in enumerate(exps))
            out.append((Fraction(coef) * exps[k], lowered))
    return collect_terms(out)
