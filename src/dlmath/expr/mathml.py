"""Rendering ``Expr`` trees to MathML Core, for the web app's pages.

Only MathML Core elements are written (``math mrow mi mn mo mtext msup msub mfrac msqrt
mtable mtr mtd``), every text is escaped, and the names and numbers come out in the same
order as in the plain-text rendering (a Hypothesis property in the tests). The transpose
is ``<mo>⊤</mo>``: the bundled math font has no glyph for U+1D40 ``ᵀ``.

Sequences of nodes are returned flat and wrapped in ``<mrow>`` wherever one child is
required (a script base, a fraction part), so a leading minus stays recognisable.
"""

from __future__ import annotations

from html import escape

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
)
from dlmath.expr.render import ATOM, POWER, PRODUCT, SUM, UNARY, _Renderer, precedence

#: The binding level of ``⊙``, read from the shared precedence table.
_HADAMARD = precedence(Hadamard(Sym("a"), Sym("b")))

MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"

#: The elements this renderer may write (all of MathML Core's vocabulary it needs).
ELEMENTS = frozenset(
    {"math", "mrow", "mi", "mn", "mo", "mtext", "msup", "msub", "mfrac", "msqrt", "mtable"}
    | {"mtr", "mtd"}
)

_MINUS = "<mo>−</mo>"
_FUNCTION_NAMES = {"sigmoid": "σ"}


def mi(text: str, normal: bool = False) -> str:
    variant = ' mathvariant="normal"' if normal and len(text) == 1 else ""
    return f"<mi{variant}>{escape(text)}</mi>"


def mn(text: str) -> str:
    return f"<mn>{escape(text)}</mn>"


def mo(text: str, *, stretchy: bool | None = None) -> str:
    attribute = "" if stretchy is None else f' stretchy="{"true" if stretchy else "false"}"'
    return f"<mo{attribute}>{escape(text)}</mo>"


def row(content: str) -> str:
    return f"<mrow>{content}</mrow>"


def fenced(content: str, left: str = "(", right: str = ")") -> str:
    return row(mo(left) + content + mo(right))


