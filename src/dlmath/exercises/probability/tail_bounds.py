"""probability.inequalities: Markov's bound from a mean (level 1), Chebyshev's bound from
a mean and a variance (level 2), and Chebyshev's bound for a variable given by its PMF,
whose mean and variance must be computed first (level 3). Answers are exact fractions.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.kit.distributions import random_pmf
from dlmath.exercises.kit.values import json_vector
from dlmath.exercises.probability.tables import pmf_latex
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

#: What a non-negative quantity with a known mean may be, in a sentence.
MARKOV_STORIES = (
    ("the time a request waits in a queue, in ms", "ms"),
    ("the loss of a model on a random training example", ""),
    ("the number of tokens in a random document, in thousands", "thousand"),
    ("the gradient norm on a random mini-batch", ""),
)


@register
class TailBounds(Generator):
    """Markov's and Chebyshev's inequalities: the best bound the given facts allow."""

    skill = "probability.inequalities"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._markov(rng)
        if difficulty == 2:
            return self._chebyshev(rng)
        return self._chebyshev_pmf(rng)

    @staticmethod
    def _markov(rng: np.random.Generator) -> Draft:
        story, unit = pick(rng, MARKOV_STORIES)
        mean = draw_int(rng, 2, 40)
        a = mean + draw_int(rng, 1, 4 * mean)
        answer = Fraction(mean, a)
        reduced = "" if answer.denominator == a else f" = {_lx(answer)}"
        return Draft(
            prompt=(
                f"$X \\ge 0$ is {story}; all you know is $E[X] = {mean}$. What is the "
                f"smallest upper bound on $P(X \\ge {a})$ that this information guarantees?"
            ),
            kind="number",
            expected=_t(answer),
            data={"mean": mean, "a": a},
            hints=[
                "Markov's inequality: for X ≥ 0 and a > 0, P(X ≥ a) ≤ E[X] / a.",
                f"It is attained by X = {a} with probability E[X]/{a} and 0 otherwise.",
            ],
            solution=(
                f"By Markov's inequality $P(X \\ge {a}) \\le \\frac{{E[X]}}{{{a}}} = "
                f"\\frac{{{mean}}}{{{a}}}{reduced}$. "
                f"No smaller bound is guaranteed: $X = {a}$ with probability ${_lx(answer)}$ "
                f"(else $0$) has mean {mean} and reaches it."
            ),
            misconceptions=[
                Misconception(
                    "misconception:ratio-inverted",
                    _t(Fraction(a, mean)),
                    "Markov's bound is E[X]/a, the mean over the threshold; a probability "
                    "bound above 1 says nothing.",
                ),
                Misconception(
                    "misconception:complement",
                    _t(1 - answer),
                    "E[X]/a bounds P(X ≥ a) itself, not the probability of staying below a.",
                ),
            ],
        )

    @staticmethod
    def _chebyshev(rng: np.random.Generator) -> Draft:
        mean = draw_int(rng, -20, 50)
        variance = draw_int(rng, 1, 40)
        k = draw_int(rng, 2, 12)
        while k * k <= variance:
            k += draw_int(rng, 1, 4)
        bound = Fraction(variance, k * k)
        inside = rng.random() < 0.5
        lo, hi = mean - k, mean + k
        if inside:
            answer = 1 - bound
            asked = f"the largest lower bound on $P({lo} < X < {hi})$"
        else:
            answer = bound
            asked = f"the smallest upper bound on $P(|X - {mean}| \\ge {k})$".replace("- -", "+ ")
        wrong = [
            Misconception(
                "misconception:distance-not-squared",
                _t(1 - Fraction(variance, k) if inside else Fraction(variance, k)),
                f"Chebyshev divides the variance by the squared distance: σ²/k² with k = {k}.",
            ),
            Misconception(
                "misconception:complement",
                _t(bound if inside else 1 - bound),
                "σ²/k² bounds the probability of being at least k away from the mean; the "
                "probability of staying within k is at least 1 − σ²/k².",
            ),
        ]
        return Draft(
            prompt=(
                f"A random variable $X$ has mean ${mean}$ and variance ${variance}$; nothing "
                f"else is known. Give {asked} that this guarantees."
            ),
            kind="number",
            expected=_t(answer),
            data={"mean": mean, "variance": variance, "k": k, "inside": inside},
            hints=[
                "Chebyshev's inequality: P(|X − μ| ≥ k) ≤ σ²/k².",
                f"The interval is the mean plus or minus k = {k}.",
            ],
            solution=(
                f"With $k = {k}$: $P(|X - \\mu| \\ge {k}) \\le \\frac{{\\sigma^2}}{{k^2}} = "
                f"\\frac{{{variance}}}{{{k * k}}}"
                + ("" if bound.denominator == k * k else f" = {_lx(bound)}")
                + "$"
                + (
                    f", so $P({lo} < X < {hi}) \\ge 1 - {_lx(bound)} = {_lx(answer)}$."
                    if inside
                    else "."
                )
            ),
            misconceptions=wrong,
        )

    @staticmethod
    def _chebyshev_pmf(rng: np.random.Generator) -> Draft:
        while True:
            n = draw_int(rng, 3, 5)
            values = sorted(int(v) for v in rng.choice(range(-4, 9), size=n, replace=False))
            probs = random_pmf(rng, n, pick(rng, (8, 10, 12)), 1)
            mean = sum((v * p for v, p in zip(values, probs, strict=True)), Fraction(0))
            second = sum((v * v * p for v, p in zip(values, probs, strict=True)), Fraction(0))
            variance = second - mean * mean
            k = draw_int(rng, 2, 6)
            if variance < k * k and mean != 0:
                break
        answer = variance / (k * k)
        exact = sum(
            (p for v, p in zip(values, probs, strict=True) if abs(v - mean) >= k), Fraction(0)
        )
        return Draft(
            prompt=(
                f"$X$ has the PMF\n\n{pmf_latex(values, probs)}\n\nWhat upper bound does "
                f"Chebyshev's inequality give for $P(|X - E[X]| \\ge {k})$?"
            ),
            kind="number",
            expected=_t(answer),
            data={"values": values, "probs": json_vector(probs), "k": k},
            hints=[
                "First E[X] and Var X = E[X²] − (E X)² from the PMF.",
                f"Then Chebyshev: P(|X − E X| ≥ {k}) ≤ Var X / {k * k}.",
            ],
            solution="\n\n".join(
                [
                    f"$E[X] = {_lx(mean)}$, $E[X^2] = {_lx(second)}$, so "
                    f"$\\operatorname{{Var}} X = {_lx(second)} - ({_lx(mean)})^2 = "
                    f"{_lx(variance)}$.",
                    f"Chebyshev: $P(|X - E[X]| \\ge {k}) \\le \\frac{{{_lx(variance)}}}{{{k * k}}}"
                    f" = {_lx(answer)}$. (The true probability is ${_lx(exact)}$: a bound "
                    "need not be tight.)",
                ]
            ),
            misconceptions=[
                Misconception(
                    "misconception:second-moment-not-centred",
                    _t(second / (k * k)),
                    "Chebyshev uses the variance, E[X²] − (E X)², not the raw second moment E[X²].",
                ),
                Misconception(
                    "misconception:exact-probability",
                    _t(exact),
                    "That is the exact probability read from the PMF; the question asks for "
                    "Chebyshev's bound Var X / k².",
                ),
                Misconception(
                    "misconception:distance-not-squared",
                    _t(variance / k),
                    f"Divide the variance by the squared distance, {k}² = {k * k}.",
                ),
            ],
        )
