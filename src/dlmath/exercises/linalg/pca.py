"""linalg.pca: principal components and the best rank-k approximation (Eckart–Young).

Difficulty 1: the share of the variance the first principal component explains, from a
2×2 covariance matrix. Difficulty 2: the best rank-1 approximation σ₁u₁v₁ᵀ from a given
SVD. Difficulty 3: the error ‖A − A_k‖ of the best rank-k approximation of a 3×3 matrix
given by its entries, in the Frobenius or the spectral norm.

Matrices are built from rational orthogonal factors, so eigenvalues and singular values are
integers and every answer is exact.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    draw_int,
    json_matrix,
    latex_named,
    mat_mul,
    pick,
    scaled,
    sqrt_latex,
    sqrt_text,
    transpose,
)
from dlmath.exercises.linalg.rational_orthogonal import (
    diagonal,
    embedded_rotation,
    outer,
    rank_one_symmetric,
    rotation,
    signed_permutation,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_matrix, latex_number, matrix_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@register
class PrincipalComponents(Generator):
    """Variance explained, the best rank-1 approximation, and Eckart–Young errors."""

    skill = "linalg.pca"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._explained(rng)
        if difficulty == 2:
            return self._rank_one(rng)
        return self._error(rng)

    def _explained(self, rng: np.random.Generator) -> Draft:
        base = draw_int(rng, 1, 6)
        c, u, t = rank_one_symmetric(rng, base, signed=False)  # positive definite
        norm_sq = int(u[0] ** 2 + u[1] ** 2)
        low, high = base, base + t * norm_sq
        total = low + high
        expected = format_number(Fraction(high, total))
        best_feature = max(c[0][0], c[1][1])
        wrong = [
            Misconception(
                "misconception:best-feature",
                format_number(Fraction(best_feature) / total),
                "That is the share of the larger diagonal entry, the variance of the best "
                "single original feature. The first principal component does better: its "
                "variance is the largest eigenvalue of C.",
            ),
            Misconception(
                "misconception:smallest-eigenvalue",
                format_number(Fraction(low, total)),
                "That is the share of the second component (the smallest eigenvalue); the "
                "first principal component has the largest.",
            ),
            Misconception(
                "misconception:variance-not-share",
                str(high),
                "That is the variance along the first component; the question asks for its "
                "share of the total variance tr C.",
            ),
        ]
        solution = [
            "The variance of the data along a unit direction $w$ is $w^T C w$; the first "
            "principal component is the top eigenvector of $C$, with variance "
            "$\\lambda_1$. The total variance is $\\operatorname{tr} C = \\lambda_1 + "
            "\\lambda_2$.",
            f"$\\operatorname{{tr}} C = {total}$ and $\\det C = {low * high}$, so the "
            f"eigenvalues are ${high}$ and ${low}$.",
            f"$$\\frac{{\\lambda_1}}{{\\lambda_1 + \\lambda_2}} = \\frac{{{high}}}{{{total}}}"
            + ("" if gcd(high, total) == 1 else f" = {latex_number(Fraction(high, total))}")
            + "$$",
        ]
        return Draft(
            prompt=f"$C$ is the covariance matrix of centred two-dimensional data. What "
            "fraction of the total variance does the first principal component explain?\n\n"
            f"$$C = {latex_matrix(c)}$$",
            kind="number",
            expected=expected,
            data={"ask": "explained", "C": json_matrix(c)},
            hints=[
                "The principal components are the eigenvectors of C; their variances are the "
                "eigenvalues.",
                "Total variance = tr C = λ₁ + λ₂; the share of the first is λ₁ / tr C.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _rank_one(self, rng: np.random.Generator) -> Draft:
        u = rotation(rng, [(3, 4, 5), (4, 3, 5)])
        v = rotation(rng) if rng.random() < 0.5 else signed_permutation(rng, 2)
        while True:
            sigma = sorted((draw_int(rng, 1, 9) for _ in range(2)), reverse=True)
            if sigma[0] > sigma[1]:
                break
        s = diagonal(sigma)
        a = mat_mul(mat_mul(u, s), transpose(v))
        u1 = [row[0] for row in u]
        v1 = [row[0] for row in v]
        best = scaled(outer(u1, v1), sigma[0])
        expected = matrix_text(best)
        u2 = [row[1] for row in u]
        v2 = [row[1] for row in v]
        wrong = [
            Misconception(
                "misconception:smallest-singular-value",
                matrix_text(scaled(outer(u2, v2), sigma[1])),
                "That keeps σ₂u₂v₂ᵀ, the smallest term. Eckart–Young keeps the largest "
                "singular value: A₁ = σ₁u₁v₁ᵀ.",
            ),
            Misconception(
                "misconception:rows-of-factors",
                matrix_text(scaled(outer(u[0], v[0]), sigma[0])),
                "u₁ and v₁ are the first columns of U and V, not their first rows.",
            ),
            Misconception(
                "misconception:transposed-outer",
                matrix_text(scaled(outer(v1, u1), sigma[0])),
                "That is σ₁v₁u₁ᵀ, the transpose: the approximation of A is σ₁u₁v₁ᵀ, left "
                "singular vector first.",
            ),
        ]
        solution = [
            "By Eckart–Young, the best rank-1 approximation (in the Frobenius and the spectral "
            "norm) keeps the largest term of $A = \\sum_i \\sigma_i u_i v_i^T$: "
            "$A_1 = \\sigma_1 u_1 v_1^T$, with $u_1, v_1$ the first columns of $U$ and $V$.",
            f"$$A_1 = {sigma[0]} \\cdot {latex_matrix([[x] for x in u1])} "
            f"{latex_matrix([v1])} = {latex_matrix(best)}$$",
            f"The error is $A - A_1 = \\sigma_2 u_2 v_2^T$, of norm $\\sigma_2 = {sigma[1]}$.",
        ]
        return Draft(
            prompt="$A = U \\Sigma V^T$ is a singular value decomposition. Find the best "
            "rank-1 approximation of $A$ (in the Frobenius norm).\n\n"
            + latex_named([("U", u), ("\\Sigma", s), ("V", v)]),
            kind="matrix",
            expected=expected,
            data={
                "ask": "rank-one",
                "U": json_matrix(u),
                "S": json_matrix(s),
                "V": json_matrix(v),
                "A": json_matrix(a),
            },
            hints=[
                "A = σ₁u₁v₁ᵀ + σ₂u₂v₂ᵀ; keep the term with the largest singular value.",
                "u₁ and v₁ are the first columns of U and V.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _error(self, rng: np.random.Generator) -> Draft:
        while True:
            v = embedded_rotation(rng, 3, [(3, 4, 5), (4, 3, 5)])  # σ's of 5k clear fifths
            u = signed_permutation(rng, 3)
            plane = [i for i in range(3) if sum(1 for row in v if row[i] not in (0, 1, -1))]
            sigma = [
                5 * draw_int(rng, 1, 3) if i in plane else draw_int(rng, 1, 12) for i in range(3)
            ]
            if len(set(sigma)) == 3:
                a = mat_mul(mat_mul(u, diagonal(sigma)), transpose(v))
                if all(x.denominator == 1 for row in a for x in row):
                    break
        ordered = sorted(sigma, reverse=True)
        k = pick(rng, [1, 2])
        norm = pick(rng, ["fro", "2"]) if k == 1 else "fro"
        rest = ordered[k:]
        squares = sum(s * s for s in rest)
        if norm == "fro":
            expected, latex_value = sqrt_text(squares), sqrt_latex(squares)
        else:
            expected = latex_value = str(ordered[k])
        wrong = [
            Misconception(
                "misconception:kept-singular-value",
                str(ordered[k - 1]),
                f"σ{k} is kept by A_{k}; the error is made of the discarded singular values, "
                f"from σ{k + 1} on.",
            ),
            Misconception(
                "misconception:missing-root",
                str(squares),
                "That is the squared error ‖A − A_k‖_F²; take the square root.",
            ),
            Misconception(
                "misconception:sum-of-singular-values",
                str(sum(rest)),
                "The Frobenius error is √(Σ σᵢ²) over the discarded σᵢ, not their sum.",
            ),
        ]
        if norm == "2":
            wrong.append(
                Misconception(
                    "misconception:frobenius-for-spectral",
                    sqrt_text(squares),
                    "That is the Frobenius error; in the spectral norm the error is the largest "
                    "discarded singular value alone.",
                )
            )
        else:
            wrong.append(
                Misconception(
                    "misconception:spectral-for-frobenius",
                    str(ordered[k]),
                    "That is the spectral-norm error σₖ₊₁; the Frobenius error includes every "
                    "discarded singular value.",
                )
            )
        gram = mat_mul(transpose(a), a)
        norm_latex = "F" if norm == "fro" else "2"
        formula = (
            "\\sqrt{" + " + ".join(f"{s}^2" for s in rest) + "}"
            if norm == "fro"
            else f"\\sigma_{k + 1}"
        )
        solution = [
            "By Eckart–Young the best rank-$k$ approximation $A_k$ keeps the $k$ largest "
            "singular values; the error is $\\lVert A - A_k \\rVert_2 = \\sigma_{k+1}$ and "
            "$\\lVert A - A_k \\rVert_F = \\sqrt{\\sigma_{k+1}^2 + \\dots}$.",
            f"The singular values are the square roots of the eigenvalues of $A^T A = "
            f"{latex_matrix(gram)}$, which are ${', '.join(str(s * s) for s in ordered)}$, so "
            f"$\\sigma = {', '.join(str(s) for s in ordered)}$.",
            f"$$\\lVert A - A_{k} \\rVert_{norm_latex} = {formula} = {latex_value}$$",
        ]
        return Draft(
            prompt=f"$A_{k}$ is the best rank-{k} approximation of $A$. Find "
            f"$\\lVert A - A_{k} \\rVert_{norm_latex}$.\n\n$$A = {latex_matrix(a)}$$",
            kind="number",
            expected=expected,
            data={"ask": "error", "A": json_matrix(a), "k": k, "norm": norm},
            hints=[
                "Find the singular values: square roots of the eigenvalues of AᵀA (here AᵀA "
                "splits into a 1×1 and a 2×2 block up to ordering).",
                "Eckart–Young: the error of A_k consists of the singular values after the k-th.",
                "Spectral norm: σₖ₊₁. Frobenius norm: √(σₖ₊₁² + …).",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
            tolerance=1e-6 if "sqrt" in expected else None,
        )
