"""Errors of the input language: what went wrong and where.

``InputError`` is a ``ValueError`` carrying the message and the position in the text,
so every interface (CLI, API, web) can show a caret under the offending character.
"""

from __future__ import annotations


class InputError(ValueError):
    """Text that cannot be read or an expression that cannot be formed."""

    def __init__(self, message: str, text: str | None = None, position: int | None = None):
        super().__init__(message)
        self.message = message
        self.text = text
        self.position = position

    def caret(self) -> str:
        """The text with a caret under the position, or '' when there is no position."""
        if self.text is None or self.position is None:
            return ""
        line = self.text.replace("\n", " ").replace("\t", " ")
        if len(line) > 120:  # keep the window around the error readable
            start = max(0, self.position - 60)
            line = ("…" if start else "") + line[start : start + 120]
            offset = self.position - start + (1 if start else 0)
        else:
            offset = self.position
        return f"{line}\n{' ' * max(0, offset)}^"

    def describe(self) -> str:
        """The message with the caret picture, for terminals."""
        picture = self.caret()
        return f"{self.message}\n{picture}" if picture else self.message


class ShapeError(InputError):
    """A sub-expression whose operand shapes do not fit (e.g. a 3×4 times a 3×1)."""


class LimitError(InputError):
    """Input past one of the language's limits (length, nodes, depth, digits, exponent)."""


class EvaluationError(InputError):
    """A value that does not exist: 1/0, log(0), the inverse of a singular matrix."""
