"""Polynomials as sparse dicts {exponents: coefficient}, exactly: sums, products and
shifts (unconstrained optima, problem classes) and one-variable coefficient lists.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from dlmath.exercises.optimization.convex_terms import poly_text, poly_tree

F = Fraction


Poly = dict[tuple[int, ...], Fraction]


def poly_add(*polys: Poly) -> Poly:
    out: Poly = {}
    for p in polys:
        for k, c in p.items():
            out[k] = out.get(k, F(0)) + c
    return {k: c for k, c in out.items() if c}


def poly_mul(p: Poly, q: Poly) -> Poly:
    out: Poly = {}
    for k1, c1 in p.items():
        for k2, c2 in q.items():
            k = tuple(a + b for a, b in zip(k1, k2, strict=True))
            out[k] = out.get(k, F(0)) + c1 * c2
    return {k: c for k, c in out.items() if c}


def poly_scaled(p: Poly, c) -> Poly:
    return {k: F(c) * v for k, v in p.items() if c}


def coordinate_shift(i: int, x0, n: int = 2) -> Poly:
    """x_i − x0 as a polynomial."""
    e = [0] * n
    e[i] = 1
    return poly_add({tuple(e): F(1)}, {(0,) * n: F(-x0)})


def poly1_value(coeffs: list[Fraction], x: Fraction) -> Fraction:
    return sum((c * x**i for i, c in enumerate(coeffs)), F(0))


def poly1_derivative(coeffs: list[Fraction]) -> list[Fraction]:
    return [i * c for i, c in enumerate(coeffs)][1:] or [F(0)]


def poly1_text(coeffs: list[Fraction], latex: bool) -> str:
    return poly_text({(i,): c for i, c in enumerate(coeffs)}, ["x"], latex)


def poly1_tree(coeffs: list[Fraction]) -> Any:
    return poly_tree({(i,): c for i, c in enumerate(coeffs)})
