"""Exact arithmetic for the evaluator: Python integers and fractions, with limits.

Exact values stay within ``MAX_EXACT_BITS`` per number; past it (or at anything
irrational) ``NotExact`` is raised and the caller falls back to floating point.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from dlmath.expr.errors import EvaluationError, LimitError
from dlmath.expr.limits import MAX_EXACT_BITS, MAX_EXPONENT
from dlmath.expr.nodes import Expr, Matrix, Neg, Num, Pow


class NotExact(Exception):
    """The value is not a rational number (or too large to keep exactly)."""


def to_fraction(v: Any) -> Fraction:
    if isinstance(v, Fraction):
        return v
    if isinstance(v, int | np.integer):
        return Fraction(int(v))
    if isinstance(v, str):
        return Fraction(v)
    f = float(v)
    if f.is_integer():
        return Fraction(int(f))
    raise NotExact


def exact_number(x: Any) -> int | Fraction:
    """An exact value as Python ``int`` when it is whole (integer arithmetic is many times
    faster than Fraction's), else as a ``Fraction``; division always goes through Fraction."""
    x = check_size(x if type(x) is Fraction else Fraction(x))
    return x.numerator if x.denominator == 1 else x


def fractions(a: np.ndarray) -> np.ndarray:
    """Every entry as a ``Fraction`` (so that dividing by it is exact)."""
    out = np.empty(a.size, dtype=object)
    out[:] = [Fraction(x) for x in a.flat]
    return out.reshape(a.shape)


def check_size(x: Fraction) -> Fraction:
    if x.numerator.bit_length() > MAX_EXACT_BITS or x.denominator.bit_length() > MAX_EXACT_BITS:
        raise NotExact
    return x


def exact_special(name: str, a: np.ndarray) -> np.ndarray | None:
    """Exact values of transcendental functions where they are rational (exp(0), log(1), √4)."""
    out = np.empty(a.shape, dtype=object)
    for idx in np.ndindex(a.shape):
        x: Any = a[idx]
        if name == "sqrt":
            value = exact_root(x, Fraction(1, 2)) if x >= 0 else None
        elif name in ("exp", "sin", "tan", "tanh", "sinh") and x == 0:
            value = Fraction(0) if name != "exp" else Fraction(1)
        elif name in ("cos", "cosh", "sech") and x == 0:
            value = Fraction(1)
        elif name in ("log", "log2", "log10") and x == 1:
            value = Fraction(0)
        elif name in ("log2", "log10") and x > 0:
            power = is_power_of(Fraction(x), 2 if name == "log2" else 10)
            if power is None:
                return None
            value = Fraction(power)
        elif name == "sigmoid" and x == 0:
            value = Fraction(1, 2)
        else:
            return None
        if value is None:
            return None
        out[idx] = value
    return out


def is_power_of(x: Fraction, base: int) -> int | None:
    for k in range(-64, 65):
        if Fraction(base) ** k == x:
            return k
    return None


def exact_power(b: Any, p: Any, node: Pow) -> Fraction:
    """An exact power; ``NotExact`` when the result is irrational or too large."""
    p = Fraction(p)
    if p.denominator == 1:
        k = int(p)
        if abs(k) > MAX_EXPONENT:
            raise LimitError(
                f"the exponent {k} is past the limit of {MAX_EXPONENT}", None, node.exponent.pos
            )
        if b == 0 and k < 0:
            raise EvaluationError("0 to a negative power", None, node.pos)
        if b != 0 and abs(k) * max(1, abs(Fraction(b).numerator).bit_length()) > MAX_EXACT_BITS:
            raise NotExact
        return check_size(Fraction(b) ** k)
    root = exact_root(b, p)
    if root is None:
        raise NotExact
    return root


def exact_root(x: Any, p: Any) -> Fraction | None:
    """x^p for a rational p = 1/q (or k/q) when the result is rational, else None."""
    x, p = Fraction(x), Fraction(p)
    if p.denominator > 8 or x < 0:
        return None
    q = p.denominator
    num, den = _int_root(x.numerator, q), _int_root(x.denominator, q)
    if num is None or den is None:
        return None
    base = Fraction(num, den)
    if base == 0 and p < 0:
        return None
    return check_size(base**p.numerator)


def _int_root(n: int, q: int) -> int | None:
    if n < 0:
        return None
    r = round(n ** (1.0 / q)) if n < 2**1000 else None
    if r is None:
        return None
    for c in (r - 1, r, r + 1):
        if c >= 0 and c**q == n:
            return c
    return None


def exact_inverse(a: np.ndarray, node: Expr) -> np.ndarray:
    n = a.shape[0]
    m = [
        [Fraction(a[i, j]) for j in range(n)] + [Fraction(int(i == j)) for j in range(n)]
        for i in range(n)
    ]
    for col in range(n):
        pivot = next((r for r in range(col, n) if m[r][col] != 0), None)
        if pivot is None:
            raise EvaluationError("the matrix is singular (not invertible)", None, node.pos)
        m[col], m[pivot] = m[pivot], m[col]
        p = m[col][col]
        m[col] = [x / p for x in m[col]]
        for r in range(n):
            if r != col and m[r][col] != 0:
                factor = m[r][col]
                m[r] = [x - factor * y for x, y in zip(m[r], m[col], strict=True)]
    out = np.empty((n, n), dtype=object)
    for i in range(n):
        for j in range(n):
            out[i, j] = check_size(m[i][n + j])
    return out


def exact_det(a: np.ndarray) -> Fraction:
    n = a.shape[0]
    m = [[Fraction(a[i, j]) for j in range(n)] for i in range(n)]
    det = Fraction(1)
    for col in range(n):
        pivot = next((r for r in range(col, n) if m[r][col] != 0), None)
        if pivot is None:
            return Fraction(0)
        if pivot != col:
            m[col], m[pivot] = m[pivot], m[col]
            det = -det
        p = m[col][col]
        det *= p
        for r in range(col + 1, n):
            if m[r][col] != 0:
                factor = m[r][col] / p
                m[r] = [x - factor * y for x, y in zip(m[r], m[col], strict=True)]
    return check_size(det)


def literal_rows(node: Matrix, exact: bool) -> np.ndarray | None:
    """A matrix literal of plain (signed) numbers as an array, or None."""
    values = []
    for row in node.rows:
        for entry in row:
            sign = 1
            if isinstance(entry, Neg):
                entry, sign = entry.arg, -1
            if not isinstance(entry, Num):
                return None
            v = entry.value
            values.append(sign * v.numerator if v.denominator == 1 else sign * v)
    shape = (len(node.rows), len(node.rows[0]))
    if exact:
        out = np.empty(len(values), dtype=object)
        out[:] = [v if isinstance(v, int) else exact_number(v) for v in values]
        return out.reshape(shape)
    return np.array([float(v) for v in values]).reshape(shape)
