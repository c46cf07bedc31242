"""Shapes: every value is a matrix ``rows × cols``; scalars are 1×1, vectors are columns.

Dimensions are integers or symbols (``m``, ``n``); ``I`` gets a free dimension that is
unified with its context. Errors name the sub-expression and both shapes, e.g.
"A x: A is 3×4 but x is 3×1; the columns of A (4) must equal the rows of x (3)".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dlmath.expr.errors import InputError, LimitError, ShapeError
from dlmath.expr.nodes import (
    ELEMENTWISE,
    INFORMATION_FUNCTIONS,
    NORMAL_FUNCTIONS,
    Add,
    Bool,
    Const,
    Div,
    Expr,
    Func,
    Hadamard,
    IdentityMatrix,
    Inverse,
    Kron,
    ListOf,
    Matrix,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sym,
    Transpose,
    Undefined,
)
from dlmath.expr.render import to_text


class Free:
    """A dimension not known yet (the size of an ``I``), resolved by unification."""

    __slots__ = ("id",)
    _count = 0

    def __init__(self) -> None:
        Free._count += 1
        self.id = Free._count

    def __repr__(self) -> str:
        return "n"


Dim = int | str | Free


@dataclass(frozen=True, slots=True)
class Shape:
    rows: Dim
    cols: Dim

    @property
    def is_scalar(self) -> bool:
        return self.rows == 1 and self.cols == 1

    @property
    def is_column(self) -> bool:
        return self.cols == 1

    @property
    def is_concrete(self) -> bool:
        return isinstance(self.rows, int) and isinstance(self.cols, int)

    def transposed(self) -> Shape:
        return Shape(self.cols, self.rows)

    def __str__(self) -> str:
        return f"{_dim_text(self.rows)}×{_dim_text(self.cols)}"

    def to_text(self) -> str:
        """The input form of a shape: ``3x4``, ``4`` for a column, ``mxn``."""
        if self.cols == 1 and self.rows != 1:
            return _dim_text(self.rows)
        return f"{_dim_text(self.rows)}x{_dim_text(self.cols)}"


SCALAR = Shape(1, 1)

_SHAPE_TEXT = re.compile(r"^\s*([A-Za-z]\w*|\d+)\s*(?:[x×X*,]\s*([A-Za-z]\w*|\d+))?\s*$")


def _dim_text(d: Dim) -> str:
    return "n" if isinstance(d, Free) else str(d)


def parse_shape(text: str | Shape | tuple) -> Shape:
    """``"3x4"`` -> 3×4, ``"4"`` -> 4×1 (a column), ``"mxn"`` -> m×n, ``"1"``/``"scalar"``."""
    if isinstance(text, Shape):
        return text
    if isinstance(text, tuple):
        return Shape(*text) if len(text) == 2 else Shape(text[0], 1)
    if not isinstance(text, str):
        raise InputError(f"a shape is written like 3x4, 4 or mxn, got {text!r}")
    return _shape_of_text(text)


@lru_cache(maxsize=1024)
def _shape_of_text(text: str) -> Shape:
    """A shape written as text (read once: every check reads the exercise's shapes)."""
    raw = text.strip()
    if raw.lower() in ("scalar", "1x1", ""):
        return SCALAR
    m = _SHAPE_TEXT.match(raw)
    if not m:
        # "mxn" arrives as one word: split a run like "mxn" / "nxn" at the x
        word = re.fullmatch(r"\s*([A-Za-z0-9]+)x([A-Za-z0-9]+)\s*", raw)
        if not word:
            raise InputError(f"a shape is written like 3x4, 4 or mxn, got {text!r}")
        dims = word.group(1), word.group(2)
    else:
        dims = m.group(1), m.group(2)
        if dims[1] is None and re.fullmatch(r"[A-Za-z0-9]+x[A-Za-z0-9]+", dims[0]):
            first, second = dims[0].split("x", 1)
            dims = first, second
    rows = _parse_dim(dims[0], text)
    cols = _parse_dim(dims[1], text) if dims[1] is not None else 1
    return Shape(rows, cols)


def _parse_dim(text: str, whole: str) -> int | str:
    if text.isdigit():
        value = int(text)
        if not 1 <= value <= 1000:
            raise InputError(f"a dimension must be between 1 and 1000 in {whole!r}")
        return value
    return text


class ShapeInference:
    """Infers the shape of every node of a tree, given the shapes of its names.

    ``strict``: every name must be declared (a checker's mode); otherwise undeclared
    names are scalars (a calculator's mode).
    """

    def __init__(
        self,
        shapes: dict[str, Shape],
        text: str | None = None,
        strict: bool = False,
        max_entries: int | None = None,
    ):
        self.shapes = shapes
        self.text = text
        self.strict = strict
        self.max_entries = max_entries  # refuse values with more entries (before evaluating)
        self.parent: dict[int, Dim] = {}
        self.node_shapes: dict[int, tuple[Expr, Shape]] = {}

    # ---- unification of dimensions ---------------------------------------------

    def find(self, d: Dim) -> Dim:
        while isinstance(d, Free) and d.id in self.parent:
            d = self.parent[d.id]
        return d

    def unify(self, a: Dim, b: Dim) -> bool:
        if a is b:  # one dimension (or one free size): nothing to unify
            return True
        a, b = self.find(a), self.find(b)
        if isinstance(a, Free):
            if not (isinstance(b, Free) and b.id == a.id):
                self.parent[a.id] = b
            return True
        if isinstance(b, Free):
            self.parent[b.id] = a
            return True
        return a == b

    def resolve(self, s: Shape) -> Shape:
        if not isinstance(s.rows, Free) and not isinstance(s.cols, Free):
            return s  # nothing to look up: most shapes
        return Shape(self.find(s.rows), self.find(s.cols))

    def shape_of(self, node: Expr) -> Shape:
        """The inferred shape of a node of the last inferred tree."""
        return self.resolve(self.node_shapes[id(node)][1])

    # ---- errors ----------------------------------------------------------------

    def snippet(self, node: Expr) -> str:
        """A sub-expression as feedback quotes it: rendered, so brackets and symbols are
        always right (the caret shows where it is in the text typed)."""
        return to_text(node)

    def fail(self, node: Expr, message: str) -> None:
        pos = node.pos if node.pos >= 0 else None
        raise ShapeError(message, self.text, pos)

    # ---- inference -------------------------------------------------------------

    def infer(self, node: Expr) -> Shape:
        kind = type(node)
        if kind is Num:  # the commonest nodes, without the tests of ``_infer``
            shape = SCALAR
        elif kind is Sym and node.name in self.shapes:  # type: ignore[attr-defined]
            shape = self.shapes[node.name]  # type: ignore[attr-defined]
        else:
            shape = self._infer(node)
        self.node_shapes[id(node)] = (node, shape)
        if shape is SCALAR:  # nothing to resolve or bound
            return shape
        rows, cols = shape.rows, shape.cols
        if isinstance(rows, Free) or isinstance(cols, Free):
            shape = Shape(self.find(rows), self.find(cols))  # ``resolve``, written out
            rows, cols = shape.rows, shape.cols
        limit = self.max_entries
        concrete = isinstance(rows, int) and isinstance(cols, int)
        if limit is not None and concrete and rows * cols > limit:  # type: ignore[operator]
            self._bound(node, shape)
        return shape

    def _bound(self, node: Expr, shape: Shape) -> None:
        rows, cols, limit = shape.rows, shape.cols, self.max_entries
        if limit is None or not (isinstance(rows, int) and isinstance(cols, int)):
            return
        if rows * cols > limit:
            pos = node.pos if node.pos >= 0 else None
            raise LimitError(
                f"{self.snippet(node)} would be a {rows}×{cols} value; the limit is "
                f"{limit:,} entries",
                self.text,
                pos,
            )

    def _infer(self, node: Expr) -> Shape:
        method = _INFER.get(type(node))
        if method is None:
            raise InputError(f"cannot infer the shape of {type(node).__name__}")
        return method(self, node)

    def _infer_number(self, node: Num | Const) -> Shape:
        return SCALAR

    def _infer_sym(self, node: Sym) -> Shape:
        if node.name in self.shapes:
            return self.shapes[node.name]
        if self.strict:
            raise InputError(f"unknown name {node.name!r}", self.text, node.pos)
        return SCALAR

    def _infer_identity(self, node: IdentityMatrix) -> Shape:
        f = Free()
        return Shape(f, f)

    def _infer_matrix(self, node: Matrix) -> Shape:
        for row in node.rows:
            for entry in row:
                if isinstance(entry, Num) or (
                    isinstance(entry, Neg) and isinstance(entry.arg, Num)
                ):
                    continue  # a number: nothing to infer
                s = self.infer(entry)
                if not s.is_scalar:
                    self.fail(
                        entry,
                        f"the entries of a matrix must be numbers, but "
                        f"{self.snippet(entry)} is {s}",
                    )
        return Shape(len(node.rows), len(node.rows[0]))

    def _infer_neg(self, node: Neg) -> Shape:
        return self.infer(node.arg)

    def _infer_hadamard(self, node: Hadamard) -> Shape:
        return self._elementwise(node, node.left, node.right, "⊙")

    def _infer_kron(self, node: Kron) -> Shape:
        a, b = self.infer(node.left), self.infer(node.right)
        return Shape(_dim_product(a.rows, b.rows), _dim_product(a.cols, b.cols))

    def _infer_div(self, node: Div) -> Shape:
        a, b = self.infer(node.num), self.infer(node.den)
        if b.is_scalar:
            return a
        return self._elementwise(node, node.num, node.den, "/")

    def _infer_transpose(self, node: Transpose) -> Shape:
        return self.infer(node.arg).transposed()

    def _infer_inverse(self, node: Inverse) -> Shape:
        s = self.infer(node.arg)
        if not self.unify(s.rows, s.cols):
            self.fail(
                node,
                f"{self.snippet(node.arg)} is {s}; only a square matrix has an inverse",
            )
        return s

    def _infer_norm(self, node: Norm) -> Shape:
        self.infer(node.arg)
        return SCALAR

    def _infer_whole_only(self, node: Undefined | Bool | ListOf) -> Shape:
        what = {Undefined: "'undefined'", Bool: "true/false", ListOf: "a list"}[type(node)]
        self.fail(node, f"{what} can only be a whole answer, not part of an expression")
        raise AssertionError  # unreachable

    def _infer_add(self, node: Add) -> Shape:
        shapes = [self.infer(t) for t in node.terms]
        result: Shape | None = None
        first_term: Expr | None = None
        for term, s in zip(node.terms, shapes, strict=True):
            if s is SCALAR or (s.is_scalar and isinstance(s.rows, int)):
                continue  # a scalar adds to every entry (broadcast)
            if result is None:
                result, first_term = s, term
                continue
            if not (self.unify(result.rows, s.rows) and self.unify(result.cols, s.cols)):
                assert first_term is not None
                self.fail(
                    node,
                    f"{self.snippet(node)}: {self.snippet(first_term)} is "
                    f"{self.resolve(result)} but {self.snippet(term)} is {self.resolve(s)}; "
                    f"only matrices of the same shape can be added",
                )
        return result if result is not None else SCALAR

    def _infer_mul(self, node: Mul) -> Shape:
        acc = self.infer(node.factors[0])
        for k in range(1, len(node.factors)):
            right_node = node.factors[k]
            b = self.infer(right_node)
            a = self.resolve(acc)
            if a is SCALAR or (a.is_scalar and isinstance(a.rows, int)):
                acc = b
            elif b is SCALAR or (b.is_scalar and isinstance(b.rows, int)):
                acc = a
            elif self.unify(a.cols, b.rows):
                acc = Shape(a.rows, b.cols)
            else:
                left_text = self._span_text(node.factors[:k])
                right_text = self.snippet(right_node)
                whole = self._span_text(node.factors[: k + 1])
                hint = ""
                if a == b or (a.cols == 1 and b.cols == 1 and a.rows == b.rows):
                    hint = (
                        " (juxtaposition and * are the matrix product here; write ⊙ or .* "
                        "for the elementwise one"
                    )
                    if a.cols == 1:
                        right = right_text if isinstance(right_node, Sym) else f"({right_text})"
                        hint += f", or {_transposed(left_text)} {right} for a dot product"
                    hint += ")"
                self.fail(
                    node,
                    f"{whole}: {left_text} is {a} but {right_text} is {b}; the columns of "
                    f"{left_text} ({_dim_text(a.cols)}) must equal the rows of {right_text} "
                    f"({_dim_text(b.rows)}){hint}",
                )
        return acc

    def _span_text(self, factors: tuple[Expr, ...]) -> str:
        # Rendered, not sliced from the source: a slice would lose the brackets of a
        # parenthesised factor, whose span is its inside.
        return to_text(factors[0] if len(factors) == 1 else Mul(tuple(factors)))

    def _elementwise(self, node: Expr, left: Expr, right: Expr, op: str) -> Shape:
        a, b = self.infer(left), self.infer(right)
        if a.is_scalar and isinstance(a.rows, int):
            return b
        if b.is_scalar and isinstance(b.rows, int):
            return a
        if self.unify(a.rows, b.rows) and self.unify(a.cols, b.cols):
            return a
        self.fail(
            node,
            f"{self.snippet(node)}: {self.snippet(left)} is {a} but {self.snippet(right)} is "
            f"{b}; an elementwise {op} needs the same shape on both sides",
        )
        raise AssertionError  # unreachable

    def _infer_pow(self, node: Pow) -> Shape:
        base = self.infer(node.base)
        exponent = self.infer(node.exponent)
        if not exponent.is_scalar:
            self.fail(node, f"the exponent {self.snippet(node.exponent)} must be a number")
        if base.is_scalar and isinstance(base.rows, int):
            return SCALAR
        if not self.unify(base.rows, base.cols):
            self.fail(
                node,
                f"{self.snippet(node)}: {self.snippet(node.base)} is {base}; only a square "
                f"matrix has powers (for elementwise powers write x ⊙ x)",
            )
        if not _is_integer_literal(node.exponent):
            self.fail(node, "a matrix power needs an integer exponent")
        return base

    def _infer_func(self, node: Func) -> Shape:
        name = node.name
        shapes = [self.infer(a) for a in node.args]
        s = shapes[0]
        arg = node.args[0]
        if name in ("tr", "det", "logdet"):
            if not self.unify(s.rows, s.cols):
                what = {"tr": "a trace", "det": "a determinant", "logdet": "a determinant"}[name]
                self.fail(node, f"{self.snippet(arg)} is {s}; only a square matrix has {what}")
            return SCALAR
        if name in ELEMENTWISE or name == "softmax":
            return s
        if name in ("sum", "mean", "logsumexp"):
            return SCALAR
        if name in INFORMATION_FUNCTIONS or name in NORMAL_FUNCTIONS:
            return self._distribution_function(node, shapes)
        if name in ("max", "min"):
            if len(node.args) == 1:
                return SCALAR
            return self._elementwise(node, node.args[0], node.args[1], name)
        if name == "diag":
            if s.is_scalar:
                return SCALAR
            if s.cols == 1:
                return Shape(s.rows, s.rows)
            if s.rows == 1:
                return Shape(s.cols, s.cols)
            if not self.unify(s.rows, s.cols):
                self.fail(
                    node, f"diag takes a vector or a square matrix; {self.snippet(arg)} is {s}"
                )
            return Shape(s.rows, 1)
        if name == "vec":
            return Shape(_dim_product(s.rows, s.cols), 1)
        if name == "pinv":
            return s.transposed()
        raise InputError(f"unknown function {name}", self.text, node.pos)

    def _distribution_function(self, node: Func, shapes: list[Shape]) -> Shape:
        """Distributions of one shape; a base, mu and sigma are numbers."""
        count = INFORMATION_FUNCTIONS.get(node.name, 1)
        if count == 2:
            self._elementwise(node, node.args[0], node.args[1], node.name)
        for arg, shape in zip(node.args[count:], shapes[count:], strict=True):
            if not shape.is_scalar:
                self.fail(node, f"{node.name}: {self.snippet(arg)} is {shape}; it must be a number")
        return shapes[0] if node.name in NORMAL_FUNCTIONS else SCALAR


#: How the shape of each node type is inferred.
_INFER: dict[type, Callable[[ShapeInference, Any], Shape]] = {
    Num: ShapeInference._infer_number,
    Const: ShapeInference._infer_number,
    Sym: ShapeInference._infer_sym,
    IdentityMatrix: ShapeInference._infer_identity,
    Matrix: ShapeInference._infer_matrix,
    Add: ShapeInference._infer_add,
    Neg: ShapeInference._infer_neg,
    Mul: ShapeInference._infer_mul,
    Hadamard: ShapeInference._infer_hadamard,
    Kron: ShapeInference._infer_kron,
    Div: ShapeInference._infer_div,
    Pow: ShapeInference._infer_pow,
    Transpose: ShapeInference._infer_transpose,
    Inverse: ShapeInference._infer_inverse,
    Func: ShapeInference._infer_func,
    Norm: ShapeInference._infer_norm,
    Undefined: ShapeInference._infer_whole_only,
    Bool: ShapeInference._infer_whole_only,
    ListOf: ShapeInference._infer_whole_only,
}


def _transposed(text: str) -> str:
    simple = text.replace("_", "").isalnum()
    return f"{text}ᵀ" if simple else f"({text})ᵀ"


def _dim_product(a: Dim, b: Dim) -> Dim:
    """The product of two dimensions; symbolic products are written with their factors
    sorted (``m·n``), so that ``m·n`` and ``n·m`` are one size."""
    if isinstance(a, int) and isinstance(b, int):
        return a * b
    if a == 1:
        return b
    if b == 1:
        return a
    if isinstance(a, Free) or isinstance(b, Free):
        return Free()  # the size of an I inside a product is not tracked
    factors = str(a).split("·") + str(b).split("·")
    numbers = [int(f) for f in factors if f.isdigit()]
    symbols = sorted(f for f in factors if not f.isdigit())
    coefficient = 1
    for n in numbers:
        coefficient *= n
    return "·".join(([str(coefficient)] if coefficient != 1 else []) + symbols)


def _is_integer_literal(e: Expr) -> bool:
    if isinstance(e, Neg):
        e = e.arg
    return isinstance(e, Num) and e.value.denominator == 1


def infer_shape(
    expr: Expr,
    shapes: dict[str, str | Shape] | None = None,
    text: str | None = None,
    strict: bool = False,
) -> Shape:
    """The shape of ``expr``; raises ``ShapeError`` (or ``InputError`` for unknown names)."""
    parsed = {k: parse_shape(v) for k, v in (shapes or {}).items()}
    return ShapeInference(parsed, text, strict).infer(expr)
