"""probability.sample-statistics: mean, variance and standard deviation of small data
sets, exact fractions or a fraction times a square root."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import Surd, draw_int, sqrt_text
from dlmath.exercises.probability.data_sets import (
    data_text,
    deviations_latex,
    draw_data,
    sum_of_squares,
)
from dlmath.exercises.probability.joints import ZERO
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@register
class SampleStatistics(Generator):
    """Sample mean, sample variance with Bessel's n − 1, sample standard deviation,
    standard error of the mean and sample covariance of paired data."""

    skill = "probability.sample-statistics"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            n = draw_int(rng, 4, 5)
            if rng.random() < 0.4:
                return self._mean(draw_data(rng, n, 0, 9))
            return self._variance(draw_data(rng, n, 0, 9, mean_divides=True), root=False)
        if difficulty == 2:
            values = draw_data(rng, draw_int(rng, 5, 7), 0, 9)
            return self._variance(values, root=rng.random() < 0.4)
        if rng.random() < 0.6:
            return self._standard_error(draw_data(rng, draw_int(rng, 5, 8), 0, 12))
        return self._covariance(rng, draw_int(rng, 4, 6))

    def _mean(self, values: list[int]) -> Draft:
        n, total = len(values), sum(values)
        answer = Fraction(total, n)
        mistakes = [
            Misconception(
                "misconception:bessel-for-mean",
                format_number(Fraction(total, n - 1)),
                "Bessel's n − 1 corrects the sample variance, not the mean: the sample "
                "mean divides the sum by n.",
            )
        ]
        return Draft(
            prompt=f"Find the sample mean $\\bar x$ of the data ${data_text(values)}$.",
            kind="number",
            expected=format_number(answer),
            data={"ask": "mean", "x": values},
            hints=["The sample mean is the sum of the values divided by how many there are."],
            solution=(
                f"$\\bar x = \\frac{{1}}{{n}} \\sum_i x_i = \\frac{{{total}}}{{{n}}} = "
                f"{latex_number(answer)}$."
            ),
            misconceptions=mistakes,
        )

    def _variance(self, values: list[int], root: bool) -> Draft:
        n = len(values)
        avg, ss = sum_of_squares(values)
        s2, by_n = ss / (n - 1), ss / n
        if root:
            answer = Surd.sqrt(s2)
            mistakes = [
                Misconception(
                    "misconception:bessel",
                    sqrt_text(by_n),
                    "The sample standard deviation divides the sum of squared deviations "
                    "by n − 1 (Bessel's correction) before the square root, not by n.",
                ),
                Misconception(
                    "misconception:variance-for-sd",
                    format_number(s2),
                    "That is the sample variance s²; the standard deviation is its square root.",
                ),
            ]
            expected = answer.text()
            what, symbol = "standard deviation", "s"
            result = f"$s = \\sqrt{{{latex_number(s2)}}} = {answer.latex()}$."
        else:
            answer = s2
            mistakes = [
                Misconception(
                    "misconception:bessel",
                    format_number(by_n),
                    "You divided by n; the sample variance divides by n − 1 (Bessel's "
                    "correction), because the deviations are taken from the sample mean.",
                ),
                Misconception(
                    "misconception:sd-for-variance",
                    sqrt_text(s2),
                    "That is the standard deviation s; the variance is s², no square root.",
                ),
            ]
            expected = format_number(s2)
            what, symbol = "variance", "s^2"
            result = f"$s^2 = {latex_number(s2)}$."
        return Draft(
            prompt=(
                f"Find the sample {what} ${symbol}$ (with Bessel's correction, dividing by "
                f"$n - 1$) of the data ${data_text(values)}$."
            ),
            kind="number",
            expected=expected,
            data={"ask": "sd" if root else "variance", "x": values},
            hints=[
                "First the sample mean, then the squared deviations from it.",
                f"s² = Σ (xᵢ − x̄)² / (n − 1) with n = {n}."
                + (" Then take the square root." if root else ""),
            ],
            solution="\n\n".join(
                [
                    f"$\\bar x = {latex_number(avg)}$.",
                    deviations_latex(values, avg, ss),
                    f"$s^2 = \\frac{{{latex_number(ss)}}}{{{n} - 1}} = {latex_number(s2)}$.",
                    *([result] if root else []),
                ]
            ),
            misconceptions=mistakes,
        )

    def _standard_error(self, values: list[int]) -> Draft:
        n = len(values)
        avg, ss = sum_of_squares(values)
        s2 = ss / (n - 1)
        answer = Surd.sqrt(s2 / n)
        mistakes = [
            Misconception(
                "misconception:bessel",
                sqrt_text(ss / n / n),
                "The standard error uses the sample standard deviation s, whose variance "
                "divides by n − 1 (Bessel's correction), not by n.",
            ),
            Misconception(
                "misconception:sd-for-se",
                sqrt_text(s2),
                "That is the sample standard deviation s; the standard error of the mean "
                "is s / √n.",
            ),
            Misconception(
                "misconception:variance-for-se",
                format_number(s2 / n),
                "That is s² / n, the estimated variance of the mean; the standard error is "
                "its square root.",
            ),
            Misconception(
                "misconception:divided-by-n",
                sqrt_text(s2 / (n * n)),
                "Divide s by √n, not by n: Var(x̄) = σ² / n.",
            ),
        ]
        return Draft(
            prompt=(
                "Find the standard error of the mean, $s / \\sqrt{n}$ with $s$ the sample "
                f"standard deviation (dividing by $n - 1$), of the data ${data_text(values)}$."
            ),
            kind="number",
            expected=answer.text(),
            data={"ask": "standard-error", "x": values},
            hints=[
                "Sample mean, then the sample variance s² = Σ (xᵢ − x̄)² / (n − 1).",
                f"SE = s / √n = √(s² / n) with n = {n}.",
            ],
            solution="\n\n".join(
                [
                    f"$\\bar x = {latex_number(avg)}$.",
                    deviations_latex(values, avg, ss),
                    f"$s^2 = \\frac{{{latex_number(ss)}}}{{{n - 1}}} = {latex_number(s2)}$, so "
                    f"$\\mathrm{{SE}} = \\sqrt{{s^2 / n}} = \\sqrt{{{latex_number(s2 / n)}}} = "
                    f"{answer.latex()}$.",
                ]
            ),
            misconceptions=mistakes,
        )

    def _covariance(self, rng: np.random.Generator, n: int) -> Draft:
        while True:
            xs, ys = draw_data(rng, n, 0, 9), draw_data(rng, n, 0, 9)
            mx, my = Fraction(sum(xs), n), Fraction(sum(ys), n)
            cross = sum(((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)), ZERO)
            if cross != 0:
                break
        answer = cross / (n - 1)
        mistakes = [
            Misconception(
                "misconception:bessel",
                format_number(cross / n),
                "The sample covariance divides the sum of products of deviations by "
                "n − 1 (Bessel's correction), not by n.",
            ),
            Misconception(
                "misconception:uncentred",
                format_number(Fraction(sum(x * y for x, y in zip(xs, ys, strict=True)), n - 1)),
                "Subtract the means first: the sample covariance adds (xᵢ − x̄)(yᵢ − ȳ), not xᵢ yᵢ.",
            ),
        ]
        pairs = ", ".join(f"({x}, {y})" for x, y in zip(xs, ys, strict=True))
        products = " + ".join(
            f"({latex_number(x - mx)})({latex_number(y - my)})" for x, y in zip(xs, ys, strict=True)
        )
        return Draft(
            prompt=(
                f"Find the sample covariance (dividing by $n - 1$) of the paired data "
                f"$(x_i, y_i)$: ${pairs}$."
            ),
            kind="number",
            expected=format_number(answer),
            data={"ask": "covariance", "x": xs, "y": ys},
            hints=[
                "First both means x̄ and ȳ.",
                "Add (xᵢ − x̄)(yᵢ − ȳ) over the pairs and divide by n − 1.",
            ],
            solution="\n\n".join(
                [
                    f"$\\bar x = {latex_number(mx)}$, $\\bar y = {latex_number(my)}$.",
                    f"$\\sum_i (x_i - \\bar x)(y_i - \\bar y) = {products} = "
                    f"{latex_number(cross)}$.",
                    f"$s_{{xy}} = \\frac{{{latex_number(cross)}}}{{{n - 1}}} = "
                    f"{latex_number(answer)}$.",
                ]
            ),
            misconceptions=mistakes,
        )
