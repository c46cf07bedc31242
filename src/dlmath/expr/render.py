"""Rendering ``Expr`` trees: plain Unicode text (which parses back to the same tree),
LaTeX, Typst and NumPy code.

All four share one precedence table, so parentheses appear exactly where needed.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any, ClassVar

from dlmath.expr.literals import format_number
from dlmath.expr.nodes import (
    GREEK,
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
    register_text_renderer,
)

# Elementwise products bind looser than matrix products (``a ⊙ W δ`` is ``a ⊙ (W δ)``).
LIST, SUM, HADAMARD, PRODUCT, UNARY, POWER, ATOM = range(7)

#: Functions LaTeX and Typst both know by name (\exp, exp(...)); others are operators.
_NAMED_FUNCTIONS = frozenset(
    {"exp", "log", "sin", "cos", "tan", "tanh", "cosh", "sinh", "det", "max", "min"}
)


def precedence(e: Expr) -> int:
    fixed = _PRECEDENCE.get(type(e))
    if fixed is not None:
        return fixed
    if type(e) is Num:  # the one type whose precedence depends on its value
        return _number_precedence(e)
    if isinstance(e, ListOf):
        return LIST
    if isinstance(e, Add):
        return SUM
    if isinstance(e, Hadamard):
        return HADAMARD
    if isinstance(e, Mul | Kron | Div):
        return PRODUCT
    if isinstance(e, Neg):
        return UNARY
    if isinstance(e, Num):
        return _number_precedence(e)
    if isinstance(e, Pow | Transpose | Inverse):
        return POWER
    return ATOM


def _number_precedence(e: Num) -> int:
    if _negative(e.value):
        return UNARY
    if e.value.denominator != 1 and not e.decimals:
        return PRODUCT
    return ATOM


#: The node types whose precedence does not depend on their value.
_PRECEDENCE = {ListOf: LIST, Add: SUM, Hadamard: HADAMARD, Mul: PRODUCT, Kron: PRODUCT}
_PRECEDENCE |= {Div: PRODUCT, Neg: UNARY, Pow: POWER, Transpose: POWER, Inverse: POWER}
_PRECEDENCE |= {Sym: ATOM, Func: ATOM, Matrix: ATOM, Const: ATOM, Norm: ATOM}


def _negative(value: Fraction) -> bool:
    # a Fraction keeps its sign in the numerator (comparing it with 0 is much slower)
    return value.numerator < 0 if type(value) is Fraction else bool(value < 0)


def _leads_with_sign(text: str) -> bool:
    return text.startswith(("-", "−"))


def _leads_with_digit(text: str) -> bool:
    """``3²`` or LaTeX's ``{3}^{2}``: juxtaposed after a number it would read as one."""
    return text.lstrip("{")[:1].isdigit()


