"""probability.gaussian-mixtures: one EM step for a 1-D mixture of two Gaussians. Level 1:
the responsibility of a component with equal variances (E-step), level 2: with unequal
variances, level 3: the M-step mean or variance from given responsibilities. Answers are
exact (E-step answers contain ``exp``).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

WEIGHTS = tuple(Fraction(v) for v in ("1/2", "1/3", "2/3", "1/4", "3/4", "2/5", "3/5"))
RESPONSIBILITIES = tuple(Fraction(v, 10) for v in range(1, 10))


def _responsibility(ratio: Fraction, exponent: Fraction) -> str:
    """``1/(1 + ratio*exp(exponent))`` = π₁N₁/(π₁N₁ + π₂N₂) with ratio·e^exponent = π₂N₂/(π₁N₁)."""
    scale = "" if ratio == 1 else f"{_t(ratio)}*"
    if exponent == 0:
        return _t(1 / (1 + ratio))
    return f"1/(1 + {scale}exp({_t(exponent)}))"


@register
class GaussianMixtures(Generator):
    """E-step: γ₁(x) = π₁N(x | μ₁, σ₁²) / Σₖ πₖN(x | μₖ, σₖ²); M-step: weighted moments."""

    skill = "probability.gaussian-mixtures"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 3:
            return self._m_step(rng)
        pi1 = pick(rng, WEIGHTS)
        mu1 = draw_int(rng, -4, 2)
        mu2 = mu1 + draw_int(rng, 2, 6)
        sd1 = sd2 = draw_int(rng, 1, 3)
        while difficulty == 2 and sd2 == sd1:
            sd2 = draw_int(rng, 1, 3)
        while True:  # a point where neither component's responsibility is ~0 or ~1
            x = draw_int(rng, mu1 - 1, mu2 + 1)
            a = Fraction((x - mu1) ** 2, 2 * sd1 * sd1)
            b = Fraction((x - mu2) ** 2, 2 * sd2 * sd2)
            if abs(a - b) <= 4:
                break
        ratio = (1 - pi1) / pi1 * Fraction(sd1, sd2)
        answer = _responsibility(ratio, a - b)
        same = sd1 == sd2
        kind_of = "a shared variance" if same else "different variances"
        comps = (
            f"$\\pi_1 = {_lx(pi1)}$, $\\mathcal{{N}}({mu1}, {sd1 * sd1})$ and $\\pi_2 = "
            f"{_lx(1 - pi1)}$, "
            f"$\\mathcal{{N}}({mu2}, {sd2 * sd2})$"
        )
        wrong = [
            Misconception(
                "misconception:weights-ignored",
                _responsibility(Fraction(sd1, sd2), a - b),
                "The responsibility multiplies each density by its mixing weight πₖ.",
            ),
        ]
        if a != b:
            wrong.append(
                Misconception(
                    "misconception:exponent-sign",
                    _responsibility(ratio, b - a),
                    "The component whose mean is closer to x gets the larger density: "
                    "N(x | μ, σ²) ∝ exp(−(x − μ)²/(2σ²)), with the minus sign.",
                )
            )
        if not same:
            wrong.append(
                Misconception(
                    "misconception:normaliser-dropped",
                    _responsibility((1 - pi1) / pi1, a - b),
                    "With unequal variances the normalisers 1/(σₖ√(2π)) differ and do not cancel.",
                )
            )
        return Draft(
            prompt=(
                f"A mixture of two Gaussians with {kind_of} has components {comps} (second "
                "parameter: the variance). "
                f"In the E-step, compute the responsibility $\\gamma_1(x)$ of component 1 for the "
                f"point $x = {x}$ (an exact expression)."
            ),
            kind="number",
            expected=answer,
            data={"pi1": _t(pi1), "mu": [mu1, mu2], "sd": [sd1, sd2], "x": x},
            hints=[
                "γ₁(x) = π₁N(x | μ₁, σ₁²) / (π₁N(x | μ₁, σ₁²) + π₂N(x | μ₂, σ₂²)).",
                "Divide through by the first term: γ₁ = 1/(1 + π₂N₂/(π₁N₁)).",
            ],
            solution=(
                f"$\\frac{{\\pi_2 \\mathcal{{N}}(x \\mid \\mu_2, \\sigma_2^2)}}{{\\pi_1 "
                f"\\mathcal{{N}}(x \\mid "
                f"\\mu_1, \\sigma_1^2)}} = \\frac{{{_lx(1 - pi1)} \\cdot {sd1}}}{{{_lx(pi1)} "
                f"\\cdot {sd2}}}"
                f"\\exp\\left(\\frac{{(x - \\mu_1)^2}}{{2\\sigma_1^2}} - \\frac{{(x - "
                f"\\mu_2)^2}}{{2\\sigma_2^2}}"
                f"\\right) = {_lx(ratio)}\\, e^{{{_lx(a - b)}}}$, so $\\gamma_1 = "
                f"\\frac{{1}}{{1 + {_lx(ratio)}\\, e^{{{_lx(a - b)}}}}}$."
            ),
            misconceptions=[m for m in wrong if m.answer != answer],
        )

    @staticmethod
    def _m_step(rng: np.random.Generator) -> Draft:
        n = draw_int(rng, 3, 5)
        xs = sorted(draw_int(rng, -5, 10) for _ in range(n))
        while len(set(xs)) < 2:
            xs[-1] += 1
        gammas = [pick(rng, RESPONSIBILITIES) for _ in range(n)]
        weight = sum(gammas, Fraction(0))
        mean = sum((g * x for g, x in zip(gammas, xs, strict=True)), Fraction(0)) / weight
        variance = (
            sum((g * (x - mean) ** 2 for g, x in zip(gammas, xs, strict=True)), Fraction(0))
            / weight
        )
        ask_mean = rng.random() < 0.5
        answer = mean if ask_mean else variance
        rows = " \\\\ ".join(f"{x} & {_lx(g)}" for x, g in zip(xs, gammas, strict=True))
        table = (
            f"$$\\begin{{array}}{{c|c}} x_i & \\gamma_{{i1}} \\\\ \\hline {rows} \\end{{array}}$$"
        )
        asked = "mean $\\mu_1$" if ask_mean else "variance $\\sigma_1^2$"
        plain_mean = Fraction(sum(xs), n)
        wrong = [
            Misconception(
                "misconception:divided-by-n",
                _t(answer * weight / n),
                "Divide by the effective number of points of the component, N₁ = Σᵢ γᵢ₁, not by n.",
            ),
            Misconception(
                "misconception:unweighted",
                _t(plain_mean if ask_mean else sum((x - plain_mean) ** 2 for x in xs) / n),
                "Each point counts with its responsibility γᵢ₁ for the component.",
            ),
        ]
        return Draft(
            prompt=(
                "In the M-step of EM for a Gaussian mixture, the points and their responsibilities "
                f"for component 1 are\n\n{table}\n\nCompute the updated {asked}."
                + ("" if ask_mean else " (Use the updated mean.)")
            ),
            kind="number",
            expected=_t(answer),
            data={
                "x": xs,
                "gamma": [_t(g) for g in gammas],
                "ask": "mean" if ask_mean else "variance",
            },
            hints=[
                "N₁ = Σᵢ γᵢ₁ is the component's effective number of points.",
                "μ₁ = Σᵢ γᵢ₁ xᵢ / N₁ and σ₁² = Σᵢ γᵢ₁ (xᵢ − μ₁)² / N₁.",
            ],
            solution=(
                f"$N_1 = \\sum_i \\gamma_{{i1}} = {_lx(weight)}$, $\\mu_1 = "
                f"\\frac{{1}}{{N_1}}\\sum_i \\gamma_{{i1}} x_i "
                f"= {_lx(mean)}$"
                + (
                    "."
                    if ask_mean
                    else " and $\\sigma_1^2 = \\frac{1}{N_1}\\sum_i \\gamma_{i1}(x_i - \\mu_1)^2 = "
                    f"{_lx(variance)}$."
                )
            ),
            misconceptions=wrong,
        )
