"""probability.reparameterization: a Gaussian sample written z = μ + σε with ε ~ N(0, 1),
so a loss of z can be differentiated in μ and σ. Level 1 computes the sample from a
variance, level 2 a pathwise gradient in μ or σ, level 3 the gradient in the log-variance
ρ = log σ² that VAE encoders output. Answers are exact.
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

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

SCALES = tuple(Fraction(v) for v in ("1/2", "2", "3", "1/3", "3/2", "4"))


def _noise(rng: np.random.Generator) -> Fraction:
    """A standard-normal draw as a short fraction (never 0)."""
    return Fraction(nonzero_int(rng, -12, 12), pick(rng, (4, 5, 10)))


def _plus_root(mu: int, coefficient: Fraction, v: int) -> str:
    """``μ + c·√v`` as text, exact when v is a square."""
    root = math.isqrt(v)
    if root * root == v:
        return _t(mu + coefficient * root)
    sign = "-" if coefficient < 0 else "+"
    scale = "" if abs(coefficient) == 1 else f"{_t(abs(coefficient))}*"
    return f"{mu} {sign} {scale}sqrt({v})"


@register
class Reparameterization(Generator):
    """z = μ + σε moves the randomness into ε, so ∂z/∂μ = 1 and ∂z/∂σ = ε."""

    skill = "probability.reparameterization"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._sample(rng)
        if difficulty == 2:
            return self._pathwise(rng)
        return self._log_variance(rng)

    @staticmethod
    def _sample(rng: np.random.Generator) -> Draft:
        mu, v, eps = draw_int(rng, -5, 5), draw_int(rng, 2, 16), _noise(rng)
        return Draft(
            prompt=(
                f"An encoder outputs mean $\\mu = {mu}$ and variance $\\sigma^2 = {v}$. With the "
                f"reparameterisation trick and the noise draw $\\varepsilon = {_lx(eps)}$ from "
                "$\\mathcal{N}(0, 1)$, what sample $z$ is produced? (An exact expression.)"
            ),
            kind="number",
            expected=_plus_root(mu, eps, v),
            data={"mu": mu, "variance": v, "eps": _t(eps)},
            hints=[
                "z = μ + σ ε has the distribution N(μ, σ²) when ε ~ N(0, 1).",
                "σ is the square root of the variance.",
            ],
            solution=(
                f"$z = \\mu + \\sigma\\varepsilon = {mu} + \\sqrt{{{v}}} \\cdot "
                f"{latex_factor(eps)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:variance-as-scale",
                    _t(mu + v * eps),
                    "Scale ε by the standard deviation σ = √σ²; μ + σ²ε has variance σ⁴.",
                ),
                *(
                    [
                        Misconception(
                            "misconception:roles-swapped",
                            f"sqrt({v}) {'+' if mu * eps >= 0 else '-'} {_t(abs(mu * eps))}",
                            "The mean is added and the noise is scaled by σ: z = μ + σε, "
                            "not σ + με.",
                        )
                    ]
                    if all(
                        not math.isclose(math.sqrt(v) + float(mu * eps), other)
                        for other in (mu + math.sqrt(v) * float(eps), float(mu + v * eps))
                    )
                    else []
                ),
            ],
        )

    @staticmethod
    def _pathwise(rng: np.random.Generator) -> Draft:
        mu, sigma, eps, c = (
            draw_int(rng, -4, 4),
            pick(rng, SCALES),
            _noise(rng),
            draw_int(rng, -5, 5),
        )
        z = mu + sigma * eps
        while z == c:
            c += 1
        by_sigma = rng.random() < 0.6
        grad_mu, grad_sigma = 2 * (z - c), 2 * (z - c) * eps
        answer = grad_sigma if by_sigma else grad_mu
        name = "\\sigma" if by_sigma else "\\mu"
        wrong = [
            Misconception(
                "misconception:epsilon-dropped" if by_sigma else "misconception:epsilon-for-mu",
                _t(grad_mu if by_sigma else grad_sigma),
                "∂z/∂σ = ε: the chain rule multiplies by the noise draw."
                if by_sigma
                else "∂z/∂μ = 1: the noise scales σ, not μ.",
            ),
            Misconception(
                "misconception:sample-treated-as-constant",
                "0",
                "Through z = μ + σε the sample depends on the parameters; that is the point "
                "of the trick (sampling z directly would block the gradient).",
            ),
        ]
        return Draft(
            prompt=(
                f"$z = \\mu + \\sigma\\varepsilon$ with $\\mu = {mu}$, $\\sigma = {_lx(sigma)}$ "
                f"and the "
                f"draw $\\varepsilon = {_lx(eps)}$. The loss is $L = (z - {latex_factor(c)})^2$. "
                f"Compute $\\partial L / \\partial {name}$ for this draw."
            ),
            kind="number",
            expected=_t(answer),
            data={
                "mu": mu,
                "sigma": _t(sigma),
                "eps": _t(eps),
                "c": c,
                "wrt": "sigma" if by_sigma else "mu",
            },
            hints=[
                "Chain rule: ∂L/∂θ = L'(z) · ∂z/∂θ with L'(z) = 2(z − c).",
                "∂z/∂μ = 1 and ∂z/∂σ = ε.",
            ],
            solution=(
                f"$z = {mu} + {_lx(sigma)} \\cdot {latex_factor(eps)} = {_lx(z)}$ and "
                f"$L'(z) = 2(z - {latex_factor(c)}) = {_lx(grad_mu)}$, so $\\partial L/\\partial "
                f"{name} = "
                + (
                    f"{_lx(grad_mu)} \\cdot {latex_factor(eps)} = {_lx(answer)}$."
                    if by_sigma
                    else f"{_lx(answer)}$."
                )
            ),
            misconceptions=wrong,
        )

    @staticmethod
    def _log_variance(rng: np.random.Generator) -> Draft:
        mu, s, eps, c = draw_int(rng, -4, 4), pick(rng, SCALES), _noise(rng), draw_int(rng, -5, 5)
        z = mu + s * eps
        while z == c:
            c += 1
        dz = 2 * (z - c)
        answer = dz * eps * s / 2
        return Draft(
            prompt=(
                f"An encoder outputs $\\mu = {mu}$ and the log-variance $\\rho = \\ln \\sigma^2 = "
                f"\\ln {_lx(s * s)}$, and samples $z = \\mu + e^{{\\rho/2}}\\varepsilon$. For the "
                f"draw "
                f"$\\varepsilon = {_lx(eps)}$ and the loss $L = (z - {latex_factor(c)})^2$, "
                f"compute "
                "$\\partial L / \\partial \\rho$."
            ),
            kind="number",
            expected=_t(answer),
            data={"mu": mu, "sigma": _t(s), "eps": _t(eps), "c": c},
            hints=[
                "σ = e^{ρ/2}, so ∂σ/∂ρ = σ/2.",
                "∂L/∂ρ = L'(z) · ε · σ/2.",
            ],
            solution=(
                f"$\\sigma = e^{{\\rho/2}} = {_lx(s)}$, $z = {_lx(z)}$, $L'(z) = {_lx(dz)}$, and "
                f"$\\frac{{\\partial z}}{{\\partial \\rho}} = \\varepsilon \\frac{{\\sigma}}{{2}} "
                f"= "
                f"{_lx(eps * s / 2)}$, so $\\frac{{\\partial L}}{{\\partial \\rho}} = "
                f"{_lx(answer)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:gradient-in-sigma",
                    _t(dz * eps),
                    "That is ∂L/∂σ; the parameter is ρ = log σ², and ∂σ/∂ρ = σ/2.",
                ),
                Misconception(
                    "misconception:half-dropped",
                    _t(dz * eps * s),
                    "σ = e^{ρ/2}: the exponent's ½ comes down, ∂σ/∂ρ = σ/2.",
                ),
            ],
        )
