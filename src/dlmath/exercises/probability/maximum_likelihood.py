"""probability.maximum-likelihood: maximum-likelihood estimates from small IID data sets."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import Surd, draw_int, json_value, pick, sqrt_text
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
class MaximumLikelihood(Generator):
    """MLEs from small IID data sets: Bernoulli p and Poisson λ (difficulty 1), the
    exponential rate and the Gaussian variance (2), then the Gaussian variance or standard
    deviation with a fractional mean, or a rate from half-integer data (3)."""

    skill = "probability.maximum-likelihood"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            if rng.random() < 0.5:
                return self._bernoulli(rng)
            return self._poisson(draw_data(rng, draw_int(rng, 5, 8), 0, 5))
        if difficulty == 2:
            if rng.random() < 0.5:
                return self._exponential(draw_data(rng, draw_int(rng, 4, 6), 1, 9))
            return self._gaussian(
                draw_data(rng, draw_int(rng, 4, 5), 0, 9, mean_divides=True), False
            )
        ask = pick(rng, ["variance", "variance", "sd", "rate"])
        if ask == "rate":
            halves = [Fraction(draw_int(rng, 1, 12), 2) for _ in range(draw_int(rng, 4, 6))]
            return self._exponential(halves)
        values = draw_data(rng, draw_int(rng, 5, 8), 0, 9)
        return self._gaussian(values, ask == "sd")

    def _bernoulli(self, rng: np.random.Generator) -> Draft:
        n = draw_int(rng, 6, 12)
        k = draw_int(rng, 1, n - 1)
        flips = [1] * k + [0] * (n - k)
        flips = [flips[int(i)] for i in rng.permutation(n)]
        answer = Fraction(k, n)
        mistakes = [
            Misconception(
                "misconception:complement",
                format_number(1 - answer),
                "That is the fraction of zeros; p is the probability of a 1.",
            )
        ]
        return Draft(
            prompt=(
                "Independent Bernoulli($p$) trials gave "
                f"${data_text(flips)}$. Find the maximum likelihood estimate $\\hat p$."
            ),
            kind="number",
            expected=format_number(answer),
            data={"ask": "bernoulli", "x": flips},
            hints=[
                "The log-likelihood is k log p + (n − k) log(1 − p), with k the number of 1s.",
                "Set its derivative k/p − (n − k)/(1 − p) to zero.",
            ],
            solution=(
                f"With $k = {k}$ ones in $n = {n}$ trials, $\\ell(p) = {k} \\log p + {n - k} "
                f"\\log(1 - p)$; $\\ell'(p) = \\frac{{{k}}}{{p}} - \\frac{{{n - k}}}{{1 - p}} = "
                f"0$ gives $\\hat p = \\frac{{k}}{{n}} = {latex_number(answer)}$."
            ),
            misconceptions=mistakes,
        )

    def _poisson(self, counts: list[int]) -> Draft:
        n, total = len(counts), sum(counts)
        answer = Fraction(total, n)
        avg, ss = sum_of_squares(counts)
        mistakes = [
            Misconception(
                "misconception:variance-for-mean",
                format_number(ss / (n - 1)),
                "That is the sample variance. A Poisson's variance is λ too, but the "
                "likelihood is maximised by the sample mean.",
            ),
            Misconception(
                "misconception:reciprocal",
                format_number(Fraction(n, total)),
                "λ is the mean count, not its reciprocal: λ̂ = Σ xᵢ / n.",
            ),
        ]
        return Draft(
            prompt=(
                f"Counts ${data_text(counts)}$ are independent draws from a Poisson"
                "($\\lambda$) distribution. Find the maximum likelihood estimate "
                "$\\hat\\lambda$."
            ),
            kind="number",
            expected=format_number(answer),
            data={"ask": "poisson", "x": counts},
            hints=[
                "ℓ(λ) = Σ xᵢ log λ − n λ − Σ log xᵢ!.",
                "Set ℓ'(λ) = Σ xᵢ / λ − n to zero.",
            ],
            solution=(
                f"$\\ell(\\lambda) = {total} \\log \\lambda - {n} \\lambda + \\text{{const}}$, "
                f"$\\ell'(\\lambda) = \\frac{{{total}}}{{\\lambda}} - {n} = 0$, so "
                f"$\\hat\\lambda = \\bar x = {latex_number(answer)}$."
            ),
            misconceptions=mistakes,
        )

    def _exponential(self, values: Sequence[Fraction | int]) -> Draft:
        n = len(values)
        total = sum((Fraction(v) for v in values), ZERO)
        answer = n / total
        mistakes = [
            Misconception(
                "misconception:mean-for-rate",
                format_number(total / n),
                "That is the sample mean, which estimates the mean 1/λ; the rate is its "
                "reciprocal, λ̂ = n / Σ xᵢ.",
            )
        ]
        return Draft(
            prompt=(
                f"Waiting times ${data_text(values)}$ are independent draws from an "
                "exponential distribution with rate $\\lambda$ (density "
                "$\\lambda e^{-\\lambda x}$). Find the maximum likelihood estimate "
                "$\\hat\\lambda$."
            ),
            kind="number",
            expected=format_number(answer),
            data={"ask": "exponential", "x": [json_value(v) for v in values]},
            hints=[
                "ℓ(λ) = n log λ − λ Σ xᵢ.",
                "Set ℓ'(λ) = n / λ − Σ xᵢ to zero.",
            ],
            solution=(
                f"$\\ell(\\lambda) = {n} \\log \\lambda - {latex_number(total)} \\lambda$, "
                f"$\\ell'(\\lambda) = \\frac{{{n}}}{{\\lambda}} - {latex_number(total)} = 0$, "
                f"so $\\hat\\lambda = \\frac{{n}}{{\\sum_i x_i}} = {latex_number(answer)}$ "
                "(one over the sample mean)."
            ),
            misconceptions=mistakes,
        )

    def _gaussian(self, values: list[int], root: bool) -> Draft:
        n = len(values)
        avg, ss = sum_of_squares(values)
        mle, unbiased = ss / n, ss / (n - 1)
        if root:
            answer = Surd.sqrt(mle)
            expected = answer.text()
            mistakes = [
                Misconception(
                    "misconception:unbiased-for-mle",
                    sqrt_text(unbiased),
                    "Dividing by n − 1 gives the unbiased variance, not the MLE: the "
                    "likelihood is maximised by σ̂² = Σ (xᵢ − x̄)² / n.",
                ),
                Misconception(
                    "misconception:variance-for-sd",
                    format_number(mle),
                    "That is σ̂², the MLE of the variance; the MLE of σ is its square root "
                    "(MLEs carry over through functions).",
                ),
            ]
            what_latex = "$\\hat\\sigma$ of the standard deviation $\\sigma$"
        else:
            answer = mle
            expected = format_number(mle)
            mistakes = [
                Misconception(
                    "misconception:unbiased-for-mle",
                    format_number(unbiased),
                    "Dividing by n − 1 gives the unbiased sample variance, not the MLE: the "
                    "likelihood is maximised by σ̂² = Σ (xᵢ − x̄)² / n.",
                ),
                Misconception(
                    "misconception:sd-for-variance",
                    sqrt_text(mle),
                    "That is σ̂, the standard deviation; the question asks for the variance σ̂².",
                ),
            ]
            what_latex = "$\\hat\\sigma^2$ of the variance $\\sigma^2$"
        finish = (
            f"$\\hat\\sigma = \\sqrt{{{latex_number(mle)}}} = {answer.latex()}$."
            if root
            else "(The unbiased estimate would divide by $n - 1$; the MLE divides by $n$.)"
        )
        return Draft(
            prompt=(
                f"Data ${data_text(values)}$ are independent draws from a normal "
                "distribution $\\mathcal{N}(\\mu, \\sigma^2)$ with unknown $\\mu$ and "
                f"$\\sigma^2$. Find the maximum likelihood estimate {what_latex}."
            ),
            kind="number",
            expected=expected,
            data={"ask": "gaussian-sd" if root else "gaussian-variance", "x": values},
            hints=[
                "ℓ(μ, σ²) = −(n/2) log(2πσ²) − Σ (xᵢ − μ)² / (2σ²); maximise over μ first.",
                "μ̂ = x̄; setting ∂ℓ/∂σ² = 0 gives σ̂² = Σ (xᵢ − x̄)² / n (divide by n, not n − 1).",
            ],
            solution="\n\n".join(
                [
                    "$\\ell(\\mu, \\sigma^2) = -\\frac{n}{2}\\log(2\\pi\\sigma^2) - "
                    "\\frac{1}{2\\sigma^2}\\sum_i (x_i - \\mu)^2$. "
                    f"$\\partial \\ell / \\partial \\mu = 0$ gives $\\hat\\mu = \\bar x = "
                    f"{latex_number(avg)}$.",
                    deviations_latex(values, avg, ss),
                    f"$\\partial \\ell / \\partial \\sigma^2 = -\\frac{{n}}{{2\\sigma^2}} + "
                    f"\\frac{{1}}{{2\\sigma^4}} \\sum_i (x_i - \\bar x)^2 = 0$ gives "
                    f"$\\hat\\sigma^2 = \\frac{{{latex_number(ss)}}}{{{n}}} = "
                    f"{latex_number(mle)}$.",
                    finish,
                ]
            ),
            misconceptions=mistakes,
        )
