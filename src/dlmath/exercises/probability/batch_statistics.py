"""probability.batch-statistics: the statistics batch normalisation estimates. Level 1
normalises one value with the batch mean and the biased batch variance, level 2 asks the
expected batch variance E[σ_B²] = (m − 1)σ²/m, level 3 applies the inference-time
transform with the unbiased variance estimate m/(m − 1)·σ_B². Answers are exact (ε = 0).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, nonzero_int
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.kit.values import signed_term, sqrt_text
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _over_root(top: Fraction, square: Fraction) -> str:
    """``top/√square`` as simplified text: ``-3*sqrt(2)/4``, or a fraction when rational."""
    return ("-" if top < 0 else "") + sqrt_text(top * top / square)


def _batch(rng: np.random.Generator) -> list[int]:
    m = draw_int(rng, 4, 6)
    xs = [draw_int(rng, -6, 10) for _ in range(m)]
    while len(set(xs)) < 3:
        xs[int(rng.integers(m))] = draw_int(rng, -6, 10)
    return xs


@register
class BatchStatistics(Generator):
    """Batch norm: x̂ = (x − μ_B)/√σ_B² with the biased σ_B²; unbiased at inference."""

    skill = "probability.batch-statistics"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._normalise(rng)
        if difficulty == 2:
            return self._expected_variance(rng)
        return self._inference(rng)

    @staticmethod
    def _normalise(rng: np.random.Generator) -> Draft:
        xs = _batch(rng)
        m = len(xs)
        i = int(rng.integers(m))
        mean = Fraction(sum(xs), m)
        ss = sum((x - mean) ** 2 for x in xs)
        while xs[i] == mean:
            i = (i + 1) % m
        answer = _over_root(xs[i] - mean, ss / m)
        return Draft(
            prompt=(
                f"A batch-normalisation layer sees the batch ${', '.join(map(str, xs))}$ for one "
                f"feature during training. Compute the normalised value $\\hat x$ of the entry "
                f"${xs[i]}$ (entry {i + 1}), with $\\varepsilon = 0$ (an exact expression)."
            ),
            kind="number",
            expected=answer,
            data={"x": xs, "i": i},
            hints=[
                "x̂ = (x − μ_B)/√(σ_B² + ε) with the batch mean μ_B and σ_B² = (1/m) Σ (xᵢ − μ_B)².",
                "Training uses the biased batch variance: divide by m, not m − 1.",
            ],
            solution=(
                f"$\\mu_B = {_lx(mean)}$, $\\sigma_B^2 = \\frac{{{_lx(ss)}}}{{{m}}} = "
                f"{_lx(ss / m)}$, "
                f"so $\\hat x = \\frac{{{xs[i]} - "
                f"{_lx(mean) if mean >= 0 else '(' + _lx(mean) + ')'}}}"
                f"{{\\sqrt{{{_lx(ss / m)}}}}}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:unbiased-variance",
                    _over_root(xs[i] - mean, ss / (m - 1)),
                    "In training, batch normalisation divides by the biased batch variance "
                    "(1/m) Σ (xᵢ − μ_B)²; the m − 1 correction is for the running estimate.",
                ),
                Misconception(
                    "misconception:variance-not-rooted",
                    _t((xs[i] - mean) / (ss / m)),
                    "Divide by the standard deviation √σ_B², not by the variance.",
                ),
            ],
        )

    @staticmethod
    def _expected_variance(rng: np.random.Generator) -> Draft:
        m, var = draw_int(rng, 2, 64), Fraction(draw_int(rng, 1, 20), draw_int(rng, 1, 4))
        answer = (m - 1) * var / m
        return Draft(
            prompt=(
                f"The inputs of a feature are independent with variance ${_lx(var)}$. Batch "
                f"normalisation computes $\\sigma_B^2 = \\frac{{1}}{{m}}\\sum_{{i=1}}^m (x_i - "
                f"\\mu_B)^2$ "
                f"on batches of $m = {m}$. What is $E[\\sigma_B^2]$?"
            ),
            kind="number",
            expected=_t(answer),
            data={"m": m, "variance": _t(var)},
            hints=[
                "E[Σ (xᵢ − x̄)²] = (m − 1)σ²: the batch mean uses up one degree of freedom.",
            ],
            solution=(
                f"$E[\\sigma_B^2] = \\frac{{m - 1}}{{m}}\\sigma^2 = \\frac{{{m - 1}}}{{{m}}} "
                f"\\cdot "
                f"{_lx(var)} = {_lx(answer)}$: biased low, which is why inference uses "
                "$\\frac{m}{m-1}\\sigma_B^2$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:unbiased-assumed",
                    _t(var),
                    "Measured around the batch mean, the squared deviations are smaller on "
                    "average: E[σ_B²] = (m − 1)σ²/m.",
                ),
                Misconception(
                    "misconception:variance-of-mean",
                    _t(var / m),
                    "σ²/m is the variance of the batch mean, not the expected batch variance.",
                ),
            ],
        )

    @staticmethod
    def _inference(rng: np.random.Generator) -> Draft:
        xs = _batch(rng)
        m = len(xs)
        mean = Fraction(sum(xs), m)
        ss = sum((x - mean) ** 2 for x in xs)
        gamma, beta = nonzero_int(rng, -3, 3), draw_int(rng, -4, 4)
        x = draw_int(rng, -6, 10)
        while x == mean:
            x += 1
        unbiased = ss / (m - 1)

        def out(variance: Fraction) -> str:
            core = _over_root(gamma * (x - mean), variance)
            return core if beta == 0 else f"{core} {'+' if beta > 0 else '-'} {abs(beta)}"

        return Draft(
            prompt=(
                f"A batch-normalisation layer ($\\gamma = {gamma}$, $\\beta = {beta}$, "
                f"$\\varepsilon = 0$) estimates its inference statistics from one training batch "
                f"${', '.join(map(str, xs))}$, using the unbiased variance "
                "$\\frac{m}{m-1}\\sigma_B^2$. At inference, what does it output for the input "
                f"${x}$? (An exact expression.)"
            ),
            kind="number",
            expected=out(unbiased),
            data={"x": xs, "input": x, "gamma": gamma, "beta": beta},
            hints=[
                "y = γ (x − E[x])/√Var[x] + β with E[x] = μ_B and Var[x] = m/(m − 1) · σ_B².",
            ],
            solution=(
                f"$E[x] = \\mu_B = {_lx(mean)}$ and $\\operatorname{{Var}}[x] = "
                f"\\frac{{{m}}}{{{m - 1}}}"
                f"\\sigma_B^2 = \\frac{{{_lx(ss)}}}{{{m - 1}}} = {_lx(unbiased)}$, so "
                f"$y = {gamma} \\cdot \\frac{{{x} - "
                f"{_lx(mean) if mean >= 0 else '(' + _lx(mean) + ')'}}}"
                f"{{\\sqrt{{{_lx(unbiased)}}}}} {signed_term(beta)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:biased-at-inference",
                    out(ss / m),
                    "The inference statistics use the unbiased estimate m/(m − 1) · σ_B² of "
                    "the variance.",
                ),
                Misconception(
                    "misconception:affine-dropped",
                    _over_root(x - mean, unbiased),
                    "The normalised value is then scaled by γ and shifted by β.",
                ),
            ],
        )
