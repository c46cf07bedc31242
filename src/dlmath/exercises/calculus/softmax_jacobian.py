"""calculus.softmax-jacobian: ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ) for p = softmax(z).

The softmax output p is given as exact fractions (any p with positive entries is the
softmax of z = log p), so every answer is exact. Difficulty 1: one entry of the Jacobian.
Difficulty 2: the whole Jacobian diag(p) − ppᵀ of 3 or 4 classes. Difficulty 3: the
vector-Jacobian product ∂L/∂z = p ⊙ (g − (gᵀp)1) for an upstream gradient g = ∂L/∂p.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import draw_int, json_vector, pick
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, latex_number, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def draw_probabilities(rng: np.random.Generator, n: int) -> list[Fraction]:
    """n positive fractions summing to 1, not all equal, over a small denominator."""
    denominator = pick(rng, [d for d in (6, 8, 10, 12, 15, 20) if d >= 2 * n])
    while True:
        cuts = sorted(int(c) for c in rng.choice(range(1, denominator), n - 1, replace=False))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, denominator], strict=True)]
        if len(set(parts)) > 1:
            return [Fraction(v, denominator) for v in parts]


def column(values: list[Fraction]) -> list[list[Fraction]]:
    return [[v] for v in values]


def _p_latex(p: list[Fraction]) -> str:
    return "(" + ", ".join(latex_number(v) for v in p) + ")"


def _p_text(p: list[Fraction]) -> str:
    return "(" + ", ".join(format_number(v) for v in p) + ")"


@register
class SoftmaxJacobian(Generator):
    """Entries, the whole matrix and vector-Jacobian products of the softmax."""

    skill = "calculus.softmax-jacobian"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._entry(rng)
        if difficulty == 2:
            return self._matrix(rng)
        return self._vjp(rng)

    def _entry(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [3, 3, 4])
        p = draw_probabilities(rng, n)
        i = draw_int(rng, 0, n - 1)
        j = i if rng.random() < 0.35 else pick(rng, [k for k in range(n) if k != i])
        same = i == j
        value = p[i] * ((1 if same else 0) - p[j])
        expected = format_number(value)
        wrong = [
            Misconception(
                "misconception:diagonal-formula-everywhere",
                format_number(p[i] * (1 - p[j])),
                "pᵢ(1 − pⱼ) is the diagonal formula; off the diagonal the Kronecker δᵢⱼ is 0 "
                "and ∂pᵢ/∂zⱼ = −pᵢpⱼ.",
            ),
            Misconception(
                "misconception:off-diagonal-sign",
                format_number(p[i] * p[j]),
                "Raising zⱼ (j ≠ i) enlarges the denominator of pᵢ, so pᵢ falls: "
                "∂pᵢ/∂zⱼ = −pᵢpⱼ, negative.",
            ),
            Misconception(
                "misconception:softmax-as-sigmoid-of-own-logit",
                format_number(p[i] if same else Fraction(0)),
                "The softmax couples every output to every logit: ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ), "
                "not just the derivative of exp(zᵢ).",
            ),
        ]
        i1, j1 = i + 1, j + 1
        steps = [
            "With $p_i = e^{z_i} / \\sum_k e^{z_k}$ the quotient rule gives "
            "$\\dfrac{\\partial p_i}{\\partial z_j} = p_i(\\delta_{ij} - p_j)$.",
            f"Here $i = {i1}$, $j = {j1}$: "
            + (
                f"$p_{i1}(1 - p_{i1}) = {latex_number(p[i])}\\,(1 - {latex_number(p[i])}) = "
                if same
                else f"$-p_{i1} p_{j1} = -{latex_number(p[i])} \\cdot {latex_number(p[j])} = "
            )
            + f"{latex_number(value)}$.",
        ]
        return Draft(
            prompt=f"The softmax of a logit vector $z \\in \\mathbb{{R}}^{n}$ is "
            f"$p = \\operatorname{{softmax}}(z) = {_p_latex(p)}$. "
            f"Find $\\dfrac{{\\partial p_{i1}}}{{\\partial z_{j1}}}$.",
            text=f"The softmax of a logit vector z ∈ R^{n} is p = softmax(z) = {_p_text(p)}. "
            f"Find ∂p{i1}/∂z{j1}.",
            kind="number",
            expected=expected,
            data={"ask": "entry", "p": json_vector(p), "i": i1, "j": j1},
            hints=[
                "Differentiate pᵢ = exp(zᵢ)/Σₖ exp(zₖ) with the quotient rule.",
                "∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ): pᵢ(1 − pᵢ) on the diagonal, −pᵢpⱼ off it.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _matrix(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [3, 4])
        p = draw_probabilities(rng, n)
        jac = [[p[i] * ((1 if i == j else 0) - p[j]) for j in range(n)] for i in range(n)]
        expected = matrix_text(jac)
        outer = [[p[i] * p[j] for j in range(n)] for i in range(n)]
        diag = [[p[i] * (1 - p[i]) if i == j else Fraction(0) for j in range(n)] for i in range(n)]
        wrong = [
            Misconception(
                "misconception:diagonal-only",
                matrix_text(diag),
                "Every pᵢ depends on every logit through the normalising sum: the off-diagonal "
                "entries −pᵢpⱼ are not zero.",
            ),
            Misconception(
                "misconception:outer-product-sign",
                matrix_text([[-v for v in row] for row in jac]),
                "The Jacobian is diag(p) − ppᵀ: the diagonal pᵢ(1 − pᵢ) is positive and the "
                "off-diagonal −pᵢpⱼ negative, not the other way round.",
            ),
            Misconception(
                "misconception:outer-product-only",
                matrix_text([[-v for v in row] for row in outer]),
                "−ppᵀ misses the diagonal term: ∂pᵢ/∂zᵢ = pᵢ − pᵢ², so J = diag(p) − ppᵀ.",
            ),
        ]
        steps = [
            "$\\dfrac{\\partial p_i}{\\partial z_j} = p_i(\\delta_{ij} - p_j)$, so "
            "$J = \\operatorname{diag}(p) - p p^T$.",
            f"$$p p^T = {latex_matrix(outer)}$$",
            f"$$J = {latex_matrix(jac)}$$",
            "Check: every row and column sums to 0, because $\\sum_i p_i = 1$ whatever $z$ is "
            "(and adding a constant to every logit changes nothing).",
        ]
        return Draft(
            prompt=f"The softmax of $z \\in \\mathbb{{R}}^{n}$ is "
            f"$p = \\operatorname{{softmax}}(z) = {_p_latex(p)}$. Find the Jacobian "
            "$J = \\dfrac{\\partial p}{\\partial z}$ (entry $(i, j)$ is "
            "$\\partial p_i / \\partial z_j$).",
            text=f"The softmax of z ∈ R^{n} is p = softmax(z) = {_p_text(p)}. Find the Jacobian "
            "J = ∂p/∂z (entry (i, j) is ∂pᵢ/∂zⱼ).",
            kind="matrix",
            expected=expected,
            data={"ask": "jacobian", "p": json_vector(p)},
            hints=[
                "Differentiate pᵢ = exp(zᵢ)/Σₖ exp(zₖ) by zⱼ, separately for j = i and j ≠ i.",
                "J = diag(p) − ppᵀ.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )

    def _vjp(self, rng: np.random.Generator) -> Draft:
        n = pick(rng, [3, 4])
        p = draw_probabilities(rng, n)
        while True:
            g = [Fraction(draw_int(rng, -4, 4)) for _ in range(n)]
            if len(set(g)) > 1:
                break
        mean = sum(gk * pk for gk, pk in zip(g, p, strict=True))
        grad = [pk * (gk - mean) for gk, pk in zip(g, p, strict=True)]
        expected = matrix_text(column(grad))
        wrong = [
            Misconception(
                "misconception:elementwise-chain-rule",
                matrix_text(column([pk * gk for gk, pk in zip(g, p, strict=True)])),
                "p ⊙ g treats the softmax as elementwise. Every pᵢ depends on every zⱼ: "
                "∂L/∂z = Jᵀg = p ⊙ (g − (gᵀp)1).",
            ),
            Misconception(
                "misconception:diagonal-jacobian-only",
                matrix_text(column([pk * (1 - pk) * gk for gk, pk in zip(g, p, strict=True)])),
                "Using only the diagonal pᵢ(1 − pᵢ) drops the coupling −pᵢpⱼ: "
                "∂L/∂z = p ⊙ (g − (gᵀp)1).",
            ),
            Misconception(
                "misconception:forgot-multiply-by-p",
                matrix_text(column([gk - mean for gk in g])),
                "g − (gᵀp)1 still has to be multiplied entrywise by p: ∂L/∂zᵢ = pᵢ(gᵢ − gᵀp).",
            ),
        ]
        gl = latex_matrix(column(g))
        steps = [
            "$\\dfrac{\\partial L}{\\partial z} = J^T g$ with $J = \\operatorname{diag}(p) - p "
            "p^T$ "
            "(symmetric), so $\\dfrac{\\partial L}{\\partial z} = p \\odot g - p\\,(p^T g) = "
            "p \\odot (g - (g^T p)\\,\\mathbf{1})$: no $n \\times n$ matrix needed.",
            f"$g^T p = {latex_number(mean)}$.",
            f"$$\\frac{{\\partial L}}{{\\partial z}} = {latex_matrix(column(grad))}$$",
            "Check: the entries sum to 0.",
        ]
        return Draft(
            prompt=f"A network computes $p = \\operatorname{{softmax}}(z) = {_p_latex(p)}$ and "
            f"the loss $L$ has gradient $g = \\dfrac{{\\partial L}}{{\\partial p}} = {gl}$. "
            "Find $\\dfrac{\\partial L}{\\partial z}$ (a column).",
            text=f"A network computes p = softmax(z) = {_p_text(p)} and the loss L has gradient "
            "g = ∂L/∂p below. Find ∂L/∂z (a column).\n\n" + named_grids([("g", column(g))]),
            kind="matrix",
            expected=expected,
            data={"ask": "vjp", "p": json_vector(p), "g": json_vector(g)},
            hints=[
                "∂L/∂z = Jᵀ g, with the softmax Jacobian J = diag(p) − ppᵀ.",
                "Jᵀg = p ⊙ g − p (pᵀg): compute the scalar gᵀp first.",
            ],
            solution="\n\n".join(steps),
            misconceptions=wrong,
        )
