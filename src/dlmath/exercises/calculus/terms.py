"""Scalar formulas the calculus generators build, differentiate and write out.

The generators keep a small tree of their own (not SymPy, not the learner's parser) so
that generating an exercise is fast, the worked solution can name each rule as it is
applied, and the SymPy oracle of the tests stays an independent code path. Constructors
(``add``, ``mul``, ``power``, ``quotient``, ``call``) simplify as they build, so a
derivative reads the way a person would write it.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from dlmath.expr.literals import format_number

FUNCTIONS = ("exp", "log", "sin", "cos", "tanh", "sigmoid")


class Term:
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

    def __add__(self, other: Term | int) -> Term:
        return add(self, lift(other))

    def __radd__(self, other: int) -> Term:
        return add(lift(other), self)

    def __sub__(self, other: Term | int) -> Term:
        return add(self, neg(lift(other)))

    def __rsub__(self, other: int) -> Term:
        return add(lift(other), neg(self))

    def __mul__(self, other: Term | int | Fraction) -> Term:
        return mul(self, lift(other))

    def __rmul__(self, other: int | Fraction) -> Term:
        return mul(lift(other), self)

    def __truediv__(self, other: Term | int) -> Term:
        return quotient(self, lift(other))

    def __neg__(self) -> Term:
        return neg(self)

    def __pow__(self, n: int) -> Term:
        return power(self, n)


@dataclass(frozen=True, eq=True)
class Num(Term):
    __hash__ = Term._cached_hash
    value: Fraction


@dataclass(frozen=True, eq=True)
class Var(Term):
    __hash__ = Term._cached_hash
    name: str


@dataclass(frozen=True, eq=True)
class Sum(Term):
    __hash__ = Term._cached_hash
    terms: tuple[Term, ...]


@dataclass(frozen=True, eq=True)
class Product(Term):
    __hash__ = Term._cached_hash
    factors: tuple[Term, ...]  # a Num coefficient, if any, comes first


@dataclass(frozen=True, eq=True)
class Power(Term):
    __hash__ = Term._cached_hash
    base: Term
    exponent: int  # at least 2


@dataclass(frozen=True, eq=True)
class Quotient(Term):
    __hash__ = Term._cached_hash
    num: Term
    den: Term


@dataclass(frozen=True, eq=True)
class Call(Term):
    __hash__ = Term._cached_hash
    func: str
    arg: Term


ZERO = Num(Fraction(0))
ONE = Num(Fraction(1))


def lift(value: Term | int | Fraction) -> Term:
    return value if isinstance(value, Term) else Num(Fraction(value))


def num(value: int | Fraction) -> Num:
    return Num(Fraction(value))


def split_coefficient(t: Term) -> tuple[Fraction, Term | None]:
    """``3*x*y`` -> (3, x*y); a number -> (value, None)."""
    if isinstance(t, Num):
        return t.value, None
    if isinstance(t, Product) and isinstance(t.factors[0], Num):
        rest = t.factors[1:]
        return t.factors[0].value, rest[0] if len(rest) == 1 else Product(rest)
    return Fraction(1), t


def add(*terms: Term) -> Term:
    """A sum with like terms collected and zeros dropped; constants go last."""
    flat: list[Term] = []
    for t in terms:
        flat.extend(t.terms if isinstance(t, Sum) else (t,))
    constant = Fraction(0)
    collected: dict[Term, Fraction] = {}
    for t in flat:
        coef, rest = split_coefficient(t)
        if rest is None:
            constant += coef
        else:
            collected[rest] = collected.get(rest, Fraction(0)) + coef
    parts = [mul(Num(c), rest) for rest, c in collected.items() if c != 0]
    if constant != 0:
        parts.append(Num(constant))
    if not parts:
        return ZERO
    if split_coefficient(parts[0])[0] < 0:  # write 1 - s rather than -s + 1
        first_positive = next((p for p in parts if split_coefficient(p)[0] > 0), None)
        if first_positive is not None:
            parts.remove(first_positive)
            parts.insert(0, first_positive)
    return parts[0] if len(parts) == 1 else Sum(tuple(parts))


def _factor_rank(t: Term) -> tuple[int, str]:
    """Order of factors in a product: variables and their powers first, by name."""
    base = t.base if isinstance(t, Power) else t
    if isinstance(base, Var):
        return 0, base.name
    return 1, ""


def mul(*factors: Term) -> Term:
    """A product with the numbers multiplied out in front and equal bases merged."""
    flat: list[Term] = []
    for f in factors:
        flat.extend(f.factors if isinstance(f, Product) else (f,))
    quotients = [f for f in flat if isinstance(f, Quotient)]
    if quotients:
        top = mul(*[f.num if isinstance(f, Quotient) else f for f in flat])
        bottom = mul(*[f.den for f in quotients])
        return quotient(top, bottom)
    coef = Fraction(1)
    exponents: dict[Term, int] = {}
    for f in flat:
        if isinstance(f, Num):
            coef *= f.value
            continue
        base, n = (f.base, f.exponent) if isinstance(f, Power) else (f, 1)
        exponents[base] = exponents.get(base, 0) + n
    if coef == 0:
        return ZERO
    rest = [power(b, n) for b, n in exponents.items()]
    rest.sort(key=_factor_rank)  # stable: other factors keep their order
    if not rest:
        return Num(coef)
    if coef == 1 and len(rest) == 1:
        return rest[0]
    return Product(tuple(([] if coef == 1 else [Num(coef)]) + rest))


def neg(t: Term) -> Term:
    return mul(Num(Fraction(-1)), t)


def power(base: Term, n: int) -> Term:
    if n < 0:
        return quotient(ONE, power(base, -n))
    if n == 0:
        return ONE
    if n == 1:
        return base
    if isinstance(base, Num):
        return Num(base.value**n)
    if isinstance(base, Power):
        return power(base.base, base.exponent * n)
    if isinstance(base, Product):
        return mul(*[power(f, n) for f in base.factors])
    if isinstance(base, Quotient):
        return quotient(power(base.num, n), power(base.den, n))
    return Power(base, n)


def quotient(top: Term, bottom: Term) -> Term:
    if isinstance(bottom, Num):
        if bottom.value == 0:
            raise ZeroDivisionError("division by the number 0")
        return mul(Num(1 / bottom.value), top)
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
        return Product((Num(coef), Quotient(rest, bottom)))
    return Quotient(top, bottom)


def _powers(t: Term) -> tuple[Fraction, dict[Term, int]] | None:
    """A monomial-like term as (coefficient, base -> exponent); None for sums."""
    if isinstance(t, Sum | Quotient):
        return None
    coef, rest = split_coefficient(t)
    factors = () if rest is None else rest.factors if isinstance(rest, Product) else (rest,)
    out: dict[Term, int] = {}
    for f in factors:
        if isinstance(f, Sum | Quotient):
            return None
        base, n = (f.base, f.exponent) if isinstance(f, Power) else (f, 1)
        out[base] = out.get(base, 0) + n
    return coef, out


def _cancel(top: Term, bottom: Term) -> Term | None:
    """x^3*y/x -> x^2*y: cancel common factors of two monomials, else None."""
    a, b = _powers(top), _powers(bottom)
    if a is None or b is None or not set(a[1]) & set(b[1]):
        return None
    up, down = dict(a[1]), dict(b[1])
    for base in set(up) & set(down):
        common = min(up[base], down[base])
        up[base] -= common
        down[base] -= common
    numerator = mul(Num(a[0] / b[0]), *[power(k, n) for k, n in up.items()])
    denominator = mul(*[power(k, n) for k, n in down.items()])
    return quotient(numerator, denominator)


def call(func: str, arg: Term) -> Term:
    if func not in FUNCTIONS:
        raise ValueError(f"unknown function {func}")
    return Call(func, arg)


@functools.lru_cache(maxsize=4096)
def variable_names(t: Term) -> frozenset[str]:
    if isinstance(t, Var):
        return frozenset((t.name,))
    return frozenset().union(*[variable_names(c) for c in children(t)])


def children(t: Term) -> tuple[Term, ...]:
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


def depends(t: Term, name: str) -> bool:
    return name in variable_names(t)


def substitute(t: Term, values: dict[str, Term]) -> Term:
    """``t`` with each named variable replaced (rebuilt through the constructors)."""
    if isinstance(t, Var):
        return values.get(t.name, t)
    if isinstance(t, Num):
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


# -- derivatives --------------------------------------------------------------------


def outer_derivative(func: str, arg: Term) -> Term:
    """f'(arg) for the functions of the input language."""
    if func == "exp":
        return call("exp", arg)
    if func == "log":
        return quotient(ONE, arg)
    if func == "sin":
        return call("cos", arg)
    if func == "cos":
        return neg(call("sin", arg))
    if func == "tanh":
        return add(ONE, neg(power(call("tanh", arg), 2)))
    assert func == "sigmoid"
    s = call("sigmoid", arg)
    return mul(s, add(ONE, neg(s)))


