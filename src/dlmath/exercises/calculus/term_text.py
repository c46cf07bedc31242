"""Writing the calculus formula trees out: input-language text, LaTeX, terminal Unicode
and the nested lists of the JSON data."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from dlmath.exercises.calculus.terms import (
    Call,
    FormulaTree,
    Power,
    Product,
    Quotient,
    Rational,
    Sum,
    Var,
    mul,
    split_coefficient,
)
from dlmath.expr.literals import format_number

SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _precedence(t: FormulaTree) -> int:
    if isinstance(t, Sum):
        return 1
    if isinstance(t, Product | Quotient):
        return 2
    if isinstance(t, Rational) and (t.value < 0 or t.value.denominator != 1):
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

    def at_least(self, t: FormulaTree, level: int) -> str:
        text = self.write(t)
        return self.wrap(text) if _precedence(t) < level else text

    def number(self, v: Fraction) -> str:
        if self.style == "latex" and v.denominator != 1:
            sign = "-" if v < 0 else ""
            return f"{sign}\\frac{{{abs(v.numerator)}}}{{{v.denominator}}}"
        return format_number(v)

    def write(self, t: FormulaTree) -> str:
        if isinstance(t, Rational):
            return self.number(t.value)
        if isinstance(t, Var):
            return t.name
        if isinstance(t, Sum):
            out = self.write(t.terms[0])
            for c in t.terms[1:]:
                coef, rest = split_coefficient(c)
                if coef < 0:  # a - (b + c) keeps its brackets
                    positive = mul(Rational(-coef), rest) if rest else Rational(-coef)
                    out += " - " + self.at_least(positive, 2)
                else:
                    text = self.write(c)
                    # a term that writes itself with a leading sign (-3/x): a - 3/x
                    out += " - " + text[1:] if text.startswith("-") else " + " + text
            return out
        if isinstance(t, Product):
            coef, _ = split_coefficient(t)
            factors = [f for f in t.factors if not isinstance(f, Rational)]
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
            top = self.write(t.num) if isinstance(t.num, Rational) else self.at_least(t.num, 3)
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


def to_text(t: FormulaTree) -> str:
    """Input-language text, e.g. ``2*x*exp(x^2)``."""
    return _Writer("text").write(t)


def to_latex(t: FormulaTree) -> str:
    return _Writer("latex").write(t)


def to_unicode(t: FormulaTree) -> str:
    """For terminals: ``2·x·exp(x²)``."""
    return _Writer("unicode").write(t)


# -- data -----------------------------------------------------------------------------


def to_tree(t: FormulaTree) -> Any:
    """JSON-serialisable nested lists, so tests can rebuild the formula independently."""
    if isinstance(t, Rational):
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
