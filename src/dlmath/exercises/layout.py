"""Plain-text layout of exercise prompts: named matrices drawn as grids, side by side.

Terminal prompts show ``A = ⎡…⎤     b = ⎡…⎤`` on shared lines, as a worksheet would.
Pure Python, like ``expr.literals``.
"""

from __future__ import annotations

from collections.abc import Sequence

from dlmath.expr.literals import Rows, unicode_grid


def labelled_grid(name: str, rows: Rows) -> str:
    """``A = `` followed by the grid of ``rows``, the label on the middle line."""
    lines = unicode_grid(rows).split("\n")
    label = f"{name} = "
    middle = (len(lines) - 1) // 2
    pad = " " * len(label)
    return "\n".join((label if i == middle else pad) + line for i, line in enumerate(lines))


def side_by_side(blocks: Sequence[str], gap: int = 5) -> str:
    """Multi-line text blocks next to each other, ``gap`` spaces apart, their middle lines
    (where ``labelled_grid`` puts the label) on one line."""
    split = [block.split("\n") for block in blocks]
    if not split:
        return ""
    anchors = [(len(lines) - 1) // 2 for lines in split]
    top = max(anchors)
    height = max(top - a + len(lines) for a, lines in zip(anchors, split, strict=True))
    columns = []
    for anchor, lines in zip(anchors, split, strict=True):
        width = max(len(line) for line in lines)
        above = top - anchor
        padded = [""] * above + lines + [""] * (height - len(lines) - above)
        columns.append([line.ljust(width) for line in padded])
    joined = (" " * gap).join
    return "\n".join(joined(col[i] for col in columns).rstrip() for i in range(height))


def named_grids(named: Sequence[tuple[str, Rows]], gap: int = 5) -> str:
    """Several named matrices on shared lines: ``A = ⎡…⎤     B = ⎡…⎤``."""
    return side_by_side([labelled_grid(name, rows) for name, rows in named], gap)


def bracketed_grid(cells: Sequence[Sequence[str]], bar_before: Sequence[int] = ()) -> str:
    """Cells already written as text, in a bracketed grid (``⎡ 1  -2 ⎤``); a ``│``
    stands before each column index in ``bar_before`` (an augmented matrix)."""
    if not cells or not cells[0]:
        return "[]"
    body = _aligned_rows(cells, bar_before)
    lines = []
    for i, row in enumerate(body):
        if len(body) == 1:
            left, right = "[", "]"
        elif i == 0:
            left, right = "⎡", "⎤"
        elif i == len(body) - 1:
            left, right = "⎣", "⎦"
        else:
            left, right = "⎢", "⎥"
        lines.append(f"{left} {row} {right}")
    return "\n".join(lines)


def table(
    cells: Sequence[Sequence[str]],
    bar_before: Sequence[int] = (),
    rules_above: Sequence[int] = (),
    brackets: bool = False,
) -> str:
    """A LaTeX ``array`` as text: columns aligned, ``│`` for vertical rules and ``─``
    lines for ``\\hline``; in brackets when the array is a matrix (``[A | b]``)."""
    if brackets:
        return bracketed_grid(cells, bar_before)
    rows = _aligned_rows(cells, bar_before)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    lines = []
    for i, row in enumerate(rows):
        if i in rules_above and i:
            lines.append("".join("┼" if ch == "│" else "─" for ch in row.ljust(width)))
        lines.append(row)
    return "\n".join(lines)


def _aligned_rows(cells: Sequence[Sequence[str]], bar_before: Sequence[int]) -> list[str]:
    cols = max(len(row) for row in cells)
    full = [list(row) + [""] * (cols - len(row)) for row in cells]
    widths = [max(len(row[j]) for row in full) for j in range(cols)]
    out = []
    for row in full:
        parts = []
        for j, (cell, w) in enumerate(zip(row, widths, strict=True)):
            if j and j in bar_before:
                parts.append("│")
            parts.append(cell.rjust(w))
        out.append("  ".join(parts))
    return out