OUTER_RULES = {
    "exp": r"\frac{d}{du} e^{u} = e^{u}",
    "log": r"\frac{d}{du} \log u = \frac{1}{u}",
    "sin": r"\frac{d}{du} \sin u = \cos u",
    "cos": r"\frac{d}{du} \cos u = -\sin u",
    "tanh": r"\frac{d}{du} \tanh u = 1 - \tanh^2 u",
    "sigmoid": r"\frac{d}{du} \sigma(u) = \sigma(u)\,(1 - \sigma(u))",
}


PLAIN_RULES = {
    "exp": "d/du exp(u) = exp(u)",
    "log": "d/du log(u) = 1/u",
    "sin": "d/du sin(u) = cos(u)",
    "cos": "d/du cos(u) = -sin(u)",
    "tanh": "d/du tanh(u) = 1 - tanh(u)²",
    "sigmoid": "d/du σ(u) = σ(u)·(1 - σ(u))",
}


class Steps:
    """The rules a derivative applied, in order (no repeats): Markdown lines for the
    solution, and the same in plain Unicode for hints shown in a terminal."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.plain: list[str] = []

    def note(self, line: str, plain: str) -> None:
        if line not in self.lines:
            self.lines.append(line)
            self.plain.append(plain)


def derivative(
    t: Term, name: str, steps: Steps | None = None, *, mistake: str | None = None
) -> Term:
    """d t / d name, noting each rule in ``steps``.

    ``mistake`` computes a typical wrong derivative instead: ``"no-chain"`` forgets the
    inner derivative of the chain rule, ``"keep-exponent"`` writes n x^n for x^n.
    """
    if not depends(t, name):
        return ZERO
    if isinstance(t, Var):
        return ONE
    d = lambda c: derivative(c, name, steps, mistake=mistake)  # noqa: E731
    tex = lambda c: to_latex(c)  # noqa: E731
    if isinstance(t, Sum):
        if steps:
            steps.note("Sum rule: differentiate term by term.", "Sum rule: term by term.")
        return add(*[d(c) for c in t.terms])
    if isinstance(t, Product):
        varying = [f for f in t.factors if depends(f, name)]
        constant = [f for f in t.factors if not depends(f, name)]
        if len(varying) == 1:
            return mul(*constant, d(varying[0]))
        if steps:
            factors = r" \cdot ".join(f"\\left({tex(f)}\\right)" for f in varying)
            plain = "·".join(f"({to_unicode(f)})" for f in varying)
            steps.note(
                f"Product rule on ${factors}$: $(uv)' = u'v + uv'$.",
                f"Product rule on {plain}: (uv)' = u'v + uv'.",
            )
        terms = []
        for i, f in enumerate(varying):
            others = varying[:i] + varying[i + 1 :]
            terms.append(mul(*constant, d(f), *others))
        return add(*terms)
    if isinstance(t, Power):
        n, base = t.exponent, t.base
        outer = mul(num(n), power(base, n - 1 if mistake != "keep-exponent" else n))
        if isinstance(base, Var):
            if steps:
                steps.note(
                    f"Power rule: $\\frac{{d}}{{d{name}}} {name}^n = n\\,{name}^{{n-1}}$.",
                    f"Power rule: d/d{name} {name}ⁿ = n·{name}ⁿ⁻¹.",
                )
            return outer
        if steps:
            steps.note(
                f"Chain rule on $\\left({tex(base)}\\right)^{{{n}}}$: "
                f"${n}\\left({tex(base)}\\right)^{{{n - 1}}}$ times the inner derivative.",
                f"Chain rule on ({to_unicode(base)})^{n}: {n}·({to_unicode(base)})^{n - 1} "
                "times the inner derivative.",
            )
        return outer if mistake == "no-chain" else mul(outer, d(base))
    if isinstance(t, Quotient):
        u, v = t.num, t.den
        if not depends(v, name):
            return quotient(d(u), v)
        if steps:
            steps.note(
                f"Quotient rule with $u = {tex(u)}$, $v = {tex(v)}$: "
                r"$\left(\frac{u}{v}\right)' = \frac{u'v - uv'}{v^2}$.",
                f"Quotient rule with u = {to_unicode(u)}, v = {to_unicode(v)}: "
                "(u/v)' = (u'v - uv')/v².",
            )
        return quotient(add(mul(d(u), v), neg(mul(u, d(v)))), power(v, 2))
    assert isinstance(t, Call)
    outer = outer_derivative(t.func, t.arg)
    if isinstance(t.arg, Var):
        if steps:
            steps.note(f"${OUTER_RULES[t.func]}$.", f"{PLAIN_RULES[t.func]}.")
        return outer
    inside = Steps() if steps else None  # noted after the outer rule: outside in
    inner = derivative(t.arg, name, inside, mistake=mistake)
    if steps and inside:
        steps.note(
            f"Chain rule on ${tex(t)}$ with inner $u = {tex(t.arg)}$: "
            f"${OUTER_RULES[t.func]}$, times $u' = {tex(inner)}$.",
            f"Chain rule on {to_unicode(t)} with inner u = {to_unicode(t.arg)}: "
            f"{PLAIN_RULES[t.func]}, times u' = {to_unicode(inner)}.",
        )
        for line, plain in zip(inside.lines, inside.plain, strict=True):
            steps.note(line, plain)
    return outer if mistake == "no-chain" else mul(outer, inner)


# -- values ---------------------------------------------------------------------------


def _sigmoid(v: float) -> float:
    return 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))


FLOAT_FUNCTIONS = {
    "exp": math.exp,
    "log": math.log,
    "sin": math.sin,
    "cos": math.cos,
    "tanh": math.tanh,
    "sigmoid": _sigmoid,
}

#: Function values that are rational: f(0) (and log(1)).
EXACT_AT = {
    ("exp", 0): Fraction(1),
    ("log", 1): Fraction(0),
    ("sin", 0): Fraction(0),
    ("cos", 0): Fraction(1),
    ("tanh", 0): Fraction(0),
    ("sigmoid", 0): Fraction(1, 2),
}


def value(t: Term, env: dict[str, float]) -> float:
    """Floating value at a point."""
    if isinstance(t, Num):
        return float(t.value)
    if isinstance(t, Var):
        return float(env[t.name])
    if isinstance(t, Sum):
        return math.fsum(value(c, env) for c in t.terms)
    if isinstance(t, Product):
        return math.prod(value(c, env) for c in t.factors)
    if isinstance(t, Power):
        return value(t.base, env) ** t.exponent
    if isinstance(t, Quotient):
        return value(t.num, env) / value(t.den, env)
    assert isinstance(t, Call)
    return FLOAT_FUNCTIONS[t.func](value(t.arg, env))


def exact_value(t: Term, env: dict[str, Fraction]) -> Fraction | None:
    """The exact rational value at a point, or None when it is irrational."""
    if isinstance(t, Num):
        return t.value
    if isinstance(t, Var):
        return Fraction(env[t.name])
    parts = [exact_value(c, env) for c in children(t)]
    if any(p is None for p in parts):
        return None
    if isinstance(t, Sum):
        return sum(parts, Fraction(0))
    if isinstance(t, Product):
        return math.prod(parts, start=Fraction(1))
    if isinstance(t, Power):
        return parts[0] ** t.exponent
    if isinstance(t, Quotient):
        return None if parts[1] == 0 else parts[0] / parts[1]
    assert isinstance(t, Call)
    arg = parts[0]
    return EXACT_AT.get((t.func, arg)) if arg.denominator == 1 else None


# -- writing out --------------------------------------------------------------------

SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _precedence(t: Term) -> int:
    if isinstance(t, Sum):
        return 1
    if isinstance(t, Product | Quotient):
        return 2
    if isinstance(t, Num) and (t.value < 0 or t.value.denominator != 1):
        return 2
    if isinstance(t, Power):
        return 3
    return 4


class _Writer:
    """One renderer, three styles: input-language text, LaTeX, terminal Unicode."""

    def __init__(self, style: str):
        self.style = style

    def wrap(self, text: str) -> str:
        return f"\\left({text}\\right)" if self.style == "latex" else f"({text})"

    def at_least(self, t: Term, level: int) -> str:
        text = self.write(t)
        return self.wrap(text) if _precedence(t) < level else text

    def number(self, v: Fraction) -> str:
        if self.style == "latex" and v.denominator != 1:
            sign = "-" if v < 0 else ""
            return f"{sign}\\frac{{{abs(v.numerator)}}}{{{v.denominator}}}"
        return format_number(v)

    def write(self, t: Term) -> str:
        if isinstance(t, Num):
            return self.number(t.value)
        if isinstance(t, Var):
            return t.name
        if isinstance(t, Sum):
            out = self.write(t.terms[0])
            for c in t.terms[1:]:
                coef, rest = split_coefficient(c)
                if coef < 0:  # a - (b + c) keeps its brackets
                    positive = mul(Num(-coef), rest) if rest else Num(-coef)
                    out += " - " + self.at_least(positive, 2)
                else:
                    text = self.write(c)
                    # a term that writes itself with a leading sign (-3/x): a - 3/x
                    out += " - " + text[1:] if text.startswith("-") else " + " + text
            return out
        if isinstance(t, Product):
            coef, _ = split_coefficient(t)
            factors = [f for f in t.factors if not isinstance(f, Num)]
            sep = {"text": "*", "latex": r" \, ", "unicode": "·"}[self.style]
            latex_fraction = lambda f: self.style == "latex" and isinstance(f, Quotient)  # noqa: E731
            body = sep.join(
                self.write(f) if latex_fraction(f) else self.at_least(f, 3) for f in factors
            )
            if coef == 1:
                return body
            if coef == -1:
                return "-" + body
            lead = factors[0].base if isinstance(factors[0], Power) else factors[0]
            if self.style == "unicode" and isinstance(lead, Var):
                return self.number(coef) + body  # 2x·exp(x²)
            return self.number(coef) + sep + body
        if isinstance(t, Power):
            base = self.at_least(t.base, 4)
            if self.style == "latex":
                if isinstance(t.base, Call) and t.base.func == "exp":
                    base = self.wrap(base)
                return f"{base}^{{{t.exponent}}}"
            if self.style == "unicode":
                return base + str(t.exponent).translate(SUPERSCRIPTS)
            return f"{base}^{t.exponent}"
        if isinstance(t, Quotient):
            if self.style == "latex":
                return f"\\frac{{{self.write(t.num)}}}{{{self.write(t.den)}}}"
            top = self.write(t.num) if isinstance(t.num, Num) else self.at_least(t.num, 3)
            return f"{top}/{self.at_least(t.den, 3)}"
        assert isinstance(t, Call)
        arg = self.write(t.arg)
        if self.style == "latex":
            if t.func == "exp":
                return f"e^{{{arg}}}"
            name = r"\sigma" if t.func == "sigmoid" else f"\\{t.func}"
            return f"{name}\\left({arg}\\right)"
        name = "σ" if (t.func == "sigmoid" and self.style == "unicode") else t.func
        return f"{name}({arg})"


def to_text(t: Term) -> str:
    """Input-language text, e.g. ``2*x*exp(x^2)``."""
    return _Writer("text").write(t)


def to_latex(t: Term) -> str:
    return _Writer("latex").write(t)


def to_unicode(t: Term) -> str:
    """For terminals: ``2·x·exp(x²)``."""
    return _Writer("unicode").write(t)


# -- data -----------------------------------------------------------------------------


def to_tree(t: Term) -> Any:
    """JSON-serialisable nested lists, so tests can rebuild the formula independently."""
    if isinstance(t, Num):
        return ["num", format_number(t.value)]
    if isinstance(t, Var):
        return ["var", t.name]
    if isinstance(t, Sum):
        return ["add", *[to_tree(c) for c in t.terms]]
    if isinstance(t, Product):
        return ["mul", *[to_tree(c) for c in t.factors]]
    if isinstance(t, Power):
        return ["pow", to_tree(t.base), t.exponent]
    if isinstance(t, Quotient):
        return ["div", to_tree(t.num), to_tree(t.den)]
    assert isinstance(t, Call)
    return [t.func, to_tree(t.arg)]
