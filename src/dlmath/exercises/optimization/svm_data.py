"""Tiny 2-D labelled data sets for the SVM generators, placed relative to a chosen
hyperplane, and how they are written.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.kit import dot, draw_int, pick
from dlmath.exercises.optimization.written_values import tuple_latex

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def points_latex(points: Sequence[Sequence[Fraction | int]], labels: Sequence[int]) -> str:
    return ", ".join(
        f"$x_{i + 1} = {tuple_latex(p)}, y_{i + 1} = {'+1' if y > 0 else '-1'}$"
        for i, (p, y) in enumerate(zip(points, labels, strict=True))
    )


def score(w: Sequence[Fraction], b: Fraction, x: Sequence[Fraction | int]) -> Fraction:
    return dot(w, x) + b


def draw_data(
    rng: np.random.Generator,
    w: Sequence[Fraction],
    b: Fraction,
    n: int,
    soft: bool,
) -> tuple[list[list[int]], list[int]]:
    """n distinct integer points and labels for the hyperplane (w, b): every point at
    functional margin ≥ 1 with both classes on the margin (hard), or (soft) some points
    inside the margin and one on the wrong side."""
    while True:
        points: list[list[int]] = []
        labels: list[int] = []
        tries = 0
        while len(points) < n and tries < 400:
            tries += 1
            p = [draw_int(rng, -4, 4), draw_int(rng, -4, 4)]
            s = score(w, b, p)
            if p in points or s == 0 or (not soft and abs(s) > 3):
                continue
            y = 1 if s > 0 else -1
            if soft and abs(s) < 1:
                y = pick(rng, [1, -1])
            points.append(p)
            labels.append(y)
        if len(points) < n:
            continue
        margins = [y * score(w, b, p) for p, y in zip(points, labels, strict=True)]
        if soft:
            flip = pick(rng, [i for i, m in enumerate(margins) if m >= 1] or [0])
            labels[flip] = -labels[flip]
            margins = [y * score(w, b, p) for p, y in zip(points, labels, strict=True)]
            inside = any(0 < m < 1 for m in margins)
            if inside and any(m < 0 for m in margins) and len(set(labels)) == 2:
                return points, labels
        else:
            on_margin = {y for y, m in zip(labels, margins, strict=True) if m == 1}
            if on_margin == {1, -1} and all(m >= 1 for m in margins):
                return points, labels
