"""probability.initialization: the variance of a neuron's input at initialisation.
Level 1: Var(Σᵢ wᵢxᵢ) = n Var(w) E[x²] for independent zero-mean weights; level 2: the
Xavier/Glorot and He rules (a variance, or the limit a of U(−a, a)); level 3: the
variance after two or three ReLU layers, where each ReLU halves the second moment.
Answers are exact.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, pick
from dlmath.exercises.kit import tex_number as _lx
from dlmath.exercises.kit import text_number as _t
from dlmath.exercises.kit.values import sqrt_text
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

FANS = (16, 32, 48, 64, 100, 128, 200, 256, 300, 512, 784, 1024)
SCHEMES = ("glorot-normal", "glorot-uniform", "he-normal", "he-uniform")


def _target(scheme: str, fan_in: int, fan_out: int) -> Fraction:
    """The weight variance a scheme asks for."""
    return Fraction(2, fan_in + fan_out) if scheme.startswith("glorot") else Fraction(2, fan_in)


def _answer(scheme: str, variance: Fraction) -> str:
    """A normal scheme is answered by its variance, a uniform one by its limit √(3 Var)."""
    return _t(variance) if scheme.endswith("normal") else sqrt_text(3 * variance)


@register
class Initialization(Generator):
    """Keep Var(activations) steady: Var(w) = 2/(n_in + n_out) (Glorot) or 2/n_in (He)."""

    skill = "probability.initialization"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._one_neuron(rng)
        if difficulty == 2:
            return self._scheme(rng)
        return self._relu_layers(rng)

    @staticmethod
    def _one_neuron(rng: np.random.Generator) -> Draft:
        n = pick(rng, FANS)
        v = Fraction(draw_int(rng, 1, 4), pick(rng, FANS))
        s = Fraction(draw_int(rng, 1, 9), pick(rng, (1, 2, 4)))
        m = draw_int(rng, 0, 3) if rng.random() < 0.6 else 0
        answer = n * v * (s + m * m)
        mean_text = f"mean ${m}$ and " if m else "mean $0$ and "
        wrong = [
            Misconception(
                "misconception:fan-in-ignored",
                _t(v * (s + m * m)),
                f"The pre-activation sums {n} independent terms, so their variances add: multiply "
                f"by n.",
            ),
            Misconception(
                "misconception:fan-in-squared",
                _t(n * n * v * (s + m * m)),
                "Independent terms add their variances (n Var), they are not scaled by n (n² Var).",
            ),
        ]
        if m:
            wrong.insert(
                0,
                Misconception(
                    "misconception:input-mean-ignored",
                    _t(n * v * s),
                    "Var(wx) = Var(w) E[x²] for zero-mean w independent of x, and E[x²] = "
                    "Var(x) + (E x)² includes the mean of the inputs.",
                ),
            )
        return Draft(
            prompt=(
                f"A neuron computes $y = \\sum_{{i=1}}^{{{n}}} w_i x_i$. The weights are "
                f"independent with "
                f"mean $0$ and variance ${_lx(v)}$; the inputs are independent of them and of each "
                f"other, with {mean_text}variance ${_lx(s)}$. Compute $\\operatorname{{Var}}(y)$."
            ),
            kind="number",
            expected=_t(answer),
            data={"n": n, "var_w": _t(v), "mean_x": m, "var_x": _t(s)},
            hints=[
                "For independent w (mean 0) and x: Var(wx) = E[w²]E[x²] = Var(w)(Var(x) + (E x)²).",
                "Variances of independent terms add.",
            ],
            solution=(
                f"$\\operatorname{{Var}}(w_i x_i) = {_lx(v)} \\cdot ({_lx(s)} + {m}^2) = "
                f"{_lx(v * (s + m * m))}$, and the {n} terms are independent: "
                f"$\\operatorname{{Var}}(y) = {n} \\cdot {_lx(v * (s + m * m))} = {_lx(answer)}$."
            ),
            misconceptions=wrong,
        )

    @staticmethod
    def _scheme(rng: np.random.Generator) -> Draft:
        scheme = pick(rng, SCHEMES)
        fan_in, fan_out = pick(rng, FANS), pick(rng, FANS)
        variance = _target(scheme, fan_in, fan_out)
        other = "he" + scheme[6:] if scheme.startswith("glorot") else "glorot" + scheme[2:]
        name = {"glorot": "Xavier/Glorot", "he": "He (Kaiming)"}[scheme.split("-")[0]]
        normal = scheme.endswith("normal")
        asked = (
            "the variance of the normal distribution the weights are drawn from"
            if normal
            else "the limit $a$ of the uniform distribution $U(-a, a)$ the weights are drawn from"
        )
        wrong = [
            Misconception(
                f"misconception:{other.split('-')[0]}-rule-used",
                _answer(other, _target(other, fan_in, fan_out)),
                "Glorot averages fan-in and fan-out, 2/(n_in + n_out), for tanh-like units; He "
                "uses 2/n_in to make up for the ReLU halving the signal. This asks for "
                f"{name}.",
            ),
        ]
        if normal:
            wrong.append(
                Misconception(
                    "misconception:standard-deviation-given",
                    sqrt_text(variance),
                    "That is the standard deviation; the question asks for the variance.",
                )
            )
        else:
            wrong.append(
                Misconception(
                    "misconception:limit-as-standard-deviation",
                    sqrt_text(variance),
                    "U(−a, a) has variance a²/3, so a = √(3 Var(w)), not √Var(w).",
                )
            )
        return Draft(
            prompt=(
                f"A dense layer maps ${fan_in}$ inputs to ${fan_out}$ outputs and is initialised "
                f"with "
                f"the {name} rule ({'normal' if normal else 'uniform'} variant). What is {asked}?"
            ),
            kind="number",
            expected=_answer(scheme, variance),
            data={"scheme": scheme, "fan_in": fan_in, "fan_out": fan_out},
            hints=[
                "Glorot: Var(w) = 2/(n_in + n_out); He: Var(w) = 2/n_in.",
                "U(−a, a) has variance a²/3.",
            ],
            solution=(
                (
                    "Glorot keeps both passes steady as well as it can: the forward pass wants "
                    "$n_{\\text{in}}\\operatorname{Var}(w) = 1$, the backward pass "
                    "$n_{\\text{out}}\\operatorname{Var}(w) = 1$, and the compromise is "
                    "$\\operatorname{Var}(w) = \\frac{2}{n_{\\text{in}} + n_{\\text{out}}}$. "
                    if scheme.startswith("glorot")
                    else "He makes up for the ReLU, which halves the second moment: "
                    "$\\frac{1}{2} n_{\\text{in}} \\operatorname{Var}(w) = 1$, so "
                    "$\\operatorname{Var}(w) = \\frac{2}{n_{\\text{in}}}$. "
                )
                + f"Here $\\operatorname{{Var}}(w) = {_lx(variance)}$"
                + (
                    "."
                    if normal
                    else f"; $a^2/3 = {_lx(variance)}$ gives $a = \\sqrt{{{_lx(3 * variance)}}}$."
                )
            ),
            misconceptions=wrong,
        )

    @staticmethod
    def _relu_layers(rng: np.random.Generator) -> Draft:
        depth = draw_int(rng, 2, 3)
        widths = [pick(rng, (16, 32, 64)) for _ in range(depth)]
        variances = [Fraction(draw_int(rng, 1, 4), pick(rng, (16, 32, 64))) for _ in range(depth)]
        q0 = Fraction(draw_int(rng, 1, 4))
        var = widths[0] * variances[0] * q0
        no_half = var
        lines = [
            f"$\\operatorname{{Var}}(y_1) = {widths[0]} \\cdot {_lx(variances[0])} \\cdot "
            f"{_lx(q0)} = {_lx(var)}$"
        ]
        for layer in range(1, depth):
            gain = widths[layer] * variances[layer]
            var = gain * var / 2
            no_half = gain * no_half
            lines.append(
                f"$\\operatorname{{Var}}(y_{layer + 1}) = {widths[layer]} \\cdot "
                f"{_lx(variances[layer])} "
                f"\\cdot \\frac{{1}}{{2}}\\operatorname{{Var}}(y_{layer}) = {_lx(var)}$"
            )
        layers = "; ".join(
            f"layer {i + 1}: fan-in ${widths[i]}$, $\\operatorname{{Var}}(w) = {_lx(variances[i])}$"
            for i in range(depth)
        )
        return Draft(
            prompt=(
                f"A ReLU network computes $y_1 = W_1 x$ and $y_{{l+1}} = "
                f"W_{{l+1}}\\,\\mathrm{{ReLU}}(y_l)$, "
                f"with independent zero-mean weights and no biases ({layers}). The inputs are "
                f"independent with mean $0$ and $E[x_i^2] = {_lx(q0)}$. Compute the variance of "
                f"one "
                f"entry of $y_{depth}$."
            ),
            kind="number",
            expected=_t(var),
            data={"widths": widths, "variances": [_t(v) for v in variances], "q0": _t(q0)},
            hints=[
                "Var(y_{l+1}) = n_l Var(w) E[ReLU(y_l)²].",
                "For y symmetric around 0, E[ReLU(y)²] = ½ E[y²] = ½ Var(y).",
            ],
            solution="\n\n".join(lines),
            misconceptions=[
                Misconception(
                    "misconception:relu-ignored",
                    _t(no_half),
                    "The ReLU zeroes the negative half of a symmetric input: E[ReLU(y)²] = "
                    "½ Var(y), a factor ½ per ReLU layer.",
                ),
            ],
        )
