"""The MathML Core renderer: well-formed XML, only MathML Core elements, every text
escaped, and the names and numbers in the same order as the plain-text rendering."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlmath.expr import parse, to_mathml
from dlmath.expr.mathml import ELEMENTS, MATHML_NAMESPACE
from dlmath.expr.nodes import (
    Add,
    Bool,
    Const,
    Div,
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
from dlmath.expr.render import to_text

# MathML Core's elements (the W3C MathML Core specification, section 2)
MATHML_CORE = {
    "math", "semantics", "annotation", "annotation-xml", "maction", "merror", "mfrac", "mi",
    "mmultiscripts", "mn", "mo", "mover", "mpadded", "mphantom", "mprescripts", "mroot",
    "mrow", "ms", "mspace", "msqrt", "mstyle", "msub", "msubsup", "msup", "mtable", "mtd",
    "mtext", "mtr", "munder", "munderover", "none",
}  # fmt: skip

numbers = st.one_of(
    st.builds(lambda n: Num(Fraction(n)), st.integers(-99, 10**6)),
    st.builds(lambda n, d: Num(Fraction(n, d)), st.integers(-9, 9), st.sampled_from([2, 3, 7])),
    st.builds(lambda n: Num(Fraction(n, 100), decimals=2), st.integers(-999, 999)),
)
names = st.sampled_from(["x", "A", "W2", "x_1", "alpha", "theta_t", "Sigma", "b_i", "mu"])
leaves = st.one_of(
    numbers,
    st.builds(Sym, names),
    st.sampled_from([Const("pi"), Const("e"), Undefined(), Bool(True)]),
)


def _extend(inner):
    return st.one_of(
        st.builds(lambda xs: Add(tuple(xs)), st.lists(inner, min_size=2, max_size=3)),
        st.builds(lambda xs: Mul(tuple(xs)), st.lists(inner, min_size=2, max_size=3)),
        st.builds(Neg, inner),
        st.builds(Div, inner, inner),
        st.builds(Pow, inner, inner),
        st.builds(Hadamard, inner, inner),
        st.builds(Kron, inner, inner),
        st.builds(Transpose, inner),
        st.builds(Inverse, inner),
        st.builds(lambda x: Transpose(Inverse(x)), inner),
        st.builds(
            lambda f, x: Func(f, (x,)),
            st.sampled_from(["tr", "sqrt", "abs", "exp", "log2", "sigmoid", "softmax", "det"]),
            inner,
        ),
        st.builds(Norm, inner, st.sampled_from(["2", "1", "F", "inf"])),
        st.builds(
            lambda r, c, xs: Matrix(tuple(tuple(xs[i * c : i * c + c]) for i in range(r))),
            st.integers(1, 3),
            st.integers(1, 3),
            st.lists(inner, min_size=9, max_size=9),
        ),
    )


trees = st.recursive(leaves, _extend, max_leaves=12)
lists = st.builds(lambda xs: ListOf(tuple(xs)), st.lists(trees, min_size=2, max_size=3))

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_FUNCTIONS_AS_NOTATION = {"sqrt", "abs"}


def _text_leaves(text: str) -> str:
    """The names and numbers of the plain-text rendering, concatenated."""
    text = text.translate(_SUPERSCRIPTS).replace("‖_inf", "‖_∞")
    tokens = re.findall(r"[A-Za-zα-ωΑ-Ωπ∞][A-Za-z0-9α-ωΑ-Ω_]*|\d+(?:\.\d+)?", text)
    tokens = [t for t in tokens if t not in _FUNCTIONS_AS_NOTATION]
    return "".join(tokens).replace("_", "")


def _mathml_leaves(root: ET.Element) -> str:
    tags = {f"{{{MATHML_NAMESPACE}}}{t}" for t in ("mi", "mn", "mtext")}
    return "".join(el.text or "" for el in root.iter() if el.tag in tags)


def _check(tree) -> None:
    markup = to_mathml(tree)
    root = ET.fromstring(markup)  # well-formed XML, every text escaped
    used = {el.tag.removeprefix(f"{{{MATHML_NAMESPACE}}}") for el in root.iter()}
    assert used <= MATHML_CORE and used <= ELEMENTS, used - MATHML_CORE
    assert _mathml_leaves(root) == _text_leaves(to_text(tree)), (markup, to_text(tree))


@given(trees)
def test_well_formed_core_elements_and_leaves_in_text_order(tree):
    _check(tree)


@given(lists)
def test_lists(tree):
    _check(tree)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("A^T", "<msup><mrow><mi>A</mi></mrow><mrow><mo>⊤</mo></mrow></msup>"),
        ("A^-1", "<mrow><mo>−</mo><mn>1</mn></mrow></msup>"),
        ("A^-T", "<mrow><mo>−</mo><mo>⊤</mo></mrow>"),
        ("[1 2; 3 4]", "<mo>[</mo><mtable><mtr><mtd><mn>1</mn></mtd>"),
        ("3/4", "<mfrac><mrow><mn>3</mn></mrow><mrow><mn>4</mn></mrow></mfrac>"),
        ("x - 2 y", "<mi>x</mi><mo>−</mo><mn>2</mn><mi>y</mi>"),
        ("sqrt(2)", "<msqrt><mn>2</mn></msqrt>"),
        ("||x||_1", "<msub><mrow><mo>‖</mo><mi>x</mi><mo>‖</mo></mrow><mn>1</mn></msub>"),
        ("alpha_1", "<msub><mi>α</mi><mn>1</mn></msub>"),
        ("x ⊙ y", "<mo>⊙</mo>"),
        ("undefined", "<mtext>undefined</mtext>"),
    ],
)
def test_examples(text, fragment):
    assert fragment in to_mathml(parse(text))


def test_markup_in_names_is_escaped():
    markup = to_mathml(Sym("a<b&c"))
    assert "<b" not in markup.replace("<mi>", "")
    assert "a&lt;b&amp;c" in markup
    ET.fromstring(markup)


def test_display_mode():
    assert to_mathml(parse("x"), display=True).startswith(
        f'<math xmlns="{MATHML_NAMESPACE}" display="block">'
    )
