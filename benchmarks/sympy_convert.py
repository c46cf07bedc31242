"""Converting dlmath trees to SymPy, for the baselines of the benchmarks (never user text:
the trees are built by dlmath's parser and then translated node by node)."""

from __future__ import annotations

import sympy

from dlmath.expr.nodes import (
    Add,
    Const,
    Div,
    Expr,
    Func,
    Hadamard,
    IdentityMatrix,
    Inverse,
    Kron,
    Matrix,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sym,
    Transpose,
)
from dlmath.expr.shapes import ShapeInference, parse_shape


class SympyConverter:
    """Each declared matrix becomes a ``sympy.Matrix`` of scalar symbols of concrete size."""

    def __init__(self, shapes: dict[str, str], assume: dict[str, list[str]], sizes: dict[str, int]):
        self.shapes = {k: parse_shape(v) for k, v in shapes.items()}
        self.assume = assume
        self.sizes = sizes
        self.symbols: dict[str, object] = {}

    def dims(self, name: str) -> tuple[int, int]:
        s = self.shapes.get(name)
        if s is None:
            return 1, 1
        return tuple(d if isinstance(d, int) else self.sizes[d] for d in (s.rows, s.cols))

    def name(self, name: str):
        if name not in self.symbols:
            rows, cols = self.dims(name)
            props = set(self.assume.get(name, []))
            positive = "positive" in props or "probability" in props
            if (rows, cols) == (1, 1):
                self.symbols[name] = sympy.Symbol(name, positive=positive or None, real=True)
            elif "symmetric" in props or "spd" in props:
                m = sympy.zeros(rows, cols)
                for i in range(rows):
                    for j in range(i, cols):
                        m[i, j] = m[j, i] = sympy.Symbol(f"{name}_{i}{j}", real=True)
                self.symbols[name] = m
            elif "diagonal" in props:
                self.symbols[name] = sympy.diag(
                    *[sympy.Symbol(f"{name}_{i}", real=True) for i in range(rows)]
                )
            else:
                self.symbols[name] = sympy.Matrix(
                    rows, cols, lambda i, j: sympy.Symbol(f"{name}_{i}{j}", real=True)
                )
        return self.symbols[name]

    def convert(self, e: Expr):
        self.inference = ShapeInference(self.shapes)
        self.inference.infer(e)
        return self.c(e)

    def c(self, e: Expr):
        if isinstance(e, Num):
            return sympy.Rational(e.value.numerator, e.value.denominator)
        if isinstance(e, Const):
            return sympy.pi if e.name == "pi" else sympy.E
        if isinstance(e, Sym):
            return self.name(e.name)
        if isinstance(e, IdentityMatrix):
            rows = self.inference.shape_of(e).rows
            return sympy.eye(rows if isinstance(rows, int) else self.sizes.get(str(rows), 3))
        if isinstance(e, Matrix):
            return sympy.Matrix([[self.c(x) for x in row] for row in e.rows])
        if isinstance(e, Add):
            terms = [self.c(t) for t in e.terms]
            return self._add(terms)
        if isinstance(e, Neg):
            return -self.c(e.arg)
        if isinstance(e, Mul):
            out = self.c(e.factors[0])
            for f in e.factors[1:]:
                out = self._mul(out, self.c(f))
            return out
        if isinstance(e, Hadamard):
            a, b = self.c(e.left), self.c(e.right)
            return a.multiply_elementwise(b) if hasattr(a, "multiply_elementwise") else a * b
        if isinstance(e, Kron):
            from sympy.physics.quantum import TensorProduct

            return TensorProduct(self.c(e.left), self.c(e.right))
        if isinstance(e, Div):
            return self.c(e.num) / self._scalar(self.c(e.den))
        if isinstance(e, Pow):
            base, p = self.c(e.base), self._scalar(self.c(e.exponent))
            if hasattr(base, "shape") and base.shape != (1, 1):
                return base ** int(p)
            return self._scalar(base) ** p
        if isinstance(e, Transpose):
            v = self.c(e.arg)
            return v.T if hasattr(v, "T") else v
        if isinstance(e, Inverse):
            v = self.c(e.arg)
            return v.inv() if hasattr(v, "inv") else 1 / v
        if isinstance(e, Norm):
            v = self.c(e.arg)
            if e.p == "F" or e.p == "2":
                return sympy.sqrt(sum(x**2 for x in v)) if hasattr(v, "shape") else sympy.Abs(v)
            return sum(sympy.Abs(x) for x in v)
        if isinstance(e, Func):
            return self._func(e)
        raise NotImplementedError(type(e).__name__)

    def _scalar(self, v):
        if hasattr(v, "shape") and v.shape == (1, 1):
            return v[0, 0]
        return v

    def _add(self, terms):
        matrices = [t for t in terms if hasattr(t, "shape") and t.shape != (1, 1)]
        if not matrices:
            return sum((self._scalar(t) for t in terms), sympy.Integer(0))
        shape = matrices[0].shape
        out = sympy.zeros(*shape)
        for t in terms:
            if hasattr(t, "shape") and t.shape != (1, 1):
                out += t
            else:
                out += self._scalar(t) * sympy.ones(*shape)
        return out

    def _mul(self, a, b):
        sa = not hasattr(a, "shape") or a.shape == (1, 1)
        sb = not hasattr(b, "shape") or b.shape == (1, 1)
        if hasattr(a, "shape") and hasattr(b, "shape") and a.shape[1] == b.shape[0]:
            return a * b
        if sa:
            return self._scalar(a) * b
        if sb:
            return a * self._scalar(b)
        return a * b

    def _func(self, e: Func):
        v = self.c(e.args[0])
        name = e.name
        if name == "tr":
            return v.trace()
        if name == "det":
            return v.det()
        if name == "logdet":
            return sympy.log(v.det())
        if name == "sum":
            return sum(v) if hasattr(v, "shape") else v
        scalar_funcs = {
            "exp": sympy.exp,
            "log": sympy.log,
            "sqrt": sympy.sqrt,
            "abs": sympy.Abs,
            "sin": sympy.sin,
            "cos": sympy.cos,
            "tanh": sympy.tanh,
            "sigmoid": lambda x: 1 / (1 + sympy.exp(-x)),
        }
        if name in scalar_funcs:
            f = scalar_funcs[name]
            return v.applyfunc(f) if hasattr(v, "applyfunc") else f(v)
        raise NotImplementedError(name)


def sympy_equal(a: Expr, b: Expr, shapes, assume, sizes) -> bool:
    """The baseline decision: ``simplify(a - b) == 0`` on SymPy matrices of symbols."""
    conv = SympyConverter(shapes, assume, sizes)
    x, y = conv.convert(a), conv.convert(b)
    if hasattr(x, "shape") != hasattr(y, "shape"):
        x, y = conv._scalar(x), conv._scalar(y)
    if hasattr(x, "shape"):
        if x.shape != y.shape:
            return False
        return sympy.simplify(x - y).is_zero_matrix is True
    return sympy.simplify(x - y) == 0
