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
