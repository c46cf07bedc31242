"""optimization.convex-sets: is this subset of ℝ² convex?"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.kit import pick
from dlmath.exercises.optimization.convex_set_shapes import SET_KINDS, PlaneSet, SetBuilders
from dlmath.exercises.optimization.convex_terms import SET_CHOICES
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@register
class ConvexSets(Generator):
    """Is this subset of ℝ² convex? Halfspaces, discs, intersections, unions, quadrics
    xᵀAx ≤ 1 and level sets; traps at higher difficulty (nested unions, a negative
    definite quadric, quasi-convex functions with convex sublevel sets)."""

    skill = "optimization.convex-sets"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        kind = pick(rng, SET_KINDS[difficulty])
        case: PlaneSet = getattr(SetBuilders(), kind)(rng, difficulty)
        expected = "convex" if case.convex else "not convex"
        ask = "Is this set convex? Answer convex or not convex."
        misconceptions = [case.misconception] if case.misconception else []
        return Draft(
            prompt=f"{ask}\n\n$$S = {case.latex}$$",
            kind="choice",
            expected=expected,
            data={"set": case.kind, "parts": case.parts, "view": case.view, **case.extra},
            hints=[
                "A set is convex when the segment between any two of its points stays in it.",
                "Halfspaces, balls and sublevel sets of convex functions are convex, and so are "
                "intersections of convex sets; unions and superlevel sets need a closer look.",
            ],
            solution="\n\n".join(case.why),
            misconceptions=misconceptions,
            choices=list(SET_CHOICES),
        )
