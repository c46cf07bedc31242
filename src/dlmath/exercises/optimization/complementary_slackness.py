"""optimization.complementary-slackness: read λᵢ gᵢ(x*) = 0 off a known optimum."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick, tex_number, text_number
from dlmath.exercises.optimization.small_qps import build_qp
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
class ComplementarySlackness(Generator):
    """Read λᵢ gᵢ(x*) = 0 off a known optimum: which constraints are active, which
    multipliers vanish, the multipliers from stationarity on the active set."""

    skill = "optimization.complementary-slackness"
    version = 2

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        # three constraints at every level, so that no list of indices is a coin toss
        m = 3
        n_active = 1 if difficulty == 2 else pick(rng, [1, 2])
        active = sorted(int(i) for i in rng.choice(m, size=n_active, replace=False))
        ask = pick(
            rng,
            {
                1: ["active", "zero-multipliers"],
                2: ["multiplier", "zero-multipliers", "holds"],
                3: ["multipliers", "multiplier", "holds"],
            }[difficulty],
        )
        point = [draw_int(rng, -3, 3), draw_int(rng, -3, 3)]
        values = [2, 4, 6] if difficulty < 3 else [1, 2, 3, 4, 5]
        lam = [pick(rng, values) if i in active else 0 for i in range(m)]
        slacks = [0 if i in active else -draw_int(rng, 1, 4) for i in range(m)]
        qp = build_qp(rng, point, lam, slacks, (1, 1))
        inactive = [i for i in range(m) if i not in active]
        cons_tex = qp.listing()
        x_tex = tuple_latex(point)
        intro_tex = (
            f"The point $x^* = {x_tex}$ minimises $f(x, y) = {qp.objective()}$ subject to "
            f"{cons_tex}. With $g_i(x) = a_i^T x - b_i \\le 0$ and "
            r"$L = f + \sum_i \lambda_i g_i$, "
        )
        slack_steps = ", ".join(
            f"$g_{i + 1}(x^*) = {tex_number(qp.slack(i, point))}$" for i in range(m)
        )
        steps = [f"At $x^*$: {slack_steps}."]
        one_based = [i + 1 for i in active]
        zero_based_inactive = [i + 1 for i in inactive]
        grad = qp.gradient(point)
        stationarity_tex = (
            f"$\\nabla f(x^*) = {column_latex(grad)}$, and stationarity "
            r"$\nabla f(x^*) + \sum_i \lambda_i a_i = 0$ with $\lambda_i = 0$ off the active set "
            f"gives $\\lambda = {tuple_latex(lam)}$."
        )
        kind = "list"
        wrong: list[Misconception] = []
        if ask == "active":
            q_tex = "which constraints are active at $x^*$? List their numbers."
            expected = ", ".join(map(str, one_based))
            wrong = index_mistakes(
                [
                    (
                        zero_based_inactive,
                        "inactive-for-active",
                        "Those are the slack constraints (gᵢ(x*) < 0); the active ones hold "
                        "with equality.",
                    ),
                    (
                        list(range(1, m + 1)),
                        "all-active",
                        "Not every constraint is tight at x*: compute gᵢ(x*) and keep those "
                        "equal to 0.",
                    ),
                ]
            )
            steps.append(f"The active constraints are those with $g_i(x^*) = 0$: {expected}.")
        elif ask == "zero-multipliers":
            q_tex = (
                "which multipliers $\\lambda_i$ must be $0$ by complementary slackness? "
                "List the constraint numbers."
            )
            expected = ", ".join(map(str, zero_based_inactive))
            wrong = index_mistakes(
                [
                    (
                        one_based,
                        "active-for-inactive",
                        "λᵢ gᵢ(x*) = 0 forces λᵢ = 0 where gᵢ(x*) < 0, the slack constraints; "
                        "the active ones may carry a positive multiplier.",
                    )
                ]
            )
            steps.append(
                f"$\\lambda_i g_i(x^*) = 0$ forces $\\lambda_i = 0$ where $g_i(x^*) \\ne 0$: "
                f"constraint(s) {expected}."
            )
        elif ask in ("multiplier", "multipliers"):
            kind = "number" if ask == "multiplier" else "sequence"
            if kind == "number":
                k = pick(rng, active)
                q_tex = f"find $\\lambda_{k + 1}$."
                expected = text_number(lam[k])
                wrong = mistakes(
                    [
                        (
                            Fraction(-lam[k]),
                            "negative-multiplier",
                            "Multipliers of inequality constraints are never negative: "
                            "stationarity is ∇f + Σ λᵢ∇gᵢ = 0, so λ points against ∇f.",
                        ),
                        (
                            Fraction(lam[k], 2),
                            "dropped-factor-two",
                            "The gradient of (x − c)² is 2(x − c): the factor 2 is missing.",
                        ),
                    ]
                )
            else:
                q_tex = r"find all the multipliers $\lambda_1, \dots, \lambda_" + f"{m}$ in order."
                expected = ", ".join(text_number(v) for v in lam)
                halved = [Fraction(v, 2) for v in lam]
                wrong = [
                    Misconception(
                        "misconception:dropped-factor-two",
                        ", ".join(text_number(v) for v in halved),
                        "The gradient of (x − c)² is 2(x − c): the factor 2 is missing.",
                    ),
                    Misconception(
                        "misconception:negative-multiplier",
                        ", ".join(text_number(-v) for v in lam),
                        "Multipliers of inequality constraints are never negative: "
                        "stationarity is ∇f + Σ λᵢ∇gᵢ = 0.",
                    ),
                ]
            steps.append(stationarity_tex)
        else:  # holds
            kind = "boolean"
            variant = pick(rng, ["true", "inactive-weight", "active-dropped"])
            shown = list(lam)
            if variant == "inactive-weight":
                shown[pick(rng, inactive)] = draw_int(rng, 1, 3)
            elif variant == "active-dropped":
                shown[pick(rng, active)] = 0
            holds = all(v * qp.slack(i, point) == 0 for i, v in enumerate(shown))
            expected = "true" if holds else "false"
            q_tex = (
                f"does complementary slackness hold for $x^*$ with $\\lambda = "
                f"{tuple_latex(shown)}$ (only that condition, not the others)?"
            )
            products = ", ".join(
                f"$\\lambda_{i + 1} g_{i + 1} = {tex_number(v * qp.slack(i, point))}$"
                for i, v in enumerate(shown)
            )
            steps.append(f"{products}: " + ("all zero, so it holds." if holds else "not all zero."))
            if variant == "active-dropped":
                steps.append(
                    "It holds, yet this λ is not the right one: stationarity fails with a "
                    "zero multiplier on an active constraint."
                )
        data = qp.to_json() | {
            "point": point,
            "multipliers": lam,
            "ask": ask,
        }
        if ask == "holds":
            data["shown"] = shown
        if ask == "multiplier":
            data["index"] = k + 1
        return Draft(
            prompt=intro_tex + q_tex,
            kind=kind,
            expected=expected,
            data=data,
            hints=[
                "Evaluate each gᵢ(x*) = aᵢᵀx* − bᵢ: zero means active, negative means slack.",
                "Complementary slackness: λᵢ gᵢ(x*) = 0, so a slack constraint has λᵢ = 0; "
                "the active multipliers come from ∇f(x*) + Σ λᵢ aᵢ = 0.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )
