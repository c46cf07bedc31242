"""probability.conditional-expectation: E[X | Y = y] from a joint table, the law of total
expectation run backwards (a missing group mean), then the law of total variance.

Every answer is an exact fraction; all randomness comes from the ``rng``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, latex_factor
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.kit.distributions import random_joint, weights
from dlmath.exercises.kit.values import json_matrix, json_vector
from dlmath.exercises.probability.tables import column_marginal, joint_table_latex, row_marginal
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _weighted(probs: list[Fraction], values: list[Fraction | int]) -> str:
    return " + ".join(
        f"{_lx(p)} \\cdot {latex_factor(v)}" for p, v in zip(probs, values, strict=True)
    )


@register
class ConditionalExpectation(Generator):
    """E[X | Y = y] as a function of y; E[X] = E[E[X | Y]]; Var X = E[Var] + Var E."""

    skill = "probability.conditional-expectation"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._from_table(rng)
        if difficulty == 2:
            return self._missing_group_mean(rng)
        return self._total_variance(rng)

    # -- level 1 ---------------------------------------------------------------------------

    @staticmethod
    def _from_table(rng: np.random.Generator) -> Draft:
        rows, cols = 3, int(rng.integers(2, 4))
        xs = sorted(int(v) for v in rng.choice(range(-3, 8), size=rows, replace=False))
        ys = list(range(cols))
        p = random_joint(rng, rows, cols, 24, minimum=1)
        y = int(rng.integers(cols))
        column = [row[y] for row in p]
        py = column_marginal(p)[y]
        answer = sum((x * q for x, q in zip(xs, column, strict=True)), Fraction(0)) / py
        unnormalised = answer * py
        overall = sum((x * q for x, q in zip(xs, row_marginal(p), strict=True)), Fraction(0))
        unweighted = Fraction(sum(xs), rows)
        table = joint_table_latex(p, xs, ys)
        return Draft(
            prompt=f"$X$ and $Y$ have the joint PMF\n\n{table}\n\nCompute $E[X \\mid Y = {y}]$.",
            kind="number",
            expected=_t(answer),
            data={"X": xs, "Y": ys, "P": json_matrix(p), "y": y},
            hints=[
                f"Restrict to the column Y = {y} and renormalise it: "
                f"P(X = x | Y = {y}) = P(X = x, Y = {y}) / P(Y = {y}).",
                f"E[X | Y = {y}] = Σ_x x · P(X = x | Y = {y}).",
            ],
            solution="\n\n".join(
                [
                    f"$P(Y = {y}) = {' + '.join(_lx(q) for q in column)} = {_lx(py)}$.",
                    f"$E[X \\mid Y = {y}] = \\frac{{{_weighted(column, xs)}}}{{{_lx(py)}}}"
                    f" = \\frac{{{_lx(unnormalised)}}}{{{_lx(py)}}} = {_lx(answer)}$.",
                ]
            ),
            misconceptions=[
                Misconception(
                    "misconception:not-renormalised",
                    _t(unnormalised),
                    f"That is Σ x · P(X = x, Y = {y}), which uses the joint probabilities; "
                    f"divide by P(Y = {y}) so the conditional probabilities sum to 1.",
                ),
                Misconception(
                    "misconception:condition-ignored",
                    _t(overall),
                    f"That is the unconditional E[X]; given Y = {y} only the column "
                    f"Y = {y} counts.",
                ),
                Misconception(
                    "misconception:unweighted-values",
                    _t(unweighted),
                    "That is the plain average of the values of X; weight each value by its "
                    "conditional probability.",
                ),
            ],
        )

    # -- level 2 ---------------------------------------------------------------------------

    @staticmethod
    def _missing_group_mean(rng: np.random.Generator) -> Draft:
        k = int(rng.integers(3, 5))
        denominator = 10 if k == 3 else 20
        probs = [Fraction(c, denominator) for c in weights(rng, k, denominator, 1)]
        means = [draw_int(rng, 1, 30) for _ in range(k)]
        missing = int(rng.integers(k))
        total = sum((p * m for p, m in zip(probs, means, strict=True)), Fraction(0))
        known = total - probs[missing] * means[missing]
        answer = Fraction(means[missing])
        names = [f"group {i + 1}" for i in range(k)]
        shown = [("?" if i == missing else str(m)) for i, m in enumerate(means)]
        lines = " \\\\ ".join(
            f"\\text{{{n}}} & {_lx(p)} & {s}" for n, p, s in zip(names, probs, shown, strict=True)
        )
        table = (
            "$$\\begin{array}{l|cc} & P(G = g) & E[X \\mid G = g] \\\\ \\hline "
            f"{lines} \\end{{array}}$$"
        )
        m = names[missing]
        return Draft(
            prompt=(
                "A data set mixes groups $G$. The table gives each group's probability and "
                f"the mean of a feature $X$ within the group; $E[X] = {_lx(total)}$.\n\n"
                f"{table}\n\nWhat is the mean of $X$ in {m}?"
            ),
            kind="number",
            expected=_t(answer),
            data={
                "probs": json_vector(probs),
                "means": [None if i == missing else v for i, v in enumerate(means)],
                "missing": missing,
                "total": json_vector([total])[0],
            },
            hints=[
                "The law of total expectation: E[X] = Σ_g P(G = g) · E[X | G = g].",
                f"Subtract the known groups' terms from E[X], then divide by P(G = {missing + 1}).",
            ],
            solution="\n\n".join(
                [
                    "By the law of total expectation $E[X] = \\sum_g P(G = g)\\,E[X \\mid G = g]$.",
                    f"The known groups contribute ${_lx(known)}$, so "
                    f"${_lx(probs[missing])} \\cdot m = {_lx(total)} - {_lx(known)} = "
                    f"{_lx(total - known)}$ and $m = {_lx(answer)}$.",
                ]
            ),
            misconceptions=[
                Misconception(
                    "misconception:not-divided-by-weight",
                    _t(total - known),
                    f"That is P(G = {missing + 1}) · m, the group's share of E[X]; divide by "
                    "the group's probability to get its mean.",
                ),
                Misconception(
                    "misconception:unweighted-groups",
                    _t(k * total - (sum(means) - means[missing])),
                    "That treats E[X] as the plain average of the group means; the law of "
                    "total expectation weights each group by its probability.",
                ),
            ],
        )

    # -- level 3 ---------------------------------------------------------------------------

    @staticmethod
    def _total_variance(rng: np.random.Generator) -> Draft:
        k = int(rng.integers(2, 4))
        denominator = int(rng.choice([4, 5, 10]))
        probs = [Fraction(c, denominator) for c in weights(rng, k, denominator, 1)]
        means = [draw_int(rng, -6, 12) for _ in range(k)]
        while len(set(means)) == 1:
            means[-1] = draw_int(rng, -6, 12)
        variances = [draw_int(rng, 1, 16) for _ in range(k)]
        mean = sum((p * m for p, m in zip(probs, means, strict=True)), Fraction(0))
        within = sum((p * v for p, v in zip(probs, variances, strict=True)), Fraction(0))
        between = sum((p * (m - mean) ** 2 for p, m in zip(probs, means, strict=True)), Fraction(0))
        answer = within + between
        rows = " \\\\ ".join(
            f"{i + 1} & {_lx(p)} & {m} & {v}"
            for i, (p, m, v) in enumerate(zip(probs, means, variances, strict=True))
        )
        table = (
            "$$\\begin{array}{c|ccc} g & P(Y = g) & E[X \\mid Y = g] & "
            f"\\operatorname{{Var}}(X \\mid Y = g) \\\\ \\hline {rows} \\end{{array}}$$"
        )
        return Draft(
            prompt=(
                "A mixture: first $Y$ is drawn, then $X$ from the component $Y$. The table "
                f"gives each component.\n\n{table}\n\nCompute $\\operatorname{{Var}}(X)$."
            ),
            kind="number",
            expected=_t(answer),
            data={
                "probs": json_vector(probs),
                "means": means,
                "variances": variances,
            },
            hints=[
                "The law of total variance: Var X = E[Var(X | Y)] + Var(E[X | Y]).",
                "The first term averages the within-component variances; the second is the "
                "variance of the component means around E[X].",
            ],
            solution="\n\n".join(
                [
                    f"$E[X] = {_weighted(probs, means)} = {_lx(mean)}$.",
                    f"$E[\\operatorname{{Var}}(X \\mid Y)] = {_weighted(probs, variances)}"
                    f" = {_lx(within)}$.",
                    "$\\operatorname{Var}(E[X \\mid Y]) = \\sum_g P(Y = g)(E[X \\mid Y = g] - "
                    f"E[X])^2 = {_lx(between)}$.",
                    f"$\\operatorname{{Var}}(X) = {_lx(within)} + {_lx(between)} = {_lx(answer)}$.",
                ]
            ),
            misconceptions=[
                Misconception(
                    "misconception:within-only",
                    _t(within),
                    "That is only E[Var(X | Y)]; the component means differ, and their spread "
                    "Var(E[X | Y]) adds to the variance.",
                ),
                Misconception(
                    "misconception:between-only",
                    _t(between),
                    "That is only the variance of the component means; add the average "
                    "within-component variance E[Var(X | Y)].",
                ),
                Misconception(
                    "misconception:unweighted-variances",
                    _t(Fraction(sum(variances), k) + between),
                    "The within-component variances must be weighted by the component "
                    "probabilities, not averaged plainly.",
                ),
            ],
        )
