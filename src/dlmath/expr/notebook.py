"""Rich display in Jupyter: ``_repr_html_`` (MathML), ``_repr_latex_`` and
``_repr_markdown_`` from one list of rows, for every result object of dlmath.

A class mixes in ``NotebookDisplay`` and says what to show in ``display_rows``: (label,
text, is_math). Math is input-language text, parsed by ``dlmath.expr`` and rendered by
``to_mathml``/``to_latex``; text that does not parse is shown escaped, never executed."""

from __future__ import annotations

from html import escape

from dlmath.expr.errors import InputError
from dlmath.expr.mathml import to_mathml
from dlmath.expr.parser import parse
from dlmath.expr.render import to_latex

Row = tuple[str, str, bool]


def math_html(text: str) -> str:
    try:
        return to_mathml(parse(text))
    except InputError:
        return f"<code>{escape(text)}</code>"


def math_latex(text: str) -> str:
    try:
        return to_latex(parse(text))
    except InputError:
        return r"\text{" + _latex_text(text) + "}"


def _latex_text(text: str) -> str:
    for char in "\\{}$&#^_%~":
        text = text.replace(char, "\\" + char if char not in "\\^~" else " ")
    return text


class NotebookDisplay:
    """Mix-in: Jupyter shows the object as math instead of its repr."""

    __slots__ = ()

    def display_rows(self) -> list[Row]:
        raise NotImplementedError

    def _repr_html_(self) -> str:
        cells = []
        for label, text, is_math in self.display_rows():
            value = math_html(text) if is_math else escape(text)
            cells.append(f"<tr><th>{escape(label)}</th><td>{value}</td></tr>")
        return '<table class="dlmath">' + "".join(cells) + "</table>"

    def _repr_latex_(self) -> str:
        lines = []
        for label, text, is_math in self.display_rows():
            value = math_latex(text) if is_math else r"\text{" + _latex_text(text) + "}"
            lines.append(r"\text{" + _latex_text(label) + r":}\ & " + value)
        return "$$\\begin{aligned}" + r" \\ ".join(lines) + "\\end{aligned}$$"

    def _repr_markdown_(self) -> str:
        lines = []
        for label, text, is_math in self.display_rows():
            value = f"${math_latex(text)}$" if is_math else text
            lines.append(f"**{label}**: {value}")
        return "\n\n".join(lines)
