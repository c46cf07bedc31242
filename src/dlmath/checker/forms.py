"""Answer forms: equal is not always enough.

An exercise that asks for the value of ``A B`` must not accept ``A B`` typed back, and
one that asks to expand ``(A B)ᵀ`` must not accept ``(A B)ᵀ``. Equality by evaluation
cannot tell these apart, so forms are checked on the tree.
"""

from __future__ import annotations

from dlmath.expr.nodes import (
    Add,
    Const,
    Div,
    Expr,
    Func,
    IdentityMatrix,
    Inverse,
    ListOf,
    Matrix,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    Transpose,
    Undefined,
)

#: Functions a value may still contain: sqrt(2), log(3), e^-1 are values.
_VALUE_FUNCTIONS = frozenset(
    {"sqrt", "exp", "log", "log2", "log10", "abs", "sin", "cos", "tan", "tanh", "sigmoid"}
    | {"cosh", "sinh", "sech"}
)


def _arithmetic(e: Expr) -> bool:
    """Arithmetic on numbers only: no names, no matrices, no matrix functions."""
    if isinstance(e, Num | Const):
        return True
    if isinstance(e, Add | Neg | Mul | Div | Pow | Inverse):  # 2⁻¹ and e^-1 are numbers
        return all(_arithmetic(c) for c in e.children())
    if isinstance(e, Func):
        return e.name in _VALUE_FUNCTIONS and all(_arithmetic(a) for a in e.args)
    return False


def is_value(e: Expr) -> bool:
    """A number, a matrix literal of numbers, or a number times one (``1/2 [[1, 2]]``)."""
    if isinstance(e, Undefined) or _arithmetic(e):
        return True
    if isinstance(e, ListOf):  # "1, 19" typed for a vector
        return all(_arithmetic(x) for x in e.items)
    if isinstance(e, Matrix):
        return all(_arithmetic(x) for row in e.rows for x in row)
    if isinstance(e, Neg):
        return is_value(e.arg)
    if isinstance(e, Mul):
        matrices = [f for f in e.factors if not _arithmetic(f)]
        return len(matrices) == 1 and isinstance(matrices[0], Matrix) and is_value(matrices[0])
    if isinstance(e, Div):
        return is_value(e.num) and _arithmetic(e.den)
    return False


def is_expanded(e: Expr) -> bool:
    """Transposes and inverses sit on single names (``Bᵀ Aᵀ``, not ``(A B)ᵀ``)."""
    for node in e.walk():
        if isinstance(node, Transpose | Inverse):
            inner = node.arg.arg if isinstance(node.arg, Inverse | Transpose) else node.arg
            if not isinstance(inner, Sym | IdentityMatrix):
                return False
    return True


def form_feedback(tree: Expr, form: str | None, kind: str) -> str | None:
    """Why a right-valued answer is not in the form asked for, or None if it is."""
    if form is None and kind in ("number", "matrix"):
        form = "value"
    if form == "value" and not is_value(tree):
        return (
            "That has the right value, but give the value itself (numbers, or a matrix of "
            "numbers), not the computation typed back."
        )
    if form == "expanded" and not is_expanded(tree):
        return (
            "That is equal, but not expanded: apply the rules until every ᵀ and ⁻¹ sits on "
            "a single letter."
        )
    return None
