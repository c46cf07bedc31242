"""Text of intermediate expressions for the steps, including the internal ``Ones`` node."""

from __future__ import annotations

from dlmath.derivatives.context import Ones
from dlmath.expr.nodes import Expr
from dlmath.expr.render import TextRenderer


class _StepText(TextRenderer):
    def r_Ones(self, e: Ones) -> str:
        return "𝟙"


def show(e: Expr) -> str:
    """Readable text of ``e``; ``𝟙`` is a matrix of ones (only in steps, never in results)."""
    return _StepText().render(e)


def snippet(e: Expr, text: str | None) -> str:
    """The part of the user's text that ``e`` was parsed from, or its rendering."""
    if text is not None and 0 <= e.pos < e.end <= len(text):
        return text[e.pos : e.end].strip()
    return show(e)
