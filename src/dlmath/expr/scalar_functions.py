"""Floating-point values of the scalar functions (exact ones where they are rational)."""

from __future__ import annotations

import numpy as np

from dlmath.expr.errors import EvaluationError
from dlmath.expr.exact import NotExact, exact_special
from dlmath.expr.nodes import Expr


def _rc(a: np.ndarray) -> tuple[int, int]:
    return a.shape[-2], a.shape[-1]


def transcendental(name: str, a: np.ndarray, node: Expr, exact: bool) -> np.ndarray:
    if exact:
        value = exact_special(name, a)
        if value is None:
            raise NotExact
        return value
    x = a.astype(float)
    with np.errstate(all="ignore"):
        if name in ("log", "log2", "log10"):
            if np.any(x <= 0):
                raise EvaluationError(f"{name} of a number that is not positive", None, node.pos)
            return {"log": np.log, "log2": np.log2, "log10": np.log10}[name](x)
        if name == "sqrt":
            if np.any(x < 0):
                raise EvaluationError("sqrt of a negative number", None, node.pos)
            return np.sqrt(x)
        if name == "exp":
            if np.any(x > 700):
                raise EvaluationError("exp of a number too large to compute", None, node.pos)
            return np.exp(x)
        if name == "sin":
            return np.sin(x)
        if name == "cos":
            return np.cos(x)
        if name == "tan":
            return np.tan(x)
        if name == "tanh":
            return np.tanh(x)
        if name in ("cosh", "sinh", "sech"):
            if np.any(np.abs(x) > 700):
                raise EvaluationError(f"{name} of a number too large to compute", None, node.pos)
            if name == "sech":
                return 1.0 / np.cosh(x)
            return np.cosh(x) if name == "cosh" else np.sinh(x)
        if name == "sigmoid":
            return 1.0 / (1.0 + np.exp(-x))
        if name in ("softmax", "logsumexp"):
            # a vector (row or column) as a whole; a matrix column by column
            axes = (-2, -1) if 1 in _rc(x) or name == "logsumexp" else (-2,)
            m = x.max(axis=axes, keepdims=True)
            shifted = np.exp(x - m)
            if name == "softmax":
                return shifted / shifted.sum(axis=axes, keepdims=True)
            return m + np.log(shifted.sum(axis=axes, keepdims=True))
    raise EvaluationError(f"unknown function {name}", None, node.pos)
