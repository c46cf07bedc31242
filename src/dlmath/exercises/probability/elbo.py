"""probability.elbo: log p(x) = ELBO(q) + KL(q ‖ p(z | x)) for a discrete latent z. Level 1
uses the identity on given numbers, level 2 computes the ELBO of a two-state latent, level
3 the gap KL(q ‖ p(z | x)) for three states. Answers are exact sums of logarithms (nats).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.kit.distributions import random_pmf
from dlmath.exercises.kit.logs import NATS, LogSum
from dlmath.exercises.kit.values import json_vector
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

LIKELIHOODS = tuple(
    Fraction(v) for v in ("1/2", "1/4", "1/3", "2/3", "3/4", "1/5", "2/5", "1/10", "1/6")
)


def _expectation(q: list[Fraction], ratios: list[Fraction]) -> LogSum:
    """Σ_z q(z) log ratio(z)."""
    total = LogSum()
    for w, r in zip(q, ratios, strict=True):
        if w:
            total = total + LogSum.of(r).scaled(w)
    return total


def _model(rng: np.random.Generator, k: int):
    while True:
        prior = random_pmf(rng, k, pick(rng, (4, 5, 6)), 1)
        like = [pick(rng, LIKELIHOODS) for _ in range(k)]
        q = random_pmf(rng, k, pick(rng, (4, 5, 3)), 1)
        evidence = sum((p * lk for p, lk in zip(prior, like, strict=True)), Fraction(0))
        post = [p * lk / evidence for p, lk in zip(prior, like, strict=True)]
        if q != post and q != prior and len(set(like)) > 1:
            return prior, like, q, evidence, post


def _table(prior, like, q) -> str:
    k = len(prior)
    head = " & ".join(str(z + 1) for z in range(k))
    rows = [
        ("p(z)", prior),
        ("p(x \\mid z)", like),
        ("q(z)", q),
    ]
    body = " \\\\ ".join(f"{name} & " + " & ".join(_lx(v) for v in vals) for name, vals in rows)
    latex = f"$$\\begin{{array}}{{c|{'c' * k}}} z & {head} \\\\ \\hline {body} \\end{{array}}$$"
    return latex


@register
class Elbo(Generator):
    """ELBO(q) = E_q[log p(x, z) − log q(z)] ≤ log p(x), with gap KL(q ‖ p(z | x))."""

    skill = "probability.elbo"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._identity(rng)
        prior, like, q, evidence, post = _model(rng, 2 if difficulty == 2 else 3)
        latex = _table(prior, like, q)
        setting = (
            "A latent-variable model has a discrete $z$ with prior $p(z)$ and, for the observed "
            f"$x$, likelihood $p(x \\mid z)$; $q(z)$ is a variational approximation.\n\n{latex}"
        )
        data = {
            "prior": json_vector(prior),
            "like": json_vector(like),
            "q": json_vector(q),
        }
        joint = [p * lk for p, lk in zip(prior, like, strict=True)]
        elbo = _expectation(q, [j / w for j, w in zip(joint, q, strict=True)])
        log_evidence = LogSum.of(evidence)
        if difficulty == 2:
            return Draft(
                prompt=f"{setting}\n\nCompute $\\mathrm{{ELBO}}(q) = E_q[\\log p(x, z) - "
                "\\log q(z)]$ in nats.",
                kind="number",
                expected=elbo.text(NATS),
                data=data,
                hints=[
                    "p(x, z) = p(z) p(x | z).",
                    "ELBO = Σ_z q(z) log(p(x, z) / q(z)).",
                ],
                solution="\n\n".join(
                    [
                        "$p(x, z) = p(z)\\,p(x \\mid z)$: "
                        + ", ".join(f"${_lx(j)}$" for j in joint)
                        + ".",
                        "$\\mathrm{ELBO} = \\sum_z q(z) \\ln \\frac{p(x, z)}{q(z)} = "
                        + " + ".join(
                            f"{_lx(w)} \\ln {_lx(j / w)}" for w, j in zip(q, joint, strict=True)
                        )
                        + f" = {elbo.latex(NATS)} \\approx {elbo.value(NATS):.4f}$.",
                        f"It is below $\\ln p(x) = \\ln {_lx(evidence)} \\approx "
                        f"{log_evidence.value(NATS):.4f}$.",
                    ]
                ),
                misconceptions=[
                    Misconception(
                        "misconception:entropy-dropped",
                        _expectation(q, joint).text(NATS),
                        "That is E_q[log p(x, z)] alone; the ELBO adds the entropy of q, "
                        "−E_q[log q(z)].",
                    ),
                    Misconception(
                        "misconception:evidence-for-bound",
                        log_evidence.text(NATS),
                        "That is log p(x) itself; the ELBO falls short of it by KL(q ‖ p(z | x)) "
                        "unless q is the exact posterior.",
                    ),
                    Misconception(
                        "misconception:kl-term-dropped",
                        _expectation(q, like).text(NATS),
                        "That is only the reconstruction term E_q[log p(x | z)]; subtract "
                        "KL(q ‖ p(z)).",
                    ),
                ],
            )
        gap = _expectation(q, [w / p for w, p in zip(q, post, strict=True)])
        return Draft(
            prompt=(
                f"{setting}\n\nBy how much does $\\mathrm{{ELBO}}(q)$ fall short of $\\log p(x)$? "
                "Give the gap $KL(q \\,\\|\\, p(z \\mid x))$ in nats."
            ),
            kind="number",
            expected=gap.text(NATS),
            data=data,
            hints=[
                "First the posterior p(z | x) = p(z) p(x | z) / p(x) by Bayes's rule.",
                "Then KL(q ‖ p(z | x)) = Σ_z q(z) log(q(z) / p(z | x)).",
            ],
            solution="\n\n".join(
                [
                    f"$p(x) = \\sum_z p(z)p(x \\mid z) = {_lx(evidence)}$, so "
                    "$p(z \\mid x) = (" + ", ".join(_lx(v) for v in post) + ")$.",
                    "$KL(q \\,\\|\\, p(z \\mid x)) = "
                    + " + ".join(
                        f"{_lx(w)} \\ln {_lx(w / p)}" for w, p in zip(q, post, strict=True)
                    )
                    + f" = {gap.latex(NATS)} \\approx {gap.value(NATS):.4f}$, which equals "
                    "$\\ln p(x) - \\mathrm{ELBO}(q)$.",
                ]
            ),
            misconceptions=[
                Misconception(
                    "misconception:kl-reversed",
                    _expectation(post, [p / w for w, p in zip(q, post, strict=True)]).text(NATS),
                    "That is KL(p(z | x) ‖ q); the gap of the ELBO averages log(q/p) under q.",
                ),
                Misconception(
                    "misconception:prior-for-posterior",
                    _expectation(q, [w / p for w, p in zip(q, prior, strict=True)]).text(NATS),
                    "That is KL(q ‖ p(z)) against the prior; the gap is measured against the "
                    "posterior p(z | x).",
                ),
            ],
        )

    @staticmethod
    def _identity(rng: np.random.Generator) -> Draft:
        log_px = -Fraction(draw_int(rng, 20, 400), 10)
        kl = Fraction(draw_int(rng, 1, 300), 100)
        elbo = log_px - kl
        ask = pick(rng, ("elbo", "kl", "evidence"))
        given = {
            "elbo": (
                f"$\\log p(x) = {_lx(log_px)}$ and $KL(q \\,\\|\\, p(z \\mid x)) = {_lx(kl)}$",
                f"log p(x) = {_t(log_px)} and KL(q || p(z|x)) = {_t(kl)}",
            ),
            "kl": (
                f"$\\log p(x) = {_lx(log_px)}$ and $\\mathrm{{ELBO}}(q) = {_lx(elbo)}$",
                f"log p(x) = {_t(log_px)} and ELBO(q) = {_t(elbo)}",
            ),
            "evidence": (
                f"$\\mathrm{{ELBO}}(q) = {_lx(elbo)}$ and $KL(q \\,\\|\\, p(z \\mid x)) = "
                f"{_lx(kl)}$",
                f"ELBO(q) = {_t(elbo)} and KL(q || p(z|x)) = {_t(kl)}",
            ),
        }[ask]
        asked = {
            "elbo": ("$\\mathrm{ELBO}(q)$", "ELBO(q)", elbo),
            "kl": ("the gap $KL(q \\,\\|\\, p(z \\mid x))$", "the gap KL(q || p(z|x))", kl),
            "evidence": ("$\\log p(x)$", "log p(x)", log_px),
        }[ask]
        wrong_value = {"elbo": log_px + kl, "kl": elbo - log_px, "evidence": elbo - kl}[ask]
        return Draft(
            prompt=f"For a data point $x$ and a variational distribution $q(z)$, {given[0]} "
            f"(nats). What is {asked[0]}?",
            kind="number",
            expected=_t(asked[2]),
            data={"ask": ask, "log_px": _t(log_px), "kl": _t(kl), "elbo": _t(elbo)},
            hints=[
                "log p(x) = ELBO(q) + KL(q ‖ p(z | x)).",
                "KL ≥ 0, so the ELBO is never above log p(x).",
            ],
            solution=(
                "$\\log p(x) = \\mathrm{ELBO}(q) + KL(q \\,\\|\\, p(z \\mid x))$, so "
                + {
                    "elbo": f"$\\mathrm{{ELBO}} = {_lx(log_px)} - {_lx(kl)} = {_lx(elbo)}$.",
                    "kl": f"$KL = {_lx(log_px)} - ({_lx(elbo)}) = {_lx(kl)}$.",
                    "evidence": f"$\\log p(x) = {_lx(elbo)} + {_lx(kl)} = {_lx(log_px)}$.",
                }[ask]
            ),
            misconceptions=[
                Misconception(
                    "misconception:gap-sign",
                    _t(wrong_value),
                    "The ELBO is a lower bound: log p(x) = ELBO + KL with KL ≥ 0, so the ELBO "
                    "lies below log p(x) by the KL.",
                ),
            ],
        )
