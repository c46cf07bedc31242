"""Reverse-mode differentiation over the ``Expr`` tree: back-propagation, symbolically.

Why reverse mode rather than collecting matrix differentials and applying the trace
trick at the end: the two compute the same thing (the trace trick is exactly the
reverse pass through one linear map), but reverse mode keeps every intermediate
object a matrix of a known shape, so each rule is local (one node, its children's
adjoints), each step is a sentence a learner recognises from back-propagation, and
there is no separate phase that must bring arbitrary sums of traces into the form
tr(G dX). The trace trick still appears, inside the rule for matrix products.

Two modes:

- gradient (f scalar): the adjoint ``G`` of a node has the node's shape, and
  ``G_X`` at the variable is ∂f/∂X in denominator layout (the shape of X).
- Jacobian (f a vector, x a vector): the adjoint of a vector node v is
  (∂f/∂v)ᵀ, of size len(v) × len(f), seeded with I; the Jacobian is its transpose
  at x (numerator layout, len(f) × len(x)). Intermediates that depend on x must be
  vectors or scalars (a matrix-valued intermediate would need a 3-index tensor).
"""

from __future__ import annotations

from fractions import Fraction

from dlmath.derivatives.context import Context, Ones
from dlmath.derivatives.display import show, snippet
from dlmath.derivatives.refusals import NotDifferentiable
from dlmath.derivatives.simplify import Simplifier
from dlmath.expr.nodes import (
    ELEMENTWISE,
    Add,
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
from dlmath.expr.shapes import Free

MAX_MATRIX_POWER = 30


def _n(v: int | Fraction) -> Num:
    return Num(Fraction(v))


def _mul(*factors: Expr) -> Expr:
    return factors[0] if len(factors) == 1 else Mul(tuple(factors))


class Backprop:
    def __init__(
        self,
        ctx: Context,
        wrt: str,
        text: str | None,
        jacobian: bool,
        simplifier: Simplifier,
        steps: list[str],
    ):
        self.ctx = ctx
        self.wrt = wrt
        self.text = text
        self.jacobian = jacobian
        self.simplify = simplifier
        self.steps = steps
        self.found: list[Expr] = []

    # ---- driving --------------------------------------------------------------------

    def run(self, f: Expr, seed: Expr) -> list[Expr]:
        """The adjoints reaching each occurrence of the variable."""
        self.visit(f, seed)
        return self.found

    def depends(self, e: Expr) -> bool:
        return self.wrt in e.names()

    def send(self, child: Expr, adjoint: Expr, rule: str, why: str) -> None:
        if not self.depends(child):
            return
        adjoint = self.simplify(adjoint)
        self.steps.append(f"{rule}: {why}; here {self.at(child)} receives {show(adjoint)}")
        self.visit(child, adjoint)

    def at(self, e: Expr) -> str:
        return snippet(e, self.text)

    def cannot(self, e: Expr, why: str = "", what: str = "") -> NotDifferentiable:
        """``cannot differentiate ||X||_2 (the spectral norm) with respect to X: ...``"""
        named = f"{self.at(e)} ({what})" if what else self.at(e)
        message = f"cannot differentiate {named} with respect to {self.wrt}"
        if why:
            message += f": {why}"
        return NotDifferentiable(message, self.text, e.pos if e.pos >= 0 else None)

    def visit(self, node: Expr, G: Expr) -> None:
        if isinstance(node, Sym) and node.name == self.wrt:
            self.found.append(G)
            return
        if self.jacobian and not (self.ctx.is_scalar(node) or self.ctx.is_vector(node)):
            raise self.cannot(
                node,
                f"it is a {self.ctx.shape(node)} matrix; Jacobians go through vector- and "
                "scalar-valued parts only",
            )
        method = getattr(self, "d_" + type(node).__name__, None)
        if method is None:
            raise self.cannot(node, "dlmath has no rule for it")
        method(node, G)

    # ---- helpers -------------------------------------------------------------------

    def inner(self, G: Expr, C: Expr | None) -> Expr:
        """What a scalar factor c receives from c·C: ⟨G, C⟩ (gradient mode) or
        vec(C)ᵀ G (Jacobian mode)."""
        ctx = self.ctx
        if C is None or ctx.is_scalar(C):
            return G if C is None else _mul(C, G)
        if self.jacobian:
            return _mul(Transpose(C), G) if ctx.is_column(C) else _mul(C, G)
        t = self.simplify.term(G)
        if t.chain and isinstance(t.chain[-1], Ones) and len(t.chain) == 1:
            scale = self.simplify.build(type(t)(t.coef, dict(t.scalars)))
            return _mul(scale, Func("sum", (C,)))
        if ctx.is_column(C):
            return _mul(Transpose(C), G)
        if ctx.is_row(C):
            return _mul(C, Transpose(G))
        return Func("tr", (_mul(Transpose(C), G),))

    def elementwise(self, derivative: Expr, u: Expr, G: Expr) -> Expr:
        """G through an elementwise map with derivative ``derivative`` (shaped like u)."""
        if self.ctx.is_scalar(u):
            return _mul(derivative, G)
        if self.jacobian:
            return _mul(Func("diag", (derivative,)), G)
        return Hadamard(derivative, G)

    def split_product(self, factors: tuple[Expr, ...]) -> tuple[list[Expr], list[Expr]]:
        """Scalar (1×1) factors and the chain of matrix factors, as evaluation groups
        them: ``xᵀ y A`` is the scalar xᵀ y times A."""
        scalars: list[Expr] = []
        chain: list[Expr] = []
        for f in factors:
            if self.ctx.is_scalar(f):
                scalars.append(f)
                continue
            if chain and self.ctx.is_scalar(_mul(*chain)) and not self.conformable(chain, f):
                scalars.append(_mul(*chain))
                chain = [f]
                continue
            chain.append(f)
        return scalars, chain

    def conformable(self, chain: list[Expr], f: Expr) -> bool:
        a = self.ctx.shape(_mul(*chain)).cols
        b = self.ctx.shape(f).rows
        return a == b or isinstance(a, Free) or isinstance(b, Free)

    # ---- rules ----------------------------------------------------------------------

    def d_Add(self, node: Add, G: Expr) -> None:
        whole_scalar = self.ctx.is_scalar(node)
        for t in node.terms:
            if whole_scalar or not self.ctx.is_scalar(t):
                self.send(t, G, "sum rule", "each term of a sum receives the same gradient")
            elif self.jacobian:
                self.send(
                    t,
                    _mul(Transpose(Ones(node)), G),
                    "sum rule",
                    "a scalar added to every entry receives the column sums",
                )
            else:
                self.send(
                    t,
                    Func("sum", (G,)),
                    "sum rule",
                    "a scalar added to every entry receives the sum of the gradient's entries",
                )

    def d_Neg(self, node: Neg, G: Expr) -> None:
        self.send(node.arg, Neg(G), "negation", "d(−u) = −du")

    def d_Mul(self, node: Mul, G: Expr) -> None:
        scalars, chain = self.split_product(node.factors)
        C = _mul(*chain) if chain else None
        for i, s in enumerate(scalars):
            if not self.depends(s):
                continue
            others = [t for j, t in enumerate(scalars) if j != i]
            received = self.inner(G, C)
            what = "the other factors" if C is None and others else "the rest of the product"
            self.send(
                s,
                _mul(*others, received),
                "product rule",
                f"a scalar factor receives the gradient times {what}",
            )
        if not chain:
            return
        Gc = _mul(*scalars, G) if scalars else G
        for k, F in enumerate(chain):
            if not self.depends(F):
                continue
            left, right = chain[:k], chain[k + 1 :]
            if self.jacobian:
                adjoint = self.jacobian_factor(F, left, right, Gc)
                why = "d(L F R) = L dF R, so F receives the chain of the other factors"
            else:
                parts: list[Expr] = [Transpose(_mul(*left))] if left else []
                parts.append(Gc)
                if right:
                    parts.append(Transpose(_mul(*right)))
                adjoint = _mul(*parts)
                why = self.product_reason(F, left, right)
            self.send(F, adjoint, "matrix product", why)

    def product_reason(self, F: Expr, left: list[Expr], right: list[Expr]) -> str:
        f = self.at(F)
        d = f"d{f}" if len(f) == 1 else f"d({f})"
        L = show(_mul(*left)) if left else ""
        R = show(_mul(*right)) if right else ""
        Lt = show(Transpose(_mul(*left))) if left else ""
        Rt = show(Transpose(_mul(*right))) if right else ""
        if L and R:
            return (
                f"tr(Gᵀ {L} {d} {R}) = tr({R} Gᵀ {L} {d}) by the cyclic property of the "
                f"trace, so {f} receives {Lt} G {Rt}"
            )
        if L:
            return f"tr(Gᵀ {L} {d}) = tr(({Lt} G)ᵀ {d}), so {f} receives {Lt} G"
        if R:
            return f"tr(Gᵀ {d} {R}) = tr({R} Gᵀ {d}) by the cyclic property, so {f} receives G {Rt}"
        return f"{f} receives G"

    def jacobian_factor(self, F: Expr, left: list[Expr], right: list[Expr], G: Expr) -> Expr:
        ctx = self.ctx
        L = _mul(*left) if left else None
        R = _mul(*right) if right else None
        if ctx.is_column(F):
            if R is None or ctx.is_scalar(R):
                parts = ([R] if R is not None else []) + ([Transpose(L)] if L else [])
            else:
                parts = ([Transpose(L)] if L is not None else []) + [R]
        elif ctx.is_row(F):
            if L is None or ctx.is_scalar(L):
                parts = ([L] if L is not None else []) + ([R] if R is not None else [])
            else:
                parts = ([R] if R is not None else []) + [Transpose(L)]
        else:
            raise self.cannot(F, "a matrix-valued factor inside a Jacobian")
        return _mul(*parts, G)

    def d_Hadamard(self, node: Hadamard, G: Expr) -> None:
        for this, other in ((node.left, node.right), (node.right, node.left)):
            if not self.depends(this):
                continue
            if self.ctx.is_scalar(this) and not self.ctx.is_scalar(node):
                received = self.inner(G, other)
            else:
                received = self.elementwise(other, this, G)
            self.send(this, received, "elementwise product", "d(u ⊙ v) = du ⊙ v + u ⊙ dv")

    def d_Div(self, node: Div, G: Expr) -> None:
        n, d = node.num, node.den
        if self.ctx.is_scalar(d):
            self.send(n, Div(G, d), "quotient rule", "d(u/c) = du/c")
            if self.depends(d):
                received = Neg(Div(self.inner(G, n), Pow(d, _n(2))))
                self.send(d, received, "quotient rule", "d(u/c) = −u dc/c²")
            return
        if self.ctx.is_scalar(n):
            self.send(n, self.inner(G, Div(_n(1), d)), "quotient rule", "d(c/v) = dc/v")
        else:
            self.send(n, self.elementwise(Div(_n(1), d), n, G), "quotient rule", "d(u/v) = du/v")
        if self.depends(d):
            derivative = Neg(Div(n, Hadamard(d, d)))
            self.send(d, self.elementwise(derivative, d, G), "quotient rule", "d(u/v) = −u dv/v²")

    def d_Pow(self, node: Pow, G: Expr) -> None:
        b, p = node.base, node.exponent
        ctx = self.ctx
        if isinstance(b, Norm) and _is_number(p, 2) and self.plain_norm(b):
            u = b.arg
            why = "d‖u‖² = 2 uᵀ du" if b.p == "2" else "d‖M‖_F² = 2 tr(Mᵀ dM)"
            self.send(u, _mul(_n(2), u, G), "squared norm", why)
            return
        if ctx.is_scalar(b):
            if self.depends(p):
                self.send(
                    p, _mul(Func("log", (b,)), node, G), "power rule", "d(b^p) = log(b) b^p dp"
                )
            if self.depends(b):
                if isinstance(p, Num):
                    derivative = _mul(_n(p.value), Pow(b, _n(p.value - 1)))
                else:
                    derivative = _mul(p, Pow(b, Add((p, Neg(_n(1))))))
                self.send(b, _mul(derivative, G), "power rule", "d(u^p) = p u^(p−1) du")
            return
        if self.depends(p):
            raise self.cannot(node, "a matrix power with an exponent that depends on it")
        k = _integer(p)
        if k is None:
            raise self.cannot(node, "a matrix power needs an integer exponent")
        base = b if k > 0 else Inverse(b)
        k = abs(k)
        if k > MAX_MATRIX_POWER:
            raise self.cannot(node, f"matrix powers are differentiated up to {MAX_MATRIX_POWER}")
        if k == 0:
            return
        terms = []
        for i in range(k):
            left = Transpose(Pow(base, _n(i))) if i else None
            right = Transpose(Pow(base, _n(k - 1 - i))) if k - 1 - i else None
            terms.append(_mul(*[x for x in (left, G, right) if x is not None]))
        received = terms[0] if len(terms) == 1 else Add(tuple(terms))
        self.send(
            base, received, "matrix power", "d(M^k) = Σᵢ Mⁱ dM M^(k−1−i), one term per factor"
        )

    def d_Transpose(self, node: Transpose, G: Expr) -> None:
        if self.jacobian:
            self.send(node.arg, G, "transpose", "a vector and its transpose have the same entries")
        else:
            self.send(node.arg, Transpose(G), "transpose", "d(Mᵀ) = (dM)ᵀ")

    def d_Inverse(self, node: Inverse, G: Expr) -> None:
        a = node.arg
        if self.ctx.is_scalar(a):
            self.send(a, Neg(Div(G, Pow(a, _n(2)))), "inverse", "d(1/u) = −du/u²")
            return
        received = Neg(_mul(Transpose(node), G, Transpose(node)))
        self.send(a, received, "inverse", "d(M⁻¹) = −M⁻¹ dM M⁻¹, so M receives −M⁻ᵀ G M⁻ᵀ")

    def d_Norm(self, node: Norm, G: Expr) -> None:
        u = node.arg
        ctx = self.ctx
        if node.p == "1" and (ctx.is_vector(u) or ctx.is_scalar(u)):
            received = _mul(Func("sign", (u,)), G)
            self.send(u, received, "1-norm", "d‖u‖₁ = sign(u)ᵀ du (u ≠ 0)")
            return
        if self.plain_norm(node):
            why = "d‖u‖ = uᵀ du/‖u‖" if node.p == "2" else "d‖M‖_F = tr(Mᵀ dM)/‖M‖_F"
            self.send(u, _mul(Div(u, node), G), "norm", why)
            return
        if node.p == "2":
            raise self.cannot(
                node,
                "dlmath has no rule for it (its gradient is u₁v₁ᵀ from the SVD); "
                "||X||_F is the Frobenius norm",
                what="the spectral norm",
            )
        raise self.cannot(node, "a maximum is not differentiable everywhere", "the max norm")

    def plain_norm(self, node: Norm) -> bool:
        """The 2-norm of a vector or the Frobenius norm (of anything)."""
        return node.p == "F" or (
            node.p == "2" and (self.ctx.is_vector(node.arg) or self.ctx.is_scalar(node.arg))
        )

    def d_Func(self, node: Func, G: Expr) -> None:
        name = node.name
        ctx = self.ctx
        if len(node.args) != 1:
            raise self.cannot(node, f"{name} of two arguments is not differentiable everywhere")
        u = node.args[0]
        if name in ELEMENTWISE:
            derivative, formula = self.elementwise_derivative(name, u, node)
            self.send(
                u,
                self.elementwise(derivative, u, G),
                f"chain rule through {name}",
                f"elementwise, {name}′(u) = {formula}",
            )
        elif name == "tr":
            self.send(u, _mul(G, IdentityMatrix()), "trace", "d tr(M) = tr(I dM)")
        elif name == "det":
            received = _mul(G, node, Transpose(Inverse(u)))
            self.send(u, received, "determinant", "d det(M) = det(M) tr(M⁻¹ dM) (Jacobi's formula)")
        elif name == "logdet":
            self.send(
                u, _mul(G, Transpose(Inverse(u))), "log-determinant", "d logdet(M) = tr(M⁻¹ dM)"
            )
        elif name in ("sum", "mean"):
            ones = Ones(u if not ctx.is_row(u) or not self.jacobian else Transpose(u))
            received = _mul(ones, G) if self.jacobian else _mul(G, ones)
            if name == "mean":
                size = self.simplify.size(u)
                if size is None:
                    raise self.cannot(node, "the mean over a symbolic number of entries")
                received = Div(received, _n(size))
            self.send(
                u, received, name, f"d {name}(M) = ⟨𝟙, dM⟩" + ("/size" if name == "mean" else "")
            )
        elif name == "logsumexp":
            gradient: Expr
            if ctx.is_column(u) or ctx.is_scalar(u):
                gradient = Func("softmax", (u,))
            else:
                gradient = Div(Func("exp", (u,)), Func("sum", (Func("exp", (u,)),)))
            self.send(u, _mul(gradient, G), "log-sum-exp", "∂ logsumexp(u)/∂u = softmax(u)")
        elif name == "softmax":
            if not ctx.is_column(u):
                raise self.cannot(node, "softmax is differentiated for column vectors")
            s = node
            if self.jacobian:
                received = _mul(Add((Func("diag", (s,)), Neg(_mul(s, Transpose(s))))), G)
            else:
                received = Add((Hadamard(s, G), Neg(_mul(s, _mul(Transpose(s), G)))))
            self.send(u, received, "softmax", "J = diag(s) − s sᵀ with s = softmax(u)")
        elif name == "diag" and not self.jacobian:
            # diag(I) of a vector's diag(u) is a column of ones shaped like u
            back = Ones(u) if isinstance(G, IdentityMatrix) and ctx.is_column(u) else None
            self.send(
                u,
                back if back is not None else Func("diag", (G,)),
                "diag",
                "the gradient of the diagonal is its diagonal",
            )
        elif name in ("max", "min"):
            raise self.cannot(node, f"a {name}imum is not differentiable everywhere")
        else:
            raise self.cannot(node, f"dlmath has no rule for {name} here")

    def elementwise_derivative(self, name: str, u: Expr, node: Expr) -> tuple[Expr, str]:
        one = _n(1)
        if name == "exp":
            return node, "exp(u)"
        if name == "log":
            return Div(one, u), "1/u"
        if name in ("log2", "log10"):
            base = _n(2 if name == "log2" else 10)
            return Div(one, _mul(Func("log", (base,)), u)), f"1/(u log {base.value})"
        if name == "sqrt":
            return Div(one, _mul(_n(2), node)), "1/(2 √u)"
        if name == "sin":
            return Func("cos", (u,)), "cos(u)"
        if name == "cos":
            return Neg(Func("sin", (u,))), "−sin(u)"
        if name == "tan":
            c = Func("cos", (u,))
            return Div(one, Hadamard(c, c)), "1/cos²(u)"
        if name == "tanh":
            return Add((one, Neg(Hadamard(node, node)))), "1 − tanh²(u)"
        if name == "sigmoid":
            return Hadamard(node, Add((one, Neg(node)))), "σ(u) (1 − σ(u))"
        if name == "cosh":
            return Func("sinh", (u,)), "sinh(u)"
        if name == "sinh":
            return Func("cosh", (u,)), "cosh(u)"
        if name == "sech":
            return Neg(Hadamard(node, Func("tanh", (u,)))), "−sech(u) tanh(u)"
        if name == "relu":
            return Func("step", (u,)), "step(u): 1 where u > 0, else 0"
        if name == "abs":
            return Func("sign", (u,)), "sign(u) (u ≠ 0)"
        if name in ("step", "sign"):
            return _n(0), f"{name}(u) is flat wherever it is differentiable"
        raise self.cannot(node, f"dlmath has no rule for {name}")

    def d_Matrix(self, node: Matrix, G: Expr) -> None:
        raise self.cannot(node, f"the entries of a matrix literal depend on {self.wrt}")

    def d_Kron(self, node: Kron, G: Expr) -> None:
        raise self.cannot(node, "dlmath has no rule for Kronecker products yet")


def _is_number(e: Expr, value: int) -> bool:
    return isinstance(e, Num) and e.value == value


def _integer(e: Expr) -> int | None:
    if isinstance(e, Neg) and isinstance(e.arg, Num):
        v = -e.arg.value
    elif isinstance(e, Num):
        v = e.value
    else:
        return None
    return int(v) if v.denominator == 1 else None
