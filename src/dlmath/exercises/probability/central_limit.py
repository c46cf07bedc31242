"""probability.central-limit-theorem: the standardised sample mean (level 1, exact), a
normal approximation to a sample-mean probability (level 2) and to a binomial count with
the continuity correction (level 3). Probabilities are decimals with a 0.2% tolerance;
Φ is computed with ``math.erf``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, latex_factor, nonzero_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

TOLERANCE = 0.002
SQUARES = (4, 9, 16, 25, 36, 49, 64, 81, 100, 144)
COIN_PROBABILITIES = tuple(Fraction(t) for t in ("1/2", "1/4", "1/5", "2/5", "1/10", "3/10"))


def phi(z: float) -> float:
    """The standard normal CDF."""
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def _p(value: float) -> str:
    return format_number(value)


@register
class CentralLimitTheorem(Generator):
    """X̄ₙ ≈ N(μ, σ²/n): z-scores and normal approximations."""

    skill = "probability.central-limit-theorem"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._z_score(rng)
        if difficulty == 2:
            return self._mean_probability(rng)
        return self._binomial(rng)

    @staticmethod
    def _draw(rng: np.random.Generator) -> tuple[int, int, int, Fraction]:
        """μ, σ, n and a sample mean 0.5 to 3 standard errors from μ."""
        mu, sigma, n = draw_int(rng, -20, 60), draw_int(rng, 1, 15), pick(rng, SQUARES)
        error = Fraction(sigma) / math.isqrt(n)
        z = Fraction(nonzero_int(rng, -12, 12), 4)
        if abs(z) < Fraction(1, 2):
            z *= 2
        return mu, sigma, n, mu + z * error

    @staticmethod
    def _z_score(rng: np.random.Generator) -> Draft:
        mu, sigma, n, xbar = CentralLimitTheorem._draw(rng)
        root = math.isqrt(n)
        z = (xbar - mu) * root / sigma
        return Draft(
            prompt=(
                f"Independent $X_1, \\dots, X_{{{n}}}$ have mean ${mu}$ and standard deviation "
                f"${sigma}$. Their sample mean is $\\bar x = {_lx(xbar)}$. Compute the "
                "standardised value $z$ of $\\bar x$ under the central limit theorem."
            ),
            kind="number",
            expected=_t(z),
            data={"mu": mu, "sigma": sigma, "n": n, "xbar": _t(xbar)},
            hints=[
                "By the CLT the sample mean is approximately N(μ, σ²/n).",
                "z = (x̄ − μ) / (σ/√n).",
            ],
            solution=(
                f"The standard error is $\\sigma/\\sqrt n = {sigma}/\\sqrt{{{n}}} = "
                f"{_lx(Fraction(sigma, root))}$, so $z = \\frac{{{_lx(xbar)} - {latex_factor(mu)}}}"
                f"{{{_lx(Fraction(sigma, root))}}} = {_lx(z)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:no-standard-error",
                    _t((xbar - mu) / sigma),
                    "That standardises one observation; the sample mean has the smaller "
                    "standard deviation σ/√n.",
                ),
                Misconception(
                    "misconception:divided-by-n",
                    _t((xbar - mu) * n / sigma),
                    "The standard error is σ/√n: divide σ by the square root of n, not by n.",
                ),
                Misconception(
                    "misconception:variance-for-sd",
                    _t((xbar - mu) * root / (sigma * sigma)),
                    "Divide by a standard deviation (σ/√n), not by the variance σ².",
                ),
            ],
        )

    @staticmethod
    def _mean_probability(rng: np.random.Generator) -> Draft:
        mu, sigma, n, xbar = CentralLimitTheorem._draw(rng)
        root = math.isqrt(n)
        z = float((xbar - mu) * root / sigma)
        below = rng.random() < 0.5
        answer = phi(z) if below else 1 - phi(z)
        op, op_text = ("\\le", "<=") if below else ("\\ge", ">=")
        naive = float((xbar - mu) / sigma)
        return Draft(
            prompt=(
                f"Per-example prediction errors are independent with mean ${mu}$ and standard "
                f"deviation "
                f"${sigma}$. Use the central limit theorem to approximate the probability "
                f"that the mean error $\\bar X$ of a batch of ${n}$ is ${op} {_lx(xbar)}$ "
                "(four significant digits)."
            ),
            kind="number",
            expected=_p(answer),
            data={"mu": mu, "sigma": sigma, "n": n, "xbar": _t(xbar), "below": below},
            hints=[
                "The batch mean is approximately N(μ, σ²/n).",
                "Standardise with z = (x̄ − μ)/(σ/√n), then read Φ(z).",
            ],
            solution=(
                f"$z = \\frac{{{_lx(xbar)} - {latex_factor(mu)}}}{{{sigma}/\\sqrt{{{n}}}}} = "
                f"{_lx((xbar - mu) * root / sigma)}$, "
                f"so $P(\\bar X {op} {_lx(xbar)}) \\approx "
                + (f"\\Phi({_p(z)})" if below else f"1 - \\Phi({_p(z)})")
                + f" = {_p(answer)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:no-standard-error",
                    _p(phi(naive) if below else 1 - phi(naive)),
                    "That treats the batch mean as one example; its standard deviation is σ/√n.",
                ),
                Misconception(
                    "misconception:wrong-tail",
                    _p(1 - answer),
                    "That is the probability of the other side; Φ(z) is P(Z ≤ z).",
                ),
            ],
            tolerance=TOLERANCE,
        )

    @staticmethod
    def _binomial(rng: np.random.Generator) -> Draft:
        p, n = pick(rng, COIN_PROBABILITIES), pick(rng, (100, 200, 300, 400, 500, 600, 1000))
        mean, variance = n * p, n * p * (1 - p)
        sd = math.sqrt(variance)
        k = int(mean + float(nonzero_int(rng, -10, 10)) / 5 * sd)
        z = (k + 0.5 - float(mean)) / sd
        answer = phi(z)
        return Draft(
            prompt=(
                f"Each of ${n}$ independent training examples is mislabelled with probability "
                f"${_lx(p)}$. Let $S$ be the number of mislabelled examples. Use the normal "
                f"approximation with the continuity correction to estimate $P(S \\le {k})$ "
                "(four significant digits)."
            ),
            kind="number",
            expected=_p(answer),
            data={"n": n, "p": _t(p), "k": k},
            hints=[
                "S is binomial: mean np, variance np(1 − p); by the CLT approximately normal.",
                f"The continuity correction counts the whole bar of {k}: use {k} + 0.5.",
            ],
            solution=(
                f"$E[S] = np = {_lx(mean)}$ and $\\operatorname{{sd}}(S) = \\sqrt{{np(1-p)}} = "
                f"\\sqrt{{{_lx(variance)}}}$. With the continuity correction "
                f"$P(S \\le {k}) \\approx \\Phi\\left(\\frac{{{k} + 0.5 - {_lx(mean)}}}"
                f"{{\\sqrt{{{_lx(variance)}}}}}\\right) = \\Phi({_p(z)}) = {_p(answer)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:no-continuity-correction",
                    _p(phi((k - float(mean)) / sd)),
                    f"S takes whole values: P(S ≤ {k}) includes the whole bar at {k}, so "
                    f"the normal approximation is evaluated at {k} + 0.5.",
                ),
                Misconception(
                    "misconception:variance-for-sd",
                    _p(phi((k + 0.5 - float(mean)) / float(variance))),
                    "Standardise by the standard deviation √(np(1 − p)), not the variance.",
                ),
            ],
            tolerance=TOLERANCE,
        )
