"""information.gaussian-entropy: h(N(μ, Σ)) = ½ log((2πe)ᵈ det Σ), in nats. One dimension
(level 1), d dimensions with a diagonal or full covariance (level 2), then the entropy of
a linear map AX or the mutual information of two jointly Gaussian variables (level 3).
Answers are exact expressions such as ``log(2*pi*e) + 1/2*log(20)``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    determinant,
    draw_int,
    integer_matrix,
    nonzero_int,
    pick,
)
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

VARIANCES = tuple(Fraction(v) for v in (1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 16, 25)) + tuple(
    Fraction(1, k) for k in (2, 4, 9)
)

DEVIATIONS = tuple(Fraction(v) for v in ("2", "3", "4", "5", "1/2", "1/3", "3/2", "7"))


def _covariance(rng: np.random.Generator) -> list[list[int]]:
    while True:
        s11, s22, s12 = draw_int(rng, 1, 9), draw_int(rng, 1, 9), nonzero_int(rng, -4, 4)
        if s11 * s22 - s12 * s12 > 0:
            return [[s11, s12], [s12, s22]]


def _gaussian_entropy(d: int, det: Fraction) -> str:
    """``d/2*log(2*pi*e) + 1/2*log(det)``, simplified for d = 2."""
    lead = "log(2*pi*e)" if d == 2 else f"{d}/2*log(2*pi*e)"
    return lead if det == 1 else f"{lead} + 1/2*log({_t(det)})"


@register
class GaussianEntropy(Generator):
    """Differential entropy of Gaussians, and what linear maps and correlation do to it."""

    skill = "information.gaussian-entropy"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._one_dimension(rng)
        if difficulty == 2:
            return self._d_dimensions(rng)
        if rng.random() < 0.5:
            return self._linear_map(rng)
        return self._mutual_information(rng)

    @staticmethod
    def _one_dimension(rng: np.random.Generator) -> Draft:
        mu = draw_int(rng, -10, 10)
        sd = pick(rng, DEVIATIONS) if rng.random() < 0.5 else None
        var = sd * sd if sd is not None else pick(rng, VARIANCES)
        given = f"standard deviation ${_lx(sd)}$" if sd is not None else f"variance ${_lx(var)}$"
        v = _t(var)
        wrong = [
            Misconception(
                "misconception:no-e",
                f"1/2*log(2*pi*{v})",
                "The entropy is ½ log(2πeσ²): the e comes from E[(X − μ)²]/(2σ²) = ½ inside the "
                "log.",
            ),
            Misconception(
                "misconception:no-half",
                f"log(2*pi*e*{v})",
                "h(N(μ, σ²)) = ½ log(2πeσ²): the square root in the normaliser gives the ½.",
            ),
        ]
        if sd is not None:
            wrong.append(
                Misconception(
                    "misconception:sd-for-variance",
                    f"1/2*log(2*pi*e*{_t(sd)})",
                    "The formula uses the variance σ², the square of the standard deviation.",
                )
            )
        return Draft(
            prompt=(
                f"$X$ is normal with mean ${mu}$ and {given}. Compute its differential "
                "entropy $h(X)$ in nats (an exact expression)."
            ),
            kind="number",
            expected=f"1/2*log(2*pi*e*{v})",
            data={"mu": mu, "variance": v, "by_sd": sd is not None},
            hints=[
                "h(N(μ, σ²)) = ½ log(2πeσ²) nats.",
                "The mean only shifts the density: it does not change the entropy.",
            ],
            solution=(
                f"$h(X) = \\frac{{1}}{{2}}\\ln(2\\pi e \\sigma^2)$ with $\\sigma^2 = {_lx(var)}$: "
                f"$\\frac{{1}}{{2}}\\ln(2\\pi e \\cdot {_lx(var)})$; the mean ${mu}$ plays no part."
            ),
            misconceptions=wrong,
        )

    @staticmethod
    def _d_dimensions(rng: np.random.Generator) -> Draft:
        if rng.random() < 0.5:
            d = draw_int(rng, 2, 4)
            diagonal = [draw_int(rng, 1, 6) for _ in range(d)]
            cov = [[diagonal[i] if i == j else 0 for j in range(d)] for i in range(d)]
        else:
            d, cov = 2, _covariance(rng)
        det = Fraction(determinant(cov))
        trace = sum(cov[i][i] for i in range(d))
        diag_product = 1
        for i in range(d):
            diag_product *= cov[i][i]
        answer = _gaussian_entropy(d, det)
        wrong = [
            Misconception(
                "misconception:dimension-missed",
                f"1/2*log(2*pi*e*{_t(det)})",
                f"In {d} dimensions the factor 2πe appears once per dimension: "
                f"½ log((2πe)^{d} det Σ).",
            ),
            Misconception(
                "misconception:trace-for-det",
                _gaussian_entropy(d, Fraction(trace)),
                "The volume of the Gaussian is measured by det Σ, not by the trace.",
            ),
        ]
        if diag_product != det:
            wrong.append(
                Misconception(
                    "misconception:off-diagonal-ignored",
                    _gaussian_entropy(d, Fraction(diag_product)),
                    "The correlation lowers the entropy: use det Σ = Σ₁₁Σ₂₂ − Σ₁₂², not the "
                    "product of the variances.",
                )
            )
        return Draft(
            prompt=(
                f"$X \\sim \\mathcal{{N}}(0, \\Sigma)$ in $\\mathbb{{R}}^{d}$ with "
                f"$\\Sigma = {latex_matrix(cov)}$. Compute $h(X)$ in nats (an exact expression)."
            ),
            kind="number",
            expected=answer,
            data={"Sigma": cov},
            hints=[
                "h(N(μ, Σ)) = ½ log((2πe)ᵈ det Σ).",
                f"det Σ = {det}.",
            ],
            solution=(
                f"$\\det\\Sigma = {det}$, so $h(X) = \\frac{{1}}{{2}}\\ln\\left((2\\pi e)^{d}"
                f" \\cdot {det}\\right) = \\frac{{{d}}}{{2}}\\ln(2\\pi e) + \\frac{{1}}{{2}}\\ln "
                f"{det}$."
            ),
            misconceptions=wrong,
        )

    @staticmethod
    def _linear_map(rng: np.random.Generator) -> Draft:
        cov = [[draw_int(rng, 1, 5), 0], [0, draw_int(rng, 1, 5)]]
        while True:
            a = integer_matrix(rng, 2, 2, -3, 3)
            det_a = determinant(a)
            if abs(det_a) > 1:
                break
        det = Fraction(determinant(cov) * det_a * det_a)
        answer = _gaussian_entropy(2, det)
        return Draft(
            prompt=(
                f"$X \\sim \\mathcal{{N}}(0, \\Sigma)$ with $\\Sigma = {latex_matrix(cov)}$, and "
                f"$Y = AX$ with $A = {latex_matrix(a)}$. Compute $h(Y)$ in nats (an exact "
                "expression)."
            ),
            kind="number",
            expected=answer,
            data={"Sigma": cov, "A": a, "ask": "linear-map"},
            hints=[
                "Y is Gaussian with covariance AΣAᵀ.",
                "det(AΣAᵀ) = (det A)² det Σ, so h(AX) = h(X) + log |det A|.",
            ],
            solution=(
                f"$\\det A = {det_a}$ and $\\det(A\\Sigma A^T) = ({det_a})^2 \\cdot "
                f"{determinant(cov)} = {det}$, so $h(Y) = \\ln(2\\pi e) + \\frac{{1}}{{2}}\\ln "
                f"{det}$"
                f" $= h(X) + \\ln|{det_a}|$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:map-ignored",
                    _gaussian_entropy(2, Fraction(determinant(cov))),
                    "That is h(X); a linear map stretches volumes by |det A| and adds "
                    "log |det A| to the entropy.",
                ),
                Misconception(
                    "misconception:det-not-squared",
                    _gaussian_entropy(2, Fraction(determinant(cov) * abs(det_a))),
                    "The covariance of AX is AΣAᵀ, whose determinant has (det A)², so the "
                    "entropy grows by log |det A|, not ½ log |det A|.",
                ),
            ],
        )

    @staticmethod
    def _mutual_information(rng: np.random.Generator) -> Draft:
        cov = _covariance(rng)
        (s11, s12), (_, s22) = cov
        det = s11 * s22 - s12 * s12
        ratio = Fraction(s11 * s22, det)
        return Draft(
            prompt=(
                f"$(X, Y)$ is jointly Gaussian with covariance matrix $\\Sigma = "
                f"{latex_matrix(cov)}$. Compute the mutual information $I(X; Y)$ in nats (an "
                "exact expression)."
            ),
            kind="number",
            expected=f"1/2*log({_t(ratio)})",
            data={"Sigma": cov, "ask": "mutual-information"},
            hints=[
                "I(X; Y) = h(X) + h(Y) − h(X, Y).",
                "The 2πe terms cancel: I = ½ log(Σ₁₁Σ₂₂ / det Σ) = −½ log(1 − ρ²).",
            ],
            solution=(
                f"$h(X) + h(Y) - h(X, Y) = \\frac12\\ln(2\\pi e \\cdot {s11}) + \\frac12\\ln(2\\pi "
                f"e "
                f"\\cdot {s22}) - \\frac12\\ln((2\\pi e)^2 \\cdot {det}) = \\frac12 \\ln "
                f"\\frac{{{s11 * s22}}}{{{det}}}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:ratio-inverted",
                    f"1/2*log({_t(1 / ratio)})",
                    "Mutual information is never negative: the product of the variances is at "
                    "least det Σ, and it goes on top.",
                ),
                Misconception(
                    "misconception:joint-entropy",
                    _gaussian_entropy(2, Fraction(det)),
                    "That is h(X, Y); the mutual information is h(X) + h(Y) − h(X, Y).",
                ),
            ],
        )
