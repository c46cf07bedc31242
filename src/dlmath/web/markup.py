"""Text to HTML for the pages: Markdown with ``$...$`` LaTeX (prompts, hints, solutions)
and input-language expressions (answers, expected answers, results) as MathML.

Markdown goes through markdown-it-py with raw HTML off, so any ``<`` a generator or a
learner writes is escaped; the LaTeX is left in ``<span class="math">`` elements for
Temml to render in the browser. Expressions are rendered here, on the server, by
``dlmath.expr.mathml``.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from markupsafe import Markup


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    return MarkdownIt("commonmark", {"html": False}).use(
        dollarmath_plugin, allow_space=True, double_inline=True
    )


def markdown_html(text: str | None) -> Markup:
    """Markdown (raw HTML escaped) with ``$...$`` left for Temml."""
    return Markup(_markdown().render(text or ""))


@lru_cache(maxsize=4096)
def _expression(text: str, display: bool) -> str:
    from dlmath.expr import parse, to_mathml
    from dlmath.expr.errors import InputError

    try:
        return to_mathml(parse(text), display=display)
    except (InputError, ValueError, RecursionError):
        return f'<code class="expr">{escape(text)}</code>'


def expression_mathml(text: str | None, display: bool = False) -> Markup:
    """An input-language expression as MathML; text that does not parse stays text."""
    if not text:
        return Markup("")
    return Markup(_expression(str(text), display))
