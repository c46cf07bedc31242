"""NumPy code for an ``Expr``: one Python expression using ``np`` and the variable names.

Deciding between ``@`` and ``*`` needs shapes, so this renderer runs shape inference.
"""

from __future__ import annotations

import keyword
from typing import Any

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

_UFUNCS = {
    "exp": "np.exp",
    "log": "np.log",
    "log2": "np.log2",
    "log10": "np.log10",
    "sqrt": "np.sqrt",
    "abs": "np.abs",
    "sin": "np.sin",
    "cos": "np.cos",
    "tan": "np.tan",
    "tanh": "np.tanh",
    "cosh": "np.cosh",
    "sinh": "np.sinh",
    "pinv": "np.linalg.pinv",
}


def python_name(name: str) -> str:
    return name + "_" if keyword.iskeyword(name) else name


class NumpyRenderer:
    def __init__(self, shapes: dict[str, Any]):
        self.inference = ShapeInference({k: parse_shape(v) for k, v in shapes.items()})

    def code(self, e: Expr) -> str:
        self.inference.infer(e)
        return self.render(e)

    def scalar(self, e: Expr) -> bool:
        return self.inference.shape_of(e).is_scalar

    def render(self, e: Expr) -> str:
        return getattr(self, "r_" + type(e).__name__)(e)

    def r_Num(self, e: Num) -> str:
        v = e.value
        if v.denominator == 1:
            return str(v.numerator) if v >= 0 else f"({v.numerator})"  # (-1) ** 0 is 1
        return f"({v.numerator} / {v.denominator})"

    def r_Const(self, e: Const) -> str:
        return "np.pi" if e.name == "pi" else "np.e"

    def r_Sym(self, e: Sym) -> str:
        return python_name(e.name)

    def r_IdentityMatrix(self, e: IdentityMatrix) -> str:
        rows = self.inference.shape_of(e).rows
        return f"np.eye({rows if isinstance(rows, int) else python_name(str(rows))})"

    def r_Matrix(self, e: Matrix) -> str:
        rows = ", ".join("[" + ", ".join(self.render(x) for x in row) + "]" for row in e.rows)
        return f"np.array([{rows}], dtype=float)"

    def r_Add(self, e: Add) -> str:
        out = self.render(e.terms[0])
        for t in e.terms[1:]:
            if isinstance(t, Neg):
                out += f" - ({self.render(t.arg)})"
            else:
                out += f" + {self.render(t)}"
        return f"({out})"

    def r_Neg(self, e: Neg) -> str:
        return f"(-{self.render(e.arg)})"

    def r_Mul(self, e: Mul) -> str:
        out = self.render(e.factors[0])
        left_scalar = self.scalar(e.factors[0])
        for f in e.factors[1:]:
            right_scalar = self.scalar(f)
            op = "*" if left_scalar or right_scalar else "@"
            out = f"{out} {op} {self.render(f)}"
            left_scalar = left_scalar and right_scalar
        return f"({out})"

    def r_Hadamard(self, e: Hadamard) -> str:
        return f"({self.render(e.left)} * {self.render(e.right)})"

    def r_Kron(self, e: Kron) -> str:
        return f"np.kron({self.render(e.left)}, {self.render(e.right)})"

    def r_Div(self, e: Div) -> str:
        return f"({self.render(e.num)} / {self.render(e.den)})"

    def r_Pow(self, e: Pow) -> str:
        if self.scalar(e.base):
            return f"({self.render(e.base)} ** {self.render(e.exponent)})"
        return f"np.linalg.matrix_power({self.render(e.base)}, {self.render(e.exponent)})"

    def r_Transpose(self, e: Transpose) -> str:
        inner = self.render(e.arg)
        return inner if self.scalar(e.arg) else f"{inner}.T"

    def r_Inverse(self, e: Inverse) -> str:
        if self.scalar(e.arg):
            return f"(1 / {self.render(e.arg)})"
        return f"np.linalg.inv({self.render(e.arg)})"

    def r_Norm(self, e: Norm) -> str:
        order = {"2": "2", "1": "1", "F": "'fro'", "inf": "np.inf"}[e.p]
        return f"np.linalg.norm({self.render(e.arg)}, {order})"

    def r_Func(self, e: Func) -> str:
        args = [self.render(a) for a in e.args]
        a = args[0]
        name = e.name
        if name in _UFUNCS:
            return f"{_UFUNCS[name]}({a})"
        simple = {
            "tr": f"np.trace({a})",
            "det": f"np.linalg.det({a})",
            "logdet": f"np.linalg.slogdet({a})[1]",
            "sum": f"np.sum({a})",
            "mean": f"np.mean({a})",
            "vec": f"{a}.reshape(-1, 1, order='F')",
            "sigmoid": f"(1 / (1 + np.exp(-{a})))",
            "sech": f"(1 / np.cosh({a}))",
            "relu": f"np.maximum({a}, 0)",
            "step": f"np.heaviside({a}, 0)",
            "sign": f"np.sign({a})",
            "softmax": f"(np.exp({a} - np.max({a})) / np.sum(np.exp({a} - np.max({a}))))",
            "logsumexp": f"(np.max({a}) + np.log(np.sum(np.exp({a} - np.max({a})))))",
        }
        if name in simple:
            return simple[name]
        if name in ("max", "min"):
            if len(args) == 2:
                return f"np.{'maximum' if name == 'max' else 'minimum'}({args[0]}, {args[1]})"
            return f"np.{name}({a})"
        if name == "diag":
            s = self.inference.shape_of(e.args[0])
            if s.cols == 1 or s.rows == 1:
                return f"np.diag(np.ravel({a}))"
            return f"np.diag({a}).reshape(-1, 1)"
        raise ValueError(f"no NumPy code for {name}")


def to_numpy(e: Expr, shapes: dict[str, object] | None = None) -> str:
    """One Python expression using ``np`` and the variable names (DESIGN.md section 5)."""
    return NumpyRenderer(shapes or {}).code(e)