class _Renderer:
    """Shared structure; subclasses say how each piece is written."""

    neg = "-"
    plus = " + "
    minus = " - "

    #: This renderer class's method for each node type, looked up by name once.
    methods: ClassVar[dict[type, Callable[[Any, Any], str]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.methods = {}  # one table per class: a subclass may write a node its own way

    def render(self, e: Expr) -> str:
        method = self.methods.get(type(e))
        if method is None:
            method = self.methods[type(e)] = getattr(type(self), "r_" + type(e).__name__)
        return method(self, e)

    def wrap(self, e: Expr, level: int) -> str:
        text = self.render(e)
        fixed = _PRECEDENCE.get(type(e))  # ``precedence``, its commonest case written out
        return self.paren(text) if (precedence(e) if fixed is None else fixed) < level else text

    def paren(self, text: str) -> str:
        return f"({text})"

    def r_ListOf(self, e: ListOf) -> str:
        return ", ".join(self.wrap(x, SUM) for x in e.items)

    def r_Add(self, e: Add) -> str:
        out = self.wrap(e.terms[0], SUM)
        for t in e.terms[1:]:
            if isinstance(t, Neg):
                out += self.minus + self.wrap(t.arg, HADAMARD)
            elif isinstance(t, Num) and _negative(t.value):
                out += self.minus + self.render(Num(-t.value, t.decimals))
            else:
                text = self.wrap(t, HADAMARD)
                if _leads_with_sign(text):  # a product led by a negative number: a − b c
                    out += self.minus + text[1:].lstrip()
                else:
                    out += self.plus + text
        return out

    def r_Neg(self, e: Neg) -> str:
        inner = self.wrap(e.arg, POWER if isinstance(e.arg, Neg) else UNARY)
        if isinstance(e.arg, Neg) or (isinstance(e.arg, Num) and _negative(e.arg.value)):
            inner = self.paren(self.render(e.arg))
        return self.neg + inner

    def r_Undefined(self, e: Undefined) -> str:
        return "undefined"

    def r_Bool(self, e: Bool) -> str:
        return "true" if e.value else "false"

    def r_IdentityMatrix(self, e: IdentityMatrix) -> str:
        return "I"

    # How each target writes products; the structure is shared.
    juxtapose = " "
    times = " · "
    hadamard = "⊙"
    kron = "⊗"

    def r_Mul(self, e: Mul) -> str:
        parts = [self.wrap(f, PRODUCT + 1) for f in e.factors]
        out = parts[0]
        for f, text in zip(e.factors[1:], parts[1:], strict=True):
            # an explicit dot before a number, a sign or a digit: "2 · 3", "x · −y", "2 · 3²"
            explicit = isinstance(f, Num) or _leads_with_sign(text) or _leads_with_digit(text)
            out += self.times if explicit else self.juxtapose
            out += text
        return out

    def r_Hadamard(self, e: Hadamard) -> str:
        return f"{self.wrap(e.left, HADAMARD)} {self.hadamard} {self.wrap(e.right, PRODUCT)}"

    def r_Kron(self, e: Kron) -> str:
        return f"{self.wrap(e.left, PRODUCT)} {self.kron} {self.wrap(e.right, PRODUCT + 1)}"

    # Transposes and inverses are superscripts; each target says how it writes them.
    transposed = "{}ᵀ"
    inverted = "{}⁻¹"
    inverse_transposed = "{}⁻ᵀ"

    def r_Transpose(self, e: Transpose) -> str:
        if isinstance(e.arg, Inverse):
            return self.inverse_transposed.format(self.wrap(e.arg.arg, ATOM))
        return self.transposed.format(self.wrap(e.arg, ATOM))

    def r_Inverse(self, e: Inverse) -> str:
        return self.inverted.format(self.wrap(e.arg, ATOM))


class TextRenderer(_Renderer):
    """Plain Unicode text, readable in a terminal, that parses back to the same tree."""

    neg = "−"
    minus = " − "

    def r_Num(self, e: Num) -> str:
        if e.decimals and e.value.denominator != 1:
            text = f"{float(e.value):.{e.decimals}f}"
            return text.replace("-", "−")
        return format_number(e.value).replace("-", "−")

    def r_Const(self, e: Const) -> str:
        return "π" if e.name == "pi" else "e"

    def r_Sym(self, e: Sym) -> str:
        return name_text(e.name)

    def r_Matrix(self, e: Matrix) -> str:
        cls = type(self)
        plain = cls.r_Num is TextRenderer.r_Num and cls.r_Neg is TextRenderer.r_Neg
        entry = self.plain_entry if plain else self.render
        if all(len(r) == 1 for r in e.rows) and len(e.rows) > 1:
            return "[" + ", ".join(entry(r[0]) for r in e.rows) + "]"
        return "[" + ", ".join("[" + ", ".join(entry(x) for x in r) + "]" for r in e.rows) + "]"

    def plain_entry(self, e: Expr) -> str:
        """A matrix entry, where numbers are written by this class's ``r_Num`` and
        ``r_Neg``: a whole number (the commonest) as they write it, without their calls."""
        arg = e.arg if type(e) is Neg else e
        if type(arg) is Num and not arg.decimals:
            value = arg.value
            if type(value) is Fraction and value.denominator == 1 and value.numerator >= 0:
                return (self.neg if arg is not e else "") + str(value.numerator)
        return self.render(e)

    def r_Div(self, e: Div) -> str:
        return f"{self.wrap(e.num, PRODUCT)}/{self.wrap(e.den, PRODUCT + 1)}"

    def r_Pow(self, e: Pow) -> str:
        base = self.wrap(e.base, ATOM)
        exp = e.exponent
        if isinstance(exp, Num) and exp.value.denominator == 1 and 0 <= exp.value <= 9:
            return base + "⁰¹²³⁴⁵⁶⁷⁸⁹"[int(exp.value)]
        text = self.render(exp)
        if precedence(exp) < ATOM or _leads_with_sign(text):
            text = self.paren(text)
        return f"{base}^{text}"

    def r_Func(self, e: Func) -> str:
        if e.name == "abs":
            inner = self.render(e.args[0])
            return f"abs({inner})" if "|" in inner or "‖" in inner else f"|{inner}|"
        name = "σ" if e.name == "sigmoid" else e.name
        return f"{name}({', '.join(self.render(a) for a in e.args)})"

    def r_Norm(self, e: Norm) -> str:
        inner = f"‖{self.render(e.arg)}‖"
        return inner if e.p == "2" else f"{inner}_{e.p}"


class LatexRenderer(_Renderer):
    minus = " - "
    juxtapose = r" \, "
    times = r" \cdot "
    hadamard = r"\odot"
    kron = r"\otimes"
    transposed = "{{{}}}^{{\\top}}"
    inverted = "{{{}}}^{{-1}}"
    inverse_transposed = "{{{}}}^{{-\\top}}"

    def paren(self, text: str) -> str:
        return rf"\left({text}\right)"

    def r_Num(self, e: Num) -> str:
        v = e.value
        if e.decimals and v.denominator != 1:
            return f"{float(v):.{e.decimals}f}"
        if v.denominator == 1:
            return str(v.numerator)
        sign = "-" if v < 0 else ""
        return rf"{sign}\frac{{{abs(v.numerator)}}}{{{v.denominator}}}"

    def r_Const(self, e: Const) -> str:
        return r"\pi" if e.name == "pi" else "e"

    def r_Sym(self, e: Sym) -> str:
        return latex_name(e.name)

    def r_Matrix(self, e: Matrix) -> str:
        body = r" \\ ".join(" & ".join(self.render(x) for x in row) for row in e.rows)
        return r"\begin{bmatrix} " + body + r" \end{bmatrix}"

    def r_Div(self, e: Div) -> str:
        return rf"\frac{{{self.render(e.num)}}}{{{self.render(e.den)}}}"

    def r_Pow(self, e: Pow) -> str:
        return f"{{{self.wrap(e.base, ATOM)}}}^{{{self.render(e.exponent)}}}"

    def r_Func(self, e: Func) -> str:
        args = ", ".join(self.render(a) for a in e.args)
        if e.name == "abs":
            return rf"\left|{args}\right|"
        if e.name == "sqrt":
            return rf"\sqrt{{{args}}}"
        if e.name == "sigmoid":
            return rf"\sigma\left({args}\right)"
        if e.name in _NAMED_FUNCTIONS:
            return rf"\{e.name}\left({args}\right)"
        if e.name in ("log2", "log10"):
            return rf"\log_{{{e.name[3:]}}}\left({args}\right)"
        name = e.name.replace("_", r"\_")
        return rf"\operatorname{{{name}}}\left({args}\right)"

    def r_Norm(self, e: Norm) -> str:
        sub = {"2": "_2", "1": "_1", "F": "_F", "inf": r"_\infty"}[e.p]
        return rf"\left\| {self.render(e.arg)} \right\|{sub}"

    def r_Undefined(self, e: Undefined) -> str:
        return r"\text{undefined}"

    def r_Bool(self, e: Bool) -> str:
        return r"\text{true}" if e.value else r"\text{false}"


class TypstRenderer(_Renderer):
    """Typst math mode (the inside of ``$ ... $``)."""

    times = " dot "
    hadamard = "dot.o"
    kron = "times.o"
    transposed = "{}^top"
    inverted = "{}^(-1)"
    inverse_transposed = "{}^(-top)"

    def r_Num(self, e: Num) -> str:
        v = e.value
        if e.decimals and v.denominator != 1:
            return f"{float(v):.{e.decimals}f}"
        if v.denominator == 1:
            return str(v.numerator)
        sign = "-" if v < 0 else ""
        return f"{sign}frac({abs(v.numerator)}, {v.denominator})"

    def r_Const(self, e: Const) -> str:
        return "pi" if e.name == "pi" else "e"

    def r_Sym(self, e: Sym) -> str:
        return typst_name(e.name)

    def r_Matrix(self, e: Matrix) -> str:
        body = "; ".join(", ".join(self.render(x) for x in row) for row in e.rows)
        return f'mat(delim: "[", {body})'

    def r_Div(self, e: Div) -> str:
        return f"frac({self.render(e.num)}, {self.render(e.den)})"

    def r_Pow(self, e: Pow) -> str:
        return f"{self.wrap(e.base, ATOM)}^({self.render(e.exponent)})"

    def r_Func(self, e: Func) -> str:
        args = ", ".join(self.render(a) for a in e.args)
        if e.name == "abs":
            return f"abs({args})"
        if e.name == "sqrt":
            return f"sqrt({args})"
        if e.name == "sigmoid":
            return f"sigma({args})"
        if e.name in _NAMED_FUNCTIONS:
            return f"{e.name}({args})"
        if e.name in ("log2", "log10"):
            return f"log_{e.name[3:]}({args})"
        return f'op("{e.name}")({args})'

    def r_Norm(self, e: Norm) -> str:
        sub = {"2": "", "1": "_1", "F": "_F", "inf": "_infinity"}[e.p]
        return f"norm({self.render(e.arg)}){sub}"

    def r_Undefined(self, e: Undefined) -> str:
        return '"undefined"'

    def r_Bool(self, e: Bool) -> str:
        return '"true"' if e.value else '"false"'


def name_text(name: str) -> str:
    """``alpha_1`` -> ``α_1``: Greek names in Unicode, the rest as typed."""
    if len(name) == 1:  # x, A: no Greek name is one letter
        return name
    base, sep, sub = name.partition("_")
    digits = ""
    while base and base[-1].isdigit() and base.rstrip("0123456789"):
        digits = base[-1] + digits
        base = base[:-1]
    return GREEK.get(base, base) + digits + sep + sub


def _split_name(name: str) -> tuple[str, str]:
    base, _, sub = name.partition("_")
    digits = ""
    while base and base[-1].isdigit() and base.rstrip("0123456789"):
        digits = base[-1] + digits
        base = base[:-1]
    return base, digits + sub


def latex_name(name: str) -> str:
    base, sub = _split_name(name)
    head = f"\\{base}" if base in GREEK else (base if len(base) == 1 else rf"\mathrm{{{base}}}")
    return f"{head}_{{{sub}}}" if sub else head


def typst_name(name: str) -> str:
    base, sub = _split_name(name)
    head = base if base in GREEK or len(base) == 1 else f'"{base}"'
    return f"{head}_{sub}" if sub else head


def to_text(e: Expr) -> str:
    """Plain Unicode text; ``parse(to_text(e))`` gives back an equal tree."""
    return TextRenderer().render(e)


def to_latex(e: Expr) -> str:
    return LatexRenderer().render(e)


def to_typst(e: Expr) -> str:
    """Typst math-mode source, to be placed inside ``$ ... $``."""
    return TypstRenderer().render(e)


register_text_renderer(to_text)
