"""Simplification of derived expressions into the forms a textbook prints.

Derivation produces raw adjoints such as ``Aᵀ (1 I) Bᵀ``; this module rewrites them:
no multiplications by I or 1, no adding 0, transposes pushed to the leaves
((A B)ᵀ -> Bᵀ Aᵀ, (Aᵀ)ᵀ -> A), like terms collected (``A x + A x`` -> ``2 A x``,
``A x + Aᵀ x`` -> ``(A + Aᵀ) x``), scalar factors gathered in front, quotients of
equal factors cancelled, and the assumptions used (``symmetric``/``spd``: Aᵀ = A;
``probability``/``one-hot``: sum(y) = 1).

Simplification only has to keep values: every derivative is checked numerically
afterwards, independently of this module.

The normal form of a product is a ``Summand``: a rational coefficient, a monomial of
scalar (1×1) factors with integer exponents, and a chain of non-scalar factors
multiplied as matrices. A 1×1 factor commutes with everything, so gathering the
scalars in front never changes a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import cast

from dlmath.derivatives.context import Context, Ones
from dlmath.expr.nodes import (
    ELEMENTWISE,
    Add,
    Div,
    Expr,
    Func,
    Hadamard,
    IdentityMatrix,
    Inverse,
    Matrix,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    Transpose,
)
from dlmath.expr.render import to_text
from dlmath.expr.shapes import Free

ONE = Fraction(1)


@dataclass
class Summand:
    """coef × ∏ base^exponent × (chain[0] chain[1] ...)."""

    coef: Fraction = ONE
    scalars: dict[Expr, Fraction] = field(default_factory=dict)
    chain: list[Expr] = field(default_factory=list)

    def key(self) -> tuple:
        return (frozenset(self.scalars.items()), tuple(self.chain))


class Simplifier:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.memo: dict[Expr, Expr] = {}

    # ---- entry ------------------------------------------------------------------

    def __call__(self, e: Expr) -> Expr:
        done = self.memo.get(e)
        if done is not None:
            return done
        inner = e.map_children(self)
        method = getattr(self, "s_" + type(inner).__name__, None)
        out = method(inner) if method else inner
        self.memo[e] = out
        self.memo[out] = out
        return out

    # ---- node rules ---------------------------------------------------------------

    def s_Neg(self, e: Neg) -> Expr:
        if isinstance(e.arg, Add):
            return self.s_Add(Add(tuple(self(Neg(t)) for t in e.arg.terms)))
        return self.build(self.term(e))

    def s_Mul(self, e: Mul) -> Expr:
        return self.build(self.term(e))

    def s_Pow(self, e: Pow) -> Expr:
        if self.ctx.is_scalar(e.base):
            return self.build(self.term(e))
        if isinstance(e.exponent, Num) and e.exponent.value == 0:
            return IdentityMatrix()
        if isinstance(e.exponent, Num) and e.exponent.value == 1:
            return e.base
        return e

    def s_Div(self, e: Div) -> Expr:
        if self.ctx.is_scalar(e.den):
            return self.build(self.term(e))
        return self.elementwise(e)

    def s_Hadamard(self, e: Hadamard) -> Expr:
        return self.elementwise(e)

    def s_Transpose(self, e: Transpose) -> Expr:
        return self.transpose(e.arg)

    def s_Inverse(self, e: Inverse) -> Expr:
        a = e.arg
        if self.ctx.is_scalar(a):
            return self.build(self.reciprocal(self.term(a)))
        if isinstance(a, Inverse):
            return a.arg
        if isinstance(a, IdentityMatrix):
            return a
        if isinstance(a, Transpose):
            return self.transpose(Inverse(a.arg))
        return e

    def s_Add(self, e: Add) -> Expr:
        flat: list[Expr] = []
        for t in e.terms:
            flat.extend(t.terms if isinstance(t, Add) else [t])
        collected: dict[tuple, Summand] = {}
        for t in flat:
            term = self.term(t)
            if term.coef == 0:
                continue
            if term.chain and self.ctx.is_scalar(self.chain_expr(term.chain)):
                term = self.as_scalar(term)
            k = term.key()
            if k in collected:
                collected[k].coef += term.coef
            else:
                collected[k] = term
        terms = [t for t in collected.values() if t.coef != 0]
        terms = self.factor_common(terms)
        if not terms:
            return Num(Fraction(0))
        built = [self.build(t) for t in terms]
        order = sorted(range(len(built)), key=lambda i: (terms[i].coef < 0, _transposes(built[i])))
        built = [built[i] for i in order]
        return built[0] if len(built) == 1 else Add(tuple(built))

    def s_Func(self, e: Func) -> Expr:
        name, a = e.name, e.args[0]
        if name in ("tr", "sum", "det", "logdet") and self.ctx.is_scalar(a):
            return a if name != "logdet" else Func("log", (a,))
        if name in ("tr", "sum", "logdet", "det") and isinstance(a, Transpose):
            return self.s_Func(Func(name, (a.arg,)))
        if name in ("tr", "sum"):
            t = self.term(a)
            if t.chain and (t.coef != 1 or t.scalars):
                core = self.s_Func(Func(name, (self.chain_expr(t.chain),)))
                return self.build(self.times(Summand(t.coef, dict(t.scalars)), self.term(core)))
        if name == "sum":
            if isinstance(a, Ones):
                size = self.size(a)
                if size is not None:
                    return Num(Fraction(size))
            if isinstance(a, Sym) and self.ctx.sums_to_one(a.name):
                return Num(ONE)
        return e

    # ---- products -----------------------------------------------------------------

    def term(self, e: Expr) -> Summand:
        """The normal form of a simplified expression as a product."""
        if isinstance(e, Num):
            return Summand(e.value)
        if isinstance(e, Neg):
            t = self.term(e.arg)
            return Summand(-t.coef, dict(t.scalars), list(t.chain))
        if isinstance(e, Mul):
            acc = Summand()
            for f in e.factors:
                acc = self.times(acc, self.term(f))
            return acc
        if isinstance(e, Div) and self.ctx.is_scalar(e.den):
            return self.times(self.term(e.num), self.reciprocal(self.term(e.den)))
        if isinstance(e, Pow) and self.ctx.is_scalar(e.base) and isinstance(e.exponent, Num):
            return self.power(self.term(e.base), e.exponent.value, e)
        if isinstance(e, IdentityMatrix):
            return Summand(chain=[e])
        if self.ctx.is_scalar(e):
            return Summand(scalars={e: ONE})
        return Summand(chain=[e])

    def times(self, a: Summand, b: Summand) -> Summand:
        """The product of two terms; a 1×1 chain that cannot join becomes a scalar."""
        coef = a.coef * b.coef
        scalars = dict(a.scalars)
        for base, k in b.scalars.items():
            scalars[base] = scalars.get(base, Fraction(0)) + k
            if scalars[base] == 0:
                del scalars[base]
        left, right = a.chain, b.chain
        if not left or not right:
            chain = self.join(left, right) if (left or right) else []
            return _absorb_numbers(Summand(coef, scalars, chain))
        ctx = self.ctx
        left_scalar = ctx.is_scalar(self.chain_expr(left))
        right_scalar = ctx.is_scalar(self.chain_expr(right))
        if not (left_scalar or right_scalar) and self.conformable(left, right):
            return _absorb_numbers(Summand(coef, scalars, self.join(left, right)))
        if left_scalar:
            moved, chain = left, right
        elif right_scalar:
            moved, chain = right, left
        else:
            raise ValueError("non-conformable product in a derived expression")
        base = self.scalar_chain(moved)
        scalars[base] = scalars.get(base, Fraction(0)) + 1
        return _absorb_numbers(Summand(coef, scalars, list(chain)))

    def reciprocal(self, t: Summand) -> Summand:
        t = self.as_scalar(t)
        if t.coef == 0:
            raise ZeroDivisionError("division by zero in a derived expression")
        return Summand(1 / t.coef, {b: -k for b, k in t.scalars.items()})

    def power(self, t: Summand, k: Fraction, original: Expr) -> Summand:
        t = self.as_scalar(t)
        if k.denominator == 1:
            if t.coef == 0 and k < 0:
                return Summand(scalars={original: ONE})
            return Summand(cast(Fraction, t.coef**k), {b: e * k for b, e in t.scalars.items()})
        if t.coef == 1 and len(t.scalars) == 1:
            ((base, e),) = t.scalars.items()
            if e == 1:
                return Summand(scalars={base: k})
        return Summand(scalars={original: ONE})

    def as_scalar(self, t: Summand) -> Summand:
        """A 1×1 chain (``aᵀ x``) becomes one scalar factor."""
        if not t.chain:
            return t
        scalars = dict(t.scalars)
        base = self.scalar_chain(t.chain)
        scalars[base] = scalars.get(base, Fraction(0)) + 1
        return Summand(t.coef, scalars)

    def scalar_chain(self, chain: list[Expr]) -> Expr:
        """A 1×1 product equals its transpose: ``xᵀ a`` and ``aᵀ x`` are one factor,
        spelled with fewer transposes (then alphabetically)."""
        here = self.chain_expr(chain)
        if len(chain) < 2:
            return here
        flipped = self.chain_expr([self.transpose(f) for f in reversed(chain)])
        return min(here, flipped, key=lambda e: (_transposes(e), _text(e)))

    def chain_expr(self, chain: list[Expr]) -> Expr:
        return chain[0] if len(chain) == 1 else Mul(tuple(chain))

    def join(self, left: list[Expr], right: list[Expr]) -> list[Expr]:
        """The matrix product of two chains, tidied at the junction."""
        out = list(left)
        for f in right:
            out = self.push(out, f)
        non_identity = [f for f in out if not isinstance(f, IdentityMatrix)]
        return non_identity or out[:1]

    def push(self, chain: list[Expr], f: Expr) -> list[Expr]:
        if not chain:
            return [f]
        last = chain[-1]
        if isinstance(f, IdentityMatrix):
            return chain
        if isinstance(last, IdentityMatrix):
            return self.push(chain[:-1], f) if len(chain) > 1 else [f]
        if _cancels(last, f):
            rest = chain[:-1]
            return rest or [IdentityMatrix()]
        merged = _merge_powers(last, f)
        if merged is not None:
            return [*chain[:-1], merged]
        if (
            isinstance(last, Func)
            and last.name == "diag"
            and self.ctx.is_column(last.args[0])
            and self.ctx.is_column(f)
        ):
            return [*chain[:-1], self.elementwise(Hadamard(last.args[0], f))]
        return [*chain, f]

    def conformable(self, left: list[Expr], right: list[Expr]) -> bool:
        a = self.ctx.shape(self.chain_expr(left)).cols
        b = self.ctx.shape(self.chain_expr(right)).rows
        return a == b or isinstance(a, Free) or isinstance(b, Free)

    def build(self, t: Summand) -> Expr:
        """The expression of a term: coefficient, scalar factors, then the chain."""
        if t.coef == 0:
            return Num(Fraction(0))
        t = self.fold_softmax(t)
        numerator: list[Expr] = []
        denominator: list[Expr] = []
        for base, k in sorted(t.scalars.items(), key=lambda item: _order(item[0])):
            if k == 0 or (isinstance(base, Num) and base.value == 1):
                continue
            target = numerator if k > 0 else denominator
            power = abs(k)
            target.append(base if power == 1 else Pow(base, Num(power)))
        coef = abs(t.coef)
        if coef.numerator != 1:
            numerator.insert(0, Num(Fraction(coef.numerator)))
        if coef.denominator != 1:
            denominator.insert(0, Num(Fraction(coef.denominator)))
        if not t.chain and len(numerator) > 1 and isinstance(numerator[-1], Mul):
            numerator[-1:] = numerator[-1].factors  # 2 (aᵀ x) reads as 2 aᵀ x
        numerator.extend(t.chain)
        if not numerator:
            numerator = [Num(ONE)]
        out: Expr = numerator[0] if len(numerator) == 1 else Mul(tuple(numerator))
        if denominator:
            den = denominator[0] if len(denominator) == 1 else Mul(tuple(denominator))
            out = Div(out, den)
        return Neg(out) if t.coef < 0 else out

    def fold_softmax(self, t: Summand) -> Summand:
        """exp(u)/sum(exp(u)) -> softmax(u) for a column u."""
        for base, k in t.scalars.items():
            if k != -1 or not (isinstance(base, Func) and base.name == "sum"):
                continue
            inner = base.args[0]
            if not (isinstance(inner, Func) and inner.name == "exp"):
                continue
            if not self.ctx.is_column(inner.args[0]) or inner not in t.chain:
                continue
            soft = Func("softmax", inner.args)
            chain = [soft if f == inner else f for f in t.chain]
            scalars = {b: e for b, e in t.scalars.items() if b != base}
            return Summand(t.coef, scalars, chain)
        return t

    # ---- elementwise products and quotients ---------------------------------------

    def elementwise(self, e: Expr) -> Expr:
        scalar = Summand()
        bases: dict[Expr, int] = {}
        self.collect_elementwise(e, 1, scalar, bases)
        fold = self.fold_softmax_elementwise(scalar, bases)
        if fold is not None:
            scalar, bases = fold
        top = [b for b, k in bases.items() for _ in range(k) if k > 0]
        bottom = [b for b, k in bases.items() for _ in range(-k) if k < 0]
        if not top and not bottom:
            core: Expr = Ones(e)
        else:
            core = _hadamard(top) if top else Num(ONE)
            if bottom:
                core = Div(core, _hadamard(bottom))
        scalar.chain = [core]
        return self.build(scalar)

    def collect_elementwise(self, e: Expr, sign: int, scalar: Summand, bases: dict[Expr, int]):
        if isinstance(e, Hadamard):
            self.collect_elementwise(e.left, sign, scalar, bases)
            self.collect_elementwise(e.right, sign, scalar, bases)
            return
        if isinstance(e, Div) and not self.ctx.is_scalar(e.den):
            self.collect_elementwise(e.num, sign, scalar, bases)
            self.collect_elementwise(e.den, -sign, scalar, bases)
            return
        if isinstance(e, Ones):
            return
        t = self.term(e)
        if len(t.chain) == 1 and isinstance(t.chain[0], Hadamard | Div):
            inner = t.chain[0]
            t = Summand(t.coef, dict(t.scalars))
            self.collect_elementwise(inner, sign, scalar, bases)
        part = t if sign > 0 else self.reciprocal(Summand(t.coef, dict(t.scalars)))
        scalar.coef *= part.coef
        for b, k in part.scalars.items():
            scalar.scalars[b] = scalar.scalars.get(b, Fraction(0)) + k
            if scalar.scalars[b] == 0:
                del scalar.scalars[b]
        if t.chain:
            base = self.chain_expr(t.chain)
            if not isinstance(base, Ones):
                bases[base] = bases.get(base, 0) + sign
                if bases[base] == 0:
                    del bases[base]

    def fold_softmax_elementwise(self, scalar: Summand, bases: dict[Expr, int]):
        for base, k in scalar.scalars.items():
            if k != -1 or not (isinstance(base, Func) and base.name == "sum"):
                continue
            inner = base.args[0]
            if bases.get(inner, 0) >= 1 and isinstance(inner, Func) and inner.name == "exp":
                if not self.ctx.is_column(inner.args[0]):
                    continue
                new_bases = dict(bases)
                new_bases[inner] -= 1
                if new_bases[inner] == 0:
                    del new_bases[inner]
                soft = Func("softmax", inner.args)
                new_bases[soft] = new_bases.get(soft, 0) + 1
                scalars = {b: e for b, e in scalar.scalars.items() if b != base}
                return Summand(scalar.coef, scalars), new_bases
        return None

    # ---- transposes -----------------------------------------------------------------

    def transpose(self, a: Expr) -> Expr:
        """aᵀ with the transpose pushed to the leaves."""
        ctx = self.ctx
        if isinstance(a, Num | IdentityMatrix) or ctx.is_scalar(a):
            return a
        if isinstance(a, Transpose):
            return a.arg
        if isinstance(a, Sym):
            return a if ctx.symmetric(a.name) else Transpose(a)
        if isinstance(a, Ones):
            return Ones(Transpose(a.like))
        if isinstance(a, Neg):
            return self(Neg(self.transpose(a.arg)))
        if isinstance(a, Add):
            return self.s_Add(Add(tuple(self.transpose(t) for t in a.terms)))
        if isinstance(a, Mul):
            t = self.term(a)
            chain = [self.transpose(f) for f in reversed(t.chain)]
            return self.build(Summand(t.coef, dict(t.scalars), chain))
        if isinstance(a, Div):
            if ctx.is_scalar(a.den):
                return self(Div(self.transpose(a.num), a.den))
            return self(Div(self.transpose(a.num), self.transpose(a.den)))
        if isinstance(a, Hadamard):
            return self(Hadamard(self.transpose(a.left), self.transpose(a.right)))
        if isinstance(a, Inverse):
            inner = self.transpose(a.arg)
            if inner == a.arg:  # symmetric
                return a
            return Transpose(a)
        if isinstance(a, Pow):
            return Pow(self.transpose(a.base), a.exponent)
        if isinstance(a, Func):
            if a.name in ELEMENTWISE:
                return Func(a.name, (self.transpose(a.args[0]),))
            if a.name == "diag" and ctx.is_vector(a.args[0]):
                return a
        if isinstance(a, Matrix):
            return Matrix(tuple(zip(*a.rows, strict=True)))
        return Transpose(a)

    # ---- sums -------------------------------------------------------------------------

    def factor_common(self, terms: list[Summand]) -> list[Summand]:
        """``A x + B x`` -> ``(A + B) x`` and ``xᵀ A + xᵀ B`` -> ``xᵀ (A + B)``."""
        for side in (-1, 0):
            groups: dict[Expr, list[int]] = {}
            for i, t in enumerate(terms):
                if len(t.chain) >= 2:
                    groups.setdefault(t.chain[side], []).append(i)
            for common, members in groups.items():
                if len(members) < 2:
                    continue
                first = terms[members[0]]
                same_scalars = all(terms[i].scalars == first.scalars for i in members)
                same_coef = all(terms[i].coef == first.coef for i in members)
                outer = Summand(first.coef if same_coef else ONE)
                if same_scalars:
                    outer.scalars = dict(first.scalars)
                parts = []
                for i in members:
                    t = terms[i]
                    rest = t.chain[:-1] if side == -1 else t.chain[1:]
                    scalars = {} if same_scalars else dict(t.scalars)
                    parts.append(self.build(Summand(t.coef / outer.coef, scalars, list(rest))))
                inner = self.s_Add(Add(tuple(parts)))
                chain = [inner, common] if side == -1 else [common, inner]
                merged = self.times(outer, self.term(self(Mul(tuple(chain)))))
                kept = [t for i, t in enumerate(terms) if i not in members]
                return self.factor_common([*kept, merged])
        return terms

    # ---- sizes ------------------------------------------------------------------------

    def size(self, e: Expr) -> int | None:
        s = self.ctx.shape(e)
        if isinstance(s.rows, int) and isinstance(s.cols, int):
            return s.rows * s.cols
        return None


def _absorb_numbers(t: Summand) -> Summand:
    """Numeric scalar factors go into the coefficient."""
    for b in [b for b in t.scalars if isinstance(b, Num)]:
        k = t.scalars.pop(b)
        if k.denominator == 1 and (b.value != 0 or k > 0):
            t.coef *= b.value ** int(k)
        else:
            t.scalars[b] = k
    return t


def _cancels(a: Expr, b: Expr) -> bool:
    """M M⁻¹, M⁻¹ M, Mᵀ M⁻ᵀ and M⁻ᵀ Mᵀ are I."""
    for x, y in ((a, b), (b, a)):
        if isinstance(y, Inverse) and y.arg == x:
            return True
        if (
            isinstance(y, Transpose)
            and isinstance(y.arg, Inverse)
            and isinstance(x, Transpose)
            and x.arg == y.arg.arg
        ):
            return True
    return False


def _merge_powers(a: Expr, b: Expr) -> Expr | None:
    """M M -> M², M² M -> M³, M^j M^k -> M^(j+k) (integer powers)."""

    def split(e: Expr) -> tuple[Expr, Fraction]:
        if isinstance(e, Pow) and isinstance(e.exponent, Num) and e.exponent.value > 0:
            return e.base, e.exponent.value
        return e, ONE

    (base_a, j), (base_b, k) = split(a), split(b)
    if base_a != base_b or isinstance(base_a, IdentityMatrix | Ones):
        return None
    return Pow(base_a, Num(j + k))


def _hadamard(items: list[Expr]) -> Expr:
    out = items[0]
    for x in items[1:]:
        out = Hadamard(out, x)
    return out


def _transposes(e: Expr) -> int:
    return sum(1 for n in e.walk() if isinstance(n, Transpose))


def _order(e: Expr) -> tuple[int, str]:
    """Scalar factors in front: simple names and functions first, products last."""
    return (1 if isinstance(e, Mul | Add) else 0, _text(e))


def _text(e: Expr) -> str:
    try:
        return to_text(e)
    except AttributeError:  # an internal node
        return repr(e)


def simplify(e: Expr, ctx: Context) -> Expr:
    return Simplifier(ctx)(e)


def present(e: Expr) -> Expr:
    """Signs on the first factor, ``−2 (x − y)`` rather than ``−(2 (x − y))``; later terms
    of a sum keep their ``Neg`` (a sum prints them with ``−``)."""

    def visit(node: Expr, later_term: bool) -> Expr:
        if isinstance(node, Add):
            return Add(tuple(visit(t, k > 0) for k, t in enumerate(node.terms)))
        if isinstance(node, Neg):
            inner = visit(node.arg, False)
            if not later_term:
                signed = _sign_first(inner)
                if signed is not None:
                    return signed
            return Neg(inner)
        return node.map_children(lambda c: visit(c, False))

    return visit(e, False)


def _sign_first(e: Expr) -> Expr | None:
    if isinstance(e, Num):
        return Num(-e.value)
    if isinstance(e, Mul):
        first = e.factors[0]
        signed = Num(-first.value) if isinstance(first, Num) else Neg(first)
        return Mul((signed, *e.factors[1:]))
    if isinstance(e, Div):
        num = _sign_first(e.num)
        return Div(num if num is not None else Neg(e.num), e.den)
    return None
