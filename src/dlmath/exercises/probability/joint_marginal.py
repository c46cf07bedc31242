"""probability.joint-marginal: probabilities, marginals and events from a joint PMF table."""

from __future__ import annotations

from fractions import Fraction
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
from dlmath.expr.literals import format_number, latex_number, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


JOINT_SIZES = {1: [(2, 2), (2, 3)], 2: [(3, 3), (2, 3), (3, 2)], 3: [(3, 4), (4, 3), (3, 3)]}


@register
class JointMarginal(Generator):
    """Marginals from a joint PMF table: one value, the whole marginal PMF, events, and
    (difficulty 3) a hidden entry found from the total of 1, or an inequality event."""

    skill = "probability.joint-marginal"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        rows, cols = pick(rng, JOINT_SIZES[difficulty])
        joint = draw_joint(rng, rows, cols, JOINT_DENOMINATORS[difficulty])
        if difficulty == 1:
            return self._marginal_value(rng, joint)
        if difficulty == 2:
            if rng.random() < 0.5:
                return self._marginal_vector(rng, joint)
            return self._event(rng, joint)
        if rng.random() < 0.5:
            return self._hidden(rng, joint)
        return self._inequality(rng, joint)

    def _marginal_value(self, rng: np.random.Generator, joint: Joint) -> Draft:
        of_x = rng.random() < 0.5
        values = joint.xs if of_x else joint.ys
        i = draw_int(rng, 0, len(values) - 1)
        name, other = ("X", "Y") if of_x else ("Y", "X")
        cells = joint.table[i] if of_x else [row[i] for row in joint.table]
        answer = sum(cells, ZERO)
        other_marginal = joint.py if of_x else joint.px
        mistakes = [
            Misconception(
                "misconception:cell-for-marginal",
                format_number(cells[0]),
                f"That is one cell, P({name} = {values[i]}, {other} = "
                f"{(joint.ys if of_x else joint.xs)[0]}). The marginal adds the cells of "
                f"every value of {other}.",
            )
        ]
        if i < len(other_marginal):
            mistakes.append(
                Misconception(
                    "misconception:wrong-axis",
                    format_number(other_marginal[i]),
                    f"You added along the other direction: P({name} = x) adds the cells "
                    f"{'in the row' if of_x else 'in the column'} of {name} = {values[i]}.",
                )
            )
        where = "row" if of_x else "column"
        ask = f"P({name} = {values[i]})"
        return Draft(
            prompt=f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind ${ask}$.",
            kind="number",
            expected=format_number(answer),
            data={**joint.data(), "ask": "marginal-value", "of": name, "value": values[i]},
            hints=[
                f"Sum out {other}: add P({name} = {values[i]}, {other} = v) over every value v.",
                f"Add the cells of the {where} {name} = {values[i]}.",
            ],
            solution=(
                f"Marginalise over ${other}$: ${ask} = \\sum_v P({name} = {values[i]}, "
                f"{other} = v) = {sum_latex(cells)}$."
            ),
            misconceptions=mistakes,
        )

    def _marginal_vector(self, rng: np.random.Generator, joint: Joint) -> Draft:
        of_x = rng.random() < 0.5
        name, other = ("X", "Y") if of_x else ("Y", "X")
        values = joint.xs if of_x else joint.ys
        answer = joint.px if of_x else joint.py
        wrong = joint.py if of_x else joint.px
        mistakes = []
        if len(wrong) == len(answer):
            mistakes.append(
                Misconception(
                    "misconception:wrong-axis",
                    matrix_text([[v] for v in wrong]),
                    f"That is the marginal of {other}: for {name}, add across each "
                    f"{'row' if of_x else 'column'}.",
                )
            )
        order = ", ".join(f"P({name} = {v})" for v in values)
        steps = [
            f"$P({name} = {v}) = {sum_latex(row)}$"
            for v, row in zip(
                values, joint.table if of_x else list(zip(*joint.table, strict=True)), strict=True
            )
        ]
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind the marginal PMF "
                f"of ${name}$ as a vector $[{order}]$."
            ),
            kind="matrix",
            expected=matrix_text([[v] for v in answer]),
            data={**joint.data(), "ask": "marginal-vector", "of": name},
            hints=[
                f"P({name} = v) sums the joint PMF over every value of {other}.",
                f"Add each {'row' if of_x else 'column'}; the results must add up to 1.",
            ],
            solution="Sum out the other variable:\n\n" + "\n\n".join(steps),
            misconceptions=mistakes,
        )

    def _event(self, rng: np.random.Generator, joint: Joint) -> Draft:
        i = draw_int(rng, 0, len(joint.xs) - 1)
        size = draw_int(rng, 2, len(joint.ys) - 1) if len(joint.ys) > 2 else 1
        chosen = subset(rng, list(range(len(joint.ys))), size)
        s = [joint.ys[j] for j in chosen]
        cells = [joint.table[i][j] for j in chosen]
        answer = sum(cells, ZERO)
        p_s = sum((joint.py[j] for j in chosen), ZERO)
        mistakes = [
            Misconception(
                "misconception:dropped-condition",
                format_number(p_s),
                f"That is P(Y ∈ S) for every X; the event also needs X = {joint.xs[i]}, so "
                "add only the cells of that row.",
            ),
            Misconception(
                "misconception:assumed-independence",
                format_number(joint.px[i] * p_s),
                "P(X = x) · P(Y ∈ S) equals the joint probability only when X and Y are "
                "independent; read the cells of the joint table instead.",
            ),
        ]
        ask_latex = f"P(X = {joint.xs[i]},\\ Y \\in {set_latex(s)})"
        return Draft(
            prompt=f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind ${ask_latex}$.",
            kind="number",
            expected=format_number(answer),
            data={**joint.data(), "ask": "event", "x": joint.xs[i], "S": s},
            hints=[
                "The event is a set of cells: add their probabilities.",
                f"Add the cells of row X = {joint.xs[i]} in the columns Y ∈ {set_text(s)}.",
            ],
            solution=(
                f"The event is the cells $(X, Y) = ({joint.xs[i]}, y)$ with $y \\in "
                f"{set_latex(s)}$: ${ask_latex} = {sum_latex(cells)}$."
            ),
            misconceptions=mistakes,
        )

    def _hidden(self, rng: np.random.Generator, joint: Joint) -> Draft:
        hi, hj = draw_int(rng, 0, len(joint.xs) - 1), draw_int(rng, 0, len(joint.ys) - 1)
        hidden = joint.table[hi][hj]
        shown: list[list[Fraction | str]] = [list(row) for row in joint.table]
        shown[hi][hj] = "?"
        of_x = rng.random() < 0.5
        name = "X" if of_x else "Y"
        value = joint.xs[hi] if of_x else joint.ys[hj]
        cells = joint.table[hi] if of_x else [row[hj] for row in joint.table]
        answer = sum(cells, ZERO)
        as_zero = answer - hidden
        mistakes = [
            Misconception(
                "misconception:missing-as-zero",
                format_number(as_zero),
                "The missing entry is not 0: all entries of a joint PMF add up to 1, so "
                "it is 1 minus the sum of the others.",
            ),
            Misconception(
                "misconception:cell-for-marginal",
                format_number(hidden),
                f"That is the missing cell only; P({name} = {value}) adds the whole "
                f"{'row' if of_x else 'column'}.",
            ),
        ]
        known = sum((c for r, row in enumerate(joint.table) for c in row), ZERO) - hidden
        ask = f"P({name} = {value})"
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is given below, with one entry missing.\n\n"
                f"{joint.latex(shown)}\n\nFind ${ask}$."
            ),
            kind="number",
            expected=format_number(answer),
            data={
                **joint.data(),
                "ask": "hidden",
                "hidden": [hi, hj],
                "of": name,
                "value": value,
            },
            hints=[
                "A joint PMF sums to 1 over all cells: that fixes the missing entry.",
                f"Then add the {'row' if of_x else 'column'} of {name} = {value}.",
            ],
            solution=(
                f"The known entries add up to ${latex_number(known)}$, so the missing one is "
                f"$1 - {latex_number(known)} = {latex_number(hidden)}$. Then "
                f"${ask} = {sum_latex(cells)}$."
            ),
            misconceptions=mistakes,
        )

    def _inequality(self, rng: np.random.Generator, joint: Joint) -> Draft:
        strict = rng.random() < 0.5
        relation, other_relation = ("<", "≤") if strict else ("≤", "<")
        latex_relation = "<" if strict else r"\le"

        def holds(x: int, y: int, is_strict: bool) -> bool:
            return x < y if is_strict else x <= y

        def total(is_strict: bool) -> tuple[Fraction, list[Fraction]]:
            cells = [
                p
                for x, row in zip(joint.xs, joint.table, strict=True)
                for y, p in zip(joint.ys, row, strict=True)
                if holds(x, y, is_strict)
            ]
            return sum(cells, ZERO), cells

        answer, cells = total(strict)
        other_answer, _ = total(not strict)
        mistakes = [
            Misconception(
                "misconception:strict-vs-weak",
                format_number(other_answer),
                f"You computed P(X {other_relation} Y); the event is X {relation} Y, so the "
                f"cells with X = Y are {'not ' if strict else ''}included.",
            ),
            Misconception(
                "misconception:complement",
                format_number(1 - answer),
                f"That is the probability of the other cells, 1 − P(X {relation} Y).",
            ),
        ]
        return Draft(
            prompt=(
                f"The joint PMF of $X$ and $Y$ is\n\n{joint.latex()}\n\nFind "
                f"$P(X {latex_relation} Y)$."
            ),
            kind="number",
            expected=format_number(answer),
            data={**joint.data(), "ask": "inequality", "strict": strict},
            hints=[
                f"Mark the cells (x, y) with x {relation} y, then add them.",
                "Compare the row value with the column value of each cell; mind the diagonal "
                "x = y.",
            ],
            solution=(
                f"The cells with $x {latex_relation} y$ have probabilities "
                f"${sum_latex(cells) if cells else '0'}$, so "
                f"$P(X {latex_relation} Y) = {latex_number(answer)}$."
            ),
            misconceptions=mistakes,
        )
