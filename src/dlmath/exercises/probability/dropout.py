"""probability.dropout: inverted dropout h̃ = m·h/p with a keep mask m ~ Bernoulli(p).
Level 1 scales a kept activation, level 2 asks the variance of a dropped-out random
activation, level 3 the variance dropout adds to a neuron's input Σ wᵢh̃ᵢ. Answers are
exact fractions.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, latex_factor, nonzero_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

DROP_RATES = tuple(Fraction(v) for v in ("1/2", "1/5", "1/4", "1/10", "3/10", "2/5", "1/3"))


@register
class Dropout(Generator):
    """Inverted dropout keeps E[h̃] = h and adds variance h²(1 − p)/p."""

    skill = "probability.dropout"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._scaled(rng)
        if difficulty == 2:
            return self._random_activation(rng)
        return self._neuron_input(rng)

    @staticmethod
    def _scaled(rng: np.random.Generator) -> Draft:
        rate, h = pick(rng, DROP_RATES), Fraction(draw_int(rng, 1, 40), pick(rng, (1, 2, 4, 10)))
        keep = 1 - rate
        answer = h / keep
        return Draft(
            prompt=(
                f"A layer uses inverted dropout with drop rate ${_lx(rate)}$. During training, an "
                f"activation $h = {_lx(h)}$ is kept. What value is passed on?"
            ),
            kind="number",
            expected=_t(answer),
            data={"rate": _t(rate), "h": _t(h)},
            hints=[
                "Inverted dropout divides the kept activations by the keep probability p = 1 − "
                "rate.",
                "Then E[h̃] = p · h/p + (1 − p) · 0 = h: nothing changes at test time.",
            ],
            solution=(
                f"The keep probability is $p = 1 - {_lx(rate)} = {_lx(keep)}$, so a kept "
                f"activation becomes $h/p = {_lx(h)} / {_lx(keep)} = {_lx(answer)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:test-time-scaling",
                    _t(h * keep),
                    "Multiplying by p is what the original dropout does at test time; inverted "
                    "dropout divides by p during training instead.",
                ),
                Misconception(
                    "misconception:divided-by-rate",
                    _t(h / rate),
                    "Divide by the keep probability 1 − rate, not by the drop rate.",
                ),
            ],
        )

    @staticmethod
    def _random_activation(rng: np.random.Generator) -> Draft:
        rate = pick(rng, DROP_RATES)
        keep = 1 - rate
        mu, var = draw_int(rng, -3, 5), draw_int(rng, 1, 9)
        while mu == 0:
            mu = draw_int(rng, -3, 5)
        answer = (var + mu * mu) / keep - mu * mu
        return Draft(
            prompt=(
                f"An activation $h$ has mean ${mu}$ and variance ${var}$. Inverted dropout with "
                f"keep "
                f"probability $p = {_lx(keep)}$ outputs $\\tilde h = m h / p$ with $m \\sim "
                "\\mathrm{Bernoulli}(p)$ independent of $h$. Compute $\\operatorname{Var}(\\tilde "
                "h)$."
            ),
            kind="number",
            expected=_t(answer),
            data={"keep": _t(keep), "mean": mu, "variance": var},
            hints=[
                "E[h̃] = E[m/p] E[h] = E[h]; E[h̃²] = E[m²]/p² · E[h²] = E[h²]/p.",
                "Var(h̃) = E[h²]/p − (E h)² with E[h²] = Var h + (E h)².",
            ],
            solution=(
                f"$E[h^2] = {var} + {latex_factor(mu)}^2 = {var + mu * mu}$, "
                "$E[\\tilde h^2] = E[h^2]/p = "
                f"{_lx((var + mu * mu) / keep)}$ and $E[\\tilde h] = {mu}$, so "
                f"$\\operatorname{{Var}}(\\tilde h) = {_lx((var + mu * mu) / keep)} - {mu * mu} = "
                f"{_lx(answer)}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:no-added-variance",
                    str(var),
                    "The mask is random too: dropout adds variance even though it keeps the mean.",
                ),
                Misconception(
                    "misconception:mean-ignored",
                    _t(var / keep),
                    "E[h̃²] = E[h²]/p uses the second moment Var h + (E h)², not the variance "
                    "alone.",
                ),
            ],
        )

    @staticmethod
    def _neuron_input(rng: np.random.Generator) -> Draft:
        n = draw_int(rng, 3, 4)
        rate = pick(rng, DROP_RATES)
        keep = 1 - rate
        w = [nonzero_int(rng, -3, 3) for _ in range(n)]
        h = [draw_int(rng, 1, 4) for _ in range(n)]
        squares = sum(wi * wi * hi * hi for wi, hi in zip(w, h, strict=True))
        answer = squares * (1 - keep) / keep
        total = sum(wi * hi for wi, hi in zip(w, h, strict=True))
        w_latex = ", ".join(str(v) for v in w)
        h_latex = ", ".join(str(v) for v in h)
        return Draft(
            prompt=(
                f"A neuron computes $y = \\sum_i w_i \\tilde h_i$ with weights $w = ({w_latex})$ "
                f"on the "
                f"activations $h = ({h_latex})$, each passed through inverted dropout with keep "
                f"probability $p = {_lx(keep)}$ (independent masks). Compute "
                "$\\operatorname{Var}(y)$ over the masks."
            ),
            kind="number",
            expected=_t(answer),
            data={"keep": _t(keep), "w": w, "h": h},
            hints=[
                "For a fixed h, Var(m h/p) = h² (1 − p)/p.",
                "Independent masks: the variances of the terms add, each scaled by wᵢ².",
            ],
            solution=(
                f"$\\operatorname{{Var}}(y) = \\frac{{1 - p}}{{p}} \\sum_i w_i^2 h_i^2 = "
                f"\\frac{{{_lx(1 - keep)}}}{{{_lx(keep)}}} \\cdot {squares} = {_lx(answer)}$; the "
                f"mean "
                f"stays $\\sum_i w_i h_i = {total}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:not-inverted",
                    _t(squares * keep * (1 - keep)),
                    "That is the variance without the 1/p scaling (plain Bernoulli masks); "
                    "inverted dropout divides by p, so the variance gains a factor 1/p².",
                ),
                Misconception(
                    "misconception:masks-correlated",
                    _t(total * total * (1 - keep) / keep),
                    "That would be one shared mask; each activation has its own independent "
                    "mask, so the variances add: Σ wᵢ² hᵢ², not (Σ wᵢhᵢ)².",
                ),
            ],
        )
