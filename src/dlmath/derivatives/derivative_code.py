"""NumPy code for a derivative, with the size of a lone ``I`` filled in.

The core renderer sizes ``I`` from its context; a result that is just ``I`` (or
``2 I``) has no context, so its size comes from the derivative's known shape, written
with the variables (``np.eye(X.shape[0])``) when the size is symbolic.
"""

from __future__ import annotations

from dlmath.expr.nodes import Expr, IdentityMatrix
from dlmath.expr.numpy_code import NumpyRenderer, python_name
from dlmath.expr.shapes import Free, Shape


class _DerivativeNumpy(NumpyRenderer):
    def __init__(self, shapes: dict[str, Shape], target: Shape):
        super().__init__(dict(shapes))
        self.target = target
        self.sources: dict[str, str] = {}
        for name, s in sorted(shapes.items()):
            for axis, dim in ((0, s.rows), (1, s.cols)):
                if isinstance(dim, str) and dim not in self.sources:
                    self.sources[dim] = f"{python_name(name)}.shape[{axis}]"

    def r_IdentityMatrix(self, e: IdentityMatrix) -> str:
        rows = self.inference.shape_of(e).rows
        if isinstance(rows, Free):
            rows = self.target.rows
        if isinstance(rows, str):
            return f"np.eye({self.sources.get(rows, python_name(rows))})"
        return f"np.eye({rows})"


def numpy_code(e: Expr, shapes: dict[str, Shape], target: Shape) -> str:
    """One Python expression using ``np`` and the variable names."""
    renderer = _DerivativeNumpy(shapes, target)
    renderer.inference.infer(e)
    return renderer.render(e)