class MathMLRenderer(_Renderer):
    """``marked``: 1-based (row, column) entries of the outermost matrix to mark as wrong
    (``class="wrong"`` on their cells)."""

    def __init__(self, marked: frozenset[tuple[int, int]] = frozenset()) -> None:
        self.marked = marked
        self._depth = 0

    neg = _MINUS
    plus = mo("+")
    minus = _MINUS
    juxtapose = ""
    times = mo("·")
    hadamard = "⊙"
    kron = "⊗"

    def render(self, e: Expr) -> str:
        method = getattr(self, "r_" + type(e).__name__, None)
        if method is None:  # a node kind this renderer does not know yet: its text
            return f"<mtext>{escape(str(e))}</mtext>"
        return method(e)

    def paren(self, text: str) -> str:
        return fenced(text)

    def r_Add(self, e: Add) -> str:
        out = self.wrap(e.terms[0], SUM)
        for t in e.terms[1:]:
            if isinstance(t, Neg):
                out += _MINUS + self.wrap(t.arg, _HADAMARD)
            elif isinstance(t, Num) and t.value < 0:
                out += _MINUS + self.render(Num(-t.value, t.decimals))
            else:
                text = self.wrap(t, _HADAMARD)
                # a product led by a negative number: a − b c, not a + −b c
                out += text if text.startswith(_MINUS) else self.plus + text
        return out

    def r_Mul(self, e: Mul) -> str:
        parts = [self.wrap(f, PRODUCT + 1) for f in e.factors]
        out = parts[0]
        for f, text in zip(e.factors[1:], parts[1:], strict=True):
            if isinstance(f, Num) or text.startswith(_MINUS):
                out += self.times
            out += text
        return out

    def r_Hadamard(self, e: Hadamard) -> str:
        return self.wrap(e.left, _HADAMARD) + mo("⊙") + self.wrap(e.right, _HADAMARD + 1)

    def r_Kron(self, e: Kron) -> str:
        return self.wrap(e.left, PRODUCT) + mo("⊗") + self.wrap(e.right, PRODUCT + 1)

    def r_ListOf(self, e: ListOf) -> str:
        return mo(",").join(self.wrap(x, SUM) for x in e.items)

    def r_Num(self, e: Num) -> str:
        v = e.value
        sign = _MINUS if v < 0 else ""
        if e.decimals and v.denominator != 1:
            return sign + mn(f"{float(abs(v)):.{e.decimals}f}")
        if v.denominator == 1:
            return sign + mn(format_number(abs(v)))
        return sign + f"<mfrac>{mn(str(abs(v.numerator)))}{mn(str(v.denominator))}</mfrac>"

    def r_Const(self, e: Const) -> str:
        return mi("π") if e.name == "pi" else mi("e", normal=True)

    def r_Sym(self, e: Sym) -> str:
        return name_mathml(e.name)

    def r_Identity(self, e: Expr) -> str:
        return mi("I")

    r_IdentityMatrix = r_Identity

    def r_Undefined(self, e: Undefined) -> str:
        return "<mtext>undefined</mtext>"

    def r_Bool(self, e: Bool) -> str:
        return f"<mtext>{'true' if e.value else 'false'}</mtext>"

    def r_Neg(self, e: Neg) -> str:
        inner = self.wrap(e.arg, POWER if isinstance(e.arg, Neg) else UNARY)
        if isinstance(e.arg, Neg) or (isinstance(e.arg, Num) and e.arg.value < 0):
            inner = self.paren(self.render(e.arg))
        return _MINUS + inner

    def r_Matrix(self, e: Matrix) -> str:
        marked = self.marked if self._depth == 0 else frozenset()
        self._depth += 1
        cells = []
        for i, r in enumerate(e.rows, 1):
            cells.append("<mtr>")
            for j, x in enumerate(r, 1):
                cells.append('<mtd class="wrong">' if (i, j) in marked else "<mtd>")
                cells.append(self.render(x) + "</mtd>")
            cells.append("</mtr>")
        self._depth -= 1
        return fenced(f"<mtable>{''.join(cells)}</mtable>", "[", "]")

    def r_Div(self, e: Div) -> str:
        return f"<mfrac>{row(self.render(e.num))}{row(self.render(e.den))}</mfrac>"

    def r_Pow(self, e: Pow) -> str:
        return f"<msup>{row(self.wrap(e.base, ATOM))}{row(self.render(e.exponent))}</msup>"

    def r_Transpose(self, e: Transpose) -> str:
        if isinstance(e.arg, Inverse):
            base, script = e.arg.arg, _MINUS + mo("⊤")
        else:
            base, script = e.arg, mo("⊤")
        return f"<msup>{row(self.wrap(base, ATOM))}{row(script)}</msup>"

    def r_Inverse(self, e: Inverse) -> str:
        return f"<msup>{row(self.wrap(e.arg, ATOM))}{row(_MINUS + mn('1'))}</msup>"

    def r_Func(self, e: Func) -> str:
        args = mo(",").join(self.render(a) for a in e.args)
        if e.name == "abs":
            return fenced(args, "|", "|")
        if e.name == "sqrt":
            return f"<msqrt>{args}</msqrt>"
        if e.name in ("log2", "log10"):
            head = f"<msub>{mi('log')}{mn(e.name[3:])}</msub>"
        else:
            head = mi(_FUNCTION_NAMES.get(e.name, e.name))
        return head + fenced(args)

    def r_Norm(self, e: Norm) -> str:
        body = fenced(self.render(e.arg), "‖", "‖")
        if e.p == "2":
            return body
        sub = {"1": mn("1"), "F": mi("F"), "inf": mi("∞")}[e.p]
        return f"<msub>{body}{sub}</msub>"


def name_mathml(name: str) -> str:
    """``alpha_1`` -> α with subscript 1; ``W2`` -> W with subscript 2."""
    base, _, sub = name.partition("_")
    digits = ""
    while base and base[-1].isdigit() and base.rstrip("0123456789"):
        digits = base[-1] + digits
        base = base[:-1]
    head = mi(GREEK.get(base, base))
    script = digits + sub
    if not script:
        return head
    tail = mn(script) if script.isdigit() else mi(script)
    return f"<msub>{head}{tail}</msub>"


def to_mathml(
    e: Expr, *, display: bool = False, marked: frozenset[tuple[int, int]] = frozenset()
) -> str:
    """One ``<math>`` element (inline unless ``display``); ``marked`` entries of the
    outermost matrix (1-based row, column) get ``class="wrong"``."""
    mode = ' display="block"' if display else ""
    body = MathMLRenderer(marked).render(e)
    return f'<math xmlns="{MATHML_NAMESPACE}"{mode}>{row(body)}</math>'


__all__ = ["ELEMENTS", "MATHML_NAMESPACE", "MathMLRenderer", "precedence", "to_mathml"]
