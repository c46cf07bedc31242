"""Differentiating and evaluating the calculus formula trees: derivatives with the rule
named at each step, float values and exact values at rational points."""

from __future__ import annotations

import math
from fractions import Fraction

from dlmath.exercises.calculus.term_text import to_latex, to_unicode
from dlmath.exercises.calculus.terms import (
    ONE,
    ZERO,
    Call,
    FormulaTree,
    Power,
    Product,
    Quotient,
    Rational,
    Sum,
    Var,
    add,
    call,
    children,
    depends,
    mul,
    neg,
    num,
    power,
    quotient,
)

# -- derivatives --------------------------------------------------------------------


def outer_derivative(func: str, arg: FormulaTree) -> FormulaTree:
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
    t: FormulaTree, name: str, steps: Steps | None = None, *, mistake: str | None = None
) -> FormulaTree:
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


def value(t: FormulaTree, env: dict[str, float]) -> float:
    """Floating value at a point."""
    if isinstance(t, Rational):
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


def exact_value(t: FormulaTree, env: dict[str, Fraction]) -> Fraction | None:
    """The exact rational value at a point, or None when it is irrational."""
    if isinstance(t, Rational):
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
