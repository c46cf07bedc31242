"""Differential entropy of the uniform, exponential and Gaussian densities, in nats.

Unlike entropy, differential entropy can be negative (a uniform density on an interval
shorter than 1), which is the trap of level 2. Answers are exact: ``log(3)``,
``1 - log(2)``, ``1/2*log(9/2*pi*e)``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import pick, rational_sqrt, text_number
from dlmath.exercises.kit.logs import latex_fraction
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

LN2 = math.log(2)


def _log_text(x: Fraction) -> str:
    return f"log({text_number(x)})"


def _pi_e_text(c: Fraction) -> str:
    """``c·π·e`` as text: ``pi*e``, ``9/2*pi*e``."""
    return "pi*e" if c == 1 else f"{text_number(c)}*pi*e"


def _pi_text(c: Fraction) -> str:
    return "pi" if c == 1 else f"{text_number(c)}*pi"


def _bits_for_nats(nats_text: str) -> Misconception:
    return Misconception(
        "misconception:bits-for-nats",
        f"({nats_text})/log(2)",
        "That is the value in bits: you used log base 2, but differential entropy is "
        "asked in nats (the natural logarithm).",
    )


@register
class DifferentialEntropy(Generator):
    """h(X) = −∫ p log p: a uniform of integer width (difficulty 1); a uniform narrower
    than 1, where h < 0 is the trap, or an exponential (2); a Gaussian, or an exponential
    given by its mean (3)."""

    skill = "information.differential-entropy"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            a = int(rng.integers(-3, 4))
            width = Fraction(int(rng.integers(2, 11)))
            return self._uniform(Fraction(a), width)
        if difficulty == 2:
            if rng.random() < 0.5:
                a = Fraction(int(rng.integers(0, 3)))
                widths = [Fraction(1, 2), Fraction(1, 3), Fraction(1, 4), Fraction(2, 3)]
                width = pick(rng, widths)
                return self._uniform(a, width)
            rates = [Fraction(2), Fraction(3), Fraction(5), Fraction(1, 2), Fraction(3, 2)]
            rate = pick(rng, rates)
            return self._exponential(rate, by_mean=False)
        if rng.random() < 0.7:
            variance = pick(
                rng, [Fraction(1, 4), Fraction(1, 2), Fraction(2), Fraction(4), Fraction(9)]
            )
            return self._gaussian(int(rng.integers(-3, 4)), variance, by_std=rng.random() < 0.5)
        mean = pick(rng, [Fraction(2), Fraction(3), Fraction(1, 2), Fraction(5, 2)])
        return self._exponential(1 / mean, by_mean=True)

    def _uniform(self, a: Fraction, width: Fraction) -> Draft:
        b = a + width
        expected = _log_text(width)
        value = math.log(width)
        mistakes = [
            _bits_for_nats(expected),
            Misconception(
                "misconception:density-for-entropy",
                _log_text(1 / width),
                "That is log of the density 1/(b − a); the entropy is −E[log p(X)] = log(b − a).",
            ),
        ]
        interval = f"[{latex_fraction(a)}, {latex_fraction(b)}]"
        question = "Find its differential entropy $h(X)$ in nats."
        solution = [
            f"The density is $p(x) = 1/(b - a) = {latex_fraction(1 / width)}$ on the interval.",
            f"$h(X) = -\\int_a^b p \\ln p \\, dx = \\ln(b - a) = \\ln {latex_fraction(width)}"
            f" \\approx {value:.4f}$ nats.",
        ]
        if width < 1:
            solution.append(
                "It is negative: unlike the entropy of a discrete variable, differential "
                "entropy can be below zero."
            )
        return Draft(
            prompt=f"$X$ is uniform on ${interval}$. {question}",
            kind="number",
            expected=expected,
            data={"family": "uniform", "a": text_number(a), "b": text_number(b)},
            hints=[
                "$h(X) = -\\int p(x) \\ln p(x) \\, dx$ with the constant density $1/(b-a)$.",
                "Differential entropy may be negative.",
            ],
            solution="\n\n".join(solution),
            misconceptions=mistakes,
        )

    def _exponential(self, rate: Fraction, by_mean: bool) -> Draft:
        expected = "1" if rate == 1 else f"1 - {_log_text(rate)}"
        value = 1 - math.log(rate)
        mistakes = [
            _bits_for_nats(expected),
            Misconception(
                "misconception:rate-for-mean",
                f"1 + {_log_text(rate)}",
                "The entropy is 1 + log(mean) = 1 − log(λ): you used the rate where the "
                "mean 1/λ belongs.",
            ),
        ]
        if by_mean:
            given_md = f"with mean ${latex_fraction(1 / rate)}$"
        else:
            given_md = f"with rate $\\lambda = {latex_fraction(rate)}$"
        solution = [
            "The density is $p(x) = \\lambda e^{-\\lambda x}$ for $x \\ge 0$, so "
            "$-\\ln p(x) = -\\ln \\lambda + \\lambda x$.",
            "$h(X) = E[-\\ln p(X)] = -\\ln \\lambda + \\lambda E[X] = 1 - \\ln \\lambda$.",
        ]
        if by_mean:
            solution.insert(
                0, f"The rate is $\\lambda = 1 / \\text{{mean}} = {latex_fraction(rate)}$."
            )
        solution.append(f"Here $h(X) = 1 - \\ln {latex_fraction(rate)} \\approx {value:.4f}$ nats.")
        return Draft(
            prompt=f"$X$ is exponential {given_md}. Find its differential entropy $h(X)$ in nats.",
            kind="number",
            expected=expected,
            data={
                "family": "exponential",
                "rate": text_number(rate),
                "given": "mean" if by_mean else "rate",
            },
            hints=[
                "$h(X) = E[-\\ln p(X)]$ with $p(x) = \\lambda e^{-\\lambda x}$.",
                "$E[X] = 1/\\lambda$ for the exponential distribution.",
            ],
            solution="\n\n".join(solution),
            misconceptions=mistakes,
        )

    def _gaussian(self, mu: int, variance: Fraction, by_std: bool) -> Draft:
        expected = f"1/2*log({_pi_e_text(2 * variance)})"
        value = 0.5 * math.log(2 * math.pi * math.e * variance)
        mistakes = [
            _bits_for_nats(expected),
            Misconception(
                "misconception:missing-e",
                f"1/2*log({_pi_text(2 * variance)})",
                "The factor e is missing: h = ½ ln(2πe σ²); the e comes from "
                "E[(X − μ)²]/(2σ²) = ½.",
            ),
        ]
        if by_std:
            sigma_text = f"sqrt({text_number(variance)})"
            mistakes.append(
                Misconception(
                    "misconception:std-for-variance",
                    f"1/2*log(2*pi*e*{sigma_text})",
                    "You used the standard deviation σ where the variance σ² belongs: "
                    "h = ½ ln(2πe σ²).",
                )
            )
            root = rational_sqrt(variance)
            if root is not None:
                sigma_md = latex_fraction(root)
            else:
                sigma_md = f"\\sqrt{{{latex_fraction(variance)}}}"
            given_md = f"mean ${mu}$ and standard deviation $\\sigma = {sigma_md}$"
        else:
            given_md = f"mean ${mu}$ and variance $\\sigma^2 = {latex_fraction(variance)}$"
        solution = [
            "$-\\ln p(x) = \\tfrac{1}{2} \\ln(2\\pi\\sigma^2) "
            "+ \\frac{(x - \\mu)^2}{2\\sigma^2}$, and $E[(X - \\mu)^2] = \\sigma^2$, so "
            "$h(X) = \\tfrac{1}{2} \\ln(2\\pi\\sigma^2) + \\tfrac{1}{2} "
            "= \\tfrac{1}{2} \\ln(2 \\pi e \\sigma^2)$; the mean plays no part.",
            f"With $\\sigma^2 = {latex_fraction(variance)}$: $h(X) = \\tfrac{{1}}{{2}} "
            f"\\ln({latex_fraction(2 * variance) if 2 * variance != 1 else ''}\\pi e) "
            f"\\approx {value:.4f}$ nats.",
        ]
        return Draft(
            prompt=f"$X$ is Gaussian with {given_md}. "
            "Find its differential entropy $h(X)$ in nats.",
            kind="number",
            expected=expected,
            data={
                "family": "gaussian",
                "mu": mu,
                "variance": text_number(variance),
                "given": "std" if by_std else "variance",
            },
            hints=[
                "$h(X) = E[-\\ln p(X)]$ with the Gaussian density.",
                "The result is $\\tfrac{1}{2} \\ln(2 \\pi e \\sigma^2)$, whatever the mean.",
            ],
            solution="\n\n".join(solution),
            misconceptions=mistakes,
        )
