"""A matrix typed as whole numbers only, ``[[1, -2], [3, 4]]`` or the column ``[1, 2, 3]``
(the commonest answer there is), read in one pass of regular expressions instead of token
by token: the same tree, with the same spans, as the grammar builds.

Anything else (a decimal, a fraction, a name, a space after a minus sign, MATLAB's
``[1 2; 3 4]``, a ragged or over-large matrix) gives None and is read by the grammar,
which also gives every error.
"""

from __future__ import annotations

import re

from dlmath.expr.limits import MAX_CHARS, MAX_INTEGER_DIGITS, MAX_NODES
from dlmath.expr.nodes import Expr, Matrix, Neg, Num, whole_value

_ENTRY = r"\s*-?[0-9]+\s*"
_ROW = rf"\[{_ENTRY}(?:,{_ENTRY})*\]"
_NESTED = re.compile(rf"\s*\[\s*{_ROW}\s*(?:,\s*{_ROW}\s*)*\]\s*")
_COLUMN = re.compile(rf"\s*\[{_ENTRY}(?:,{_ENTRY})*\]\s*")
_ROWS = re.compile(r"\[[^\[\]]*\]")
_NUMBER = re.compile(r"(-?)([0-9]+)")


def plain_matrix(text: str) -> Matrix | None:
    """The matrix ``text`` is, when it is whole numbers in brackets; else None."""
    if len(text) > MAX_CHARS or not text.lstrip().startswith("["):
        return None
    if _NESTED.fullmatch(text):
        inner = text.index("[") + 1
        spans = [(row.start(), row.end()) for row in _ROWS.finditer(text, inner)]
    elif _COLUMN.fullmatch(text):
        spans = [(0, len(text))]
    else:
        return None
    rows: list[tuple[Expr, ...]] = []
    for start, end in spans:
        entries = _entries(text, start, end)
        if entries is None:  # a number past the digit limit
            return None
        rows.append(entries)
    if len(spans) == 1 and not text.lstrip()[1:].lstrip().startswith("["):
        rows = [(entry,) for entry in rows[0]]  # [1, 2, 3] is a column
    if len({len(row) for row in rows}) != 1:
        return None  # ragged
    nodes = 1 + sum(1 + isinstance(entry, Neg) for row in rows for entry in row)
    if nodes > MAX_NODES:
        return None
    return Matrix(tuple(rows), pos=text.index("["), end=text.rindex("]") + 1)


def _entries(text: str, start: int, end: int) -> tuple[Expr, ...] | None:
    entries: list[Expr] = []
    for m in _NUMBER.finditer(text, start, end):
        sign, digits = m.groups()
        if len(digits) > MAX_INTEGER_DIGITS and len(digits.lstrip("0")) > MAX_INTEGER_DIGITS:
            return None
        first, last = m.span()
        number = Num(whole_value(int(digits)), 0, pos=first + len(sign), end=last)
        entries.append(Neg(number, pos=first, end=last) if sign else number)
    return tuple(entries)
