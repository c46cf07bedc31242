"""A labelled set split into parts, with the information gain of the split:
``H(T) − Σ |Tᵢ|/|T| H(Tᵢ)``, an exact sum of logarithms of the counts, its worked
steps and the mistakes anticipated in it."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Misconception
from dlmath.exercises.information.mistakes import candidate, unit_mistake
from dlmath.exercises.kit.logs import (
    BITS,
    LogSum,
    entropy_of_counts,
    latex_fraction,
)

if TYPE_CHECKING:  # pragma: no cover
    pass


class Split:
    """A parent set split into children; ``children[i][c]`` counts class c in child i."""

    def __init__(self, children: Sequence[Sequence[int]]):
        self.children = [list(c) for c in children]
        self.parent = [sum(col) for col in zip(*self.children, strict=True)]
        self.n = sum(self.parent)
        self.h_parent = entropy_of_counts(self.parent)
        self.h_children = [entropy_of_counts(c) for c in self.children]
        self.weights = [Fraction(sum(c), self.n) for c in self.children]
        self.remainder = LogSum()
        for w, h in zip(self.weights, self.h_children, strict=True):
            self.remainder = self.remainder + h.scaled(w)
        self.gain = self.h_parent - self.remainder
        unweighted = LogSum()
        for h in self.h_children:
            unweighted = unweighted + h.scaled(Fraction(1, len(self.children)))
        self.unweighted_gain = self.h_parent - unweighted

    def solution_lines(self, classes: Sequence[str]) -> list[str]:
        def counts(c: Sequence[int]) -> str:
            return ", ".join(f"{k} {name}" for k, name in zip(c, classes, strict=True))

        lines = [
            f"Parent ({counts(self.parent)}): $H(T) = {self.h_parent.latex(BITS)}"
            f"{self.h_parent.approx_latex(BITS)}$ bits."
        ]
        for i, (c, h) in enumerate(zip(self.children, self.h_children, strict=True)):
            lines.append(
                f"Child {i + 1} ({counts(c)}): $H(T_{i + 1}) = {h.latex(BITS)}"
                f"{h.approx_latex(BITS)}$ bits."
            )
        weighted = " + ".join(
            f"{latex_fraction(w)} H(T_{i + 1})" for i, w in enumerate(self.weights)
        )
        lines.append(
            f"Gain $= H(T) - ({weighted}) = {self.gain.latex(BITS)}"
            f"{self.gain.approx_latex(BITS)}$ bits."
        )
        return lines


def gain_mistakes(split: Split) -> list[Misconception]:
    return [
        unit_mistake(split.gain, BITS),
        candidate(
            "misconception:unweighted-children",
            split.unweighted_gain,
            BITS,
            "You averaged the children's entropies without weights; weight each child "
            "by its share |Tᵢ|/|T| of the examples.",
        ),
        candidate(
            "misconception:remainder-for-gain",
            split.remainder,
            BITS,
            "That is the weighted entropy left after the split; the gain is the parent's "
            "entropy minus it.",
        ),
        candidate(
            "misconception:parent-entropy-for-gain",
            split.h_parent,
            BITS,
            "That is the parent's entropy H(T); subtract the weighted entropies of the children.",
        ),
    ]
