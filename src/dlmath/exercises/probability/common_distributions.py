"""probability.common-distributions: Bernoulli, binomial, geometric, Poisson, uniform,
exponential and normal."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.probability.drafting import (
    ExactNumber,
    NumericMistake,
    exact_draft,
    integer_in,
    mistake,
    number_latex,
    number_text,
    parenthesised,
    pick,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

_PROBS = tuple(Fraction(t) for t in ("1/2", "1/3", "1/4", "2/3", "3/4", "1/5", "2/5", "1/10"))


def _normal_within(k: int) -> float:
    """P(|Z| ≤ k) for a standard normal Z."""
    return math.erf(k / math.sqrt(2))


@register
class CommonDistributions(Generator):
    """The named distributions: a mean or variance from the parameters (difficulty 1); a
    point probability, a tail, or a standardised value (2); cumulative probabilities that
    take several terms or a complement, and normal probabilities as rounded decimals (3)."""

    skill = "probability.common-distributions"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        family = pick(rng, ["binomial", "geometric", "poisson", "uniform", "exponential", "normal"])
        if difficulty == 1 and family == "normal":
            family = "binomial"
        method = getattr(self, f"_{family}")
        return method(rng, difficulty)

    @staticmethod
    def _draft(
        setting: str,
        setting_l: str,
        ask: str,
        ask_l: str,
        expected: ExactNumber | str,
        data,
        hints,
        solution,
        mistakes,
        value: float | None = None,
        tolerance: float | None = None,
    ) -> Draft:
        return exact_draft(
            prompt=f"{setting_l} {ask_l}",
            text=f"{setting} {ask}",
            expected=expected,
            value=value,
            data=data,
            hints=hints,
            solution=solution,
            mistakes=mistakes,
            tolerance=tolerance,
        )

    def _binomial(self, rng: np.random.Generator, difficulty: int) -> Draft:
        n, p = integer_in(rng, 3, 8 if difficulty < 3 else 10), pick(rng, _PROBS)
        q = 1 - p
        setting = (
            f"X ~ Binomial(n = {n}, p = {number_text(p)}): the number of successes in {n} "
            "independent "
            "trials."
        )
        setting_l = (
            f"$X \\sim \\text{{Binomial}}(n = {n}, p = {number_latex(p)})$: the number of "
            "successes in "
            f"{n} independent trials."
        )
        data = {"family": "binomial", "n": n, "p": number_text(p)}
        hints = ["Binomial: E[X] = np, Var(X) = np(1 − p), P(X = k) = C(n, k)·p^k·(1 − p)^(n−k)."]
        if difficulty == 1:
            answer = n * p * q
            return self._draft(
                setting,
                setting_l,
                "Find Var(X).",
                "Find $\\operatorname{Var}(X)$.",
                answer,
                data | {"ask": "variance"},
                hints,
                [
                    f"$\\operatorname{{Var}}(X) = np(1-p) = {n} \\cdot {number_latex(p)} \\cdot "
                    f"{number_latex(q)} = {number_latex(answer)}$."
                ],
                [
                    mistake(
                        "misconception:mean-for-variance",
                        n * p,
                        "np is the mean; the variance has the extra factor (1 − p).",
                    ),
                ],
            )
        k = integer_in(rng, 1, n - 1)
        if difficulty == 2:
            answer = math.comb(n, k) * p**k * q ** (n - k)
            return self._draft(
                setting,
                setting_l,
                f"Find P(X = {k}). Give an exact fraction.",
                f"Find $P(X = {k})$. Give an exact fraction.",
                answer,
                data | {"ask": "pmf", "k": k},
                hints,
                [
                    f"$P(X = {k}) = \\binom{{{n}}}{{{k}}} {parenthesised(p)}^{{{k}}} "
                    f"{parenthesised(q)}^{{{n - k}}} "
                    f"= {math.comb(n, k)} \\cdot {number_latex(p**k)} \\cdot "
                    f"{number_latex(q ** (n - k))} = "
                    f"{number_latex(answer)}$."
                ],
                [
                    mistake(
                        "misconception:missing-binomial-coefficient",
                        p**k * q ** (n - k),
                        f"That is the probability of one particular order; there are C({n}, {k}) = "
                        f"{math.comb(n, k)} orders of {k} successes.",
                    )
                ],
            )
        answer = 1 - q**n
        return self._draft(
            setting,
            setting_l,
            "Find P(X ≥ 1). Give an exact fraction.",
            "Find $P(X \\ge 1)$. Give an exact fraction.",
            answer,
            data | {"ask": "at-least-one"},
            hints,
            [
                f"$P(X \\ge 1) = 1 - P(X = 0) = 1 - {parenthesised(q)}^{{{n}}} = "
                f"{number_latex(answer)}$."
            ],
            [
                mistake(
                    "misconception:added-probabilities",
                    n * p,
                    "Adding p for each trial counts overlaps more than once; use 1 − P(X = 0).",
                ),
                mistake(
                    "misconception:complement-not-subtracted",
                    q**n,
                    "That is P(X = 0); subtract it from 1.",
                ),
            ],
        )

    def _geometric(self, rng: np.random.Generator, difficulty: int) -> Draft:
        p = pick(rng, _PROBS[:-1])
        q = 1 - p
        setting = (
            f"X ~ Geometric(p = {number_text(p)}): the number of independent trials up to and "
            "including "
            "the first success."
        )
        setting_l = (
            f"$X \\sim \\text{{Geometric}}(p = {number_latex(p)})$: the number of independent "
            "trials up "
            "to and including the first success."
        )
        data = {"family": "geometric", "p": number_text(p)}
        hints = [
            "X = k means k − 1 failures, then a success: P(X = k) = (1 − p)^(k−1)·p; E[X] = 1/p."
        ]
        if difficulty == 1:
            return self._draft(
                setting,
                setting_l,
                "Find E[X].",
                "Find $E[X]$.",
                1 / p,
                data | {"ask": "mean"},
                hints,
                [f"$E[X] = 1/p = {number_latex(1 / p)}$."],
                [
                    mistake(
                        "misconception:failures-for-trials",
                        q / p,
                        "(1 − p)/p counts the failures before the first success; X also "
                        "counts the success.",
                    )
                ],
            )
        k = integer_in(rng, 2, 5)
        if difficulty == 2:
            answer = q ** (k - 1) * p
            return self._draft(
                setting,
                setting_l,
                f"Find P(X = {k}). Give an exact fraction.",
                f"Find $P(X = {k})$. Give an exact fraction.",
                answer,
                data | {"ask": "pmf", "k": k},
                hints,
                [
                    f"$P(X = {k}) = (1-p)^{{{k - 1}}} p = {parenthesised(q)}^{{{k - 1}}} \\cdot "
                    f"{number_latex(p)} = {number_latex(answer)}$."
                ],
                [
                    mistake(
                        "misconception:failures-for-trials",
                        q**k * p,
                        f"X = {k} means {k - 1} failures then the success, not {k} failures.",
                    )
                ],
            )
        answer = q**k
        return self._draft(
            setting,
            setting_l,
            f"Find P(X > {k}). Give an exact fraction.",
            f"Find $P(X > {k})$. Give an exact fraction.",
            answer,
            data | {"ask": "tail", "k": k},
            hints + [f"X > {k} means the first {k} trials all fail."],
            [
                f"$P(X > {k}) = (1-p)^{{{k}}} = {number_latex(answer)}$: the first {k} trials "
                "are failures."
            ],
            [
                mistake(
                    "misconception:endpoint",
                    q ** (k - 1),
                    f"That is P(X ≥ {k}) = P(X > {k - 1}); X > {k} needs {k} failures.",
                ),
                mistake(
                    "misconception:complement-not-subtracted",
                    1 - q**k,
                    f"That is P(X ≤ {k}); the tail is its complement.",
                ),
            ],
        )

    def _poisson(self, rng: np.random.Generator, difficulty: int) -> Draft:
        lam = integer_in(rng, 1, 5)
        setting = f"X ~ Poisson(λ = {lam})."
        setting_l = f"$X \\sim \\text{{Poisson}}(\\lambda = {lam})$."
        data = {"family": "poisson", "lambda": lam}
        hints = ["Poisson: P(X = k) = λ^k·e^(−λ)/k!, and E[X] = Var(X) = λ."]
        if difficulty == 1:
            sd = math.sqrt(lam)
            return self._draft(
                setting,
                setting_l,
                "Find Var(X).",
                "Find $\\operatorname{Var}(X)$.",
                lam,
                data | {"ask": "variance"},
                hints,
                [
                    "For a Poisson distribution the variance equals the mean: "
                    f"$\\operatorname{{Var}}(X) = \\lambda = {lam}$."
                ],
                [
                    NumericMistake(
                        "misconception:sd-for-variance",
                        f"sqrt({lam})",
                        sd,
                        "√λ is the standard deviation; the variance is λ itself.",
                    )
                ],
            )
        k = integer_in(rng, 1, 4) if difficulty == 2 else 2
        if difficulty == 2:
            coef = Fraction(lam**k, math.factorial(k))
            expected = f"{number_text(coef)}*exp(-{lam})"
            wrong = f"{lam**k}*exp(-{lam})"
            return self._draft(
                setting,
                setting_l,
                f"Find P(X = {k}) (an exact expression such as 2*exp(-3) is fine).",
                f"Find $P(X = {k})$ (an exact expression such as 2*exp(-3) is fine).",
                expected,
                data | {"ask": "pmf", "k": k},
                hints,
                [
                    f"$P(X = {k}) = \\frac{{{lam}^{{{k}}} e^{{-{lam}}}}}{{{k}!}} = "
                    f"{number_latex(coef)}\\,e^{{-{lam}}}$."
                ],
                [
                    NumericMistake(
                        "misconception:missing-factorial",
                        wrong,
                        lam**k * math.exp(-lam),
                        f"Divide by k! = {math.factorial(k)}: P(X = k) = λ^k e^(−λ)/k!.",
                    )
                ]
                if k > 1
                else [],
                value=float(coef) * math.exp(-lam),
            )
        coef = 1 + lam + Fraction(lam * lam, 2)
        expected = f"{number_text(coef)}*exp(-{lam})"
        only = Fraction(lam * lam, 2)
        return self._draft(
            setting,
            setting_l,
            "Find P(X ≤ 2) (an exact expression such as 2*exp(-3) is fine).",
            "Find $P(X \\le 2)$ (an exact expression such as 2*exp(-3) is fine).",
            expected,
            data | {"ask": "cdf", "k": 2},
            hints + ["P(X ≤ 2) = P(X = 0) + P(X = 1) + P(X = 2)."],
            [
                f"$P(X \\le 2) = e^{{-{lam}}}\\left(1 + {lam} + \\frac{{{lam}^2}}{{2}}\\right) "
                f"= {number_latex(coef)}\\,e^{{-{lam}}}$."
            ],
            [
                NumericMistake(
                    "misconception:pmf-for-cdf",
                    f"{number_text(only)}*exp(-{lam})",
                    float(only) * math.exp(-lam),
                    "That is P(X = 2) only; 'at most 2' adds P(X = 0) and P(X = 1).",
                )
            ],
            value=float(coef) * math.exp(-lam),
        )

    def _uniform(self, rng: np.random.Generator, difficulty: int) -> Draft:
        a = integer_in(rng, -4, 3)
        b = a + integer_in(rng, 2, 8)
        setting = f"X ~ Uniform({a}, {b}), continuous on the interval [{a}, {b}]."
        setting_l = f"$X \\sim \\text{{Uniform}}({a}, {b})$, continuous on $[{a}, {b}]$."
        data = {"family": "uniform", "a": a, "b": b}
        hints = [
            "Uniform(a, b): density 1/(b − a) on [a, b]; E[X] = (a + b)/2, Var(X) = (b − a)²/12."
        ]
        if difficulty == 1:
            answer = Fraction((b - a) ** 2, 12)
            return self._draft(
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
        return self._draft(
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

    def _exponential(self, rng: np.random.Generator, difficulty: int) -> Draft:
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
            return self._draft(
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
            return self._draft(
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
        return self._draft(
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

    def _normal(self, rng: np.random.Generator, difficulty: int) -> Draft:
        mu, sigma = integer_in(rng, -5, 20), pick(rng, [2, 3, 4, 5, 10])
        setting = f"X ~ Normal(μ = {mu}, σ² = {sigma * sigma})."
        setting_l = f"$X \\sim \\mathcal{{N}}(\\mu = {mu}, \\sigma^2 = {sigma * sigma})$."
        data = {"family": "normal", "mean": mu, "variance": sigma * sigma}
        if difficulty == 2:
            z = pick(rng, [Fraction(k, 2) for k in (-5, -4, -3, -2, -1, 1, 2, 3, 4, 5)])
            x = mu + z * sigma
            return self._draft(
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
        return self._draft(
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
