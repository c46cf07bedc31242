"""probability.conditional-distributions: P(Y = y | X = x), whole conditional PMFs and
conditioning on events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick, subset
from dlmath.exercises.probability.joints import (
    JOINT_DENOMINATORS,
    ZERO,
    Joint,
    draw_joint,
    set_latex,
    set_text,
    sum_latex,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, latex_number, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


CONDITIONAL_SIZES = {1: [(2, 2), (2, 3)], 2: [(3, 3), (3, 4)], 3: [(3, 3), (3, 4), (4, 3)]}


@register
class ConditionalDistributions(Generator):
    """P(Y = y | X = x) from a 2×2 or 2×3 table (difficulty 1); the whole conditional
    PMF, or one value, from a 3×3 or 3×4 table (2); conditioning on events X ∈ A (3)."""

    skill = "probability.conditional-distributions"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        rows, cols = pick(rng, CONDITIONAL_SIZES[difficulty])
        joint = draw_joint(rng, rows, cols, JOINT_DENOMINATORS[difficulty])
        if difficulty == 1:
            return self._value(rng, joint)
        if difficulty == 2:
            return self._vector(rng, joint) if rng.random() < 0.6 else self._value(rng, joint)
        return self._events(rng, joint)

    def _value(self, rng: np.random.Generator, joint: Joint) -> Draft:
        i, j = draw_int(rng, 0, len(joint.xs) - 1), draw_int(rng, 0, len(joint.ys) - 1)
        x, y, cell = joint.xs[i], joint.ys[j], joint.table[i][j]
        answer = cell / joint.px[i]
        mistakes = [
            Misconception(
                "misconception:joint-for-conditional",
                format_number(cell),
                f"That is the joint P(X = {x}, Y = {y}); the conditional divides it by P(X = {x}).",
            ),
            Misconception(
                "misconception:reversed-condition",
                format_number(cell / joint.py[j]),
                f"You divided by P(Y = {y}), which gives P(X = {x} | Y = {y}); "
                f"P(Y = {y} | X = {x}) divides by P(X = {x}).",
            ),
            Misconception(
                "misconception:marginal-for-conditional",
                format_number(joint.py[j]),
                f"That is the marginal P(Y = {y}); knowing X = {x} restricts to its row.",
            ),
        ]
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind "
                f"$P(Y = {y} \\mid X = {x})$."
            ),
            kind="number",
            expected=format_number(answer),
            data={**joint.data(), "ask": "value", "x": x, "y": y},
            hints=[
                "P(Y = y | X = x) = P(X = x, Y = y) / P(X = x).",
                f"P(X = {x}) is the sum of the row X = {x}.",
            ],
            solution=(
                f"$P(X = {x}) = {sum_latex(joint.table[i])}$, so "
                f"$P(Y = {y} \\mid X = {x}) = \\frac{{P(X = {x}, Y = {y})}}{{P(X = {x})}} = "
                f"{latex_number(cell)} \\big/ {latex_number(joint.px[i])} = "
                f"{latex_number(answer)}$."
            ),
            misconceptions=mistakes,
        )

    def _vector(self, rng: np.random.Generator, joint: Joint) -> Draft:
        i = draw_int(rng, 0, len(joint.xs) - 1)
        x, row = joint.xs[i], joint.table[i]
        answer = [c / joint.px[i] for c in row]
        by_column = [c / p for c, p in zip(row, joint.py, strict=True)]
        mistakes = [
            Misconception(
                "misconception:joint-for-conditional",
                matrix_text([[c] for c in row]),
                f"Those are the joint probabilities of the row X = {x}; divide them by "
                f"P(X = {x}) so that they add up to 1.",
            ),
            Misconception(
                "misconception:marginal-for-conditional",
                matrix_text([[c] for c in joint.py]),
                f"That is the marginal PMF of Y; the conditional uses only the row X = {x}.",
            ),
            Misconception(
                "misconception:reversed-condition",
                matrix_text([[c] for c in by_column]),
                "You divided each cell by its column total P(Y = y), which gives "
                f"P(X = {x} | Y = y); divide by the row total P(X = {x}).",
            ),
        ]
        order_latex = ", ".join(f"P(Y = {y} \\mid X = {x})" for y in joint.ys)
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind the conditional "
                f"PMF of $Y$ given $X = {x}$, as a vector $[{order_latex}]$."
            ),
            kind="matrix",
            expected=matrix_text([[v] for v in answer]),
            data={**joint.data(), "ask": "vector", "x": x},
            hints=[
                f"Keep only the row X = {x}, then rescale it.",
                f"Divide each cell of the row by P(X = {x}), the row's sum; the result adds "
                "up to 1.",
            ],
            solution=(
                f"$P(X = {x}) = {sum_latex(row)}$. Dividing the row by it: "
                f"$p_{{Y \\mid X}}(\\cdot \\mid {x}) = "
                f"{latex_matrix([[v] for v in answer])}$."
            ),
            misconceptions=mistakes,
        )

    def _events(self, rng: np.random.Generator, joint: Joint) -> Draft:
        """P(Y ∈ S | X ∈ T): the joint probability of both over P(X ∈ T)."""
        t_idx = subset(rng, list(range(len(joint.xs))), 2)
        s_size = draw_int(rng, 1, len(joint.ys) - 1)
        s_idx = subset(rng, list(range(len(joint.ys))), s_size)
        t = [joint.xs[i] for i in t_idx]
        s = [joint.ys[j] for j in s_idx]
        both = sum((joint.table[i][j] for i in t_idx for j in s_idx), ZERO)
        p_t = sum((joint.px[i] for i in t_idx), ZERO)
        answer = both / p_t
        per_x = [sum((joint.table[i][j] for j in s_idx), ZERO) / joint.px[i] for i in t_idx]
        averaged = sum(per_x, ZERO) / len(per_x)
        p_s = sum((joint.py[j] for j in s_idx), ZERO)
        mistakes = [
            Misconception(
                "misconception:joint-for-conditional",
                format_number(both),
                "That is P(Y ∈ S, X ∈ T); the conditional divides it by P(X ∈ T).",
            ),
            Misconception(
                "misconception:averaged-conditionals",
                format_number(averaged),
                "You averaged P(Y ∈ S | X = x) over x ∈ T with equal weights; the values "
                "of X in T are not equally likely. Add the cells first, then divide by "
                "P(X ∈ T).",
            ),
            Misconception(
                "misconception:reversed-condition",
                format_number(both / p_s),
                "You divided by P(Y ∈ S), which gives P(X ∈ T | Y ∈ S).",
            ),
        ]
        ask_latex = f"P(Y \\in {set_latex(s)} \\mid X \\in {set_latex(t)})"
        cells = [joint.table[i][j] for i in t_idx for j in s_idx]
        return Draft(
            prompt=f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind ${ask_latex}$.",
            kind="number",
            expected=format_number(answer),
            data={**joint.data(), "ask": "events", "S": s, "T": t},
            hints=[
                "P(A | B) = P(A and B) / P(B), with A = {Y ∈ S} and B = {X ∈ T}.",
                f"P(X ∈ {set_text(t)}) adds the rows of X in {set_text(t)}; the numerator "
                "adds the cells in those rows and the columns of S.",
            ],
            solution=(
                f"$P(X \\in {set_latex(t)}) = {sum_latex([joint.px[i] for i in t_idx])}$ and "
                f"$P(Y \\in {set_latex(s)},\\ X \\in {set_latex(t)}) = {sum_latex(cells)}$, "
                f"so ${ask_latex} = {latex_number(both)} \\big/ {latex_number(p_t)} = "
                f"{latex_number(answer)}$."
            ),
            misconceptions=mistakes,
        )
