"""probability.mle-map: point estimates of model parameters. Level 1 asks a maximum-
likelihood estimate (Bernoulli, categorical, Gaussian variance), level 2 a MAP estimate
under a conjugate prior (Beta, symmetric Dirichlet: pseudo-counts α − 1), level 3 the MAP
mean of a Gaussian under a Gaussian prior (shrinkage, the L2 penalty of weight decay).
Answers are exact fractions.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.kit.distributions import weights
from dlmath.exercises.kit.values import signed_term
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

CLASSES = ("cat", "dog", "bird", "fish")


@register
class MleMap(Generator):
    """argmax of the likelihood, then of likelihood × prior."""

    skill = "probability.mle-map"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return pick(rng, (self._categorical_mle, self._gaussian_variance))(rng)
        if difficulty == 2:
            return pick(rng, (self._beta_map, self._dirichlet_map))(rng)
        return self._gaussian_mean_map(rng)

    @staticmethod
    def _categorical_mle(rng: np.random.Generator) -> Draft:
        k = draw_int(rng, 2, 4)
        counts = weights(rng, k, draw_int(rng, 8, 40), 1)
        j = int(rng.integers(k))
        n = sum(counts)
        answer = Fraction(counts[j], n)
        names = CLASSES[:k]
        listed = ", ".join(f"{c} × {name}" for c, name in zip(counts, names, strict=True))
        return Draft(
            prompt=(
                f"A categorical model over the labels {', '.join(names)} is fitted by maximum "
                f"likelihood to {n} independent labels: {listed}. What is the estimate of "
                f"$P(\\text{{{names[j]}}})$?"
            ),
            kind="number",
            expected=_t(answer),
            data={"family": "categorical", "counts": counts, "j": j},
            hints=[
                "Maximise Σ_k n_k log π_k subject to Σ_k π_k = 1 (a Lagrange multiplier).",
                "The maximiser is the observed frequency π_k = n_k / N.",
            ],
            solution=(
                "The log-likelihood $\\sum_k n_k \\ln \\pi_k$ with $\\sum_k \\pi_k = 1$ is "
                f"maximised by $\\pi_k = n_k / N$: $\\hat\\pi = \\frac{{{counts[j]}}}{{{n}}}"
                + ("" if answer.denominator == n else f" = {_lx(answer)}")
                + "$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:uniform",
                    _t(Fraction(1, k)),
                    "That ignores the data; the likelihood is largest at the observed frequencies.",
                ),
                Misconception(
                    "misconception:add-one",
                    _t(Fraction(counts[j] + 1, n + k)),
                    "Adding one to each count is Laplace smoothing, a MAP estimate under a "
                    "Dirichlet(2, ..., 2) prior; the MLE uses the raw counts.",
                ),
            ],
        )

    @staticmethod
    def _gaussian_variance(rng: np.random.Generator) -> Draft:
        n = draw_int(rng, 4, 6)
        xs = [draw_int(rng, -6, 9) for _ in range(n)]
        while len(set(xs)) == 1:
            xs[0] += 1
        mean = Fraction(sum(xs), n)
        ss = sum((x - mean) ** 2 for x in xs)
        answer = ss / n
        return Draft(
            prompt=(
                f"A Gaussian $\\mathcal{{N}}(\\mu, \\sigma^2)$ is fitted by maximum likelihood to "
                f"the data ${', '.join(str(x) for x in xs)}$. What is "
                f"$\\hat\\sigma^2_{{\\mathrm{{MLE}}}}$?"
            ),
            kind="number",
            expected=_t(answer),
            data={"family": "gaussian", "x": xs},
            hints=[
                "Setting the derivatives of the log-likelihood to zero gives μ̂ = x̄ and "
                "σ̂² = (1/n) Σ (xᵢ − x̄)².",
            ],
            solution=(
                f"$\\hat\\mu = \\bar x = {_lx(mean)}$, $\\sum_i (x_i - \\bar x)^2 = {_lx(ss)}$, so "
                f"$\\hat\\sigma^2 = \\frac{{{_lx(ss)}}}{{{n}}}"
                + (
                    ""
                    if Fraction(ss).denominator == 1 and answer.denominator == n
                    else f" = {_lx(answer)}"
                )
                + "$ (divided by $n$, not "
                "$n - 1$)."
            ),
            misconceptions=[
                Misconception(
                    "misconception:unbiased-not-mle",
                    _t(ss / (n - 1)),
                    "Dividing by n − 1 gives the unbiased sample variance; the maximum-"
                    "likelihood estimate divides by n.",
                ),
                Misconception(
                    "misconception:second-moment",
                    _t(Fraction(sum(x * x for x in xs), n)),
                    "Centre the data first: σ̂² averages (xᵢ − x̄)², not xᵢ².",
                ),
            ],
        )

    @staticmethod
    def _beta_map(rng: np.random.Generator) -> Draft:
        a, b = draw_int(rng, 2, 8), draw_int(rng, 2, 8)
        heads, tails = draw_int(rng, 0, 15), draw_int(rng, 0, 15)
        while heads + tails < 2:
            heads += 1
        n = heads + tails
        answer = Fraction(heads + a - 1, n + a + b - 2)
        return Draft(
            prompt=(
                f"A coin's bias $\\theta$ has the prior $\\mathrm{{Beta}}({a}, {b})$. In {n} flips "
                f"it shows {heads} heads. What is the MAP estimate "
                f"$\\hat\\theta_{{\\mathrm{{MAP}}}}$?"
            ),
            kind="number",
            expected=_t(answer),
            data={"family": "bernoulli", "a": a, "b": b, "heads": heads, "tails": tails},
            hints=[
                "The posterior is Beta(a + h, b + t); MAP is its mode.",
                "The mode of Beta(α, β) (α, β > 1) is (α − 1)/(α + β − 2).",
            ],
            solution=(
                f"Posterior $\\mathrm{{Beta}}({a + heads}, {b + tails})$, whose mode is "
                f"$\\frac{{{a + heads} - 1}}{{{a + b + n} - 2}} = {_lx(answer)}$: the prior acts "
                f"as ${a - 1}$ extra heads and ${b - 1}$ extra tails."
            ),
            misconceptions=[
                Misconception(
                    "misconception:mean-for-mode",
                    _t(Fraction(heads + a, n + a + b)),
                    "That is the posterior mean; the MAP estimate is the posterior mode, "
                    "(α − 1)/(α + β − 2).",
                ),
                Misconception(
                    "misconception:prior-ignored",
                    _t(Fraction(heads, n)),
                    "That is the maximum-likelihood estimate; the prior adds a − 1 heads and "
                    "b − 1 tails.",
                ),
            ],
        )

    @staticmethod
    def _dirichlet_map(rng: np.random.Generator) -> Draft:
        k = draw_int(rng, 3, 4)
        alpha = draw_int(rng, 2, 5)
        counts = weights(rng, k, draw_int(rng, 6, 30), 0)
        j = int(rng.integers(k))
        n = sum(counts)
        answer = Fraction(counts[j] + alpha - 1, n + k * (alpha - 1))
        names = CLASSES[:k]
        listed = ", ".join(f"{c} × {name}" for c, name in zip(counts, names, strict=True))
        return Draft(
            prompt=(
                f"Class probabilities $\\pi$ over {', '.join(names)} have the symmetric prior "
                f"$\\mathrm{{Dirichlet}}({alpha}, \\dots, {alpha})$. The data: {listed}. What is "
                f"the MAP estimate of $\\pi_{{\\text{{{names[j]}}}}}$?"
            ),
            kind="number",
            expected=_t(answer),
            data={"family": "categorical", "alpha": alpha, "counts": counts, "j": j},
            hints=[
                "The posterior is Dirichlet(n_k + α); its mode adds α − 1 to every count.",
                "π_k = (n_k + α − 1) / (N + K(α − 1)).",
            ],
            solution=(
                f"Each class gets ${alpha - 1}$ pseudo-counts: $\\hat\\pi = \\frac{{{counts[j]} + "
                f"{alpha - 1}}}{{{n} + {k} \\cdot {alpha - 1}}} = {_lx(answer)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:alpha-not-minus-one",
                    _t(Fraction(counts[j] + alpha, n + k * alpha)),
                    "That is the posterior mean; the mode (MAP) adds α − 1, not α, to each count.",
                ),
                Misconception(
                    "misconception:prior-ignored",
                    _t(Fraction(counts[j], n)),
                    "That is the maximum-likelihood estimate; the Dirichlet prior adds α − 1 "
                    "pseudo-counts to every class.",
                ),
                Misconception(
                    "misconception:denominator-unsmoothed",
                    _t(Fraction(counts[j] + alpha - 1, n)),
                    f"The pseudo-counts go into the total too: N + K(α − 1) = "
                    f"{n + k * (alpha - 1)}.",
                ),
            ],
        )

    @staticmethod
    def _gaussian_mean_map(rng: np.random.Generator) -> Draft:
        n = draw_int(rng, 2, 5)
        xs = [draw_int(rng, -5, 12) for _ in range(n)]
        sigma2, tau2, mu0 = draw_int(rng, 1, 9), draw_int(rng, 1, 9), draw_int(rng, -3, 3)
        total = sum(xs)
        answer = (Fraction(mu0, tau2) + Fraction(total, sigma2)) / (
            Fraction(1, tau2) + Fraction(n, sigma2)
        )
        mean = Fraction(total, n)
        lam = Fraction(sigma2, tau2)
        return Draft(
            prompt=(
                f"Data ${', '.join(str(x) for x in xs)}$ come from $\\mathcal{{N}}(\\mu, "
                f"{sigma2})$ "
                f"(known variance), with the prior $\\mu \\sim \\mathcal{{N}}({mu0}, {tau2})$. "
                f"What is "
                "the MAP estimate of $\\mu$?"
            ),
            kind="number",
            expected=_t(answer),
            data={"family": "gaussian-mean", "x": xs, "sigma2": sigma2, "tau2": tau2, "mu0": mu0},
            hints=[
                "Minimise Σᵢ (xᵢ − μ)²/(2σ²) + (μ − μ₀)²/(2τ²): an L2 penalty pulling μ to μ₀.",
                "Precisions add: μ̂ = (μ₀/τ² + Σxᵢ/σ²) / (1/τ² + n/σ²).",
            ],
            solution=(
                "Setting the derivative of $\\sum_i \\frac{(x_i - \\mu)^2}{2\\sigma^2} + "
                "\\frac{(\\mu - \\mu_0)^2}{2\\tau^2}$ to zero: $\\hat\\mu = \\frac{\\mu_0/\\tau^2 "
                "+ "
                f"\\sum_i x_i/\\sigma^2}}{{1/\\tau^2 + n/\\sigma^2}} = "
                f"\\frac{{{_lx(Fraction(mu0, tau2))} "
                f"{signed_term(Fraction(total, sigma2))}}}{{{_lx(Fraction(1, tau2))} + "
                f"{_lx(Fraction(n, sigma2))}}}"
                f" = {_lx(answer)}$. Equivalently, least squares with the penalty "
                f"$\\lambda(\\mu - \\mu_0)^2$, $\\lambda = \\sigma^2/\\tau^2 = {_lx(lam)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:prior-ignored",
                    _t(mean),
                    "That is the sample mean (the MLE); the prior pulls the estimate toward μ₀.",
                ),
                Misconception(
                    "misconception:plain-average",
                    _t((mean + mu0) / 2),
                    "The sample mean and the prior mean are weighted by their precisions "
                    "n/σ² and 1/τ², not averaged equally.",
                ),
                Misconception(
                    "misconception:precisions-swapped",
                    _t(
                        (Fraction(mu0, sigma2) + Fraction(total, tau2))
                        / (Fraction(1, sigma2) + Fraction(n, tau2))
                    ),
                    "The data are weighted by 1/σ² (their noise) and the prior by 1/τ²; those "
                    "weights are swapped.",
                ),
            ],
        )
