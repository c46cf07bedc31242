"""probability.bayesian-inference: the posterior over a few candidate coin biases
(level 1), the posterior mean of a Beta prior updated by Bernoulli data (level 2), and
the posterior predictive probability of the next outcome (level 3). Answers are exact.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.kit.distributions import weights
from dlmath.exercises.kit.values import json_vector
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

BIASES = tuple(Fraction(k, 4) for k in (1, 2, 3)) + tuple(Fraction(k, 5) for k in (1, 2, 3, 4))


def _hypotheses(rng: np.random.Generator, k: int) -> tuple[list[Fraction], list[Fraction]]:
    thetas = sorted(pick(rng, (BIASES[:3], BIASES[3:])))
    thetas = sorted(
        thetas[i] for i in sorted(int(v) for v in rng.choice(len(thetas), k, replace=False))
    )
    prior = [Fraction(c, 10) for c in weights(rng, k, 10, 1)]
    return thetas, prior


def _flips(rng: np.random.Generator) -> tuple[int, int, str]:
    n = draw_int(rng, 3, 7)
    seq = "".join("H" if rng.random() < 0.5 else "T" for _ in range(n))
    return seq.count("H"), seq.count("T"), seq


def _table(thetas: list[Fraction], prior: list[Fraction]) -> str:
    head = " & ".join(_lx(t) for t in thetas)
    body = " & ".join(_lx(p) for p in prior)
    latex = (
        f"$$\\begin{{array}}{{c|{'c' * len(thetas)}}} \\theta & {head} \\\\ \\hline "
        f"P(\\theta) & {body} \\end{{array}}$$"
    )
    return latex


@register
class BayesianInference(Generator):
    """Prior × likelihood → posterior, its mean, and the predictive distribution."""

    skill = "probability.bayesian-inference"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 2:
            return self._beta(rng)
        k = 2 if difficulty == 1 else 3
        thetas, prior = _hypotheses(rng, k)
        heads, tails, seq = _flips(rng)
        like = [t**heads * (1 - t) ** tails for t in thetas]
        joint = [p * lk for p, lk in zip(prior, like, strict=True)]
        evidence = sum(joint, Fraction(0))
        post = [j / evidence for j in joint]
        latex = _table(thetas, prior)
        setting = (
            f"A coin's bias $\\theta = P(H)$ is one of these values, with prior\n\n{latex}\n\n"
            f"The flips **{seq}** are observed."
        )
        data = {
            "thetas": json_vector(thetas),
            "prior": json_vector(prior),
            "heads": heads,
            "tails": tails,
        }
        steps = [
            f"Likelihood of the flips: $\\theta^{{{heads}}}(1-\\theta)^{{{tails}}}$, which is "
            + ", ".join(f"${_lx(lk)}$" for lk in like)
            + ".",
            "Prior × likelihood: " + ", ".join(f"${_lx(j)}$" for j in joint) + f"; their sum "
            f"(the evidence) is ${_lx(evidence)}$.",
            "Posterior: " + ", ".join(f"${_lx(q)}$" for q in post) + ".",
        ]
        if difficulty == 1:
            j = int(rng.integers(k))
            answer = post[j]
            like_only = like[j] / sum(like, Fraction(0))
            return Draft(
                prompt=f"{setting} Compute the posterior "
                f"$P(\\theta = {_lx(thetas[j])} \\mid \\text{{data}})$.",
                kind="number",
                expected=_t(answer),
                data={**data, "ask": j},
                hints=[
                    "Posterior ∝ prior × likelihood; divide by the sum over all θ.",
                    f"The likelihood of {heads} heads and {tails} tails in this order is "
                    f"θ^{heads} (1 − θ)^{tails}.",
                ],
                solution="\n\n".join(steps),
                misconceptions=[
                    Misconception(
                        "misconception:prior-ignored",
                        _t(like_only),
                        "That normalises the likelihoods alone; each must first be weighted "
                        "by its prior probability.",
                    ),
                    Misconception(
                        "misconception:data-ignored",
                        _t(prior[j]),
                        "That is the prior; the observed flips change it.",
                    ),
                    Misconception(
                        "misconception:not-normalised",
                        _t(joint[j]),
                        "Prior × likelihood is the joint P(θ, data); divide by the evidence "
                        "P(data) so the posterior sums to 1.",
                    ),
                ],
            )
        answer = sum((q * t for q, t in zip(post, thetas, strict=True)), Fraction(0))
        best = max(range(k), key=lambda i: (post[i], -i))
        return Draft(
            prompt=f"{setting} What is the probability that the next flip is heads?",
            kind="number",
            expected=_t(answer),
            data=data,
            hints=[
                "First the posterior over θ: prior × likelihood, normalised.",
                "P(next = H | data) = Σ_θ P(θ | data) · θ.",
            ],
            solution="\n\n".join(
                [
                    *steps,
                    f"Predictive: $\\sum_\\theta P(\\theta \\mid \\text{{data}})\\,\\theta = "
                    f"{_lx(answer)}$.",
                ]
            ),
            misconceptions=[
                Misconception(
                    "misconception:plug-in-map",
                    _t(thetas[best]),
                    "That plugs in the most probable θ; the predictive probability averages "
                    "θ over the whole posterior.",
                ),
                Misconception(
                    "misconception:prior-predictive",
                    _t(sum((p * t for p, t in zip(prior, thetas, strict=True)), Fraction(0))),
                    "That averages θ over the prior; after the data, average over the posterior.",
                ),
                Misconception(
                    "misconception:frequency",
                    _t(Fraction(heads, heads + tails)),
                    "That is the observed frequency (the maximum-likelihood estimate over all "
                    "θ); the prior allows only the listed biases.",
                ),
            ],
        )

    @staticmethod
    def _beta(rng: np.random.Generator) -> Draft:
        a, b = draw_int(rng, 1, 8), draw_int(rng, 1, 8)
        heads, tails = draw_int(rng, 0, 20), draw_int(rng, 0, 20)
        while heads + tails == 0:
            heads = draw_int(rng, 1, 20)
        n = heads + tails
        answer = Fraction(a + heads, a + b + n)
        wrong = [
            Misconception(
                "misconception:prior-ignored",
                _t(Fraction(heads, n)),
                "That is the maximum-likelihood estimate h/n; in the posterior mean the prior "
                "Beta(a, b) counts as a extra clicks and b extra non-clicks.",
            ),
            Misconception(
                "misconception:data-ignored",
                _t(Fraction(a, a + b)),
                "That is the prior mean; the posterior is Beta(a + h, b + t).",
            ),
        ]
        if a + b + n > 2 and a + heads >= 1:
            wrong.append(
                Misconception(
                    "misconception:mode-for-mean",
                    _t(Fraction(a + heads - 1, a + b + n - 2)),
                    "That is the posterior mode (the MAP estimate); the mean of "
                    "Beta(α, β) is α/(α + β).",
                )
            )
        return Draft(
            prompt=(
                f"A click-through rate $\\theta$ has the prior $\\mathrm{{Beta}}({a}, {b})$. "
                f"Of ${n}$ independent visitors, ${heads}$ click. Compute the posterior mean "
                "$E[\\theta \\mid \\text{data}]$."
            ),
            kind="number",
            expected=_t(answer),
            data={"a": a, "b": b, "heads": heads, "tails": tails},
            hints=[
                "The Beta prior is conjugate to the Bernoulli likelihood: the posterior is "
                "Beta(a + clicks, b + non-clicks).",
                "The mean of Beta(α, β) is α/(α + β).",
            ],
            solution=(
                f"The posterior is $\\mathrm{{Beta}}({a} + {heads}, {b} + {tails}) = "
                f"\\mathrm{{Beta}}({a + heads}, {b + tails})$, whose mean is "
                f"$\\frac{{{a + heads}}}{{{a + b + n}}}"
                + ("" if answer.denominator == a + b + n else f" = {_lx(answer)}")
                + "$."
            ),
            misconceptions=wrong,
        )
