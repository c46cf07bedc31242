"""Rewrites applied before differentiating, so results come out in textbook form.

``log(det(X))`` is the log-determinant (gradient X⁻ᵀ, with no det(X)/det(X) to cancel),
``log(sum(exp(u)))`` is log-sum-exp (gradient softmax(u)), and ``log(softmax(u))`` is
``u − logsumexp(u)``, which turns the cross-entropy gradient into ``softmax(z) − y``;
and ``tr(A ⊗ B)`` is ``tr(A) tr(B)``, the one Kronecker form whose gradient the
language can write.
"""

from __future__ import annotations

from dlmath.derivatives.context import Context
from dlmath.expr.nodes import Add, Expr, Func, Kron, Mul, Neg

#: (rule name, explanation) of each rewrite, for the steps.
RULES = {
    "logdet": "log(det(M)) = logdet(M), the log-determinant",
    "logsumexp": "log(sum(exp(u))) = logsumexp(u), log-sum-exp",
    "log-softmax": "log(softmax(u)) = u − logsumexp(u), the log-softmax",
    "trace-kron": "tr(A ⊗ B) = tr(A) tr(B)",
}


def rewrite(e: Expr, ctx: Context, steps: list[str]) -> Expr:
    """``e`` with the patterns above replaced; each use is recorded in ``steps``."""

    def visit(node: Expr) -> Expr:
        node = node.map_children(visit)
        if isinstance(node, Func) and node.name == "tr" and isinstance(node.args[0], Kron):
            kron = node.args[0]
            steps.append(f"rewrite: {RULES['trace-kron']}")
            span = {"pos": node.pos, "end": node.end}
            traces = (Func("tr", (kron.left,), **span), Func("tr", (kron.right,), **span))
            return Mul(traces, **span)
        if not (isinstance(node, Func) and node.name == "log"):
            return node
        arg = node.args[0]
        span = {"pos": node.pos, "end": node.end}
        if isinstance(arg, Func) and arg.name == "det":
            steps.append(f"rewrite: {RULES['logdet']}")
            return Func("logdet", arg.args, **span)
        if isinstance(arg, Func) and arg.name == "sum":
            inner = arg.args[0]
            if isinstance(inner, Func) and inner.name == "exp":
                steps.append(f"rewrite: {RULES['logsumexp']}")
                return Func("logsumexp", inner.args, **span)
        if isinstance(arg, Func) and arg.name == "softmax" and ctx.is_column(arg.args[0]):
            u = arg.args[0]
            steps.append(f"rewrite: {RULES['log-softmax']}")
            return Add((u, Neg(Func("logsumexp", (u,), **span), **span)), **span)
        return node

    return visit(e)
