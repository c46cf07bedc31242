"""probability.multivariate-gaussian: a two-dimensional Gaussian N(μ, Σ) with integer
parameters. Level 1 asks the variance of a linear combination aᵀX, level 2 a conditional
mean or variance (the Schur complement), level 3 the density at a point.

Answers are exact: fractions, or ``exp(-5/6)/(2*pi*sqrt(6))`` for a density.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, inverse, latex_factor, nonzero_int
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _covariance(rng: np.random.Generator, correlated: bool) -> list[list[int]]:
    """A positive-definite integer 2×2 covariance, with s12 ≠ 0 when ``correlated``."""
    while True:
        s11, s22 = draw_int(rng, 1, 9), draw_int(rng, 1, 9)
        s12 = nonzero_int(rng, -4, 4) if correlated else draw_int(rng, -4, 4)
        if s11 * s22 - s12 * s12 > 0:
            return [[s11, s12], [s12, s22]]


def _setting(mu: list[int], cov: list[list[int]]) -> str:
    latex = (
        "$X = (X_1, X_2)^T \\sim \\mathcal{N}(\\mu, \\Sigma)$ with "
        f"$\\mu = {latex_matrix([[m] for m in mu])}$ and $\\Sigma = {latex_matrix(cov)}$."
    )
    return latex


@register
class MultivariateGaussian(Generator):
    """Linear combinations, conditionals and the density of a 2-D Gaussian."""

    skill = "probability.multivariate-gaussian"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        mu = [draw_int(rng, -4, 4) for _ in range(2)]
        cov = _covariance(rng, correlated=difficulty == 2)
        while difficulty == 3 and cov[0][0] * cov[1][1] - cov[0][1] ** 2 == 1:
            cov = _covariance(rng, correlated=False)  # √det Σ = det Σ would hide a mistake
        if difficulty == 1:
            return self._combination(rng, mu, cov)
        if difficulty == 2:
            return self._conditional(rng, mu, cov)
        return self._density(rng, mu, cov)

    @staticmethod
    def _combination(rng: np.random.Generator, mu: list[int], cov: list[list[int]]) -> Draft:
        a = [nonzero_int(rng, -3, 3) for _ in range(2)]
        c = draw_int(rng, -5, 5)
        (s11, s12), (_, s22) = cov
        answer = a[0] ** 2 * s11 + 2 * a[0] * a[1] * s12 + a[1] ** 2 * s22
        second = f"{'+' if a[1] > 0 else '-'} {abs(a[1])} X_2"
        combo = f"{a[0]} X_1 {second} {'+' if c >= 0 else '-'} {abs(c)}"
        latex = _setting(mu, cov)
        return Draft(
            prompt=f"{latex}\n\nCompute $\\operatorname{{Var}}({combo})$.",
            kind="number",
            expected=str(answer),
            data={"mu": mu, "Sigma": cov, "a": a, "c": c},
            hints=[
                "Var(aᵀX + c) = aᵀ Σ a: the constant shifts, it does not spread.",
                "aᵀΣa = a₁²Σ₁₁ + 2a₁a₂Σ₁₂ + a₂²Σ₂₂.",
            ],
            solution=(
                f"$\\operatorname{{Var}}(a^T X + c) = a^T \\Sigma a$ with $a = ({a[0]}, {a[1]})$: "
                f"${latex_factor(a[0])}^2 \\cdot {s11} + 2 \\cdot {latex_factor(a[0])} \\cdot "
                f"{latex_factor(a[1])} \\cdot {latex_factor(s12)} + {latex_factor(a[1])}^2 \\cdot "
                f"{s22} = {answer}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:covariance-dropped",
                    str(a[0] ** 2 * s11 + a[1] ** 2 * s22),
                    "X₁ and X₂ are correlated (Σ₁₂ ≠ 0 in general): the variance of a sum "
                    "has the cross term 2a₁a₂Σ₁₂.",
                ),
                Misconception(
                    "misconception:cross-term-once",
                    str(a[0] ** 2 * s11 + a[0] * a[1] * s12 + a[1] ** 2 * s22),
                    "The cross term appears twice in aᵀΣa (Σ₁₂ and Σ₂₁): 2a₁a₂Σ₁₂.",
                ),
                Misconception(
                    "misconception:coefficients-not-squared",
                    str(a[0] * s11 + 2 * a[0] * a[1] * s12 + a[1] * s22),
                    "Scaling a variable by a scales its variance by a², not by a.",
                ),
            ],
        )

    @staticmethod
    def _conditional(rng: np.random.Generator, mu: list[int], cov: list[list[int]]) -> Draft:
        (s11, s12), (_, s22) = cov
        x2 = mu[1] + nonzero_int(rng, -4, 4)
        latex = _setting(mu, cov)
        slope = Fraction(s12, s22)
        if rng.random() < 0.5:
            answer = mu[0] + slope * (x2 - mu[1])
            asked = f"E[X_1 \\mid X_2 = {x2}]"
            solution = (
                "$E[X_1 \\mid X_2 = x_2] = \\mu_1 + \\frac{\\Sigma_{12}}{\\Sigma_{22}}(x_2 - "
                f"\\mu_2) = {mu[0]} + \\frac{{{s12}}}{{{s22}}}({x2} - {latex_factor(mu[1])})"
                f" = {_lx(answer)}$."
            )
            wrong = [
                Misconception(
                    "misconception:wrong-variance",
                    _t(mu[0] + Fraction(s12, s11) * (x2 - mu[1])),
                    "The regression slope divides by the variance of the variable you "
                    "condition on, Σ₂₂, not by Σ₁₁.",
                ),
                Misconception(
                    "misconception:condition-ignored",
                    _t(mu[0]),
                    "X₁ and X₂ are correlated, so knowing X₂ moves the mean of X₁ away from μ₁.",
                ),
                Misconception(
                    "misconception:mean-not-subtracted",
                    _t(mu[0] + slope * x2),
                    "The shift is proportional to how far x₂ lies from its mean: use "
                    "x₂ − μ₂, not x₂.",
                ),
            ]
            kind = "mean"
        else:
            answer = s11 - Fraction(s12 * s12, s22)
            asked = f"\\operatorname{{Var}}(X_1 \\mid X_2 = {x2})"
            solution = (
                "$\\operatorname{Var}(X_1 \\mid X_2) = \\Sigma_{11} - \\frac{\\Sigma_{12}^2}"
                f"{{\\Sigma_{{22}}}} = {s11} - \\frac{{{s12 * s12}}}{{{s22}}} = {_lx(answer)}$,"
                " whatever the observed value."
            )
            wrong = [
                Misconception(
                    "misconception:condition-ignored",
                    _t(s11),
                    "Observing a correlated X₂ removes part of the uncertainty about X₁: "
                    "subtract Σ₁₂²/Σ₂₂.",
                ),
                Misconception(
                    "misconception:covariance-not-squared",
                    _t(s11 - slope),
                    "The Schur complement subtracts Σ₁₂²/Σ₂₂: the covariance is squared.",
                ),
                Misconception(
                    "misconception:wrong-variance",
                    _t(s11 - Fraction(s12 * s12, s11)),
                    "Divide by the variance of the variable you condition on, Σ₂₂.",
                ),
            ]
            kind = "variance"
        return Draft(
            prompt=f"{latex}\n\nCompute ${asked}$.",
            kind="number",
            expected=_t(answer),
            data={"mu": mu, "Sigma": cov, "x2": x2, "ask": kind},
            hints=[
                "Conditioning a Gaussian on X₂ = x₂ gives a Gaussian again.",
                "Mean μ₁ + Σ₁₂Σ₂₂⁻¹(x₂ − μ₂); variance Σ₁₁ − Σ₁₂Σ₂₂⁻¹Σ₂₁.",
            ],
            solution=solution,
            misconceptions=wrong,
        )

    @staticmethod
    def _density(rng: np.random.Generator, mu: list[int], cov: list[list[int]]) -> Draft:
        det = cov[0][0] * cov[1][1] - cov[0][1] ** 2
        inv = inverse([[Fraction(v) for v in row] for row in cov])
        assert inv is not None
        while True:  # a point near enough for the density not to vanish
            x = [m + draw_int(rng, -2, 2) for m in mu]
            d = [xi - mi for xi, mi in zip(x, mu, strict=True)]
            q = sum(d[i] * inv[i][j] * d[j] for i in range(2) for j in range(2))
            if 0 < q <= 6:
                break
        q_wrong = sum(d[i] * cov[i][j] * d[j] for i in range(2) for j in range(2))

        def density(quad: Fraction, root: str) -> str:
            return f"exp({_t(-quad / 2)})/(2*pi*{root})"

        latex = _setting(mu, cov)
        point = latex_matrix([[v] for v in x])
        return Draft(
            prompt=f"{latex}\n\nCompute the density $p(x)$ at $x = {point}$ (an exact expression).",
            kind="number",
            expected=density(q, f"sqrt({det})"),
            data={"mu": mu, "Sigma": cov, "x": x},
            hints=[
                "p(x) = exp(−½ (x − μ)ᵀ Σ⁻¹ (x − μ)) / (2π √det Σ) in two dimensions.",
                f"det Σ = {det}; Σ⁻¹ = adj Σ / det Σ.",
            ],
            solution="\n\n".join(
                [
                    f"$x - \\mu = ({d[0]}, {d[1]})^T$, $\\det \\Sigma = {det}$ and "
                    f"$\\Sigma^{{-1}} = {latex_matrix(inv)}$.",
                    f"$(x - \\mu)^T \\Sigma^{{-1}} (x - \\mu) = {_lx(q)}$.",
                    f"$p(x) = \\frac{{1}}{{2\\pi\\sqrt{{{det}}}}}\\, e^{{{_lx(-q / 2)}}}$.",
                ]
            ),
            misconceptions=[
                Misconception(
                    "misconception:sigma-not-inverted",
                    density(q_wrong, f"sqrt({det})"),
                    "The exponent uses the precision matrix Σ⁻¹, not Σ: −½ (x − μ)ᵀ Σ⁻¹ (x − μ).",
                ),
                Misconception(
                    "misconception:no-square-root",
                    density(q, str(det)),
                    "The normaliser is (2π)^(d/2) √det Σ: take the square root of the determinant.",
                ),
                Misconception(
                    "misconception:no-half",
                    density(2 * q, f"sqrt({det})"),
                    "The exponent is −½ times the quadratic form; the ½ is missing.",
                ),
            ],
        )
