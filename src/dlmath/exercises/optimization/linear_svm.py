"""optimization.linear-svm: facts of a given hyperplane on a tiny data set."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.optimization.convex_terms import draw_int, json_number, lx, pick, t
from dlmath.exercises.optimization.svm_data import draw_data, points_latex, points_text, score
from dlmath.exercises.optimization.written_values import (
    column_latex,
    dot,
    index_list_catalogue,
    inverse_sqrt,
    json_vector,
    tuple_latex,
    value_catalogue,
    vector_answer,
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
        w_tex, b_tex = column_latex(w), lx(b)
        intro_tex = (
            f"The data set {points_latex(points, labels)} and the hyperplane "
            f"$w^T x + b = 0$ with $w = {w_tex}$, $b = {b_tex}$. "
        )
        intro_text = (
            f"The data set\n{points_text(points, labels)}\nand the hyperplane wᵀx + b = 0 "
            f"with w = {vector_answer(w)}, b = {t(b)}. "
        )
        scores = ", ".join(
            f"$y_{i + 1}(w^T x_{i + 1} + b) = {lx(m)}$" for i, m in enumerate(margins)
        )
        steps = [f"Functional margins: {scores}."]
        data: dict[str, Any] = {
            "points": points,
            "labels": labels,
            "w": json_vector(w),
            "b": json_number(b),
            "ask": ask,
        }
        kind = "number"
        misconceptions: list[Misconception]
        if ask == "margin":
            right: Any = inverse_sqrt(2, norm_sq)
            steps = [
                f"$\\|w\\|^2 = {lx(norm_sq)}$, so the margin (the width between "
                f"$w^T x + b = \\pm 1$) is $2/\\|w\\| = {right.latex()}$."
            ]
            q_tex = "What is the width of the margin between the planes $w^T x + b = \\pm 1$?"
            q_text = "What is the width of the margin between the planes wᵀx + b = ±1?"
            misconceptions = value_catalogue(
                right,
                [
                    (
                        inverse_sqrt(1, norm_sq),
                        "half-margin",
                        "1/‖w‖ is the distance from the hyperplane to one margin plane; the "
                        "margin spans both sides, 2/‖w‖.",
                    ),
                    (
                        Fraction(2) / norm_sq,
                        "squared-norm",
                        "The distance divides by ‖w‖, not by ‖w‖²: take the square root.",
                    ),
                ],
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
            q_text = (
                "The data is separated with every yᵢ(wᵀxᵢ + b) ≥ 1. Which points are support "
                "vectors (on the margin)? List their numbers."
            )
            steps.append(f"Support vectors have functional margin exactly 1: points {expected}.")
            misconceptions = index_list_catalogue(
                support,
                [
                    (
                        positive,
                        "one-side-only",
                        "Support vectors lie on both margin planes, wᵀx + b = +1 and "
                        "wᵀx + b = −1: include the negative class.",
                    )
                ],
            )
        elif ask == "objective":
            c = pick(rng, [Fraction(1), Fraction(2), Fraction(1, 2)])
            data["C"] = json_number(c)
            right = norm_sq / 2 + c * sum(slacks)
            expected = t(right)
            q_tex = (
                f"Find the soft-margin objective $\\tfrac12\\|w\\|^2 + C\\sum_i \\xi_i$ with "
                f"$C = {lx(c)}$ and hinge slacks $\\xi_i = \\max(0, 1 - y_i(w^T x_i + b))$."
            )
            q_text = (
                f"Find the soft-margin objective ½‖w‖² + C Σ ξᵢ with C = {t(c)} and hinge "
                "slacks ξᵢ = max(0, 1 − yᵢ(wᵀxᵢ + b))."
            )
            c_times = "" if c == 1 else f"{lx(c)} \\cdot "
            steps.append(
                f"Slacks $\\xi = {tuple_latex(slacks)}$, sum ${lx(sum(slacks))}$; "
                f"$\\tfrac12\\|w\\|^2 = {lx(norm_sq / 2)}$, so the objective is "
                f"${lx(norm_sq / 2)} + {c_times}{lx(sum(slacks))} = "
                f"{lx(right)}$."
            )
            misconceptions = value_catalogue(
                right,
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
                ],
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
            q_text = (
                "Which points have positive hinge slack ξᵢ = max(0, 1 − yᵢ(wᵀxᵢ + b)) > 0? "
                "List their numbers."
            )
            steps.append(
                f"$\\xi_i > 0$ exactly when the functional margin is below 1: points {expected}."
            )
            misconceptions = index_list_catalogue(
                positive_slack,
                [
                    (
                        wrong_side,
                        "misclassified-only",
                        "Correctly classified points inside the margin (0 < yᵢ(wᵀxᵢ + b) < 1) "
                        "have positive slack too.",
                    )
                ],
            )
        return Draft(
            prompt=intro_tex + q_tex,
            text=intro_text + q_text,
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
