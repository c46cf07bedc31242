"""The expression core: one safe input language, parsed into ``Expr`` trees with shapes.

This package imports nothing else of dlmath. Parsing is pure Python; evaluation
(``dlmath.expr.evaluate``) loads NumPy on first use.
"""

from dlmath.expr.errors import EvaluationError, InputError, LimitError, ShapeError
from dlmath.expr.mathml import to_mathml
from dlmath.expr.nodes import Expr
from dlmath.expr.parser import canonical_name, parse
from dlmath.expr.shapes import SCALAR, Shape, infer_shape, parse_shape

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
