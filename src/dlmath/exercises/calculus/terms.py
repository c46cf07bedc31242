"""Scalar formulas the calculus generators build, differentiate and write out.

The generators keep a small tree of their own (not SymPy, not the learner's parser) so
that generating an exercise is fast, the worked solution can name each rule as it is
applied, and the SymPy oracle of the tests stays an independent code path. Constructors
(``add``, ``mul``, ``power``, ``quotient``, ``call``) simplify as they build, so a
derivative reads the way a person would write it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from fractions import Fraction

FUNCTIONS = ("exp", "log", "sin", "cos", "tanh", "sigmoid")


class FormulaTree:
    """A node of a scalar formula."""

    def _cached_hash(self) -> int:
        """Trees are hashed often (like terms are collected by their hash): compute once."""
        try:
            return self.__dict__["_hash"]
        except KeyError:
            fields = tuple(getattr(self, f) for f in self.__dataclass_fields__)  # type: ignore[attr-defined]
            h = hash((type(self).__name__, fields))
            object.__setattr__(self, "_hash", h)
            return h

    def __add__(self, other: FormulaTree | int) -> FormulaTree:
        return add(self, lift(other))

    def __radd__(self, other: int) -> FormulaTree:
        return add(lift(other), self)

    def __sub__(self, other: FormulaTree | int) -> FormulaTree:
        return add(self, neg(lift(other)))

    def __rsub__(self, other: int) -> FormulaTree:
        return add(lift(other), neg(self))

    def __mul__(self, other: FormulaTree | int | Fraction) -> FormulaTree:
        return mul(self, lift(other))

    def __rmul__(self, other: int | Fraction) -> FormulaTree:
        return mul(lift(other), self)

    def __truediv__(self, other: FormulaTree | int) -> FormulaTree:
        return quotient(self, lift(other))

    def __neg__(self) -> FormulaTree:
        return neg(self)

    def __pow__(self, n: int) -> FormulaTree:
        return power(self, n)


@dataclass(frozen=True, eq=True)
class Rational(FormulaTree):
    __hash__ = FormulaTree._cached_hash
    value: Fraction


@dataclass(frozen=True, eq=True)
class Var(FormulaTree):
    __hash__ = FormulaTree._cached_hash
    name: str


@dataclass(frozen=True, eq=True)
class Sum(FormulaTree):
    __hash__ = FormulaTree._cached_hash
    terms: tuple[FormulaTree, ...]


@dataclass(frozen=True, eq=True)
class Product(FormulaTree):
    __hash__ = FormulaTree._cached_hash
    factors: tuple[FormulaTree, ...]  # a Rational coefficient, if any, comes first


@dataclass(frozen=True, eq=True)
class Power(FormulaTree):
    __hash__ = FormulaTree._cached_hash
    base: FormulaTree
    exponent: int  # at least 2


@dataclass(frozen=True, eq=True)
class Quotient(FormulaTree):
    __hash__ = FormulaTree._cached_hash
    num: FormulaTree
    den: FormulaTree


@dataclass(frozen=True, eq=True)
class Call(FormulaTree):
    __hash__ = FormulaTree._cached_hash
    func: str
    arg: FormulaTree


ZERO = Rational(Fraction(0))
ONE = Rational(Fraction(1))


def lift(value: FormulaTree | int | Fraction) -> FormulaTree:
    return value if isinstance(value, FormulaTree) else Rational(Fraction(value))


def num(value: int | Fraction) -> Rational:
    return Rational(Fraction(value))


def split_coefficient(t: FormulaTree) -> tuple[Fraction, FormulaTree | None]:
    """``3*x*y`` -> (3, x*y); a number -> (value, None)."""
    if isinstance(t, Rational):
        return t.value, None
    if isinstance(t, Product) and isinstance(t.factors[0], Rational):
        rest = t.factors[1:]
        return t.factors[0].value, rest[0] if len(rest) == 1 else Product(rest)
    return Fraction(1), t


def add(*terms: FormulaTree) -> FormulaTree:
    """A sum with like terms collected and zeros dropped; constants go last."""
    flat: list[FormulaTree] = []
    for t in terms:
        flat.extend(t.terms if isinstance(t, Sum) else (t,))
    constant = Fraction(0)
    collected: dict[FormulaTree, Fraction] = {}
    for t in flat:
        coef, rest = split_coefficient(t)
        if rest is None:
            constant += coef
        else:
            collected[rest] = collected.get(rest, Fraction(0)) + coef
    parts = [mul(Rational(c), rest) for rest, c in collected.items() if c != 0]
    if constant != 0:
        parts.append(Rational(constant))
    if not parts:
        return ZERO
    if split_coefficient(parts[0])[0] < 0:  # write 1 - s rather than -s + 1
        first_positive = next((p for p in parts if split_coefficient(p)[0] > 0), None)
        if first_positive is not None:
            parts.remove(first_positive)
            parts.insert(0, first_positive)
    return parts[0] if len(parts) == 1 else Sum(tuple(parts))


def _factor_rank(t: FormulaTree) -> tuple[int, str]:
    """Order of factors in a product: variables and their powers first, by name."""
    base = t.base if isinstance(t, Power) else t
    if isinstance(base, Var):
        return 0, base.name
    return 1, ""


def mul(*factors: FormulaTree) -> FormulaTree:
    """A product with the numbers multiplied out in front and equal bases merged."""
    flat: list[FormulaTree] = []
    for f in factors:
        flat.extend(f.factors if isinstance(f, Product) else (f,))
    quotients = [f for f in flat if isinstance(f, Quotient)]
    if quotients:
        top = mul(*[f.num if isinstance(f, Quotient) else f for f in flat])
        bottom = mul(*[f.den for f in quotients])
        return quotient(top, bottom)
    coef = Fraction(1)
    exponents: dict[FormulaTree, int] = {}
    for f in flat:
        if isinstance(f, Rational):
            coef *= f.value
            continue
        base, n = (f.base, f.exponent) if isinstance(f, Power) else (f, 1)
        exponents[base] = exponents.get(base, 0) + n
    if coef == 0:
        return ZERO
    rest = [power(b, n) for b, n in exponents.items()]
    rest.sort(key=_factor_rank)  # stable: other factors keep their order
    if not rest:
        return Rational(coef)
    if coef == 1 and len(rest) == 1:
        return rest[0]
    return Product(tuple(([] if coef == 1 else [Rational(coef)]) + rest))


def neg(t: FormulaTree) -> FormulaTree:
    return mul(Rational(Fraction(-1)), t)


def power(base: FormulaTree, n: int) -> FormulaTree:
    if n < 0:
        return quotient(ONE, power(base, -n))
    if n == 0:
        return ONE
    if n == 1:
        return base
    if isinstance(base, Rational):
        return Rational(base.value**n)
    if isinstance(base, Power):
        return power(base.base, base.exponent * n)
    if isinstance(base, Product):
        return mul(*[power(f, n) for f in base.factors])
    if isinstance(base, Quotient):
        return quotient(power(base.num, n), power(base.den, n))
    return Power(base, n)


def quotient(top: FormulaTree, bottom: FormulaTree) -> FormulaTree:
    if isinstance(bottom, Rational):
        if bottom.value == 0:
            raise ZeroDivisionError("division by the number 0")
        return mul(Rational(1 / bottom.value), top)
    if isinstance(top, Quotient):
        return quotient(top.num, mul(top.den, bottom))
    if isinstance(bottom, Quotient):
        return quotient(mul(top, bottom.den), bottom.num)
    if top == ZERO:
        return ZERO
    if top == bottom:
        return ONE
    cancelled = _cancel(top, bottom)
    if cancelled is not None:
        return cancelled
    coef, rest = split_coefficient(top)
    if rest is not None and coef != 1:  # keep numbers in front: 3*x/(x+1) -> 3*(x/(x+1))
        return Product((Rational(coef), Quotient(rest, bottom)))
    return Quotient(top, bottom)


def _powers(t: FormulaTree) -> tuple[Fraction, dict[FormulaTree, int]] | None:
    """A monomial-like term as (coefficient, base -> exponent); None for sums."""
    if isinstance(t, Sum | Quotient):
        return None
    coef, rest = split_coefficient(t)
    factors = () if rest is None else rest.factors if isinstance(rest, Product) else (rest,)
    out: dict[FormulaTree, int] = {}
    for f in factors:
        if isinstance(f, Sum | Quotient):
            return None
        base, n = (f.base, f.exponent) if isinstance(f, Power) else (f, 1)
        out[base] = out.get(base, 0) + n
    return coef, out


def _cancel(top: FormulaTree, bottom: FormulaTree) -> FormulaTree | None:
    """x^3*y/x -> x^2*y: cancel common factors of two monomials, else None."""
    a, b = _powers(top), _powers(bottom)
    if a is None or b is None or not set(a[1]) & set(b[1]):
        return None
    up, down = dict(a[1]), dict(b[1])
    for base in set(up) & set(down):
        common = min(up[base], down[base])
        up[base] -= common
        down[base] -= common
    numerator = mul(Rational(a[0] / b[0]), *[power(k, n) for k, n in up.items()])
    denominator = mul(*[power(k, n) for k, n in down.items()])
    return quotient(numerator, denominator)


def call(func: str, arg: FormulaTree) -> FormulaTree:
    if func not in FUNCTIONS:
        raise ValueError(f"unknown function {func}")
    return Call(func, arg)


@functools.lru_cache(maxsize=4096)
def variable_names(t: FormulaTree) -> frozenset[str]:
    if isinstance(t, Var):
        return frozenset((t.name,))
    return frozenset().union(*[variable_names(c) for c in children(t)])


def children(t: FormulaTree) -> tuple[FormulaTree, ...]:
    if isinstance(t, Sum):
        return t.terms
    if isinstance(t, Product):
        return t.factors
    if isinstance(t, Power):
        return (t.base,)
    if isinstance(t, Quotient):
        return (t.num, t.den)
    if isinstance(t, Call):
        return (t.arg,)
    return ()


def depends(t: FormulaTree, name: str) -> bool:
    return name in variable_names(t)


def substitute(t: FormulaTree, values: dict[str, FormulaTree]) -> FormulaTree:
    """``t`` with each named variable replaced (rebuilt through the constructors)."""
    if isinstance(t, Var):
        return values.get(t.name, t)
    if isinstance(t, Rational):
        return t
    if isinstance(t, Sum):
        return add(*[substitute(c, values) for c in t.terms])
    if isinstance(t, Product):
        return mul(*[substitute(c, values) for c in t.factors])
    if isinstance(t, Power):
        return power(substitute(t.base, values), t.exponent)
    if isinstance(t, Quotient):
        return quotient(substitute(t.num, values), substitute(t.den, values))
    assert isinstance(t, Call)
    return call(t.func, substitute(t.arg, values))
