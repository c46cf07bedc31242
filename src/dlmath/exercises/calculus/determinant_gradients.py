"""calculus.determinant-gradients: ∂ det X/∂X = det(X) X⁻ᵀ (the cofactor matrix) and
∂ log det X/∂X = X⁻ᵀ, evaluated at concrete matrices.

Difficulty 1: the gradient of det X for a 2×2 or 3×3 integer X (the cofactor matrix).
Difficulty 2: the gradient of log |det X|, X⁻ᵀ, with fractions. Difficulty 3: the gradient
of a Gaussian log-likelihood in the precision, log det X − tr(SX), or of log det(XᵀX).
The matrices are never symmetric, so a missing transpose gives a different answer.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.calculus.formulas import pick
from dlmath.exercises.kit import (
    add,
    cofactor_matrix,
    determinant,
    integer_matrix,
    inverse,
    json_matrix,
    latex_named,
    scaled,
    transpose,
    unimodular,
)
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import latex_matrix, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def _draw(rng: np.random.Generator, n: int, dets: set[int]) -> list[list[Fraction]]:
    """An n×n integer matrix, not symmetric, whose determinant is in ``dets``."""
    while True:
        x = [[Fraction(v) for v in row] for row in integer_matrix(rng, n, n, -3, 3)]
        if x != transpose(x) and determinant(x) in dets:
            return x


@register
class DeterminantGradient(Generator):
    """Gradients of det X, log det X and log-likelihoods built on them."""

    skill = "calculus.determinant-gradients"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            n = pick(rng, [2, 2, 3])
            x = _draw(rng, n, set(range(-12, 13)) - {0})
            return self._det(x)
        if difficulty == 2:
            n = pick(rng, [2, 3])
            dets = {-4, -3, -2, 2, 3, 4, 5} if n == 2 else {-3, -2, -1, 1, 2, 3}
            return self._log_det(_draw(rng, n, dets))
        if rng.random() < 0.65:
            return self._likelihood(rng)
        return self._gram(rng)

    def _det(self, x: list[list[Fraction]]) -> Draft:
        n = len(x)
        c = cofactor_matrix(x)
        d = determinant(x)
        expected = matrix_text(c)
        wrong = [
            Misconception(
                "misconception:adjugate-for-gradient",
                matrix_text(transpose(c)),
                "That is the adjugate adj(X) = Cᵀ = det(X)X⁻¹. Entry (i, j) of the gradient is "
                "∂det X/∂xᵢⱼ, the cofactor Cᵢⱼ itself: ∂det X/∂X = det(X) X⁻ᵀ.",
            ),
            Misconception(
                "misconception:log-det-gradient",
                matrix_text(transpose(inverse(x) or [])),
                "X⁻ᵀ is the gradient of log det X; the gradient of det X carries the factor "
                f"det X = {d}: det(X) X⁻ᵀ.",
            ),
        ]
        steps = [
            "Expanding $\\det X$ along row $i$ gives $\\det X = \\sum_j x_{ij} C_{ij}$, and "
            "the cofactors $C_{ij}$ of row $i$ do not contain $x_{ij}$; so "
            "$\\partial \\det X / \\partial x_{ij} = C_{ij}$, i.e. "
            "$\\nabla_X \\det X = C = \\det(X)\\, X^{-T}$.",
            f"$$C = {latex_matrix(c)}$$",
            f"Check: $\\det X = {d}$ and $X C^T = {d} I$.",
        ]
        return Draft(
            prompt="Find the gradient $\\dfrac{\\partial \\det X}{\\partial X}$ (the matrix of "
            f"$\\partial \\det X / \\partial x_{{ij}}$) at\n\n$$X = {latex_matrix(x)}$$",
            text="Find the gradient ∂det X/∂X (the matrix of ∂det X/∂xᵢⱼ) at\n\n"
            + named_grids([("X", x)]),
            kind="matrix",
            expected=expected,
            data={"ask": "det", "X": json_matrix(x)},
            hints=[
                "Expand det X along row i: the coefficient of xᵢⱼ is its cofactor Cᵢⱼ.",
                "∂det X/∂X = det(X) X⁻ᵀ, the cofactor matrix (not the adjugate).",
            ]
            + (["For 2×2: det X = x₁₁x₂₂ − x₁₂x₂₁."] if n == 2 else []),
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _log_det(self, x: list[list[Fraction]]) -> Draft:
        inv = inverse(x)
        assert inv is not None  # drawn with a nonzero determinant
        d = determinant(x)
        expected = matrix_text(transpose(inv))
        wrong = [
            Misconception(
                "misconception:untransposed-inverse",
                matrix_text(inv),
                "∂ log det X/∂X = X⁻ᵀ, the transpose of the inverse: entry (i, j) is "
                "Cᵢⱼ/det X, and X⁻¹ has Cⱼᵢ/det X there.",
            ),
            Misconception(
                "misconception:cofactors-without-det",
                matrix_text(cofactor_matrix(x)),
                "That is ∂det X/∂X. The chain rule for the log divides by det X: "
                "∂ log det X/∂X = (1/det X) ∂det X/∂X = X⁻ᵀ.",
            ),
        ]
        steps = [
            "By the chain rule, $\\dfrac{\\partial \\log |\\det X|}{\\partial X} = "
            "\\dfrac{1}{\\det X} \\dfrac{\\partial \\det X}{\\partial X} = "
            "\\dfrac{1}{\\det X}\\, C = X^{-T}$ ($C$ the cofactor matrix).",
            f"$\\det X = {d}$ and $$X^{{-1}} = {latex_matrix(inv)}, \\quad X^{{-T}} = "
            f"{latex_matrix(transpose(inv))}$$",
        ]
        return Draft(
            prompt="Find the gradient $\\dfrac{\\partial \\log |\\det X|}{\\partial X}$ at\n\n"
            f"$$X = {latex_matrix(x)}$$",
            text="Find the gradient ∂ log|det X|/∂X at\n\n" + named_grids([("X", x)]),
            kind="matrix",
            expected=expected,
            data={"ask": "log-det", "X": json_matrix(x)},
            hints=[
                "Chain rule: ∂ log|det X|/∂X = (1/det X)·∂det X/∂X.",
                "∂det X/∂X = det(X) X⁻ᵀ, so the answer is X⁻ᵀ.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _likelihood(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [2, 3])
        x = unimodular(rng, n, 3)
        while x == transpose(x):
            x = unimodular(rng, n, 3)
        s = [[Fraction(v) for v in row] for row in integer_matrix(rng, n, n, -3, 3)]
        while s == transpose(s):
            s = [[Fraction(v) for v in row] for row in integer_matrix(rng, n, n, -3, 3)]
        inv = inverse(x)
        assert inv is not None  # unimodular
        grad = add(transpose(inv), transpose(s), -1)
        expected = matrix_text(grad)
        wrong = [
            Misconception(
                "misconception:untransposed",
                matrix_text(add(inv, s, -1)),
                "Both terms need a transpose: ∂ log det X/∂X = X⁻ᵀ and ∂tr(SX)/∂X = Sᵀ.",
            ),
            Misconception(
                "misconception:trace-untransposed",
                matrix_text(add(transpose(inv), s, -1)),
                "∂tr(SX)/∂X = Sᵀ: tr(SX) = Σᵢⱼ sⱼᵢ xᵢⱼ, so the coefficient of xᵢⱼ is sⱼᵢ.",
            ),
            Misconception(
                "misconception:inverse-untransposed",
                matrix_text(add(inv, transpose(s), -1)),
                "∂ log det X/∂X = X⁻ᵀ, the transpose of the inverse.",
            ),
        ]
        steps = [
            "$\\dfrac{\\partial}{\\partial X} \\log |\\det X| = X^{-T}$ and "
            "$\\dfrac{\\partial}{\\partial X} \\operatorname{tr}(SX) = S^T$ "
            "(The Matrix Cookbook, eqs. 57 and 100).",
            f"$$X^{{-T}} = {latex_matrix(transpose(inv))}, \\quad S^T = "
            f"{latex_matrix(transpose(s))}$$",
            f"$$\\nabla g = X^{{-T}} - S^T = {latex_matrix(grad)}$$",
            "(For symmetric $S$ and $X$, setting it to zero gives $X = S^{-1}$: the maximum "
            "likelihood precision is the inverse sample covariance.)",
        ]
        return Draft(
            prompt="The log-likelihood of a Gaussian in its precision matrix has the form "
            "$g(X) = \\log |\\det X| - \\operatorname{tr}(SX)$. Find $\\nabla_X g$ at\n\n"
            + latex_named([("X", x), ("S", s)]),
            text="The log-likelihood of a Gaussian in its precision matrix has the form "
            "g(X) = log|det X| − tr(SX). Find ∇ₓg at\n\n" + named_grids([("X", x), ("S", s)]),
            kind="matrix",
            expected=expected,
            data={"ask": "likelihood", "X": json_matrix(x), "S": json_matrix(s)},
            hints=[
                "Differentiate the two terms separately.",
                "∂ log|det X|/∂X = X⁻ᵀ; ∂tr(SX)/∂X = Sᵀ.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _gram(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [2, 3])
        x = _draw(rng, n, {-3, -2, -1, 1, 2, 3} if n == 3 else {-5, -4, -3, -2, 2, 3, 4, 5})
        inv = inverse(x)
        assert inv is not None  # drawn with a nonzero determinant
        expected = matrix_text(scaled(transpose(inv), 2))
        wrong = [
            Misconception(
                "misconception:missing-factor-two",
                matrix_text(transpose(inv)),
                "det(XᵀX) = (det X)², so log det(XᵀX) = 2 log|det X|: the gradient is 2X⁻ᵀ.",
            ),
            Misconception(
                "misconception:untransposed-inverse",
                matrix_text(scaled(inv, 2)),
                "The gradient of log|det X| is X⁻ᵀ, the transpose of the inverse: 2X⁻ᵀ, not 2X⁻¹.",
            ),
        ]
        steps = [
            "For square invertible $X$, $\\det(X^T X) = (\\det X)^2$, so "
            "$\\log \\det(X^T X) = 2 \\log |\\det X|$ and its gradient is $2 X^{-T}$ "
            "(The Matrix Cookbook, eq. 55: $2X(X^TX)^{-1}$, which is $2X^{-T}$ for square $X$).",
            f"$$X^{{-1}} = {latex_matrix(inv)}, \\quad 2X^{{-T}} = "
            f"{latex_matrix(scaled(transpose(inv), 2))}$$",
        ]
        return Draft(
            prompt="Find the gradient of $h(X) = \\log \\det(X^T X)$ at\n\n"
            f"$$X = {latex_matrix(x)}$$",
            text="Find the gradient of h(X) = log det(XᵀX) at\n\n" + named_grids([("X", x)]),
            kind="matrix",
            expected=expected,
            data={"ask": "gram", "X": json_matrix(x)},
            hints=[
                "det(XᵀX) = det(Xᵀ)·det(X) = (det X)².",
                "So h(X) = 2 log|det X|, and ∂ log|det X|/∂X = X⁻ᵀ.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )
