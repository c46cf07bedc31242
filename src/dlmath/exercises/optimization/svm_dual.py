"""optimization.svm-dual: the SVM dual on 2-4 points."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.kit import (
    dot,
    draw_int,
    json_value,
    json_vector,
    pick,
    tex_number,
    text_number,
)
from dlmath.exercises.optimization.convex_terms import combo
from dlmath.exercises.optimization.svm_data import points_latex, score
from dlmath.exercises.optimization.written_values import (
    answer_text,
    column_latex,
    mistakes,
    tuple_latex,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _dual_objective(
    alpha: Sequence[Fraction],
    points: Sequence[Sequence[int]],
    labels: Sequence[int],
    with_labels: bool = True,
    half: Fraction = Fraction(1, 2),
) -> Fraction:
    total = sum(alpha, Fraction(0))
    n = len(alpha)
    quad = Fraction(0)
    for i in range(n):
        for j in range(n):
            sign = labels[i] * labels[j] if with_labels else 1
            quad += alpha[i] * alpha[j] * sign * dot(points[i], points[j])
    return total - half * quad


@register
class SVMDual(Generator):
    """The hard/soft-margin SVM dual on 2-4 points: its objective at a given α, w = Σ αᵢ yᵢ xᵢ,
    dual feasibility (Σ αᵢ yᵢ = 0, 0 ≤ αᵢ ≤ C), and exact solutions when one pair of opposite
    points decides the margin (α = 2/‖x₊ − x₋‖² on that pair, 0 elsewhere)."""

    skill = "optimization.svm-dual"
    version = 2

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        ask = pick(
            rng,
            {
                1: ["dual-objective", "w-from-alpha"],
                2: ["dual-objective", "w-from-alpha", "feasible", "solve-alpha", "solve-w"],
                3: ["solve-alpha", "solve-w", "solve-b", "dual-objective"],
            }[difficulty],
        )
        if ask.startswith("solve"):
            return self._solve(rng, difficulty, ask)
        n = 3 if difficulty == 1 else 4
        points: list[list[int]] = []
        while len(points) < n:
            p = [draw_int(rng, -3, 3), draw_int(rng, -3, 3)]
            if p not in points:
                points.append(p)
        labels = [1, -1] + [pick(rng, [1, -1]) for _ in range(n - 2)]
        order = [int(i) for i in rng.permutation(n)]
        labels = [labels[i] for i in order]
        alpha = self._alpha(rng, labels)
        data: dict[str, Any] = {
            "points": points,
            "labels": labels,
            "alpha": json_vector(alpha),
            "ask": ask,
        }
        intro_tex = (
            f"The data set {points_latex(points, labels)} and dual variables "
            f"$\\alpha = {tuple_latex(alpha)}$. "
        )
        kind = "number"
        wrong: list[tuple[Any, str, str]] = []
        if ask == "dual-objective":
            right: Any = _dual_objective(alpha, points, labels)
            q_tex = (
                r"Evaluate the dual objective $W(\alpha) = \sum_i \alpha_i - \tfrac12 \sum_{i,j} "
                r"\alpha_i \alpha_j y_i y_j x_i^T x_j$."
            )
            v = [
                sum((alpha[i] * labels[i] * points[i][k] for i in range(n)), Fraction(0))
                for k in range(2)
            ]
            steps = [
                r"The double sum is $\|\sum_i \alpha_i y_i x_i\|^2$: "
                f"$\\sum_i \\alpha_i y_i x_i = {column_latex(v)}$, with squared norm "
                f"${tex_number(dot(v, v))}$.",
                f"$W = {tex_number(sum(alpha))} - \\tfrac12 \\cdot {tex_number(dot(v, v))} = "
                f"{tex_number(right)}$.",
            ]
            wrong = [
                (
                    _dual_objective(alpha, points, labels, with_labels=False),
                    "dropped-labels",
                    "Each term carries yᵢ yⱼ: pairs of opposite labels enter with a minus sign.",
                ),
                (
                    _dual_objective(alpha, points, labels, half=Fraction(1)),
                    "dropped-half",
                    "The quadratic term has the factor ½.",
                ),
            ]
        elif ask == "w-from-alpha":
            kind = "matrix"
            right = [
                sum((alpha[i] * labels[i] * points[i][k] for i in range(n)), Fraction(0))
                for k in range(2)
            ]
            q_tex = r"Find $w = \sum_i \alpha_i y_i x_i$ as a vector."
            terms = combo(
                [(alpha[i] * labels[i], tuple_latex(points[i])) for i in range(n) if alpha[i]], True
            )
            steps = [f"$w = {terms} = {tuple_latex(right)}$."]
            wrong = [
                (
                    [
                        sum((alpha[i] * points[i][k] for i in range(n)), Fraction(0))
                        for k in range(2)
                    ],
                    "dropped-labels",
                    "Each point enters with its label: w = Σ αᵢ yᵢ xᵢ, so negative points are "
                    "subtracted.",
                )
            ]
        else:  # feasible
            kind = "boolean"
            c = Fraction(draw_int(rng, 1, 3))
            variant = pick(rng, ["feasible", "balance", "above-c", "negative"])
            shown = list(alpha)
            if variant == "balance":
                shown[0] += Fraction(1, 2)
            elif variant == "above-c":
                i = next(i for i in range(n) if labels[i] == 1)
                j = next(j for j in range(n) if labels[j] == -1)
                shown[i] += c
                shown[j] += c
            elif variant == "negative":
                # two points of one class: moving ½ + αᵢ from one to the other keeps the
                # balance and leaves a single negative entry
                y = 1 if labels.count(1) >= 2 else -1
                i, k = [i for i in range(n) if labels[i] == y][:2]
                moved = shown[i] + Fraction(1, 2)
                shown[i] -= moved
                shown[k] += moved
            ok_balance = sum(a * y for a, y in zip(shown, labels, strict=True)) == 0
            ok_box = all(0 <= a <= c for a in shown)
            right = "true" if ok_balance and ok_box else "false"
            data |= {"alpha": json_vector(shown), "C": json_value(c)}
            intro_tex = (
                f"The data set {points_latex(points, labels)} and dual variables "
                f"$\\alpha = {tuple_latex(shown)}$. "
            )
            q_tex = (
                f"Is $\\alpha$ feasible for the soft-margin dual with $C = {tex_number(c)}$, i.e. "
                r"$\sum_i \alpha_i y_i = 0$ and $0 \le \alpha_i \le C$?"
            )
            balance = sum(a * y for a, y in zip(shown, labels, strict=True))
            steps = [
                f"$\\sum_i \\alpha_i y_i = {tex_number(balance)}$"
                + (" (good)" if ok_balance else r" $\ne 0$")
                + "; the box $0 \\le \\alpha_i \\le "
                + f"{tex_number(c)}$ "
                + ("holds." if ok_box else "fails."),
                f"So the answer is {right}.",
            ]
        if kind == "boolean":
            misconceptions, expected = [], right
        else:
            misconceptions, expected = mistakes(wrong), answer_text(right)
        return Draft(
            prompt=intro_tex + q_tex,
            kind=kind,
            expected=expected,
            data=data,
            hints=[
                r"Work with $v = \sum_i \alpha_i y_i x_i$: the double sum of the dual is "
                r"$\|v\|^2$.",
            ],
            solution="\n\n".join(steps),
            misconceptions=misconceptions,
        )

    def _alpha(self, rng: np.random.Generator, labels: Sequence[int]) -> list[Fraction]:
        """Nonnegative α with Σ αᵢ yᵢ = 0 (halves), not all zero."""
        while True:
            alpha = [Fraction(draw_int(rng, 0, 4), 2) for _ in labels]
            balance = sum(a * y for a, y in zip(alpha, labels, strict=True))
            # put the imbalance on one point of the class that is short
            fix = next(i for i, y in enumerate(labels) if y * balance < 0 or balance == 0)
            alpha[fix] += abs(balance)
            if sum(a * y for a, y in zip(alpha, labels, strict=True)) == 0 and any(alpha):
                return alpha

    def _solve(self, rng: np.random.Generator, difficulty: int, ask: str) -> Draft:
        while True:
            x_pos = [draw_int(rng, -3, 3), draw_int(rng, -3, 3)]
            x_neg = [draw_int(rng, -3, 3), draw_int(rng, -3, 3)]
            if x_pos != x_neg:
                break
        d = [Fraction(p - q) for p, q in zip(x_pos, x_neg, strict=True)]
        dd = dot(d, d)
        alpha_sv = 2 / dd
        w = [alpha_sv * v for v in d]
        b = -dot(w, [Fraction(p + q, 2) for p, q in zip(x_pos, x_neg, strict=True)])
        points, labels = [x_pos, x_neg], [1, -1]
        if difficulty == 3:
            extra = draw_int(rng, 1, 2)
            tries = 0
            while len(points) < 2 + extra and tries < 500:
                tries += 1
                p = [draw_int(rng, -4, 4), draw_int(rng, -4, 4)]
                s = score(w, b, p)
                if p not in points and abs(s) >= Fraction(3, 2):
                    points.append(p)
                    labels.append(1 if s > 0 else -1)
        order = [int(i) for i in rng.permutation(len(points))]
        points = [points[i] for i in order]
        labels = [labels[i] for i in order]
        alpha = [alpha_sv if order[k] < 2 else Fraction(0) for k in range(len(points))]
        i_pos, i_neg = order.index(0), order.index(1)
        n = len(points)
        data = {"points": points, "labels": labels, "ask": ask}
        intro_tex = (
            f"The hard-margin SVM on the data set {points_latex(points, labels)}: maximise "
            r"$W(\alpha) = \sum_i \alpha_i - \tfrac12 \sum_{i,j} \alpha_i \alpha_j y_i y_j "
            r"x_i^T x_j$ subject to $\alpha_i \ge 0$, $\sum_i \alpha_i y_i = 0$; then "
            r"$w = \sum_i \alpha_i y_i x_i$, and the classifier is "
            r"$\operatorname{sign}(w^T x + b)$. "
        )
        kind = "number"
        wrong: list[tuple[Any, str, str]] = []
        if ask == "solve-alpha" and n == 2:
            right: Any = alpha_sv
            q_tex = r"Find the optimal $\alpha_1$ ($= \alpha_2$)."
            wrong = [
                (
                    alpha_sv / 2,
                    "dropped-factor-two",
                    "With α₁ = α₂ = a, W = 2a − ½a²‖x₁ − x₂‖²; its maximiser is a = 2/‖x₁ − x₂‖².",
                )
            ]
            expected = text_number(right)
        elif ask == "solve-alpha":
            kind = "sequence"
            right = alpha
            q_tex = r"Find the optimal $\alpha_1, \dots, \alpha_" + f"{n}$ in order."
            expected = ", ".join(text_number(a) for a in alpha)
        elif ask == "solve-w":
            kind = "matrix"
            right = w
            q_tex = r"Find the optimal $w$ as a vector."
            wrong = [
                (
                    d,
                    "unscaled-direction",
                    "w points along x₊ − x₋, but its length is fixed by the margin: "
                    "w = 2(x₊ − x₋)/‖x₊ − x₋‖².",
                )
            ]
            expected = answer_text(right)
        else:
            right = b
            q_tex = r"Find the optimal offset $b$."
            wrong = [
                (
                    1 - dot(w, x_neg),
                    "wrong-label",
                    "b comes from yₛ(wᵀxₛ + b) = 1 with the support vector's own label: for the "
                    "negative one, wᵀxₛ + b = −1.",
                )
            ]
            expected = text_number(right)
        times_dd = "" if dd == 1 else f" \\cdot {tex_number(dd)}"
        steps = [
            f"The closest opposite pair is $x_{i_pos + 1}$ and $x_{i_neg + 1}$; their "
            f"difference is ${tuple_latex(d)}$ with squared length ${tex_number(dd)}$.",
            f"With only those two active, $\\alpha_{i_pos + 1} = \\alpha_{i_neg + 1} = a$ and "
            f"$W = 2a - \\tfrac12 a^2{times_dd}$, maximised at $a = {tex_number(alpha_sv)}$.",
            f"$w = a(x_{i_pos + 1} - x_{i_neg + 1}) = {tuple_latex(w)}$ and from "
            f"$w^T x_{i_pos + 1} + b = 1$: $b = {tex_number(b)}$.",
        ]
        if n > 2:
            others = ", ".join(
                f"$y_{k + 1}(w^T x_{k + 1} + b) = {tex_number(labels[k] * score(w, b, points[k]))}$"
                for k in range(n)
                if k not in (i_pos, i_neg)
            )
            steps.append(
                f"The other points lie beyond the margin ({others} > 1), so their "
                r"$\alpha$ is 0 and the KKT conditions hold."
            )
        return Draft(
            prompt=intro_tex + q_tex,
            kind=kind,
            expected=expected,
            data=data,
            hints=[
                "Only points on the margin get αᵢ > 0; here one positive and one negative "
                "point decide it.",
                "With two support vectors, Σ αᵢ yᵢ = 0 makes their α equal; maximise W in that "
                "single value.",
            ],
            solution="\n\n".join(steps),
            misconceptions=mistakes(wrong) if kind != "sequence" else [],
        )
