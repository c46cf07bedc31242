"""Two-way tables of counts, as a terminal grid and as a LaTeX array."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    pass
from dlmath.exercises.kit import Exact, tex_number, text_number


def _cell_text(value: Exact | str) -> str:
    return value if isinstance(value, str) else text_number(value)


def count_table_text(header: Sequence[Exact | str], rows: Sequence[Sequence[Exact | str]]) -> str:
    """An aligned terminal table of counts: labels left, numbers right."""
    cells = [[_cell_text(c) for c in header], *[[_cell_text(c) for c in row] for row in rows]]
    widths = [max(len(row[j]) for row in cells) for j in range(len(header))]

    def line(row: list[str]) -> str:
        rest = [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        return " │ ".join([row[0].ljust(widths[0]), "  ".join(rest)]).rstrip()

    rule = "─" * (widths[0] + 1) + "┼" + "─" * (sum(widths[1:]) + 2 * len(widths) - 3)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def count_table_latex(header: Sequence[Exact | str], rows: Sequence[Sequence[Exact | str]]) -> str:
    def cell(c: Exact | str) -> str:
        return f"\\text{{{c}}}" if isinstance(c, str) and c else tex_number(c) if c != "" else ""

    body = r" \\ ".join(" & ".join(cell(c) for c in row) for row in rows)
    spec = "l|" + "r" * (len(header) - 1)
    head = " & ".join(cell(c) for c in header)
    return f"$$\\begin{{array}}{{{spec}}} {head} \\\\ \\hline {body} \\end{{array}}$$"
