"""optimization.linear-svm: facts of a given hyperplane on a tiny data set."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    Surd,
    dot,
    draw_int,
    json_value,
    json_vector,
    pick,
    tex_number,
    text_number,
)
from dlmath.exercises.optimization.svm_data import draw_data, points_latex, score
from dlmath.exercises.optimization.written_values import (
    column_latex,
    index_mistakes,
    mistakes,
    tuple_latex,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@register
class LinearSVM(Generator):
    """Facts of a given hyperplane wᵀx + b = 0 on a tiny data set: the margin 2/‖w‖, the
    support vectors (functional margin exactly 1), the soft-margin primal objective
    ½‖w‖² + C Σ ξᵢ with hinge slacks, and which points have positive slack."""

    skill = "optimization.linear-svm"
    version = 2

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            ask = pick(rng, ["margin", "support-vectors"])
            w = [Fraction(v) for v in pick(rng, [(1, 0), (0, 1), (1, 1), (1, -1)])]
        elif difficulty == 2:
            ask = pick(rng, ["margin", "support-vectors", "objective"])
            w = [Fraction(v) for v in pick(rng, [(2, 1), (1, 2), (2, -1), (1, -2), (1, 1)])]
        else:
            ask = pick(rng, ["objective", "slack-points"])
            w = [Fraction(v, 2) for v in pick(rng, [(1, 1), (1, 2), (2, 1), (1, -1), (2, -1)])]
        soft = ask in ("objective", "slack-points")
        if difficulty == 3:
            b = Fraction(draw_int(rng, -2, 2), 2)
        elif soft:  # integer w: a half-integer b puts points inside the margin
            b = Fraction(2 * draw_int(rng, -2, 1) + 1, 2)
        else:
            b = Fraction(draw_int(rng, -2, 2))
        n = {1: 4, 2: 5, 3: 6}[difficulty]
        points, labels = draw_data(rng, w, b, n, soft)
        norm_sq = dot(w, w)
        margins = [y * score(w, b, p) for p, y in zip(points, labels, strict=True)]
        slacks = [max(Fraction(0), 1 - m) for m in margins]
        w_tex, b_tex = column_latex(w), tex_number(b)
        intro_tex = (
            f"The data set {points_latex(points, labels)} and the hyperplane "
            f"$w^T x + b = 0$ with $w = {w_tex}$, $b = {b_tex}$. "
        )
        scores = ", ".join(
            f"$y_{i + 1}(w^T x_{i + 1} + b) = {tex_number(m)}$" for i, m in enumerate(margins)
        )
        steps = [f"Functional margins: {scores}."]
        data: dict[str, Any] = {
            "points": points,
            "labels": labels,
            "w": json_vector(w),
            "b": json_value(b),
            "ask": ask,
        }
        kind = "number"
        misconceptions: list[Misconception]
        if ask == "margin":
            right: Any = Surd.over_sqrt(2, norm_sq)
            steps = [
                f"$\\|w\\|^2 = {tex_number(norm_sq)}$, so the margin (the width between "
                f"$w^T x + b = \\pm 1$) is $2/\\|w\\| = {right.latex()}$."
            ]
            q_tex = "What is the width of the margin between the planes $w^T x + b = \\pm 1$?"
            misconceptions = mistakes(
                [
                    (
                        Surd.over_sqrt(1, norm_sq),
                        "half-margin",
                        "1/‖w‖ is the distance from the hyperplane to one margin plane; the "
                        "margin spans both sides, 2/‖w‖.",
                    ),
                    (
                        Fraction(2) / norm_sq,
                        "squared-norm",
                        "The distance divides by ‖w‖, not by ‖w‖²: take the square root.",
                    ),
                ]
            )
            expected = right.text()
        elif ask == "support-vectors":
            kind = "list"
            support = [i + 1 for i, m in enumerate(margins) if m == 1]
            positive = [i + 1 for i, m in enumerate(margins) if m == 1 and labels[i] > 0]
            expected = ", ".join(map(str, support))
            q_tex = (
                "The data is separated with every $y_i(w^T x_i + b) \\ge 1$. Which points are "
                "support vectors (on the margin)? List their numbers."
            )
            steps.append(f"Support vectors have functional margin exactly 1: points {expected}.")
            misconceptions = index_mistakes(
                [
                    (
                        positive,
                        "one-side-only",
                        "Support vectors lie on both margin planes, wᵀx + b = +1 and "
                        "wᵀx + b = −1: include the negative class.",
                    )
                ]
            )
        elif ask == "objective":
            c = pick(rng, [Fraction(1), Fraction(2), Fraction(1, 2)])
            data["C"] = json_value(c)
            right = norm_sq / 2 + c * sum(slacks)
            expected = text_number(right)
            q_tex = (
                f"Find the soft-margin objective $\\tfrac12\\|w\\|^2 + C\\sum_i \\xi_i$ with "
                f"$C = {tex_number(c)}$ and hinge slacks $\\xi_i = \\max(0, 1 - y_i(w^T x_i + b))$."
            )
            c_times = "" if c == 1 else f"{tex_number(c)} \\cdot "
            steps.append(
                f"Slacks $\\xi = {tuple_latex(slacks)}$, sum ${tex_number(sum(slacks))}$; "
                f"$\\tfrac12\\|w\\|^2 = {tex_number(norm_sq / 2)}$, so the objective is "
                f"${tex_number(norm_sq / 2)} + {c_times}{tex_number(sum(slacks))} = "
                f"{tex_number(right)}$."
            )
            misconceptions = mistakes(
                [
                    (
                        norm_sq / 2 + c * sum(1 - m for m in margins),
                        "negative-slack",
                        "A slack is max(0, 1 − yᵢ(wᵀxᵢ + b)): points beyond the margin "
                        "contribute 0, not a negative amount.",
                    ),
                    (
                        norm_sq + c * sum(slacks),
                        "dropped-half",
                        "The regulariser is ½‖w‖², not ‖w‖².",
                    ),
                ]
            )
        else:
            kind = "list"
            positive_slack = [i + 1 for i, s in enumerate(slacks) if s > 0]
            wrong_side = [i + 1 for i, m in enumerate(margins) if m < 0]
            expected = ", ".join(map(str, positive_slack))
            q_tex = (
                "Which points have positive hinge slack "
                "$\\xi_i = \\max(0, 1 - y_i(w^T x_i + b)) > 0$? List their numbers."
            )
            steps.append(
                f"$\\xi_i > 0$ exactly when the functional margin is below 1: points {expected}."
            )
            misconceptions = index_mistakes(
                [
                    (
                        wrong_side,
                        "misclassified-only",
                        "Correctly classified points inside the margin (0 < yᵢ(wᵀxᵢ + b) < 1) "
                        "have positive slack too.",
                    )
                ]
            )
        return Draft(
            prompt=intro_tex + q_tex,
            kind=kind,
            expected=expected,
            data=data,
            hints=[
                "Compute the functional margin yᵢ(wᵀxᵢ + b) of every point first.",
                "The margin planes are wᵀx + b = ±1, at distance 1/‖w‖ on each side of the "
                "hyperplane.",
            ],
            solution="\n\n".join(steps),
            misconceptions=misconceptions,
        )
