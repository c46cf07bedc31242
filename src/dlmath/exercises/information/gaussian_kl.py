"""information.gaussian-kl: KL divergence between Gaussians in closed form. Equal
variances (level 1, a fraction), two general 1-D Gaussians (level 2), and the VAE term
KL(N(μ, diag σ²) ‖ N(0, I)) (level 3). Answers are exact expressions in nats.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, latex_factor, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.kit.values import signed_term
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

VAE_VARIANCES = tuple(Fraction(v) for v in ("1/4", "1/2", "2", "4", "1/3", "3", "1"))


def _kl_text(ratio: Fraction, constant: Fraction) -> str:
    """``c + 1/2*log(r)``, or ``c - 1/2*log(1/r)`` when r < 1 (parts omitted when zero)."""
    if ratio == 1:
        return _t(constant)
    log_part = f"1/2*log({_t(ratio if ratio > 1 else 1 / ratio)})"
    sign = "+" if ratio > 1 else "-"
    if constant == 0:
        return log_part if sign == "+" else f"-{log_part}"
    return f"{_t(constant)} {sign} {log_part}"


@register
class GaussianKl(Generator):
    """KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) = ½ log(σ₂²/σ₁²) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²) − ½."""

    skill = "information.gaussian-kl"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._equal_variances(rng)
        if difficulty == 2:
            return self._general(rng)
        return self._vae(rng)

    @staticmethod
    def _equal_variances(rng: np.random.Generator) -> Draft:
        m1, m2 = draw_int(rng, -6, 6), draw_int(rng, -6, 6)
        while m1 == m2:
            m2 = draw_int(rng, -6, 6)
        var = draw_int(rng, 1, 9)
        answer = Fraction((m1 - m2) ** 2, 2 * var)
        return Draft(
            prompt=(
                f"Compute $KL(\\mathcal{{N}}({m1}, {var}) \\,\\|\\, \\mathcal{{N}}({m2}, {var}))$ "
                f"in "
                "nats (the second parameter is the variance)."
            ),
            kind="number",
            expected=_t(answer),
            data={"m1": m1, "v1": var, "m2": m2, "v2": var},
            hints=[
                "With equal variances the log term and the −½ cancel.",
                "KL = (μ₁ − μ₂)² / (2σ²).",
            ],
            solution=(
                f"$KL = \\frac{{(\\mu_1 - \\mu_2)^2}}{{2\\sigma^2}} = \\frac{{({m1} - "
                f"{latex_factor(m2)})^2}}"
                f"{{2 \\cdot {var}}} = {_lx(answer)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:no-half",
                    _t(2 * answer),
                    "The log-density has (x − μ)²/(2σ²): the KL keeps the factor ½.",
                ),
                Misconception(
                    "misconception:distance-not-squared",
                    _t(Fraction(abs(m1 - m2), 2 * var)),
                    "The means enter through the squared distance (μ₁ − μ₂)².",
                ),
            ],
        )

    @staticmethod
    def _general(rng: np.random.Generator) -> Draft:
        m1, m2 = draw_int(rng, -4, 4), draw_int(rng, -4, 4)
        v1, v2 = draw_int(rng, 1, 9), draw_int(rng, 1, 9)
        while v1 == v2:
            v2 = draw_int(rng, 1, 9)

        def kl(ma: int, va: int, mb: int, vb: int) -> str:
            return _kl_text(
                Fraction(vb, va), Fraction(va + (ma - mb) ** 2, 2 * vb) - Fraction(1, 2)
            )

        answer = kl(m1, v1, m2, v2)
        c = Fraction(v1 + (m1 - m2) ** 2, 2 * v2)
        return Draft(
            prompt=(
                f"Compute $KL(p \\,\\|\\, q)$ in nats for $p = \\mathcal{{N}}({m1}, {v1})$ and "
                f"$q = \\mathcal{{N}}({m2}, {v2})$ (second parameter: the variance). An exact "
                "expression."
            ),
            kind="number",
            expected=answer,
            data={"m1": m1, "v1": v1, "m2": m2, "v2": v2},
            hints=[
                "KL(p ‖ q) = E_p[log p − log q]; use E_p[(X − μ₂)²] = σ₁² + (μ₁ − μ₂)².",
                "KL = ½ log(σ₂²/σ₁²) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²) − ½.",
            ],
            solution=(
                f"$KL = \\frac12 \\ln\\frac{{{v2}}}{{{v1}}} + \\frac{{{v1} + ({m1} - "
                f"{latex_factor(m2)})^2}}"
                f"{{2 \\cdot {v2}}} - \\frac12 = \\frac12 \\ln\\frac{{{v2}}}{{{v1}}} "
                f"{signed_term(c - Fraction(1, 2))}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:arguments-swapped",
                    kl(m2, v2, m1, v1),
                    "That is KL(q ‖ p); KL is not symmetric: average log(p/q) under p, and "
                    "divide by the variance of q.",
                ),
                Misconception(
                    "misconception:no-minus-half",
                    _kl_text(Fraction(v2, v1), c),
                    "E_p[(X − μ₁)²/(2σ₁²)] = ½ enters from log p: subtract ½.",
                ),
            ],
        )

    @staticmethod
    def _vae(rng: np.random.Generator) -> Draft:
        d = draw_int(rng, 2, 3)
        mus = [Fraction(draw_int(rng, -4, 4), pick(rng, (1, 2))) for _ in range(d)]
        vs = [pick(rng, VAE_VARIANCES) for _ in range(d)]
        prod_v = Fraction(1)
        for v in vs:
            prod_v *= v
        c = sum((v + m * m - 1 for v, m in zip(vs, mus, strict=True)), Fraction(0)) / 2
        answer = _kl_text(1 / prod_v, c)
        reverse_c = (
            sum((1 / v + m * m / v - 1 for v, m in zip(vs, mus, strict=True)), Fraction(0)) / 2
        )
        mu_latex = ", ".join(_lx(m) for m in mus)
        v_latex = ", ".join(_lx(v) for v in vs)
        return Draft(
            prompt=(
                f"A VAE encoder outputs $q(z \\mid x) = \\mathcal{{N}}(\\mu, "
                f"\\operatorname{{diag}}(\\sigma^2))$ "
                f"with $\\mu = ({mu_latex})$ and $\\sigma^2 = ({v_latex})$. Compute the KL term "
                f"$KL(q \\,\\|\\, \\mathcal{{N}}(0, I_{d}))$ in nats (an exact expression)."
            ),
            kind="number",
            expected=answer,
            data={"mu": [_t(m) for m in mus], "var": [_t(v) for v in vs]},
            hints=[
                "With diagonal covariances the KL is a sum over dimensions.",
                "KL(N(μ, σ²) ‖ N(0, 1)) = ½ (σ² + μ² − 1 − log σ²).",
            ],
            solution=(
                "$KL = \\frac12 \\sum_j (\\sigma_j^2 + \\mu_j^2 - 1 - \\ln \\sigma_j^2) = "
                f"{_lx(c)} - \\frac12 \\ln {_lx(prod_v)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:arguments-swapped",
                    _kl_text(prod_v, reverse_c),
                    "That is KL(N(0, I) ‖ q); the VAE penalises KL(q ‖ N(0, I)), the "
                    "expectation under q.",
                ),
                Misconception(
                    "misconception:log-term-dropped",
                    _t(c),
                    "The entropy of q enters as −½ Σ log σⱼ²; it keeps the variances from "
                    "collapsing to 0.",
                ),
                Misconception(
                    "misconception:no-half",
                    _kl_text(1 / (prod_v * prod_v), 2 * c),
                    "Each dimension contributes ½ (σ² + μ² − 1 − log σ²): the ½ is missing.",
                ),
            ],
        )
