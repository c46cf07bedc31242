"""The continuous named distributions of probability.common-distributions: uniform,
exponential and normal."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft
from dlmath.exercises.probability.drafting import (
    NumericMistake,
    integer_in,
    mistake,
    number_latex,
    number_text,
    parenthesised,
    pick,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
from dlmath.exercises.probability.drafting import family_draft


def _normal_within(k: int) -> float:
    """P(|Z| ≤ k) for a standard normal Z."""
    return math.erf(k / math.sqrt(2))


def uniform(rng: np.random.Generator, difficulty: int) -> Draft:
    a = integer_in(rng, -4, 3)
    b = a + integer_in(rng, 2, 8)
    setting = f"X ~ Uniform({a}, {b}), continuous on the interval [{a}, {b}]."
    setting_l = f"$X \\sim \\text{{Uniform}}({a}, {b})$, continuous on $[{a}, {b}]$."
    data = {"family": "uniform", "a": a, "b": b}
    hints = ["Uniform(a, b): density 1/(b − a) on [a, b]; E[X] = (a + b)/2, Var(X) = (b − a)²/12."]
    if difficulty == 1:
        answer = Fraction((b - a) ** 2, 12)
        return family_draft(
            setting,
            setting_l,
            "Find Var(X). Give an exact fraction.",
            "Find $\\operatorname{Var}(X)$. Give an exact fraction.",
            answer,
            data | {"ask": "variance"},
            hints,
            [
                "$\\operatorname{{Var}}(X) = \\frac{{(b-a)^2}}{{12}} = "
                f"\\frac{{{(b - a) ** 2}}}{{12}} = {number_latex(answer)}$."
            ],
            [
                mistake(
                    "misconception:unsquared-width",
                    Fraction(b - a, 12),
                    "The width is squared: Var(X) = (b − a)²/12.",
                )
            ],
        )
    lo = integer_in(rng, a, b - 1)
    hi = integer_in(rng, lo + 1, b) if difficulty == 3 else b + 2
    top = min(hi, b)
    answer = Fraction(top - lo, b - a)
    ask = f"Find P({lo} < X < {hi}). Give an exact fraction."
    return family_draft(
        setting,
        setting_l,
        ask,
        f"Find $P({lo} < X < {hi})$. Give an exact fraction.",
        answer,
        data | {"ask": "interval", "low": lo, "high": hi},
        hints + ["A probability is the length of the part of [a, b] covered, over b − a."],
        [
            f"The interval covers $[{lo}, {top}]$ of $[{a}, {b}]$: $P = \\frac{{{top} - "
            f"{parenthesised(lo)}}}{{{b} - {parenthesised(a)}}} = {number_latex(answer)}$."
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
    setting = f"X ~ Exponential with rate λ = {number_text(lam)} (density λe^(−λx) for x ≥ 0)."
    setting_l = (
        f"$X \\sim \\text{{Exponential}}(\\lambda = {number_latex(lam)})$, density $\\lambda "
        "e^{{-\\lambda x}}$ for $x \\ge 0$."
    )
    data = {"family": "exponential", "rate": number_text(lam)}
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
            setting_l,
            "Find Var(X)." if ask_var else "Find E[X].",
            "Find $\\operatorname{Var}(X)$." if ask_var else "Find $E[X]$.",
            answer,
            data | {"ask": "variance" if ask_var else "mean"},
            hints,
            [
                ("$\\operatorname{Var}(X) = 1/\\lambda^2" if ask_var else "$E[X] = 1/\\lambda")
                + f" = {number_latex(answer)}$."
            ],
            mistakes,
        )
    t = pick(rng, [1, 2, 3])
    if difficulty == 2:
        e = lam * t
        expected = f"exp(-{number_text(e)})"
        return family_draft(
            setting,
            setting_l,
            f"Find P(X > {t}) (an exact expression is fine).",
            f"Find $P(X > {t})$ (an exact expression is fine).",
            expected,
            data | {"ask": "tail", "t": t},
            hints,
            [
                f"$P(X > {t}) = \\int_{{{t}}}^\\infty \\lambda e^{{-\\lambda x}}\\,dx = "
                f"e^{{-{number_latex(e)}}}$."
            ],
            [
                NumericMistake(
                    "misconception:cdf-for-tail",
                    f"1 - exp(-{number_text(e)})",
                    1 - math.exp(-float(e)),
                    f"That is P(X ≤ {t}), the CDF; the tail is e^(−λt).",
                )
            ],
            value=math.exp(-float(e)),
        )
    s = t + pick(rng, [1, 2])
    e1, e2 = lam * t, lam * s
    expected = f"exp(-{number_text(e1)}) - exp(-{number_text(e2)})"
    val = math.exp(-float(e1)) - math.exp(-float(e2))
    return family_draft(
        setting,
        setting_l,
        f"Find P({t} < X ≤ {s}) (an exact expression is fine).",
        f"Find $P({t} < X \\le {s})$ (an exact expression is fine).",
        expected,
        data | {"ask": "interval", "low": t, "high": s},
        hints + ["P(a < X ≤ b) = F(b) − F(a) with F(x) = 1 − e^(−λx)."],
        [
            f"$P({t} < X \\le {s}) = F({s}) - F({t}) = e^{{-{number_latex(e1)}}} - "
            f"e^{{-{number_latex(e2)}}}$."
        ],
        [
            NumericMistake(
                "misconception:density-for-probability",
                f"{number_text(lam)}*exp(-{number_text(e1)}) - "
                f"{number_text(lam)}*exp(-{number_text(e2)})",
                float(lam) * val,
                "Those are density values; a probability is the area under the density, "
                "F(b) − F(a).",
            )
        ],
        value=val,
    )


def normal(rng: np.random.Generator, difficulty: int) -> Draft:
    mu, sigma = integer_in(rng, -5, 20), pick(rng, [2, 3, 4, 5, 10])
    setting = f"X ~ Normal(μ = {mu}, σ² = {sigma * sigma})."
    setting_l = f"$X \\sim \\mathcal{{N}}(\\mu = {mu}, \\sigma^2 = {sigma * sigma})$."
    data = {"family": "normal", "mean": mu, "variance": sigma * sigma}
    if difficulty == 2:
        z = pick(rng, [Fraction(k, 2) for k in (-5, -4, -3, -2, -1, 1, 2, 3, 4, 5)])
        x = mu + z * sigma
        return family_draft(
            setting,
            setting_l,
            f"P(X ≤ {number_text(x)}) = P(Z ≤ z) for a standard normal Z. Find z.",
            f"$P(X \\le {number_latex(x)}) = P(Z \\le z)$ for a standard normal $Z$. Find $z$.",
            z,
            data | {"ask": "standardise", "x": number_text(x)},
            [
                "Standardise: Z = (X − μ)/σ is standard normal.",
                f"σ is the square root of the variance {sigma * sigma}.",
            ],
            [
                f"$z = \\frac{{x - \\mu}}{{\\sigma}} = \\frac{{{number_latex(x)} - "
                f"{parenthesised(mu)}}}{{{sigma}}} = {number_latex(z)}$."
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
    k = integer_in(rng, 1, 3)
    within = _normal_within(k)
    one_sided = 0.5 + within / 2
    return family_draft(
        setting,
        setting_l,
        f"Find P({mu - k * sigma} ≤ X ≤ {mu + k * sigma}) to 3 decimals.",
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
            NumericMistake(
                "misconception:one-sided",
                f"{one_sided:.6f}",
                one_sided,
                f"That is P(X ≤ μ + {k}σ), which includes the whole lower tail; subtract "
                f"P(X < μ − {k}σ).",
            )
        ],
        value=within,
    )
