"""Information measures and the normal distribution as functions of the input language.

``entropy(p[, base])``, ``cross_entropy(p, q[, base])``, ``kl(p, q[, base])``,
``mutual_information(P[, base])``, ``conditional_entropy(P[, base])`` (bits unless a base
is given; ``e`` for nats) and ``normal_pdf(x[, mu, sigma])``, ``normal_cdf(x[, mu, sigma])``.
A table ``P`` is a joint distribution with X along the rows and Y along the columns, so
``conditional_entropy(P)`` is H(Y | X). Values are exact when every logarithm is
(``entropy([1/2, 1/4, 1/4])`` is 3/2); a ``p`` that is not a distribution is an error
naming the problem, never normalised silently.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from dlmath.expr.errors import EvaluationError
from dlmath.expr.exact import NotExact, is_power_of
from dlmath.expr.nodes import INFORMATION_FUNCTIONS, Expr, Func
from dlmath.expr.render import to_text

#: How far from 1 a floating-point distribution's sum may be.
SUM_TOLERANCE = 1e-9


def information_value(node: Func, args: list[np.ndarray], exact: bool) -> np.ndarray:
    """The value of an information function (1×1, or a stack of 1×1 per random point)."""
    name = node.name
    count = INFORMATION_FUNCTIONS[name]
    dists = args[:count]
    for arg, value in zip(node.args, dists, strict=False):
        _check_distribution(name, arg, value, exact)
    base: Any = 2
    if len(args) > count:
        base = _base(node.args[count], args[count], exact)
    log = _exact_log if exact else _float_log
    if name == "entropy":
        p = dists[0]
        return _sum(-_terms(p, p, base, log), exact)
    if name in ("cross_entropy", "kl"):
        p, q = dists
        if np.any((q == 0) & (p != 0)):
            raise EvaluationError(
                f"{name}(p, q) is infinite: q is 0 where p is not", None, node.args[1].pos
            )
        if name == "cross_entropy":
            return _sum(-_terms(p, q, base, log), exact)
        return _sum(_terms(p, _ratio(p, q, exact), base, log), exact)
    table = dists[0]
    rows = table.sum(axis=-1, keepdims=True)  # p(x), per row
    if name == "conditional_entropy":
        return _sum(-_terms(table, _ratio(table, rows, exact), base, log), exact)
    cols = table.sum(axis=-2, keepdims=True)  # p(y), per column
    return _sum(_terms(table, _ratio(table, rows * cols, exact), base, log), exact)


def normal_value(node: Func, args: list[np.ndarray], exact: bool) -> np.ndarray:
    """``normal_pdf`` and ``normal_cdf`` of every entry of x; mu = 0 and sigma = 1 unless given."""
    x = args[0]
    mu: Any = args[1] if len(args) > 1 else (Fraction(0) if exact else 0.0)
    sigma: Any = args[2] if len(args) > 2 else (Fraction(1) if exact else 1.0)
    if np.any(np.asarray(sigma) <= 0):
        raise EvaluationError(f"{node.name}: sigma must be positive", None, node.args[2].pos)
    if exact:
        if node.name == "normal_cdf" and np.all(x == mu):
            out = np.empty(x.shape, dtype=object)
            out[...] = Fraction(1, 2)
            return out
        raise NotExact
    z = (x.astype(float) - mu) / sigma
    if node.name == "normal_pdf":
        return np.exp(-0.5 * z * z) / (np.sqrt(2 * np.pi) * sigma)
    return 0.5 * np.vectorize(math.erfc, otypes=[float])(-z / math.sqrt(2))


def _check_distribution(name: str, arg: Expr, value: np.ndarray, exact: bool) -> None:
    where = f"{name}: the distribution {_brief(arg)}"
    if np.any(value < 0):
        raise EvaluationError(f"{where} has a negative entry", None, arg.pos)
    total = value.sum(axis=(-2, -1))
    off = np.any(total != 1) if exact else np.any(np.abs(total - 1.0) > SUM_TOLERANCE)
    if off:
        shown = total if np.ndim(total) == 0 else total.flat[0]
        raise EvaluationError(
            f"{where} sums to {_number(shown)}, not 1 (it is not normalised for you)",
            None,
            arg.pos,
        )


def _base(arg: Expr, value: np.ndarray, exact: bool) -> Any:
    b = value.flat[0]
    if value.shape[-2:] != (1, 1) or b <= 0 or b == 1:
        raise EvaluationError("a logarithm's base is a positive number other than 1", None, arg.pos)
    return b


def _terms(p: np.ndarray, inner: np.ndarray, base: Any, log: Any) -> np.ndarray:
    """p·log(inner) entry by entry, with 0·log(anything) = 0."""
    p, inner = np.broadcast_arrays(p, inner)
    out = np.empty(p.shape, dtype=p.dtype)
    for idx in np.ndindex(p.shape):
        out[idx] = p[idx] * log(inner[idx], base) if p[idx] != 0 else p[idx] * 0
    return out


def _ratio(a: np.ndarray, b: np.ndarray, exact: bool) -> np.ndarray:
    a, b = np.broadcast_arrays(a, b)
    out = np.empty(a.shape, dtype=object if exact else float)
    for idx in np.ndindex(a.shape):
        out[idx] = a[idx] / b[idx] if b[idx] != 0 else (Fraction(1) if exact else 1.0)
    return out


def _sum(terms: np.ndarray, exact: bool) -> np.ndarray:
    total = terms.sum(axis=(-2, -1), keepdims=True)
    if exact:
        out = np.empty((1, 1), dtype=object)
        out[0, 0] = Fraction(total.flat[0]) + 0  # -0 and 0 are one value
        return out
    return total.astype(float) + 0.0


def _exact_log(x: Any, base: Any) -> Fraction:
    x = Fraction(x)
    if x == 1:
        return Fraction(0)
    base = Fraction(base)
    if base.denominator != 1:
        raise NotExact
    power = is_power_of(x, int(base))
    if power is None:
        raise NotExact
    return Fraction(power)


def _float_log(x: float, base: float) -> float:
    return math.log(float(x)) / math.log(float(base))


def _brief(e: Expr) -> str:
    text = to_text(e)
    return text if len(text) <= 40 else text[:37] + "…"


def _number(x: Any) -> str:
    if isinstance(x, Fraction):
        return str(x)
    return f"{float(x):.6g}"
