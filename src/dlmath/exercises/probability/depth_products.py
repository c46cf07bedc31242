"""probability.exploding-vanishing: per-layer factors multiply with depth. Level 1: the
variance after L linear layers is (n Var(w))ᴸ Var(x); level 2: the derivative of a chain
of sigmoid layers is a product of wₗ σ'(0) = wₗ/4; level 3: the depth at which a per-layer
gain g first carries a signal past 10^±k. Answers are exact.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, latex_factor, nonzero_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

GAINS = tuple(Fraction(v) for v in ("1/2", "3/4", "9/10", "4/5", "2", "3/2", "5/4", "11/10"))
WIDTHS = (32, 64, 128, 256)


def _first_depth(gain: Fraction, k: int, log: float) -> int:
    """The smallest L with gainᴸ past 10^±k when the logarithms are taken in base e^log."""
    return math.ceil(k * log / abs(math.log(gain)) - 1e-12)


@register
class ExplodingVanishing(Generator):
    """Products of per-layer gains: exponential in depth."""

    skill = "probability.exploding-vanishing"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._linear_depth(rng)
        if difficulty == 2:
            return self._sigmoid_chain(rng)
        return self._depth_to_threshold(rng)

    @staticmethod
    def _linear_depth(rng: np.random.Generator) -> Draft:
        n = pick(rng, WIDTHS)
        gain = pick(rng, GAINS[:2] + GAINS[4:6] + (Fraction(1, 4), Fraction(3)))
        v = gain / n
        depth = draw_int(rng, 3, 10)
        q = Fraction(draw_int(rng, 1, 4))
        answer = gain**depth * q
        return Draft(
            prompt=(
                f"A deep linear network has {depth} layers of width ${n}$: $y_{{l+1}} = W_l y_l$, "
                f"with "
                f"independent zero-mean weights of variance ${_lx(v)}$. The input entries are "
                f"independent, mean $0$, variance ${q}$. What is the variance of an entry of the "
                "output?"
            ),
            kind="number",
            expected=_t(answer),
            data={"n": n, "var_w": _t(v), "depth": depth, "var_x": _t(q)},
            hints=[
                "One layer multiplies the variance by n Var(w).",
                f"Over {depth} layers the factors multiply.",
            ],
            solution=(
                f"Each layer multiplies the variance by $n\\operatorname{{Var}}(w) = {n} \\cdot "
                f"{_lx(v)} = "
                f"{_lx(gain)}$, so the output variance is $({_lx(gain)})^{{{depth}}} \\cdot {q} = "
                f"{_lx(answer)}$" + (" — it explodes." if gain > 1 else " — it vanishes.")
            ),
            misconceptions=[
                Misconception(
                    "misconception:gains-added",
                    _t(gain * depth * q),
                    "The per-layer factors multiply, they do not add: the variance changes "
                    "geometrically with depth.",
                ),
                Misconception(
                    "misconception:off-by-one",
                    _t(gain ** (depth - 1) * q),
                    f"Every one of the {depth} layers applies the factor, the first included.",
                ),
            ],
        )

    @staticmethod
    def _sigmoid_chain(rng: np.random.Generator) -> Draft:
        depth = draw_int(rng, 3, 5)
        weights = [nonzero_int(rng, -6, 6) for _ in range(depth)]
        biases = [Fraction(0)] + [Fraction(-w, 2) for w in weights[1:]]
        answer = Fraction(1)
        for w in weights:
            answer *= Fraction(w, 4)
        layers = ", ".join(
            f"$(w_{i + 1}, b_{i + 1}) = ({weights[i]}, {_lx(biases[i])})$" for i in range(depth)
        )
        product = 1
        for w in weights:
            product *= w
        return Draft(
            prompt=(
                f"A chain of {depth} sigmoid units computes $h_0 = x$, $h_l = \\sigma(w_l "
                f"h_{{l-1}} + b_l)$ "
                f"with {layers}. At $x = 0$ every pre-activation is $0$. Compute "
                f"$\\frac{{d h_{depth}}}{{d x}}$ at $x = 0$."
            ),
            kind="number",
            expected=_t(answer),
            data={"weights": weights, "biases": [_t(b) for b in biases]},
            hints=[
                "Chain rule: dh_L/dx = Π_l σ'(z_l) w_l.",
                "σ'(z) = σ(z)(1 − σ(z)), which is 1/4 at z = 0 (and never more).",
            ],
            solution=(
                "Every unit sits at $z = 0$ (each $h_{l-1} = \\frac12$ is cancelled by $b_l = "
                "-w_l/2$), "
                "where $\\sigma'(0) = \\frac14$: $\\frac{dh}{dx} = \\prod_l \\frac{w_l}{4} = "
                + " \\cdot ".join(latex_factor(Fraction(w, 4)) for w in weights)
                + f" = {_lx(answer)}$. Every factor with $|w_l| < 4$ shrinks the product, which is "
                "why deep sigmoid chains tend to vanish."
            ),
            misconceptions=[
                Misconception(
                    "misconception:activation-derivative-dropped",
                    str(product),
                    "Each layer contributes σ'(z) wₗ, and σ'(0) = 1/4: the sigmoid's slope is "
                    "part of every factor.",
                ),
                Misconception(
                    "misconception:value-for-slope",
                    _t(Fraction(product, 2**depth)),
                    "σ(0) = 1/2 is the unit's value; its slope is σ'(0) = σ(0)(1 − σ(0)) = 1/4.",
                ),
            ],
        )

    @staticmethod
    def _depth_to_threshold(rng: np.random.Generator) -> Draft:
        gain, k = pick(rng, GAINS), pick(rng, (3, 4, 6, 8, 9))
        grows = gain > 1
        answer = _first_depth(gain, k, math.log(10))
        bound = f"10^{{{k}}}" if grows else f"10^{{-{k}}}"
        bound_text = f"10^{k}" if grows else f"10^-{k}"
        word = "above" if grows else "below"
        return Draft(
            prompt=(
                f"Each layer multiplies the gradient norm by ${_lx(gain)}$. After how many layers "
                f"does "
                f"the product first reach or pass ${bound}$ ({word} it)? Give the smallest depth "
                f"$L$."
            ),
            kind="number",
            expected=str(answer),
            data={"gain": _t(gain), "k": k},
            hints=[
                f"Solve ({_t(gain)})ᴸ {'≥' if grows else '≤'} {bound_text} with logarithms.",
                "L ≥ k ln 10 / |ln g|; round up.",
            ],
            solution=(
                f"$L \\ge \\frac{{{k} \\ln 10}}{{|\\ln {_lx(gain)}|}} \\approx "
                f"{k * math.log(10) / abs(math.log(gain)):.3f}$, so $L = {answer}$."
            ),
            misconceptions=[
                Misconception(
                    "misconception:rounded-down",
                    str(answer - 1),
                    f"With {answer - 1} layers the product has not yet reached {bound_text}; round "
                    f"up.",
                ),
                Misconception(
                    "misconception:ln-ten-dropped",
                    str(_first_depth(gain, k, 1.0)),
                    f"10^{k} = e^({k} ln 10): the factor ln 10 ≈ 2.303 is missing.",
                ),
            ],
        )
