"""Evaluation of ``Expr`` trees: exactly (integers and fractions) or in floating point.

Every value is a 2-D NumPy array (scalars 1×1, vectors n×1): of ``Fraction`` objects
in exact mode, of float64 otherwise. ``I`` evaluates to a ``Scaled`` identity whose size
comes from the value it meets, as in mathematics. Exact mode raises ``NotExact`` as soon
as something irrational (or too large) appears, and the caller falls back to floats.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from dlmath.expr.errors import EvaluationError, LimitError, ShapeError
from dlmath.expr.exact import (
    NotExact,
    check_size,
    exact_det,
    exact_inverse,
    exact_number,
    exact_power,
    exact_root,
    fractions,
    literal_rows,
    to_fraction,
)
from dlmath.expr.information import information_value, normal_value
from dlmath.expr.limits import (
    FRACTION_WORK,
    MAX_ENTRIES,
    MAX_EXACT_ENTRIES,
    MAX_EXACT_WORK,
    MAX_EXPONENT,
)
from dlmath.expr.nodes import (
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
from dlmath.expr.scalar_functions import transcendental
from dlmath.expr.values import (  # noqa: F401  (Scaled, as_matrix: part of this API)
    Scaled,
    UnsizedIdentity,
    Value,
    as_matrix,
    dims_text,
    is_scalar,
    rows_cols,
)


def evaluate(
    expr: Expr, env: dict[str, Any] | None = None, identity_size: int | None = None
) -> np.ndarray:
    """Floating-point value of ``expr``; raises ``EvaluationError`` for 1/0, log(0), ...

    ``identity_size`` sizes a result that is a multiple of ``I`` with nothing to take
    its size from (the expected answer ``I`` to ``Qᵀ Q``)."""
    values = {k: as_matrix(v) for k, v in (env or {}).items()}
    result = _guarded(_Evaluator(values, exact=False), expr)
    if isinstance(result, Scaled):
        if identity_size is None:
            raise UnsizedIdentity
        return np.asarray(result.c, dtype=float) * np.eye(identity_size)
    if not _finite(result):
        raise EvaluationError("the value is too large (or not a number)")
    return result


def _finite(a: np.ndarray) -> bool:
    """Whether every entry is finite; a few entries are asked in Python floats, which is
    cheaper than NumPy's two calls (an answer's value at 4 points is 4 to 36 numbers)."""
    if a.size <= 16 and a.dtype.kind == "f":
        return all(map(math.isfinite, a.ravel().tolist()))
    return bool(np.isfinite(a).all())


def evaluate_exact(
    expr: Expr, env: dict[str, Any] | None = None, identity_size: int | None = None
) -> list[list[Fraction]]:
    """Exact value as rows of Fractions; raises ``NotExact`` when it is irrational."""
    values = {}
    for k, v in (env or {}).items():
        arr = np.asarray(v, dtype=object)
        if arr.ndim == 0:
            arr = arr.reshape(1, 1)
        elif arr.ndim == 1:
            arr = arr.reshape(-1, 1)
        values[k] = np.vectorize(to_fraction, otypes=[object])(arr)
    result = _guarded(_Evaluator(values, exact=True), expr)
    if isinstance(result, Scaled):
        if identity_size is None:
            raise UnsizedIdentity
        c = result.c
        if isinstance(c, np.ndarray):  # c·I times a 1×1 value keeps c as a 1×1 array
            c = c.reshape(-1)[0]
        return [
            [c if i == j else Fraction(0) for j in range(identity_size)]
            for i in range(identity_size)
        ]
    return [list(row) for row in result]


def _guarded(evaluator: _Evaluator, expr: Expr) -> Value:
    """Arithmetic failures from Python or NumPy become ``EvaluationError`` (NumPy's own
    overflow warnings are silenced: a non-finite result is reported as an error)."""
    try:
        with np.errstate(all="ignore"):
            return evaluator.value(expr)
    except (OverflowError, FloatingPointError) as error:
        raise EvaluationError("the value is too large to compute") from error
    except ZeroDivisionError as error:
        raise EvaluationError("division by zero") from error
    except np.linalg.LinAlgError as error:
        raise EvaluationError(f"linear algebra failed: {error}") from error


class _Evaluator:
    """Evaluates a tree. Values are matrices, or stacks of matrices (one per random point)
    in floating mode, so that one pass evaluates every point of a comparison."""

    def __init__(self, env: dict[str, np.ndarray], exact: bool):
        self.env = env
        self.exact = exact
        self.work = 0  # exact multiply-adds so far, weighted (see ``charge``)

    def scalar(self, x: Any) -> np.ndarray:
        if self.exact:
            arr = np.empty((1, 1), dtype=object)
            arr[0, 0] = exact_number(x)
            return arr
        return np.array([[float(x)]])

    def irrational(self) -> None:
        if self.exact:
            raise NotExact

    def value(self, node: Expr) -> Value:
        method = _METHODS.get(type(node))
        if method is None:
            raise EvaluationError(f"{type(node).__name__} has no value", None, node.pos)
        return method(self, node)

    def array(self, node: Expr) -> np.ndarray:
        v = self.value(node)
        if isinstance(v, Scaled):
            raise EvaluationError("the size of I cannot be inferred here", None, node.pos)
        return v

    # ---- atoms --------------------------------------------------------------------

    def v_Num(self, node: Num) -> np.ndarray:
        return self.scalar(node.value)

    def v_Const(self, node: Const) -> np.ndarray:
        self.irrational()
        return np.array([[math.pi if node.name == "pi" else math.e]])

    def v_Sym(self, node: Sym) -> np.ndarray:
        value = self.env.get(node.name)
        if value is None:
            raise EvaluationError(f"no value for {node.name}", None, node.pos)
        return value

    def v_IdentityMatrix(self, node: IdentityMatrix) -> Scaled:
        return Scaled(Fraction(1) if self.exact else 1.0)

    def v_Matrix(self, node: Matrix) -> np.ndarray:
        literal = literal_rows(node, self.exact)
        if literal is not None:  # the common case, numbers only: no per-entry evaluation
            return literal
        entries = []
        for row in node.rows:
            for entry in row:
                v = self.array(entry)
                if not is_scalar(v):
                    raise ShapeError("the entries of a matrix must be numbers", None, entry.pos)
                entries.append(v)
        batch = np.broadcast_shapes(*(v.shape[:-2] for v in entries))
        dtype = object if self.exact else float
        out = np.empty((*batch, len(node.rows), len(node.rows[0])), dtype=dtype)
        width = len(node.rows[0])
        for k, v in enumerate(entries):
            out[..., k // width, k % width] = v[..., 0, 0]
        return out

    def v_Undefined(self, node: Undefined) -> None:
        raise EvaluationError("'undefined' has no value", None, node.pos)

    def v_Bool(self, node: Bool) -> None:
        raise EvaluationError("true/false has no numeric value", None, node.pos)

    def v_ListOf(self, node: ListOf) -> None:
        raise EvaluationError("a list has no single value", None, node.pos)

    # ---- arithmetic -----------------------------------------------------------------

    def add(self, a: Value, b: Value, node: Expr) -> Value:
        if isinstance(a, Scaled) or isinstance(b, Scaled):
            return self.add_identity(a, b, node)
        if a.shape[-2:] != b.shape[-2:] and not is_scalar(a) and not is_scalar(b):
            raise ShapeError(
                f"cannot add a {dims_text(a)} and a {dims_text(b)} matrix", None, node.pos
            )
        return a + b

    def add_identity(self, a: Value, b: Value, node: Expr) -> Value:
        """A sum with a multiple of ``I``: sized by the other term."""
        if isinstance(a, Scaled) and isinstance(b, Scaled):
            return Scaled(a.c + b.c)
        if isinstance(a, Scaled):
            a, b = b, a
        assert isinstance(a, np.ndarray) and isinstance(b, Scaled)
        rows, cols = rows_cols(a)
        if rows != cols:
            raise ShapeError(f"I added to a {dims_text(a)} matrix", None, node.pos)
        return a + self.eye(rows) * b.c

    def eye(self, n: int) -> np.ndarray:
        if self.exact:
            out = np.full((n, n), Fraction(0), dtype=object)
            for i in range(n):
                out[i, i] = Fraction(1)
            return out
        return np.eye(n)

    def v_Add(self, node: Add) -> Value:
        acc = self.value(node.terms[0])
        for term in node.terms[1:]:
            acc = self.add(acc, self.value(term), node)
        return acc

    def v_Neg(self, node: Neg) -> Value:
        arg = node.arg
        if type(arg) is Num and arg.value:  # a negative number: made as one, not negated
            return self.scalar(-arg.value)
        v = self.value(arg)
        return Scaled(-v.c) if isinstance(v, Scaled) else -v

    def mul(self, a: Value, b: Value, node: Expr) -> Value:
        if isinstance(a, Scaled) and isinstance(b, Scaled):
            return Scaled(a.c * b.c)
        if isinstance(a, Scaled):
            assert isinstance(b, np.ndarray)
            # c I times a number is still a multiple of I
            return Scaled(a.c * b) if is_scalar(b) else a.c * b
        if isinstance(b, Scaled):
            return Scaled(a * b.c) if is_scalar(a) else a * b.c
        if a.shape[-1] == b.shape[-2]:
            if self.exact or a.shape[-2] * b.shape[-1] > MAX_ENTRIES:  # else nothing to check
                self.bound(a.shape[-2], b.shape[-1], node)
                self.charge(a.shape[-2] * a.shape[-1] * b.shape[-1], a, b)
                if self.exact and a.shape[-2] * a.shape[-1] > MAX_EXACT_ENTRIES:
                    raise NotExact
            if not self.exact and a.shape == b.shape and a.shape[-2:] == (1, 1):
                return a * b  # a number at each point: the one product, without matmul's cost
            return a @ b
        if is_scalar(a) or is_scalar(b):
            return a * b  # a number scales every entry
        raise ShapeError(
            f"cannot multiply a {dims_text(a)} by a {dims_text(b)} matrix", None, node.pos
        )

    def v_Mul(self, node: Mul) -> Value:
        acc = self.value(node.factors[0])
        for f in node.factors[1:]:
            acc = self.mul(acc, self.value(f), node)
        if self.exact and isinstance(acc, np.ndarray):
            for x in acc.flat:
                check_size(x)
        return acc

    def elementwise_pair(self, node: Expr, a: np.ndarray, b: np.ndarray) -> None:
        if rows_cols(a) != rows_cols(b) and not is_scalar(a) and not is_scalar(b):
            raise ShapeError("an elementwise operation needs equal shapes", None, node.pos)

    def v_Hadamard(self, node: Hadamard) -> Value:
        left, right = self.value(node.left), self.value(node.right)
        if isinstance(left, Scaled) and isinstance(right, Scaled):
            return Scaled(left.c * right.c)
        if isinstance(left, Scaled) or isinstance(right, Scaled):
            # A ⊙ (c I) keeps the diagonal of A, times c: sized by A
            scaled, a = (left, right) if isinstance(left, Scaled) else (right, left)
            assert isinstance(scaled, Scaled) and isinstance(a, np.ndarray)
            rows, cols = rows_cols(a)
            if rows != cols:
                raise ShapeError(f"I ⊙ a {dims_text(a)} matrix", None, node.pos)
            return a * self.eye(rows) * scaled.c
        a, b = left, right
        self.elementwise_pair(node, a, b)
        return a * b

    def bound(self, rows: int, cols: int, node: Expr) -> None:
        """Refuse a value past ``MAX_ENTRIES`` before it is built; in exact mode, fall back
        to floating point past ``MAX_EXACT_ENTRIES`` (fractions are slow)."""
        if rows * cols > MAX_ENTRIES:
            raise LimitError(
                f"a {rows}×{cols} value is past the limit of {MAX_ENTRIES:,} entries",
                None,
                node.pos if node.pos >= 0 else None,
            )
        if self.exact and rows * cols > MAX_EXACT_ENTRIES:
            raise NotExact

    def charge(self, operations: int, *arrays: np.ndarray) -> None:
        """Count exact work (``FRACTION_WORK`` times over for fractions: each step takes a
        gcd) and fall back to floating point past ``MAX_EXACT_WORK``: the same input
        always takes the same path, and none takes long."""
        if not self.exact:
            return
        fractions = any(isinstance(x, Fraction) for a in arrays for x in a.flat)
        self.work += operations * (FRACTION_WORK if fractions else 1)
        if self.work > MAX_EXACT_WORK:
            raise NotExact

    def v_Kron(self, node: Kron) -> np.ndarray:
        a, b = self.array(node.left), self.array(node.right)
        (r1, c1), (r2, c2) = rows_cols(a), rows_cols(b)
        self.bound(r1 * r2, c1 * c2, node)
        blocks = a[..., :, None, :, None] * b[..., None, :, None, :]
        return blocks.reshape(*blocks.shape[:-4], r1 * r2, c1 * c2)

    def v_Div(self, node: Div) -> Value:
        a = self.value(node.num)
        b = self.array(node.den)
        if any(x == 0 for x in b.flat) if self.exact else (b == 0).any():
            raise EvaluationError("division by zero", None, node.den.pos)
        if self.exact and isinstance(a, np.ndarray) and a.shape == b.shape == (1, 1):
            out = np.empty((1, 1), dtype=object)  # a number by a number, without array ops
            out[0, 0] = a[0, 0] / Fraction(b[0, 0])
            return out
        if self.exact:  # int / int would be a float
            b = fractions(b)
        if is_scalar(b):
            return Scaled(a.c / b) if isinstance(a, Scaled) else a / b
        a = self.array(node.num)
        self.elementwise_pair(node, a, b)
        return a / b

    def v_Pow(self, node: Pow) -> Value:
        base = self.value(node.base)
        exponent = self.array(node.exponent)
        if not is_scalar(exponent):
            raise ShapeError("the exponent must be a number", None, node.exponent.pos)
        if isinstance(base, Scaled):
            if self.exact:
                return Scaled(exact_power(base.c, exponent[0, 0], node))
            return Scaled(self.float_power(np.asarray(base.c, dtype=float), exponent, node))
        if is_scalar(base):
            if self.exact:
                return self.scalar(exact_power(base[0, 0], exponent[0, 0], node))
            return self.float_power(base, exponent, node)
        rows, cols = rows_cols(base)
        if rows != cols:
            raise ShapeError("only a square matrix has powers", None, node.pos)
        k = self.integer_exponent(exponent, node)
        if k < 0:
            base, k = self.inverse(base, node), -k
        result = self.eye(rows)
        square = base
        while k:
            if k & 1:
                self.charge(rows**3, result, square)
                result = self.sized(result @ square)
            k >>= 1
            if k:
                self.charge(rows**3, square)
                square = self.sized(square @ square)
        return result

    def sized(self, a: np.ndarray) -> np.ndarray:
        """In exact mode, every entry within ``MAX_EXACT_BITS`` (else ``NotExact``)."""
        if self.exact:
            for x in a.flat:
                check_size(Fraction(x))
        return a

    def integer_exponent(self, exponent: np.ndarray, node: Expr) -> int:
        values = {float(v) for v in exponent.flat}
        f = values.pop()
        if values or not f.is_integer():
            raise EvaluationError("a matrix power needs one integer exponent", None, node.pos)
        k = int(f)
        if abs(k) > MAX_EXPONENT:
            raise LimitError(
                f"the exponent {k} is past the limit of {MAX_EXPONENT}", None, node.pos
            )
        return k

    def float_power(self, b: np.ndarray, p: np.ndarray, node: Expr) -> np.ndarray:
        b, p = np.asarray(b, dtype=float), np.asarray(p, dtype=float)
        integer = p == np.round(p)
        if (integer & (np.abs(p) > MAX_EXPONENT)).any():
            worst = float(np.max(np.abs(p)))
            raise LimitError(
                f"the exponent {worst:g} is past the limit of {MAX_EXPONENT}", None, node.pos
            )
        if ((b == 0) & (p < 0)).any():
            raise EvaluationError("0 to a negative power", None, node.pos)
        if ((b < 0) & ~integer).any():
            raise EvaluationError("a negative number to a fractional power", None, node.pos)
        with np.errstate(over="ignore", invalid="ignore"):
            out = np.power(b, p)
        if not np.isfinite(out).all():
            raise EvaluationError("the value is too large", None, node.pos)
        return out

    def v_Transpose(self, node: Transpose) -> Value:
        v = self.value(node.arg)
        return v if isinstance(v, Scaled) else v.swapaxes(-1, -2)

    def inverse(self, a: np.ndarray, node: Expr) -> np.ndarray:
        rows, cols = rows_cols(a)
        if rows != cols:
            raise ShapeError("only a square matrix has an inverse", None, node.pos)
        if self.exact:
            self.bound(rows, cols, node)
            self.charge(2 * rows**3, a)
            return exact_inverse(a, node)
        if rows == 1:
            if np.any(a == 0):
                raise EvaluationError("0 has no inverse", None, node.pos)
            return 1.0 / a
        if np.any(np.linalg.cond(a) > 1e12):
            raise EvaluationError("the matrix is singular (not invertible)", None, node.pos)
        return np.linalg.inv(a)

    def pseudo_inverse(self, a: np.ndarray, node: Expr) -> np.ndarray:
        """The Moore-Penrose inverse; exactly the inverse for an invertible square matrix."""
        rows, cols = rows_cols(a)
        if self.exact:
            if rows != cols:
                raise NotExact
            try:
                return self.inverse(a, node)
            except EvaluationError:
                raise NotExact from None
        return np.linalg.pinv(a)

    def v_Inverse(self, node: Inverse) -> Value:
        v = self.value(node.arg)
        if isinstance(v, Scaled):
            if np.any(np.asarray(v.c) == 0):
                raise EvaluationError("0·I has no inverse", None, node.pos)
            return Scaled(Fraction(1) / v.c if self.exact else 1 / v.c)
        return self.inverse(v, node)

    # ---- functions --------------------------------------------------------------------

    def total(self, a: np.ndarray) -> np.ndarray:
        """The sum of all entries of each matrix, as a 1×1 (per point)."""
        return a.sum(axis=(-2, -1), keepdims=True)

    def v_Norm(self, node: Norm) -> np.ndarray:
        a = self.array(node.arg)
        rows, cols = rows_cols(a)
        vector = rows == 1 or cols == 1
        if node.p == "1" and vector:
            return self.total(abs(a))
        if node.p == "inf" and vector:
            return abs(a).max(axis=(-2, -1), keepdims=True)
        if node.p == "F" or (node.p == "2" and vector):
            squares = self.total(a * a)
            if self.exact:
                root = exact_root(squares[0, 0], Fraction(1, 2))
                if root is None:
                    raise NotExact
                return self.scalar(root)
            return np.sqrt(squares)
        self.irrational()
        order = {"1": 1, "2": 2, "inf": np.inf}[node.p]
        return np.linalg.norm(a, order, axis=(-2, -1), keepdims=True)

    def v_Func(self, node: Func) -> Value:
        name = node.name
        if name in ("max", "min") and len(node.args) == 2:
            a, b = self.array(node.args[0]), self.array(node.args[1])
            self.elementwise_pair(node, a, b)
            pick = np.maximum if name == "max" else np.minimum
            if self.exact:
                a, b = np.broadcast_arrays(a, b)
                out = np.empty(a.shape, dtype=object)
                for idx in np.ndindex(a.shape):
                    out[idx] = max(a[idx], b[idx]) if name == "max" else min(a[idx], b[idx])
                return out
            return pick(a, b)
        if name in INFORMATION_FUNCTIONS or name in NORMAL_FUNCTIONS:
            return self.distribution_function(node)
        arg = self.value(node.args[0])
        if isinstance(arg, Scaled):
            raise EvaluationError(
                f"the size of I in {name}(...) cannot be inferred here", None, node.pos
            )
        a = arg
        rows, cols = rows_cols(a)
        if name == "tr":
            self._square(a, node, "a trace")
            return np.asarray(np.trace(a, axis1=-2, axis2=-1), dtype=a.dtype)[..., None, None]
        if name == "det":
            self._square(a, node, "a determinant")
            if self.exact:
                self.bound(rows, cols, node)
                self.charge(rows**3, a)
                return self.scalar(exact_det(a))
            return np.linalg.det(a)[..., None, None]
        if name == "logdet":
            self._square(a, node, "a determinant")
            self.irrational()
            sign, logabs = np.linalg.slogdet(a)
            if np.any(sign <= 0):
                raise EvaluationError(
                    "logdet of a matrix whose determinant is not positive", None, node.pos
                )
            return logabs[..., None, None]
        if name == "diag":
            if rows == 1 or cols == 1:
                n = rows * cols
                self.bound(n, n, node)
                flat = a.reshape(*a.shape[:-2], n)
                out = np.zeros((*a.shape[:-2], n, n), dtype=a.dtype)
                if self.exact:
                    out[...] = Fraction(0)
                for i in range(n):
                    out[..., i, i] = flat[..., i]
                return out
            self._square(a, node, "a diagonal")
            return np.diagonal(a, axis1=-2, axis2=-1)[..., None].copy()
        if name == "sum":
            return self.total(a)
        if name == "mean":
            return self.total(a) / (Fraction(rows * cols) if self.exact else rows * cols)
        if name == "vec":
            return np.swapaxes(a, -1, -2).reshape(*a.shape[:-2], rows * cols, 1)
        if name == "pinv":
            return self.pseudo_inverse(a, node)
        if name == "max":
            return a.max(axis=(-2, -1), keepdims=True)
        if name == "min":
            return a.min(axis=(-2, -1), keepdims=True)
        if name == "abs":
            return abs(a)
        if name == "relu":
            if self.exact:
                return np.vectorize(lambda x: max(x, Fraction(0)), otypes=[object])(a)
            return np.maximum(a, 0.0)
        if name == "step":
            if self.exact:
                return np.vectorize(lambda x: Fraction(int(x > 0)), otypes=[object])(a)
            return (a > 0).astype(float)
        if name == "sign":
            if self.exact:
                return np.vectorize(lambda x: Fraction((x > 0) - (x < 0)), otypes=[object])(a)
            return np.sign(a)
        return transcendental(name, a, node, self.exact)

    def distribution_function(self, node: Func) -> np.ndarray:
        args = [self.array(a) for a in node.args]
        if node.name in NORMAL_FUNCTIONS:
            return normal_value(node, args, self.exact)
        return information_value(node, args, self.exact)

    def _square(self, a: np.ndarray, node: Expr, what: str) -> None:
        rows, cols = rows_cols(a)
        if rows != cols:
            raise ShapeError(f"only a square matrix has {what}", None, node.pos)


_METHODS: dict[type, Callable[[_Evaluator, Any], Value]] = {
    cls: getattr(_Evaluator, "v_" + cls.__name__)
    for cls in (Num, Const, Sym, IdentityMatrix, Matrix, Undefined, Bool, ListOf, Add, Neg, Mul)
    + (Hadamard, Kron, Div, Pow, Transpose, Inverse, Norm, Func)
}
