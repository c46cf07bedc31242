"""The oracle's view of a generator's formula tree (``data``): a SymPy expression built
node by node from the nested lists, never by parsing text."""

from __future__ import annotations

from fractions import Fraction

import sympy

SYMPY_FUNCTIONS = {
    "exp": sympy.exp,
    "log": sympy.log,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tanh": sympy.tanh,
    "sigmoid": lambda u: 1 / (1 + sympy.exp(-u)),
}


def to_sympy(tree: list) -> sympy.Expr:
    """The SymPy expression of a formula tree (built node by node, no parsing)."""
    head, *rest = tree
    if head == "num":
        value = Fraction(rest[0])
        return sympy.Rational(value.numerator, value.denominator)
    if head == "var":
        return sympy.Symbol(rest[0])
    if head == "add":
        return sympy.Add(*[to_sympy(t) for t in rest])
    if head == "mul":
        return sympy.Mul(*[to_sympy(t) for t in rest])
    if head == "pow":
        return to_sympy(rest[0]) ** rest[1]
    if head == "div":
        return to_sympy(rest[0]) / to_sympy(rest[1])
    return SYMPY_FUNCTIONS[head](to_sympy(rest[0]))
