"""optimization.kkt: the KKT conditions on small QPs."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import dot, draw_int, inverse, json_vector, pick, tex_number
from dlmath.exercises.optimization.monomials import linear_terms, monomials_text
from dlmath.exercises.optimization.small_qps import build_qp
from dlmath.exercises.optimization.written_values import (
    answer_text,
    column_latex,
    mistakes,
    multipliers_latex,
    tuple_latex,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


KKT_CONDITIONS = [
    "none",
    "stationarity",
    "primal feasibility",
    "dual feasibility",
    "complementary slackness",
]


def _solve2(rows: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]) -> list[Fraction]:
    """The solution of a regular 2×2 system, exactly."""
    return [dot(row, rhs) for row in inverse(rows)]


@register
class KKT(Generator):
    """The KKT conditions on min Σ wₖ(xₖ − cₖ)² s.t. aᵢ·x ≤ bᵢ: name the condition a
    candidate (x̂, λ̂) breaks, or solve a QP whose unconstrained minimiser is cut off by
    one constraint (difficulty 3: a second constraint it also violates stays slack)."""

    skill = "optimization.kkt"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        ask = pick(
            rng,
            {
                1: ["which-fails", "which-fails", "solve-x"],
                2: ["which-fails", "solve-x", "solve-lambda"],
                3: ["which-fails", "solve-x", "solve-lambda"],
            }[difficulty],
        )
        m = 1 if difficulty == 1 or (difficulty == 2 and ask != "which-fails") else 2
        weights = (1, 1) if difficulty < 3 else (draw_int(rng, 1, 3), draw_int(rng, 1, 3))
        if ask == "which-fails":
            return self._which_fails(rng, difficulty, m, weights)
        return self._solve(rng, difficulty, m, weights, ask)

    def _which_fails(
        self, rng: np.random.Generator, difficulty: int, m: int, weights: tuple[int, int]
    ) -> Draft:
        target = pick(rng, KKT_CONDITIONS)
        point = [draw_int(rng, -3, 3), draw_int(rng, -3, 3)]
        k = pick(rng, [1, 2, 3]) * (2 if difficulty < 3 else 1)
        rest = [0] * (m - 1)
        slack_rest = [-draw_int(rng, 1, 3) for _ in rest]
        if target in ("none", "stationarity"):
            qp = build_qp(rng, point, [k, *rest], [0, *slack_rest], weights)
            shown = [Fraction(k + (draw_int(rng, 1, 3) if target == "stationarity" else 0)), *rest]
            x_hat = [Fraction(v) for v in point]
        elif target == "dual feasibility":
            qp = build_qp(rng, point, [-k, *rest], [0, *slack_rest], weights)
            shown, x_hat = [Fraction(-k), *rest], [Fraction(v) for v in point]
        elif target == "complementary slackness":
            qp = build_qp(rng, point, [k, *rest], [-draw_int(rng, 1, 3), *slack_rest], weights)
            shown, x_hat = [Fraction(k), *rest], [Fraction(v) for v in point]
        else:  # primal feasibility: the unconstrained minimiser, cut off by constraint 1
            qp = build_qp(rng, point, [0] * m, [draw_int(rng, 1, 3), *slack_rest], weights)
            shown, x_hat = [Fraction(0)] * m, [Fraction(v) for v in point]
        shown = [Fraction(v) for v in shown]
        station = qp.stationarity(x_hat, shown)
        slacks = [qp.slack(i, x_hat) for i in range(m)]
        checks = [
            (
                "stationarity",
                f"$\\nabla f(\\hat x) + \\sum_i \\hat\\lambda_i a_i = {column_latex(station)}$",
                all(v == 0 for v in station),
            ),
            (
                "primal feasibility",
                "$g(\\hat x) = " + tuple_latex(slacks) + r"$ (each must be $\le 0$)",
                all(v <= 0 for v in slacks),
            ),
            (
                "dual feasibility",
                r"$\hat\lambda = " + tuple_latex(shown) + r"$ (each must be $\ge 0$)",
                all(v >= 0 for v in shown),
            ),
            (
                "complementary slackness",
                r"$\hat\lambda_i g_i(\hat x) = "
                + tuple_latex([v * g for v, g in zip(shown, slacks, strict=True)])
                + "$ (each must be $0$)",
                all(v * g == 0 for v, g in zip(shown, slacks, strict=True)),
            ),
        ]
        failing = [name for name, _, ok in checks if not ok]
        assert failing == ([] if target == "none" else [target]), (target, failing)
        cons_tex = qp.listing()
        x_tex, lam_tex = tuple_latex(x_hat), multipliers_latex(shown)
        prompt = (
            f"Minimise $f(x, y) = {qp.objective()}$ subject to {cons_tex}, with "
            r"$g_i(x) = a_i^T x - b_i \le 0$ and $L = f + \sum_i \lambda_i g_i$. "
            f"At the candidate $\\hat x = {x_tex}$, $\\hat\\lambda = {lam_tex}$, which KKT "
            "condition fails? Answer one of: " + ", ".join(KKT_CONDITIONS) + " (if all hold)."
        )
        wrong = []
        if target == "dual feasibility":
            wrong.append(
                Misconception(
                    "misconception:negative-multiplier",
                    "none",
                    "λ̂ has a negative entry: multipliers of inequality constraints must be "
                    "≥ 0 (dual feasibility), even when ∇L = 0.",
                )
            )
        if target == "complementary slackness":
            wrong.append(
                Misconception(
                    "misconception:inactive-multiplier",
                    "none",
                    "A constraint that is slack at x̂ (gᵢ < 0) must have λᵢ = 0: "
                    "λᵢ gᵢ(x̂) = 0 fails here.",
                )
            )
        steps = [
            f"$\\nabla f(\\hat x) = {column_latex(qp.gradient(x_hat))}$.",
            *[
                f"{name.capitalize()}: {shown_tex} — {'holds' if ok else '**fails**'}."
                for name, shown_tex, ok in checks
            ],
        ]
        if target == "none":
            steps.append("All four hold, so for this convex problem $\\hat x$ is the minimiser.")
        return Draft(
            prompt=prompt,
            kind="choice",
            expected=target,
            data=qp.to_json()
            | {
                "ask": "which-fails",
                "point": json_vector(x_hat),
                "multipliers": json_vector(shown),
            },
            hints=[
                "Check the four conditions in turn: ∇f(x̂) + Σ λ̂ᵢ aᵢ = 0; gᵢ(x̂) ≤ 0; "
                "λ̂ᵢ ≥ 0; λ̂ᵢ gᵢ(x̂) = 0.",
                "A candidate can satisfy ∇L = 0 and still fail: look at the signs of λ̂ and at "
                "which constraints are tight.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
            choices=list(KKT_CONDITIONS),
        )

    def _solve(
        self,
        rng: np.random.Generator,
        difficulty: int,
        m: int,
        weights: tuple[int, int],
        ask: str,
    ) -> Draft:
        values = [2, 4, 6] if weights == (1, 1) else [1, 2, 3, 4]
        for _ in range(60):
            point = [draw_int(rng, -3, 3), draw_int(rng, -3, 3)]
            lam1 = pick(rng, values)
            rest = [0] * (m - 1)
            qp = build_qp(
                rng, point, [lam1, *rest], [0, *[-draw_int(rng, 1, 3) for _ in rest]], weights
            )
            # the trap: the second constraint also cuts off the unconstrained minimiser
            if m == 1 or qp.slack(1, qp.center) > 0:
                break
        x_star = [Fraction(v) for v in point]
        lam = Fraction(lam1)
        wrong_x: list[tuple[Any, str, str]] = [
            (
                list(qp.center),
                "ignored-constraint",
                "That is the unconstrained minimiser; it violates constraint (1), so the "
                "constraint is active at the optimum and its multiplier is positive.",
            )
        ]
        wrong_lam: list[tuple[Any, str, str]] = [
            (
                -lam,
                "negative-multiplier",
                "A multiplier of an inequality g(x) ≤ 0 is never negative: with "
                "L = f + λg, stationarity is ∇f + λ∇g = 0.",
            )
        ]
        if m == 2:
            corner = _solve2([[Fraction(v) for v in a] for a in qp.normals], list(qp.bounds))
            grad = qp.gradient(corner)
            both = _solve2(
                [
                    [Fraction(qp.normals[0][0]), Fraction(qp.normals[1][0])],
                    [Fraction(qp.normals[0][1]), Fraction(qp.normals[1][1])],
                ],
                [-grad[0], -grad[1]],
            )
            wrong_x.append(
                (
                    corner,
                    "inactive-multiplier",
                    "Treating both constraints as active gives the corner, but there the "
                    "KKT system needs a negative multiplier or fails: constraint (2) is slack "
                    "at the optimum and its λ is 0.",
                )
            )
            wrong_lam.append(
                (
                    both[0],
                    "inactive-multiplier",
                    "That treats both constraints as active; at the optimum constraint (2) is "
                    "slack, so λ₂ = 0 and only constraint (1) enters stationarity.",
                )
            )
        cons_tex = qp.listing()
        a = qp.normals[0]
        q = {
            "solve-x": "Find the minimiser $x^*$, answered as a vector such as $[1/2, -3]$.",
            "solve-lambda": r"Find the multiplier $\lambda_1^*$ of constraint (1).",
        }[ask]
        prompt = (
            f"Minimise $f(x, y) = {qp.objective()}$ subject to {cons_tex}, with "
            r"$g_i(x) = a_i^T x - b_i \le 0$ and $L = f + \sum_i \lambda_i g_i$. " + q
        )
        c = qp.center
        w1, w2 = weights
        lam_name = (r"\lambda",)
        eq_x = monomials_text(
            [(Fraction(2 * w1), (1, 0)), (Fraction(a[0]), (0, 1)), (-2 * w1 * c[0], (0, 0))],
            True,
            ("x", *lam_name),
        )
        eq_y = monomials_text(
            [(Fraction(2 * w2), (1, 0)), (Fraction(a[1]), (0, 1)), (-2 * w2 * c[1], (0, 0))],
            True,
            ("y", *lam_name),
        )
        x_of = monomials_text([(c[0], (0,)), (Fraction(-a[0], 2 * w1), (1,))], True, lam_name)
        y_of = monomials_text([(c[1], (0,)), (Fraction(-a[1], 2 * w2), (1,))], True, lam_name)
        steps = [
            f"The unconstrained minimiser $c = {tuple_latex(c)}$ has "
            f"$g_1(c) = {tex_number(qp.slack(0, c))} > 0$: it is infeasible, so try constraint (1) "
            "active.",
            f"Stationarity: ${eq_x} = 0$ and ${eq_y} = 0$, so $x = {x_of}$, $y = {y_of}$.",
            f"Put into ${monomials_text(linear_terms(a), True)} = {tex_number(qp.bounds[0])}$: "
            f"$\\lambda_1^* = {tex_number(lam)} \\ge 0$ and $x^* = {tuple_latex(x_star)}$.",
        ]
        if m == 2:
            steps.append(
                f"Constraint (2) at $x^*$: $g_2 = {tex_number(qp.slack(1, x_star))} < 0$, slack, "
                "so "
                "$\\lambda_2^* = 0$ and every KKT condition holds."
            )
        right: Any = x_star if ask == "solve-x" else lam
        return Draft(
            prompt=prompt,
            kind="matrix" if ask == "solve-x" else "number",
            expected=answer_text(right),
            data=qp.to_json() | {"ask": ask},
            hints=[
                "Start from the unconstrained minimiser: which constraint does it violate?",
                "Make that constraint active (equality), solve stationarity ∇f + λ∇g = 0 with "
                "it, and check λ ≥ 0 and the other constraint.",
            ],
            solution="\n\n".join(steps),
            misconceptions=mistakes(wrong_x if ask == "solve-x" else wrong_lam),
        )
