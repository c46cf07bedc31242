"""The continuous named distributions of probability.common-distributions: uniform,
exponential and normal."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Misconception
from dlmath.exercises.kit import draw_int, pick, tex_number, text_number
from dlmath.exercises.probability.drafting import family_draft, mistake, parenthesised

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _normal_within(k: int) -> float:
    """P(|Z| ≤ k) for a standard normal Z."""
    return math.erf(k / math.sqrt(2))


def uniform(rng: np.random.Generator, difficulty: int) -> Draft:
    a = draw_int(rng, -4, 3)
    b = a + draw_int(rng, 2, 8)
    setting = f"$X \\sim \\text{{Uniform}}({a}, {b})$, continuous on $[{a}, {b}]$."
    data = {"family": "uniform", "a": a, "b": b}
    hints = ["Uniform(a, b): density 1/(b − a) on [a, b]; E[X] = (a + b)/2, Var(X) = (b − a)²/12."]
    if difficulty == 1:
        answer = Fraction((b - a) ** 2, 12)
        return family_draft(
            setting,
            "Find $\\operatorname{Var}(X)$. Give an exact fraction.",
            answer,
            data | {"ask": "variance"},
            hints,
            [
                "$\\operatorname{{Var}}(X) = \\frac{{(b-a)^2}}{{12}} = "
                f"\\frac{{{(b - a) ** 2}}}{{12}} = {tex_number(answer)}$."
            ],
            [
                mistake(
                    "misconception:unsquared-width",
                    Fraction(b - a, 12),
                    "The width is squared: Var(X) = (b − a)²/12.",
                )
            ],
        )
    lo = draw_int(rng, a, b - 1)
    hi = draw_int(rng, lo + 1, b) if difficulty == 3 else b + 2
    top = min(hi, b)
    answer = Fraction(top - lo, b - a)
    return family_draft(
        setting,
        f"Find $P({lo} < X < {hi})$. Give an exact fraction.",
        answer,
        data | {"ask": "interval", "low": lo, "high": hi},
        hints + ["A probability is the length of the part of [a, b] covered, over b − a."],
        [
            f"The interval covers $[{lo}, {top}]$ of $[{a}, {b}]$: $P = \\frac{{{top} - "
            f"{parenthesised(lo)}}}{{{b} - {parenthesised(a)}}} = {tex_number(answer)}$."
        ],
        [
            mistake(
                "misconception:beyond-support",
                Fraction(hi - lo, b - a),
                f"X never exceeds {b}: only the part of the interval inside [{a}, {b}] counts.",
            )
        ]
        if hi > b
        else [],
    )


def exponential(rng: np.random.Generator, difficulty: int) -> Draft:
    lam = pick(rng, [Fraction(1, 2), Fraction(1, 3), Fraction(2), Fraction(3), Fraction(1, 4)])
    setting = (
        f"$X \\sim \\text{{Exponential}}(\\lambda = {tex_number(lam)})$, density $\\lambda "
        "e^{{-\\lambda x}}$ for $x \\ge 0$."
    )
    data = {"family": "exponential", "rate": text_number(lam)}
    hints = ["Exponential(λ): E[X] = 1/λ, Var(X) = 1/λ², P(X > t) = e^(−λt)."]
    if difficulty == 1:
        ask_var = bool(rng.random() < 0.5)
        answer = 1 / lam**2 if ask_var else 1 / lam
        mistakes = [
            mistake(
                "misconception:rate-for-mean",
                lam if not ask_var else lam**2,
                "λ is the rate (events per unit time); the mean waiting time is 1/λ.",
            )
        ]
        if ask_var:
            mistakes.append(
                mistake(
                    "misconception:mean-for-variance",
                    1 / lam,
                    "1/λ is the mean; the variance is 1/λ².",
                )
            )
        return family_draft(
            setting,
            "Find $\\operatorname{Var}(X)$." if ask_var else "Find $E[X]$.",
            answer,
            data | {"ask": "variance" if ask_var else "mean"},
            hints,
            [
                ("$\\operatorname{Var}(X) = 1/\\lambda^2" if ask_var else "$E[X] = 1/\\lambda")
                + f" = {tex_number(answer)}$."
            ],
            mistakes,
        )
    t = pick(rng, [1, 2, 3])
    if difficulty == 2:
        e = lam * t
        expected = f"exp(-{text_number(e)})"
        return family_draft(
            setting,
            f"Find $P(X > {t})$ (an exact expression is fine).",
            expected,
            data | {"ask": "tail", "t": t},
            hints,
            [
                f"$P(X > {t}) = \\int_{{{t}}}^\\infty \\lambda e^{{-\\lambda x}}\\,dx = "
                f"e^{{-{tex_number(e)}}}$."
            ],
            [
                Misconception(
                    "misconception:cdf-for-tail",
                    f"1 - exp(-{text_number(e)})",
                    f"That is P(X ≤ {t}), the CDF; the tail is e^(−λt).",
                )
            ],
        )
    s = t + pick(rng, [1, 2])
    e1, e2 = lam * t, lam * s
    expected = f"exp(-{text_number(e1)}) - exp(-{text_number(e2)})"
    return family_draft(
        setting,
        f"Find $P({t} < X \\le {s})$ (an exact expression is fine).",
        expected,
        data | {"ask": "interval", "low": t, "high": s},
        hints + ["P(a < X ≤ b) = F(b) − F(a) with F(x) = 1 − e^(−λx)."],
        [
            f"$P({t} < X \\le {s}) = F({s}) - F({t}) = e^{{-{tex_number(e1)}}} - "
            f"e^{{-{tex_number(e2)}}}$."
        ],
        [
            Misconception(
                "misconception:density-for-probability",
                f"{text_number(lam)}*exp(-{text_number(e1)}) - "
                f"{text_number(lam)}*exp(-{text_number(e2)})",
                "Those are density values; a probability is the area under the density, "
                "F(b) − F(a).",
            )
        ],
    )


def normal(rng: np.random.Generator, difficulty: int) -> Draft:
    mu, sigma = draw_int(rng, -5, 20), pick(rng, [2, 3, 4, 5, 10])
    setting = f"$X \\sim \\mathcal{{N}}(\\mu = {mu}, \\sigma^2 = {sigma * sigma})$."
    data = {"family": "normal", "mean": mu, "variance": sigma * sigma}
    if difficulty == 2:
        z = pick(rng, [Fraction(k, 2) for k in (-5, -4, -3, -2, -1, 1, 2, 3, 4, 5)])
        x = mu + z * sigma
        return family_draft(
            setting,
            f"$P(X \\le {tex_number(x)}) = P(Z \\le z)$ for a standard normal $Z$. Find $z$.",
            z,
            data | {"ask": "standardise", "x": text_number(x)},
            [
                "Standardise: Z = (X − μ)/σ is standard normal.",
                f"σ is the square root of the variance {sigma * sigma}.",
            ],
            [
                f"$z = \\frac{{x - \\mu}}{{\\sigma}} = \\frac{{{tex_number(x)} - "
                f"{parenthesised(mu)}}}{{{sigma}}} = {tex_number(z)}$."
            ],
            [
                mistake(
                    "misconception:variance-for-sd",
                    (x - mu) / (sigma * sigma),
                    f"Divide by the standard deviation σ = {sigma}, not by the variance σ² "
                    f"= {sigma * sigma}.",
                )
            ],
        )
    k = draw_int(rng, 1, 3)
    within = _normal_within(k)
    one_sided = 0.5 + within / 2
    return family_draft(
        setting,
        f"Find $P({mu - k * sigma} \\le X \\le {mu + k * sigma})$ to 3 decimals.",
        f"{within:.10f}",
        data | {"ask": "within", "k": k},
        [
            "Standardise the endpoints: z = (x − μ)/σ.",
            "The 68–95–99.7 rule gives P(|Z| ≤ 1), P(|Z| ≤ 2), P(|Z| ≤ 3).",
        ],
        [
            f"The endpoints are $\\mu \\pm {k}\\sigma$, so $P = P(|Z| \\le {k}) = "
            f"2\\Phi({k}) - 1 \\approx {within:.4f}$."
        ],
        [
            Misconception(
                "misconception:one-sided",
                f"{one_sided:.6f}",
                f"That is P(X ≤ μ + {k}σ), which includes the whole lower tail; subtract "
                f"P(X < μ − {k}σ).",
            )
        ],
    )
