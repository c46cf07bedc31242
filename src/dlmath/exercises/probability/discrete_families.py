"""The discrete named distributions of probability.common-distributions: binomial,
geometric and Poisson."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Misconception
from dlmath.exercises.kit import draw_int, pick, tex_number, text_number
from dlmath.exercises.probability.drafting import family_draft, mistake, parenthesised

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

_PROBS = tuple(Fraction(t) for t in ("1/2", "1/3", "1/4", "2/3", "3/4", "1/5", "2/5", "1/10"))


def binomial(rng: np.random.Generator, difficulty: int) -> Draft:
    n, p = draw_int(rng, 3, 8 if difficulty < 3 else 10), pick(rng, _PROBS)
    q = 1 - p
    setting = (
        f"$X \\sim \\text{{Binomial}}(n = {n}, p = {tex_number(p)})$: the number of "
        "successes in "
        f"{n} independent trials."
    )
    data = {"family": "binomial", "n": n, "p": text_number(p)}
    hints = ["Binomial: E[X] = np, Var(X) = np(1 − p), P(X = k) = C(n, k)·p^k·(1 − p)^(n−k)."]
    if difficulty == 1:
        answer = n * p * q
        return family_draft(
            setting,
            "Find $\\operatorname{Var}(X)$.",
            answer,
            data | {"ask": "variance"},
            hints,
            [
                f"$\\operatorname{{Var}}(X) = np(1-p) = {n} \\cdot {tex_number(p)} \\cdot "
                f"{tex_number(q)} = {tex_number(answer)}$."
            ],
            [
                mistake(
                    "misconception:mean-for-variance",
                    n * p,
                    "np is the mean; the variance has the extra factor (1 − p).",
                ),
            ],
        )
    k = draw_int(rng, 1, n - 1)
    if difficulty == 2:
        answer = math.comb(n, k) * p**k * q ** (n - k)
        return family_draft(
            setting,
            f"Find $P(X = {k})$. Give an exact fraction.",
            answer,
            data | {"ask": "pmf", "k": k},
            hints,
            [
                f"$P(X = {k}) = \\binom{{{n}}}{{{k}}} {parenthesised(p)}^{{{k}}} "
                f"{parenthesised(q)}^{{{n - k}}} "
                f"= {math.comb(n, k)} \\cdot {tex_number(p**k)} \\cdot "
                f"{tex_number(q ** (n - k))} = "
                f"{tex_number(answer)}$."
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
    return family_draft(
        setting,
        "Find $P(X \\ge 1)$. Give an exact fraction.",
        answer,
        data | {"ask": "at-least-one"},
        hints,
        [f"$P(X \\ge 1) = 1 - P(X = 0) = 1 - {parenthesised(q)}^{{{n}}} = {tex_number(answer)}$."],
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


def geometric(rng: np.random.Generator, difficulty: int) -> Draft:
    p = pick(rng, _PROBS[:-1])
    q = 1 - p
    setting = (
        f"$X \\sim \\text{{Geometric}}(p = {tex_number(p)})$: the number of independent "
        "trials up "
        "to and including the first success."
    )
    data = {"family": "geometric", "p": text_number(p)}
    hints = ["X = k means k − 1 failures, then a success: P(X = k) = (1 − p)^(k−1)·p; E[X] = 1/p."]
    if difficulty == 1:
        return family_draft(
            setting,
            "Find $E[X]$.",
            1 / p,
            data | {"ask": "mean"},
            hints,
            [f"$E[X] = 1/p = {tex_number(1 / p)}$."],
            [
                mistake(
                    "misconception:failures-for-trials",
                    q / p,
                    "(1 − p)/p counts the failures before the first success; X also "
                    "counts the success.",
                )
            ],
        )
    k = draw_int(rng, 2, 5)
    if difficulty == 2:
        answer = q ** (k - 1) * p
        return family_draft(
            setting,
            f"Find $P(X = {k})$. Give an exact fraction.",
            answer,
            data | {"ask": "pmf", "k": k},
            hints,
            [
                f"$P(X = {k}) = (1-p)^{{{k - 1}}} p = {parenthesised(q)}^{{{k - 1}}} \\cdot "
                f"{tex_number(p)} = {tex_number(answer)}$."
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
    return family_draft(
        setting,
        f"Find $P(X > {k})$. Give an exact fraction.",
        answer,
        data | {"ask": "tail", "k": k},
        hints + [f"X > {k} means the first {k} trials all fail."],
        [
            f"$P(X > {k}) = (1-p)^{{{k}}} = {tex_number(answer)}$: the first {k} trials "
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


def poisson(rng: np.random.Generator, difficulty: int) -> Draft:
    lam = draw_int(rng, 1, 5)
    setting = f"$X \\sim \\text{{Poisson}}(\\lambda = {lam})$."
    data = {"family": "poisson", "lambda": lam}
    hints = ["Poisson: P(X = k) = λ^k·e^(−λ)/k!, and E[X] = Var(X) = λ."]
    if difficulty == 1:
        return family_draft(
            setting,
            "Find $\\operatorname{Var}(X)$.",
            lam,
            data | {"ask": "variance"},
            hints,
            [
                "For a Poisson distribution the variance equals the mean: "
                f"$\\operatorname{{Var}}(X) = \\lambda = {lam}$."
            ],
            [
                Misconception(
                    "misconception:sd-for-variance",
                    f"sqrt({lam})",
                    "√λ is the standard deviation; the variance is λ itself.",
                )
            ],
        )
    k = draw_int(rng, 1, 4) if difficulty == 2 else 2
    if difficulty == 2:
        coef = Fraction(lam**k, math.factorial(k))
        expected = f"{text_number(coef)}*exp(-{lam})"
        wrong = f"{lam**k}*exp(-{lam})"
        return family_draft(
            setting,
            f"Find $P(X = {k})$ (an exact expression such as 2*exp(-3) is fine).",
            expected,
            data | {"ask": "pmf", "k": k},
            hints,
            [
                f"$P(X = {k}) = \\frac{{{lam}^{{{k}}} e^{{-{lam}}}}}{{{k}!}} = "
                f"{tex_number(coef)}\\,e^{{-{lam}}}$."
            ],
            [
                Misconception(
                    "misconception:missing-factorial",
                    wrong,
                    f"Divide by k! = {math.factorial(k)}: P(X = k) = λ^k e^(−λ)/k!.",
                )
            ]
            if k > 1
            else [],
        )
    coef = 1 + lam + Fraction(lam * lam, 2)
    expected = f"{text_number(coef)}*exp(-{lam})"
    only = Fraction(lam * lam, 2)
    return family_draft(
        setting,
        "Find $P(X \\le 2)$ (an exact expression such as 2*exp(-3) is fine).",
        expected,
        data | {"ask": "cdf", "k": 2},
        hints + ["P(X ≤ 2) = P(X = 0) + P(X = 1) + P(X = 2)."],
        [
            f"$P(X \\le 2) = e^{{-{lam}}}\\left(1 + {lam} + \\frac{{{lam}^2}}{{2}}\\right) "
            f"= {tex_number(coef)}\\,e^{{-{lam}}}$."
        ],
        [
            Misconception(
                "misconception:pmf-for-cdf",
                f"{text_number(only)}*exp(-{lam})",
                "That is P(X = 2) only; 'at most 2' adds P(X = 0) and P(X = 1).",
            )
        ],
    )
