"""The expression core: one safe input language, parsed into ``Expr`` trees with shapes.

This package imports nothing else of dlmath. Parsing is pure Python; evaluation
(``dlmath.expr.evaluate``) loads NumPy on first use. The names below are loaded on first
access (PEP 562), so ``from dlmath.expr.errors import InputError`` costs one small module.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dlmath.expr.errors import EvaluationError, InputError, LimitError, ShapeError

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.expr.mathml import to_mathml
    from dlmath.expr.nodes import Expr
    from dlmath.expr.parser import canonical_name, parse
    from dlmath.expr.shapes import SCALAR, Shape, infer_shape, parse_shape

# public name -> module that defines it
_LAZY = {
    "SCALAR": "dlmath.expr.shapes",
    "Expr": "dlmath.expr.nodes",
    "Shape": "dlmath.expr.shapes",
    "canonical_name": "dlmath.expr.parser",
    "infer_shape": "dlmath.expr.shapes",
    "parse": "dlmath.expr.parser",
    "parse_shape": "dlmath.expr.shapes",
    "to_mathml": "dlmath.expr.mathml",
}

__all__ = [
    "SCALAR",
    "EvaluationError",
    "Expr",
    "InputError",
    "LimitError",
    "Shape",
    "ShapeError",
    "canonical_name",
    "infer_shape",
    "parse",
    "parse_shape",
    "to_mathml",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
