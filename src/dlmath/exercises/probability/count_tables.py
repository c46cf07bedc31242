"""Two-way tables of counts, as a terminal grid and as a LaTeX array."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    pass
from dlmath.exercises.kit import Exact, tex_number


def count_table_latex(header: Sequence[Exact | str], rows: Sequence[Sequence[Exact | str]]) -> str:
    def cell(c: Exact | str) -> str:
        return f"\\text{{{c}}}" if isinstance(c, str) and c else tex_number(c) if c != "" else ""

    body = r" \\ ".join(" & ".join(cell(c) for c in row) for row in rows)
    spec = "l|" + "r" * (len(header) - 1)
    head = " & ".join(cell(c) for c in header)
    return f"$$\\begin{{array}}{{{spec}}} {head} \\\\ \\hline {body} \\end{{array}}$$"
