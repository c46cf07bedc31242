"""calculus.backprop-normalisation: back-propagation through layer and batch normalisation,
ŷ = (x − μ)/σ with μ and σ computed from x itself (population variance, ε = 0).

Difficulty 1: one entry of the Jacobian ∂ŷᵢ/∂xⱼ = (δᵢⱼ − 1/n − ŷᵢŷⱼ/n)/σ of a layer norm.
Difficulty 2: the backward pass of a layer norm, ∂L/∂x = (g − mean(g) − ŷ·mean(g ⊙ ŷ))/σ.
Difficulty 3: the same for a batch norm of one feature over a batch, with a scale γ and a
shift β. The inputs are drawn so that μ is an integer and σ a whole number: every answer is
an exact fraction.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, json_vector, nonzero_int, pick
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, latex_number, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def draw_centred(rng: np.random.Generator, n: int) -> tuple[list[int], int]:
    """Deviations d (sum 0, not all ±σ) whose population standard deviation σ is whole."""
    while True:
        d = [draw_int(rng, -6, 6) for _ in range(n - 1)]
        d.append(-sum(d))
        squares = sum(v * v for v in d)
        if abs(d[-1]) > 6 or squares == 0 or squares % n:
            continue
        sigma = math.isqrt(squares // n)
        if sigma * sigma == squares // n and len({abs(v) for v in d}) > 1:
            return d, sigma


def col(values: list[Fraction]) -> list[list[Fraction]]:
    return [[v] for v in values]


def backward(g: list[Fraction], yhat: list[Fraction], scale: Fraction) -> list[Fraction]:
    n = len(g)
    mean_g = sum(g) / n
    mean_gy = sum(a * b for a, b in zip(g, yhat, strict=True)) / n
    return [scale * (gi - mean_g - yi * mean_gy) for gi, yi in zip(g, yhat, strict=True)]


@register
class NormalisationBackprop(Generator):
    """Jacobian entries and backward passes of layer norm and batch norm."""

    skill = "calculus.backprop-normalisation"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        n = pick(rng, [5, 6])
        d, sigma = draw_centred(rng, n)
        mu = draw_int(rng, -5, 5)
        x = [mu + v for v in d]
        yhat = [Fraction(v, sigma) for v in d]
        if difficulty == 1:
            return self._entry(rng, x, mu, sigma, yhat)
        return self._backward(rng, x, mu, sigma, yhat, batch=difficulty == 3)

    def _entry(self, rng, x, mu, sigma, yhat) -> Draft:
        n = len(x)
        i = draw_int(rng, 0, n - 1)
        j = i if rng.random() < 0.4 else pick(rng, [k for k in range(n) if k != i])
        delta = 1 if i == j else 0
        value = (delta - Fraction(1, n) - yhat[i] * yhat[j] / n) / sigma
        expected = format_number(value)
        wrong = [
            Misconception(
                "misconception:statistics-as-constants",
                format_number(Fraction(delta, sigma)),
                "μ and σ are computed from x, so they move when xⱼ moves: "
                "∂ŷᵢ/∂xⱼ = (δᵢⱼ − 1/n − ŷᵢŷⱼ/n)/σ.",
            ),
            Misconception(
                "misconception:mean-only",
                format_number((delta - Fraction(1, n)) / sigma),
                "That accounts for μ but treats σ as a constant; σ depends on x too, which "
                "adds −ŷᵢŷⱼ/(nσ).",
            ),
        ]
        i1, j1 = i + 1, j + 1
        steps = [
            f"$\\mu = {mu}$, $\\sigma^2 = \\frac{{1}}{{n}} \\sum_k (x_k - \\mu)^2 = "
            f"{sigma * sigma}$, so "
            f"$\\sigma = {sigma}$ and $\\hat y = {latex_matrix([yhat])}$.",
            "$\\partial \\mu / \\partial x_j = 1/n$ and $\\partial \\sigma / \\partial x_j = "
            "(x_j - \\mu)/(n\\sigma) = \\hat y_j / n$; the quotient rule gives "
            "$\\dfrac{\\partial \\hat y_i}{\\partial x_j} = "
            "\\dfrac{1}{\\sigma}\\left(\\delta_{ij} - "
            "\\dfrac{1}{n} - \\dfrac{\\hat y_i \\hat y_j}{n}\\right)$.",
            f"$$\\frac{{\\partial \\hat y_{i1}}}{{\\partial x_{j1}}} = "
            f"\\frac{{1}}{{{sigma}}}\\left({delta}"
            f" - \\frac{{1}}{{{n}}} - \\frac{{({latex_number(yhat[i])})({latex_number(yhat[j])})}}"
            f"{{{n}}}\\right) = {latex_number(value)}$$",
        ]
        xs = ", ".join(str(v) for v in x)
        return Draft(
            prompt="A layer norm (no scale or shift, $\\varepsilon = 0$) maps $x \\in "
            f"\\mathbb{{R}}^{{{n}}}$ to $\\hat y = (x - \\mu)/\\sigma$, with $\\mu$ the mean of "
            "the "
            "entries of $x$ and $\\sigma^2$ their variance (dividing by $n$). At "
            f"$x = ({xs})$, find $\\dfrac{{\\partial \\hat y_{i1}}}{{\\partial x_{j1}}}$.",
            text=f"A layer norm (no scale or shift, ε = 0) maps x ∈ R^{n} to ŷ = (x − μ)/σ, with "
            "μ the mean of the entries of x and σ² their variance (dividing by n). At "
            f"x = ({xs}), find ∂ŷ{i1}/∂x{j1}.",
            kind="number",
            expected=expected,
            data={"ask": "entry", "x": x, "i": i1, "j": j1},
            hints=[
                "μ and σ depend on every xⱼ: ∂μ/∂xⱼ = 1/n, ∂σ/∂xⱼ = ŷⱼ/n.",
                "∂ŷᵢ/∂xⱼ = (δᵢⱼ − 1/n − ŷᵢŷⱼ/n)/σ.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _backward(self, rng, x, mu, sigma, yhat, batch: bool) -> Draft:
        n = len(x)
        while True:
            g = [Fraction(draw_int(rng, -3, 3)) for _ in range(n)]
            if len(set(g)) > 2:
                break
        gamma = Fraction(pick(rng, [v for v in range(-3, 4) if v not in (0, 1)])) if batch else 1
        beta = nonzero_int(rng, -3, 3)
        scale = Fraction(gamma) / sigma
        grad = backward(g, yhat, scale)
        expected = matrix_text(col(grad))
        mean_g = sum(g) / n
        wrong = [
            Misconception(
                "misconception:statistics-as-constants",
                matrix_text(col([scale * v for v in g])),
                "μ and σ are computed from x, so the gradient also flows through them: "
                "∂L/∂x = (γ/σ)(g − mean(g) − ŷ·mean(g ⊙ ŷ)).",
            ),
            Misconception(
                "misconception:mean-only",
                matrix_text(col([scale * (v - mean_g) for v in g])),
                "Subtracting mean(g) accounts for μ; σ depends on x too, which subtracts "
                "ŷ·mean(g ⊙ ŷ) as well.",
            ),
        ]
        if batch:
            wrong.append(
                Misconception(
                    "misconception:scale-dropped",
                    matrix_text(col(backward(g, yhat, Fraction(1, sigma)))),
                    "The output is γŷ + β, so ∂L/∂ŷ = γ g: the whole gradient carries the "
                    "factor γ (β adds nothing).",
                )
            )
        mean_gy = sum(a * b for a, b in zip(g, yhat, strict=True)) / n
        gname = "\\gamma g" if batch else "g"
        steps = [
            f"$\\mu = {mu}$, $\\sigma = {sigma}$, $\\hat y = {latex_matrix([yhat])}^T$.",
            (
                f"The output is $\\gamma \\hat y + \\beta$, so $\\partial L / \\partial \\hat y = "
                f"\\gamma g$ with $\\gamma = {latex_number(gamma)}$; $\\beta$ does not reach $x$."
                if batch
                else "The output is $\\hat y$ itself, so $\\partial L / \\partial \\hat y = g$."
            ),
            "Through $\\mu$ and $\\sigma$: $\\dfrac{\\partial L}{\\partial x} = \\dfrac{1}{\\sigma}"
            f"\\left({gname} - \\overline{{{gname}}} - \\hat y \\, "
            f"\\overline{{{gname} \\odot \\hat y}}"
            "\\right)$ (bars are means over the entries).",
            f"$\\bar g = {latex_number(mean_g)}$, $\\overline{{g \\odot \\hat y}} = "
            f"{latex_number(mean_gy)}$.",
            f"$$\\frac{{\\partial L}}{{\\partial x}} = {latex_matrix(col(grad))}$$",
            "Check: the entries sum to 0, and so does their product with $\\hat y$ (shifting or "
            "scaling $x$ does not change $\\hat y$).",
        ]
        xs = ", ".join(str(v) for v in x)
        if batch:
            head = (
                f"A batch norm in training mode normalises one feature over a batch of {n} "
                "examples, then scales and shifts: $y_k = \\gamma \\hat x_k + \\beta$, "
                "$\\hat x_k = (x_k - \\mu)/\\sigma$, $\\mu$ and $\\sigma^2$ the batch mean and "
                "variance (dividing by the batch size, $\\varepsilon = 0$). The batch is "
                f"$x = ({xs})$, $\\gamma = {latex_number(gamma)}$, $\\beta = {beta}$, and "
                "the loss has gradient $g = \\partial L / \\partial y$ below. Find "
                "$\\partial L / \\partial x$ (a column)."
            )
            head_text = (
                f"A batch norm in training mode normalises one feature over a batch of {n} "
                "examples, then scales and shifts: yₖ = γx̂ₖ + β, x̂ₖ = (xₖ − μ)/σ, μ and σ² the "
                "batch mean and variance (dividing by the batch size, ε = 0). The batch is "
                f"x = ({xs}), γ = {gamma}, β = {beta}, and the loss has gradient g = ∂L/∂y "
                "below. Find ∂L/∂x (a column)."
            )
        else:
            head = (
                "A layer norm (no scale or shift, $\\varepsilon = 0$) maps $x \\in "
                f"\\mathbb{{R}}^{{{n}}}$ to $\\hat y = (x - \\mu)/\\sigma$ ($\\mu$, $\\sigma^2$: "
                "mean "
                f"and variance of the entries, dividing by $n$). At $x = ({xs})$ the loss has "
                "gradient $g = \\partial L / \\partial \\hat y$ below. Find "
                "$\\partial L / \\partial x$ (a column)."
            )
            head_text = (
                f"A layer norm (no scale or shift, ε = 0) maps x ∈ R^{n} to ŷ = (x − μ)/σ "
                "(μ, σ²: mean and variance of the entries, dividing by n). At "
                f"x = ({xs}) the loss has gradient g = ∂L/∂ŷ below. Find ∂L/∂x (a column)."
            )
        return Draft(
            prompt=head + f"\n\n$$g = {latex_matrix(col(g))}$$",
            text=head_text + "\n\n" + named_grids([("g", col(g))]),
            kind="matrix",
            expected=expected,
            data={
                "ask": "batch-norm" if batch else "layer-norm",
                "x": x,
                "g": json_vector(g),
                "gamma": int(gamma),
                "beta": beta,
            },
            hints=[
                "Write ∂L/∂x as the direct path through x − μ plus the paths through μ and σ.",
                "∂L/∂x = (γ/σ)(g − mean(g) − ŷ·mean(g ⊙ ŷ)), γ = 1 without a scale.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )
