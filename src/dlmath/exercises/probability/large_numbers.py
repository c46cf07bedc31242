"""probability.law-of-large-numbers: the variance of a sample mean or sum (level 1),
Chebyshev's bound on the sample mean of coin flips (level 2), and the smallest sample
size that bound certifies (level 3). Answers are exact fractions or integers.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

COIN_PROBABILITIES = tuple(Fraction(t) for t in ("1/2", "1/3", "1/4", "1/5", "2/5", "1/10", "3/10"))
SAMPLE_SIZES = (50, 100, 200, 250, 400, 500, 800, 1000, 2000)
TOLERANCES = tuple(Fraction(t) for t in ("1/10", "1/20", "1/5", "1/25", "1/50", "1/4"))
ODD_TOLERANCES = tuple(Fraction(t) for t in ("3/10", "2/5", "3/20", "3/50"))
RISKS = tuple(Fraction(t) for t in ("1/10", "1/20", "1/100", "1/50", "1/5", "1/40"))


@register
class LawOfLargeNumbers(Generator):
    """Var X̄ = σ²/n and Chebyshev: P(|X̄ − μ| ≥ ε) ≤ σ²/(nε²) → 0."""

    skill = "probability.law-of-large-numbers"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._spread(rng)
        if difficulty == 2:
            return self._coin_bound(rng)
        return self._sample_size(rng)

    @staticmethod
    def _spread(rng: np.random.Generator) -> Draft:
        mean, variance, n = draw_int(rng, -10, 10), draw_int(rng, 1, 60), draw_int(rng, 2, 50)
        of_mean = rng.random() < 0.6
        if of_mean:
            answer = Fraction(variance, n)
            what = "\\bar X_n = \\frac{1}{n}\\sum_i X_i"
            solution = (
                f"$\\operatorname{{Var}}(\\bar X_n) = \\frac{{1}}{{n^2}} \\cdot n\\sigma^2 = "
                f"\\frac{{\\sigma^2}}{{n}} = \\frac{{{variance}}}{{{n}}}"
                + ("" if answer.denominator == n else f" = {_lx(answer)}")
                + "$."
            )
            wrong = [
                (
                    "misconception:no-averaging",
                    Fraction(variance),
                    "Averaging n independent "
                    "values divides the variance by n; the sample mean is less spread than one X.",
                ),
                (
                    "misconception:divided-by-n-squared",
                    Fraction(variance, n * n),
                    "Var(X/n) = Var(X)/n², and the sum of n independent "
                    "terms has variance nσ²: together σ²/n, not σ²/n².",
                ),
                (
                    "misconception:sum-for-mean",
                    Fraction(variance * n),
                    "nσ² is the variance of the sum; the mean divides it by n².",
                ),
            ]
        else:
            answer = Fraction(variance * n)
            what = "S_n = \\sum_i X_i"
            solution = (
                "Variances of independent variables add: "
                f"$\\operatorname{{Var}}(S_n) = n\\sigma^2 = {n} \\cdot {variance} = {answer}$."
            )
            wrong = [
                (
                    "misconception:mean-for-sum",
                    Fraction(variance, n),
                    "σ²/n is the variance "
                    "of the sample mean; the sum of n independent terms has variance nσ².",
                ),
                (
                    "misconception:sd-added",
                    Fraction(variance * n * n),
                    "Independent variances "
                    "add (nσ²); n²σ² would be the variance of nX₁, one value copied n times.",
                ),
            ]
        return Draft(
            prompt=(
                f"$X_1, \\dots, X_{{{n}}}$ are independent, each with mean ${mean}$ and "
                f"variance ${variance}$. Compute the variance of ${what}$ (with $n = {n}$)."
            ),
            kind="number",
            expected=_t(answer),
            data={"mean": mean, "variance": variance, "n": n, "of": "mean" if of_mean else "sum"},
            hints=[
                "For independent variables the variance of a sum is the sum of the variances.",
                "Var(cY) = c² Var(Y).",
            ],
            solution=solution,
            misconceptions=[Misconception(c, _t(v), f) for c, v, f in wrong],
        )

    @staticmethod
    def _coin_bound(rng: np.random.Generator) -> Draft:
        while True:
            p, n, eps = (
                pick(rng, COIN_PROBABILITIES),
                pick(rng, SAMPLE_SIZES),
                pick(rng, TOLERANCES),
            )
            variance = p * (1 - p)
            answer = variance / (n * eps * eps)
            if answer < 1:
                break
        return Draft(
            prompt=(
                f"A classifier is right on each test example independently with probability "
                f"$p = {_lx(p)}$. Its accuracy on ${n}$ examples is the sample mean $\\bar X$ "
                f"of Bernoulli($p$) variables. What upper bound does Chebyshev's inequality "
                f"give for $P(|\\bar X - p| \\ge {_lx(eps)})$?"
            ),
            kind="number",
            expected=_t(answer),
            data={"p": _t(p), "n": n, "eps": _t(eps)},
            hints=[
                "A Bernoulli(p) variable has variance p(1 − p); the mean of n of them, p(1 − p)/n.",
                "Chebyshev: P(|X̄ − p| ≥ ε) ≤ Var(X̄)/ε².",
            ],
            solution=(
                f"$\\operatorname{{Var}}(\\bar X) = \\frac{{p(1-p)}}{{n}} = "
                f"\\frac{{{_lx(variance)}}}{{{n}}}$, so $P(|\\bar X - p| \\ge {_lx(eps)}) \\le "
                f"\\frac{{p(1-p)}}{{n\\varepsilon^2}} = \\frac{{{_lx(variance)}}}{{{n} \\cdot "
                f"{_lx(eps * eps)}}} = {_lx(answer)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:single-sample",
                    _t(variance / (eps * eps)),
                    f"That is the bound for one example; the mean of {n} has variance p(1 − p)/n.",
                ),
                Misconception(
                    "misconception:tolerance-not-squared",
                    _t(variance / (n * eps)),
                    "Chebyshev divides by the squared distance ε².",
                ),
                Misconception(
                    "misconception:bernoulli-variance",
                    _t(p / (n * eps * eps)),
                    "The variance of a Bernoulli(p) variable is p(1 − p), not p.",
                ),
            ],
        )

    @staticmethod
    def _sample_size(rng: np.random.Generator) -> Draft:
        variance = draw_int(rng, 1, 25)
        eps, risk = pick(rng, TOLERANCES + ODD_TOLERANCES), pick(rng, RISKS)
        exact = variance / (eps * eps * risk)
        answer = math.ceil(exact)
        return Draft(
            prompt=(
                f"Each $X_i$ has variance ${variance}$ (independent draws). How large must $n$ "
                f"be for Chebyshev's inequality to guarantee "
                f"$P(|\\bar X_n - \\mu| \\ge {_lx(eps)}) \\le {_lx(risk)}$? Give the smallest $n$."
            ),
            kind="number",
            expected=str(answer),
            data={"variance": variance, "eps": _t(eps), "risk": _t(risk)},
            hints=[
                "Chebyshev for the sample mean: P(|X̄ₙ − μ| ≥ ε) ≤ σ²/(nε²).",
                "Solve σ²/(nε²) ≤ δ for n and round up.",
            ],
            solution=(
                f"$\\frac{{\\sigma^2}}{{n\\varepsilon^2}} \\le \\delta \\iff n \\ge "
                f"\\frac{{\\sigma^2}}{{\\varepsilon^2 \\delta}} = \\frac{{{variance}}}"
                f"{{{_lx(eps * eps)} \\cdot {_lx(risk)}}} = {_lx(exact)}$, so $n = {answer}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:tolerance-not-squared",
                    str(math.ceil(variance / (eps * risk))),
                    "The bound has ε² in the denominator: σ²/(nε²).",
                ),
                Misconception(
                    "misconception:rounded-down",
                    str(math.floor(exact)),
                    "n must be at least σ²/(ε²δ): round up, or the bound is not met.",
                ),
                Misconception(
                    "misconception:risk-ignored",
                    str(math.ceil(variance / (eps * eps))),
                    "That n only makes the bound 1; it must fall to δ, so divide by δ too.",
                ),
            ],
        )
